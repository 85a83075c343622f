// AF_UNIX ancillary data and socket options (unix(7), socket(7)):
// SCM_RIGHTS, SCM_CREDENTIALS with SO_PASSCRED, SO_PEERCRED,
// SO_PEERGROUPS, and the SOL_SOCKET options a daemon reads.
#include <fcntl.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <algorithm>
#include <string>
#include <vector>

#include "conformance.h"
#include "unix_util.h"

namespace cub {
namespace {

TEST(UnixRights, PassPipeEndKeepsFileAlive) {
  Pair p(SOCK_STREAM);
  int fds[2];
  ASSERT_OK(pipe(fds));
  ASSERT_EQ(SendFd(p.fd[0], "f", 1, fds[0]), 1);
  close(fds[0]);  // only the message holds the read end now
  ASSERT_EQ(write(fds[1], "data", 4), 4);
  char c;
  int got = -1;
  ASSERT_EQ(RecvFd(p.fd[1], &c, 1, &got), 1);
  ASSERT_GE(got, 0);
  EXPECT_NE(got, fds[1]);
  char buf[8];
  EXPECT_EQ(read(got, buf, sizeof(buf)), 4);
  EXPECT_EQ(std::string(buf, 4), "data");
  EXPECT_EQ(fcntl(got, F_GETFD), 0);
  close(got);
  close(fds[1]);
}

TEST(UnixRights, CmsgCloexecSetsFlag) {
  Pair p(SOCK_STREAM);
  int fds[2];
  ASSERT_OK(pipe(fds));
  ASSERT_EQ(SendFd(p.fd[0], "f", 1, fds[0]), 1);
  char c;
  int got = -1;
  ASSERT_EQ(RecvFd(p.fd[1], &c, 1, &got, MSG_CMSG_CLOEXEC), 1);
  ASSERT_GE(got, 0);
  EXPECT_EQ(fcntl(got, F_GETFD), FD_CLOEXEC);
  close(got);
  close(fds[0]);
  close(fds[1]);
}

TEST(UnixRights, ShortControlBufferIsCtrunc) {
  Pair p(SOCK_STREAM);
  int fds[2];
  ASSERT_OK(pipe(fds));
  ASSERT_EQ(SendFd(p.fd[0], "f", 1, fds[0]), 1);
  char c;
  struct iovec iov = {&c, 1};
  struct msghdr m = {};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  EXPECT_EQ(recvmsg(p.fd[1], &m, 0), 1);
  EXPECT_TRUE(m.msg_flags & MSG_CTRUNC);
  close(fds[0]);
  close(fds[1]);
}

TEST(UnixRights, UnreceivedFdsAreReleasedWithTheSocket) {
  int fds[2];
  ASSERT_OK(pipe(fds));
  {
    Pair p(SOCK_STREAM);
    ASSERT_EQ(SendFd(p.fd[0], "f", 1, fds[0]), 1);
  }
  close(fds[0]);
  // The read end is gone: writing raises EPIPE.
  signal(SIGPIPE, SIG_IGN);
  EXPECT_ERRNO(write(fds[1], "x", 1), EPIPE);
  signal(SIGPIPE, SIG_DFL);
  close(fds[1]);
}

TEST(UnixRights, PassSeveralFdsOnDgram) {
  Pair p(SOCK_DGRAM);
  int a[2], b[2];
  ASSERT_OK(pipe(a));
  ASSERT_OK(pipe(b));
  int send_fds[2] = {a[1], b[1]};
  char data = 'm';
  struct iovec iov = {&data, 1};
  char cbuf[CMSG_SPACE(sizeof(send_fds))] = {};
  struct msghdr m = {};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = cbuf;
  m.msg_controllen = sizeof(cbuf);
  struct cmsghdr* c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(send_fds));
  memcpy(CMSG_DATA(c), send_fds, sizeof(send_fds));
  ASSERT_EQ(sendmsg(p.fd[0], &m, 0), 1);
  char rbuf[CMSG_SPACE(sizeof(int) * 4)] = {};
  struct msghdr r = {};
  r.msg_iov = &iov;
  r.msg_iovlen = 1;
  r.msg_control = rbuf;
  r.msg_controllen = sizeof(rbuf);
  ASSERT_EQ(recvmsg(p.fd[1], &r, 0), 1);
  c = CMSG_FIRSTHDR(&r);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->cmsg_type, SCM_RIGHTS);
  ASSERT_EQ(c->cmsg_len, CMSG_LEN(sizeof(int) * 2));
  int got[2];
  memcpy(got, CMSG_DATA(c), sizeof(got));
  EXPECT_EQ(write(got[0], "1", 1), 1);
  EXPECT_EQ(write(got[1], "2", 1), 1);
  char x;
  EXPECT_EQ(read(a[0], &x, 1), 1);
  EXPECT_EQ(x, '1');
  EXPECT_EQ(read(b[0], &x, 1), 1);
  EXPECT_EQ(x, '2');
  for (int f : {a[0], a[1], b[0], b[1], got[0], got[1]}) close(f);
}

