// AF_UNIX SOCK_DGRAM and SOCK_SEQPACKET (unix(7)): message boundaries,
// MSG_TRUNC, sendto a path or an abstract name, the sender's address,
// connected datagram sockets, seqpacket over listen/accept.
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

class UnixDgram : public TempDirTest {};

TEST_F(UnixDgram, SocketpairKeepsBoundaries) {
  Pair p(SOCK_DGRAM);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(write(p.fd[0], "ab", 2), 2);
  ASSERT_EQ(write(p.fd[0], "cde", 3), 3);
  char buf[8];
  EXPECT_EQ(read(p.fd[1], buf, sizeof(buf)), 2);
  EXPECT_EQ(read(p.fd[1], buf, sizeof(buf)), 3);
}

TEST_F(UnixDgram, ShortReadDiscardsTheRest) {
  Pair p(SOCK_DGRAM);
  ASSERT_EQ(write(p.fd[0], "abcdef", 6), 6);
  ASSERT_EQ(write(p.fd[0], "g", 1), 1);
  char buf[8];
  EXPECT_EQ(read(p.fd[1], buf, 2), 2);
  EXPECT_EQ(read(p.fd[1], buf, 8), 1);
  EXPECT_EQ(buf[0], 'g');
}

TEST_F(UnixDgram, MsgTruncReturnsRealLength) {
  Pair p(SOCK_DGRAM);
  ASSERT_EQ(write(p.fd[0], "abcdef", 6), 6);
  char buf[8];
  EXPECT_EQ(recv(p.fd[1], buf, 2, MSG_TRUNC), 6);
}

TEST_F(UnixDgram, RecvmsgSetsMsgTruncFlag) {
  Pair p(SOCK_DGRAM);
  ASSERT_EQ(write(p.fd[0], "abcdef", 6), 6);
  char buf[2];
  struct iovec iov = {buf, sizeof(buf)};
  struct msghdr m = {};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  EXPECT_EQ(recvmsg(p.fd[1], &m, 0), 2);
  EXPECT_TRUE(m.msg_flags & MSG_TRUNC);
}

TEST_F(UnixDgram, ZeroLengthDatagramIsAMessage) {
  Pair p(SOCK_DGRAM);
  ASSERT_EQ(write(p.fd[0], "", 0), 0);
  EXPECT_EQ(PollNow(p.fd[1], POLLIN), POLLIN);
  char c;
  EXPECT_EQ(read(p.fd[1], &c, 1), 0);
  EXPECT_EQ(PollNow(p.fd[1], POLLIN), 0);
}

TEST_F(UnixDgram, PeekKeepsTheDatagram) {
  Pair p(SOCK_DGRAM);
  ASSERT_EQ(write(p.fd[0], "abc", 3), 3);
  char buf[8];
  EXPECT_EQ(recv(p.fd[1], buf, 8, MSG_PEEK), 3);
  EXPECT_EQ(recv(p.fd[1], buf, 8, 0), 3);
  EXPECT_ERRNO(recv(p.fd[1], buf, 8, MSG_DONTWAIT), EAGAIN);
}

TEST_F(UnixDgram, SendtoPathAndSenderAddress) {
  int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
  int cli = socket(AF_UNIX, SOCK_DGRAM, 0);
  ASSERT_OK(BindPath(srv, Path("srv")));
  ASSERT_OK(BindPath(cli, Path("cli")));
  sockaddr_un a;
  socklen_t len = PathAddr(Path("srv"), &a);
  ASSERT_EQ(sendto(cli, "hi", 2, 0, (sockaddr*)&a, len), 2);
  sockaddr_un from;
  socklen_t flen = sizeof(from);
  char buf[8];
  ASSERT_EQ(recvfrom(srv, buf, sizeof(buf), 0, (sockaddr*)&from, &flen), 2);
  EXPECT_EQ(flen, PathAddr(Path("cli"), &a));
  EXPECT_STREQ(from.sun_path, Path("cli").c_str());
  close(srv);
  close(cli);
}

TEST_F(UnixDgram, UnboundSenderStaysUnnamed) {
  int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
  int cli = socket(AF_UNIX, SOCK_DGRAM, 0);
  std::string name = UniqueAbstract("un");
  ASSERT_OK(BindAbstract(srv, name));
  sockaddr_un a;
  socklen_t len = AbstractAddr(name, &a);
  ASSERT_EQ(sendto(cli, "x", 1, 0, (sockaddr*)&a, len), 1);
  sockaddr_un me;
  socklen_t mlen = sizeof(me);
  ASSERT_OK(getsockname(cli, (sockaddr*)&me, &mlen));
  EXPECT_EQ(mlen, sizeof(sa_family_t));
  socklen_t flen = sizeof(me);
  char c;
  ASSERT_EQ(recvfrom(srv, &c, 1, 0, (sockaddr*)&me, &flen), 1);
  EXPECT_EQ(flen, 0u);
  close(srv);
  close(cli);
}

