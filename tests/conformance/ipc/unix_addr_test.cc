// AF_UNIX names and connections (unix(7)): socket(2) arguments, bind to a
// path (a socket inode) or an abstract name, autobind, listen backlogs,
// accept and accept4, connect's errors and permission checks, the exact
// address lengths of getsockname and getpeername.
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <string>

#include "conformance.h"
#include "unix_util.h"

namespace cub {
namespace {

class UnixAddr : public TempDirTest {};

TEST(UnixSocket, OtherFamilyIsEafnosupport) {
  EXPECT_ERRNO(socket(AF_APPLETALK, SOCK_DGRAM, 0), EAFNOSUPPORT);
  EXPECT_ERRNO(socket(1234, SOCK_STREAM, 0), EAFNOSUPPORT);
}

TEST(UnixSocket, BadTypeIsEsocktnosupport) {
  EXPECT_ERRNO(socket(AF_UNIX, SOCK_RDM, 0), ESOCKTNOSUPPORT);
}

TEST(UnixSocket, BadProtocolIsEprotonosupport) {
  // 0 and PF_UNIX are the protocols AF_UNIX knows.
  EXPECT_ERRNO(socket(AF_UNIX, SOCK_STREAM, 2), EPROTONOSUPPORT);
  int s = socket(AF_UNIX, SOCK_STREAM, PF_UNIX);
  EXPECT_GE(s, 0);
  close(s);
}

TEST(UnixSocket, BadFlagsAreEinval) {
  EXPECT_ERRNO(socket(AF_UNIX, SOCK_STREAM | 0x100000, 0), EINVAL);
}

TEST(UnixSocket, NonblockAndCloexecFlags) {
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  ASSERT_GE(s, 0);
  EXPECT_TRUE(fcntl(s, F_GETFL) & O_NONBLOCK);
  EXPECT_EQ(fcntl(s, F_GETFD), FD_CLOEXEC);
  close(s);
}

TEST(UnixSocket, SocketpairBadPointerIsEfault) {
  EXPECT_ERRNO(socketpair(AF_UNIX, SOCK_STREAM, 0, (int*)1), EFAULT);
}

TEST(UnixSocket, SocketOpsOnPipeAreEnotsock) {
  int fds[2];
  ASSERT_OK(pipe(fds));
  sockaddr_un a;
  socklen_t len = AbstractAddr("x", &a);
  EXPECT_ERRNO(bind(fds[0], (sockaddr*)&a, len), ENOTSOCK);
  EXPECT_ERRNO(listen(fds[0], 1), ENOTSOCK);
  EXPECT_ERRNO(send(fds[1], "x", 1, 0), ENOTSOCK);
  close(fds[0]);
  close(fds[1]);
}

TEST(UnixSocket, UnnamedGetsocknameIsFamilyOnly) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un a;
  socklen_t len = sizeof(a);
  ASSERT_OK(getsockname(s, (sockaddr*)&a, &len));
  EXPECT_EQ(len, sizeof(sa_family_t));
  EXPECT_EQ(a.sun_family, AF_UNIX);
  close(s);
}

TEST(UnixSocket, GetpeernameUnconnectedIsEnotconn) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un a;
  socklen_t len = sizeof(a);
  EXPECT_ERRNO(getpeername(s, (sockaddr*)&a, &len), ENOTCONN);
  close(s);
}

TEST(UnixSocket, SocketpairPeerNamesAreUnnamed) {
  Pair p(SOCK_STREAM);
  sockaddr_un a;
  socklen_t len = sizeof(a);
  ASSERT_OK(getpeername(p.fd[0], (sockaddr*)&a, &len));
  EXPECT_EQ(len, sizeof(sa_family_t));
}

TEST_F(UnixAddr, BindPathMakesSocketInode) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  mode_t old = umask(022);
  ASSERT_OK(BindPath(s, Path("sock")));
  umask(old);
  struct stat st;
  ASSERT_OK(stat(Path("sock").c_str(), &st));
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  EXPECT_EQ(st.st_uid, geteuid());
  close(s);
}

TEST_F(UnixAddr, BindExistingPathIsEaddrinuse) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  WriteFile("f", "x");
  EXPECT_ERRNO(BindPath(s, Path("f")), EADDRINUSE);
  close(s);
}

