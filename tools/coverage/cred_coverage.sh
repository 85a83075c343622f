#!/bin/sh
# Branch coverage of cred/cred.c by its host unit tests
# (tests/unit/test_cred.cc), measured with gcc --coverage and gcov -b.
# Prints gcov's summary and fails when fewer than MIN percent of the
# branches were taken at least once.
#   usage: cred_coverage.sh REPO_ROOT OUT_DIR [MIN]
set -eu
ROOT=$1
OUT=$2
MIN=${3:-95}
rm -rf "$OUT"
mkdir -p "$OUT"
cd "$OUT"
GTEST_INC=$(dirname "$(dirname "$(find /usr/include -name gtest.h -path '*gtest/gtest.h' | head -n 1)")")
FLAGS="-O0 -g --coverage -DCUB_HOST -I$ROOT/core -I$ROOT"
gcc $FLAGS -std=gnu11 -c "$ROOT/cred/cred.c" -o cred.o
gcc $FLAGS -std=gnu11 -c "$ROOT/tools/coverage/kmalloc_shim.c" -o kmalloc_shim.o
g++ $FLAGS -std=gnu++17 -I"$GTEST_INC" -c "$ROOT/tests/unit/test_cred.cc" -o test_cred.o
g++ --coverage cred.o kmalloc_shim.o test_cred.o -lgtest -lgtest_main -pthread -o cred_tests
./cred_tests --gtest_brief=1 >tests.log 2>&1 || { cat tests.log; exit 1; }
gcov -b -o . "$ROOT/cred/cred.c" >gcov.txt 2>&1
# The summary for cred.c itself (gcov also lists headers it saw).
summary=$(awk '/^File .*cred\/cred\.c/ {on = 1; next} /^File / {on = 0} on && /^(Lines|Branches|Taken|Calls)/' gcov.txt | sort -u)
echo "cred/cred.c (host unit tests):"
echo "$summary" | sed 's/^/  /'
taken=$(echo "$summary" | sed -n 's/^Taken at least once:\([0-9.]*\)%.*/\1/p')
[ -n "$taken" ] || { echo "cred_coverage: no branch figures from gcov" >&2; cat gcov.txt >&2; exit 1; }
if awk -v t="$taken" -v m="$MIN" 'BEGIN { exit !(t + 0 < m + 0) }'; then
	echo "cred_coverage: branches taken ${taken}% < ${MIN}%" >&2
	exit 1
fi
echo "cred_coverage: branches taken ${taken}% (at least ${MIN}% required)"