// Linux autobinds an unnamed datagram sender only when it has SO_PASSCRED.
TEST_F(UnixDgram, PasscredSenderAutobindsOnSendto) {
  int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
  int cli = socket(AF_UNIX, SOCK_DGRAM, 0);
  int one = 1;
  ASSERT_OK(setsockopt(cli, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)));
  std::string name = UniqueAbstract("dg");
  ASSERT_OK(BindAbstract(srv, name));
  sockaddr_un a;
  socklen_t len = AbstractAddr(name, &a);
  ASSERT_EQ(sendto(cli, "x", 1, 0, (sockaddr*)&a, len), 1);
  sockaddr_un me;
  socklen_t mlen = sizeof(me);
  ASSERT_OK(getsockname(cli, (sockaddr*)&me, &mlen));
  // Autobind gives "\0" and five hex digits.
  EXPECT_EQ(mlen, offsetof(sockaddr_un, sun_path) + 6);
  EXPECT_EQ(me.sun_path[0], 0);
  sockaddr_un from;
  socklen_t flen = sizeof(from);
  char c;
  ASSERT_EQ(recvfrom(srv, &c, 1, 0, (sockaddr*)&from, &flen), 1);
  EXPECT_EQ(flen, mlen);
  EXPECT_EQ(memcmp(from.sun_path, me.sun_path, 6), 0);
  close(srv);
  close(cli);
}

TEST_F(UnixDgram, UnboundUnpairedSenderGivesNoAddress) {
  Pair p(SOCK_DGRAM);
  ASSERT_EQ(write(p.fd[0], "x", 1), 1);
  sockaddr_un from;
  socklen_t flen = sizeof(from);
  char c;
  ASSERT_EQ(recvfrom(p.fd[1], &c, 1, 0, (sockaddr*)&from, &flen), 1);
  EXPECT_EQ(flen, 0u);
}

TEST_F(UnixDgram, SendtoMissingPathIsEnoent) {
  int s = socket(AF_UNIX, SOCK_DGRAM, 0);
  sockaddr_un a;
  socklen_t len = PathAddr(Path("nobody"), &a);
  EXPECT_ERRNO(sendto(s, "x", 1, 0, (sockaddr*)&a, len), ENOENT);
  close(s);
}

TEST_F(UnixDgram, SendtoClosedPathIsEconnrefused) {
  int s = socket(AF_UNIX, SOCK_DGRAM, 0);
  int gone = socket(AF_UNIX, SOCK_DGRAM, 0);
  ASSERT_OK(BindPath(gone, Path("gone")));
  close(gone);
  sockaddr_un a;
  socklen_t len = PathAddr(Path("gone"), &a);
  EXPECT_ERRNO(sendto(s, "x", 1, 0, (sockaddr*)&a, len), ECONNREFUSED);
  close(s);
}

TEST_F(UnixDgram, SendWithoutPeerIsEnotconn) {
  int s = socket(AF_UNIX, SOCK_DGRAM, 0);
  EXPECT_ERRNO(send(s, "x", 1, 0), ENOTCONN);
  close(s);
}

TEST_F(UnixDgram, ConnectedDgramSendsToPeer) {
  int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
  int cli = socket(AF_UNIX, SOCK_DGRAM, 0);
  ASSERT_OK(BindPath(srv, Path("s")));
  ASSERT_OK(ConnectPath(cli, Path("s")));
  ASSERT_EQ(send(cli, "abc", 3, 0), 3);
  char buf[4];
  EXPECT_EQ(recv(srv, buf, 4, 0), 3);
  sockaddr_un peer;
  socklen_t plen = sizeof(peer);
  ASSERT_OK(getpeername(cli, (sockaddr*)&peer, &plen));
  EXPECT_STREQ(peer.sun_path, Path("s").c_str());
  close(srv);
  close(cli);
}

TEST_F(UnixDgram, ConnectedReceiverRefusesOthers) {
  int a = socket(AF_UNIX, SOCK_DGRAM, 0);
  int b = socket(AF_UNIX, SOCK_DGRAM, 0);
  int c = socket(AF_UNIX, SOCK_DGRAM, 0);
  ASSERT_OK(BindPath(a, Path("a")));
  ASSERT_OK(BindPath(b, Path("b")));
  ASSERT_OK(ConnectPath(a, Path("b")));
  sockaddr_un addr;
  socklen_t len = PathAddr(Path("a"), &addr);
  EXPECT_ERRNO(sendto(c, "x", 1, 0, (sockaddr*)&addr, len), EPERM);
  close(a);
  close(b);
  close(c);
}

