// Helpers shared by the AF_UNIX conformance tests (unix_*_test.cc).
//
// Path names live under the test's TempDir; abstract names carry the pid
// and a counter so that runs on one host never meet.
#ifndef CUB_CONFORMANCE_UNIX_UTIL_H
#define CUB_CONFORMANCE_UNIX_UTIL_H

#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <string>

namespace cub {

// A sockaddr_un for a path, with Linux's length for it (the family, the
// path and its NUL).
inline socklen_t PathAddr(const std::string& path, sockaddr_un* a) {
  memset(a, 0, sizeof(*a));
  a->sun_family = AF_UNIX;
  memcpy(a->sun_path, path.data(), path.size());
  return (socklen_t)(offsetof(sockaddr_un, sun_path) + path.size() + 1);
}

// An abstract address: a NUL, then name (no terminating NUL counted).
inline socklen_t AbstractAddr(const std::string& name, sockaddr_un* a) {
  memset(a, 0, sizeof(*a));
  a->sun_family = AF_UNIX;
  memcpy(a->sun_path + 1, name.data(), name.size());
  return (socklen_t)(offsetof(sockaddr_un, sun_path) + 1 + name.size());
}

// A name for an abstract address unique to this process and call.
inline std::string UniqueAbstract(const char* tag) {
  static int counter;
  return std::string("cub-conf-") + tag + "-" + std::to_string(getpid()) + "-" +
         std::to_string(++counter);
}

inline int BindPath(int fd, const std::string& path) {
  sockaddr_un a;
  socklen_t len = PathAddr(path, &a);
  return bind(fd, (sockaddr*)&a, len);
}

inline int ConnectPath(int fd, const std::string& path) {
  sockaddr_un a;
  socklen_t len = PathAddr(path, &a);
  return connect(fd, (sockaddr*)&a, len);
}

inline int BindAbstract(int fd, const std::string& name) {
  sockaddr_un a;
  socklen_t len = AbstractAddr(name, &a);
  return bind(fd, (sockaddr*)&a, len);
}

inline int ConnectAbstract(int fd, const std::string& name) {
  sockaddr_un a;
  socklen_t len = AbstractAddr(name, &a);
  return connect(fd, (sockaddr*)&a, len);
}

// The poll bits of fd now (no waiting).
inline short PollNow(int fd, short events) {
  struct pollfd p = {fd, events, 0};
  if (poll(&p, 1, 0) < 0) return -1;
  return p.revents;
}

// A socketpair closed when it goes out of scope.
struct Pair {
  int fd[2] = {-1, -1};
  explicit Pair(int type) {
    if (socketpair(AF_UNIX, type, 0, fd) != 0) fd[0] = fd[1] = -1;
  }
  ~Pair() {
    for (int f : fd)
      if (f >= 0) close(f);
  }
  bool ok() const { return fd[0] >= 0; }
};

// Sends len bytes of data with one fd (or none when fd < 0) in SCM_RIGHTS.
inline ssize_t SendFd(int sock, const void* data, size_t len, int fd, int flags = 0) {
  struct iovec iov = {(void*)data, len};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } u;
  struct msghdr m;
  memset(&m, 0, sizeof(m));
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  if (fd >= 0) {
    memset(&u, 0, sizeof(u));
    m.msg_control = u.buf;
    m.msg_controllen = sizeof(u.buf);
    struct cmsghdr* c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
  }
  return sendmsg(sock, &m, flags);
}

// Receives into data; *fd is the one passed fd or -1.  *mflags gets msg_flags.
inline ssize_t RecvFd(int sock, void* data, size_t len, int* fd, int flags = 0,
                      int* mflags = nullptr) {
  struct iovec iov = {data, len};
  union {
    char buf[CMSG_SPACE(sizeof(int) * 4)];
    struct cmsghdr align;
  } u;
  struct msghdr m;
  memset(&m, 0, sizeof(m));
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = u.buf;
  m.msg_controllen = sizeof(u.buf);
  ssize_t r = recvmsg(sock, &m, flags);
  *fd = -1;
  if (r >= 0) {
    for (struct cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
        memcpy(fd, CMSG_DATA(c), sizeof(int));
  }
  if (mflags) *mflags = m.msg_flags;
  return r;
}

}  // namespace cub

#endif
