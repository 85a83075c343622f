// inotify (inotify(7)): watches on files and directories, an event queue
// per instance, coalescing, overflow, readiness and the errnos.  Every
// case works inside a fresh TempDir, so it is safe on the host, and asks
// only what tmpfs (cub's /tmp) and ext4 (the host's) answer alike.
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "conformance.h"

namespace cub {
namespace {

struct Ev {
  int wd;
  uint32_t mask;
  uint32_t cookie;
  uint32_t len;
  std::string name;
};

// A TempDir and one non-blocking inotify instance, closed at the end.
class Inotify : public TempDirTest {
 protected:
  void SetUp() override {
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    ASSERT_GE(fd_, 0) << strerror(errno);
  }
  void TearDown() override {
    if (fd_ >= 0) close(fd_);
  }
  int Watch(const std::string& path, uint32_t mask) {
    return inotify_add_watch(fd_, path.c_str(), mask);
  }
  // Every event queued now (the instance is non-blocking).
  std::vector<Ev> Drain(int fd = -1) {
    if (fd < 0) fd = fd_;
    std::vector<Ev> out;
    alignas(struct inotify_event) char buf[65536];
    for (;;) {
      ssize_t n = read(fd, buf, sizeof(buf));
      if (n <= 0) break;
      for (ssize_t off = 0; off < n;) {
        auto* e = reinterpret_cast<struct inotify_event*>(buf + off);
        Ev ev{e->wd, e->mask, e->cookie, e->len, e->len ? std::string(e->name) : ""};
        out.push_back(ev);
        off += sizeof(*e) + e->len;
      }
    }
    return out;
  }
  int fd_ = -1;
};

void Touch(const std::string& p) {
  int fd = open(p.c_str(), O_CREAT | O_WRONLY, 0644);
  ASSERT_GE(fd, 0) << strerror(errno);
  close(fd);
}

void Append(const std::string& p, const std::string& s) {
  int fd = open(p.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0) << strerror(errno);
  ASSERT_EQ(write(fd, s.data(), s.size()), (ssize_t)s.size());
  close(fd);
}

TEST(InotifyInit, InitGivesDescriptor) {
  int fd = inotify_init();
  ASSERT_GE(fd, 0) << strerror(errno);
  EXPECT_EQ(fcntl(fd, F_GETFD), 0);
  EXPECT_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
  close(fd);
}

TEST(InotifyInit, Init1Flags) {
  int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  ASSERT_GE(fd, 0) << strerror(errno);
  EXPECT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  EXPECT_NE(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
  close(fd);
}

TEST(InotifyInit, Init1UnknownFlagEinval) {
  EXPECT_ERRNO(inotify_init1(O_APPEND), EINVAL);
  EXPECT_ERRNO(inotify_init1(IN_NONBLOCK | O_RDWR | O_WRONLY), EINVAL);
}

TEST(InotifyInit, ProcFdLink) {
  int fd = inotify_init1(0);
  ASSERT_GE(fd, 0);
  char buf[64] = {};
  std::string link = "/proc/self/fd/" + std::to_string(fd);
  ASSERT_GT(readlink(link.c_str(), buf, sizeof(buf) - 1), 0) << strerror(errno);
  EXPECT_STREQ(buf, "anon_inode:inotify");
  close(fd);
}

TEST_F(Inotify, AddWatchGivesPositiveWd) {
  int wd = Watch(dir(), IN_CREATE);
  EXPECT_GT(wd, 0) << strerror(errno);
}

TEST_F(Inotify, SameInodeSameWd) {
  Touch(Path("f"));
  ASSERT_EQ(link(Path("f").c_str(), Path("g").c_str()), 0);
  int a = Watch(Path("f"), IN_MODIFY);
  int b = Watch(Path("g"), IN_ATTRIB);
  EXPECT_GT(a, 0);
  EXPECT_EQ(a, b);
  EXPECT_EQ(Watch(dir() + "/.", IN_CREATE), Watch(dir(), IN_DELETE));
}

TEST_F(Inotify, DistinctInodesDistinctWds) {
  Touch(Path("a"));
  Touch(Path("b"));
  int a = Watch(Path("a"), IN_MODIFY), b = Watch(Path("b"), IN_MODIFY);
  EXPECT_GT(a, 0);
  EXPECT_GT(b, 0);
  EXPECT_NE(a, b);
}

TEST_F(Inotify, MaskCreateOnWatchedEexist) {
  ASSERT_GT(Watch(dir(), IN_CREATE), 0);
  EXPECT_ERRNO(Watch(dir(), IN_DELETE | IN_MASK_CREATE), EEXIST);
}

TEST_F(Inotify, MaskCreateOnNewWatchWorks) {
  EXPECT_GT(Watch(dir(), IN_DELETE | IN_MASK_CREATE), 0);
}

TEST_F(Inotify, MaskAddWithMaskCreateEinval) {
  EXPECT_ERRNO(Watch(dir(), IN_CREATE | IN_MASK_ADD | IN_MASK_CREATE), EINVAL);
}

TEST_F(Inotify, ZeroMaskEinval) { EXPECT_ERRNO(Watch(dir(), 0), EINVAL); }

TEST_F(Inotify, AddWatchBadFdEbadf) {
  EXPECT_ERRNO(inotify_add_watch(-1, dir().c_str(), IN_CREATE), EBADF);
  EXPECT_ERRNO(inotify_add_watch(999, dir().c_str(), IN_CREATE), EBADF);
}

TEST_F(Inotify, AddWatchNotInotifyEinval) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  EXPECT_ERRNO(inotify_add_watch(p[0], dir().c_str(), IN_CREATE), EINVAL);
  close(p[0]);
  close(p[1]);
}

TEST_F(Inotify, AddWatchMissingEnoent) {
  EXPECT_ERRNO(Watch(Path("nope"), IN_CREATE), ENOENT);
}

TEST_F(Inotify, OnlyDirOnFileEnotdir) {
  Touch(Path("f"));
  EXPECT_ERRNO(Watch(Path("f"), IN_CREATE | IN_ONLYDIR), ENOTDIR);
  EXPECT_GT(Watch(dir(), IN_CREATE | IN_ONLYDIR), 0);
}

TEST_F(Inotify, DontFollowWatchesTheLink) {
  Touch(Path("f"));
  ASSERT_EQ(symlink("f", Path("l").c_str()), 0);
  int target = Watch(Path("f"), IN_MODIFY);
  int followed = Watch(Path("l"), IN_MODIFY);
  int link = Watch(Path("l"), IN_MODIFY | IN_DONT_FOLLOW);
  EXPECT_EQ(target, followed);
  EXPECT_GT(link, 0);
  EXPECT_NE(link, target);
}

TEST_F(Inotify, ExclUnlinkAccepted) {
  EXPECT_GT(Watch(dir(), IN_ALL_EVENTS | IN_EXCL_UNLINK), 0);
}

TEST_F(Inotify, NoReadPermissionEacces) {
  Touch(Path("secret"));
  ASSERT_EQ(chmod(Path("secret").c_str(), 0), 0);
  ASSERT_EQ(chmod(dir().c_str(), 0755), 0);
  std::string p = Path("secret");
  int fd = fd_;
  int st = RunInChild([&] {
    if (geteuid() == 0 && setresuid(65534, 65534, 65534) != 0) return 2;
    errno = 0;
    if (inotify_add_watch(fd, p.c_str(), IN_MODIFY) != -1) return 3;
    return errno == EACCES ? 0 : 4;
  });
  EXPECT_EXIT0(st);
}

TEST_F(Inotify, RmWatchUnknownEinval) {
  EXPECT_ERRNO(inotify_rm_watch(fd_, 12345), EINVAL);
  EXPECT_ERRNO(inotify_rm_watch(fd_, -1), EINVAL);
}

TEST_F(Inotify, RmWatchBadFds) {
  int wd = Watch(dir(), IN_CREATE);
  ASSERT_GT(wd, 0);
  EXPECT_ERRNO(inotify_rm_watch(-1, wd), EBADF);
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  EXPECT_ERRNO(inotify_rm_watch(p[0], wd), EINVAL);
  close(p[0]);
  close(p[1]);
}

TEST_F(Inotify, RmWatchQueuesIgnored) {
  int wd = Watch(dir(), IN_CREATE);
  ASSERT_GT(wd, 0);
  ASSERT_EQ(inotify_rm_watch(fd_, wd), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].wd, wd);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_IGNORED);
  EXPECT_EQ(ev[0].len, 0u);
  EXPECT_ERRNO(inotify_rm_watch(fd_, wd), EINVAL);
  Touch(Path("f"));
  EXPECT_TRUE(Drain().empty());
}