TEST_F(UnixDgram, DgramQueueFullIsEagainNonblocking) {
  int fds[2];
  ASSERT_OK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, fds));
  int n = 0;
  for (; n < 100000; n++) {
    if (write(fds[0], "x", 1) < 0) break;
  }
  EXPECT_EQ(errno, EAGAIN);
  EXPECT_GT(n, 0);
  EXPECT_LT(n, 100000);
  close(fds[0]);
  close(fds[1]);
}

TEST_F(UnixDgram, DgramTooBigIsEmsgsize) {
  Pair p(SOCK_DGRAM);
  std::string big(1 << 22, 'x');
  EXPECT_ERRNO(send(p.fd[0], big.data(), big.size(), 0), EMSGSIZE);
}

TEST_F(UnixDgram, ListenOnDgramIsEopnotsupp) {
  int s = socket(AF_UNIX, SOCK_DGRAM, 0);
  ASSERT_OK(BindPath(s, Path("l")));
  EXPECT_ERRNO(listen(s, 1), EOPNOTSUPP);
  EXPECT_ERRNO(accept(s, nullptr, nullptr), EOPNOTSUPP);
  close(s);
}

TEST_F(UnixDgram, PeerCloseMakesSendEconnrefused) {
  int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
  int cli = socket(AF_UNIX, SOCK_DGRAM, 0);
  ASSERT_OK(BindPath(srv, Path("s")));
  ASSERT_OK(ConnectPath(cli, Path("s")));
  close(srv);
  EXPECT_ERRNO(send(cli, "x", 1, 0), ECONNREFUSED);
  close(cli);
}

TEST_F(UnixDgram, DgramPairCloseMakesSendEconnrefused) {
  Pair p(SOCK_DGRAM);
  close(p.fd[1]);
  p.fd[1] = -1;
  EXPECT_ERRNO(send(p.fd[0], "x", 1, MSG_NOSIGNAL), ECONNREFUSED);
}

class UnixSeqpacket : public TempDirTest {};

TEST_F(UnixSeqpacket, SocketpairKeepsBoundaries) {
  Pair p(SOCK_SEQPACKET);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(write(p.fd[0], "ab", 2), 2);
  ASSERT_EQ(write(p.fd[0], "cde", 3), 3);
  char buf[8];
  EXPECT_EQ(read(p.fd[1], buf, sizeof(buf)), 2);
  EXPECT_EQ(read(p.fd[1], buf, sizeof(buf)), 3);
}

TEST_F(UnixSeqpacket, TruncatedRecordSetsMsgTrunc) {
  Pair p(SOCK_SEQPACKET);
  ASSERT_EQ(write(p.fd[0], "abcdef", 6), 6);
  char buf[2];
  struct iovec iov = {buf, sizeof(buf)};
  struct msghdr m = {};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  EXPECT_EQ(recvmsg(p.fd[1], &m, 0), 2);
  EXPECT_TRUE(m.msg_flags & MSG_TRUNC);
}

TEST_F(UnixSeqpacket, CloseGivesEof) {
  Pair p(SOCK_SEQPACKET);
  close(p.fd[0]);
  p.fd[0] = -1;
  char c;
  EXPECT_EQ(read(p.fd[1], &c, 1), 0);
}

TEST_F(UnixSeqpacket, ListenAcceptConnect) {
  int srv = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  ASSERT_OK(BindPath(srv, Path("sp")));
  ASSERT_OK(listen(srv, 4));
  int cli = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  ASSERT_OK(ConnectPath(cli, Path("sp")));
  int c = accept(srv, nullptr, nullptr);
  ASSERT_GE(c, 0);
  ASSERT_EQ(write(cli, "one", 3), 3);
  ASSERT_EQ(write(cli, "two!", 4), 4);
  char buf[8];
  EXPECT_EQ(read(c, buf, 8), 3);
  EXPECT_EQ(read(c, buf, 8), 4);
  int type = 0;
  socklen_t tl = sizeof(type);
  ASSERT_OK(getsockopt(c, SOL_SOCKET, SO_TYPE, &type, &tl));
  EXPECT_EQ(type, SOCK_SEQPACKET);
  close(c);
  close(cli);
  close(srv);
}

TEST_F(UnixSeqpacket, SendUnconnectedIsEnotconn) {
  int s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  EXPECT_ERRNO(send(s, "x", 1, MSG_NOSIGNAL), ENOTCONN);
  close(s);
}

TEST_F(UnixSeqpacket, ConnectToStreamListenerIsEprototype) {
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_OK(BindPath(srv, Path("st")));
  ASSERT_OK(listen(srv, 1));
  int cli = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  EXPECT_ERRNO(ConnectPath(cli, Path("st")), EPROTOTYPE);
  close(cli);
  close(srv);
}

}  // namespace
}  // namespace cub
