// eventfd2 (eventfd(2)): a 64-bit counter behind a descriptor.  Writes
// add, reads take the whole count (or one, in semaphore mode); reads
// block at zero, writes block when the sum would pass 0xfffffffffffffffe.
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <atomic>
#include <string>

#include "conformance.h"

namespace cub {
namespace {

constexpr uint64_t kMax = 0xfffffffffffffffeULL;

// An eventfd closed at the end of the test.
class Eventfd : public ::testing::Test {
 protected:
  void TearDown() override {
    if (fd_ >= 0) close(fd_);
  }
  int Make(unsigned init, int flags) {
    fd_ = eventfd(init, flags);
    return fd_;
  }
  int fd_ = -1;
};

long Write64(int fd, uint64_t v) { return write(fd, &v, sizeof(v)); }

long Read64(int fd, uint64_t* v) { return read(fd, v, sizeof(*v)); }

short Revents(int fd, short events) {
  struct pollfd p = {fd, events, 0};
  if (poll(&p, 1, 0) < 0) return -1;
  return p.revents;
}

TEST_F(Eventfd, ReadTakesTheWholeCount) {
  ASSERT_GE(Make(5, 0), 0);
  ASSERT_EQ(Write64(fd_, 7), 8);
  uint64_t v = 0;
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_EQ(v, 12u);
  ASSERT_EQ(fcntl(fd_, F_SETFL, O_NONBLOCK), 0);
  EXPECT_ERRNO(Read64(fd_, &v), EAGAIN);
}

TEST_F(Eventfd, SemaphoreModeReadsOneAtATime) {
  ASSERT_GE(Make(3, EFD_SEMAPHORE | EFD_NONBLOCK), 0);
  uint64_t v = 0;
  for (int i = 0; i < 3; i++) {
    ASSERT_EQ(Read64(fd_, &v), 8);
    EXPECT_EQ(v, 1u);
  }
  EXPECT_ERRNO(Read64(fd_, &v), EAGAIN);
}

TEST_F(Eventfd, NonblockFlagShowsInFcntl) {
  ASSERT_GE(Make(0, EFD_NONBLOCK | EFD_CLOEXEC), 0);
  EXPECT_TRUE(fcntl(fd_, F_GETFL) & O_NONBLOCK);
  EXPECT_EQ(fcntl(fd_, F_GETFL) & O_ACCMODE, O_RDWR);
  EXPECT_EQ(fcntl(fd_, F_GETFD), FD_CLOEXEC);
}

TEST_F(Eventfd, UnknownFlagsAreEinval) {
  EXPECT_ERRNO(syscall(SYS_eventfd2, 0, 0x4), EINVAL);
  EXPECT_ERRNO(syscall(SYS_eventfd2, 0, O_RDONLY | O_APPEND), EINVAL);
}

TEST_F(Eventfd, ShortBuffersAreEinval) {
  ASSERT_GE(Make(1, EFD_NONBLOCK), 0);
  uint32_t small = 1;
  EXPECT_ERRNO(read(fd_, &small, sizeof(small)), EINVAL);
  EXPECT_ERRNO(write(fd_, &small, sizeof(small)), EINVAL);
}

// A read may offer more room and gets eight bytes; a write must be
// exactly eight bytes (Linux 6.18: a longer one is EINVAL).
TEST_F(Eventfd, LongerReadsMoveEightBytesLongerWritesAreEinval) {
  ASSERT_GE(Make(0, EFD_NONBLOCK), 0);
  uint64_t buf[2] = {9, 1234};
  EXPECT_ERRNO(write(fd_, buf, sizeof(buf)), EINVAL);
  ASSERT_EQ(write(fd_, buf, 8), 8);
  uint64_t out[2] = {0, 77};
  EXPECT_EQ(read(fd_, out, sizeof(out)), 8);
  EXPECT_EQ(out[0], 9u);
  EXPECT_EQ(out[1], 77u);
}

TEST_F(Eventfd, WritingAllOnesIsEinval) {
  ASSERT_GE(Make(0, EFD_NONBLOCK), 0);
  EXPECT_ERRNO(Write64(fd_, ~0ULL), EINVAL);
}

TEST_F(Eventfd, CounterStopsAtTheMaximum) {
  ASSERT_GE(Make(0, EFD_NONBLOCK), 0);
  ASSERT_EQ(Write64(fd_, kMax), 8);
  EXPECT_ERRNO(Write64(fd_, 1), EAGAIN);
  // Adding zero always fits.
  EXPECT_EQ(Write64(fd_, 0), 8);
  EXPECT_EQ(Revents(fd_, POLLIN | POLLOUT), POLLIN);
  uint64_t v = 0;
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_EQ(v, kMax);
}

TEST_F(Eventfd, BadPointersAreEfault) {
  ASSERT_GE(Make(1, EFD_NONBLOCK), 0);
  EXPECT_ERRNO(read(fd_, reinterpret_cast<void*>(8), 8), EFAULT);
  EXPECT_ERRNO(write(fd_, reinterpret_cast<void*>(8), 8), EFAULT);
}

TEST_F(Eventfd, PollFollowsTheCount) {
  ASSERT_GE(Make(0, EFD_NONBLOCK), 0);
  EXPECT_EQ(Revents(fd_, POLLIN | POLLOUT), POLLOUT);
  ASSERT_EQ(Write64(fd_, 2), 8);
  EXPECT_EQ(Revents(fd_, POLLIN | POLLOUT), POLLIN | POLLOUT);
  ASSERT_EQ(Write64(fd_, kMax - 2), 8);
  EXPECT_EQ(Revents(fd_, POLLIN | POLLOUT), POLLIN);
}

void* WriteLater(void* arg) {
  int fd = *static_cast<int*>(arg);
  usleep(50 * 1000);
  Write64(fd, 3);
  return nullptr;
}

TEST_F(Eventfd, BlockingReadWaitsForAWrite) {
  ASSERT_GE(Make(0, 0), 0);
  pthread_t t;
  ASSERT_EQ(pthread_create(&t, nullptr, WriteLater, &fd_), 0);
  uint64_t v = 0;
  EXPECT_EQ(Read64(fd_, &v), 8);
  EXPECT_EQ(v, 3u);
  pthread_join(t, nullptr);
}

void* ReadLater(void* arg) {
  int fd = *static_cast<int*>(arg);
  usleep(50 * 1000);
  uint64_t v;
  Read64(fd, &v);
  return nullptr;
}

TEST_F(Eventfd, BlockingWriteWaitsForRoom) {
  ASSERT_GE(Make(0, 0), 0);
  ASSERT_EQ(Write64(fd_, kMax), 8);
  pthread_t t;
  ASSERT_EQ(pthread_create(&t, nullptr, ReadLater, &fd_), 0);
  EXPECT_EQ(Write64(fd_, 5), 8);
  pthread_join(t, nullptr);
  uint64_t v = 0;
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_EQ(v, 5u);
}

TEST_F(Eventfd, PollWakesWhenAnotherProcessWrites) {
  ASSERT_GE(Make(0, 0), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    usleep(50 * 1000);
    _exit(Write64(fd_, 1) == 8 ? 0 : 1);
  }
  struct pollfd p = {fd_, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 5000), 1);
  EXPECT_EQ(p.revents, POLLIN);
  int status;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_EXIT_STATUS(status, 0);
}

TEST_F(Eventfd, FstatIsAnAnonymousFile) {
  ASSERT_GE(Make(0, 0), 0);
  struct stat st;
  ASSERT_EQ(fstat(fd_, &st), 0);
  EXPECT_EQ(st.st_mode & S_IFMT, 0u);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(Eventfd, FdLinkNamesTheEventfd) {
  ASSERT_GE(Make(0, 0), 0);
  char buf[64] = {};
  std::string link = "/proc/self/fd/" + std::to_string(fd_);
  ASSERT_GT(readlink(link.c_str(), buf, sizeof(buf) - 1), 0);
  EXPECT_STREQ(buf, "anon_inode:[eventfd]");
}

// eventfd's llseek is noop_llseek: it succeeds and moves nothing.
TEST_F(Eventfd, SeekSucceedsAndChangesNothing) {
  ASSERT_GE(Make(0, 0), 0);
  EXPECT_EQ(lseek(fd_, 100, SEEK_SET), 0);
}

TEST_F(Eventfd, ChildrenShareTheCounter) {
  ASSERT_GE(Make(0, EFD_NONBLOCK), 0);
  EXPECT_EXIT0(RunInChild([this] {
    CHILD_CHECK(Write64(fd_, 40) == 8);
    return 0;
  }));
  uint64_t v = 0;
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_EQ(v, 40u);
}

}  // namespace
}  // namespace cub