TEST_F(Inotify, CreateNamesThePaddedChild) {
  int wd = Watch(dir(), IN_CREATE);
  ASSERT_GT(wd, 0);
  Touch(Path("hello"));
  alignas(struct inotify_event) char buf[4096];
  ssize_t n = read(fd_, buf, sizeof(buf));
  ASSERT_EQ(n, (ssize_t)(sizeof(struct inotify_event) + 16));
  auto* e = reinterpret_cast<struct inotify_event*>(buf);
  EXPECT_EQ(e->wd, wd);
  EXPECT_EQ(e->mask, (uint32_t)IN_CREATE);
  EXPECT_EQ(e->cookie, 0u);
  EXPECT_EQ(e->len, 16u);
  EXPECT_STREQ(e->name, "hello");
  for (size_t i = 5; i < 16; i++) EXPECT_EQ(e->name[i], '\0') << i;
}

TEST_F(Inotify, NameOfSixteenPadsToThirtyTwo) {
  ASSERT_GT(Watch(dir(), IN_CREATE), 0);
  Touch(Path("0123456789abcdef"));
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].len, 32u);
  EXPECT_EQ(ev[0].name, "0123456789abcdef");
}

TEST_F(Inotify, MkdirIsDir) {
  ASSERT_GT(Watch(dir(), IN_CREATE), 0);
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].mask, (uint32_t)(IN_CREATE | IN_ISDIR));
  EXPECT_EQ(ev[0].name, "d");
}

