// What only AF_INET6 has (ipv6(7)): IPV6_V6ONLY and v4-mapped addresses
// (::ffff:127.0.0.1), the sockaddr_in6 fields, and v6 address rules.
// IPV6_V6ONLY is always set explicitly: its default follows the host's
// net.ipv6.bindv6only.
#include <netinet/in.h>
#include <sys/socket.h>

#include "conformance.h"
#include "net_util.h"

namespace cub {
namespace {

// A TCP listener on [::]:0 with IPV6_V6ONLY as given.
int DualListener(int v6only, SockAddr* addr) {
  int fd = socket(AF_INET6, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  SockAddr any = AnyAddr(AF_INET6);
  if (SetIntOpt(fd, IPPROTO_IPV6, IPV6_V6ONLY, v6only) != 0 ||
      bind(fd, any.get(), any.len) != 0 || listen(fd, 4) != 0) {
    close(fd);
    return -1;
  }
  *addr = LocalAddr(fd);
  return fd;
}

TEST(Tcp6, V6onlyOffAcceptsAV4ClientAsAMappedAddress) {
  SockAddr la;
  Fd l(DualListener(0, &la));
  ASSERT_TRUE(l.ok()) << strerror(errno);
  Fd c(socket(AF_INET, SOCK_STREAM, 0));
  SockAddr to = Loopback(AF_INET, la.port());
  ASSERT_OK(connect(c, to.get(), to.len));
  SockAddr from;
  from.len = sizeof(from.ss);
  Fd s(accept(l, from.get(), &from.len));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(from.len, sizeof(sockaddr_in6));
  EXPECT_TRUE(IsMappedLoopback(from)) << from.str();
  EXPECT_EQ(from.port(), LocalAddr(c).port());
  SockAddr sl = LocalAddr(s);
  EXPECT_TRUE(IsMappedLoopback(sl)) << "local name of the accepted socket: " << sl.str();
  ASSERT_EQ(send(c, "v4", 2, 0), 2);
  EXPECT_EQ(ReadN(s, 2), "v4");
}

TEST(Tcp6, V6onlyOnRefusesAV4Client) {
  SockAddr la;
  Fd l(DualListener(1, &la));
  ASSERT_TRUE(l.ok()) << strerror(errno);
  Fd c(socket(AF_INET, SOCK_STREAM, 0));
  SockAddr to = Loopback(AF_INET, la.port());
  EXPECT_ERRNO(connect(c, to.get(), to.len), ECONNREFUSED);
  // A v6 client still gets in.
  Fd c6(socket(AF_INET6, SOCK_STREAM, 0));
  SockAddr to6 = Loopback(AF_INET6, la.port());
  EXPECT_OK(connect(c6, to6.get(), to6.len));
}

TEST(Tcp6, V6onlyReadsBackAndIsFixedByBind) {
  Fd s(socket(AF_INET6, SOCK_STREAM, 0));
  ASSERT_OK(SetIntOpt(s, IPPROTO_IPV6, IPV6_V6ONLY, 1));
  EXPECT_EQ(GetIntOpt(s, IPPROTO_IPV6, IPV6_V6ONLY), 1);
  ASSERT_OK(SetIntOpt(s, IPPROTO_IPV6, IPV6_V6ONLY, 0));
  EXPECT_EQ(GetIntOpt(s, IPPROTO_IPV6, IPV6_V6ONLY), 0);
  SockAddr lo = Loopback(AF_INET6);
  ASSERT_OK(bind(s, lo.get(), lo.len));
  EXPECT_ERRNO(SetIntOpt(s, IPPROTO_IPV6, IPV6_V6ONLY, 1), EINVAL);
}

TEST(Tcp6, V6onlyOnAV4SocketIsEnoprotoopt) {
  Fd s(socket(AF_INET, SOCK_STREAM, 0));
  EXPECT_ERRNO(SetIntOpt(s, IPPROTO_IPV6, IPV6_V6ONLY, 1), ENOPROTOOPT);
}

TEST(Tcp6, DualStackWildcardHoldsTheV4PortToo) {
  SockAddr la;
  Fd l(DualListener(0, &la));
  ASSERT_TRUE(l.ok());
  Fd v4(socket(AF_INET, SOCK_STREAM, 0));
  SockAddr a = Loopback(AF_INET, la.port());
  EXPECT_ERRNO(bind(v4, a.get(), a.len), EADDRINUSE);
}

TEST(Tcp6, V6onlyWildcardLeavesTheV4PortFree) {
  SockAddr la;
  Fd l(DualListener(1, &la));
  ASSERT_TRUE(l.ok());
  Fd v4(socket(AF_INET, SOCK_STREAM, 0));
  SockAddr a = Loopback(AF_INET, la.port());
  EXPECT_OK(bind(v4, a.get(), a.len));
}

TEST(Tcp6, V6SocketConnectsToAV4ListenerThroughAMappedAddress) {
  SockAddr la;
  Fd l(Listener(AF_INET, &la));
  Fd c(socket(AF_INET6, SOCK_STREAM, 0));
  ASSERT_OK(SetIntOpt(c, IPPROTO_IPV6, IPV6_V6ONLY, 0));
  SockAddr to = MappedLoopback(la.port());
  ASSERT_OK(connect(c, to.get(), to.len));
  SockAddr cl = LocalAddr(c);
  EXPECT_TRUE(IsMappedLoopback(cl)) << cl.str();
  EXPECT_TRUE(IsMappedLoopback(PeerAddr(c)));
  Fd s(accept(l, nullptr, nullptr));
  ASSERT_TRUE(s.ok());
  SockAddr sp = PeerAddr(s);
  EXPECT_EQ(sp.family(), AF_INET) << "the v4 side sees a plain v4 address";
  EXPECT_EQ(sp.str(), Loopback(AF_INET, cl.port()).str());
}

TEST(Tcp6, MappedAddressOnAV6onlySocketIsRefused) {
  Fd s(socket(AF_INET6, SOCK_STREAM, 0));
  ASSERT_OK(SetIntOpt(s, IPPROTO_IPV6, IPV6_V6ONLY, 1));
  SockAddr m = MappedLoopback();
  EXPECT_ERRNO(bind(s, m.get(), m.len), EINVAL);
  SockAddr la;
  Fd l(Listener(AF_INET, &la));
  Fd c(socket(AF_INET6, SOCK_STREAM, 0));
  ASSERT_OK(SetIntOpt(c, IPPROTO_IPV6, IPV6_V6ONLY, 1));
  SockAddr to = MappedLoopback(la.port());
  EXPECT_ERRNO(connect(c, to.get(), to.len), ENETUNREACH);
}

TEST(Tcp6, SockaddrIn6FieldsOfALoopbackSocket) {
  SockAddr a;
  Fd s(BoundSocket(AF_INET6, SOCK_STREAM, &a));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(a.len, sizeof(sockaddr_in6));
  EXPECT_EQ(a.family(), AF_INET6);
  EXPECT_TRUE(IN6_IS_ADDR_LOOPBACK(&a.in6()->sin6_addr));
  EXPECT_EQ(a.in6()->sin6_flowinfo, 0u);
  EXPECT_EQ(a.in6()->sin6_scope_id, 0u);
}

TEST(Tcp6, ShortRfc2133AddressIsAccepted) {
  // inet6_bind takes the RFC 2133 sockaddr_in6 (without sin6_scope_id).
  Fd s(socket(AF_INET6, SOCK_STREAM, 0));
  SockAddr a = Loopback(AF_INET6);
  EXPECT_OK(bind(s, a.get(), sizeof(sockaddr_in6) - sizeof(uint32_t)));
  EXPECT_NE(LocalAddr(s).port(), 0);
}

}  // namespace
}  // namespace cub
