// open and openat: creation flags, access modes, the errors of path
// lookup, O_PATH, O_CLOEXEC and descriptor numbering.
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "conformance.h"

namespace cub {
namespace {

class Open : public TempDirTest {
 protected:
  std::string Contents(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "<" + std::string(strerror(errno)) + ">";
    std::string s = ReadAll(fd);
    close(fd);
    return s;
  }
};

TEST_F(Open, MissingFileWithoutOCreatIsEnoent) {
  EXPECT_ERRNO(open(Path("missing").c_str(), O_RDONLY), ENOENT);
  EXPECT_ERRNO(open(Path("missing/sub").c_str(), O_RDONLY), ENOENT);
}

TEST_F(Open, OCreatCreatesAnEmptyRegularFile) {
  int fd = open(Path("new").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_size, 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(st.st_uid, geteuid());
  close(fd);
}

TEST_F(Open, OCreatOExclOnAnExistingFileIsEexist) {
  WriteFile("f", "x");
  EXPECT_ERRNO(open(Path("f").c_str(), O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
  // Without O_EXCL the existing file is opened and left alone.
  int fd = open(Path("f").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  close(fd);
  EXPECT_EQ(Contents(Path("f")), "x");
}

TEST_F(Open, OCreatOExclOnADanglingSymlinkIsEexist) {
  // open(2): with O_EXCL, a symbolic link at the path fails, whatever it
  // points to.
  ASSERT_EQ(symlink(Path("target").c_str(), Path("link").c_str()), 0);
  EXPECT_ERRNO(open(Path("link").c_str(), O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
  struct stat st;
  EXPECT_ERRNO(stat(Path("target").c_str(), &st), ENOENT);
}

TEST_F(Open, OCreatThroughADanglingSymlinkCreatesTheTarget) {
  ASSERT_EQ(symlink("target", Path("link").c_str()), 0);
  int fd = open(Path("link").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "via-link", 8), 8);
  close(fd);
  EXPECT_EQ(Contents(Path("target")), "via-link");
}

TEST_F(Open, OTruncEmptiesTheFile) {
  WriteFile("f", "some contents");
  int fd = open(Path("f").c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_size, 0);
  close(fd);
}

TEST_F(Open, OAppendWritesAlwaysGoToTheEnd) {
  WriteFile("f", "start");
  int fd = open(Path("f").c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(lseek(fd, 0, SEEK_SET), 0);
  ASSERT_EQ(write(fd, "+one", 4), 4);
  EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 9);
  ASSERT_EQ(lseek(fd, 2, SEEK_SET), 2);
  ASSERT_EQ(write(fd, "+two", 4), 4);
  close(fd);
  EXPECT_EQ(Contents(Path("f")), "start+one+two");
}

TEST_F(Open, ODirectoryOnARegularFileIsEnotdir) {
  WriteFile("f", "x");
  EXPECT_ERRNO(open(Path("f").c_str(), O_RDONLY | O_DIRECTORY), ENOTDIR);
  int fd = open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  EXPECT_GE(fd, 0);
  close(fd);
}

TEST_F(Open, FileUsedAsADirectoryInThePathIsEnotdir) {
  WriteFile("f", "x");
  EXPECT_ERRNO(open(Path("f/sub").c_str(), O_RDONLY), ENOTDIR);
  EXPECT_ERRNO(open(Path("f/").c_str(), O_RDONLY), ENOTDIR);
}

TEST_F(Open, ONofollowOnASymlinkIsEloop) {
  WriteFile("f", "x");
  ASSERT_EQ(symlink("f", Path("link").c_str()), 0);
  EXPECT_ERRNO(open(Path("link").c_str(), O_RDONLY | O_NOFOLLOW), ELOOP);
  // Symlinks earlier in the path are still followed.
  ASSERT_EQ(symlink(".", Path("dirlink").c_str()), 0);
  int fd = open(Path("dirlink/f").c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  EXPECT_GE(fd, 0);
  close(fd);
}

TEST_F(Open, SymlinkLoopIsEloop) {
  ASSERT_EQ(symlink("b", Path("a").c_str()), 0);
  ASSERT_EQ(symlink("a", Path("b").c_str()), 0);
  EXPECT_ERRNO(open(Path("a").c_str(), O_RDONLY), ELOOP);
}

TEST_F(Open, DirectoryForWritingIsEisdir) {
  EXPECT_ERRNO(open(dir().c_str(), O_WRONLY), EISDIR);
  EXPECT_ERRNO(open(dir().c_str(), O_RDWR), EISDIR);
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  EXPECT_ERRNO(open(Path("d").c_str(), O_RDONLY | O_CREAT, 0644), EISDIR);
}

TEST_F(Open, OverlongNameComponentIsEnametoolong) {
  std::string name(NAME_MAX + 1, 'n');
  EXPECT_ERRNO(open(Path(name).c_str(), O_RDONLY | O_CREAT, 0644), ENAMETOOLONG);
  std::string ok(NAME_MAX, 'n');
  int fd = open(Path(ok).c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
  EXPECT_GE(fd, 0) << strerror(errno);
  close(fd);
}

TEST_F(Open, OPathDescriptorCannotBeReadOrWritten) {
  WriteFile("f", "data");
  int fd = open(Path("f").c_str(), O_PATH | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  char c;
  EXPECT_ERRNO(read(fd, &c, 1), EBADF);
  EXPECT_ERRNO(write(fd, "x", 1), EBADF);
  // But it names the file: fstat works, and F_GETFL shows O_PATH.
  struct stat st;
  EXPECT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_size, 4);
  EXPECT_TRUE(fcntl(fd, F_GETFL) & O_PATH);
  close(fd);
}

TEST_F(Open, OPathOnADirectoryWorksAsADirfd) {
  WriteFile("f", "data");
  int dfd = open(dir().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dfd, 0);
  int fd = openat(dfd, "f", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadAll(fd), "data");
  close(fd);
  close(dfd);
}

TEST_F(Open, OCloexecIsVisibleAsFdCloexec) {
  WriteFile("f", "x");
  int a = open(Path("f").c_str(), O_RDONLY | O_CLOEXEC);
  int b = open(Path("f").c_str(), O_RDONLY);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  EXPECT_EQ(fcntl(a, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(fcntl(b, F_GETFD), 0);
  close(a);
  close(b);
}

TEST_F(Open, NewDescriptorIsTheLowestFreeNumber) {
  WriteFile("f", "x");
  int a = open(Path("f").c_str(), O_RDONLY | O_CLOEXEC);
  int b = open(Path("f").c_str(), O_RDONLY | O_CLOEXEC);
  int c = open(Path("f").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(a, 0);
  EXPECT_EQ(b, a + 1) << "assuming no gap right after a";
  ASSERT_EQ(close(a), 0);
  EXPECT_EQ(open(Path("f").c_str(), O_RDONLY | O_CLOEXEC), a);
  close(a);
  close(b);
  close(c);
}

TEST_F(Open, AccessModeIsEnforcedPerDescriptor) {
  WriteFile("f", "data");
  int r = open(Path("f").c_str(), O_RDONLY | O_CLOEXEC);
  int w = open(Path("f").c_str(), O_WRONLY | O_CLOEXEC);
  ASSERT_GE(r, 0);
  ASSERT_GE(w, 0);
  char c;
  EXPECT_ERRNO(write(r, "x", 1), EBADF);
  EXPECT_ERRNO(read(w, &c, 1), EBADF);
  EXPECT_EQ(fcntl(r, F_GETFL) & O_ACCMODE, O_RDONLY);
  EXPECT_EQ(fcntl(w, F_GETFL) & O_ACCMODE, O_WRONLY);
  close(r);
  close(w);
}

TEST_F(Open, OpenatResolvesRelativePathsFromTheDirfd) {
  ASSERT_EQ(mkdir(Path("sub").c_str(), 0755), 0);
  WriteFile("sub/f", "in-sub");
  int dfd = open(Path("sub").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dfd, 0);
  int fd = openat(dfd, "f", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadAll(fd), "in-sub");
  close(fd);
  // An absolute path ignores the dirfd, even an invalid one.
  fd = openat(-1, Path("sub/f").c_str(), O_RDONLY | O_CLOEXEC);
  EXPECT_GE(fd, 0);
  close(fd);
  // A relative path with a bad dirfd is EBADF; with a file dirfd ENOTDIR.
  EXPECT_ERRNO(openat(-1, "f", O_RDONLY), EBADF);
  WriteFile("plain", "x");
  int ffd = open(Path("plain").c_str(), O_RDONLY | O_CLOEXEC);
  EXPECT_ERRNO(openat(ffd, "f", O_RDONLY), ENOTDIR);
  close(ffd);
  close(dfd);
}

TEST_F(Open, OCreatOnAnExistingFileKeepsItsMode) {
  // The mode argument only applies when O_CREAT creates the file.
  WriteFile("f", "x", 0640);
  int fd = open(Path("f").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0777);
  ASSERT_GE(fd, 0);
  struct stat st;
  fstat(fd, &st);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  close(fd);
}

TEST_F(Open, InvalidAccessModeThreeIsAccepted) {
  // open(2): O_RDONLY|O_WRONLY|O_RDWR == 3 is a Linux special: it needs
  // read and write permission and gives a descriptor for ioctl only.
  WriteFile("f", "x");
  int fd = open(Path("f").c_str(), 3 | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  char c;
  EXPECT_ERRNO(read(fd, &c, 1), EBADF);
  EXPECT_ERRNO(write(fd, "x", 1), EBADF);
  close(fd);
}

TEST(Close, ClosingAnInvalidDescriptorIsEbadf) {
  EXPECT_ERRNO(close(-1), EBADF);
  EXPECT_ERRNO(close(999999), EBADF);
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  ASSERT_EQ(close(p[0]), 0);
  EXPECT_ERRNO(close(p[0]), EBADF);
  close(p[1]);
}

TEST(Close, ClosedDescriptorFailsEveryCallWithEbadf) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  int fd = p[0];
  close(p[0]);
  close(p[1]);
  char c;
  struct stat st;
  EXPECT_ERRNO(read(fd, &c, 1), EBADF);
  EXPECT_ERRNO(write(fd, "x", 1), EBADF);
  EXPECT_ERRNO(fstat(fd, &st), EBADF);
  EXPECT_ERRNO(lseek(fd, 0, SEEK_SET), EBADF);
  EXPECT_ERRNO(fcntl(fd, F_GETFD), EBADF);
  EXPECT_ERRNO(dup(fd), EBADF);
  EXPECT_ERRNO(fsync(fd), EBADF);
  EXPECT_ERRNO(fchmod(fd, 0644), EBADF);
  EXPECT_ERRNO(ftruncate(fd, 0), EBADF);
}

}  // namespace
}  // namespace cub