TEST_F(Inotify, LinkAndSymlinkCreate) {
  Touch(Path("f"));
  ASSERT_GT(Watch(dir(), IN_CREATE), 0);
  ASSERT_EQ(link(Path("f").c_str(), Path("hard").c_str()), 0);
  ASSERT_EQ(symlink("f", Path("soft").c_str()), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].name, "hard");
  EXPECT_EQ(ev[1].name, "soft");
  EXPECT_EQ(ev[1].mask, (uint32_t)IN_CREATE);
}

TEST_F(Inotify, UnlinkDelete) {
  Touch(Path("f"));
  ASSERT_GT(Watch(dir(), IN_DELETE), 0);
  ASSERT_EQ(unlink(Path("f").c_str()), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_DELETE);
  EXPECT_EQ(ev[0].name, "f");
}

TEST_F(Inotify, RmdirDeleteIsDir) {
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  ASSERT_GT(Watch(dir(), IN_DELETE), 0);
  ASSERT_EQ(rmdir(Path("d").c_str()), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].mask, (uint32_t)(IN_DELETE | IN_ISDIR));
  EXPECT_EQ(ev[0].name, "d");
}

TEST_F(Inotify, WriteModifiesFile) {
  Touch(Path("f"));
  int wd = Watch(Path("f"), IN_MODIFY);
  Append(Path("f"), "x");
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].wd, wd);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_MODIFY);
  EXPECT_EQ(ev[0].len, 0u);
}

TEST_F(Inotify, WriteModifiesChildOfWatchedDir) {
  Touch(Path("f"));
  int wd = Watch(dir(), IN_MODIFY);
  Append(Path("f"), "x");
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].wd, wd);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_MODIFY);
  EXPECT_EQ(ev[0].name, "f");
}

TEST_F(Inotify, FtruncateModifies) {
  WriteFile("f", "abc");
  ASSERT_GT(Watch(Path("f"), IN_MODIFY), 0);
  int fd = open(Path("f").c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, 1), 0);
  close(fd);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_MODIFY);
}

