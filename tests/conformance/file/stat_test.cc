// stat, fstat, lstat, newfstatat (AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH),
// statx; chmod, umask, utimensat, faccessat.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

#include "conformance.h"

namespace cub {
namespace {

class Stat : public TempDirTest {};

TEST_F(Stat, RegularFileFieldsMatchWhatWasCreated) {
  std::string f = WriteFile("f", "12345", 0640);
  struct stat st;
  ASSERT_EQ(stat(f.c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(st.st_size, 5);
  EXPECT_EQ(st.st_nlink, 1u);
  EXPECT_EQ(st.st_uid, geteuid());
  EXPECT_EQ(st.st_gid, getegid());
  EXPECT_GT(st.st_blksize, 0);
  EXPECT_NE(st.st_ino, 0u);
}

TEST_F(Stat, StatAndFstatDescribeTheSameInode) {
  std::string f = WriteFile("f", "x");
  int fd = open(f.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  struct stat a, b;
  ASSERT_EQ(stat(f.c_str(), &a), 0);
  ASSERT_EQ(fstat(fd, &b), 0);
  EXPECT_EQ(a.st_ino, b.st_ino);
  EXPECT_EQ(a.st_dev, b.st_dev);
  EXPECT_EQ(a.st_size, b.st_size);
  close(fd);
}

TEST_F(Stat, DirectoryIsSIfdir) {
  struct stat st;
  ASSERT_EQ(stat(dir().c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0700u);  // mkdtemp(3)
}

TEST_F(Stat, LstatDescribesTheLinkAndStatTheTarget) {
  WriteFile("target", "0123456789");
  ASSERT_EQ(symlink("target", Path("link").c_str()), 0);
  struct stat l, s;
  ASSERT_EQ(lstat(Path("link").c_str(), &l), 0);
  ASSERT_EQ(stat(Path("link").c_str(), &s), 0);
  EXPECT_TRUE(S_ISLNK(l.st_mode));
  EXPECT_EQ(l.st_size, 6) << "a symlink's size is the length of its target";
  EXPECT_TRUE(S_ISREG(s.st_mode));
  EXPECT_EQ(s.st_size, 10);
}

TEST_F(Stat, DanglingSymlinkIsEnoentForStatButNotLstat) {
  ASSERT_EQ(symlink("nowhere", Path("link").c_str()), 0);
  struct stat st;
  EXPECT_ERRNO(stat(Path("link").c_str(), &st), ENOENT);
  EXPECT_EQ(lstat(Path("link").c_str(), &st), 0);
}

TEST_F(Stat, NewfstatatWithSymlinkNofollowActsLikeLstat) {
  WriteFile("target", "abc");
  ASSERT_EQ(symlink("target", Path("link").c_str()), 0);
  int dfd = open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dfd, 0);
  struct stat st;
  ASSERT_EQ(syscall(SYS_newfstatat, dfd, "link", &st, AT_SYMLINK_NOFOLLOW), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  ASSERT_EQ(syscall(SYS_newfstatat, dfd, "link", &st, 0), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_size, 3);
  close(dfd);
}

TEST_F(Stat, EmptyPathNeedsAtEmptyPath) {
  std::string f = WriteFile("f", "abcd");
  int fd = open(f.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  struct stat st;
  ASSERT_EQ(syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH), 0);
  EXPECT_EQ(st.st_size, 4);
  EXPECT_ERRNO(syscall(SYS_newfstatat, fd, "", &st, 0), ENOENT);
  EXPECT_ERRNO(stat("", &st), ENOENT);
  close(fd);
}

TEST_F(Stat, UnknownFlagsAreEinval) {
  struct stat st;
  EXPECT_ERRNO(syscall(SYS_newfstatat, AT_FDCWD, dir().c_str(), &st, 0x40000000), EINVAL);
}

TEST_F(Stat, StatxReturnsTheBasicFields) {
  std::string f = WriteFile("f", "1234567", 0604);
  struct statx stx;
  memset(&stx, 0, sizeof stx);
  ASSERT_EQ(statx(AT_FDCWD, f.c_str(), 0, STATX_BASIC_STATS, &stx), 0);
  EXPECT_EQ(stx.stx_mask & STATX_BASIC_STATS, (unsigned)STATX_BASIC_STATS);
  EXPECT_EQ(stx.stx_size, 7u);
  EXPECT_EQ(stx.stx_mode & 07777, 0604);
  EXPECT_TRUE(S_ISREG(stx.stx_mode));
  EXPECT_EQ(stx.stx_nlink, 1u);
  EXPECT_EQ(stx.stx_uid, geteuid());
  struct stat st;
  ASSERT_EQ(stat(f.c_str(), &st), 0);
  EXPECT_EQ(stx.stx_ino, st.st_ino);
  EXPECT_EQ(stx.stx_mtime.tv_sec, st.st_mtim.tv_sec);
  EXPECT_EQ(stx.stx_mtime.tv_nsec, (unsigned)st.st_mtim.tv_nsec);
}

TEST_F(Stat, StatxRejectsReservedMaskAndConflictingSyncFlags) {
  struct statx stx;
  EXPECT_ERRNO(statx(AT_FDCWD, dir().c_str(), 0, STATX__RESERVED, &stx), EINVAL);
  EXPECT_ERRNO(statx(AT_FDCWD, dir().c_str(), AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC,
                     STATX_BASIC_STATS, &stx),
               EINVAL);
}

// ---------------------------------------------------------------------
// chmod and umask

TEST_F(Stat, ChmodAndFchmodSetTheModeBits) {
  std::string f = WriteFile("f", "x", 0600);
  struct stat st;
  ASSERT_EQ(chmod(f.c_str(), 0751), 0);
  ASSERT_EQ(stat(f.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0751u);
  EXPECT_TRUE(S_ISREG(st.st_mode)) << "the file type is kept";
  int fd = open(f.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fchmod(fd, 01644), 0);
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 01644u);
  close(fd);
}

TEST_F(Stat, ChmodOfAMissingFileIsEnoent) {
  EXPECT_ERRNO(chmod(Path("missing").c_str(), 0644), ENOENT);
}

TEST_F(Stat, FchmodOnAnOPathDescriptorIsEbadf) {
  std::string f = WriteFile("f", "x");
  int fd = open(f.c_str(), O_PATH | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_ERRNO(fchmod(fd, 0600), EBADF);
  close(fd);
}

// The umask is process-wide; each test restores it.
class Umask : public TempDirTest {
 protected:
  void SetUp() override { old_ = umask(022); }
  void TearDown() override { umask(old_); }
  mode_t old_;
};

TEST_F(Umask, ReturnsThePreviousMask) {
  EXPECT_EQ(umask(077), 022u);
  EXPECT_EQ(umask(022), 077u);
  EXPECT_EQ(umask(01777) & 0777, 022u);
  EXPECT_EQ(umask(022), 0777u) << "only the permission bits are kept";
}

TEST_F(Umask, IsAppliedToOpenCreatAndMkdir) {
  umask(027);
  int fd = open(Path("f").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  ASSERT_GE(fd, 0);
  close(fd);
  ASSERT_EQ(mkdir(Path("d").c_str(), 0777), 0);
  ASSERT_EQ(mkfifo(Path("p").c_str(), 0666), 0);
  struct stat st;
  ASSERT_EQ(stat(Path("f").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  ASSERT_EQ(stat(Path("d").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0750u);
  ASSERT_EQ(stat(Path("p").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0640u);
}

TEST_F(Umask, IsNotAppliedToChmod) {
  umask(077);
  std::string f = WriteFile("f", "x", 0600);
  ASSERT_EQ(chmod(f.c_str(), 0777), 0);
  struct stat st;
  ASSERT_EQ(stat(f.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0777u);
}

TEST_F(Umask, IsInheritedByAChild) {
  umask(0123);
  int status = RunInChild([] { return umask(0) == 0123 ? 0 : 1; });
  EXPECT_EXIT0(status);
}

// ---------------------------------------------------------------------
// utimensat

class Utimes : public TempDirTest {};

TEST_F(Utimes, ExactTimestampsAreStoredToTheNanosecond) {
  std::string f = WriteFile("f", "x");
  struct timespec ts[2] = {{1000000000, 123456789}, {1500000000, 987654321}};
  ASSERT_EQ(utimensat(AT_FDCWD, f.c_str(), ts, 0), 0);
  struct stat st;
  ASSERT_EQ(stat(f.c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 1000000000);
  EXPECT_EQ(st.st_atim.tv_nsec, 123456789);
  EXPECT_EQ(st.st_mtim.tv_sec, 1500000000);
  EXPECT_EQ(st.st_mtim.tv_nsec, 987654321);
}

TEST_F(Utimes, UtimeOmitLeavesAFieldAlone) {
  std::string f = WriteFile("f", "x");
  struct timespec set[2] = {{1000, 0}, {2000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, f.c_str(), set, 0), 0);
  struct timespec omit_atime[2] = {{0, UTIME_OMIT}, {3000, 5}};
  ASSERT_EQ(utimensat(AT_FDCWD, f.c_str(), omit_atime, 0), 0);
  struct stat st;
  ASSERT_EQ(stat(f.c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 1000);
  EXPECT_EQ(st.st_mtim.tv_sec, 3000);
  EXPECT_EQ(st.st_mtim.tv_nsec, 5);
}

TEST_F(Utimes, UtimeNowUsesTheCurrentTime) {
  std::string f = WriteFile("f", "x");
  struct timespec old[2] = {{1000, 0}, {1000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, f.c_str(), old, 0), 0);
  struct timespec before;
  clock_gettime(CLOCK_REALTIME, &before);
  struct timespec now_mtime[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
  ASSERT_EQ(utimensat(AT_FDCWD, f.c_str(), now_mtime, 0), 0);
  struct stat st;
  ASSERT_EQ(stat(f.c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 1000);
  // The file system clock may be a tick behind clock_gettime.
  EXPECT_GE(st.st_mtim.tv_sec, before.tv_sec - 1);
  EXPECT_LE(st.st_mtim.tv_sec, before.tv_sec + 60);
}

TEST_F(Utimes, NullTimesSetsBothToNow) {
  std::string f = WriteFile("f", "x");
  struct timespec old[2] = {{1000, 0}, {1000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, f.c_str(), old, 0), 0);
  ASSERT_EQ(utimensat(AT_FDCWD, f.c_str(), nullptr, 0), 0);
  struct stat st;
  ASSERT_EQ(stat(f.c_str(), &st), 0);
  EXPECT_GT(st.st_atim.tv_sec, 1000);
  EXPECT_GT(st.st_mtim.tv_sec, 1000);
}

TEST_F(Utimes, SettingTimesUpdatesTheChangeTime) {
  std::string f = WriteFile("f", "x");
  struct timespec old[2] = {{1000, 0}, {1000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, f.c_str(), old, 0), 0);
  struct stat st;
  ASSERT_EQ(stat(f.c_str(), &st), 0);
  EXPECT_GT(st.st_ctim.tv_sec, 1000) << "ctime cannot be set, only bumped";
}

TEST_F(Utimes, OutOfRangeNanosecondsAreEinval) {
  std::string f = WriteFile("f", "x");
  struct timespec bad[2] = {{0, 1000000000}, {0, UTIME_OMIT}};
  EXPECT_ERRNO(utimensat(AT_FDCWD, f.c_str(), bad, 0), EINVAL);
  struct timespec neg[2] = {{0, UTIME_OMIT}, {0, -5}};
  EXPECT_ERRNO(utimensat(AT_FDCWD, f.c_str(), neg, 0), EINVAL);
}

TEST_F(Utimes, SymlinkNofollowChangesTheLinkItself) {
  std::string f = WriteFile("f", "x");
  ASSERT_EQ(symlink("f", Path("link").c_str()), 0);
  struct timespec ts[2] = {{5000, 0}, {6000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, Path("link").c_str(), ts, AT_SYMLINK_NOFOLLOW), 0);
  struct stat l, t;
  ASSERT_EQ(lstat(Path("link").c_str(), &l), 0);
  ASSERT_EQ(stat(f.c_str(), &t), 0);
  EXPECT_EQ(l.st_mtim.tv_sec, 6000);
  EXPECT_NE(t.st_mtim.tv_sec, 6000);
}

TEST_F(Utimes, WritingAFileUpdatesItsModificationTime) {
  std::string f = WriteFile("f", "x");
  struct timespec old[2] = {{1000, 0}, {1000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, f.c_str(), old, 0), 0);
  int fd = open(f.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "y", 1), 1);
  close(fd);
  struct stat st;
  ASSERT_EQ(stat(f.c_str(), &st), 0);
  EXPECT_GT(st.st_mtim.tv_sec, 1000);
  EXPECT_EQ(st.st_atim.tv_sec, 1000) << "writing does not touch atime";
}

// ---------------------------------------------------------------------
// faccessat

class Access : public TempDirTest {};

TEST_F(Access, ExistenceCheck) {
  std::string f = WriteFile("f", "x", 0);
  EXPECT_EQ(access(f.c_str(), F_OK), 0);
  EXPECT_ERRNO(access(Path("missing").c_str(), F_OK), ENOENT);
}

TEST_F(Access, ExecuteNeedsAnExecuteBitEvenForRoot) {
  // access(2): for root, X_OK succeeds if any execute bit is set (for a
  // regular file); with none, it fails for everybody.
  std::string none = WriteFile("none", "x", 0666);
  std::string some = WriteFile("some", "x", 0001);
  EXPECT_ERRNO(access(none.c_str(), X_OK), EACCES);
  if (geteuid() == 0) {
    EXPECT_EQ(access(some.c_str(), X_OK), 0);
  } else {
    EXPECT_ERRNO(access(some.c_str(), X_OK), EACCES);  // owner bits are ---
  }
  std::string owner = WriteFile("owner", "x", 0700);
  EXPECT_EQ(access(owner.c_str(), X_OK), 0);
}

TEST_F(Access, ReadAndWriteFollowTheOwnerBitsOrRoot) {
  std::string ro = WriteFile("ro", "x", 0444);
  std::string rw = WriteFile("rw", "x", 0644);
  EXPECT_EQ(access(ro.c_str(), R_OK), 0);
  EXPECT_EQ(access(rw.c_str(), R_OK | W_OK), 0);
  if (geteuid() == 0) {
    EXPECT_EQ(access(ro.c_str(), W_OK), 0) << "root may write anything";
  } else {
    EXPECT_ERRNO(access(ro.c_str(), W_OK), EACCES);
  }
}

TEST_F(Access, InvalidModeOrFlagsAreEinval) {
  std::string f = WriteFile("f", "x");
  EXPECT_ERRNO(access(f.c_str(), 0x10), EINVAL);
  EXPECT_ERRNO(syscall(SYS_faccessat2, AT_FDCWD, f.c_str(), F_OK, 0x1), EINVAL);
}

TEST_F(Access, FaccessatResolvesRelativeToTheDirfd) {
  WriteFile("f", "x", 0644);
  int dfd = open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dfd, 0);
  EXPECT_EQ(faccessat(dfd, "f", R_OK, 0), 0);
  EXPECT_ERRNO(faccessat(dfd, "g", R_OK, 0), ENOENT);
  close(dfd);
}

TEST_F(Access, DanglingSymlinkWithSymlinkNofollow) {
  ASSERT_EQ(symlink("nowhere", Path("link").c_str()), 0);
  EXPECT_ERRNO(faccessat(AT_FDCWD, Path("link").c_str(), F_OK, 0), ENOENT);
  EXPECT_EQ(faccessat(AT_FDCWD, Path("link").c_str(), F_OK, AT_SYMLINK_NOFOLLOW), 0);
}

}  // namespace
}  // namespace cub
