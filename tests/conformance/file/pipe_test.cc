// Pipes (pipe2, end of file, EPIPE, capacity), readiness through poll,
// ppoll and select, and the FIONREAD and FIONBIO ioctls.
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <algorithm>

#include "conformance.h"

namespace cub {
namespace {

class Pipe : public testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(pipe2(p_, O_CLOEXEC), 0); }
  void TearDown() override {
    for (int fd : p_)
      if (fd >= 0) close(fd);
  }
  void CloseRead() { close(p_[0]), p_[0] = -1; }
  void CloseWrite() { close(p_[1]), p_[1] = -1; }
  int r() const { return p_[0]; }
  int w() const { return p_[1]; }
  int p_[2] = {-1, -1};
};

TEST_F(Pipe, DataComesOutInOrder) {
  ASSERT_EQ(write(w(), "abc", 3), 3);
  ASSERT_EQ(write(w(), "def", 3), 3);
  char buf[16] = {};
  EXPECT_EQ(read(r(), buf, 4), 4);
  EXPECT_EQ(std::string(buf, 4), "abcd");
  EXPECT_EQ(read(r(), buf, 16), 2);
  EXPECT_EQ(std::string(buf, 2), "ef");
}

TEST_F(Pipe, EndsHaveTheRightAccessModes) {
  EXPECT_EQ(fcntl(r(), F_GETFL) & O_ACCMODE, O_RDONLY);
  EXPECT_EQ(fcntl(w(), F_GETFL) & O_ACCMODE, O_WRONLY);
  EXPECT_EQ(fcntl(r(), F_GETFD), FD_CLOEXEC);
  char c;
  EXPECT_ERRNO(write(r(), "x", 1), EBADF);
  EXPECT_ERRNO(read(w(), &c, 1), EBADF);
}

TEST_F(Pipe, Pipe2ONonblockMakesAnEmptyReadEagain) {
  int q[2];
  ASSERT_EQ(pipe2(q, O_NONBLOCK | O_CLOEXEC), 0);
  EXPECT_TRUE(fcntl(q[0], F_GETFL) & O_NONBLOCK);
  EXPECT_TRUE(fcntl(q[1], F_GETFL) & O_NONBLOCK);
  char c;
  EXPECT_ERRNO(read(q[0], &c, 1), EAGAIN);
  close(q[0]);
  close(q[1]);
}

TEST_F(Pipe, Pipe2WithUnknownFlagsIsEinval) {
  int q[2];
  EXPECT_ERRNO(pipe2(q, O_APPEND), EINVAL);
  EXPECT_ERRNO(pipe2(q, 0x1000000), EINVAL);
}

TEST_F(Pipe, ReadReturnsZeroOnceEveryWriterHasClosed) {
  ASSERT_EQ(write(w(), "last", 4), 4);
  CloseWrite();
  char buf[8];
  EXPECT_EQ(read(r(), buf, sizeof buf), 4);
  EXPECT_EQ(read(r(), buf, sizeof buf), 0);
  EXPECT_EQ(read(r(), buf, sizeof buf), 0);
}

