#!/bin/sh
# Runs each language-runtime program (tests/user/langs_*); each prints
# GoogleTest-format lines and exits with its number of failed tests.
# Exits 0 only if every program passed, so the QEMU status is the verdict.
PATH=/bin
status=0
for prog in langs_musl langs_cxx; do
	echo "=== $prog"
	/bin/$prog || { echo "=== $prog failed: status $?"; status=1; }
done
exit $status
