// main() for every conformance binary.
//
// Before GoogleTest sees the command line, it checks for the helper flag
// (--cub-helper=NAME): tests re-execute their own binary through
// /proc/self/exe to run a small helper (print argv, check signal
// dispositions after execve, ...), and that run must not start the tests.
// This replaces libgtest_main's main().
#include <gtest/gtest.h>

#include "conformance.h"

int main(int argc, char** argv) {
  int status;
  if (cub::MaybeRunHelper(argc, argv, &status)) return status;
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