TEST(UnixRights, BadFdIsEbadf) {
  Pair p(SOCK_STREAM);
  EXPECT_ERRNO(SendFd(p.fd[0], "f", 1, 999), EBADF);
}

TEST(UnixRights, BadCmsgLevelIsEinval) {
  Pair p(SOCK_STREAM);
  char data = 'x';
  struct iovec iov = {&data, 1};
  char cbuf[CMSG_SPACE(sizeof(int))] = {};
  struct msghdr m = {};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = cbuf;
  m.msg_controllen = sizeof(cbuf);
  struct cmsghdr* c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = 77;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  EXPECT_ERRNO(sendmsg(p.fd[0], &m, 0), EINVAL);
}

TEST(UnixRights, PeekDoesNotInstallFds) {
  Pair p(SOCK_DGRAM);
  int fds[2];
  ASSERT_OK(pipe(fds));
  ASSERT_EQ(SendFd(p.fd[0], "f", 1, fds[0]), 1);
  char c;
  int got = -1;
  ASSERT_EQ(RecvFd(p.fd[1], &c, 1, &got), 1);
  EXPECT_GE(got, 0);
  close(got);
  close(fds[0]);
  close(fds[1]);
}

TEST(UnixRights, FdsOnStreamStayWithTheirByte) {
  Pair p(SOCK_STREAM);
  int fds[2];
  ASSERT_OK(pipe(fds));
  ASSERT_EQ(write(p.fd[0], "a", 1), 1);
  ASSERT_EQ(SendFd(p.fd[0], "bc", 2, fds[0]), 2);
  ASSERT_EQ(write(p.fd[0], "de", 2), 2);
  char buf[8];
  int got = -1;
  // A read ends with the first piece that carries rights.
  ASSERT_EQ(RecvFd(p.fd[1], buf, sizeof(buf), &got), 3);
  EXPECT_GE(got, 0);
  int none = -1;
  ASSERT_EQ(RecvFd(p.fd[1], buf, sizeof(buf), &none), 2);
  EXPECT_EQ(none, -1);
  close(got);
  close(fds[0]);
  close(fds[1]);
}

// A struct ucred received with SCM_CREDENTIALS, or pid -1 if none came.
struct ucred RecvCred(int s, int flags = 0) {
  char c;
  struct iovec iov = {&c, 1};
  char cbuf[CMSG_SPACE(sizeof(struct ucred))] = {};
  struct msghdr m = {};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = cbuf;
  m.msg_controllen = sizeof(cbuf);
  struct ucred u = {-1, (uid_t)-1, (gid_t)-1};
  if (recvmsg(s, &m, flags) < 0) return u;
  for (struct cmsghdr* h = CMSG_FIRSTHDR(&m); h; h = CMSG_NXTHDR(&m, h))
    if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_CREDENTIALS)
      memcpy(&u, CMSG_DATA(h), sizeof(u));
  return u;
}