TEST_F(UnixAddr, BindTwiceIsEinval) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(s, Path("a")));
  EXPECT_ERRNO(BindPath(s, Path("b")), EINVAL);
  close(s);
}

TEST_F(UnixAddr, BindStaysAfterClose) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(s, Path("a")));
  close(s);
  struct stat st;
  EXPECT_OK(stat(Path("a").c_str(), &st));
  int t = socket(AF_UNIX, SOCK_STREAM, 0);
  EXPECT_ERRNO(BindPath(t, Path("a")), EADDRINUSE);
  close(t);
}

TEST_F(UnixAddr, BindMissingDirectoryIsEnoent) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  EXPECT_ERRNO(BindPath(s, Path("no/sock")), ENOENT);
  close(s);
}

TEST_F(UnixAddr, BindWrongFamilyIsEinval) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un a;
  PathAddr(Path("x"), &a);
  a.sun_family = AF_INET;
  EXPECT_ERRNO(bind(s, (sockaddr*)&a, sizeof(a)), EINVAL);
  close(s);
}

TEST_F(UnixAddr, BindTooLongIsEinval) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  char buf[sizeof(sockaddr_un) + 8] = {};
  EXPECT_ERRNO(bind(s, (sockaddr*)buf, sizeof(buf)), EINVAL);
  EXPECT_ERRNO(bind(s, (sockaddr*)buf, 1), EINVAL);
  close(s);
}

TEST_F(UnixAddr, OpenSocketPathIsEnxio) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(s, Path("s")));
  EXPECT_ERRNO(open(Path("s").c_str(), O_RDWR), ENXIO);
  close(s);
}

TEST_F(UnixAddr, GetsocknamePathLength) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(s, Path("name")));
  sockaddr_un a;
  socklen_t len = sizeof(a);
  ASSERT_OK(getsockname(s, (sockaddr*)&a, &len));
  EXPECT_EQ(len, offsetof(sockaddr_un, sun_path) + Path("name").size() + 1);
  EXPECT_STREQ(a.sun_path, Path("name").c_str());
  close(s);
}

TEST_F(UnixAddr, GetsocknameShortBufferTruncatesButReportsLength) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(s, Path("name")));
  char buf[4] = {};
  socklen_t len = sizeof(buf);
  ASSERT_OK(getsockname(s, (sockaddr*)buf, &len));
  EXPECT_EQ(len, offsetof(sockaddr_un, sun_path) + Path("name").size() + 1);
  close(s);
}

TEST_F(UnixAddr, PathWithoutNulCountsAllBytes) {
  // A path filling sun_path up to the given length without a NUL.
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  std::string p = Path("nonul");
  sockaddr_un a;
  PathAddr(p, &a);
  socklen_t len = (socklen_t)(offsetof(sockaddr_un, sun_path) + p.size());
  ASSERT_OK(bind(s, (sockaddr*)&a, len));
  sockaddr_un g;
  socklen_t glen = sizeof(g);
  ASSERT_OK(getsockname(s, (sockaddr*)&g, &glen));
  EXPECT_EQ(glen, len + 1);
  close(s);
}

TEST(UnixAbstract, BindAndConnect) {
  std::string name = UniqueAbstract("ab");
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindAbstract(srv, name));
  ASSERT_OK(listen(srv, 1));
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(ConnectAbstract(cli, name));
  int c = accept(srv, nullptr, nullptr);
  ASSERT_GE(c, 0);
  ASSERT_EQ(write(cli, "q", 1), 1);
  char ch;
  EXPECT_EQ(read(c, &ch, 1), 1);
  close(c);
  close(cli);
  close(srv);
}

TEST(UnixAbstract, GetsocknameLengthIsExact) {
  std::string name = UniqueAbstract("len");
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindAbstract(s, name));
  sockaddr_un a;
  socklen_t len = sizeof(a);
  ASSERT_OK(getsockname(s, (sockaddr*)&a, &len));
  EXPECT_EQ(len, offsetof(sockaddr_un, sun_path) + 1 + name.size());
  EXPECT_EQ(a.sun_path[0], 0);
  EXPECT_EQ(std::string(a.sun_path + 1, name.size()), name);
  close(s);
}

