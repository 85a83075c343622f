// System information and scheduling: uname, sysinfo, getrandom,
// sched_yield, sched_getaffinity and friends, getrlimit/prlimit64,
// getpriority/setpriority.
#include <sched.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include <set>

#include "conformance.h"

namespace cub {
namespace {

TEST(Uname, FieldsAreFilledAndTheSystemIsLinux) {
  struct utsname u;
  memset(&u, 0x7f, sizeof u);
  ASSERT_EQ(uname(&u), 0);
  EXPECT_STREQ(u.sysname, "Linux");
  EXPECT_STREQ(u.machine, "x86_64");
  for (const char* field : {u.sysname, u.nodename, u.release, u.version, u.machine}) {
    size_t len = strnlen(field, sizeof u.sysname);
    EXPECT_LT(len, sizeof u.sysname) << "NUL-terminated";
    EXPECT_GT(len, 0u);
  }
  // glibc and others parse the release as a version number.
  int major = 0, minor = 0;
  EXPECT_EQ(sscanf(u.release, "%d.%d", &major, &minor), 2) << u.release;
  EXPECT_GE(major, 3);
}

TEST(Uname, NodenameMatchesGethostname) {
  struct utsname u;
  ASSERT_EQ(uname(&u), 0);
  char host[256];
  ASSERT_EQ(gethostname(host, sizeof host), 0);
  EXPECT_STREQ(host, u.nodename);
}

TEST(Sysinfo, ValuesAreSane) {
  struct sysinfo si;
  memset(&si, 0xff, sizeof si);
  ASSERT_EQ(sysinfo(&si), 0);
  EXPECT_GE(si.mem_unit, 1u);
  EXPECT_GT(si.totalram, 0u);
  EXPECT_LE(si.freeram, si.totalram);
  EXPECT_GE(si.procs, 1u);
  EXPECT_GE(si.uptime, 0);
  // Uptime counts from boot, like CLOCK_BOOTTIME.
  struct timespec boot;
  clock_gettime(CLOCK_BOOTTIME, &boot);
  EXPECT_LE(si.uptime, boot.tv_sec + 1);
  EXPECT_GE(si.uptime, boot.tv_sec - 1);
  EXPECT_GT(si.totalram * (unsigned long long)si.mem_unit, 16ull << 20);
}

TEST(Getrandom, FillsTheBufferWithDifferentBytesEachTime) {
  unsigned char a[32] = {}, b[32] = {};
  ASSERT_EQ(getrandom(a, sizeof a, 0), (ssize_t)sizeof a);
  ASSERT_EQ(getrandom(b, sizeof b, 0), (ssize_t)sizeof b);
  EXPECT_NE(memcmp(a, b, sizeof a), 0);
  std::set<unsigned char> distinct(a, a + sizeof a);
  EXPECT_GT(distinct.size(), 8u);
}

TEST(Getrandom, AcceptsItsFlags) {
  unsigned char buf[16];
  EXPECT_EQ(getrandom(buf, sizeof buf, GRND_NONBLOCK), 16);
  EXPECT_EQ(getrandom(buf, sizeof buf, GRND_RANDOM | GRND_NONBLOCK), 16);
  EXPECT_EQ(getrandom(buf, sizeof buf, GRND_INSECURE), 16);
  EXPECT_EQ(getrandom(buf, 0, 0), 0);
}

TEST(Getrandom, UnknownOrConflictingFlagsAreEinval) {
  unsigned char buf[16];
  EXPECT_ERRNO(getrandom(buf, sizeof buf, 0x80), EINVAL);
  EXPECT_ERRNO(getrandom(buf, sizeof buf, GRND_INSECURE | GRND_RANDOM), EINVAL);
}

TEST(Getrandom, LargeRequestsMayBeShortButNeverEmpty) {
  std::vector<unsigned char> buf(1 << 20);
  ssize_t n = getrandom(buf.data(), buf.size(), 0);
  EXPECT_GT(n, 0);
  EXPECT_LE(n, (ssize_t)buf.size());
}

// ---------------------------------------------------------------------
// Scheduling

TEST(Sched, YieldSucceeds) {
  for (int i = 0; i < 100; i++) ASSERT_EQ(sched_yield(), 0);
}

TEST(Sched, AffinityHasAtLeastOneCpuAndMatchesTheOnlineCount) {
  cpu_set_t set;
  CPU_ZERO(&set);
  ASSERT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
  int n = CPU_COUNT(&set);
  EXPECT_GE(n, 1);
  EXPECT_LE(n, sysconf(_SC_NPROCESSORS_ONLN));
  // The raw call returns the number of bytes it wrote.
  long bytes = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
  EXPECT_GT(bytes, 0);
  EXPECT_EQ(bytes % sizeof(unsigned long), 0);
}

TEST(Sched, AffinityWithATooSmallMaskIsEinval) {
  char tiny[1];
  // The mask must cover every possible CPU; with one byte it only covers
  // eight, and a zero-sized one nothing.
  EXPECT_ERRNO(syscall(SYS_sched_getaffinity, 0, 0, tiny), EINVAL);
}

TEST(Sched, AffinityOfAnotherProcessAndOfNobody) {
  cpu_set_t set;
  EXPECT_EQ(sched_getaffinity(getppid(), sizeof set, &set), 0);
  pid_t pid = StartChild([] { return 0; });
  WaitStatus(pid);
  EXPECT_ERRNO(sched_getaffinity(pid, sizeof set, &set), ESRCH);
}

TEST(Sched, DefaultPolicyIsSchedOtherWithPriorityZero) {
  EXPECT_EQ(sched_getscheduler(0), SCHED_OTHER);
  struct sched_param p = {-1};
  ASSERT_EQ(sched_getparam(0, &p), 0);
  EXPECT_EQ(p.sched_priority, 0);
}

TEST(Sched, PriorityRangesOfThePolicies) {
  EXPECT_EQ(sched_get_priority_min(SCHED_OTHER), 0);
  EXPECT_EQ(sched_get_priority_max(SCHED_OTHER), 0);
  EXPECT_EQ(sched_get_priority_min(SCHED_FIFO), 1);
  EXPECT_EQ(sched_get_priority_max(SCHED_FIFO), 99);
  EXPECT_EQ(sched_get_priority_max(SCHED_RR), 99);
  EXPECT_ERRNO(sched_get_priority_max(12345), EINVAL);
}

// ---------------------------------------------------------------------
// Resource limits (read in this process; changed only in children)

TEST(Rlimit, NofileAndStackAreReadable) {
  struct rlimit nofile, stack;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &nofile), 0);
  EXPECT_GT(nofile.rlim_cur, 2u);
  EXPECT_LE(nofile.rlim_cur, nofile.rlim_max);
  ASSERT_EQ(getrlimit(RLIMIT_STACK, &stack), 0);
  EXPECT_GT(stack.rlim_cur, 0u);
  EXPECT_TRUE(stack.rlim_max == RLIM_INFINITY || stack.rlim_cur <= stack.rlim_max);
}

