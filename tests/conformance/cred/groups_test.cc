// setgroups / getgroups: the limits, the errors, the order Linux keeps
// (sorted ascending, duplicates kept), and inheritance across fork, exec
// and id changes.
#include <fcntl.h>
#include <limits.h>
#include <sys/auxv.h>
#include <sys/mman.h>

#include <algorithm>
#include <sstream>

#include "cred.h"

namespace cub {
namespace {

constexpr int kNgroupsMax = 65536;  // NGROUPS_MAX in <linux/limits.h>

// In a child: fails unless the groups are exactly want.
#define CHECK_GROUPS(...)                                                  \
  do {                                                                     \
    std::vector<gid_t> cub_want_ = __VA_ARGS__;                            \
    std::vector<gid_t> cub_got_ = ::cub::Groups();                         \
    if (cub_got_ != cub_want_) {                                           \
      dprintf(2, "line %d: groups are", __LINE__);                         \
      for (gid_t g : cub_got_) dprintf(2, " %u", g);                       \
      dprintf(2, ", expected");                                            \
      for (gid_t g : cub_want_) dprintf(2, " %u", g);                      \
      dprintf(2, "\n");                                                    \
      _exit(::cub::kChildCheckFailed);                                     \
    }                                                                      \
  } while (0)

TEST(CredGroups, KernelLimitIs65536) {
  EXPECT_EQ(NGROUPS_MAX, kNgroupsMax);
  EXPECT_EQ(sysconf(_SC_NGROUPS_MAX), kNgroupsMax);
}

TEST(CredGroups, RootSetsAndGetsGroups) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {10, 20, 30};
    CHILD_CHECK(setgroups(3, g) == 0);
    CHECK_GROUPS({10, 20, 30});
    return 0;
  }));
}

TEST(CredGroups, GetgroupsReturnsThemSortedAscending) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {30, 10, 4000000000u, 20, 0};
    CHILD_CHECK(setgroups(5, g) == 0);
    CHECK_GROUPS({0, 10, 20, 30, 4000000000u});
    return 0;
  }));
}

TEST(CredGroups, DuplicatesAreKept) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {5, 3, 5, 5};
    CHILD_CHECK(setgroups(4, g) == 0);
    CHILD_CHECK(getgroups(0, nullptr) == 4);
    CHECK_GROUPS({3, 5, 5, 5});
    return 0;
  }));
}

TEST(CredGroups, SetgroupsZeroClears) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {1, 2};
    CHILD_CHECK(setgroups(2, g) == 0);
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHILD_CHECK(getgroups(0, nullptr) == 0);
    return 0;
  }));
}

TEST(CredGroups, SetgroupsZeroIgnoresThePointer) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(syscall(SYS_setgroups, 0, (void*)1) == 0);
    CHECK_GROUPS({});
    return 0;
  }));
}

TEST(CredGroups, GetgroupsZeroReturnsCountWithoutWriting) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {7, 8, 9};
    CHILD_CHECK(setgroups(3, g) == 0);
    gid_t out[3] = {111, 111, 111};
    CHILD_CHECK(getgroups(0, out) == 3);
    CHILD_CHECK(out[0] == 111 && out[1] == 111 && out[2] == 111);
    return 0;
  }));
}

TEST(CredGroups, GetgroupsLargerBufferReturnsCount) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {7, 8};
    CHILD_CHECK(setgroups(2, g) == 0);
    gid_t out[5] = {111, 111, 111, 111, 111};
    CHILD_CHECK(getgroups(5, out) == 2);
    CHILD_CHECK(out[0] == 7 && out[1] == 8 && out[2] == 111);
    return 0;
  }));
}

TEST(CredGroups, GetgroupsTooSmallIsEinval) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {7, 8, 9};
    CHILD_CHECK(setgroups(3, g) == 0);
    gid_t out[2];
    CHILD_CHECK_ERRNO(getgroups(2, out), EINVAL);
    return 0;
  }));
}

TEST(CredGroups, GetgroupsNegativeIsEinval) {
  gid_t out[1];
  EXPECT_ERRNO(syscall(SYS_getgroups, -1, out), EINVAL);
}