TEST_F(Inotify, FchmodAndFtruncateReachTheDirectory) {
  WriteFile("f", "abc");
  int wd = Watch(dir(), IN_ATTRIB | IN_MODIFY);
  int fd = open(Path("f").c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fchmod(fd, 0600), 0);
  ASSERT_EQ(ftruncate(fd, 0), 0);
  close(fd);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].wd, wd);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_ATTRIB);
  EXPECT_EQ(ev[0].name, "f");
  EXPECT_EQ(ev[1].mask, (uint32_t)IN_MODIFY);
  EXPECT_EQ(ev[1].name, "f");
}

TEST_F(Inotify, ChmodAttrib) {
  Touch(Path("f"));
  ASSERT_GT(Watch(Path("f"), IN_ATTRIB), 0);
  ASSERT_EQ(chmod(Path("f").c_str(), 0600), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_ATTRIB);
}

TEST_F(Inotify, ChmodOfDirAttribIsDir) {
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  ASSERT_GT(Watch(Path("d"), IN_ATTRIB), 0);
  ASSERT_EQ(chmod(Path("d").c_str(), 0700), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].mask, (uint32_t)(IN_ATTRIB | IN_ISDIR));
}

TEST_F(Inotify, UtimesAndChownAttrib) {
  Touch(Path("f"));
  ASSERT_GT(Watch(Path("f"), IN_ATTRIB), 0);
  ASSERT_EQ(utimensat(AT_FDCWD, Path("f").c_str(), nullptr, 0), 0);
  ASSERT_EQ(chown(Path("f").c_str(), geteuid(), getegid()), 0);
  auto ev = Drain();
  // The two are alike and consecutive: they may merge into one.
  ASSERT_GE(ev.size(), 1u);
  for (auto& e : ev) EXPECT_EQ(e.mask, (uint32_t)IN_ATTRIB);
}

TEST_F(Inotify, OpenCloseWrite) {
  Touch(Path("f"));
  ASSERT_GT(Watch(Path("f"), IN_OPEN | IN_CLOSE), 0);
  int fd = open(Path("f").c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  close(fd);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_OPEN);
  EXPECT_EQ(ev[1].mask, (uint32_t)IN_CLOSE_WRITE);
}

TEST_F(Inotify, OpenCloseNowrite) {
  Touch(Path("f"));
  ASSERT_GT(Watch(Path("f"), IN_OPEN | IN_CLOSE), 0);
  int fd = open(Path("f").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  close(fd);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_OPEN);
  EXPECT_EQ(ev[1].mask, (uint32_t)IN_CLOSE_NOWRITE);
}

TEST_F(Inotify, CloseWriteOfChildAsDbusWatches) {
  int wd = Watch(dir(), IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM);
  ASSERT_GT(wd, 0);
  WriteFile("session.conf", "<busconfig/>");
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].wd, wd);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_CLOSE_WRITE);
  EXPECT_EQ(ev[0].name, "session.conf");
}

TEST_F(Inotify, OpenDirIsDir) {
  ASSERT_GT(Watch(dir(), IN_OPEN), 0);
  int fd = open(dir().c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  close(fd);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].mask, (uint32_t)(IN_OPEN | IN_ISDIR));
  EXPECT_EQ(ev[0].len, 0u);
}

TEST_F(Inotify, ReadAccess) {
  WriteFile("f", "abc");
  ASSERT_GT(Watch(Path("f"), IN_ACCESS), 0);
  int fd = open(Path("f").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  char c;
  ASSERT_EQ(read(fd, &c, 1), 1);
  close(fd);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_ACCESS);
}

TEST_F(Inotify, RenameSharesCookie) {
  Touch(Path("a"));
  ASSERT_GT(Watch(dir(), IN_MOVE), 0);
  ASSERT_EQ(rename(Path("a").c_str(), Path("b").c_str()), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_MOVED_FROM);
  EXPECT_EQ(ev[0].name, "a");
  EXPECT_EQ(ev[1].mask, (uint32_t)IN_MOVED_TO);
  EXPECT_EQ(ev[1].name, "b");
  EXPECT_NE(ev[0].cookie, 0u);
  EXPECT_EQ(ev[0].cookie, ev[1].cookie);
}

