// mount (tmpfs, proc), umount2, statfs, fstatfs and /proc/self/mounts.
//
// Host-safe: everything that mounts runs in a forked child that first
// enters a private mount namespace (unshare(CLONE_NEWNS), then makes every
// mount MS_PRIVATE), so the host's mount table never changes; when the
// child may not unshare (EPERM in a container), the test is skipped.  cub
// has one mount namespace: there unshare(CLONE_NEWNS) is accepted and the
// mounts are global to the disposable test VM, so each child unmounts
// what it mounted.
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <dirent.h>

#include <fstream>
#include <sstream>

#include "conformance.h"

namespace cub {
namespace {

// Exit status of a child that could not get a private mount namespace.
constexpr int kNoNamespace = 77;

// Runs fn in a child inside a private mount namespace; returns the wait
// status, or kNoNamespace's status when namespaces are not allowed.
int InPrivateMountNs(const std::function<int()>& fn) {
  return RunInChild([&] {
    if (unshare(CLONE_NEWNS) != 0) return errno == EPERM ? kNoNamespace : 1;
    CHILD_CHECK(mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0);
    return fn();
  });
}

#define RUN_IN_PRIVATE_NS(...)                                          \
  do {                                                                   \
    int st_ = InPrivateMountNs(__VA_ARGS__);                                     \
    if (WIFEXITED(st_) && WEXITSTATUS(st_) == kNoNamespace)              \
      GTEST_SKIP() << "no permission for a private mount namespace";    \
    EXPECT_EXIT0(st_);                                                   \
  } while (0)

// The lines of /proc/self/mounts.
std::vector<std::string> MountLines() {
  std::ifstream in("/proc/self/mounts");
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

// The line for target, or "" when nothing is mounted there.
std::string MountLineFor(const std::string& target) {
  std::string found;
  for (const std::string& l : MountLines()) {
    std::istringstream s(l);
    std::string src, dir;
    s >> src >> dir;
    if (dir == target) found = l;  // the last (topmost) one
  }
  return found;
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

int Entries(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (!d) return -1;
  int n = 0;
  while (struct dirent* e = readdir(d))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
  closedir(d);
  return n;
}

class Mount : public TempDirTest {
 protected:
  void SetUp() override { ASSERT_OK(mkdir(Path("m").c_str(), 0755)); }
  void TearDown() override {
    // In cub a failed child may leave its mount behind (one namespace);
    // on Linux nothing is mounted here and this is EINVAL.
    while (umount2(Path("m").c_str(), MNT_DETACH) == 0) {
    }
  }
};

TEST_F(Mount, TmpfsHoldsFilesUntilUnmounted) {
  std::string m = Path("m"), under = WriteFile("m/under", "x");
  RUN_IN_PRIVATE_NS([&] {
    CHILD_CHECK(mount("cubtest", m.c_str(), "tmpfs", 0, nullptr) == 0);
    CHILD_CHECK(Entries(m) == 0);  // covers what was there
    CHILD_CHECK(access(under.c_str(), F_OK) != 0 && errno == ENOENT);
    std::string f = m + "/f";
    int fd = open(f.c_str(), O_CREAT | O_WRONLY, 0644);
    CHILD_CHECK(fd >= 0);
    CHILD_CHECK(write(fd, "abc", 3) == 3);
    CHILD_CHECK(close(fd) == 0);
    struct stat st, root;
    CHILD_CHECK(stat(f.c_str(), &st) == 0 && st.st_size == 3);
    CHILD_CHECK(stat(m.c_str(), &root) == 0);
    CHILD_CHECK((root.st_mode & 07777) == 01777);  // tmpfs's default
    CHILD_CHECK(umount2(m.c_str(), 0) == 0);
    CHILD_CHECK(access(f.c_str(), F_OK) != 0 && errno == ENOENT);
    CHILD_CHECK(Entries(m) == 1);  // only "under" again
    CHILD_CHECK(access(under.c_str(), F_OK) == 0);
    return 0;
  });
}

TEST_F(Mount, ModeOptionSetsTheRootsMode) {
  std::string m = Path("m");
  RUN_IN_PRIVATE_NS([&] {
    CHILD_CHECK(mount("none", m.c_str(), "tmpfs", 0, "mode=0710,size=1m") == 0);
    struct stat st;
    CHILD_CHECK(stat(m.c_str(), &st) == 0);
    CHILD_CHECK((st.st_mode & 07777) == 0710);
    CHILD_CHECK(umount2(m.c_str(), 0) == 0);
    CHILD_CHECK_ERRNO(mount("none", m.c_str(), "tmpfs", 0, "nosuchoption=1"), EINVAL);
    return 0;
  });
}

TEST_F(Mount, ProcMountsShowsTheMountUntilUnmounted) {
  std::string m = Path("m");
  RUN_IN_PRIVATE_NS([&] {
    CHILD_CHECK(MountLineFor(m).empty());
    CHILD_CHECK(mount("cubsrc", m.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, nullptr) == 0);
    std::string l = MountLineFor(m);
    if (!StartsWith(l, "cubsrc " + m + " tmpfs rw,nosuid,nodev")) {
      dprintf(2, "line: '%s'\n", l.c_str());
      return 1;
    }
    CHILD_CHECK(umount2(m.c_str(), 0) == 0);
    CHILD_CHECK(MountLineFor(m).empty());
    return 0;
  });
}

TEST_F(Mount, ReadOnlyRefusesWritesWithErofs) {
  std::string m = Path("m");
  RUN_IN_PRIVATE_NS([&] {
    CHILD_CHECK(mount("ro", m.c_str(), "tmpfs", MS_RDONLY, nullptr) == 0);
    CHILD_CHECK(StartsWith(MountLineFor(m), "ro " + m + " tmpfs ro"));
    std::string f = m + "/f";
    CHILD_CHECK_ERRNO(open(f.c_str(), O_CREAT | O_WRONLY, 0644), EROFS);
    CHILD_CHECK_ERRNO(mkdir((m + "/d").c_str(), 0755), EROFS);
    CHILD_CHECK_ERRNO(chmod(m.c_str(), 0700), EROFS);
    struct statfs sf;
    CHILD_CHECK(statfs(m.c_str(), &sf) == 0);
    CHILD_CHECK(sf.f_flags & ST_RDONLY);
    CHILD_CHECK(umount2(m.c_str(), 0) == 0);
    return 0;
  });
}

TEST_F(Mount, ProcInstanceHasPids) {
  std::string m = Path("m");
  RUN_IN_PRIVATE_NS([&] {
    CHILD_CHECK(mount("proc", m.c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) ==
                0);
    std::string self = m + "/" + std::to_string(getpid());
    struct stat st;
    CHILD_CHECK(stat(self.c_str(), &st) == 0 && S_ISDIR(st.st_mode));
    CHILD_CHECK(umount2(m.c_str(), 0) == 0);
    CHILD_CHECK(stat(self.c_str(), &st) != 0 && errno == ENOENT);
    return 0;
  });
}

TEST_F(Mount, MountsStackOnTheSameDirectory) {
  // Since Linux 5.8 every proc mount is its own instance, like tmpfs's;
  // a second mount on a directory covers the first, umount uncovers it.
  std::string m = Path("m");
  RUN_IN_PRIVATE_NS([&] {
    CHILD_CHECK(mount("first", m.c_str(), "tmpfs", 0, nullptr) == 0);
    CHILD_CHECK(close(open((m + "/f").c_str(), O_CREAT | O_WRONLY, 0644)) == 0);
    CHILD_CHECK(mount("second", m.c_str(), "tmpfs", 0, nullptr) == 0);
    CHILD_CHECK(Entries(m) == 0);
    CHILD_CHECK(StartsWith(MountLineFor(m), "second "));
    CHILD_CHECK(umount2(m.c_str(), 0) == 0);
    CHILD_CHECK(Entries(m) == 1);
    CHILD_CHECK(StartsWith(MountLineFor(m), "first "));
    CHILD_CHECK(mount("proc", m.c_str(), "proc", 0, nullptr) == 0);
    CHILD_CHECK(mount("proc", m.c_str(), "proc", 0, nullptr) == 0);
    CHILD_CHECK(umount2(m.c_str(), 0) == 0);
    CHILD_CHECK(umount2(m.c_str(), 0) == 0);
    CHILD_CHECK(Entries(m) == 1);
    CHILD_CHECK(umount2(m.c_str(), 0) == 0);
    CHILD_CHECK(MountLineFor(m).empty());
    return 0;
  });
}

TEST_F(Mount, MountErrors) {
  std::string m = Path("m"), file = WriteFile("file", "x");
  RUN_IN_PRIVATE_NS([&] {
    CHILD_CHECK_ERRNO(mount("x", m.c_str(), "nosuchfs", 0, nullptr), ENODEV);
    CHILD_CHECK_ERRNO(mount("x", (m + "/missing").c_str(), "tmpfs", 0, nullptr), ENOENT);
    CHILD_CHECK_ERRNO(mount("x", file.c_str(), "tmpfs", 0, nullptr), ENOTDIR);
    CHILD_CHECK_ERRNO(mount("x", m.c_str(), (const char*)1, 0, nullptr), EFAULT);
    CHILD_CHECK_ERRNO(mount("x", (const char*)1, "tmpfs", 0, nullptr), EFAULT);
    CHILD_CHECK_ERRNO(mount("x", m.c_str(), nullptr, 0, nullptr), EINVAL);
    CHILD_CHECK(MountLineFor(m).empty());
    return 0;
  });
}

TEST_F(Mount, UmountErrors) {
  std::string m = Path("m");
  RUN_IN_PRIVATE_NS([&] {
    CHILD_CHECK_ERRNO(umount2(m.c_str(), 0), EINVAL);  // not a mount point
    CHILD_CHECK_ERRNO(umount2((m + "/missing").c_str(), 0), ENOENT);
    CHILD_CHECK_ERRNO(umount2((const char*)1, 0), EFAULT);
    CHILD_CHECK(mount("a", m.c_str(), "tmpfs", 0, nullptr) == 0);
    CHILD_CHECK_ERRNO(umount2(m.c_str(), 0x100), EINVAL);  // unknown flag
    std::string inner = m + "/in";
    CHILD_CHECK(mkdir(inner.c_str(), 0755) == 0);
    CHILD_CHECK_ERRNO(umount2(inner.c_str(), 0), EINVAL);  // a plain directory in it
    CHILD_CHECK(mount("b", inner.c_str(), "tmpfs", 0, nullptr) == 0);
    CHILD_CHECK_ERRNO(umount2(m.c_str(), 0), EBUSY);  // a mount inside
    CHILD_CHECK(umount2(inner.c_str(), UMOUNT_NOFOLLOW) == 0);
    // An open file keeps it busy.
    int fd = open((m + "/f").c_str(), O_CREAT | O_RDWR, 0644);
    CHILD_CHECK(fd >= 0);
    CHILD_CHECK_ERRNO(umount2(m.c_str(), 0), EBUSY);
    CHILD_CHECK(close(fd) == 0);
    CHILD_CHECK(umount2(m.c_str(), MNT_FORCE) == 0);
    CHILD_CHECK_ERRNO(umount2(m.c_str(), 0), EINVAL);
    return 0;
  });
}

TEST_F(Mount, DetachWhileAFileIsOpen) {
  std::string m = Path("m");
  RUN_IN_PRIVATE_NS([&] {
    CHILD_CHECK(mount("a", m.c_str(), "tmpfs", 0, nullptr) == 0);
    int fd = open((m + "/f").c_str(), O_CREAT | O_RDWR, 0644);
    CHILD_CHECK(fd >= 0);
    CHILD_CHECK(write(fd, "abc", 3) == 3);
    CHILD_CHECK(umount2(m.c_str(), MNT_DETACH) == 0);
    CHILD_CHECK(MountLineFor(m).empty());
    CHILD_CHECK(Entries(m) == 0);
    char buf[4] = {};
    CHILD_CHECK(pread(fd, buf, 3, 0) == 3 && strcmp(buf, "abc") == 0);
    CHILD_CHECK(close(fd) == 0);
    return 0;
  });
}

TEST_F(Mount, StatfsOfATmpfs) {
  std::string m = Path("m");
  RUN_IN_PRIVATE_NS([&] {
    CHILD_CHECK(mount("a", m.c_str(), "tmpfs", MS_NOEXEC, nullptr) == 0);
    struct statfs sf;
    CHILD_CHECK(statfs(m.c_str(), &sf) == 0);
    CHILD_CHECK(sf.f_type == TMPFS_MAGIC);
    CHILD_CHECK(sf.f_bsize == 4096);
    CHILD_CHECK(sf.f_namelen == 255);
    CHILD_CHECK(sf.f_blocks > 0 && sf.f_bfree > 0 && sf.f_bfree <= sf.f_blocks);
    CHILD_CHECK(sf.f_bavail == sf.f_bfree);
    CHILD_CHECK(sf.f_flags & ST_NOEXEC);
    CHILD_CHECK(!(sf.f_flags & ST_RDONLY));
    int fd = open(m.c_str(), O_RDONLY | O_DIRECTORY);
    CHILD_CHECK(fd >= 0);
    struct statfs ff;
    CHILD_CHECK(fstatfs(fd, &ff) == 0);
    CHILD_CHECK(ff.f_type == TMPFS_MAGIC && ff.f_flags == sf.f_flags);
    CHILD_CHECK(close(fd) == 0);
    CHILD_CHECK(umount2(m.c_str(), 0) == 0);
    return 0;
  });
}

TEST(Statfs, ProcIsProcSuperMagic) {
  struct statfs sf;
  ASSERT_OK(statfs("/proc", &sf));
  EXPECT_EQ(sf.f_type, PROC_SUPER_MAGIC);
  EXPECT_EQ(sf.f_bsize, 4096);
  EXPECT_EQ(sf.f_namelen, 255);
  int fd = open("/proc/self/stat", O_RDONLY);
  ASSERT_GE(fd, 0);
  struct statfs ff;
  ASSERT_OK(fstatfs(fd, &ff));
  EXPECT_EQ(ff.f_type, PROC_SUPER_MAGIC);
  close(fd);
}

TEST(Statfs, Errors) {
  struct statfs sf;
  EXPECT_ERRNO(statfs("/nonexistent-cub-path", &sf), ENOENT);
  EXPECT_ERRNO(statfs("", &sf), ENOENT);
  EXPECT_ERRNO(statfs("/", (struct statfs*)1), EFAULT);
  EXPECT_ERRNO(statfs((const char*)1, &sf), EFAULT);
  EXPECT_ERRNO(fstatfs(-1, &sf), EBADF);
  EXPECT_ERRNO(fstatfs(0x7fff, &sf), EBADF);
}

}  // namespace
}  // namespace cub
