// read, write, readv, writev, pread, pwrite, lseek, truncate, ftruncate,
// fsync and friends on regular files.
#include <fcntl.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "conformance.h"

namespace cub {
namespace {

class Io : public TempDirTest {
 protected:
  int OpenRw(const std::string& name, const std::string& contents = "") {
    WriteFile(name, contents);
    return open(Path(name).c_str(), O_RDWR | O_CLOEXEC);
  }
  std::string Contents(const std::string& name) {
    int fd = open(Path(name).c_str(), O_RDONLY | O_CLOEXEC);
    std::string s = fd >= 0 ? ReadAll(fd) : "<missing>";
    if (fd >= 0) close(fd);
    return s;
  }
  off_t Size(int fd) {
    struct stat st;
    return fstat(fd, &st) == 0 ? st.st_size : -1;
  }
};

TEST_F(Io, ReadReturnsWhatWasWrittenAndThenZeroAtTheEnd) {
  int fd = OpenRw("f");
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "hello world", 11), 11);
  ASSERT_EQ(lseek(fd, 0, SEEK_SET), 0);
  char buf[32] = {};
  EXPECT_EQ(read(fd, buf, 5), 5);
  EXPECT_EQ(std::string(buf, 5), "hello");
  EXPECT_EQ(read(fd, buf, sizeof buf), 6);
  EXPECT_EQ(std::string(buf, 6), " world");
  EXPECT_EQ(read(fd, buf, sizeof buf), 0);
  close(fd);
}

TEST_F(Io, ZeroLengthReadAndWriteReturnZero) {
  int fd = OpenRw("f", "abc");
  ASSERT_GE(fd, 0);
  char c;
  EXPECT_EQ(read(fd, &c, 0), 0);
  EXPECT_EQ(write(fd, &c, 0), 0);
  EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 0);
  close(fd);
}

TEST_F(Io, LseekWhenceSetCurAndEnd) {
  int fd = OpenRw("f", "0123456789");
  ASSERT_GE(fd, 0);
  EXPECT_EQ(lseek(fd, 3, SEEK_SET), 3);
  EXPECT_EQ(lseek(fd, 4, SEEK_CUR), 7);
  EXPECT_EQ(lseek(fd, -2, SEEK_CUR), 5);
  EXPECT_EQ(lseek(fd, -1, SEEK_END), 9);
  char c;
  ASSERT_EQ(read(fd, &c, 1), 1);
  EXPECT_EQ(c, '9');
  EXPECT_EQ(lseek(fd, 0, SEEK_END), 10);
  close(fd);
}

TEST_F(Io, LseekToANegativeOffsetIsEinval) {
  int fd = OpenRw("f", "0123");
  ASSERT_GE(fd, 0);
  ASSERT_EQ(lseek(fd, 2, SEEK_SET), 2);
  EXPECT_ERRNO(lseek(fd, -1, SEEK_SET), EINVAL);
  EXPECT_ERRNO(lseek(fd, -3, SEEK_CUR), EINVAL);
  EXPECT_ERRNO(lseek(fd, -5, SEEK_END), EINVAL);
  EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 2) << "the offset did not change";
  close(fd);
}

TEST_F(Io, LseekWithAnUnknownWhenceIsEinval) {
  int fd = OpenRw("f", "0123");
  ASSERT_GE(fd, 0);
  EXPECT_ERRNO(lseek(fd, 0, 42), EINVAL);
  close(fd);
}

TEST_F(Io, LseekOnAPipeIsEspipe) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  EXPECT_ERRNO(lseek(p[0], 0, SEEK_SET), ESPIPE);
  EXPECT_ERRNO(lseek(p[1], 0, SEEK_CUR), ESPIPE);
  close(p[0]);
  close(p[1]);
}

TEST_F(Io, SeekingPastTheEndAndWritingLeavesAHoleOfZeros) {
  int fd = OpenRw("f", "ab");
  ASSERT_GE(fd, 0);
  EXPECT_EQ(lseek(fd, 100000, SEEK_SET), 100000);
  EXPECT_EQ(Size(fd), 2) << "seeking alone does not extend the file";
  ASSERT_EQ(write(fd, "z", 1), 1);
  EXPECT_EQ(Size(fd), 100001);
  std::string s = Contents("f");
  ASSERT_EQ(s.size(), 100001u);
  EXPECT_EQ(s.substr(0, 2), "ab");
  EXPECT_EQ(s.find_first_not_of('\0', 2), 100000u);
  close(fd);
}

