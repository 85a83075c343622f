// Descriptors: dup, dup2, dup3, fcntl (F_DUPFD, F_GETFD/F_SETFD,
// F_GETFL/F_SETFL) and POSIX advisory record locks between processes.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "conformance.h"

namespace cub {
namespace {

class Fd : public TempDirTest {
 protected:
  int OpenFile(const char* contents = "0123456789", int flags = O_RDWR) {
    WriteFile("f", contents);
    return open(Path("f").c_str(), flags | O_CLOEXEC);
  }
};

TEST_F(Fd, DupReturnsTheLowestFreeNumberWithoutCloexec) {
  int fd = OpenFile();
  ASSERT_GE(fd, 0);
  int hole = dup(fd);
  int d2 = dup(fd);
  ASSERT_EQ(close(hole), 0);
  int d = dup(fd);
  EXPECT_EQ(d, hole);
  EXPECT_EQ(fcntl(d, F_GETFD), 0) << "dup clears FD_CLOEXEC";
  close(d);
  close(d2);
  close(fd);
}

TEST_F(Fd, Dup2ClosesTheTargetAndReturnsIt) {
  int fd = OpenFile();
  int other = open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_GE(other, 0);
  EXPECT_EQ(dup2(fd, other), other);
  struct stat a, b;
  fstat(fd, &a);
  fstat(other, &b);
  EXPECT_EQ(a.st_ino, b.st_ino) << "other now refers to the file";
  EXPECT_EQ(fcntl(other, F_GETFD), 0);
  close(other);
  close(fd);
}

TEST_F(Fd, Dup2OntoItselfIsANoOpButChecksTheFd) {
  int fd = OpenFile();
  ASSERT_GE(fd, 0);
  EXPECT_EQ(dup2(fd, fd), fd);
  EXPECT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC) << "flags are untouched";
  close(fd);
  EXPECT_ERRNO(dup2(fd, fd), EBADF);
}

TEST_F(Fd, Dup2ToANegativeOrHugeNumberIsEbadf) {
  int fd = OpenFile();
  ASSERT_GE(fd, 0);
  EXPECT_ERRNO(dup2(fd, -1), EBADF);
  EXPECT_ERRNO(dup2(fd, 1 << 30), EBADF);
  close(fd);
}

TEST_F(Fd, Dup3OntoTheSameFdIsEinval) {
  int fd = OpenFile();
  ASSERT_GE(fd, 0);
  EXPECT_ERRNO(dup3(fd, fd, 0), EINVAL);
  close(fd);
}

TEST_F(Fd, Dup3TakesOnlyOCloexec) {
  int fd = OpenFile();
  ASSERT_GE(fd, 0);
  int target = fd + 10;
  EXPECT_EQ(dup3(fd, target, O_CLOEXEC), target);
  EXPECT_EQ(fcntl(target, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(dup3(fd, target, 0), target);
  EXPECT_EQ(fcntl(target, F_GETFD), 0);
  EXPECT_ERRNO(dup3(fd, target + 1, O_NONBLOCK), EINVAL);
  close(target);
  close(fd);
}

TEST_F(Fd, FDupfdReturnsTheLowestFreeNumberAtOrAboveTheArgument) {
  int fd = OpenFile();
  ASSERT_GE(fd, 0);
  int a = fcntl(fd, F_DUPFD, 100);
  int b = fcntl(fd, F_DUPFD, 100);
  EXPECT_EQ(a, 100);
  EXPECT_EQ(b, 101);
  EXPECT_EQ(fcntl(a, F_GETFD), 0);
  int c = fcntl(fd, F_DUPFD_CLOEXEC, 100);
  EXPECT_EQ(c, 102);
  EXPECT_EQ(fcntl(c, F_GETFD), FD_CLOEXEC);
  EXPECT_ERRNO(fcntl(fd, F_DUPFD, -1), EINVAL);
  close(a);
  close(b);
  close(c);
  close(fd);
}

TEST_F(Fd, FSetfdTogglesCloexec) {
  int fd = OpenFile();
  ASSERT_GE(fd, 0);
  EXPECT_EQ(fcntl(fd, F_SETFD, 0), 0);
  EXPECT_EQ(fcntl(fd, F_GETFD), 0);
  EXPECT_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
  EXPECT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  close(fd);
}

TEST_F(Fd, FGetflReportsTheAccessModeAndStatusFlags) {
  int fd = OpenFile("x", O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  int fl = fcntl(fd, F_GETFL);
  EXPECT_EQ(fl & O_ACCMODE, O_WRONLY);
  EXPECT_TRUE(fl & O_APPEND);
  EXPECT_FALSE(fl & O_NONBLOCK);
  EXPECT_FALSE(fl & O_CLOEXEC) << "O_CLOEXEC is a descriptor flag";
  close(fd);
}

TEST_F(Fd, FSetflAddsOAppendButCannotChangeTheAccessMode) {
  int fd = OpenFile("abc", O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fcntl(fd, F_SETFL, O_RDWR | O_APPEND), 0);
  int fl = fcntl(fd, F_GETFL);
  EXPECT_EQ(fl & O_ACCMODE, O_RDONLY) << "the access mode is ignored";
  EXPECT_TRUE(fl & O_APPEND);
  EXPECT_ERRNO(write(fd, "x", 1), EBADF);
  close(fd);
}

TEST_F(Fd, FSetflOAppendMakesWritesAppend) {
  int fd = OpenFile("abc", O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fcntl(fd, F_SETFL, O_APPEND), 0);
  ASSERT_EQ(lseek(fd, 0, SEEK_SET), 0);
  ASSERT_EQ(write(fd, "d", 1), 1);
  char buf[8] = {};
  ASSERT_EQ(pread(fd, buf, sizeof buf, 0), 4);
  EXPECT_STREQ(buf, "abcd");
  close(fd);
}

TEST_F(Fd, FSetflONonblockOnAPipeMakesAnEmptyReadEagain) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  ASSERT_EQ(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
  EXPECT_TRUE(fcntl(p[0], F_GETFL) & O_NONBLOCK);
  char c;
  EXPECT_ERRNO(read(p[0], &c, 1), EAGAIN);
  ASSERT_EQ(fcntl(p[0], F_SETFL, 0), 0);
  EXPECT_FALSE(fcntl(p[0], F_GETFL) & O_NONBLOCK);
  close(p[0]);
  close(p[1]);
}

TEST_F(Fd, StatusFlagsAreSharedByDupedDescriptors) {
  int fd = OpenFile();
  ASSERT_GE(fd, 0);
  int d = dup(fd);
  ASSERT_EQ(fcntl(fd, F_SETFL, O_APPEND), 0);
  EXPECT_TRUE(fcntl(d, F_GETFL) & O_APPEND) << "one open file description";
  EXPECT_EQ(fcntl(d, F_GETFD), 0) << "but separate descriptor flags";
  close(d);
  close(fd);
}

TEST_F(Fd, UnknownCommandIsEinval) {
  int fd = OpenFile();
  ASSERT_GE(fd, 0);
  EXPECT_ERRNO(fcntl(fd, 9999), EINVAL);
  close(fd);
}

TEST_F(Fd, DescriptorLimitIsEmfile) {
  // In a child, with a lowered soft RLIMIT_NOFILE (the parent's is kept).
  int status = RunInChild([this] {
    struct rlimit rl = {16, 16};
    CHILD_CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
    int last = -1;
    for (;;) {
      int fd = open(dir().c_str(), O_RDONLY | O_DIRECTORY);
      if (fd < 0) {
        CHILD_CHECK(errno == EMFILE);
        break;
      }
      CHILD_CHECK(fd < 16);
      last = fd;
    }
    CHILD_CHECK(last >= 0);
    CHILD_CHECK_ERRNO(dup(last), EMFILE);
    CHILD_CHECK_ERRNO(fcntl(last, F_DUPFD, 20), EINVAL);  // at or above the limit
    CHILD_CHECK_ERRNO(dup2(last, 16), EBADF);
    return 0;
  });
  EXPECT_EXIT0(status);
}

// ---------------------------------------------------------------------
// Advisory record locks (fcntl(2), "Advisory record locking").  Locks
// belong to a process, so the conflicting side is a child.

class Lock : public TempDirTest {
 protected:
  void SetUp() override {
    WriteFile("f", std::string(100, 'l'));
    fd_ = open(Path("f").c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_GE(fd_, 0);
  }
  void TearDown() override { close(fd_); }

  static struct flock Range(short type, off_t start, off_t len) {
    struct flock fl = {};
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = start;
    fl.l_len = len;
    return fl;
  }

  // In a child, tries F_SETLK with this range; returns 0 on success or the
  // errno, as the child's exit status.
  int ChildTries(short type, off_t start, off_t len) {
    std::string path = Path("f");
    int status = RunInChild([&] {
      int fd = open(path.c_str(), O_RDWR);
      if (fd < 0) return 200;
      struct flock fl = Range(type, start, len);
      return fcntl(fd, F_SETLK, &fl) == 0 ? 0 : errno;
    });
    return WIFEXITED(status) ? WEXITSTATUS(status) : 255;
  }

  int fd_ = -1;
};

TEST_F(Lock, WriteLockBlocksAnotherProcessWithEagain) {
  struct flock fl = Range(F_WRLCK, 0, 10);
  ASSERT_EQ(fcntl(fd_, F_SETLK, &fl), 0);
  // fcntl(2): EACCES or EAGAIN; Linux gives EAGAIN.
  EXPECT_EQ(ChildTries(F_WRLCK, 5, 10), EAGAIN);
  EXPECT_EQ(ChildTries(F_RDLCK, 0, 1), EAGAIN);
  EXPECT_EQ(ChildTries(F_WRLCK, 10, 10), 0) << "bytes 10.. are free";
}

TEST_F(Lock, ReadLocksAreShared) {
  struct flock fl = Range(F_RDLCK, 0, 50);
  ASSERT_EQ(fcntl(fd_, F_SETLK, &fl), 0);
  EXPECT_EQ(ChildTries(F_RDLCK, 0, 50), 0);
  EXPECT_EQ(ChildTries(F_WRLCK, 49, 1), EAGAIN);
}

TEST_F(Lock, GetlkInAnotherProcessReportsTheConflictingLock) {
  struct flock fl = Range(F_WRLCK, 20, 5);
  ASSERT_EQ(fcntl(fd_, F_SETLK, &fl), 0);
  pid_t me = getpid();
  std::string path = Path("f");
  int status = RunInChild([&] {
    int fd = open(path.c_str(), O_RDWR);
    CHILD_CHECK(fd >= 0);
    struct flock q = Range(F_WRLCK, 0, 100);
    CHILD_CHECK(fcntl(fd, F_GETLK, &q) == 0);
    CHILD_CHECK(q.l_type == F_WRLCK);
    CHILD_CHECK(q.l_start == 20);
    CHILD_CHECK(q.l_len == 5);
    CHILD_CHECK(q.l_pid == me);
    struct flock free_range = Range(F_WRLCK, 30, 10);
    CHILD_CHECK(fcntl(fd, F_GETLK, &free_range) == 0);
    CHILD_CHECK(free_range.l_type == F_UNLCK);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST_F(Lock, OwnLocksNeverConflict) {
  struct flock fl = Range(F_WRLCK, 0, 10);
  ASSERT_EQ(fcntl(fd_, F_SETLK, &fl), 0);
  struct flock q = Range(F_WRLCK, 0, 10);
  ASSERT_EQ(fcntl(fd_, F_GETLK, &q), 0);
  EXPECT_EQ(q.l_type, F_UNLCK);
  // Converting and re-locking one's own range succeeds.
  struct flock rd = Range(F_RDLCK, 0, 10);
  EXPECT_EQ(fcntl(fd_, F_SETLK, &rd), 0);
}

TEST_F(Lock, UnlockReleasesTheRange) {
  struct flock fl = Range(F_WRLCK, 0, 10);
  ASSERT_EQ(fcntl(fd_, F_SETLK, &fl), 0);
  ASSERT_EQ(ChildTries(F_WRLCK, 0, 10), EAGAIN);
  struct flock un = Range(F_UNLCK, 0, 10);
  ASSERT_EQ(fcntl(fd_, F_SETLK, &un), 0);
  EXPECT_EQ(ChildTries(F_WRLCK, 0, 10), 0);
}

TEST_F(Lock, ClosingAnyDescriptorOfTheFileReleasesTheLocks) {
  struct flock fl = Range(F_WRLCK, 0, 10);
  ASSERT_EQ(fcntl(fd_, F_SETLK, &fl), 0);
  int other = open(Path("f").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(other, 0);
  close(other);  // fcntl(2): all of the process's locks on the file go
  EXPECT_EQ(ChildTries(F_WRLCK, 0, 10), 0);
}

TEST_F(Lock, LengthZeroLocksToTheEndOfFileAndBeyond) {
  struct flock fl = Range(F_WRLCK, 50, 0);
  ASSERT_EQ(fcntl(fd_, F_SETLK, &fl), 0);
  EXPECT_EQ(ChildTries(F_WRLCK, 1000000, 1), EAGAIN);
  EXPECT_EQ(ChildTries(F_WRLCK, 0, 50), 0);
}

TEST_F(Lock, SetlkwWaitsUntilTheHolderUnlocks) {
  struct flock fl = Range(F_WRLCK, 0, 10);
  ASSERT_EQ(fcntl(fd_, F_SETLK, &fl), 0);
  std::string path = Path("f");
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t pid = StartChild([&] {
    int fd = open(path.c_str(), O_RDWR);
    CHILD_CHECK(fd >= 0);
    long long start = MonotonicNs();
    write(ready[1], "r", 1);
    struct flock w = Range(F_WRLCK, 0, 10);
    CHILD_CHECK(fcntl(fd, F_SETLKW, &w) == 0);
    // It had to wait for the parent's unlock, at least 50 ms after
    // "ready".
    CHILD_CHECK(MonotonicNs() - start >= 45 * 1000 * 1000LL);
    return 0;
  });
  char c;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  usleep(50 * 1000);
  struct flock un = Range(F_UNLCK, 0, 10);
  ASSERT_EQ(fcntl(fd_, F_SETLK, &un), 0);
  EXPECT_EXIT0(WaitStatus(pid));
  close(ready[0]);
  close(ready[1]);
}

TEST_F(Lock, LocksAreNotInheritedByFork) {
  struct flock fl = Range(F_WRLCK, 0, 10);
  ASSERT_EQ(fcntl(fd_, F_SETLK, &fl), 0);
  int fd = fd_;
  int status = RunInChild([fd] {
    // The child shares the descriptor but not the lock: it conflicts.
    struct flock w = Range(F_WRLCK, 0, 10);
    return fcntl(fd, F_SETLK, &w) == 0 ? 0 : errno;
  });
  EXPECT_EXIT_STATUS(status, EAGAIN);
}

TEST_F(Lock, LockTypeMustMatchTheAccessMode) {
  int ro = open(Path("f").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(ro, 0);
  struct flock w = Range(F_WRLCK, 0, 10);
  EXPECT_ERRNO(fcntl(ro, F_SETLK, &w), EBADF);
  struct flock bad = Range(42, 0, 10);
  EXPECT_ERRNO(fcntl(ro, F_SETLK, &bad), EINVAL);
  close(ro);
}

}  // namespace
}  // namespace cub
