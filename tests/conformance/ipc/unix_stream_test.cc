// AF_UNIX SOCK_STREAM (unix(7)) over socketpair: byte streams, shutdown,
// EPIPE and SIGPIPE, the MSG_* flags, poll bits, FIONREAD and SIOCOUTQ.
#include <fcntl.h>
#include <linux/sockios.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <string>

#include "conformance.h"
#include "unix_util.h"

namespace cub {
namespace {

TEST(UnixStream, SocketpairCarriesBytesBothWays) {
  Pair p(SOCK_STREAM);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(write(p.fd[0], "hello", 5), 5);
  char buf[16] = {};
  ASSERT_EQ(read(p.fd[1], buf, sizeof(buf)), 5);
  EXPECT_STREQ(buf, "hello");
  ASSERT_EQ(write(p.fd[1], "back", 4), 4);
  ASSERT_EQ(read(p.fd[0], buf, sizeof(buf)), 4);
  EXPECT_EQ(std::string(buf, 4), "back");
}

TEST(UnixStream, StreamMergesWrites) {
  Pair p(SOCK_STREAM);
  ASSERT_EQ(write(p.fd[0], "ab", 2), 2);
  ASSERT_EQ(write(p.fd[0], "cd", 2), 2);
  char buf[8];
  ASSERT_EQ(read(p.fd[1], buf, sizeof(buf)), 4);
  EXPECT_EQ(std::string(buf, 4), "abcd");
}

TEST(UnixStream, ShortReadLeavesTheRest) {
  Pair p(SOCK_STREAM);
  ASSERT_EQ(write(p.fd[0], "abcdef", 6), 6);
  char buf[8];
  ASSERT_EQ(read(p.fd[1], buf, 2), 2);
  ASSERT_EQ(read(p.fd[1], buf, 8), 4);
  EXPECT_EQ(std::string(buf, 4), "cdef");
}

TEST(UnixStream, CloseGivesEofToPeer) {
  Pair p(SOCK_STREAM);
  ASSERT_EQ(write(p.fd[0], "x", 1), 1);
  close(p.fd[0]);
  p.fd[0] = -1;
  char c;
  EXPECT_EQ(read(p.fd[1], &c, 1), 1);
  EXPECT_EQ(read(p.fd[1], &c, 1), 0);
}

TEST(UnixStream, WriteAfterPeerCloseIsEpipeWithSigpipe) {
  Pair p(SOCK_STREAM);
  close(p.fd[1]);
  p.fd[1] = -1;
  int fd = p.fd[0];
  int st = RunInChild([fd] {
    signal(SIGPIPE, SIG_DFL);
    write(fd, "x", 1);
    return 0;
  });
  EXPECT_KILLED_BY(st, SIGPIPE);
}

TEST(UnixStream, MsgNosignalGivesEpipeWithoutSignal) {
  Pair p(SOCK_STREAM);
  close(p.fd[1]);
  p.fd[1] = -1;
  int fd = p.fd[0];
  int st = RunInChild([fd] {
    signal(SIGPIPE, SIG_DFL);
    CHILD_CHECK_ERRNO(send(fd, "x", 1, MSG_NOSIGNAL), EPIPE);
    return 0;
  });
  EXPECT_EXIT0(st);
}

TEST(UnixStream, ShutdownWrGivesPeerEof) {
  Pair p(SOCK_STREAM);
  ASSERT_OK(shutdown(p.fd[0], SHUT_WR));
  char c;
  EXPECT_EQ(read(p.fd[1], &c, 1), 0);
  // The other direction still works.
  ASSERT_EQ(write(p.fd[1], "y", 1), 1);
  EXPECT_EQ(read(p.fd[0], &c, 1), 1);
}

TEST(UnixStream, ShutdownWrThenWriteIsEpipe) {
  Pair p(SOCK_STREAM);
  ASSERT_OK(shutdown(p.fd[0], SHUT_WR));
  EXPECT_ERRNO(send(p.fd[0], "x", 1, MSG_NOSIGNAL), EPIPE);
}

TEST(UnixStream, ShutdownRdMakesReadsEof) {
  Pair p(SOCK_STREAM);
  ASSERT_OK(shutdown(p.fd[1], SHUT_RD));
  char c;
  EXPECT_EQ(read(p.fd[1], &c, 1), 0);
  // The peer's writes now fail.
  EXPECT_ERRNO(send(p.fd[0], "x", 1, MSG_NOSIGNAL), EPIPE);
}

TEST(UnixStream, ShutdownBadHowIsEinval) {
  Pair p(SOCK_STREAM);
  EXPECT_ERRNO(shutdown(p.fd[0], 7), EINVAL);
}

TEST(UnixStream, ShutdownUnconnectedIsAccepted) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(s, 0);
  EXPECT_OK(shutdown(s, SHUT_RDWR));
  close(s);
}

TEST(UnixStream, ShutdownOnNonSocketIsEnotsock) {
  int fds[2];
  ASSERT_OK(pipe(fds));
  EXPECT_ERRNO(shutdown(fds[0], SHUT_RD), ENOTSOCK);
  close(fds[0]);
  close(fds[1]);
}

TEST(UnixStream, NonblockingReadOnEmptyIsEagain) {
  int fds[2];
  ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds));
  char c;
  EXPECT_ERRNO(read(fds[0], &c, 1), EAGAIN);
  EXPECT_TRUE(fcntl(fds[0], F_GETFL) & O_NONBLOCK);
  close(fds[0]);
  close(fds[1]);
}