ssize_t SendCred(int s, const struct ucred& u) {
  char c = 'c';
  struct iovec iov = {&c, 1};
  char cbuf[CMSG_SPACE(sizeof(struct ucred))] = {};
  struct msghdr m = {};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = cbuf;
  m.msg_controllen = sizeof(cbuf);
  struct cmsghdr* h = CMSG_FIRSTHDR(&m);
  h->cmsg_level = SOL_SOCKET;
  h->cmsg_type = SCM_CREDENTIALS;
  h->cmsg_len = CMSG_LEN(sizeof(u));
  memcpy(CMSG_DATA(h), &u, sizeof(u));
  return sendmsg(s, &m, MSG_NOSIGNAL);
}

int PassCred(int s) {
  int one = 1;
  return setsockopt(s, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
}

TEST(UnixCred, PasscredAttachesSenderIds) {
  Pair p(SOCK_DGRAM);
  ASSERT_OK(PassCred(p.fd[1]));
  ASSERT_EQ(write(p.fd[0], "x", 1), 1);
  struct ucred u = RecvCred(p.fd[1]);
  EXPECT_EQ(u.pid, getpid());
  EXPECT_EQ(u.uid, getuid());
  EXPECT_EQ(u.gid, getgid());
}

TEST(UnixCred, WithoutPasscredNoCredentials) {
  Pair p(SOCK_DGRAM);
  ASSERT_EQ(write(p.fd[0], "x", 1), 1);
  struct ucred u = RecvCred(p.fd[1]);
  EXPECT_EQ(u.pid, -1);
}

TEST(UnixCred, PasscredGetsockopt) {
  Pair p(SOCK_STREAM);
  int v = -1;
  socklen_t len = sizeof(v);
  ASSERT_OK(getsockopt(p.fd[0], SOL_SOCKET, SO_PASSCRED, &v, &len));
  EXPECT_EQ(v, 0);
  ASSERT_OK(PassCred(p.fd[0]));
  ASSERT_OK(getsockopt(p.fd[0], SOL_SOCKET, SO_PASSCRED, &v, &len));
  EXPECT_EQ(v, 1);
}

TEST(UnixCred, ChildSendsItsRealIds) {
  Pair p(SOCK_DGRAM);
  ASSERT_OK(PassCred(p.fd[1]));
  int fd = p.fd[0];
  pid_t pid = StartChild([fd] {
    CHILD_CHECK(setresgid(77, 78, 79) == 0);
    CHILD_CHECK(setresuid(55, 56, 57) == 0);
    CHILD_CHECK(write(fd, "x", 1) == 1);
    return 0;
  });
  EXPECT_EXIT0(WaitStatus(pid));
  struct ucred u = RecvCred(p.fd[1]);
  EXPECT_EQ(u.pid, pid);
  EXPECT_EQ(u.uid, 55u);
  EXPECT_EQ(u.gid, 77u);
}

TEST(UnixCred, SenderMayClaimItsOwnIds) {
  Pair p(SOCK_DGRAM);
  ASSERT_OK(PassCred(p.fd[1]));
  int fd = p.fd[0];
  pid_t pid = StartChild([fd] {
    CHILD_CHECK(setresgid(77, 78, 79) == 0);
    CHILD_CHECK(setresuid(55, 56, 57) == 0);
    struct ucred u = {getpid(), 57, 78};
    CHILD_CHECK(SendCred(fd, u) == 1);
    return 0;
  });
  EXPECT_EXIT0(WaitStatus(pid));
  struct ucred u = RecvCred(p.fd[1]);
  EXPECT_EQ(u.pid, pid);
  EXPECT_EQ(u.uid, 57u);
  EXPECT_EQ(u.gid, 78u);
}

TEST(UnixCred, ForgedUidIsEpermForNonRoot) {
  Pair p(SOCK_DGRAM);
  int fd = p.fd[0];
  int st = RunInChild([fd] {
    CHILD_CHECK(setresuid(55, 55, 55) == 0);
    struct ucred u = {getpid(), 0, getgid()};
    CHILD_CHECK_ERRNO(SendCred(fd, u), EPERM);
    return 0;
  });
  EXPECT_EXIT0(st);
}

TEST(UnixCred, ForgedPidIsEpermForNonRoot) {
  Pair p(SOCK_DGRAM);
  int fd = p.fd[0];
  int st = RunInChild([fd] {
    CHILD_CHECK(setresuid(55, 55, 55) == 0);
    struct ucred u = {1, 55, getgid()};
    CHILD_CHECK_ERRNO(SendCred(fd, u), EPERM);
    return 0;
  });
  EXPECT_EXIT0(st);
}

TEST(UnixCred, ForgedGidIsEpermForNonRoot) {
  Pair p(SOCK_DGRAM);
  int fd = p.fd[0];
  int st = RunInChild([fd] {
    CHILD_CHECK(setresgid(10, 10, 10) == 0);
    CHILD_CHECK(setresuid(55, 55, 55) == 0);
    struct ucred u = {getpid(), 55, 11};
    CHILD_CHECK_ERRNO(SendCred(fd, u), EPERM);
    return 0;
  });
  EXPECT_EXIT0(st);
}

TEST(UnixCred, RootMayForge) {
  Pair p(SOCK_DGRAM);
  ASSERT_OK(PassCred(p.fd[1]));
  struct ucred u = {getpid(), 4242, 4343};
  ASSERT_EQ(SendCred(p.fd[0], u), 1);
  struct ucred r = RecvCred(p.fd[1]);
  EXPECT_EQ(r.uid, 4242u);
  EXPECT_EQ(r.gid, 4343u);
}

TEST(UnixCred, ShortCmsgLenIsEinval) {
  Pair p(SOCK_DGRAM);
  char c = 'c';
  struct iovec iov = {&c, 1};
  char cbuf[CMSG_SPACE(sizeof(struct ucred))] = {};
  struct msghdr m = {};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = cbuf;
  m.msg_controllen = sizeof(cbuf);
  struct cmsghdr* h = CMSG_FIRSTHDR(&m);
  h->cmsg_level = SOL_SOCKET;
  h->cmsg_type = SCM_CREDENTIALS;
  h->cmsg_len = CMSG_LEN(4);
  EXPECT_ERRNO(sendmsg(p.fd[0], &m, 0), EINVAL);
}

TEST(UnixCred, PasscredOnStreamListener) {
  TempDir d;
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, d.Path("s")));
  ASSERT_OK(listen(srv, 1));
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(ConnectPath(cli, d.Path("s")));
  int c = accept(srv, nullptr, nullptr);
  ASSERT_GE(c, 0);
  ASSERT_OK(PassCred(c));
  ASSERT_EQ(write(cli, "x", 1), 1);
  struct ucred u = RecvCred(c);
  EXPECT_EQ(u.pid, getpid());
  close(c);
  close(cli);
  close(srv);
}

