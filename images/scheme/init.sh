#!/bin/sh
# Runs the scheme tree's tests; the words after "--" on the kernel command
# line go to the binary (e.g. --gtest_filter=SchemeProc.*).  The exit
# status, 0 only when every test passed, becomes QEMU's.
PATH=/bin
cd /tmp
/bin/scheme_test "$@"
