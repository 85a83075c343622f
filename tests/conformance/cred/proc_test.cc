// /proc/<pid>/status "Uid:", "Gid:" and "Groups:" lines, byte for byte
// (fs/proc/array.c), and the owner of /proc/<pid>: the process's euid and
// egid; its files are root's instead while it is not dumpable.
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "cred.h"

namespace cub {
namespace {

// The whole line of /proc/<pid>/status that starts with key (including
// its '\n'), or "" if there is none.
std::string StatusLine(const std::string& path, const std::string& key) {
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return "";
  std::string s = ReadAll(fd);
  close(fd);
  std::string::size_type at = 0;
  while (at < s.size()) {
    std::string::size_type nl = s.find('\n', at);
    if (nl == std::string::npos) nl = s.size() - 1;
    if (s.compare(at, key.size(), key) == 0) return s.substr(at, nl - at + 1);
    at = nl + 1;
  }
  return "";
}

// In a child: fails unless the status line for key is exactly want.
void CheckLine(const std::string& path, const char* key, const char* want,
               int line) {
  std::string got = StatusLine(path, key);
  if (got != want) {
    dprintf(2, "line %d: %s: got \"%s\", expected \"%s\"\n", line,
            path.c_str(), got.c_str(), want);
    _exit(kChildCheckFailed);
  }
}
#define CHECK_STATUS_LINE(key, want) \
  CheckLine("/proc/self/status", key, want, __LINE__)

TEST(CredProcStatus, RootLines) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHECK_STATUS_LINE("Uid:", "Uid:\t0\t0\t0\t0\n");
    CHECK_STATUS_LINE("Gid:", "Gid:\t0\t0\t0\t0\n");
    return 0;
  }));
}

TEST(CredProcStatus, UidLineIsRealEffectiveSavedFs) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(setfsuid(3000) == 2000);
    CHECK_STATUS_LINE("Uid:", "Uid:\t1000\t2000\t3000\t3000\n");
    return 0;
  }));
}

TEST(CredProcStatus, GidLineIsRealEffectiveSavedFs) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setfsgid(40) == 20);
    CHECK_STATUS_LINE("Gid:", "Gid:\t10\t20\t30\t40\n");
    return 0;
  }));
}

TEST(CredProcStatus, LargeIdsAreUnsigned) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(4294967294u, 4294967294u, 4294967294u) == 0);
    CHILD_CHECK(setresuid(4000000000u, 4000000000u, 4000000000u) == 0);
    CHECK_STATUS_LINE("Uid:",
                      "Uid:\t4000000000\t4000000000\t4000000000\t4000000000\n");
    CHECK_STATUS_LINE("Gid:",
                      "Gid:\t4294967294\t4294967294\t4294967294\t4294967294\n");
    return 0;
  }));
}

TEST(CredProcStatus, NoGroupsIsTabSpaceNewline) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHECK_STATUS_LINE("Groups:", "Groups:\t \n");
    return 0;
  }));
}

TEST(CredProcStatus, OneGroup) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {5};
    CHILD_CHECK(setgroups(1, g) == 0);
    CHECK_STATUS_LINE("Groups:", "Groups:\t5 \n");
    return 0;
  }));
}

TEST(CredProcStatus, GroupsSortedEachFollowedByASpace) {
  EXPECT_EXIT0(RunInChild([] {
    gid_t g[] = {300, 7, 20, 7};
    CHILD_CHECK(setgroups(4, g) == 0);
    CHECK_STATUS_LINE("Groups:", "Groups:\t7 7 20 300 \n");
    return 0;
  }));
}

TEST(CredProcStatus, LinesFollowAnUnprivilegedChange) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(setresuid(3000, 1000, -1) == 0);
    CHECK_STATUS_LINE("Uid:", "Uid:\t3000\t1000\t3000\t1000\n");
    return 0;
  }));
}

