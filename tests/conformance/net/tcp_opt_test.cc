// TCP socket options and readiness (socket(7), tcp(7), epoll(7)):
// SO_TYPE/SO_DOMAIN/SO_PROTOCOL/SO_ACCEPTCONN, SO_KEEPALIVE, TCP_NODELAY,
// timeouts, SO_LINGER, SO_PEERCRED and SO_PEERGROUPS on a TCP socket,
// epoll and poll bits of listeners and connections.  Both families.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "conformance.h"
#include "net_util.h"

namespace cub {
namespace {

class TcpOpt : public FamilyTest {};
INSTANTIATE_FAMILY_TEST_SUITE_P(TcpOpt);

TEST_P(TcpOpt, TypeDomainAndProtocol) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_DOMAIN), family());
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_PROTOCOL), IPPROTO_TCP)
      << "protocol 0 means TCP and reads back as IPPROTO_TCP";
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_ERROR), 0);
}

TEST_P(TcpOpt, AcceptconnIsSetByListen) {
  Fd s(BoundSocket(family(), SOCK_STREAM));
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_ACCEPTCONN), 0);
  ASSERT_OK(listen(s, 1));
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_ACCEPTCONN), 1);
  TcpPair p = ConnectedTcp(family());
  EXPECT_EQ(GetIntOpt(p.server, SOL_SOCKET, SO_ACCEPTCONN), 0);
}

TEST_P(TcpOpt, KeepaliveReadsBackAsZeroOrOne) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_KEEPALIVE), 0);
  ASSERT_OK(SetIntOpt(s, SOL_SOCKET, SO_KEEPALIVE, 7));
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_KEEPALIVE), 1);
  ASSERT_OK(SetIntOpt(s, SOL_SOCKET, SO_KEEPALIVE, 0));
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_KEEPALIVE), 0);
}

TEST_P(TcpOpt, NodelayReadsBackAsZeroOrOne) {
  TcpPair p = ConnectedTcp(family());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(GetIntOpt(p.client, IPPROTO_TCP, TCP_NODELAY), 0);
  ASSERT_OK(SetIntOpt(p.client, IPPROTO_TCP, TCP_NODELAY, 5));
  EXPECT_EQ(GetIntOpt(p.client, IPPROTO_TCP, TCP_NODELAY), 1);
  ASSERT_OK(SetIntOpt(p.client, IPPROTO_TCP, TCP_NODELAY, 0));
  EXPECT_EQ(GetIntOpt(p.client, IPPROTO_TCP, TCP_NODELAY), 0);
}

TEST_P(TcpOpt, ReuseaddrReadsBack) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_REUSEADDR), 0);
  ASSERT_OK(SetIntOpt(s, SOL_SOCKET, SO_REUSEADDR, 1));
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_REUSEADDR), 1);
}

TEST_P(TcpOpt, LingerRoundTrips) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  struct linger lg = {-1, -1};
  socklen_t len = sizeof(lg);
  ASSERT_OK(getsockopt(s, SOL_SOCKET, SO_LINGER, &lg, &len));
  EXPECT_EQ(len, sizeof(lg));
  EXPECT_EQ(lg.l_onoff, 0);
  EXPECT_EQ(lg.l_linger, 0);
  struct linger on = {1, 3};
  ASSERT_OK(setsockopt(s, SOL_SOCKET, SO_LINGER, &on, sizeof(on)));
  ASSERT_OK(getsockopt(s, SOL_SOCKET, SO_LINGER, &lg, &len));
  EXPECT_EQ(lg.l_onoff, 1);
  EXPECT_EQ(lg.l_linger, 3);
  EXPECT_ERRNO(setsockopt(s, SOL_SOCKET, SO_LINGER, &on, sizeof(on) - 1), EINVAL);
}

TEST_P(TcpOpt, RcvtimeoMakesRecvFailWithEagainAfterTheTimeout) {
  TcpPair p = ConnectedTcp(family());
  ASSERT_TRUE(p.ok());
  struct timeval tv = {0, 200 * 1000};
  ASSERT_OK(setsockopt(p.server, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
  long long t0 = MonotonicNs();
  char ch;
  EXPECT_ERRNO(recv(p.server, &ch, 1, 0), EAGAIN);
  long long ms = (MonotonicNs() - t0) / 1000000;
  // The timeout is kept in jiffies and may end up to a tick early (10 ms
  // at HZ=100); it is never much shorter.
  EXPECT_GE(ms, 190) << "returned early";
  EXPECT_LT(ms, 5000);
}

TEST_P(TcpOpt, SndtimeoRoundTripsAndRejectsBadMicroseconds) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  struct timeval tv = {-1, -1};
  socklen_t len = sizeof(tv);
  ASSERT_OK(getsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, &len));
  EXPECT_EQ(len, sizeof(tv));
  EXPECT_EQ(tv.tv_sec, 0);
  EXPECT_EQ(tv.tv_usec, 0);
  struct timeval set = {3, 0};
  ASSERT_OK(setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &set, sizeof(set)));
  ASSERT_OK(getsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, &len));
  EXPECT_EQ(tv.tv_sec, 3);
  EXPECT_EQ(tv.tv_usec, 0);
  // sock_set_timeout: tv_usec outside [0, 1000000) is EDOM.
  struct timeval bad = {1, 1000000};
  EXPECT_ERRNO(setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &bad, sizeof(bad)), EDOM);
  EXPECT_ERRNO(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &bad, sizeof(bad)), EDOM);
}

