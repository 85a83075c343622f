#!/bin/sh
# Runs the scheme tree's tests; the words after "--" on the kernel command
# line go to the binary (e.g. --gtest_filter=SchemeProc.*).  The exit
# status, 0 only when every test passed, becomes QEMU's.
#
# With the argument kstop ("-- kstop"), init instead powers the machine
# off through /scheme/sys/kstop; if the write returns, that is a failure.
PATH=/bin
cd /tmp
if [ "$1" = kstop ]; then
	echo stop > /scheme/sys/kstop
	echo "scheme: kstop returned"
	exit 1
fi
/bin/scheme_test "$@"