struct ucred PeerCred(int s) {
  struct ucred u = {-1, (uid_t)-1, (gid_t)-1};
  socklen_t len = sizeof(u);
  if (getsockopt(s, SOL_SOCKET, SO_PEERCRED, &u, &len) < 0) u.pid = -2;
  return u;
}

TEST(UnixPeercred, SocketpairGivesOwnCredentials) {
  Pair p(SOCK_STREAM);
  struct ucred u = PeerCred(p.fd[0]);
  EXPECT_EQ(u.pid, getpid());
  EXPECT_EQ(u.uid, geteuid());
  EXPECT_EQ(u.gid, getegid());
}

TEST(UnixPeercred, UnconnectedIsNobody) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  struct ucred u = PeerCred(s);
  EXPECT_EQ(u.pid, 0);
  EXPECT_EQ(u.uid, (uid_t)-1);
  EXPECT_EQ(u.gid, (gid_t)-1);
  close(s);
}

TEST(UnixPeercred, TakenAtConnectAndKeptAfterExit) {
  TempDir d;
  ASSERT_OK(chmod(d.path().c_str(), 0777));
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, d.Path("s")));
  ASSERT_OK(chmod(d.Path("s").c_str(), 0777));
  ASSERT_OK(listen(srv, 1));
  std::string path = d.Path("s");
  int sync[2];
  ASSERT_OK(pipe(sync));
  pid_t pid = StartChild([path, sync] {
    CHILD_CHECK(setresgid(66, 67, 68) == 0);
    CHILD_CHECK(setresuid(44, 45, 46) == 0);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHILD_CHECK(ConnectPath(s, path) == 0);
    // A change after connect is not seen.
    CHILD_CHECK(setresuid(44, 44, 44) == 0);
    CHILD_CHECK(write(sync[1], "c", 1) == 1);
    return 0;
  });
  EXPECT_EXIT0(WaitStatus(pid));
  int c = accept(srv, nullptr, nullptr);
  ASSERT_GE(c, 0);
  struct ucred u = PeerCred(c);
  EXPECT_EQ(u.pid, pid);
  EXPECT_EQ(u.uid, 45u);
  EXPECT_EQ(u.gid, 67u);
  close(c);
  close(srv);
  close(sync[0]);
  close(sync[1]);
}

