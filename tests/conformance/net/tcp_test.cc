// TCP connection setup over 127.0.0.1 and ::1 (tcp(7), socket(7)):
// bind/listen/accept4/connect, blocking and nonblocking, addresses,
// refused connections, port reuse and the errnos of misuse.  Each case
// runs for both families (Loopback/TcpConnect.*/V4 and /V6).
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <vector>

#include "conformance.h"
#include "net_util.h"

namespace cub {
namespace {

class TcpConnect : public FamilyTest {};
INSTANTIATE_FAMILY_TEST_SUITE_P(TcpConnect);

// A port on loopback where nothing listens: a bound, non-listening socket
// holds it (a SYN to it is answered by an RST) so no one else takes it.
struct ClosedPort {
  Fd holder;
  SockAddr addr;
  explicit ClosedPort(int family) {
    holder.reset(BoundSocket(family, SOCK_STREAM, &addr));
  }
};

TEST_P(TcpConnect, BlockingConnectAndAcceptAgreeOnAddresses) {
  SockAddr la;
  Fd l(Listener(family(), &la));
  ASSERT_TRUE(l.ok()) << strerror(errno);
  EXPECT_TRUE(IsLoopback(la)) << la.str();
  EXPECT_NE(la.port(), 0) << "port 0 must be replaced by a kernel-chosen port";

  Fd c(socket(family(), SOCK_STREAM, 0));
  ASSERT_TRUE(c.ok());
  ASSERT_OK(connect(c, la.get(), la.len));

  SockAddr from;
  from.len = sizeof(from.ss);
  Fd s(accept4(l, from.get(), &from.len, 0));
  ASSERT_TRUE(s.ok()) << strerror(errno);

  socklen_t want = family() == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  EXPECT_EQ(from.len, want);
  SockAddr cl = LocalAddr(c), cp = PeerAddr(c), sl = LocalAddr(s), sp = PeerAddr(s);
  EXPECT_EQ(cl.len, want);
  EXPECT_TRUE(IsLoopback(cl)) << cl.str();
  EXPECT_NE(cl.port(), 0) << "connect binds an ephemeral port";
  EXPECT_EQ(cp.str(), la.str()) << "client's peer is the listener's address";
  EXPECT_EQ(sl.str(), la.str()) << "accepted socket has the listener's address";
  EXPECT_EQ(sp.str(), cl.str()) << "server's peer is the client's address";
  EXPECT_EQ(from.str(), cl.str()) << "accept's address is the client's";
}

TEST_P(TcpConnect, Accept4SetsNonblockAndCloexecOnAcceptedFd) {
  SockAddr la;
  Fd l(Listener(family(), &la));
  Fd c(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(connect(c, la.get(), la.len));
  Fd s(accept4(l, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
  ASSERT_TRUE(s.ok()) << strerror(errno);
  EXPECT_TRUE(fcntl(s, F_GETFL) & O_NONBLOCK);
  EXPECT_EQ(fcntl(s, F_GETFD), FD_CLOEXEC);
  char ch;
  EXPECT_ERRNO(read(s, &ch, 1), EAGAIN);
}

TEST_P(TcpConnect, AcceptDoesNotInheritListenersNonblock) {
  SockAddr la;
  Fd l(Listener(family(), &la));
  ASSERT_OK(fcntl(l, F_SETFL, O_NONBLOCK));
  Fd c(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(connect(c, la.get(), la.len));
  ASSERT_TRUE(PollFor(l, POLLIN) & POLLIN);
  Fd s(accept(l, nullptr, nullptr));
  ASSERT_TRUE(s.ok()) << strerror(errno);
  EXPECT_FALSE(fcntl(s, F_GETFL) & O_NONBLOCK)
      << "Linux's accept() never copies O_NONBLOCK from the listener";
  EXPECT_EQ(fcntl(s, F_GETFD), 0);
}

TEST_P(TcpConnect, Accept4UnknownFlagIsEinval) {
  Fd l(Listener(family()));
  EXPECT_ERRNO(accept4(l, nullptr, nullptr, SOCK_DGRAM), EINVAL);
}

TEST_P(TcpConnect, NonblockingConnectIsInProgressThenConnected) {
  SockAddr la;
  Fd l(Listener(family(), &la));
  Fd c(socket(family(), SOCK_STREAM | SOCK_NONBLOCK, 0));
  ASSERT_TRUE(c.ok());
  ASSERT_ERRNO(connect(c, la.get(), la.len), EINPROGRESS);
  short rev = PollFor(c, POLLOUT);
  EXPECT_EQ(rev, POLLOUT) << "revents " << rev;
  EXPECT_EQ(GetIntOpt(c, SOL_SOCKET, SO_ERROR), 0);
  EXPECT_EQ(PeerAddr(c).str(), la.str());
  // The first connect() after the handshake completes the state change
  // (SS_CONNECTING to SS_CONNECTED) and succeeds; only the next one is
  // EISCONN.
  EXPECT_EQ(connect(c, la.get(), la.len), 0) << strerror(errno);
  EXPECT_ERRNO(connect(c, la.get(), la.len), EISCONN);
  Fd s(accept(l, nullptr, nullptr));
  EXPECT_TRUE(s.ok());
}

TEST_P(TcpConnect, BlockingConnectToClosedPortIsRefused) {
  ClosedPort closed(family());
  ASSERT_TRUE(closed.holder.ok());
  Fd c(socket(family(), SOCK_STREAM, 0));
  EXPECT_ERRNO(connect(c, closed.addr.get(), closed.addr.len), ECONNREFUSED);
  EXPECT_EQ(GetIntOpt(c, SOL_SOCKET, SO_ERROR), 0)
      << "the error went to connect's return value";
  EXPECT_ERRNO(getpeername(c, nullptr, nullptr), ENOTCONN);
}

TEST_P(TcpConnect, NonblockingConnectToClosedPortReportsSoErrorOnce) {
  ClosedPort closed(family());
  Fd c(socket(family(), SOCK_STREAM | SOCK_NONBLOCK, 0));
  ASSERT_ERRNO(connect(c, closed.addr.get(), closed.addr.len), EINPROGRESS);
  short rev = PollFor(c, POLLOUT);
  EXPECT_EQ(rev, POLLOUT | POLLERR | POLLHUP) << "revents " << rev;
  EXPECT_EQ(GetIntOpt(c, SOL_SOCKET, SO_ERROR), ECONNREFUSED);
  EXPECT_EQ(GetIntOpt(c, SOL_SOCKET, SO_ERROR), 0)
      << "reading SO_ERROR clears the pending error";
}

TEST_P(TcpConnect, AcceptOnEmptyNonblockingListenerIsEagain) {
  Fd l(Listener(family()));
  ASSERT_OK(fcntl(l, F_SETFL, O_NONBLOCK));
  EXPECT_ERRNO(accept(l, nullptr, nullptr), EAGAIN);
  EXPECT_ERRNO(accept4(l, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC),
               EAGAIN);
}

TEST_P(TcpConnect, BacklogQueuesConnectionsAcceptedInOrder) {
  SockAddr la;
  Fd l(Listener(family(), &la, 8));
  std::vector<Fd> clients;
  for (int i = 0; i < 4; i++) {
    Fd c(socket(family(), SOCK_STREAM, 0));
    ASSERT_EQ(connect(c, la.get(), la.len), 0) << "client " << i << ": " << strerror(errno);
    clients.push_back(std::move(c));
  }
  for (int i = 0; i < 4; i++) {
    Fd s(accept(l, nullptr, nullptr));
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(PeerAddr(s).str(), LocalAddr(clients[i]).str())
        << "accept " << i << " returned another client";
  }
}

TEST_P(TcpConnect, ConnectOnListeningSocketIsEisconn) {
  SockAddr la;
  Fd l(Listener(family(), &la));
  // inet_stream_connect: an unconnected socket not in TCP_CLOSE.
  EXPECT_ERRNO(connect(l, la.get(), la.len), EISCONN);
}

TEST_P(TcpConnect, AcceptOnNonListeningSocketIsEinval) {
  Fd bound(BoundSocket(family(), SOCK_STREAM));
  EXPECT_ERRNO(accept(bound, nullptr, nullptr), EINVAL);
  Fd fresh(socket(family(), SOCK_STREAM, 0));
  EXPECT_ERRNO(accept(fresh, nullptr, nullptr), EINVAL);
}

TEST_P(TcpConnect, UnconnectedSocketHasNoPeer) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  SockAddr a;
  a.len = sizeof(a.ss);
  EXPECT_ERRNO(getpeername(s, a.get(), &a.len), ENOTCONN);
  char ch;
  EXPECT_ERRNO(recv(s, &ch, 1, 0), ENOTCONN);
  // tcp_sendmsg on a socket that never connected: EPIPE (and SIGPIPE
  // without MSG_NOSIGNAL).
  EXPECT_ERRNO(send(s, "x", 1, MSG_NOSIGNAL), EPIPE);
  EXPECT_ERRNO(shutdown(s, SHUT_WR), ENOTCONN);
}

TEST_P(TcpConnect, UnboundSocketNameIsAnyPortZero) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  SockAddr a = LocalAddr(s);
  EXPECT_EQ(a.family(), family());
  EXPECT_EQ(a.str(), AnyAddr(family()).str());
}

TEST_P(TcpConnect, ListenWithoutBindPicksAPort) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(listen(s, 1));
  SockAddr a = LocalAddr(s);
  EXPECT_NE(a.port(), 0) << "listen() autobinds an ephemeral port";
  SockAddr any = AnyAddr(family(), a.port());
  EXPECT_EQ(a.str(), any.str()) << "on the wildcard address";
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_ACCEPTCONN), 1);
}

TEST_P(TcpConnect, SecondBindToSamePortIsEaddrinuse) {
  SockAddr a;
  Fd first(BoundSocket(family(), SOCK_STREAM, &a));
  Fd second(socket(family(), SOCK_STREAM, 0));
  EXPECT_ERRNO(bind(second, a.get(), a.len), EADDRINUSE);
  // The wildcard address conflicts with the specific one too.
  SockAddr any = AnyAddr(family(), a.port());
  EXPECT_ERRNO(bind(second, any.get(), any.len), EADDRINUSE);
}

TEST_P(TcpConnect, BindingABoundSocketAgainIsEinval) {
  Fd s(BoundSocket(family(), SOCK_STREAM));
  SockAddr a = Loopback(family());
  EXPECT_ERRNO(bind(s, a.get(), a.len), EINVAL);
}

TEST_P(TcpConnect, ReuseaddrDoesNotShareAListeningPort) {
  SockAddr a;
  Fd first(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(SetIntOpt(first, SOL_SOCKET, SO_REUSEADDR, 1));
  SockAddr lo = Loopback(family());
  ASSERT_OK(bind(first, lo.get(), lo.len));
  ASSERT_OK(listen(first, 1));
  a = LocalAddr(first);
  Fd second(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(SetIntOpt(second, SOL_SOCKET, SO_REUSEADDR, 1));
  EXPECT_ERRNO(bind(second, a.get(), a.len), EADDRINUSE);
}

TEST_P(TcpConnect, ReuseaddrLetsTwoUnlistenedSocketsBindButOnlyOneListen) {
  Fd first(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(SetIntOpt(first, SOL_SOCKET, SO_REUSEADDR, 1));
  SockAddr lo = Loopback(family());
  ASSERT_OK(bind(first, lo.get(), lo.len));
  SockAddr a = LocalAddr(first);
  Fd second(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(SetIntOpt(second, SOL_SOCKET, SO_REUSEADDR, 1));
  EXPECT_EQ(bind(second, a.get(), a.len), 0)
      << strerror(errno) << ": neither socket listens: SO_REUSEADDR on both allows the bind";
  ASSERT_OK(listen(first, 1));
  EXPECT_ERRNO(listen(second, 1), EADDRINUSE);
}

TEST_P(TcpConnect, ClosedListenerPortCanBeBoundAgain) {
  SockAddr a;
  {
    Fd l(Listener(family(), &a));
    ASSERT_TRUE(l.ok());
  }
  Fd again(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(SetIntOpt(again, SOL_SOCKET, SO_REUSEADDR, 1));
  EXPECT_OK(bind(again, a.get(), a.len));
  EXPECT_OK(listen(again, 1));
}

TEST_P(TcpConnect, TimeWaitPortNeedsReuseaddr) {
  SockAddr a;
  Fd l(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(SetIntOpt(l, SOL_SOCKET, SO_REUSEADDR, 1));
  SockAddr lo = Loopback(family());
  ASSERT_OK(bind(l, lo.get(), lo.len));
  ASSERT_OK(listen(l, 1));
  a = LocalAddr(l);
  Fd c(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(connect(c, a.get(), a.len));
  Fd s(accept(l, nullptr, nullptr));
  ASSERT_TRUE(s.ok());
  // The server closes first, so its end (on the listener's port) goes
  // through FIN_WAIT into TIME_WAIT once the client closes too.
  s.reset();
  char ch;
  ASSERT_EQ(read(c, &ch, 1), 0) << "the client sees the server's FIN";
  c.reset();
  l.reset();

  Fd plain(socket(family(), SOCK_STREAM, 0));
  EXPECT_ERRNO(bind(plain, a.get(), a.len), EADDRINUSE);
  Fd reuse(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(SetIntOpt(reuse, SOL_SOCKET, SO_REUSEADDR, 1));
  EXPECT_OK(bind(reuse, a.get(), a.len));
  EXPECT_OK(listen(reuse, 1));
}

TEST_P(TcpConnect, BindShortAddrlenIsEinval) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  SockAddr a = Loopback(family());
  socklen_t short_len =
      family() == AF_INET6 ? sizeof(sockaddr_in) : sizeof(sockaddr_in) - 1;
  EXPECT_ERRNO(bind(s, a.get(), short_len), EINVAL);
  EXPECT_ERRNO(connect(s, a.get(), short_len), EINVAL);
}

TEST_P(TcpConnect, BindOtherFamilyIsEafnosupport) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  // The other family's loopback address, with a length both accept.
  SockAddr other = Loopback(family() == AF_INET6 ? AF_INET : AF_INET6);
  other.len = sizeof(sockaddr_in6);
  EXPECT_ERRNO(bind(s, other.get(), other.len), EAFNOSUPPORT);
}

TEST_P(TcpConnect, BindNonLocalAddressIsEaddrnotavail) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  SockAddr a = Loopback(family());
  // Documentation addresses (RFC 5737, RFC 3849): on no interface.
  if (family() == AF_INET6)
    ASSERT_EQ(inet_pton(AF_INET6, "2001:db8::1", &a.in6()->sin6_addr), 1);
  else
    ASSERT_EQ(inet_pton(AF_INET, "203.0.113.1", &a.in4()->sin_addr), 1);
  EXPECT_ERRNO(bind(s, a.get(), a.len), EADDRNOTAVAIL);
}

TEST_P(TcpConnect, BadAddressPointersAreEfault) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  void* bad = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(bad, MAP_FAILED);
  socklen_t len = family() == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  EXPECT_ERRNO(bind(s, (sockaddr*)bad, len), EFAULT);
  EXPECT_ERRNO(connect(s, (sockaddr*)bad, len), EFAULT);
  SockAddr a;
  EXPECT_ERRNO(getsockname(s, a.get(), (socklen_t*)bad), EFAULT);
  socklen_t alen = sizeof(a.ss);
  EXPECT_ERRNO(getsockname(s, (sockaddr*)bad, &alen), EFAULT);
  munmap(bad, 4096);
}

TEST_P(TcpConnect, ListenOnUdpIsEopnotsupp) {
  Fd u(BoundSocket(family(), SOCK_DGRAM));
  EXPECT_ERRNO(listen(u, 1), EOPNOTSUPP);
  EXPECT_ERRNO(accept(u, nullptr, nullptr), EOPNOTSUPP);
}

TEST_P(TcpConnect, StreamSocketWithUdpProtocolIsEprotonosupport) {
  EXPECT_ERRNO(socket(family(), SOCK_STREAM, IPPROTO_UDP), EPROTONOSUPPORT);
  int s = socket(family(), SOCK_STREAM, IPPROTO_TCP);
  EXPECT_GE(s, 0) << strerror(errno);
  if (s >= 0) close(s);
}

TEST_P(TcpConnect, ConnectToTheWildcardAddressReachesLoopback) {
  // tcp_v4_connect/tcp_v6_connect: 0.0.0.0 and :: as a destination mean
  // this host, and the connection runs over loopback.
  SockAddr la;
  Fd l(Listener(family(), &la));
  Fd c(socket(family(), SOCK_STREAM, 0));
  SockAddr any = AnyAddr(family(), la.port());
  ASSERT_OK(connect(c, any.get(), any.len));
  EXPECT_EQ(PeerAddr(c).str(), la.str()) << "the peer is the loopback address";
  Fd s(accept(l, nullptr, nullptr));
  EXPECT_TRUE(s.ok());
}

TEST_P(TcpConnect, ShortAddressBufferIsTruncatedButTheFullLengthIsReported) {
  SockAddr la;
  Fd l(Listener(family(), &la));
  Fd c(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(connect(c, la.get(), la.len));
  socklen_t full = family() == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  SockAddr a;
  memset(&a.ss, 0x5a, sizeof(a.ss));
  socklen_t len = sizeof(sa_family_t);
  Fd s(accept(l, a.get(), &len));
  ASSERT_TRUE(s.ok()) << strerror(errno);
  EXPECT_EQ(len, full) << "accept reports the real length";
  EXPECT_EQ(a.family(), family()) << "the bytes that fit are copied";
  EXPECT_EQ(((unsigned char*)&a.ss)[sizeof(sa_family_t)], 0x5a) << "and no more";
  len = 0;
  ASSERT_OK(getsockname(c, a.get(), &len));
  EXPECT_EQ(len, full);
  len = (socklen_t)-1;
  EXPECT_ERRNO(getsockname(c, a.get(), &len), EINVAL);
}

TEST_P(TcpConnect, SocketFlagsSetNonblockAndCloexec) {
  Fd s(socket(family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(fcntl(s, F_GETFL) & O_NONBLOCK);
  EXPECT_EQ(fcntl(s, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(fcntl(s, F_GETFL) & O_ACCMODE, O_RDWR);
  Fd plain(socket(family(), SOCK_STREAM, 0));
  EXPECT_FALSE(fcntl(plain, F_GETFL) & O_NONBLOCK);
  EXPECT_EQ(fcntl(plain, F_GETFD), 0);
}

TEST(TcpConnectV4, ConnectV4SocketToV6AddressIsEafnosupport) {
  Fd s(socket(AF_INET, SOCK_STREAM, 0));
  SockAddr a = Loopback(AF_INET6, 1);
  EXPECT_ERRNO(connect(s, a.get(), a.len), EAFNOSUPPORT);
}

}  // namespace
}  // namespace cub
