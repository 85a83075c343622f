// kill(2) permission: an unprivileged sender's real or effective uid must
// equal the target's real or saved uid (the target's effective uid does not
// count, nor the sender's saved uid); SIGCONT is also allowed within the
// sender's session.  Only kill(pid, 0) and signals to this test's own
// children are ever sent.
#include "cred.h"

namespace cub {
namespace {

struct KillCase {
  const char* name;
  unsigned tr, te, ts;  // target uids
  unsigned sr, se, ss;  // sender uids
  int sig;
  bool new_session;     // the sender calls setsid() first
  int err;              // 0: kill succeeds
};

const KillCase kKillCases[] = {
    {"SameUid", 1000, 1000, 1000, 1000, 1000, 1000, 0, false, 0},
    {"UserToRootIsEperm", 0, 0, 0, 1000, 1000, 1000, 0, false, EPERM},
    {"UserToOtherUserIsEperm", 2000, 2000, 2000, 1000, 1000, 1000, 0, false, EPERM},
    {"TargetRealMatches", 1000, 0, 0, 1000, 1000, 1000, 0, false, 0},
    {"TargetSavedMatches", 0, 0, 1000, 1000, 1000, 1000, 0, false, 0},
    {"TargetEffectiveDoesNotCount", 0, 1000, 0, 1000, 1000, 1000, 0, false, EPERM},
    {"SenderEffectiveMatchesTargetReal", 1000, 2000, 2000, 3000, 1000, 3000, 0, false, 0},
    {"SenderRealMatchesTargetReal", 1000, 2000, 2000, 1000, 3000, 3000, 0, false, 0},
    {"SenderEffectiveMatchesTargetSaved", 2000, 2000, 1000, 3000, 1000, 3000, 0, false, 0},
    {"SenderRealMatchesTargetSaved", 2000, 2000, 1000, 1000, 3000, 3000, 0, false, 0},
    {"SenderSavedDoesNotCount", 1000, 1000, 1000, 2000, 2000, 1000, 0, false, EPERM},
    {"SenderEffectiveRootMaySignalAnyone", 2000, 2000, 2000, 1000, 0, 1000, 0, false, 0},
    {"SenderRealRootIsNotPrivileged", 2000, 2000, 2000, 0, 1000, 1000, 0, false, EPERM},
    {"SenderRealRootMatchesRootTarget", 0, 0, 0, 0, 1000, 1000, 0, false, 0},
    {"RealSignalDeniedToRoot", 0, 0, 0, 1000, 1000, 1000, SIGUSR1, false, EPERM},
    {"SigcontAllowedInSameSession", 0, 0, 0, 1000, 1000, 1000, SIGCONT, false, 0},
    {"SigcontDeniedFromOtherSession", 0, 0, 0, 1000, 1000, 1000, SIGCONT, true, EPERM},
    {"SigcontSameUidFromOtherSession", 1000, 1000, 1000, 1000, 1000, 1000, SIGCONT, true, 0},
    {"NullSignalSameUidFromOtherSession", 1000, 1000, 1000, 1000, 1000, 1000, 0, true, 0},
};

// gtest prints a failing parameter through this: its name, not its bytes.
void PrintTo(const KillCase& c, std::ostream* os) { *os << c.name; }

class KillPermission : public testing::TestWithParam<KillCase> {};

TEST_P(KillPermission, Case) {
  const KillCase& c = GetParam();
  int ready[2], release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  pid_t target = StartChild([&] {
    close(ready[0]);
    close(release[1]);
    CHILD_CHECK(RawSetresuid(c.tr, c.te, c.ts) == 0);
    CHILD_CHECK(write(ready[1], "x", 1) == 1);
    char ch;
    while (read(release[0], &ch, 1) > 0) {
    }
    return 0;
  });
  ASSERT_GT(target, 0);
  close(ready[1]);
  close(release[0]);
  char ch;
  ASSERT_EQ(read(ready[0], &ch, 1), 1);
  close(ready[0]);
  int status = RunInChild([&] {
    close(release[1]);
    if (c.new_session) CHILD_CHECK(setsid() == getpid());
    CHILD_CHECK(RawSetresuid(c.sr, c.se, c.ss) == 0);
    if (c.err == 0)
      CHILD_CHECK(kill(target, c.sig) == 0);
    else
      CHILD_CHECK_ERRNO(kill(target, c.sig), c.err);
    return 0;
  });
  EXPECT_EXIT0(status);
  close(release[1]);
  // A denied signal was not delivered; SIGCONT to a running process does
  // nothing, so the target always ends normally.
  EXPECT_EXIT0(WaitStatus(target));
}

INSTANTIATE_TEST_SUITE_P(
    Cred, KillPermission, testing::ValuesIn(kKillCases),
    [](const testing::TestParamInfo<KillCase>& info) {
      return std::string(info.param.name);
    });

TEST(CredKill, UserMaySignalItself) {
  EXPECT_EXIT0(RunInChild([] {
    BecomeUser(1000, 1000);
    CHILD_CHECK(kill(getpid(), 0) == 0);
    return 0;
  }));
}

TEST(CredKill, UserCannotProbeRootParent) {
  // The parent is this (root) test process: only kill(pid, 0).
  pid_t parent = getpid();
  EXPECT_EXIT0(RunInChild([parent] {
    BecomeUser(1000, 1000);
    CHILD_CHECK_ERRNO(kill(parent, 0), EPERM);
    return 0;
  }));
}

TEST(CredKill, MissingProcessIsEsrchNotEperm) {
  pid_t gone = StartChild([] { return 0; });
  ASSERT_GT(gone, 0);
  EXPECT_EXIT0(WaitStatus(gone));
  EXPECT_EXIT0(RunInChild([gone] {
    BecomeUser(1000, 1000);
    CHILD_CHECK_ERRNO(kill(gone, 0), ESRCH);
    return 0;
  }));
}

TEST(CredKill, UserSignalDeliveredToSameUidProcess) {
  int ready[2], release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  pid_t target = StartChild([&] {
    close(ready[0]);
    close(release[1]);
    BecomeUser(1000, 1000);
    CHILD_CHECK(write(ready[1], "x", 1) == 1);
    char ch;
    while (read(release[0], &ch, 1) > 0) {
    }
    return 0;
  });
  ASSERT_GT(target, 0);
  close(ready[1]);
  close(release[0]);
  char ch;
  ASSERT_EQ(read(ready[0], &ch, 1), 1);
  close(ready[0]);
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(1000, 1000);
    CHILD_CHECK(kill(target, SIGUSR1) == 0);
    return 0;
  }));
  int status = WaitStatus(target);
  close(release[1]);
  EXPECT_KILLED_BY(status, SIGUSR1);
}

TEST(CredKill, GidsDoNotCount) {
  // Same gids, different uids: EPERM.
  int ready[2], release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  pid_t target = StartChild([&] {
    close(ready[0]);
    close(release[1]);
    BecomeUser(2000, 1000);
    CHILD_CHECK(write(ready[1], "x", 1) == 1);
    char ch;
    while (read(release[0], &ch, 1) > 0) {
    }
    return 0;
  });
  ASSERT_GT(target, 0);
  close(ready[1]);
  close(release[0]);
  char ch;
  ASSERT_EQ(read(ready[0], &ch, 1), 1);
  close(ready[0]);
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(1000, 1000);
    CHILD_CHECK_ERRNO(kill(target, 0), EPERM);
    return 0;
  }));
  close(release[1]);
  EXPECT_EXIT0(WaitStatus(target));
}

}  // namespace
}  // namespace cub