TEST(CredGroups, GetgroupsNullBufferIsEfault) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {7};
    CHILD_CHECK(setgroups(1, g) == 0);
    CHILD_CHECK_ERRNO(syscall(SYS_getgroups, 1, nullptr), EFAULT);
    return 0;
  }));
}

TEST(CredGroups, GetgroupsNullBufferWithNoGroupsIsFine) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHILD_CHECK(syscall(SYS_getgroups, 4, nullptr) == 0);
    return 0;
  }));
}

TEST(CredGroups, RootSetsNgroupsMax) {
  EXPECT_EXIT0(RunInChild([] {
    std::vector<gid_t> g(kNgroupsMax);
    for (int i = 0; i < kNgroupsMax; i++) g[i] = kNgroupsMax - i;  // descending
    CHILD_CHECK(setgroups(g.size(), g.data()) == 0);
    CHILD_CHECK(getgroups(0, nullptr) == kNgroupsMax);
    std::vector<gid_t> got = Groups();
    std::sort(g.begin(), g.end());
    CHILD_CHECK(got == g);
    return 0;
  }));
}

TEST(CredGroups, MoreThanNgroupsMaxIsEinval) {
  EXPECT_EXIT0(RunInChild([] {
    std::vector<gid_t> g(kNgroupsMax + 1, 5);
    gid_t one = 1;
    CHILD_CHECK(setgroups(1, &one) == 0);
    CHILD_CHECK_ERRNO(syscall(SYS_setgroups, kNgroupsMax + 1, g.data()), EINVAL);
    CHECK_GROUPS({1});
    return 0;
  }));
}

TEST(CredGroups, NegativeCountIsEinval) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g = 5;
    CHILD_CHECK_ERRNO(syscall(SYS_setgroups, -1, &g), EINVAL);
    return 0;
  }));
}

TEST(CredGroups, SetgroupsNullIsEfault) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t one = 1;
    CHILD_CHECK(setgroups(1, &one) == 0);
    CHILD_CHECK_ERRNO(syscall(SYS_setgroups, 2, nullptr), EFAULT);
    CHECK_GROUPS({1});
    return 0;
  }));
}

TEST(CredGroups, SetgroupsPartlyUnmappedIsEfault) {
  EXPECT_EXIT0(RunInChild([] {
    // Two pages, the second unmapped: the list runs off the first.
    char* p = (char*)mmap(nullptr, 8192, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHILD_CHECK(p != MAP_FAILED);
    CHILD_CHECK(munmap(p + 4096, 4096) == 0);
    gid_t* list = (gid_t*)(p + 4096 - 2 * sizeof(gid_t));
    list[0] = 1;
    list[1] = 2;
    CHILD_CHECK_ERRNO(syscall(SYS_setgroups, 3, list), EFAULT);
    CHECK_GROUPS({});
    return 0;
  }));
}

TEST(CredGroups, NonRootSetgroupsIsEperm) {
  EXPECT_EXIT0(RunInChild([] {
    BecomeUser(1000, 1000, {5});
    gid_t g[] = {6};
    CHILD_CHECK_ERRNO(setgroups(1, g), EPERM);
    CHECK_GROUPS({5});
    return 0;
  }));
}

TEST(CredGroups, NonRootSetgroupsSameListIsEperm) {
  EXPECT_EXIT0(RunInChild([] {
    BecomeUser(1000, 1000, {5});
    gid_t g[] = {5};
    CHILD_CHECK_ERRNO(setgroups(1, g), EPERM);
    return 0;
  }));
}

TEST(CredGroups, NonRootClearingGroupsIsEperm) {
  EXPECT_EXIT0(RunInChild([] {
    BecomeUser(1000, 1000, {5});
    CHILD_CHECK_ERRNO(setgroups(0, nullptr), EPERM);
    CHECK_GROUPS({5});
    return 0;
  }));
}

TEST(CredGroups, NonRootIsEpermBeforeEinval) {
  // The permission check comes first in kernel/groups.c.
  EXPECT_EXIT0(RunInChild([] {
    BecomeUser(1000, 1000);
    CHILD_CHECK_ERRNO(syscall(SYS_setgroups, kNgroupsMax + 1, nullptr), EPERM);
    CHILD_CHECK_ERRNO(syscall(SYS_setgroups, 1, nullptr), EPERM);
    return 0;
  }));
}

TEST(CredGroups, RealRootWithOtherEffectiveIsEperm) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresuid(0, 1000, 0) == 0);
    CHILD_CHECK_ERRNO(setgroups(0, nullptr), EPERM);
    CHILD_CHECK(setresuid(0, 0, 0) == 0);
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    return 0;
  }));
}

