// TCP data transfer over loopback (tcp(7), recv(2), send(2)): the
// read/write call family, the MSG_* flags, a large transfer both ways,
// shutdown, resets, EPIPE and SIGPIPE, FIONREAD.  Both families.
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <string>
#include <thread>

#include "conformance.h"
#include "net_util.h"

namespace cub {
namespace {

class TcpIo : public FamilyTest {
 protected:
  void SetUp() override {
    p_ = ConnectedTcp(family());
    ASSERT_TRUE(p_.ok()) << "no connected pair: " << strerror(errno);
  }
  int c() const { return p_.client; }
  int s() const { return p_.server; }
  TcpPair p_;
};
INSTANTIATE_FAMILY_TEST_SUITE_P(TcpIo);

TEST_P(TcpIo, SendAndRecvBothWays) {
  ASSERT_EQ(send(c(), "hello", 5, 0), 5);
  char buf[16] = {};
  ASSERT_EQ(recv(s(), buf, sizeof(buf), 0), 5);
  EXPECT_STREQ(buf, "hello");
  ASSERT_EQ(write(s(), "back", 4), 4);
  ASSERT_EQ(read(c(), buf, sizeof(buf)), 4);
  EXPECT_EQ(std::string(buf, 4), "back");
}

TEST_P(TcpIo, WritevAndReadvScatterAndGather) {
  struct iovec out[3] = {{(void*)"ab", 2}, {(void*)"", 0}, {(void*)"cdefg", 5}};
  ASSERT_EQ(writev(c(), out, 3), 7);
  char a[3], b[8];
  struct iovec in[2] = {{a, sizeof(a)}, {b, sizeof(b)}};
  size_t total = 0;
  // The stream may deliver the 7 bytes in more than one piece.
  while (total < 7) {
    ssize_t r = readv(s(), in, 2);
    ASSERT_GT(r, 0);
    total += (size_t)r;
    if (total < 7) {
      // Continue filling where the last call stopped.
      size_t off = total;
      in[0].iov_base = off < 3 ? a + off : a + 3;
      in[0].iov_len = off < 3 ? 3 - off : 0;
      in[1].iov_base = off < 3 ? b : b + (off - 3);
      in[1].iov_len = off < 3 ? sizeof(b) : sizeof(b) - (off - 3);
    }
  }
  EXPECT_EQ(std::string(a, 3) + std::string(b, 4), "abcdefg");
}

TEST_P(TcpIo, SendmsgAndRecvmsgLeaveNoNameOnAStream) {
  struct iovec out[2] = {{(void*)"one", 3}, {(void*)"two", 3}};
  struct msghdr m = {};
  m.msg_iov = out;
  m.msg_iovlen = 2;
  ASSERT_EQ(sendmsg(c(), &m, 0), 6);

  std::string got;
  while (got.size() < 6) {
    char buf[16];
    struct iovec in = {buf, sizeof(buf)};
    SockAddr name;
    struct msghdr r = {};
    r.msg_name = name.get();
    r.msg_namelen = sizeof(name.ss);
    r.msg_iov = &in;
    r.msg_iovlen = 1;
    r.msg_flags = -1;
    ssize_t n = recvmsg(s(), &r, 0);
    ASSERT_GT(n, 0);
    EXPECT_EQ(r.msg_namelen, 0u) << "TCP's recvmsg sets no source address";
    EXPECT_EQ(r.msg_flags, 0);
    got.append(buf, (size_t)n);
  }
  EXPECT_EQ(got, "onetwo");
}

TEST_P(TcpIo, RecvfromSetsAddrlenZero) {
  ASSERT_EQ(send(c(), "x", 1, 0), 1);
  char ch;
  SockAddr from;
  from.len = sizeof(from.ss);
  ASSERT_EQ(recvfrom(s(), &ch, 1, 0, from.get(), &from.len), 1);
  EXPECT_EQ(from.len, 0u);
}

TEST_P(TcpIo, SendtoIgnoresTheAddressOnAConnectedSocket) {
  SockAddr elsewhere = Loopback(family(), 1);
  ASSERT_EQ(sendto(c(), "xy", 2, 0, elsewhere.get(), elsewhere.len), 2);
  EXPECT_EQ(ReadN(s(), 2), "xy");
}

TEST_P(TcpIo, MsgPeekLeavesTheData) {
  ASSERT_EQ(send(c(), "peek", 4, 0), 4);
  ASSERT_TRUE(PollFor(s(), POLLIN) & POLLIN);
  char buf[8];
  ASSERT_EQ(recv(s(), buf, 2, MSG_PEEK), 2);
  EXPECT_EQ(std::string(buf, 2), "pe");
  EXPECT_EQ(ReadN(s(), 4), "peek");
}

TEST_P(TcpIo, MsgDontwaitOnEmptySocketIsEagain) {
  char ch;
  EXPECT_ERRNO(recv(s(), &ch, 1, MSG_DONTWAIT), EAGAIN);
  EXPECT_FALSE(fcntl(s(), F_GETFL) & O_NONBLOCK) << "the fd stays blocking";
}

TEST_P(TcpIo, MsgWaitallWaitsForTheWholeLength) {
  ASSERT_EQ(send(c(), "01234", 5, 0), 5);
  ASSERT_TRUE(PollFor(s(), POLLIN) & POLLIN);
  int cfd = c();
  std::thread writer([cfd] { send(cfd, "56789", 5, 0); });
  char buf[10];
  ssize_t r = recv(s(), buf, sizeof(buf), MSG_WAITALL);
  writer.join();
  ASSERT_EQ(r, 10);
  EXPECT_EQ(std::string(buf, 10), "0123456789");
}

TEST_P(TcpIo, MsgWaitallStopsAtEof) {
  ASSERT_EQ(send(c(), "abc", 3, 0), 3);
  ASSERT_OK(shutdown(c(), SHUT_WR));
  char buf[10];
  EXPECT_EQ(recv(s(), buf, sizeof(buf), MSG_WAITALL), 3);
}

TEST_P(TcpIo, FourMebibytesBothWaysArriveIntact) {
  const size_t kSize = 4 << 20;
  const std::string up = Pattern(kSize, 1), down = Pattern(kSize, 2);
  int cfd = c(), sfd = s();
  bool up_ok = false, down_ok = false;
  std::string down_got;
  std::thread w1([&] { up_ok = WriteAll(cfd, up); });
  std::thread w2([&] { down_ok = WriteAll(sfd, down); });
  std::thread r2([&] { down_got = ReadN(cfd, kSize); });
  std::string up_got = ReadN(sfd, kSize);
  w1.join();
  w2.join();
  r2.join();
  EXPECT_TRUE(up_ok);
  EXPECT_TRUE(down_ok);
  ASSERT_EQ(up_got.size(), kSize);
  ASSERT_EQ(down_got.size(), kSize);
  EXPECT_TRUE(up_got == up) << "client-to-server bytes differ";
  EXPECT_TRUE(down_got == down) << "server-to-client bytes differ";
}

TEST_P(TcpIo, CloseGivesThePeerTheDataThenEof) {
  ASSERT_EQ(send(c(), "last", 4, 0), 4);
  p_.client.reset();
  EXPECT_EQ(ReadN(s(), 4), "last");
  char ch;
  EXPECT_EQ(read(s(), &ch, 1), 0);
  EXPECT_EQ(read(s(), &ch, 1), 0) << "EOF stays";
}

TEST_P(TcpIo, ShutdownWrGivesPeerEofAndKeepsTheOtherDirection) {
  ASSERT_OK(shutdown(c(), SHUT_WR));
  char ch;
  EXPECT_EQ(read(s(), &ch, 1), 0);
  ASSERT_EQ(send(s(), "y", 1, 0), 1);
  EXPECT_EQ(ReadN(c(), 1), "y");
  EXPECT_ERRNO(send(c(), "x", 1, MSG_NOSIGNAL), EPIPE);
}

TEST_P(TcpIo, ShutdownRdMakesRecvReturnZero) {
  ASSERT_OK(shutdown(s(), SHUT_RD));
  char ch;
  EXPECT_EQ(recv(s(), &ch, 1, 0), 0);
  EXPECT_EQ(recv(s(), &ch, 1, MSG_DONTWAIT), 0) << "EOF, not EAGAIN";
  // TCP does not tell the peer: its sends still succeed.
  EXPECT_EQ(send(c(), "x", 1, MSG_NOSIGNAL), 1);
  // And this end can still send.
  ASSERT_EQ(send(s(), "z", 1, 0), 1);
  EXPECT_EQ(ReadN(c(), 1), "z");
}

TEST_P(TcpIo, ShutdownRdStillReturnsDataAlreadyQueued) {
  ASSERT_EQ(send(c(), "queued", 6, 0), 6);
  ASSERT_TRUE(PollFor(s(), POLLIN) & POLLIN);
  ASSERT_OK(shutdown(s(), SHUT_RD));
  // tcp_recvmsg reads the receive queue before it looks at RCV_SHUTDOWN.
  EXPECT_EQ(ReadN(s(), 6), "queued");
  char ch;
  EXPECT_EQ(recv(s(), &ch, 1, 0), 0);
}

TEST_P(TcpIo, ShutdownBadHowIsEinval) {
  EXPECT_ERRNO(shutdown(c(), SHUT_RDWR + 1), EINVAL);
}

TEST_P(TcpIo, SendAfterPeerClosedIsEpipeWithSigpipe) {
  p_.server.reset();
  char ch;
  ASSERT_EQ(read(c(), &ch, 1), 0) << "the FIN arrived";
  // The first send reaches a closed socket, which answers with an RST.
  ASSERT_EQ(send(c(), "x", 1, MSG_NOSIGNAL), 1);
  ASSERT_TRUE(PollFor(c(), POLLIN) & POLLERR) << "the RST arrived";
  int fd = c();
  int st = RunInChild([fd] {
    signal(SIGPIPE, SIG_DFL);
    send(fd, "x", 1, 0);
    return 0;
  });
  EXPECT_KILLED_BY(st, SIGPIPE);
}

TEST_P(TcpIo, MsgNosignalGivesEpipeWithoutSigpipe) {
  ASSERT_OK(shutdown(c(), SHUT_WR));
  int fd = c();
  int st = RunInChild([fd] {
    signal(SIGPIPE, SIG_DFL);
    CHILD_CHECK_ERRNO(send(fd, "x", 1, MSG_NOSIGNAL), EPIPE);
    // write() has no flags: it raises SIGPIPE.
    write(fd, "x", 1);
    return 0;
  });
  EXPECT_KILLED_BY(st, SIGPIPE);
}

TEST_P(TcpIo, LingerZeroCloseResetsThePeer) {
  struct linger lg = {1, 0};
  ASSERT_OK(setsockopt(c(), SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
  p_.client.reset();
  short rev = PollFor(s(), POLLIN);
  EXPECT_EQ(rev, POLLIN | POLLERR | POLLHUP) << "revents " << rev;
  char ch;
  EXPECT_ERRNO(recv(s(), &ch, 1, 0), ECONNRESET);
  EXPECT_EQ(recv(s(), &ch, 1, 0), 0) << "the error is reported once, then EOF";
  EXPECT_ERRNO(send(s(), "x", 1, MSG_NOSIGNAL), EPIPE);
}

TEST_P(TcpIo, CloseWithUnreadDataResetsThePeer) {
  ASSERT_EQ(send(c(), "unread", 6, 0), 6);
  ASSERT_TRUE(PollFor(s(), POLLIN) & POLLIN);
  p_.server.reset();  // closes with 6 unread bytes: RST, not FIN
  ASSERT_TRUE(PollFor(c(), POLLIN) & POLLERR);
  char ch;
  EXPECT_ERRNO(recv(c(), &ch, 1, 0), ECONNRESET);
}

TEST_P(TcpIo, FionreadCountsUnreadBytes) {
  int n = -1;
  ASSERT_OK(ioctl(s(), FIONREAD, &n));
  EXPECT_EQ(n, 0);
  ASSERT_EQ(send(c(), "12345", 5, 0), 5);
  ASSERT_TRUE(PollFor(s(), POLLIN) & POLLIN);
  ASSERT_OK(ioctl(s(), FIONREAD, &n));
  EXPECT_EQ(n, 5);
  char buf[2];
  ASSERT_EQ(recv(s(), buf, 2, 0), 2);
  ASSERT_OK(ioctl(s(), SIOCINQ, &n));
  EXPECT_EQ(n, 3);
}

TEST_P(TcpIo, FionreadOnListenerIsEinval) {
  Fd l(Listener(family()));
  int n;
  EXPECT_ERRNO(ioctl(l, FIONREAD, &n), EINVAL);
}

TEST_P(TcpIo, BadBufferIsEfault) {
  EXPECT_ERRNO(send(c(), (void*)1, 1, 0), EFAULT);
  ASSERT_EQ(send(c(), "x", 1, 0), 1);
  ASSERT_TRUE(PollFor(s(), POLLIN) & POLLIN);
  EXPECT_ERRNO(recv(s(), (void*)1, 1, 0), EFAULT);
}

}  // namespace
}  // namespace cub