TEST(UnixAbstract, NameInUseIsEaddrinuse) {
  std::string name = UniqueAbstract("dup");
  int a = socket(AF_UNIX, SOCK_STREAM, 0);
  int b = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindAbstract(a, name));
  EXPECT_ERRNO(BindAbstract(b, name), EADDRINUSE);
  close(a);
  // The name goes with the socket.
  EXPECT_OK(BindAbstract(b, name));
  close(b);
}

TEST(UnixAbstract, LengthIsPartOfTheName) {
  std::string name = UniqueAbstract("lp");
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindAbstract(srv, name));
  ASSERT_OK(listen(srv, 1));
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un a;
  socklen_t len = AbstractAddr(name, &a);
  // The same bytes plus a trailing NUL are another name.
  EXPECT_ERRNO(connect(cli, (sockaddr*)&a, len + 1), ECONNREFUSED);
  close(cli);
  close(srv);
}

TEST(UnixAbstract, NamesArePerType) {
  // Linux hashes the socket type into the abstract name.
  std::string name = UniqueAbstract("pt");
  int a = socket(AF_UNIX, SOCK_STREAM, 0);
  int b = socket(AF_UNIX, SOCK_DGRAM, 0);
  ASSERT_OK(BindAbstract(a, name));
  EXPECT_OK(BindAbstract(b, name));
  ASSERT_OK(listen(a, 1));
  int c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  EXPECT_ERRNO(ConnectAbstract(c, name), ECONNREFUSED);
  close(a);
  close(b);
  close(c);
}

TEST(UnixAbstract, ConnectToNobodyIsEconnrefused) {
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  EXPECT_ERRNO(ConnectAbstract(cli, UniqueAbstract("none")), ECONNREFUSED);
  close(cli);
}

TEST(UnixAbstract, AutobindWithFamilyOnly) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  sa_family_t fam = AF_UNIX;
  ASSERT_OK(bind(s, (sockaddr*)&fam, sizeof(fam)));
  sockaddr_un a;
  socklen_t len = sizeof(a);
  ASSERT_OK(getsockname(s, (sockaddr*)&a, &len));
  EXPECT_EQ(len, offsetof(sockaddr_un, sun_path) + 6);
  EXPECT_EQ(a.sun_path[0], 0);
  for (int i = 1; i < 6; i++) EXPECT_TRUE(isxdigit((unsigned char)a.sun_path[i])) << i;
  close(s);
}

TEST(UnixAbstract, AutobindNamesDiffer) {
  int s = socket(AF_UNIX, SOCK_DGRAM, 0);
  int t = socket(AF_UNIX, SOCK_DGRAM, 0);
  sa_family_t fam = AF_UNIX;
  ASSERT_OK(bind(s, (sockaddr*)&fam, sizeof(fam)));
  ASSERT_OK(bind(t, (sockaddr*)&fam, sizeof(fam)));
  sockaddr_un a, b;
  socklen_t la = sizeof(a), lb = sizeof(b);
  ASSERT_OK(getsockname(s, (sockaddr*)&a, &la));
  ASSERT_OK(getsockname(t, (sockaddr*)&b, &lb));
  EXPECT_NE(memcmp(a.sun_path, b.sun_path, 6), 0);
  close(s);
  close(t);
}

TEST_F(UnixAddr, ListenUnboundIsEinval) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  EXPECT_ERRNO(listen(s, 1), EINVAL);
  close(s);
}

TEST_F(UnixAddr, ConnectMissingPathIsEnoent) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  EXPECT_ERRNO(ConnectPath(s, Path("absent")), ENOENT);
  close(s);
}

TEST_F(UnixAddr, ConnectToRegularFileIsEconnrefused) {
  WriteFile("reg", "x");
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  EXPECT_ERRNO(ConnectPath(s, Path("reg")), ECONNREFUSED);
  close(s);
}

TEST_F(UnixAddr, ConnectToBoundNotListeningIsEconnrefused) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("nl")));
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  EXPECT_ERRNO(ConnectPath(s, Path("nl")), ECONNREFUSED);
  close(s);
  close(srv);
}

TEST_F(UnixAddr, ConnectToDgramIsEprototype) {
  int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
  ASSERT_OK(BindPath(srv, Path("dg")));
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  EXPECT_ERRNO(ConnectPath(s, Path("dg")), EPROTOTYPE);
  close(s);
  close(srv);
}

TEST_F(UnixAddr, ConnectTwiceIsEisconn) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("s")));
  ASSERT_OK(listen(srv, 4));
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(ConnectPath(s, Path("s")));
  EXPECT_ERRNO(ConnectPath(s, Path("s")), EISCONN);
  close(s);
  close(srv);
}