TEST(CredProcStatus, ParentReadsChildLines) {
  int ready[2], release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  pid_t pid = StartChild([&] {
    close(ready[0]);
    close(release[1]);
    gid_t g[] = {9, 8};
    CHILD_CHECK(setgroups(2, g) == 0);
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(write(ready[1], "x", 1) == 1);
    char ch;
    while (read(release[0], &ch, 1) > 0) {
    }
    return 0;
  });
  ASSERT_GT(pid, 0);
  close(ready[1]);
  close(release[0]);
  char ch;
  ASSERT_EQ(read(ready[0], &ch, 1), 1);
  close(ready[0]);
  std::string path = "/proc/" + std::to_string(pid) + "/status";
  EXPECT_EQ(StatusLine(path, "Uid:"), "Uid:\t1000\t2000\t3000\t2000\n");
  EXPECT_EQ(StatusLine(path, "Gid:"), "Gid:\t10\t20\t30\t20\n");
  EXPECT_EQ(StatusLine(path, "Groups:"), "Groups:\t8 9 \n");
  close(release[1]);
  EXPECT_EXIT0(WaitStatus(pid));
}

// In a child: fails unless path is owned by uid:gid.
void CheckOwner(const std::string& path, uid_t uid, gid_t gid, int line) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || st.st_uid != uid || st.st_gid != gid) {
    dprintf(2, "line %d: %s owned by %u:%u, expected %u:%u\n", line,
            path.c_str(), st.st_uid, st.st_gid, uid, gid);
    _exit(kChildCheckFailed);
  }
}
#define CHECK_OWNER(path, uid, gid) CheckOwner((path), (uid), (gid), __LINE__)

std::string ProcDir() { return "/proc/" + std::to_string(getpid()); }

TEST(CredProcOwner, RootProcessIsOwnedByRoot) {
  EXPECT_EXIT0(RunInChild([] {
    CHECK_OWNER(ProcDir(), 0, 0);
    CHECK_OWNER(ProcDir() + "/status", 0, 0);
    return 0;
  }));
}

TEST(CredProcOwner, DumpableProcessIsOwnedByEffectiveIds) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(prctl(PR_SET_DUMPABLE, 1) == 0);
    CHECK_OWNER(ProcDir(), 2000, 20);
    CHECK_OWNER(ProcDir() + "/status", 2000, 20);
    return 0;
  }));
}

TEST(CredProcOwner, FsIdsDoNotCount) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(setfsuid(1000) == 2000);
    CHILD_CHECK(prctl(PR_SET_DUMPABLE, 1) == 0);
    CHECK_OWNER(ProcDir(), 2000, 20);
    return 0;
  }));
}

TEST(CredProcOwner, OwnerFollowsLaterChanges) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(prctl(PR_SET_DUMPABLE, 1) == 0);
    CHECK_OWNER(ProcDir(), 2000, 0);
    CHILD_CHECK(seteuid(3000) == 0);
    CHILD_CHECK(prctl(PR_SET_DUMPABLE, 1) == 0);
    CHECK_OWNER(ProcDir(), 3000, 0);
    return 0;
  }));
}

TEST(CredProcOwner, NonDumpableFilesAreOwnedByRootButNotTheDirectory) {
  // fs/proc/base.c task_dump_owner(): a non-dumpable task's files belong
  // to root, but the world-readable directory /proc/<pid> (mode 0555)
  // keeps showing the effective ids, because tools stat it to learn them.
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(prctl(PR_SET_DUMPABLE, 0) == 0);
    CHECK_OWNER(ProcDir(), 2000, 20);
    CHECK_OWNER(ProcDir() + "/status", 0, 0);
    return 0;
  }));
}

TEST(CredProcOwner, DirectoryOwnerIsEffectiveIdsWithoutPrctl) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHECK_OWNER(ProcDir(), 2000, 20);
    return 0;
  }));
}

TEST(CredProcOwner, ParentSeesChildOwner) {
  int ready[2], release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  pid_t pid = StartChild([&] {
    close(ready[0]);
    close(release[1]);
    BecomeUser(1000, 1000);
    CHILD_CHECK(prctl(PR_SET_DUMPABLE, 1) == 0);
    CHILD_CHECK(write(ready[1], "x", 1) == 1);
    char ch;
    while (read(release[0], &ch, 1) > 0) {
    }
    return 0;
  });
  ASSERT_GT(pid, 0);
  close(ready[1]);
  close(release[0]);
  char ch;
  ASSERT_EQ(read(ready[0], &ch, 1), 1);
  close(ready[0]);
  struct stat st;
  EXPECT_EQ(stat(("/proc/" + std::to_string(pid)).c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 1000u);
  EXPECT_EQ(st.st_gid, 1000u);
  close(release[1]);
  EXPECT_EXIT0(WaitStatus(pid));
}

}  // namespace
}  // namespace cub