TEST_F(Io, PreadAndPwriteDoNotMoveTheOffset) {
  int fd = OpenRw("f", "0123456789");
  ASSERT_GE(fd, 0);
  ASSERT_EQ(lseek(fd, 2, SEEK_SET), 2);
  char buf[4] = {};
  EXPECT_EQ(pread(fd, buf, 3, 6), 3);
  EXPECT_EQ(std::string(buf, 3), "678");
  EXPECT_EQ(pwrite(fd, "AB", 2, 0), 2);
  EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 2);
  EXPECT_EQ(Contents("f"), "AB23456789");
  // Reading at or past the end returns 0.
  EXPECT_EQ(pread(fd, buf, 3, 10), 0);
  EXPECT_EQ(pread(fd, buf, 3, 1000), 0);
  close(fd);
}

TEST_F(Io, PreadWithANegativeOffsetIsEinval) {
  int fd = OpenRw("f", "0123");
  ASSERT_GE(fd, 0);
  char c;
  EXPECT_ERRNO(pread(fd, &c, 1, -1), EINVAL);
  EXPECT_ERRNO(pwrite(fd, &c, 1, -1), EINVAL);
  close(fd);
}

TEST_F(Io, PreadOnAPipeIsEspipe) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  char c = 0;
  EXPECT_ERRNO(pread(p[0], &c, 1, 0), ESPIPE);
  EXPECT_ERRNO(pwrite(p[1], &c, 1, 0), ESPIPE);
  close(p[0]);
  close(p[1]);
}

TEST_F(Io, PwriteOnAnOAppendDescriptorAppends) {
  // pwrite(2), BUGS: on Linux, with O_APPEND, pwrite appends data to the
  // end of the file regardless of the offset.
  WriteFile("f", "base");
  int fd = open(Path("f").c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(pwrite(fd, "XY", 2, 0), 2);
  close(fd);
  EXPECT_EQ(Contents("f"), "baseXY");
}

TEST_F(Io, WritevGathersAndReadvScattersInOrder) {
  int fd = OpenRw("f");
  ASSERT_GE(fd, 0);
  char a[] = "one-", b[] = "", c[] = "two-three";
  struct iovec out[3] = {{a, 4}, {b, 0}, {c, 9}};
  EXPECT_EQ(writev(fd, out, 3), 13);
  EXPECT_EQ(Contents("f"), "one-two-three");
  ASSERT_EQ(lseek(fd, 0, SEEK_SET), 0);
  char x[3], y[5], z[10] = {};
  struct iovec in[3] = {{x, 3}, {y, 5}, {z, 10}};
  EXPECT_EQ(readv(fd, in, 3), 13);
  EXPECT_EQ(std::string(x, 3), "one");
  EXPECT_EQ(std::string(y, 5), "-two-");
  EXPECT_EQ(std::string(z, 5), "three");
  close(fd);
}

TEST_F(Io, PreadvAndPwritevUseTheGivenOffset) {
  int fd = OpenRw("f", "..........");
  ASSERT_GE(fd, 0);
  char a[] = "AB", b[] = "CD";
  struct iovec out[2] = {{a, 2}, {b, 2}};
  EXPECT_EQ(pwritev(fd, out, 2, 3), 4);
  EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 0);
  EXPECT_EQ(Contents("f"), "...ABCD...");
  char x[3] = {};
  struct iovec in[1] = {{x, 3}};
  EXPECT_EQ(preadv(fd, in, 1, 4), 3);
  EXPECT_EQ(std::string(x, 3), "BCD");
  close(fd);
}

TEST_F(Io, IovecCountOverIovMaxIsEinvalAndZeroIsAllowed) {
  int fd = OpenRw("f");
  ASSERT_GE(fd, 0);
  std::vector<struct iovec> many(IOV_MAX + 1);
  char c = 'c';
  for (auto& v : many) v = {&c, 1};
  EXPECT_ERRNO(writev(fd, many.data(), IOV_MAX + 1), EINVAL);
  EXPECT_ERRNO(syscall(SYS_writev, fd, many.data(), -1), EINVAL);
  EXPECT_EQ(writev(fd, many.data(), 0), 0);
  EXPECT_EQ(writev(fd, many.data(), IOV_MAX), IOV_MAX);
  close(fd);
}

TEST_F(Io, ReadingADirectoryIsEisdir) {
  int fd = open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  char c;
  EXPECT_ERRNO(read(fd, &c, 1), EISDIR);
  close(fd);
}