TEST_F(UnixAddr, ConnectOnListenerIsEinval) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("s")));
  ASSERT_OK(listen(srv, 4));
  EXPECT_ERRNO(ConnectPath(srv, Path("s")), EINVAL);
  close(srv);
}

TEST_F(UnixAddr, AcceptGivesPeerAddresses) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(listen(srv, 4));
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(cli, Path("cli")));
  ASSERT_OK(ConnectPath(cli, Path("srv")));
  sockaddr_un a;
  socklen_t len = sizeof(a);
  int c = accept(srv, (sockaddr*)&a, &len);
  ASSERT_GE(c, 0);
  EXPECT_STREQ(a.sun_path, Path("cli").c_str());
  EXPECT_EQ(len, offsetof(sockaddr_un, sun_path) + Path("cli").size() + 1);
  // The accepted socket is named like the listener.
  len = sizeof(a);
  ASSERT_OK(getsockname(c, (sockaddr*)&a, &len));
  EXPECT_STREQ(a.sun_path, Path("srv").c_str());
  len = sizeof(a);
  ASSERT_OK(getpeername(cli, (sockaddr*)&a, &len));
  EXPECT_STREQ(a.sun_path, Path("srv").c_str());
  close(c);
  close(cli);
  close(srv);
}

TEST_F(UnixAddr, AcceptUnnamedPeerIsFamilyOnly) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(listen(srv, 4));
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(ConnectPath(cli, Path("srv")));
  sockaddr_un a;
  socklen_t len = sizeof(a);
  int c = accept(srv, (sockaddr*)&a, &len);
  ASSERT_GE(c, 0);
  EXPECT_EQ(len, sizeof(sa_family_t));
  close(c);
  close(cli);
  close(srv);
}

TEST_F(UnixAddr, AcceptNonblockingIsEagain) {
  int srv = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(listen(srv, 4));
  EXPECT_ERRNO(accept(srv, nullptr, nullptr), EAGAIN);
  close(srv);
}

TEST_F(UnixAddr, AcceptNotListeningIsEinval) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  EXPECT_ERRNO(accept(srv, nullptr, nullptr), EINVAL);
  close(srv);
}

TEST_F(UnixAddr, Accept4Flags) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(listen(srv, 4));
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(ConnectPath(cli, Path("srv")));
  int c = accept4(srv, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  ASSERT_GE(c, 0);
  EXPECT_TRUE(fcntl(c, F_GETFL) & O_NONBLOCK);
  EXPECT_EQ(fcntl(c, F_GETFD), FD_CLOEXEC);
  EXPECT_ERRNO(accept4(srv, nullptr, nullptr, 0x1), EINVAL);
  close(c);
  close(cli);
  close(srv);
}

TEST_F(UnixAddr, BlockingAcceptWaitsForConnect) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(listen(srv, 4));
  std::string path = Path("srv");
  pid_t pid = StartChild([path] {
    SpinFor(30);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHILD_CHECK(ConnectPath(s, path) == 0);
    CHILD_CHECK(write(s, "k", 1) == 1);
    return 0;
  });
  int c = accept(srv, nullptr, nullptr);
  ASSERT_GE(c, 0);
  char ch;
  EXPECT_EQ(read(c, &ch, 1), 1);
  EXPECT_EXIT0(WaitStatus(pid));
  close(c);
  close(srv);
}

TEST_F(UnixAddr, ListenerPollsInWhenPending) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(listen(srv, 4));
  EXPECT_EQ(PollNow(srv, POLLIN | POLLOUT), 0);
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(ConnectPath(cli, Path("srv")));
  EXPECT_EQ(PollNow(srv, POLLIN), POLLIN);
  close(cli);
  close(srv);
}

TEST_F(UnixAddr, DataBeforeAcceptIsKept) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(listen(srv, 4));
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(ConnectPath(cli, Path("srv")));
  ASSERT_EQ(write(cli, "early", 5), 5);
  close(cli);
  int c = accept(srv, nullptr, nullptr);
  ASSERT_GE(c, 0);
  char buf[8];
  EXPECT_EQ(read(c, buf, 8), 5);
  EXPECT_EQ(read(c, buf, 8), 0);
  close(c);
  close(srv);
}