TEST(UnixPeercred, ClientSeesListenerCredentials) {
  TempDir d;
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, d.Path("s")));
  ASSERT_OK(listen(srv, 1));
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(ConnectPath(cli, d.Path("s")));
  struct ucred u = PeerCred(cli);
  EXPECT_EQ(u.pid, getpid());
  EXPECT_EQ(u.uid, geteuid());
  close(cli);
  close(srv);
}

TEST(UnixPeercred, ShortOptlenIsTruncated) {
  Pair p(SOCK_STREAM);
  struct ucred u = {};
  socklen_t len = 4;
  ASSERT_OK(getsockopt(p.fd[0], SOL_SOCKET, SO_PEERCRED, &u, &len));
  EXPECT_EQ(len, 4u);
  EXPECT_EQ(u.pid, getpid());
}

TEST(UnixPeergroups, AfterSetgroups) {
  Pair p(SOCK_STREAM);
  int fd0 = p.fd[0], fd1 = p.fd[1];
  int st = RunInChild([fd0, fd1] {
    close(fd0);
    close(fd1);
    gid_t g[3] = {300, 100, 200};
    CHILD_CHECK(setgroups(3, g) == 0);
    int s[2];
    CHILD_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, s) == 0);
    gid_t got[8];
    socklen_t len = sizeof(got);
    CHILD_CHECK(getsockopt(s[0], SOL_SOCKET, SO_PEERGROUPS, got, &len) == 0);
    CHILD_CHECK(len == 3 * sizeof(gid_t));
    std::vector<gid_t> v(got, got + 3);
    std::sort(v.begin(), v.end());
    CHILD_CHECK(v[0] == 100 && v[1] == 200 && v[2] == 300);
    return 0;
  });
  EXPECT_EXIT0(st);
}

TEST(UnixPeergroups, ShortBufferIsErangeWithLength) {
  int st = RunInChild([] {
    gid_t g[2] = {10, 20};
    CHILD_CHECK(setgroups(2, g) == 0);
    int s[2];
    CHILD_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, s) == 0);
    gid_t got[1];
    socklen_t len = sizeof(got);
    CHILD_CHECK_ERRNO(getsockopt(s[0], SOL_SOCKET, SO_PEERGROUPS, got, &len), ERANGE);
    CHILD_CHECK(len == 2 * sizeof(gid_t));
    return 0;
  });
  EXPECT_EXIT0(st);
}

TEST(UnixPeergroups, TakenAtConnect) {
  TempDir d;
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, d.Path("s")));
  ASSERT_OK(listen(srv, 1));
  std::string path = d.Path("s");
  pid_t pid = StartChild([path] {
    gid_t g[2] = {501, 502};
    CHILD_CHECK(setgroups(2, g) == 0);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHILD_CHECK(ConnectPath(s, path) == 0);
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    return 0;
  });
  EXPECT_EXIT0(WaitStatus(pid));
  int c = accept(srv, nullptr, nullptr);
  ASSERT_GE(c, 0);
  gid_t got[4];
  socklen_t len = sizeof(got);
  ASSERT_OK(getsockopt(c, SOL_SOCKET, SO_PEERGROUPS, got, &len));
  ASSERT_EQ(len, 2 * sizeof(gid_t));
  EXPECT_EQ(got[0] + got[1], 1003u);
  close(c);
  close(srv);
}