TEST_F(Io, SharedOffsetBetweenDupedDescriptorsButNotSeparateOpens) {
  int fd = OpenRw("f", "0123456789");
  ASSERT_GE(fd, 0);
  int d = dup(fd);
  int other = open(Path("f").c_str(), O_RDONLY | O_CLOEXEC);
  char buf[3];
  ASSERT_EQ(read(fd, buf, 3), 3);
  EXPECT_EQ(lseek(d, 0, SEEK_CUR), 3);
  EXPECT_EQ(lseek(other, 0, SEEK_CUR), 0);
  close(fd);
  close(d);
  close(other);
}

TEST_F(Io, OffsetIsSharedWithAForkedChild) {
  int fd = OpenRw("f", "0123456789");
  ASSERT_GE(fd, 0);
  int status = RunInChild([fd] {
    char buf[4];
    return read(fd, buf, 4) == 4 ? 0 : 1;
  });
  EXPECT_EXIT0(status);
  EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 4);
  close(fd);
}

// ---------------------------------------------------------------------
// truncate and ftruncate

TEST_F(Io, FtruncateGrowsWithZerosAndShrinks) {
  int fd = OpenRw("f", "abcdef");
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, 10), 0);
  EXPECT_EQ(Size(fd), 10);
  EXPECT_EQ(Contents("f"), std::string("abcdef\0\0\0\0", 10));
  ASSERT_EQ(ftruncate(fd, 3), 0);
  EXPECT_EQ(Contents("f"), "abc");
  // The offset is not changed by truncation.
  ASSERT_EQ(lseek(fd, 8, SEEK_SET), 8);
  ASSERT_EQ(ftruncate(fd, 1), 0);
  EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 8);
  close(fd);
}

TEST_F(Io, TruncateByPathGrowsAndShrinks) {
  WriteFile("f", "0123456789");
  ASSERT_EQ(truncate(Path("f").c_str(), 4), 0);
  EXPECT_EQ(Contents("f"), "0123");
  ASSERT_EQ(truncate(Path("f").c_str(), 6), 0);
  EXPECT_EQ(Contents("f"), std::string("0123\0\0", 6));
}

TEST_F(Io, TruncateErrors) {
  WriteFile("f", "x");
  EXPECT_ERRNO(truncate(Path("f").c_str(), -1), EINVAL);
  EXPECT_ERRNO(truncate(dir().c_str(), 0), EISDIR);
  EXPECT_ERRNO(truncate(Path("missing").c_str(), 0), ENOENT);
  int ro = open(Path("f").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(ro, 0);
  // ftruncate(2): EBADF or EINVAL for a descriptor not open for writing;
  // Linux says EINVAL.
  EXPECT_ERRNO(ftruncate(ro, 0), EINVAL);
  close(ro);
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  EXPECT_ERRNO(ftruncate(p[1], 0), EINVAL);
  close(p[0]);
  close(p[1]);
}

// ---------------------------------------------------------------------
// Flushing

TEST_F(Io, FsyncFdatasyncSyncfsAndSyncSucceedOnAFile) {
  int fd = OpenRw("f", "data");
  ASSERT_GE(fd, 0);
  EXPECT_EQ(fsync(fd), 0);
  EXPECT_EQ(fdatasync(fd), 0);
  EXPECT_EQ(syncfs(fd), 0);
  sync();  // returns nothing; it must simply return
  int dfd = open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  EXPECT_EQ(fsync(dfd), 0);
  close(dfd);
  close(fd);
}

TEST_F(Io, FsyncOnAPipeIsEinval) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  EXPECT_ERRNO(fsync(p[0]), EINVAL);
  EXPECT_ERRNO(fdatasync(p[1]), EINVAL);
  close(p[0]);
  close(p[1]);
}

TEST_F(Io, FionreadOnARegularFileIsTheBytesLeft) {
  int fd = OpenRw("f", "0123456789");
  ASSERT_GE(fd, 0);
  int n = -1;
  ASSERT_EQ(ioctl(fd, FIONREAD, &n), 0);
  EXPECT_EQ(n, 10);
  lseek(fd, 7, SEEK_SET);
  ASSERT_EQ(ioctl(fd, FIONREAD, &n), 0);
  EXPECT_EQ(n, 3);
  close(fd);
}

TEST_F(Io, TerminalIoctlOnARegularFileIsEnotty) {
  int fd = OpenRw("f", "x");
  ASSERT_GE(fd, 0);
  struct winsize ws;
  EXPECT_ERRNO(ioctl(fd, TIOCGWINSZ, &ws), ENOTTY);
  EXPECT_EQ(isatty(fd), 0);
  EXPECT_EQ(errno, ENOTTY);
  close(fd);
}

}  // namespace
}  // namespace cub