TEST_F(UnixAddr, ListenerCloseResetsPendingClient) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(listen(srv, 4));
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(ConnectPath(cli, Path("srv")));
  close(srv);
  char c;
  EXPECT_ERRNO(read(cli, &c, 1), ECONNRESET);
  close(cli);
}

TEST_F(UnixAddr, FullBacklogNonblockingConnectIsEagain) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(listen(srv, 1));
  std::vector<int> clis;
  int err = 0;
  for (int i = 0; i < 10 && !err; i++) {
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    clis.push_back(s);
    if (ConnectPath(s, Path("srv")) < 0) err = errno;
  }
  EXPECT_EQ(err, EAGAIN);
  // Linux takes backlog + 1 connections before refusing.
  EXPECT_EQ(clis.size(), 3u);
  for (int s : clis) close(s);
  close(srv);
}

TEST_F(UnixAddr, FullBacklogBlockingConnectWaitsForAccept) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(listen(srv, 0));
  int a = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(ConnectPath(a, Path("srv")));
  std::string path = Path("srv");
  pid_t pid = StartChild([path] {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHILD_CHECK(ConnectPath(s, path) == 0);
    return 0;
  });
  SpinFor(50);
  // The child is still waiting: nothing more to accept than a.
  int c1 = accept(srv, nullptr, nullptr);
  ASSERT_GE(c1, 0);
  EXPECT_EXIT0(WaitStatus(pid));
  int c2 = accept(srv, nullptr, nullptr);
  EXPECT_GE(c2, 0);
  close(c1);
  close(c2);
  close(a);
  close(srv);
}

TEST_F(UnixAddr, ConnectNeedsWritePermission) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(listen(srv, 4));
  ASSERT_OK(chmod(Path("srv").c_str(), 0755));
  ASSERT_OK(chmod(dir().c_str(), 0755));
  std::string path = Path("srv");
  int st = RunInChild([path] {
    CHILD_CHECK(setresuid(1234, 1234, 1234) == 0);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHILD_CHECK_ERRNO(ConnectPath(s, path), EACCES);
    return 0;
  });
  EXPECT_EXIT0(st);
  // With write permission for others it connects.
  ASSERT_OK(chmod(Path("srv").c_str(), 0777));
  st = RunInChild([path] {
    CHILD_CHECK(setresuid(1234, 1234, 1234) == 0);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHILD_CHECK(ConnectPath(s, path) == 0);
    return 0;
  });
  EXPECT_EXIT0(st);
  close(srv);
}

TEST_F(UnixAddr, ConnectNeedsSearchPermission) {
  ASSERT_OK(mkdir(Path("d").c_str(), 0700));
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("d/srv")));
  ASSERT_OK(listen(srv, 4));
  ASSERT_OK(chmod(Path("d/srv").c_str(), 0777));
  ASSERT_OK(chmod(dir().c_str(), 0755));
  std::string path = Path("d/srv");
  int st = RunInChild([path] {
    CHILD_CHECK(setresuid(1234, 1234, 1234) == 0);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHILD_CHECK_ERRNO(ConnectPath(s, path), EACCES);
    return 0;
  });
  EXPECT_EXIT0(st);
  close(srv);
}

TEST_F(UnixAddr, BindOwnedByFsuid) {
  ASSERT_OK(chmod(dir().c_str(), 0777));
  std::string path = Path("mine");
  int st = RunInChild([path] {
    CHILD_CHECK(setresgid(4321, 4321, 4321) == 0);
    CHILD_CHECK(setresuid(1234, 1234, 1234) == 0);
    umask(0);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHILD_CHECK(BindPath(s, path) == 0);
    struct stat sb;
    CHILD_CHECK(stat(path.c_str(), &sb) == 0);
    CHILD_CHECK(sb.st_uid == 1234 && sb.st_gid == 4321);
    CHILD_CHECK((sb.st_mode & 07777) == 0777);
    return 0;
  });
  EXPECT_EXIT0(st);
}

TEST_F(UnixAddr, UnlinkedPathRefusesConnect) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(listen(srv, 4));
  ASSERT_OK(unlink(Path("srv").c_str()));
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  EXPECT_ERRNO(ConnectPath(s, Path("srv")), ENOENT);
  close(s);
  close(srv);
}

}  // namespace
}  // namespace cub