TEST_F(Pipe, ABlockedReaderWakesUpWhenTheWriterCloses) {
  int wfd = w();
  pid_t pid = StartChild([wfd] {
    usleep(20 * 1000);
    close(wfd);
    return 0;
  });
  CloseWrite();  // the child holds the only write end now
  char c;
  EXPECT_EQ(read(r(), &c, 1), 0);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST_F(Pipe, WriteWithoutReadersIsEpipeWhenSigpipeIsIgnored) {
  SignalGuard guard({SIGPIPE});
  signal(SIGPIPE, SIG_IGN);
  CloseRead();
  EXPECT_ERRNO(write(w(), "x", 1), EPIPE);
}

TEST_F(Pipe, WriteWithoutReadersRaisesSigpipeThatCanBeCaught) {
  int status = RunInChild([] {
    static volatile sig_atomic_t got;
    InstallHandler(SIGPIPE, [](int) { got = 1; });
    int q[2];  // the parent must not hold a read end
    CHILD_CHECK(pipe(q) == 0);
    close(q[0]);
    CHILD_CHECK_ERRNO(write(q[1], "x", 1), EPIPE);
    CHILD_CHECK(got == 1);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST_F(Pipe, NonblockingWriterFillsExactlyTheCapacityThenEagain) {
  ASSERT_EQ(fcntl(w(), F_SETFL, O_NONBLOCK), 0);
  int cap = fcntl(w(), F_GETPIPE_SZ);
  ASSERT_GT(cap, 0);
  EXPECT_EQ(cap % 4096, 0);
  char page[4096];
  memset(page, 'p', sizeof page);
  long total = 0;
  for (;;) {
    ssize_t n = write(w(), page, sizeof page);
    if (n < 0) {
      EXPECT_EQ(errno, EAGAIN);
      break;
    }
    total += n;
    ASSERT_LE(total, 16L << 20) << "the pipe never filled";
  }
  EXPECT_EQ(total, cap);
  int avail = -1;
  ASSERT_EQ(ioctl(r(), FIONREAD, &avail), 0);
  EXPECT_EQ(avail, cap);
}

TEST_F(Pipe, SmallWritesAreAtomic) {
  // pipe(7): writes of at most PIPE_BUF bytes are not interleaved; with
  // O_NONBLOCK and too little room, such a write fails whole with EAGAIN.
  ASSERT_EQ(fcntl(w(), F_SETFL, O_NONBLOCK), 0);
  int cap = fcntl(w(), F_GETPIPE_SZ);
  std::string fill(cap - 100, 'f');
  ASSERT_EQ(write(w(), fill.data(), fill.size()), (ssize_t)fill.size());
  char small[200] = {};
  EXPECT_ERRNO(write(w(), small, sizeof small), EAGAIN);
  int avail = -1;
  ASSERT_EQ(ioctl(r(), FIONREAD, &avail), 0);
  EXPECT_EQ(avail, cap - 100);
}

TEST_F(Pipe, SetpipeSzRoundsUpToAPowerOfTwoPagesAndKeepsTheData) {
  // fcntl(2) F_SETPIPE_SZ: the capacity becomes at least the request,
  // rounded up (Linux: a power of two pages); shrinking below the unread
  // data is EBUSY; the data survives a resize.
  EXPECT_EQ(fcntl(w(), F_SETPIPE_SZ, 5000), 8192);
  EXPECT_EQ(fcntl(r(), F_GETPIPE_SZ), 8192) << "both ends share the pipe";
  std::string data(5000, 'd');
  for (size_t i = 0; i < data.size(); i++) data[i] = static_cast<char>('a' + i % 26);
  ASSERT_EQ(write(w(), data.data(), data.size()), (ssize_t)data.size());
  EXPECT_ERRNO(fcntl(w(), F_SETPIPE_SZ, 4096), EBUSY);
  EXPECT_EQ(fcntl(w(), F_SETPIPE_SZ, 65536), 65536);
  CloseWrite();
  EXPECT_EQ(ReadAll(r()), data);
  // Not a pipe: EBADF.
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_ERRNO(fcntl(fd, F_GETPIPE_SZ), EBADF);
  close(fd);
}

TEST_F(Pipe, FionreadCountsTheUnreadBytes) {
  int n = -1;
  ASSERT_EQ(ioctl(r(), FIONREAD, &n), 0);
  EXPECT_EQ(n, 0);
  ASSERT_EQ(write(w(), "12345", 5), 5);
  ASSERT_EQ(ioctl(r(), FIONREAD, &n), 0);
  EXPECT_EQ(n, 5);
  char buf[2];
  ASSERT_EQ(read(r(), buf, 2), 2);
  ASSERT_EQ(ioctl(r(), FIONREAD, &n), 0);
  EXPECT_EQ(n, 3);
}

TEST_F(Pipe, FionbioSetsAndClearsONonblock) {
  int on = 1, off = 0;
  ASSERT_EQ(ioctl(r(), FIONBIO, &on), 0);
  EXPECT_TRUE(fcntl(r(), F_GETFL) & O_NONBLOCK);
  char c;
  EXPECT_ERRNO(read(r(), &c, 1), EAGAIN);
  ASSERT_EQ(ioctl(r(), FIONBIO, &off), 0);
  EXPECT_FALSE(fcntl(r(), F_GETFL) & O_NONBLOCK);
}

TEST_F(Pipe, FifoInTheFileSystemConnectsTwoOpens) {
  TempDir dir;
  std::string path = dir.Path("fifo");
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  // O_NONBLOCK read open succeeds without a writer; a write open then
  // finds the reader.
  int rd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  ASSERT_GE(rd, 0);
  int wr = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  ASSERT_GE(wr, 0);
  ASSERT_EQ(write(wr, "fifo", 4), 4);
  char buf[8];
  EXPECT_EQ(read(rd, buf, sizeof buf), 4);
  close(wr);
  close(rd);
  // fifo(7): a non-blocking write open without a reader is ENXIO.
  EXPECT_ERRNO(open(path.c_str(), O_WRONLY | O_NONBLOCK), ENXIO);
}

// ---------------------------------------------------------------------
// poll, ppoll, select

TEST_F(Pipe, PollOnAnEmptyPipeTimesOutWithZero) {
  struct pollfd pfd = {r(), POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 0), 0);
  EXPECT_EQ(pfd.revents, 0);
  long long start = MonotonicNs();
  EXPECT_EQ(poll(&pfd, 1, 50), 0);
  EXPECT_GE(MonotonicNs() - start, 45 * 1000 * 1000LL);
}

TEST_F(Pipe, PollReportsReadableAndWritableEnds) {
  ASSERT_EQ(write(w(), "x", 1), 1);
  struct pollfd pfd[2] = {{r(), POLLIN | POLLOUT, 0}, {w(), POLLIN | POLLOUT, 0}};
  EXPECT_EQ(poll(pfd, 2, 0), 2);
  EXPECT_EQ(pfd[0].revents, POLLIN);
  EXPECT_EQ(pfd[1].revents, POLLOUT);
}

TEST_F(Pipe, PollReportsPollhupAfterTheWriterCloses) {
  CloseWrite();
  struct pollfd pfd = {r(), POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 1000), 1);
  EXPECT_TRUE(pfd.revents & POLLHUP);
}

TEST_F(Pipe, PollReportsPollerrToAWriterWithoutReaders) {
  CloseRead();
  struct pollfd pfd = {w(), POLLOUT, 0};
  EXPECT_EQ(poll(&pfd, 1, 1000), 1);
  EXPECT_TRUE(pfd.revents & POLLERR);
}

TEST_F(Pipe, PollWakesUpWhenAnotherProcessWrites) {
  int wfd = w();
  pid_t pid = StartChild([wfd] {
    usleep(30 * 1000);
    return write(wfd, "z", 1) == 1 ? 0 : 1;
  });
  struct pollfd pfd = {r(), POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 10000), 1);
  EXPECT_EQ(pfd.revents, POLLIN);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST_F(Pipe, PollOnAClosedDescriptorReportsPollnvalAndNegativeFdsAreSkipped) {
  int fd = dup(r());
  close(fd);
  struct pollfd pfd[2] = {{fd, POLLIN, 0}, {-1, POLLIN, 0}};
  EXPECT_EQ(poll(pfd, 2, 0), 1);
  EXPECT_EQ(pfd[0].revents, POLLNVAL);
  EXPECT_EQ(pfd[1].revents, 0);
}

TEST_F(Pipe, PollWithMoreFdsThanTheLimitIsEinval) {
  struct rlimit rl;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
  struct pollfd pfd = {r(), POLLIN, 0};
  // poll(2): EINVAL, nfds exceeds RLIMIT_NOFILE.  The check comes first,
  // so the array is never read.
  EXPECT_ERRNO(poll(&pfd, rl.rlim_cur + 1, 0), EINVAL);
}

TEST_F(Pipe, PpollTimeoutAndMask) {
  struct pollfd pfd = {r(), POLLIN, 0};
  struct timespec ts = {0, 30 * 1000 * 1000};
  long long start = MonotonicNs();
  EXPECT_EQ(ppoll(&pfd, 1, &ts, nullptr), 0);
  EXPECT_GE(MonotonicNs() - start, 25 * 1000 * 1000LL);
  struct timespec bad = {0, 1000000000};
  EXPECT_ERRNO(ppoll(&pfd, 1, &bad, nullptr), EINVAL);
}

TEST_F(Pipe, PpollIsInterruptedByASignalUnblockedThroughItsMask) {
  SignalGuard guard({SIGUSR1});
  static volatile sig_atomic_t got;
  got = 0;
  InstallHandler(SIGUSR1, [](int) { got = 1; });
  BlockSignal(SIGUSR1);
  raise(SIGUSR1);  // pending, and only ppoll's mask lets it in
  sigset_t empty;
  sigemptyset(&empty);
  struct pollfd pfd = {r(), POLLIN, 0};
  struct timespec ts = {10, 0};
  EXPECT_ERRNO(ppoll(&pfd, 1, &ts, &empty), EINTR);
  EXPECT_EQ(got, 1);
}

TEST_F(Pipe, SelectReportsReadinessInTheSets) {
  ASSERT_EQ(write(w(), "x", 1), 1);
  fd_set rs, ws;
  FD_ZERO(&rs);
  FD_ZERO(&ws);
  FD_SET(r(), &rs);
  FD_SET(w(), &rs);
  FD_SET(w(), &ws);
  struct timeval tv = {0, 0};
  EXPECT_EQ(select(std::max(r(), w()) + 1, &rs, &ws, nullptr, &tv), 2);
  EXPECT_TRUE(FD_ISSET(r(), &rs));
  EXPECT_FALSE(FD_ISSET(w(), &rs));
  EXPECT_TRUE(FD_ISSET(w(), &ws));
}

TEST_F(Pipe, SelectTimesOutAndUpdatesTheTimeout) {
  fd_set rs;
  FD_ZERO(&rs);
  FD_SET(r(), &rs);
  struct timeval tv = {0, 30 * 1000};
  long long start = MonotonicNs();
  EXPECT_EQ(select(r() + 1, &rs, nullptr, nullptr, &tv), 0);
  EXPECT_GE(MonotonicNs() - start, 25 * 1000 * 1000LL);
  EXPECT_FALSE(FD_ISSET(r(), &rs)) << "the sets are cleared on timeout";
  // select(2), Linux: the timeout is updated to the time not slept.
  EXPECT_EQ(tv.tv_sec, 0);
  EXPECT_EQ(tv.tv_usec, 0);
}

TEST_F(Pipe, SelectWithAClosedDescriptorIsEbadf) {
  int fd = dup(r());
  close(fd);
  fd_set rs;
  FD_ZERO(&rs);
  FD_SET(fd, &rs);
  struct timeval tv = {0, 0};
  EXPECT_ERRNO(select(fd + 1, &rs, nullptr, nullptr, &tv), EBADF);
  EXPECT_ERRNO(select(-1, nullptr, nullptr, nullptr, &tv), EINVAL);
}

TEST_F(Pipe, PselectWithNoDescriptorsSleepsForTheTimeout) {
  struct timespec ts = {0, 20 * 1000 * 1000};
  long long start = MonotonicNs();
  EXPECT_EQ(pselect(0, nullptr, nullptr, nullptr, &ts, nullptr), 0);
  EXPECT_GE(MonotonicNs() - start, 15 * 1000 * 1000LL);
}

}  // namespace
}  // namespace cub