TEST_P(TcpOpt, PeercredOnTcpIsNoProcess) {
  TcpPair p = ConnectedTcp(family());
  ASSERT_TRUE(p.ok());
  struct ucred uc = {1, 2, 3};
  socklen_t len = sizeof(uc);
  ASSERT_OK(getsockopt(p.server, SOL_SOCKET, SO_PEERCRED, &uc, &len));
  EXPECT_EQ(len, sizeof(uc));
  // cred_to_ucred with no peer pid and no peer cred.
  EXPECT_EQ(uc.pid, 0);
  EXPECT_EQ(uc.uid, (uid_t)-1);
  EXPECT_EQ(uc.gid, (gid_t)-1);
}

TEST_P(TcpOpt, PeergroupsOnTcpIsEnodata) {
  TcpPair p = ConnectedTcp(family());
  ASSERT_TRUE(p.ok());
  gid_t groups[8];
  socklen_t len = sizeof(groups);
  EXPECT_ERRNO(getsockopt(p.server, SOL_SOCKET, SO_PEERGROUPS, groups, &len),
               ENODATA);
}

TEST_P(TcpOpt, OtherLevelOptionIsEnoprotoopt) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  EXPECT_ERRNO(SetIntOpt(s, SOL_SOCKET, -1, 1), ENOPROTOOPT);
  EXPECT_ERRNO(SetIntOpt(s, IPPROTO_TCP, -1, 1), ENOPROTOOPT);
}

TEST_P(TcpOpt, EpollSeesAPendingConnectionOnTheListener) {
  SockAddr la;
  Fd l(Listener(family(), &la));
  Fd ep(epoll_create1(EPOLL_CLOEXEC));
  struct epoll_event ev = {};
  ev.events = EPOLLIN;
  ev.data.u64 = 42;
  ASSERT_OK(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev));
  struct epoll_event got[4];
  EXPECT_EQ(epoll_wait(ep, got, 4, 0), 0) << "no connection yet";
  Fd c(socket(family(), SOCK_STREAM, 0));
  ASSERT_OK(connect(c, la.get(), la.len));
  ASSERT_EQ(epoll_wait(ep, got, 4, kWaitMs), 1);
  EXPECT_EQ(got[0].events, (uint32_t)EPOLLIN);
  EXPECT_EQ(got[0].data.u64, 42u);
  Fd s(accept(l, nullptr, nullptr));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(epoll_wait(ep, got, 4, 0), 0) << "accepted: no longer readable";
}

TEST_P(TcpOpt, EpollOnAConnectionSeesOutInAndRdhup) {
  TcpPair p = ConnectedTcp(family());
  ASSERT_TRUE(p.ok());
  Fd ep(epoll_create1(EPOLL_CLOEXEC));
  struct epoll_event ev = {};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
  ASSERT_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p.server, &ev));
  struct epoll_event got;
  ASSERT_EQ(epoll_wait(ep, &got, 1, 0), 1);
  EXPECT_EQ(got.events, (uint32_t)EPOLLOUT);

  ASSERT_EQ(send(p.client, "x", 1, 0), 1);
  ev.events = EPOLLIN | EPOLLRDHUP;
  ASSERT_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p.server, &ev));
  ASSERT_EQ(epoll_wait(ep, &got, 1, kWaitMs), 1);
  EXPECT_EQ(got.events, (uint32_t)EPOLLIN);
  char ch;
  ASSERT_EQ(recv(p.server, &ch, 1, 0), 1);
  EXPECT_EQ(epoll_wait(ep, &got, 1, 0), 0);

  ASSERT_OK(shutdown(p.client, SHUT_WR));
  ASSERT_EQ(epoll_wait(ep, &got, 1, kWaitMs), 1);
  EXPECT_EQ(got.events, (uint32_t)(EPOLLIN | EPOLLRDHUP))
      << "the peer's FIN: readable (EOF) and EPOLLRDHUP, no EPOLLHUP yet";
}

TEST_P(TcpOpt, PollHupOnceBothDirectionsAreShut) {
  TcpPair p = ConnectedTcp(family());
  ASSERT_TRUE(p.ok());
  ASSERT_OK(shutdown(p.server, SHUT_WR));
  ASSERT_OK(shutdown(p.client, SHUT_WR));
  short all = POLLIN | POLLOUT | POLLRDHUP;
  ASSERT_TRUE(PollFor(p.server, POLLRDHUP) & POLLRDHUP);
  short rev = PollNow(p.server, all);
  EXPECT_EQ(rev, POLLIN | POLLOUT | POLLRDHUP | POLLHUP) << "revents " << rev;
  ASSERT_TRUE(PollFor(p.client, POLLRDHUP) & POLLRDHUP);
  rev = PollNow(p.client, all);
  EXPECT_EQ(rev, POLLIN | POLLOUT | POLLRDHUP | POLLHUP) << "revents " << rev;
}

TEST_P(TcpOpt, FreshSocketPollsAsHungUpAndWritable) {
  Fd s(socket(family(), SOCK_STREAM, 0));
  // tcp_poll: a socket in TCP_CLOSE is POLLHUP; not yet connected, it is
  // also writable (POLLOUT) because there is no connection to wait for.
  short rev = PollNow(s, POLLIN | POLLOUT);
  EXPECT_EQ(rev, POLLOUT | POLLHUP) << "revents " << rev;
}

}  // namespace
}  // namespace cub