TEST_F(Inotify, RenameAcrossDirsAndFreshCookies) {
  ASSERT_EQ(mkdir(Path("x").c_str(), 0755), 0);
  ASSERT_EQ(mkdir(Path("y").c_str(), 0755), 0);
  Touch(Path("x/f"));
  int wx = Watch(Path("x"), IN_MOVE), wy = Watch(Path("y"), IN_MOVE);
  ASSERT_EQ(rename(Path("x/f").c_str(), Path("y/g").c_str()), 0);
  ASSERT_EQ(rename(Path("y/g").c_str(), Path("x/f").c_str()), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[0].wd, wx);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_MOVED_FROM);
  EXPECT_EQ(ev[1].wd, wy);
  EXPECT_EQ(ev[1].mask, (uint32_t)IN_MOVED_TO);
  EXPECT_EQ(ev[1].name, "g");
  EXPECT_EQ(ev[0].cookie, ev[1].cookie);
  EXPECT_EQ(ev[2].cookie, ev[3].cookie);
  EXPECT_NE(ev[0].cookie, ev[2].cookie);
}

TEST_F(Inotify, RenameOfDirIsDir) {
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  ASSERT_GT(Watch(dir(), IN_MOVE), 0);
  ASSERT_EQ(rename(Path("d").c_str(), Path("e").c_str()), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].mask, (uint32_t)(IN_MOVED_FROM | IN_ISDIR));
  EXPECT_EQ(ev[1].mask, (uint32_t)(IN_MOVED_TO | IN_ISDIR));
}

TEST_F(Inotify, MoveSelf) {
  Touch(Path("a"));
  int wd = Watch(Path("a"), IN_MOVE_SELF);
  ASSERT_EQ(rename(Path("a").c_str(), Path("b").c_str()), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].wd, wd);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_MOVE_SELF);
}

TEST_F(Inotify, UnlinkDeleteSelfThenIgnored) {
  Touch(Path("f"));
  int wd = Watch(Path("f"), IN_ALL_EVENTS);
  ASSERT_EQ(unlink(Path("f").c_str()), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_ATTRIB);
  EXPECT_EQ(ev[1].mask, (uint32_t)IN_DELETE_SELF);
  EXPECT_EQ(ev[2].mask, (uint32_t)IN_IGNORED);
  for (auto& e : ev) EXPECT_EQ(e.wd, wd);
  EXPECT_ERRNO(inotify_rm_watch(fd_, wd), EINVAL);
}

TEST_F(Inotify, RmdirDeleteSelfThenIgnored) {
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  int wd = Watch(Path("d"), IN_DELETE_SELF);
  ASSERT_EQ(rmdir(Path("d").c_str()), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].wd, wd);
  EXPECT_TRUE(ev[0].mask & IN_DELETE_SELF);
  EXPECT_EQ(ev[1].mask, (uint32_t)IN_IGNORED);
}

TEST_F(Inotify, IgnoredEvenWithoutDeleteSelf) {
  Touch(Path("f"));
  int wd = Watch(Path("f"), IN_MODIFY);
  ASSERT_EQ(unlink(Path("f").c_str()), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].wd, wd);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_IGNORED);
}

TEST_F(Inotify, IdenticalEventsCoalesce) {
  Touch(Path("f"));
  ASSERT_GT(Watch(Path("f"), IN_MODIFY), 0);
  int fd = open(Path("f").c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 5; i++) ASSERT_EQ(write(fd, "x", 1), 1);
  close(fd);
  EXPECT_EQ(Drain().size(), 1u);
}

TEST_F(Inotify, ReadEventIsNotMergedInto) {
  Touch(Path("f"));
  ASSERT_GT(Watch(Path("f"), IN_MODIFY), 0);
  Append(Path("f"), "x");
  EXPECT_EQ(Drain().size(), 1u);
  Append(Path("f"), "x");
  EXPECT_EQ(Drain().size(), 1u);
}

TEST_F(Inotify, DifferentNamesDoNotCoalesce) {
  ASSERT_GT(Watch(dir(), IN_CREATE), 0);
  Touch(Path("a"));
  Touch(Path("b"));
  EXPECT_EQ(Drain().size(), 2u);
}