TEST(UnixPeergroups, UnconnectedIsEnodata) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  gid_t got[4];
  socklen_t len = sizeof(got);
  EXPECT_ERRNO(getsockopt(s, SOL_SOCKET, SO_PEERGROUPS, got, &len), ENODATA);
  close(s);
}

int GetInt(int s, int opt) {
  int v = -12345;
  socklen_t len = sizeof(v);
  if (getsockopt(s, SOL_SOCKET, opt, &v, &len) < 0) return -errno - 100000;
  return v;
}

TEST(UnixSockopt, TypeDomainProtocol) {
  Pair p(SOCK_DGRAM);
  EXPECT_EQ(GetInt(p.fd[0], SO_TYPE), SOCK_DGRAM);
  EXPECT_EQ(GetInt(p.fd[0], SO_DOMAIN), AF_UNIX);
  EXPECT_EQ(GetInt(p.fd[0], SO_PROTOCOL), 0);
  EXPECT_EQ(GetInt(p.fd[0], SO_ERROR), 0);
}

TEST(UnixSockopt, AcceptconnOnListener) {
  TempDir d;
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(s, d.Path("s")));
  EXPECT_EQ(GetInt(s, SO_ACCEPTCONN), 0);
  ASSERT_OK(listen(s, 1));
  EXPECT_EQ(GetInt(s, SO_ACCEPTCONN), 1);
  close(s);
}

TEST(UnixSockopt, SndbufIsDoubled) {
  Pair p(SOCK_STREAM);
  int v = 65536;
  ASSERT_OK(setsockopt(p.fd[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)));
  EXPECT_EQ(GetInt(p.fd[0], SO_SNDBUF), 131072);
  ASSERT_OK(setsockopt(p.fd[0], SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)));
  EXPECT_EQ(GetInt(p.fd[0], SO_RCVBUF), 131072);
}

TEST(UnixSockopt, BufMinimums) {
  Pair p(SOCK_STREAM);
  int v = 1;
  ASSERT_OK(setsockopt(p.fd[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)));
  EXPECT_EQ(GetInt(p.fd[0], SO_SNDBUF), 4608);
  ASSERT_OK(setsockopt(p.fd[0], SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)));
  EXPECT_EQ(GetInt(p.fd[0], SO_RCVBUF), 2304);
}

TEST(UnixSockopt, DefaultBufsArePositive) {
  Pair p(SOCK_STREAM);
  EXPECT_GT(GetInt(p.fd[0], SO_SNDBUF), 0);
  EXPECT_GT(GetInt(p.fd[0], SO_RCVBUF), 0);
}

TEST(UnixSockopt, UnknownOptionIsEnoprotoopt) {
  Pair p(SOCK_STREAM);
  EXPECT_EQ(GetInt(p.fd[0], 9999), -ENOPROTOOPT - 100000);
  int v = 1;
  EXPECT_ERRNO(setsockopt(p.fd[0], SOL_SOCKET, 9999, &v, sizeof(v)), ENOPROTOOPT);
}

TEST(UnixSockopt, ShortSetsockoptIsEinval) {
  Pair p(SOCK_STREAM);
  char v = 1;
  EXPECT_ERRNO(setsockopt(p.fd[0], SOL_SOCKET, SO_PASSCRED, &v, 1), EINVAL);
}

TEST(UnixSockopt, ReadOnlyOptionsAreEnoprotoopt) {
  Pair p(SOCK_STREAM);
  int v = 1;
  EXPECT_ERRNO(setsockopt(p.fd[0], SOL_SOCKET, SO_TYPE, &v, sizeof(v)), ENOPROTOOPT);
  EXPECT_ERRNO(setsockopt(p.fd[0], SOL_SOCKET, SO_PEERCRED, &v, sizeof(v)), ENOPROTOOPT);
}

TEST(UnixSockopt, NegativeOptlenIsEinval) {
  Pair p(SOCK_STREAM);
  int v;
  socklen_t len = (socklen_t)-1;
  EXPECT_ERRNO(getsockopt(p.fd[0], SOL_SOCKET, SO_TYPE, &v, &len), EINVAL);
}

}  // namespace
}  // namespace cub
