// Network permission rules for an unprivileged process (ip(7),
// netdevice(7), rtnetlink(7)): ports below IPPORT_RESERVED, interface
// changes, netlink changes and raw sockets need privilege (CAP_NET_BIND_SERVICE,
// CAP_NET_ADMIN, CAP_NET_RAW, which root has and uid 65534 has not);
// queries do not.  The unprivileged side runs in a forked child that
// drops to uid/gid 65534.  Each "change" request repeats the current state,
// so it would change nothing even if it were allowed.
#include <net/if.h>  // before the linux/ headers
#include <grp.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <vector>

#include "conformance.h"
#include "net_util.h"
#include "netlink_util.h"

namespace cub {
namespace {

constexpr uid_t kNobody = 65534;

// In a forked child: drop every id (and the capabilities with them) to
// 65534.  Returns false if any step failed.
bool BecomeNobody() {
  return setgroups(0, nullptr) == 0 && setresgid(kNobody, kNobody, kNobody) == 0 &&
         setresuid(kNobody, kNobody, kNobody) == 0 && geteuid() == kNobody;
}

class NetPerm : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to drop to uid 65534";
  }
};

TEST_F(NetPerm, UnprivilegedBindBelowIpportReservedIsEacces) {
  int st = RunInChild([] {
    CHILD_CHECK(BecomeNobody());
    for (int family : {AF_INET, AF_INET6}) {
      Fd s(socket(family, SOCK_STREAM, 0));
      CHILD_CHECK(s.ok());
      SockAddr a = Loopback(family, IPPORT_RESERVED - 1);
      CHILD_CHECK_ERRNO(bind(s, a.get(), a.len), EACCES);
      Fd u(socket(family, SOCK_DGRAM, 0));
      CHILD_CHECK_ERRNO(bind(u, a.get(), a.len), EACCES);
    }
    return 0;
  });
  EXPECT_EXIT0(st);
}

TEST_F(NetPerm, UnprivilegedBindOfPortZeroWorks) {
  int st = RunInChild([] {
    CHILD_CHECK(BecomeNobody());
    for (int family : {AF_INET, AF_INET6}) {
      SockAddr a;
      Fd s(BoundSocket(family, SOCK_STREAM, &a));
      CHILD_CHECK(s.ok());
      CHILD_CHECK(a.port() != 0);
      CHILD_CHECK(listen(s, 1) == 0);
    }
    return 0;
  });
  EXPECT_EXIT0(st);
}

TEST_F(NetPerm, RootMayBindAPrivilegedPortOnLoopback) {
  // Ports below IPPORT_RESERVED may be in use on the host: try a few, from
  // the top of the range down, and close the socket at once.
  Fd s(socket(AF_INET, SOCK_STREAM, 0));
  int port = IPPORT_RESERVED - 1, err = 0;
  for (; port > IPPORT_RESERVED - 64; port--) {
    SockAddr a = Loopback(AF_INET, (uint16_t)port);
    if (bind(s, a.get(), a.len) == 0) break;
    err = errno;
    ASSERT_EQ(err, EADDRINUSE) << "port " << port << ": " << strerror(err);
  }
  ASSERT_GT(port, IPPORT_RESERVED - 64) << "every port tried was in use";
  EXPECT_EQ(LocalAddr(s).port(), port);
}

TEST_F(NetPerm, UnprivilegedSiocsifflagsIsEperm) {
  Fd q(socket(AF_INET, SOCK_DGRAM, 0));
  ifreq r;
  memset(&r, 0, sizeof(r));
  strncpy(r.ifr_name, "lo", IFNAMSIZ - 1);
  ASSERT_OK(ioctl(q, SIOCGIFFLAGS, &r));
  int st = RunInChild([r]() mutable {
    CHILD_CHECK(BecomeNobody());
    Fd s(socket(AF_INET, SOCK_DGRAM, 0));
    CHILD_CHECK(s.ok());
    ifreq get = r;
    CHILD_CHECK(ioctl(s, SIOCGIFFLAGS, &get) == 0);  // reading is allowed
    CHILD_CHECK(get.ifr_flags == r.ifr_flags);
    CHILD_CHECK_ERRNO(ioctl(s, SIOCSIFFLAGS, &r), EPERM);  // the same flags
    return 0;
  });
  EXPECT_EXIT0(st);
}

TEST_F(NetPerm, UnprivilegedNetlinkSetlinkIsEpermButGetlinkWorks) {
  int lo = (int)if_nametoindex("lo");
  ASSERT_GT(lo, 0);
  int st = RunInChild([lo] {
    CHILD_CHECK(BecomeNobody());
    Fd s(NetlinkSocket());
    CHILD_CHECK(s.ok());
    ifinfomsg ifi = {};
    ifi.ifi_index = lo;
    ifi.ifi_change = 0;  // change no flag
    CHILD_CHECK(NetlinkSend(s, RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, 1, &ifi, sizeof(ifi)) > 0);
    std::vector<NlMsg> msgs;
    CHILD_CHECK(NetlinkRecv(s, &msgs));
    CHILD_CHECK(msgs.size() == 1);
    CHILD_CHECK(msgs[0].error() == -EPERM);
    msgs.clear();
    CHILD_CHECK(NetlinkSend(s, RTM_GETLINK, NLM_F_REQUEST, 2, &ifi, sizeof(ifi)) > 0);
    CHILD_CHECK(NetlinkRecv(s, &msgs));
    CHILD_CHECK(msgs.size() == 1 && msgs[0].hdr.nlmsg_type == RTM_NEWLINK);
    return 0;
  });
  EXPECT_EXIT0(st);
}

TEST_F(NetPerm, UnprivilegedRawSocketIsEperm) {
  int st = RunInChild([] {
    CHILD_CHECK(BecomeNobody());
    CHILD_CHECK_ERRNO(socket(AF_INET, SOCK_RAW, IPPROTO_UDP), EPERM);
    CHILD_CHECK_ERRNO(socket(AF_INET6, SOCK_RAW, IPPROTO_UDP), EPERM);
    return 0;
  });
  EXPECT_EXIT0(st);
}

TEST_F(NetPerm, UnprivilegedProcessStillTalksOverLoopback) {
  int st = RunInChild([] {
    CHILD_CHECK(BecomeNobody());
    TcpPair p = ConnectedTcp(AF_INET);
    CHILD_CHECK(p.ok());
    CHILD_CHECK(send(p.client, "ok", 2, 0) == 2);
    CHILD_CHECK(ReadN(p.server, 2) == "ok");
    return 0;
  });
  EXPECT_EXIT0(st);
}

}  // namespace
}  // namespace cub
