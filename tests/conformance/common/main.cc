// main() for every conformance binary.
//
// Before GoogleTest sees the command line, it checks for the helper flag
// (--cub-helper=NAME): tests re-execute their own binary through
// /proc/self/exe to run a small helper (print argv, check signal
// dispositions after execve, ...), and that run must not start the tests.
// This replaces libgtest_main's main().
//
// The cred suite runs set-user-ID copies of its binary (owned by root and
// other uids, in a TempDir other users can reach while the test runs).  A
// set-id start (AT_SECURE) may only run a helper: GoogleTest would accept
// any --gtest_output path or GTEST_* variable from whoever started it, and
// write that file with the raised ids.
#include <stdio.h>
#include <sys/auxv.h>

#include <gtest/gtest.h>

#include "conformance.h"

int main(int argc, char** argv) {
  int status;
  if (cub::MaybeRunHelper(argc, argv, &status)) return status;
  if (getauxval(AT_SECURE)) {
    fprintf(stderr, "%s: a set-id start only runs helpers\n", argv[0]);
    return 126;
  }
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