TEST(Rlimit, Prlimit64ReadsTheSameValuesAsGetrlimit) {
  for (int res : {RLIMIT_NOFILE, RLIMIT_STACK, RLIMIT_CORE, RLIMIT_AS}) {
    struct rlimit a;
    struct rlimit64 b;
    ASSERT_EQ(getrlimit(static_cast<__rlimit_resource>(res), &a), 0);
    ASSERT_EQ(syscall(SYS_prlimit64, 0, res, nullptr, &b), 0);
    EXPECT_EQ(a.rlim_cur, b.rlim_cur) << res;
    EXPECT_EQ(a.rlim_max, b.rlim_max) << res;
  }
}

TEST(Rlimit, UnknownResourceIsEinval) {
  struct rlimit rl;
  EXPECT_ERRNO(getrlimit(static_cast<__rlimit_resource>(1000), &rl), EINVAL);
  EXPECT_ERRNO(syscall(SYS_prlimit64, 0, 1000, nullptr, &rl), EINVAL);
}

TEST(Rlimit, SoftAboveHardIsEinvalAndLoweringIsInherited) {
  int status = RunInChild([] {
    struct rlimit rl;
    CHILD_CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
    struct rlimit bad = {rl.rlim_max == RLIM_INFINITY ? RLIM_INFINITY : rl.rlim_max + 1,
                         rl.rlim_max};
    if (rl.rlim_max != RLIM_INFINITY) CHILD_CHECK_ERRNO(setrlimit(RLIMIT_NOFILE, &bad), EINVAL);
    struct rlimit low = {64, 64};
    CHILD_CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0);
    pid_t pid = fork();
    if (pid == 0) {
      struct rlimit seen;
      getrlimit(RLIMIT_NOFILE, &seen);
      _exit(seen.rlim_cur == 64 && seen.rlim_max == 64 ? 0 : 1);
    }
    CHILD_CHECK(WaitStatus(pid) == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Rlimit, Prlimit64ReturnsTheOldValueWhileSettingANewOne) {
  int status = RunInChild([] {
    struct rlimit64 now;
    CHILD_CHECK(syscall(SYS_prlimit64, 0, RLIMIT_CORE, nullptr, &now) == 0);
    struct rlimit64 next = {0, now.rlim_max}, old;
    CHILD_CHECK(syscall(SYS_prlimit64, 0, RLIMIT_CORE, &next, &old) == 0);
    CHILD_CHECK(old.rlim_cur == now.rlim_cur && old.rlim_max == now.rlim_max);
    CHILD_CHECK(syscall(SYS_prlimit64, 0, RLIMIT_CORE, nullptr, &now) == 0);
    CHILD_CHECK(now.rlim_cur == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

// ---------------------------------------------------------------------
// Priorities

TEST(Priority, RawGetpriorityIsTwentyMinusTheNiceValue) {
  // getpriority(2), C library/kernel differences: the system call returns
  // 20 - nice so that it is never negative; glibc converts.
  errno = 0;
  int nice_value = getpriority(PRIO_PROCESS, 0);
  ASSERT_EQ(errno, 0);
  EXPECT_GE(nice_value, -20);
  EXPECT_LE(nice_value, 19);
  EXPECT_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 20 - nice_value);
}

TEST(Priority, AChildMayRaiseItsOwnNiceValue) {
  int status = RunInChild([] {
    errno = 0;
    int before = getpriority(PRIO_PROCESS, 0);
    CHILD_CHECK(errno == 0);
    int target = before < 19 ? before + 1 : 19;
    CHILD_CHECK(setpriority(PRIO_PROCESS, 0, target) == 0);
    CHILD_CHECK(getpriority(PRIO_PROCESS, 0) == target);
    CHILD_CHECK(getpriority(PRIO_PROCESS, getpid()) == target);
    // nice(2) adds and returns the new value.
    if (target < 19) {
      errno = 0;
      CHILD_CHECK(nice(1) == target + 1);
    }
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Priority, InvalidWhichIsEinvalAndMissingProcessEsrch) {
  EXPECT_ERRNO(getpriority(static_cast<__priority_which>(42), 0), EINVAL);
  pid_t pid = StartChild([] { return 0; });
  WaitStatus(pid);
  EXPECT_ERRNO(getpriority(PRIO_PROCESS, pid), ESRCH);
}

}  // namespace
}  // namespace cub
