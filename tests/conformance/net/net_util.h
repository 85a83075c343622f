// Helpers shared by the networking conformance tests (net/*_test.cc).
//
// Everything happens on the loopback interface: sockets bind 127.0.0.1 or
// ::1 with port 0 (the kernel picks a free port), never a fixed port, and
// nothing changes an interface, a route or a sysctl.  The image has lo,
// eth0 and eth1; the host has others: tests look only at lo.
#ifndef CUB_CONFORMANCE_NET_UTIL_H
#define CUB_CONFORMANCE_NET_UTIL_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "conformance.h"

namespace cub {

// How long a test waits for something that happens "at once" on loopback
// (a FIN, an RST, an ICMP error): a bound, never a measure.
constexpr int kWaitMs = 10000;

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = o.release();
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return fd_; }
  operator int() const { return fd_; }
  bool ok() const { return fd_ >= 0; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }
  void reset(int fd = -1) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

// A socket address of either family with its length.
struct SockAddr {
  sockaddr_storage ss;
  socklen_t len = 0;

  SockAddr() { memset(&ss, 0, sizeof(ss)); }
  sockaddr* get() { return (sockaddr*)&ss; }
  const sockaddr* get() const { return (const sockaddr*)&ss; }
  int family() const { return ss.ss_family; }
  sockaddr_in* in4() { return (sockaddr_in*)&ss; }
  sockaddr_in6* in6() { return (sockaddr_in6*)&ss; }
  const sockaddr_in* in4() const { return (const sockaddr_in*)&ss; }
  const sockaddr_in6* in6() const { return (const sockaddr_in6*)&ss; }

  // The port in host order.
  uint16_t port() const {
    return ntohs(family() == AF_INET6 ? in6()->sin6_port : in4()->sin_port);
  }
  void set_port(uint16_t p) {
    if (family() == AF_INET6)
      in6()->sin6_port = htons(p);
    else
      in4()->sin_port = htons(p);
  }
  // "127.0.0.1:4242", "[::1]:4242": for failure messages.
  std::string str() const {
    char buf[INET6_ADDRSTRLEN] = "?";
    if (family() == AF_INET6) {
      inet_ntop(AF_INET6, &in6()->sin6_addr, buf, sizeof(buf));
      return std::string("[") + buf + "]:" + std::to_string(port());
    }
    if (family() == AF_INET) {
      inet_ntop(AF_INET, &in4()->sin_addr, buf, sizeof(buf));
      return std::string(buf) + ":" + std::to_string(port());
    }
    return "family " + std::to_string(family());
  }
};

// 127.0.0.1 or ::1, port given in host order.
inline SockAddr Loopback(int family, uint16_t port = 0) {
  SockAddr a;
  if (family == AF_INET6) {
    a.in6()->sin6_family = AF_INET6;
    a.in6()->sin6_addr = in6addr_loopback;
    a.in6()->sin6_port = htons(port);
    a.len = sizeof(sockaddr_in6);
  } else {
    a.in4()->sin_family = AF_INET;
    a.in4()->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.in4()->sin_port = htons(port);
    a.len = sizeof(sockaddr_in);
  }
  return a;
}

// 0.0.0.0 or ::.
inline SockAddr AnyAddr(int family, uint16_t port = 0) {
  SockAddr a;
  if (family == AF_INET6) {
    a.in6()->sin6_family = AF_INET6;
    a.in6()->sin6_addr = in6addr_any;
    a.in6()->sin6_port = htons(port);
    a.len = sizeof(sockaddr_in6);
  } else {
    a.in4()->sin_family = AF_INET;
    a.in4()->sin_addr.s_addr = htonl(INADDR_ANY);
    a.in4()->sin_port = htons(port);
    a.len = sizeof(sockaddr_in);
  }
  return a;
}

// ::ffff:127.0.0.1, the v4-mapped loopback address.
inline SockAddr MappedLoopback(uint16_t port = 0) {
  SockAddr a;
  a.in6()->sin6_family = AF_INET6;
  a.in6()->sin6_port = htons(port);
  a.in6()->sin6_addr.s6_addr[10] = 0xff;
  a.in6()->sin6_addr.s6_addr[11] = 0xff;
  uint32_t lo = htonl(INADDR_LOOPBACK);
  memcpy(&a.in6()->sin6_addr.s6_addr[12], &lo, sizeof(lo));
  a.len = sizeof(sockaddr_in6);
  return a;
}

inline bool IsLoopback(const SockAddr& a) {
  if (a.family() == AF_INET6)
    return IN6_IS_ADDR_LOOPBACK(&a.in6()->sin6_addr);
  return a.family() == AF_INET &&
         a.in4()->sin_addr.s_addr == htonl(INADDR_LOOPBACK);
}