TEST(UnixStream, SocketpairCloexec) {
  int fds[2];
  ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds));
  EXPECT_EQ(fcntl(fds[0], F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(fcntl(fds[1], F_GETFD), FD_CLOEXEC);
  close(fds[0]);
  close(fds[1]);
}

TEST(UnixStream, MsgDontwaitIsEagain) {
  Pair p(SOCK_STREAM);
  char c;
  EXPECT_ERRNO(recv(p.fd[0], &c, 1, MSG_DONTWAIT), EAGAIN);
}

TEST(UnixStream, MsgPeekLeavesData) {
  Pair p(SOCK_STREAM);
  ASSERT_EQ(write(p.fd[0], "peek", 4), 4);
  char buf[8];
  ASSERT_EQ(recv(p.fd[1], buf, sizeof(buf), MSG_PEEK), 4);
  ASSERT_EQ(recv(p.fd[1], buf, sizeof(buf), 0), 4);
  EXPECT_EQ(std::string(buf, 4), "peek");
}

TEST(UnixStream, BlockingReadWaitsForWriter) {
  Pair p(SOCK_STREAM);
  int fd = p.fd[0];
  pid_t pid = StartChild([fd] {
    SpinFor(50);
    return write(fd, "late", 4) == 4 ? 0 : 1;
  });
  char buf[8];
  EXPECT_EQ(read(p.fd[1], buf, sizeof(buf)), 4);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST(UnixStream, MsgWaitallGathersPieces) {
  Pair p(SOCK_STREAM);
  int fd = p.fd[0];
  pid_t pid = StartChild([fd] {
    write(fd, "ab", 2);
    SpinFor(30);
    write(fd, "cd", 2);
    return 0;
  });
  char buf[4];
  EXPECT_EQ(recv(p.fd[1], buf, 4, MSG_WAITALL), 4);
  EXPECT_EQ(std::string(buf, 4), "abcd");
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST(UnixStream, LargeWriteBlocksUntilRead) {
  Pair p(SOCK_STREAM);
  const size_t kBig = 1 << 20;
  int fd = p.fd[0];
  pid_t pid = StartChild([fd, kBig] {
    std::string s(kBig, 'z');
    return WriteAll(fd, s) ? 0 : 1;
  });
  size_t got = 0;
  char buf[65536];
  while (got < kBig) {
    ssize_t r = read(p.fd[1], buf, sizeof(buf));
    ASSERT_GT(r, 0);
    got += (size_t)r;
  }
  EXPECT_EQ(got, kBig);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST(UnixStream, NonblockingWriteFillsThenEagain) {
  int fds[2];
  ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds));
  char buf[4096] = {};
  long total = 0;
  for (;;) {
    ssize_t r = write(fds[0], buf, sizeof(buf));
    if (r < 0) {
      EXPECT_EQ(errno, EAGAIN);
      break;
    }
    total += r;
    ASSERT_LT(total, 64L << 20);
  }
  EXPECT_GT(total, 0);
  EXPECT_EQ(PollNow(fds[0], POLLOUT) & POLLOUT, 0);
  close(fds[0]);
  close(fds[1]);
}

TEST(UnixStream, PollInAfterWrite) {
  Pair p(SOCK_STREAM);
  EXPECT_EQ(PollNow(p.fd[1], POLLIN | POLLOUT), POLLOUT);
  ASSERT_EQ(write(p.fd[0], "x", 1), 1);
  EXPECT_EQ(PollNow(p.fd[1], POLLIN | POLLOUT), POLLIN | POLLOUT);
}

TEST(UnixStream, PollHupAfterPeerClose) {
  Pair p(SOCK_STREAM);
  close(p.fd[0]);
  p.fd[0] = -1;
  short r = PollNow(p.fd[1], POLLIN | POLLOUT | POLLRDHUP);
  EXPECT_TRUE(r & POLLHUP);
  EXPECT_TRUE(r & POLLIN);
  EXPECT_TRUE(r & POLLRDHUP);
}

TEST(UnixStream, PollRdhupAfterPeerShutdownWr) {
  Pair p(SOCK_STREAM);
  ASSERT_OK(shutdown(p.fd[0], SHUT_WR));
  short r = PollNow(p.fd[1], POLLIN | POLLRDHUP);
  EXPECT_EQ(r, POLLIN | POLLRDHUP);
}

TEST(UnixStream, PollWakesOnData) {
  Pair p(SOCK_STREAM);
  int fd = p.fd[0];
  pid_t pid = StartChild([fd] {
    SpinFor(30);
    return write(fd, "x", 1) == 1 ? 0 : 1;
  });
  struct pollfd pf = {p.fd[1], POLLIN, 0};
  EXPECT_EQ(poll(&pf, 1, 5000), 1);
  EXPECT_EQ(pf.revents, POLLIN);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST(UnixStream, FionreadAndSiocoutq) {
  Pair p(SOCK_STREAM);
  ASSERT_EQ(write(p.fd[0], "12345", 5), 5);
  int n = -1;
  ASSERT_OK(ioctl(p.fd[1], FIONREAD, &n));
  EXPECT_EQ(n, 5);
  ASSERT_OK(ioctl(p.fd[1], SIOCINQ, &n));
  EXPECT_EQ(n, 5);
  // SIOCOUTQ counts what the peer has not read yet (Linux counts the
  // buffers' true size, so only "some, then none" is portable).
  ASSERT_OK(ioctl(p.fd[0], SIOCOUTQ, &n));
  EXPECT_GT(n, 0);
  char buf[8];
  ASSERT_EQ(read(p.fd[1], buf, sizeof(buf)), 5);
  ASSERT_OK(ioctl(p.fd[0], SIOCOUTQ, &n));
  EXPECT_EQ(n, 0);
}

TEST(UnixStream, SendtoWithAddressOnConnectedStreamIsEisconn) {
  Pair p(SOCK_STREAM);
  sockaddr_un a;
  socklen_t len = AbstractAddr("x", &a);
  EXPECT_ERRNO(sendto(p.fd[0], "x", 1, 0, (sockaddr*)&a, len), EISCONN);
}

TEST(UnixStream, WriteUnconnectedIsEnotconn) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(s, 0);
  EXPECT_ERRNO(send(s, "x", 1, MSG_NOSIGNAL), ENOTCONN);
  char c;
  EXPECT_ERRNO(recv(s, &c, 1, 0), EINVAL);
  close(s);
}

TEST(UnixStream, ReadvWritevWork) {
  Pair p(SOCK_STREAM);
  struct iovec w[2] = {{(void*)"ab", 2}, {(void*)"cde", 3}};
  ASSERT_EQ(writev(p.fd[0], w, 2), 5);
  char a[3], b[2];
  struct iovec r[2] = {{a, 3}, {b, 2}};
  ASSERT_EQ(readv(p.fd[1], r, 2), 5);
  EXPECT_EQ(std::string(a, 3), "abc");
  EXPECT_EQ(std::string(b, 2), "de");
}

TEST(UnixStream, FstatIsSocket) {
  Pair p(SOCK_STREAM);
  struct stat st;
  ASSERT_OK(fstat(p.fd[0], &st));
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
}

TEST(UnixStream, ProcFdNamesTheSocket) {
  Pair p(SOCK_STREAM);
  struct stat st;
  ASSERT_OK(fstat(p.fd[0], &st));
  char buf[64] = {};
  std::string link = "/proc/self/fd/" + std::to_string(p.fd[0]);
  ASSERT_GT(readlink(link.c_str(), buf, sizeof(buf) - 1), 0);
  EXPECT_EQ(std::string(buf), "socket:[" + std::to_string(st.st_ino) + "]");
  struct stat st1;
  ASSERT_OK(fstat(p.fd[1], &st1));
  EXPECT_NE(st.st_ino, st1.st_ino);
}

TEST(UnixStream, ZeroLengthWriteIsZero) {
  Pair p(SOCK_STREAM);
  EXPECT_EQ(write(p.fd[0], "", 0), 0);
  EXPECT_EQ(PollNow(p.fd[1], POLLIN), 0);
}

TEST(UnixStream, RecvBadBufferIsEfault) {
  Pair p(SOCK_STREAM);
  ASSERT_EQ(write(p.fd[0], "x", 1), 1);
  EXPECT_ERRNO(recv(p.fd[1], (void*)1, 1, 0), EFAULT);
}

}  // namespace
}  // namespace cub
