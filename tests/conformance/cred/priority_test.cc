// setpriority/getpriority with credentials.  Linux (kernel/sys.c,
// set_one_prio): the caller may change a process's nice value only if the
// caller's effective uid equals the target's real or effective uid (not its
// saved uid; the caller's real and saved uids do not count; gids never do),
// or the caller is root (CAP_SYS_NICE: euid 0) -- else EPERM.  Lowering the
// nice value below the target's current one needs root or the target's
// RLIMIT_NICE (setpriority(2): "the RLIMIT_NICE soft resource limit
// (setrlimit(2)) defines a ceiling on the unprivileged process's nice
// value"; the limit is 20 - nice, and every target here sets it to 0,
// which allows no lowering at all) -- else EACCES, checked after EPERM.
// getpriority needs no permission.  PRIO_USER selects by real uid.
//
// Every caller is a forked child; its targets are its own children, which
// set their nice value and ids (as root) and wait on a pipe.  PRIO_USER
// reaches every process of a uid on the machine, so those tests use uids
// no other process has: 2000000000 + the test's pid (and 3000000000 +
// pid), checked to have no process first (ESRCH).
#include <sys/resource.h>

#include "cred.h"

namespace cub {
namespace {

struct Who {
  unsigned ruid, euid, suid;
  unsigned gid = 1000;
};

// In a (root) child: becomes who, without supplementary groups.
void Become(const Who& w) {
  CHILD_CHECK(setgroups(0, nullptr) == 0);
  CHILD_CHECK(setresgid(w.gid, w.gid, w.gid) == 0);
  CHILD_CHECK(setresuid(w.ruid, w.euid, w.suid) == 0);
}

// The nice value of pid (0: the caller).
int Nice(id_t pid, int which = PRIO_PROCESS) {
  errno = 0;
  int n = getpriority(which, pid);
  CHILD_CHECK(errno == 0);
  return n;
}

// A caller's children that wait until released.
class Targets {
 public:
  Targets() { CHILD_CHECK(pipe(release_) == 0); }
  ~Targets() { Release(); }

  // Starts a target with this nice value and these ids; pgrp >= 0 puts it
  // in process group pgrp (0: a new group it leads).  Returns its pid once
  // it is ready.
  pid_t Start(const Who& w, int nice, pid_t pgrp = -1) {
    int ready[2];
    CHILD_CHECK(pipe(ready) == 0);
    pid_t pid = fork();
    CHILD_CHECK(pid >= 0);
    if (pid == 0) {
      close(release_[1]);
      close(ready[0]);
      if (pgrp >= 0) CHILD_CHECK(setpgid(0, pgrp) == 0);
      struct rlimit zero = {0, 0};
      CHILD_CHECK(setrlimit(RLIMIT_NICE, &zero) == 0);
      CHILD_CHECK(setpriority(PRIO_PROCESS, 0, nice) == 0);
      Become(w);
      CHILD_CHECK(write(ready[1], "x", 1) == 1);
      char c;
      while (read(release_[0], &c, 1) > 0) {
      }
      _exit(0);
    }
    close(ready[1]);
    char c;
    CHILD_CHECK(read(ready[0], &c, 1) == 1);
    close(ready[0]);
    pids_.push_back(pid);
    return pid;
  }

  // Ends and reaps every target.
  void Release() {
    if (release_[1] >= 0) {
      close(release_[1]);
      close(release_[0]);
      release_[1] = -1;
    }
    for (pid_t p : pids_) CHILD_CHECK(WaitStatus(p) == 0);
    pids_.clear();
  }