inline bool IsMappedLoopback(const SockAddr& a) {
  return a.family() == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&a.in6()->sin6_addr) &&
         memcmp(&a.in6()->sin6_addr.s6_addr[12],
                &MappedLoopback().in6()->sin6_addr.s6_addr[12], 4) == 0;
}

inline SockAddr LocalAddr(int fd) {
  SockAddr a;
  a.len = sizeof(a.ss);
  if (getsockname(fd, a.get(), &a.len) != 0) a.len = 0;
  return a;
}

inline SockAddr PeerAddr(int fd) {
  SockAddr a;
  a.len = sizeof(a.ss);
  if (getpeername(fd, a.get(), &a.len) != 0) a.len = 0;
  return a;
}

inline const char* FamilyName(int family) {
  return family == AF_INET6 ? "V6" : "V4";
}

// A socket of this family and type bound to the loopback address with a
// kernel-assigned port; *addr receives the bound address.  -1 on failure.
inline int BoundSocket(int family, int type, SockAddr* addr = nullptr) {
  int fd = socket(family, type, 0);
  if (fd < 0) return -1;
  SockAddr a = Loopback(family);
  if (bind(fd, a.get(), a.len) != 0) {
    close(fd);
    return -1;
  }
  if (addr) *addr = LocalAddr(fd);
  return fd;
}

// A TCP socket listening on the loopback address of family.
inline int Listener(int family, SockAddr* addr = nullptr, int backlog = 16) {
  int fd = BoundSocket(family, SOCK_STREAM, addr);
  if (fd >= 0 && listen(fd, backlog) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// A connected pair of TCP sockets over loopback: client's connect() and
// server's accept().  The listener is closed again.
struct TcpPair {
  Fd client, server;
  bool ok() const { return client.ok() && server.ok(); }
};

inline TcpPair ConnectedTcp(int family) {
  TcpPair p;
  SockAddr a;
  Fd l(Listener(family, &a));
  if (!l.ok()) return p;
  Fd c(socket(family, SOCK_STREAM, 0));
  if (!c.ok() || connect(c, a.get(), a.len) != 0) return p;
  Fd s(accept(l, nullptr, nullptr));
  if (!s.ok()) return p;
  p.client = std::move(c);
  p.server = std::move(s);
  return p;
}

// Waits up to ms for any of events (or POLLERR/POLLHUP/POLLNVAL); returns
// revents, 0 on timeout, -1 on error.
inline short PollFor(int fd, short events, int ms = kWaitMs) {
  struct pollfd p = {fd, events, 0};
  int r;
  do {
    r = poll(&p, 1, ms);
  } while (r < 0 && errno == EINTR);
  if (r < 0) return -1;
  return p.revents;
}

// The poll bits of fd now.
inline short PollNow(int fd, short events) { return PollFor(fd, events, 0); }

// n bytes of a pattern that does not repeat with a short period, so that
// a lost, duplicated or reordered chunk shows.
inline std::string Pattern(size_t n, uint32_t seed = 1) {
  std::string s(n, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s[i] = (char)x;
  }
  return s;
}

// Reads exactly n bytes (or until EOF/error) from fd.
inline std::string ReadN(int fd, size_t n) {
  std::string s;
  s.resize(n);
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, &s[got], n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  s.resize(got);
  return s;
}

// getsockopt of an int option; returns the value, or -12345 with errno
// set on failure.
constexpr int kOptFailed = -12345;
inline int GetIntOpt(int fd, int level, int name) {
  int v = 0;
  socklen_t len = sizeof(v);
  if (getsockopt(fd, level, name, &v, &len) != 0) return kOptFailed;
  return v;
}

inline int SetIntOpt(int fd, int level, int name, int v) {
  return setsockopt(fd, level, name, &v, sizeof(v));
}

// Parameterized over AF_INET and AF_INET6.
class FamilyTest : public testing::TestWithParam<int> {
 protected:
  int family() const { return GetParam(); }
};

inline std::string FamilyParamName(const testing::TestParamInfo<int>& info) {
  return FamilyName(info.param);
}

#define INSTANTIATE_FAMILY_TEST_SUITE_P(suite)                               \
  INSTANTIATE_TEST_SUITE_P(Loopback, suite,                                  \
                           testing::Values(AF_INET, AF_INET6),               \
                           ::cub::FamilyParamName)

}  // namespace cub

#endif  // CUB_CONFORMANCE_NET_UTIL_H
