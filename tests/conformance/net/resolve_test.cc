// Name resolution through glibc (getaddrinfo(3), getnameinfo(3)) as a
// program does it: numeric hosts, "localhost" from /etc/hosts (the image
// has one, as every host does), and reverse numeric lookups.  What the
// kernel sees is the files glibc opens and, for "localhost", possibly a
// DNS query to a resolver that is not there (refused over loopback).
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <set>
#include <string>

#include "conformance.h"
#include "net_util.h"

namespace cub {
namespace {

// getaddrinfo's results, freed when out of scope.
struct AddrInfo {
  addrinfo* res = nullptr;
  int rc;
  AddrInfo(const char* host, const char* serv, int family, int socktype, int flags) {
    addrinfo hints = {};
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    hints.ai_flags = flags;
    rc = getaddrinfo(host, serv, &hints, &res);
  }
  ~AddrInfo() {
    if (res) freeaddrinfo(res);
  }
};

SockAddr FromAi(const addrinfo* ai) {
  SockAddr a;
  memcpy(&a.ss, ai->ai_addr, ai->ai_addrlen);
  a.len = ai->ai_addrlen;
  return a;
}

TEST(Resolve, NumericV4) {
  AddrInfo ai("127.0.0.1", "0", AF_UNSPEC, SOCK_STREAM, AI_NUMERICHOST | AI_NUMERICSERV);
  ASSERT_EQ(ai.rc, 0) << gai_strerror(ai.rc);
  ASSERT_NE(ai.res, nullptr);
  EXPECT_EQ(ai.res->ai_family, AF_INET);
  EXPECT_EQ(ai.res->ai_socktype, SOCK_STREAM);
  EXPECT_EQ(ai.res->ai_protocol, IPPROTO_TCP);
  EXPECT_EQ(ai.res->ai_addrlen, sizeof(sockaddr_in));
  EXPECT_EQ(FromAi(ai.res).str(), Loopback(AF_INET).str());
  EXPECT_EQ(ai.res->ai_next, nullptr);
}

TEST(Resolve, NumericV6) {
  AddrInfo ai("::1", "0", AF_UNSPEC, SOCK_DGRAM, AI_NUMERICHOST | AI_NUMERICSERV);
  ASSERT_EQ(ai.rc, 0) << gai_strerror(ai.rc);
  ASSERT_NE(ai.res, nullptr);
  EXPECT_EQ(ai.res->ai_family, AF_INET6);
  EXPECT_EQ(ai.res->ai_protocol, IPPROTO_UDP);
  EXPECT_EQ(ai.res->ai_addrlen, sizeof(sockaddr_in6));
  EXPECT_EQ(FromAi(ai.res).str(), Loopback(AF_INET6).str());
  EXPECT_EQ(ai.res->ai_next, nullptr);
}

TEST(Resolve, NumericHostFlagRejectsAName) {
  AddrInfo ai("localhost", nullptr, AF_UNSPEC, SOCK_STREAM, AI_NUMERICHOST);
  EXPECT_EQ(ai.rc, EAI_NONAME) << gai_strerror(ai.rc);
}

TEST(Resolve, LocalhostIsLoopbackOnly) {
  AddrInfo ai("localhost", nullptr, AF_UNSPEC, SOCK_STREAM, 0);
  ASSERT_EQ(ai.rc, 0) << gai_strerror(ai.rc);
  int n = 0;
  for (addrinfo* p = ai.res; p; p = p->ai_next, n++) {
    SockAddr a = FromAi(p);
    EXPECT_TRUE(IsLoopback(a)) << "localhost resolved to " << a.str();
  }
  EXPECT_GE(n, 1);
}

TEST(Resolve, LocalhostAddressesReachAListener) {
  // Connect, as a client does, to each address "localhost" gives, with a
  // listener of that family on the same port number.
  AddrInfo ai("localhost", nullptr, AF_UNSPEC, SOCK_STREAM, 0);
  ASSERT_EQ(ai.rc, 0) << gai_strerror(ai.rc);
  for (addrinfo* p = ai.res; p; p = p->ai_next) {
    SockAddr la;
    Fd l(Listener(p->ai_family, &la));
    ASSERT_TRUE(l.ok());
    SockAddr to = FromAi(p);
    to.set_port(la.port());
    Fd c(socket(p->ai_family, p->ai_socktype, p->ai_protocol));
    EXPECT_EQ(connect(c, to.get(), to.len), 0) << to.str() << ": " << strerror(errno);
  }
}

TEST(Resolve, NumericServiceBecomesThePort) {
  AddrInfo ai("127.0.0.1", "4242", AF_INET, SOCK_DGRAM, AI_NUMERICHOST | AI_NUMERICSERV);
  ASSERT_EQ(ai.rc, 0) << gai_strerror(ai.rc);
  EXPECT_EQ(FromAi(ai.res).port(), 4242);
}

TEST(Resolve, GetnameinfoNumericV4AndV6) {
  for (int family : {AF_INET, AF_INET6}) {
    SockAddr la;
    Fd s(BoundSocket(family, SOCK_DGRAM, &la));
    ASSERT_TRUE(s.ok());
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    ASSERT_EQ(getnameinfo(la.get(), la.len, host, sizeof(host), serv, sizeof(serv),
                          NI_NUMERICHOST | NI_NUMERICSERV),
              0);
    EXPECT_STREQ(host, family == AF_INET6 ? "::1" : "127.0.0.1");
    EXPECT_EQ(std::string(serv), std::to_string(la.port()));
  }
}

TEST(Resolve, GetnameinfoOfAMappedAddress) {
  SockAddr m = MappedLoopback();
  char host[NI_MAXHOST];
  ASSERT_EQ(getnameinfo(m.get(), m.len, host, sizeof(host), nullptr, 0, NI_NUMERICHOST), 0);
  EXPECT_STREQ(host, "::ffff:127.0.0.1");
}

}  // namespace
}  // namespace cub