TEST(CredGroups, EffectiveRootWithOtherGidsMaySetgroups) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setresuid(1000, 0, 1000) == 0);
    gid_t g[] = {9};
    CHILD_CHECK(setgroups(1, g) == 0);
    CHECK_GROUPS({9});
    return 0;
  }));
}

TEST(CredGroups, GetgroupsWorksForNonRoot) {
  EXPECT_EXIT0(RunInChild([] {
    BecomeUser(1000, 1000, {3, 1, 2});
    CHILD_CHECK(getgroups(0, nullptr) == 3);
    CHECK_GROUPS({1, 2, 3});
    return 0;
  }));
}

TEST(CredGroups, SetuidDoesNotChangeGroups) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {4, 5};
    CHILD_CHECK(setgroups(2, g) == 0);
    CHILD_CHECK(setuid(1000) == 0);
    CHECK_GROUPS({4, 5});
    return 0;
  }));
}

TEST(CredGroups, SetgidDoesNotChangeGroups) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {4, 5};
    CHILD_CHECK(setgroups(2, g) == 0);
    CHILD_CHECK(setgid(1000) == 0);
    CHILD_CHECK(setresgid(7, 8, 9) == 0);
    CHECK_GROUPS({4, 5});
    return 0;
  }));
}

TEST(CredGroups, SetgroupsDoesNotChangeIds) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    gid_t g[] = {40};
    CHILD_CHECK(setgroups(1, g) == 0);
    CHECK_GIDS(10, 20, 30, 20);
    CHECK_UIDS(0, 0, 0, 0);
    return 0;
  }));
}

TEST(CredGroups, SurviveFork) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {300, 100, 200};
    CHILD_CHECK(setgroups(3, g) == 0);
    pid_t pid = fork();
    CHILD_CHECK(pid >= 0);
    if (pid == 0) {
      CHECK_GROUPS({100, 200, 300});
      _exit(0);
    }
    int st;
    CHILD_CHECK(waitpid(pid, &st, 0) == pid);
    CHILD_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
  }));
}

// ---------------------------------------------------------------------
// Fork and exec.

TEST(CredInherit, ForkCopiesAllIds) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {7, 5};
    CHILD_CHECK(setgroups(2, g) == 0);
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setfsgid(40) == 20);
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(setfsuid(1000) == 2000);
    pid_t pid = fork();
    CHILD_CHECK(pid >= 0);
    if (pid == 0) {
      CHECK_UIDS(1000, 2000, 3000, 1000);
      CHECK_GIDS(10, 20, 30, 40);
      CHECK_GROUPS({5, 7});
      _exit(0);
    }
    int st;
    CHILD_CHECK(waitpid(pid, &st, 0) == pid);
    CHILD_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
  }));
}

TEST(CredInherit, ChildIdChangeDoesNotAffectParent) {
  EXPECT_EXIT0(RunInChild([] {
    pid_t pid = fork();
    CHILD_CHECK(pid >= 0);
    if (pid == 0) {
      CHILD_CHECK(setresuid(1, 2, 3) == 0);
      _exit(0);
    }
    int st;
    CHILD_CHECK(waitpid(pid, &st, 0) == pid);
    CHECK_UIDS(0, 0, 0, 0);
    return 0;
  }));
}

