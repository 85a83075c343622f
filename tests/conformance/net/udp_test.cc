// UDP over 127.0.0.1 and ::1 (udp(7), socket(7)): datagrams and their
// boundaries, source addresses, connected sockets, MSG_TRUNC and
// MSG_PEEK, the ICMP error of a closed port, FIONREAD, buffer sizes,
// SO_BROADCAST and port sharing.  Both families.
#include <net/if.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <string>

#include "conformance.h"
#include "net_util.h"

namespace cub {
namespace {

class Udp : public FamilyTest {
 protected:
  // Two bound sockets, a and b, and their addresses.
  void SetUp() override {
    a_.reset(BoundSocket(family(), SOCK_DGRAM, &aa_));
    b_.reset(BoundSocket(family(), SOCK_DGRAM, &ba_));
    ASSERT_TRUE(a_.ok() && b_.ok()) << strerror(errno);
  }
  // Sends s from a to b.
  void SendAB(const std::string& s) {
    ASSERT_EQ(sendto(a_, s.data(), s.size(), 0, ba_.get(), ba_.len),
              (ssize_t)s.size())
        << strerror(errno);
  }
  Fd a_, b_;
  SockAddr aa_, ba_;
};
INSTANTIATE_FAMILY_TEST_SUITE_P(Udp);

TEST_P(Udp, SocketOptionsNameUdp) {
  EXPECT_EQ(GetIntOpt(a_, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
  EXPECT_EQ(GetIntOpt(a_, SOL_SOCKET, SO_DOMAIN), family());
  EXPECT_EQ(GetIntOpt(a_, SOL_SOCKET, SO_PROTOCOL), IPPROTO_UDP);
  EXPECT_EQ(GetIntOpt(a_, SOL_SOCKET, SO_ACCEPTCONN), 0);
}

TEST_P(Udp, RecvfromGivesTheSourceAddress) {
  SendAB("ping");
  char buf[16];
  SockAddr from;
  from.len = sizeof(from.ss);
  ASSERT_EQ(recvfrom(b_, buf, sizeof(buf), 0, from.get(), &from.len), 4);
  EXPECT_EQ(std::string(buf, 4), "ping");
  EXPECT_EQ(from.len, aa_.len);
  EXPECT_EQ(from.str(), aa_.str());
}

TEST_P(Udp, RecvmsgGivesTheSourceAddressInMsgName) {
  SendAB("msg");
  char buf[16];
  struct iovec iov = {buf, sizeof(buf)};
  SockAddr from;
  struct msghdr m = {};
  m.msg_name = from.get();
  m.msg_namelen = sizeof(from.ss);
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  ASSERT_EQ(recvmsg(b_, &m, 0), 3);
  from.len = m.msg_namelen;
  EXPECT_EQ(m.msg_namelen, aa_.len);
  EXPECT_EQ(from.str(), aa_.str());
  EXPECT_EQ(m.msg_flags, 0);
}

TEST_P(Udp, ConnectedSocketSendsRecvsAndHasAPeer) {
  ASSERT_OK(connect(a_, ba_.get(), ba_.len));
  EXPECT_EQ(PeerAddr(a_).str(), ba_.str());
  ASSERT_EQ(send(a_, "hi", 2, 0), 2);
  char buf[8];
  SockAddr from;
  from.len = sizeof(from.ss);
  ASSERT_EQ(recvfrom(b_, buf, sizeof(buf), 0, from.get(), &from.len), 2);
  EXPECT_EQ(from.str(), aa_.str());
  ASSERT_EQ(sendto(b_, "yo", 2, 0, aa_.get(), aa_.len), 2);
  ASSERT_EQ(recv(a_, buf, sizeof(buf), 0), 2);
  EXPECT_EQ(std::string(buf, 2), "yo");
}

TEST_P(Udp, ConnectedSocketDropsDatagramsFromOthers) {
  ASSERT_OK(connect(a_, ba_.get(), ba_.len));
  SockAddr ca;
  Fd c(BoundSocket(family(), SOCK_DGRAM, &ca));
  ASSERT_EQ(sendto(c, "stranger", 8, 0, aa_.get(), aa_.len), 8);
  ASSERT_EQ(sendto(b_, "peer", 4, 0, aa_.get(), aa_.len), 4);
  char buf[16];
  ASSERT_EQ(recv(a_, buf, sizeof(buf), 0), 4) << "only the peer's datagram";
  EXPECT_EQ(std::string(buf, 4), "peer");
  EXPECT_ERRNO(recv(a_, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
}

TEST_P(Udp, DatagramBoundariesAreKept) {
  SendAB("one");
  SendAB("three");
  char buf[16];
  ASSERT_EQ(recv(b_, buf, sizeof(buf), 0), 3);
  EXPECT_EQ(std::string(buf, 3), "one");
  ASSERT_EQ(recv(b_, buf, sizeof(buf), 0), 5);
  EXPECT_EQ(std::string(buf, 5), "three");
}

TEST_P(Udp, ShortBufferTruncatesAndSetsMsgTrunc) {
  SendAB("abcdefgh");
  SendAB("next");
  char buf[3];
  struct iovec iov = {buf, sizeof(buf)};
  struct msghdr m = {};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  ASSERT_EQ(recvmsg(b_, &m, 0), 3) << "the bytes that fit";
  EXPECT_EQ(m.msg_flags, MSG_TRUNC);
  EXPECT_EQ(std::string(buf, 3), "abc");
  char next[8];
  ASSERT_EQ(recv(b_, next, sizeof(next), 0), 4) << "the rest was discarded";
  EXPECT_EQ(std::string(next, 4), "next");
}

TEST_P(Udp, MsgTruncFlagReturnsTheRealLength) {
  SendAB("abcdefgh");
  char buf[3];
  EXPECT_EQ(recv(b_, buf, sizeof(buf), MSG_TRUNC), 8);
  EXPECT_EQ(std::string(buf, 3), "abc");
  SendAB("0123456789");
  EXPECT_EQ(recv(b_, nullptr, 0, MSG_PEEK | MSG_TRUNC), 10)
      << "the usual way to learn the next datagram's size";
  char all[16];
  EXPECT_EQ(recv(b_, all, sizeof(all), 0), 10);
}

TEST_P(Udp, MsgPeekLeavesTheDatagram) {
  SendAB("peek");
  char buf[8];
  SockAddr from;
  from.len = sizeof(from.ss);
  ASSERT_EQ(recvfrom(b_, buf, sizeof(buf), MSG_PEEK, from.get(), &from.len), 4);
  EXPECT_EQ(from.str(), aa_.str());
  ASSERT_EQ(recv(b_, buf, sizeof(buf), 0), 4);
  EXPECT_EQ(std::string(buf, 4), "peek");
  EXPECT_ERRNO(recv(b_, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
}

TEST_P(Udp, ZeroLengthDatagramIsADatagram) {
  ASSERT_EQ(sendto(a_, "", 0, 0, ba_.get(), ba_.len), 0);
  EXPECT_EQ(PollFor(b_, POLLIN), POLLIN) << "an empty datagram is readable";
  int n = -1;
  ASSERT_OK(ioctl(b_, FIONREAD, &n));
  EXPECT_EQ(n, 0);
  char buf[4];
  SockAddr from;
  from.len = sizeof(from.ss);
  EXPECT_EQ(recvfrom(b_, buf, sizeof(buf), 0, from.get(), &from.len), 0);
  EXPECT_EQ(from.str(), aa_.str());
  // It was consumed.
  EXPECT_ERRNO(recv(b_, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
}

TEST_P(Udp, UnconnectedSendIsEdestaddrreq) {
  // The error is reported once.
  EXPECT_ERRNO(send(a_, "x", 1, 0), EDESTADDRREQ);
  EXPECT_ERRNO(write(a_, "x", 1), EDESTADDRREQ);
  EXPECT_ERRNO(getpeername(a_, nullptr, nullptr), ENOTCONN);
}

TEST_P(Udp, ConnectAfUnspecDissolvesTheAssociation) {
  ASSERT_OK(connect(a_, ba_.get(), ba_.len));
  struct sockaddr unspec = {};
  unspec.sa_family = AF_UNSPEC;
  ASSERT_OK(connect(a_, &unspec, sizeof(unspec)));
  EXPECT_ERRNO(getpeername(a_, nullptr, nullptr), ENOTCONN);
  EXPECT_ERRNO(send(a_, "x", 1, 0), EDESTADDRREQ);
}

TEST_P(Udp, ConnectedToAClosedPortGetsEconnrefused) {
  // b's port, after b is closed: nothing listens there any more.  The
  // ICMP port-unreachable comes back over loopback (ICMP rate limits
  // do not apply to loopback) and sets the socket error.
  SockAddr dead = ba_;
  b_.reset();
  ASSERT_OK(connect(a_, dead.get(), dead.len));
  ASSERT_EQ(send(a_, "anyone?", 7, 0), 7);
  short rev = PollFor(a_, POLLIN);
  EXPECT_EQ(rev, POLLERR) << "revents " << rev;
  char buf[8];
  EXPECT_ERRNO(recv(a_, buf, sizeof(buf), 0), ECONNREFUSED);
  // The error is reported once.
  EXPECT_ERRNO(recv(a_, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
}

TEST_P(Udp, FionreadIsTheNextDatagramsSize) {
  int n = -1;
  ASSERT_OK(ioctl(b_, FIONREAD, &n));
  EXPECT_EQ(n, 0);
  SendAB("12345");
  SendAB("1234567890");
  ASSERT_EQ(PollFor(b_, POLLIN), POLLIN);
  ASSERT_OK(ioctl(b_, FIONREAD, &n));
  EXPECT_EQ(n, 5) << "the first datagram only, not the queue";
  char buf[16];
  ASSERT_EQ(recv(b_, buf, sizeof(buf), 0), 5);
  ASSERT_OK(ioctl(b_, SIOCINQ, &n));
  EXPECT_EQ(n, 10);
}

TEST_P(Udp, BufferSizesAreDoubledWhenSet) {
  // socket(7): the kernel doubles the value to leave room for
  // bookkeeping, and getsockopt returns the doubled value.
  ASSERT_OK(SetIntOpt(a_, SOL_SOCKET, SO_RCVBUF, 16384));
  EXPECT_EQ(GetIntOpt(a_, SOL_SOCKET, SO_RCVBUF), 32768);
  ASSERT_OK(SetIntOpt(a_, SOL_SOCKET, SO_SNDBUF, 16384));
  EXPECT_EQ(GetIntOpt(a_, SOL_SOCKET, SO_SNDBUF), 32768);
  // A tiny value is raised to a minimum, still above what was asked.
  ASSERT_OK(SetIntOpt(a_, SOL_SOCKET, SO_RCVBUF, 1));
  EXPECT_GT(GetIntOpt(a_, SOL_SOCKET, SO_RCVBUF), 2);
}

TEST_P(Udp, BroadcastOptionReadsBack) {
  EXPECT_EQ(GetIntOpt(a_, SOL_SOCKET, SO_BROADCAST), 0);
  ASSERT_OK(SetIntOpt(a_, SOL_SOCKET, SO_BROADCAST, 1));
  EXPECT_EQ(GetIntOpt(a_, SOL_SOCKET, SO_BROADCAST), 1);
  ASSERT_OK(SetIntOpt(a_, SOL_SOCKET, SO_BROADCAST, 0));
  EXPECT_EQ(GetIntOpt(a_, SOL_SOCKET, SO_BROADCAST), 0);
}

TEST_P(Udp, WildcardBindWithPortZeroGetsAPort) {
  Fd s(socket(family(), SOCK_DGRAM, 0));
  SockAddr any = AnyAddr(family());
  ASSERT_OK(bind(s, any.get(), any.len));
  SockAddr got = LocalAddr(s);
  EXPECT_NE(got.port(), 0);
  EXPECT_EQ(got.str(), AnyAddr(family(), got.port()).str());
}

TEST_P(Udp, UnboundSendtoAutobinds) {
  Fd s(socket(family(), SOCK_DGRAM, 0));
  ASSERT_EQ(sendto(s, "x", 1, 0, ba_.get(), ba_.len), 1);
  SockAddr got = LocalAddr(s);
  EXPECT_NE(got.port(), 0) << "sendto picked a source port";
  SockAddr from;
  from.len = sizeof(from.ss);
  char ch;
  ASSERT_EQ(recvfrom(b_, &ch, 1, 0, from.get(), &from.len), 1);
  EXPECT_EQ(from.port(), got.port());
}

TEST_P(Udp, SamePortTwiceIsEaddrinuse) {
  Fd s(socket(family(), SOCK_DGRAM, 0));
  EXPECT_ERRNO(bind(s, aa_.get(), aa_.len), EADDRINUSE);
}

TEST_P(Udp, ReuseaddrOnBothSharesThePort) {
  Fd x(socket(family(), SOCK_DGRAM, 0)), y(socket(family(), SOCK_DGRAM, 0));
  ASSERT_OK(SetIntOpt(x, SOL_SOCKET, SO_REUSEADDR, 1));
  ASSERT_OK(SetIntOpt(y, SOL_SOCKET, SO_REUSEADDR, 1));
  SockAddr lo = Loopback(family());
  ASSERT_OK(bind(x, lo.get(), lo.len));
  SockAddr xa = LocalAddr(x);
  EXPECT_OK(bind(y, xa.get(), xa.len));
  EXPECT_EQ(LocalAddr(y).str(), xa.str());
  // Only one side asking is not enough.
  Fd z(socket(family(), SOCK_DGRAM, 0));
  EXPECT_ERRNO(bind(z, xa.get(), xa.len), EADDRINUSE);
}

TEST_P(Udp, OversizedDatagramIsEmsgsize) {
  std::string big(65536, 'x');
  EXPECT_ERRNO(sendto(a_, big.data(), big.size(), 0, ba_.get(), ba_.len), EMSGSIZE);
}

TEST_P(Udp, SendtoOnAConnectedSocketMayNameAnotherDestination) {
  ASSERT_OK(connect(a_, ba_.get(), ba_.len));
  SockAddr ca;
  Fd c(BoundSocket(family(), SOCK_DGRAM, &ca));
  ASSERT_EQ(sendto(a_, "side", 4, 0, ca.get(), ca.len), 4);
  char buf[8];
  ASSERT_EQ(recv(c, buf, sizeof(buf), 0), 4);
  EXPECT_EQ(PeerAddr(a_).str(), ba_.str()) << "the association is unchanged";
}

TEST_P(Udp, PktinfoNamesTheLoopbackInterfaceAndDestination) {
  // IP_PKTINFO / IPV6_RECVPKTINFO: what a server bound to the wildcard
  // uses to learn where a datagram arrived.
  if (family() == AF_INET6)
    ASSERT_OK(SetIntOpt(b_, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1));
  else
    ASSERT_OK(SetIntOpt(b_, IPPROTO_IP, IP_PKTINFO, 1));
  SendAB("info");
  char buf[8];
  struct iovec iov = {buf, sizeof(buf)};
  union {
    char c[CMSG_SPACE(sizeof(in6_pktinfo)) + CMSG_SPACE(sizeof(in_pktinfo))];
    cmsghdr align;
  } ctl;
  struct msghdr m = {};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = ctl.c;
  m.msg_controllen = sizeof(ctl.c);
  ASSERT_EQ(recvmsg(b_, &m, 0), 4);
  cmsghdr* c = CMSG_FIRSTHDR(&m);
  ASSERT_NE(c, nullptr) << "no control message";
  unsigned lo = if_nametoindex("lo");
  if (family() == AF_INET6) {
    EXPECT_EQ(c->cmsg_level, IPPROTO_IPV6);
    EXPECT_EQ(c->cmsg_type, IPV6_PKTINFO);
    ASSERT_EQ(c->cmsg_len, CMSG_LEN(sizeof(in6_pktinfo)));
    in6_pktinfo pi;
    memcpy(&pi, CMSG_DATA(c), sizeof(pi));
    EXPECT_EQ(pi.ipi6_ifindex, lo);
    EXPECT_TRUE(IN6_IS_ADDR_LOOPBACK(&pi.ipi6_addr));
  } else {
    EXPECT_EQ(c->cmsg_level, IPPROTO_IP);
    EXPECT_EQ(c->cmsg_type, IP_PKTINFO);
    ASSERT_EQ(c->cmsg_len, CMSG_LEN(sizeof(in_pktinfo)));
    in_pktinfo pi;
    memcpy(&pi, CMSG_DATA(c), sizeof(pi));
    EXPECT_EQ((unsigned)pi.ipi_ifindex, lo);
    EXPECT_EQ(pi.ipi_addr.s_addr, htonl(INADDR_LOOPBACK)) << "the header's destination";
    EXPECT_EQ(pi.ipi_spec_dst.s_addr, htonl(INADDR_LOOPBACK)) << "the local address";
  }
  EXPECT_EQ(CMSG_NXTHDR(&m, c), nullptr);
}

TEST(Udp6, DualStackSocketSeesV4SendersAsMapped) {
  Fd s(socket(AF_INET6, SOCK_DGRAM, 0));
  ASSERT_OK(SetIntOpt(s, IPPROTO_IPV6, IPV6_V6ONLY, 0));
  SockAddr any = AnyAddr(AF_INET6);
  ASSERT_OK(bind(s, any.get(), any.len));
  uint16_t port = LocalAddr(s).port();
  SockAddr v4a;
  Fd v4(BoundSocket(AF_INET, SOCK_DGRAM, &v4a));
  SockAddr to = Loopback(AF_INET, port);
  ASSERT_EQ(sendto(v4, "v4", 2, 0, to.get(), to.len), 2);
  char buf[4];
  SockAddr from;
  from.len = sizeof(from.ss);
  ASSERT_EQ(recvfrom(s, buf, sizeof(buf), 0, from.get(), &from.len), 2);
  EXPECT_EQ(from.len, sizeof(sockaddr_in6));
  EXPECT_TRUE(IsMappedLoopback(from)) << from.str();
  EXPECT_EQ(from.port(), v4a.port());
  // And the reply to the mapped address reaches the v4 socket.
  ASSERT_EQ(sendto(s, "ok", 2, 0, from.get(), from.len), 2);
  ASSERT_EQ(recv(v4, buf, sizeof(buf), 0), 2);
  EXPECT_EQ(std::string(buf, 2), "ok");
}

}  // namespace
}  // namespace cub