 private:
  int release_[2] = {-1, -1};
  std::vector<pid_t> pids_;
};

// ---------------------------------------------------------------------
// PRIO_PROCESS: one table.

struct PrioCase {
  const char* name;
  Who caller, target;
  int nice;  // the target's nice value before
  int to;    // setpriority's argument
  int err;
  int want;  // the target's nice value afterwards
};
void PrintTo(const PrioCase& c, std::ostream* os) { *os << c.name; }

const Who kU1000{1000, 1000, 1000};
const Who kU2000{2000, 2000, 2000, 2000};
const Who kRootWho{0, 0, 0, 0};

const PrioCase kPrioCases[] = {
    {"SameUidRaises", kU1000, kU1000, 5, 10, 0, 10},
    {"SameUidSameValue", kU1000, kU1000, 5, 5, 0, 5},
    {"CallerEuidIsTargetRealUid", kU1000, {1000, 2000, 2000}, 5, 10, 0, 10},
    {"CallerEuidIsTargetEffectiveUid", kU1000, {2000, 1000, 2000}, 5, 10, 0, 10},
    {"TargetSavedUidDoesNotCount", kU1000, {2000, 2000, 1000}, 5, 10, EPERM, 5},
    {"CallerRealUidDoesNotCount", {1000, 2000, 2000}, kU1000, 5, 10, EPERM, 5},
    {"CallerSavedUidDoesNotCount", {2000, 2000, 1000}, kU1000, 5, 10, EPERM, 5},
    {"CallerEffectiveUidCounts", {2000, 1000, 2000}, kU1000, 5, 10, 0, 10},
    {"OtherUserIsEperm", kU1000, kU2000, 5, 10, EPERM, 5},
    {"SameGidDoesNotCount", kU1000, {2000, 2000, 2000, 1000}, 5, 10, EPERM, 5},
    {"UserCannotTouchRoot", kU1000, kRootWho, 5, 10, EPERM, 5},
    {"RootRaisesAnyone", kRootWho, kU2000, 5, 10, 0, 10},
    {"RootLowersAnyone", kRootWho, kU2000, 5, -5, 0, -5},
    {"RootClampsToMinus20", kRootWho, kU2000, 5, -100, 0, -20},
    {"EffectiveRootIsPrivileged", {1000, 0, 1000}, kU2000, 5, -5, 0, -5},
    {"RealAndSavedRootAreNotPrivileged", {0, 1000, 0}, kU2000, 5, 10, EPERM, 5},
    {"LoweringIsEacces", kU1000, kU1000, 5, 4, EACCES, 5},
    {"LoweringToZeroIsEacces", kU1000, kU1000, 5, 0, EACCES, 5},
    {"LoweringThroughEffectiveUidIsEacces", kU1000, {2000, 1000, 2000}, 5, 0, EACCES, 5},
    {"EpermComesBeforeEacces", kU1000, kU2000, 5, 0, EPERM, 5},
    {"ClampsTo19", kU1000, kU1000, 5, 100, 0, 19},
    {"ClampedLoweringIsEacces", kU1000, kU1000, 19, -100, EACCES, 19},
    {"RaisingFromNegative", kU1000, kU1000, -5, 0, 0, 0},
    {"LoweringFromNegativeIsEacces", kU1000, kU1000, -5, -6, EACCES, -5},
};

class CredPriority : public testing::TestWithParam<PrioCase> {};

TEST_P(CredPriority, SetOtherProcess) {
  const PrioCase& c = GetParam();
  EXPECT_EXIT0(RunInChild([&] {
    Targets t;
    pid_t pid = t.Start(c.target, c.nice);
    Become(c.caller);
    CHILD_CHECK(Nice(pid) == c.nice);
    if (c.err)
      CHILD_CHECK_ERRNO(setpriority(PRIO_PROCESS, pid, c.to), c.err);
    else
      CHILD_CHECK(setpriority(PRIO_PROCESS, pid, c.to) == 0);
    int got = Nice(pid);
    if (got != c.want) {
      dprintf(2, "nice is %d, expected %d\n", got, c.want);
      return kChildCheckFailed;
    }
    t.Release();
    return 0;
  }));
}

INSTANTIATE_TEST_SUITE_P(Cred, CredPriority, testing::ValuesIn(kPrioCases),
                         [](const testing::TestParamInfo<PrioCase>& i) {
                           return std::string(i.param.name);
                         });

// ---------------------------------------------------------------------
// The caller itself, process groups, PRIO_USER.

TEST(CredPriorityMore, UserRaisesOwnNiceButCannotLowerIt) {
  EXPECT_EXIT0(RunInChild([] {
    struct rlimit zero = {0, 0};
    CHILD_CHECK(setrlimit(RLIMIT_NICE, &zero) == 0);
    CHILD_CHECK(setpriority(PRIO_PROCESS, 0, 0) == 0);
    Become(kU1000);
    CHILD_CHECK(setpriority(PRIO_PROCESS, 0, 10) == 0);
    CHILD_CHECK(Nice(0) == 10);
    CHILD_CHECK(Nice(getpid()) == 10);
    CHILD_CHECK_ERRNO(setpriority(PRIO_PROCESS, 0, 9), EACCES);
    CHILD_CHECK_ERRNO(setpriority(PRIO_PROCESS, getpid(), 0), EACCES);
    CHILD_CHECK(setpriority(PRIO_PROCESS, 0, 10) == 0);
    CHILD_CHECK(Nice(0) == 10);
    return 0;
  }));
}

TEST(CredPriorityMore, RootLowersOwnNice) {
  EXPECT_EXIT0(RunInChild([] {
    struct rlimit zero = {0, 0};
    CHILD_CHECK(setrlimit(RLIMIT_NICE, &zero) == 0);
    CHILD_CHECK(setpriority(PRIO_PROCESS, 0, 10) == 0);
    CHILD_CHECK(setpriority(PRIO_PROCESS, 0, -20) == 0);
    CHILD_CHECK(Nice(0) == -20);
    return 0;
  }));
}

TEST(CredPriorityMore, NiceSurvivesIdChange) {
  // The nice value is not a credential: dropping ids keeps it, and a
  // process that dropped to a user cannot get a lower one back.
  EXPECT_EXIT0(RunInChild([] {
    struct rlimit zero = {0, 0};
    CHILD_CHECK(setrlimit(RLIMIT_NICE, &zero) == 0);
    CHILD_CHECK(setpriority(PRIO_PROCESS, 0, -3) == 0);
    Become({1000, 1000, 0});
    CHILD_CHECK(Nice(0) == -3);
    CHILD_CHECK(setpriority(PRIO_PROCESS, 0, 2) == 0);
    CHILD_CHECK_ERRNO(setpriority(PRIO_PROCESS, 0, -3), EACCES);
    // Root again through the saved uid: lowering works.
    CHILD_CHECK(setresuid(N, 0, N) == 0);
    CHILD_CHECK(setpriority(PRIO_PROCESS, 0, -3) == 0);
    CHILD_CHECK(Nice(0) == -3);
    return 0;
  }));
}

TEST(CredPriorityMore, GetpriorityNeedsNoPermission) {
  EXPECT_EXIT0(RunInChild([] {
    Targets t;
    pid_t root = t.Start(kRootWho, 7), other = t.Start(kU2000, -4);
    Become(kU1000);
    CHILD_CHECK(Nice(root) == 7);
    CHILD_CHECK(Nice(other) == -4);
    t.Release();
    return 0;
  }));
}

TEST(CredPriorityMore, BadWhichIsEinval) {
  EXPECT_EXIT0(RunInChild([] {
    Become(kU1000);
    CHILD_CHECK_ERRNO(setpriority((__priority_which_t)3, 0, 10), EINVAL);
    errno = 0;
    CHILD_CHECK(getpriority((__priority_which_t)3, 0) == -1 && errno == EINVAL);
    return 0;
  }));
}

TEST(CredPriorityMore, ProcessGroupAllPermitted) {
  EXPECT_EXIT0(RunInChild([] {
    Targets t;
    pid_t a = t.Start(kU1000, 3, 0);
    pid_t b = t.Start({2000, 1000, 2000}, 5, a);
    Become(kU1000);
    CHILD_CHECK(Nice(a, PRIO_PGRP) == 3);  // the lowest nice value
    CHILD_CHECK(setpriority(PRIO_PGRP, a, 8) == 0);
    CHILD_CHECK(Nice(a) == 8 && Nice(b) == 8);
    t.Release();
    return 0;
  }));
}

TEST(CredPriorityMore, ProcessGroupOneRefusedIsEpermOthersChanged) {
  // Each member is tried; the call fails if one is refused, and the others
  // have changed anyway.
  EXPECT_EXIT0(RunInChild([] {
    Targets t;
    pid_t a = t.Start(kU1000, 3, 0);
    pid_t b = t.Start(kU2000, 5, a);
    pid_t c = t.Start(kU1000, 4, a);
    Become(kU1000);
    CHILD_CHECK_ERRNO(setpriority(PRIO_PGRP, a, 9), EPERM);
    CHILD_CHECK(Nice(a) == 9 && Nice(c) == 9);
    CHILD_CHECK(Nice(b) == 5);
    t.Release();
    return 0;
  }));
}

TEST(CredPriorityMore, ProcessGroupLoweringIsEacces) {
  EXPECT_EXIT0(RunInChild([] {
    Targets t;
    pid_t a = t.Start(kU1000, 5, 0);
    t.Start(kU1000, 5, a);
    Become(kU1000);
    CHILD_CHECK_ERRNO(setpriority(PRIO_PGRP, a, 1), EACCES);
    CHILD_CHECK(Nice(a, PRIO_PGRP) == 5);
    t.Release();
    return 0;
  }));
}

TEST(CredPriorityMore, RootSetsProcessGroup) {
  EXPECT_EXIT0(RunInChild([] {
    Targets t;
    pid_t a = t.Start(kU1000, 3, 0);
    pid_t b = t.Start(kU2000, 5, a);
    CHILD_CHECK(setpriority(PRIO_PGRP, a, -2) == 0);
    CHILD_CHECK(Nice(a) == -2 && Nice(b) == -2);
    t.Release();
    return 0;
  }));
}

// Uids no other process on the machine has (see the top of the file).
unsigned UniqueUid() { return 2000000000u + (unsigned)getpid(); }
unsigned OtherUniqueUid() { return 3000000000u + (unsigned)getpid(); }

// In a child: no process has real uid u (getpriority says ESRCH).
void CheckNoProcessOf(unsigned u) {
  errno = 0;
  CHILD_CHECK(getpriority(PRIO_USER, u) == -1 && errno == ESRCH);
}

TEST(CredPriorityUser, NoProcessIsEsrch) {
  unsigned u = UniqueUid();
  EXPECT_EXIT0(RunInChild([&] {
    CheckNoProcessOf(u);
    CHILD_CHECK_ERRNO(setpriority(PRIO_USER, u, 10), ESRCH);
    Become(kU1000);
    CHILD_CHECK_ERRNO(setpriority(PRIO_USER, u, 10), ESRCH);
    return 0;
  }));
}

TEST(CredPriorityUser, RootSetsEveryProcessOfTheRealUid) {
  unsigned u = UniqueUid();
  EXPECT_EXIT0(RunInChild([&] {
    CheckNoProcessOf(u);
    Targets t;
    pid_t a = t.Start({u, u, u, u}, 3);
    pid_t b = t.Start({u, 2000, 2000, u}, 5);
    // Effective uid u only: not selected.
    pid_t c = t.Start({2000, u, u, u}, 6);
    CHILD_CHECK(Nice(u, PRIO_USER) == 3);  // the lowest nice value
    CHILD_CHECK(setpriority(PRIO_USER, u, 8) == 0);
    CHILD_CHECK(Nice(a) == 8 && Nice(b) == 8);
    CHILD_CHECK(Nice(c) == 6);
    CHILD_CHECK(Nice(u, PRIO_USER) == 8);
    t.Release();
    return 0;
  }));
}

TEST(CredPriorityUser, UserSetsOwnProcesses) {
  unsigned u = UniqueUid();
  EXPECT_EXIT0(RunInChild([&] {
    CheckNoProcessOf(u);
    CHILD_CHECK(setpriority(PRIO_PROCESS, 0, 1) == 0);
    Targets t;
    pid_t a = t.Start({u, u, u, u}, 3);
    pid_t b = t.Start({u, u, u, u}, 5);
    // The caller has real uid u too: it is changed with them.
    Become({u, u, u, u});
    CHILD_CHECK(setpriority(PRIO_USER, u, 9) == 0);
    CHILD_CHECK(Nice(a) == 9 && Nice(b) == 9 && Nice(0) == 9);
    CHILD_CHECK_ERRNO(setpriority(PRIO_USER, u, 8), EACCES);
    CHILD_CHECK(Nice(a) == 9 && Nice(b) == 9);
    t.Release();
    return 0;
  }));
}

TEST(CredPriorityUser, WhoZeroIsTheCallersRealUid) {
  unsigned u = UniqueUid(), v = OtherUniqueUid();
  EXPECT_EXIT0(RunInChild([&] {
    CheckNoProcessOf(u);
    CheckNoProcessOf(v);
    CHILD_CHECK(setpriority(PRIO_PROCESS, 0, 1) == 0);
    Targets t;
    pid_t a = t.Start({u, u, u, u}, 3);
    pid_t b = t.Start({v, v, v, v}, 3);
    // Real uid u, effective v: "0" means u, so a and the caller.  a's
    // real and effective uids are not the caller's effective uid: a is
    // refused; the caller (effective uid v) is changed.
    Become({u, v, u, u});
    CHILD_CHECK_ERRNO(setpriority(PRIO_USER, 0, 9), EPERM);
    CHILD_CHECK(Nice(a) == 3 && Nice(b) == 3 && Nice(0) == 9);
    CHILD_CHECK(Nice(u, PRIO_USER) == 3);
    CHILD_CHECK(setresuid(N, u, N) == 0);
    CHILD_CHECK(setpriority(PRIO_USER, 0, 9) == 0);
    CHILD_CHECK(Nice(a) == 9 && Nice(0) == 9 && Nice(b) == 3);
    t.Release();
    return 0;
  }));
}

TEST(CredPriorityUser, OtherUsersProcessesAreEperm) {
  unsigned u = UniqueUid(), v = OtherUniqueUid();
  EXPECT_EXIT0(RunInChild([&] {
    CheckNoProcessOf(u);
    CheckNoProcessOf(v);
    Targets t;
    pid_t a = t.Start({u, u, u, u}, 3);
    Become({v, v, v, v});
    CHILD_CHECK_ERRNO(setpriority(PRIO_USER, u, 9), EPERM);
    CHILD_CHECK(Nice(a) == 3);
    CHILD_CHECK(Nice(u, PRIO_USER) == 3);  // reading needs no permission
    t.Release();
    return 0;
  }));
}

}  // namespace
}  // namespace cub