// Prints "r e s fs / r e s fs / groups... / AT_SECURE".
CONFORMANCE_HELPER(print_ids) {
  (void)argc;
  (void)argv;
  Ids u = Uids(), g = Gids();
  printf("%u %u %u %u / %u %u %u %u /", u.r, u.e, u.s, u.fs, g.r, g.e, g.s,
         g.fs);
  for (gid_t x : Groups()) printf(" %u", x);
  printf(" / %lu\n", getauxval(AT_SECURE));
  return 0;
}

// The exec tests run a copy of this binary from a 0755 TempDir: an
// unprivileged uid may not be able to reach the build directory.
class CredExec : public TempDirTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(chmod(dir().c_str(), 0755), 0);
    int in = open(kSelfExe, O_RDONLY);
    ASSERT_GE(in, 0);
    std::string bytes = ReadAll(in);
    close(in);
    ASSERT_FALSE(bytes.empty());
    exe_ = WriteFile("cred_helper", bytes, 0755);
  }

  // In a child: execs print_ids (fork + execve) and checks its output.
  void CheckExecIds(const char* want) {
    int p[2];
    CHILD_CHECK(pipe(p) == 0);
    pid_t pid = fork();
    CHILD_CHECK(pid >= 0);
    if (pid == 0) {
      dup2(p[1], 1);
      close(p[0]);
      close(p[1]);
      CArgv argv(HelperArgv("print_ids", {}));
      execv(exe_.c_str(), argv.get());
      _exit(127);
    }
    close(p[1]);
    std::string out = ReadAll(p[0]);
    close(p[0]);
    int st;
    CHILD_CHECK(waitpid(pid, &st, 0) == pid);
    if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0) || out != want) {
      dprintf(2, "exec: status %d, output \"%s\", expected \"%s\"\n", st,
              out.c_str(), want);
      _exit(kChildCheckFailed);
    }
  }

  std::string exe_;
};

TEST_F(CredExec, ExecKeepsRootIds) {
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CheckExecIds("0 0 0 0 / 0 0 0 0 / / 0\n");
    return 0;
  }));
}

TEST_F(CredExec, ExecKeepsGroups) {
  EXPECT_EXIT0(RunInChild([&] {
    gid_t g[] = {30, 10, 20};
    CHILD_CHECK(setgroups(3, g) == 0);
    CheckExecIds("0 0 0 0 / 0 0 0 0 / 10 20 30 / 0\n");
    return 0;
  }));
}

TEST_F(CredExec, ExecAsUserKeepsIdsAndGroups) {
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(1000, 1000, {5, 6});
    CheckExecIds("1000 1000 1000 1000 / 1000 1000 1000 1000 / 5 6 / 0\n");
    return 0;
  }));
}

TEST_F(CredExec, ExecSetsSavedAndFsToEffective) {
  // execve(2): the saved set-user-ID is copied from the effective ID, for
  // every exec; the fs ids follow the effective ids.  Real != effective
  // makes the exec "secure" (AT_SECURE = 1).
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setfsgid(40) == 20);
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(setfsuid(3000) == 2000);
    CheckExecIds("1000 2000 2000 2000 / 10 20 20 20 / / 1\n");
    return 0;
  }));
}

TEST_F(CredExec, ExecWithEffectiveRootSetsSavedToRoot) {
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHILD_CHECK(setresuid(1000, 0, 3000) == 0);
    CheckExecIds("1000 0 0 0 / 0 0 0 0 / / 1\n");
    return 0;
  }));
}

TEST_F(CredExec, ExecWithOnlySavedDifferentIsNotSecure) {
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHILD_CHECK(setresgid(10, 10, 30) == 0);
    CHILD_CHECK(setresuid(1000, 1000, 3000) == 0);
    CheckExecIds("1000 1000 1000 1000 / 10 10 10 10 / / 0\n");
    return 0;
  }));
}

TEST_F(CredExec, ExecWithRealGidDifferentIsSecure) {
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHILD_CHECK(setresgid(10, 20, 20) == 0);
    CHILD_CHECK(setresuid(1000, 1000, 1000) == 0);
    CheckExecIds("1000 1000 1000 1000 / 10 20 20 20 / / 1\n");
    return 0;
  }));
}

}  // namespace
}  // namespace cub