TEST_F(Inotify, MaskIsReplaced) {
  Touch(Path("f"));
  int a = Watch(Path("f"), IN_MODIFY);
  int b = Watch(Path("f"), IN_ATTRIB);
  EXPECT_EQ(a, b);
  Append(Path("f"), "x");
  ASSERT_EQ(chmod(Path("f").c_str(), 0600), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_ATTRIB);
}

TEST_F(Inotify, MaskAddExtends) {
  Touch(Path("f"));
  int a = Watch(Path("f"), IN_MODIFY);
  int b = Watch(Path("f"), IN_ATTRIB | IN_MASK_ADD);
  EXPECT_EQ(a, b);
  Append(Path("f"), "x");
  ASSERT_EQ(chmod(Path("f").c_str(), 0600), 0);
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_MODIFY);
  EXPECT_EQ(ev[1].mask, (uint32_t)IN_ATTRIB);
}

TEST_F(Inotify, OneshotThenIgnored) {
  int wd = Watch(dir(), IN_CREATE | IN_ONESHOT);
  ASSERT_GT(wd, 0);
  Touch(Path("a"));
  Touch(Path("b"));
  auto ev = Drain();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].mask, (uint32_t)IN_CREATE);
  EXPECT_EQ(ev[0].name, "a");
  EXPECT_EQ(ev[1].wd, wd);
  EXPECT_EQ(ev[1].mask, (uint32_t)IN_IGNORED);
  EXPECT_ERRNO(inotify_rm_watch(fd_, wd), EINVAL);
}

TEST_F(Inotify, TwoInstancesBothHear) {
  int other = inotify_init1(IN_NONBLOCK);
  ASSERT_GE(other, 0);
  ASSERT_GT(Watch(dir(), IN_CREATE), 0);
  ASSERT_GT(inotify_add_watch(other, dir().c_str(), IN_CREATE), 0);
  Touch(Path("f"));
  EXPECT_EQ(Drain().size(), 1u);
  EXPECT_EQ(Drain(other).size(), 1u);
  close(other);
}

TEST_F(Inotify, ReadTooSmallEinval) {
  ASSERT_GT(Watch(dir(), IN_CREATE), 0);
  Touch(Path("f"));
  alignas(struct inotify_event) char buf[sizeof(struct inotify_event) + 8];
  EXPECT_ERRNO(read(fd_, buf, sizeof(buf)), EINVAL);
  EXPECT_ERRNO(read(fd_, buf, 0), EINVAL);
  EXPECT_EQ(Drain().size(), 1u);
}

TEST_F(Inotify, ReadTakesOnlyWholeEvents) {
  ASSERT_GT(Watch(dir(), IN_CREATE), 0);
  Touch(Path("a"));
  Touch(Path("b"));
  size_t one = sizeof(struct inotify_event) + 16;
  alignas(struct inotify_event) char buf[2 * sizeof(struct inotify_event) + 40];
  EXPECT_EQ(read(fd_, buf, one + 10), (ssize_t)one);
  EXPECT_EQ(read(fd_, buf, sizeof(buf)), (ssize_t)one);
}

TEST_F(Inotify, NonblockEmptyEagain) {
  char buf[256];
  EXPECT_ERRNO(read(fd_, buf, sizeof(buf)), EAGAIN);
}

TEST_F(Inotify, FionreadCountsBytes) {
  int n = -1;
  ASSERT_EQ(ioctl(fd_, FIONREAD, &n), 0);
  EXPECT_EQ(n, 0);
  ASSERT_GT(Watch(dir(), IN_CREATE | IN_DELETE), 0);
  Touch(Path("f"));
  ASSERT_EQ(unlink(Path("f").c_str()), 0);
  ASSERT_EQ(ioctl(fd_, FIONREAD, &n), 0);
  EXPECT_EQ(n, (int)(2 * (sizeof(struct inotify_event) + 16)));
}

TEST_F(Inotify, PollReadiness) {
  struct pollfd p = {fd_, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 0), 0);
  ASSERT_GT(Watch(dir(), IN_CREATE), 0);
  Touch(Path("f"));
  EXPECT_EQ(poll(&p, 1, 0), 1);
  EXPECT_EQ(p.revents, POLLIN);
  Drain();
  EXPECT_EQ(poll(&p, 1, 0), 0);
}

TEST_F(Inotify, EpollWakesOnEvent) {
  int ep = epoll_create1(0);
  ASSERT_GE(ep, 0);
  struct epoll_event ev = {};
  ev.events = EPOLLIN;
  ASSERT_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, fd_, &ev), 0);
  ASSERT_GT(Watch(dir(), IN_CREATE), 0);
  std::string p = Path("late");
  std::thread t([p] {
    usleep(50000);
    Touch(p);
  });
  struct epoll_event out = {};
  EXPECT_EQ(epoll_wait(ep, &out, 1, 5000), 1);
  EXPECT_EQ(out.events, (uint32_t)EPOLLIN);
  t.join();
  close(ep);
}

TEST_F(Inotify, BlockingReadWaits) {
  int fd = inotify_init1(0);
  ASSERT_GE(fd, 0);
  ASSERT_GT(inotify_add_watch(fd, dir().c_str(), IN_CREATE), 0);
  std::string p = Path("late");
  std::thread t([p] {
    usleep(50000);
    Touch(p);
  });
  alignas(struct inotify_event) char buf[256];
  ssize_t n = read(fd, buf, sizeof(buf));
  EXPECT_EQ(n, (ssize_t)(sizeof(struct inotify_event) + 16));
  EXPECT_STREQ(reinterpret_cast<struct inotify_event*>(buf)->name, "late");
  t.join();
  close(fd);
}

// The queue's limit: /proc/sys/fs/inotify/max_queued_events where it
// exists, else Linux's default.
int MaxQueued() {
  int fd = open("/proc/sys/fs/inotify/max_queued_events", O_RDONLY);
  if (fd < 0) return 16384;
  char buf[32] = {};
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  return n > 0 ? atoi(buf) : 16384;
}

TEST_F(Inotify, OverflowQueuesOneQOverflow) {
  int max = MaxQueued();
  if (max > 100000) GTEST_SKIP() << "max_queued_events is " << max;
  Touch(Path("f"));
  ASSERT_GT(Watch(Path("f"), IN_OPEN | IN_CLOSE_NOWRITE), 0);
  // Alternating events never coalesce.
  for (int i = 0; i < max / 2 + 10; i++) {
    int fd = open(Path("f").c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    close(fd);
  }
  auto ev = Drain();
  ASSERT_EQ(ev.size(), (size_t)max + 1);
  EXPECT_EQ(ev[max - 1].mask, (uint32_t)IN_CLOSE_NOWRITE);
  EXPECT_EQ(ev[max].wd, -1);
  EXPECT_EQ(ev[max].mask, (uint32_t)IN_Q_OVERFLOW);
  // Room again: events queue once more.
  int fd = open(Path("f").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  close(fd);
  EXPECT_EQ(Drain().size(), 2u);
}

TEST_F(Inotify, ClosingInstanceEndsWatches) {
  int other = inotify_init1(IN_NONBLOCK);
  ASSERT_GE(other, 0);
  Touch(Path("f"));
  ASSERT_GT(inotify_add_watch(other, Path("f").c_str(), IN_ALL_EVENTS), 0);
  ASSERT_GT(inotify_add_watch(other, dir().c_str(), IN_ALL_EVENTS), 0);
  close(other);
  Append(Path("f"), "x");
  ASSERT_EQ(unlink(Path("f").c_str()), 0);
  // The remaining instance still works.
  ASSERT_GT(Watch(dir(), IN_CREATE), 0);
  Touch(Path("g"));
  EXPECT_EQ(Drain().size(), 1u);
}

TEST_F(Inotify, FstatIsAnonymous) {
  struct stat st;
  ASSERT_EQ(fstat(fd_, &st), 0);
  EXPECT_EQ(st.st_mode & S_IFMT, 0u);
}

}  // namespace
}  // namespace cub
