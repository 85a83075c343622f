// Interface ioctls on sockets (netdevice(7)): SIOCGIFCONF and the
// SIOCGIF* queries for lo, the errors for unknown names and indexes, and
// agreement with if_nametoindex and NETLINK_ROUTE.  Only "get" requests
// run here; the one "set" request (by a non-root child) is in
// perm_test.cc.
#include <net/if.h>  // before the linux/ headers
#include <linux/if_arp.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <set>
#include <string>
#include <vector>

#include "conformance.h"
#include "net_util.h"
#include "netlink_util.h"

namespace cub {
namespace {

class IfIoctl : public testing::Test {
 protected:
  void SetUp() override {
    s_.reset(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    ASSERT_TRUE(s_.ok());
  }
  // An ifreq naming an interface.
  static ifreq Req(const char* name) {
    ifreq r;
    memset(&r, 0, sizeof(r));
    strncpy(r.ifr_name, name, IFNAMSIZ - 1);
    return r;
  }
  static in_addr_t AddrOf(const sockaddr& sa) { return ((const sockaddr_in*)&sa)->sin_addr.s_addr; }
  Fd s_;
};

TEST_F(IfIoctl, GifconfWithNullBufferGivesTheLengthNeeded) {
  ifconf ifc = {};
  ifc.ifc_len = 0;
  ifc.ifc_buf = nullptr;
  ASSERT_OK(ioctl(s_, SIOCGIFCONF, &ifc));
  EXPECT_GT(ifc.ifc_len, 0);
  EXPECT_EQ(ifc.ifc_len % (int)sizeof(ifreq), 0) << "a whole number of ifreqs";

  std::vector<ifreq> reqs(ifc.ifc_len / sizeof(ifreq) + 4);
  ifconf full = {};
  full.ifc_len = (int)(reqs.size() * sizeof(ifreq));
  full.ifc_req = reqs.data();
  ASSERT_OK(ioctl(s_, SIOCGIFCONF, &full));
  EXPECT_EQ(full.ifc_len, ifc.ifc_len) << "the same list, now copied";
}

TEST_F(IfIoctl, GifconfListsLoWith127001) {
  std::vector<ifreq> reqs(64);
  ifconf ifc = {};
  ifc.ifc_len = (int)(reqs.size() * sizeof(ifreq));
  ifc.ifc_req = reqs.data();
  ASSERT_OK(ioctl(s_, SIOCGIFCONF, &ifc));
  int n = ifc.ifc_len / (int)sizeof(ifreq);
  bool found = false;
  for (int i = 0; i < n; i++) {
    EXPECT_EQ(reqs[i].ifr_addr.sa_family, AF_INET) << reqs[i].ifr_name
        << ": SIOCGIFCONF lists IPv4 addresses only";
    if (strcmp(reqs[i].ifr_name, "lo") == 0 &&
        AddrOf(reqs[i].ifr_addr) == htonl(INADDR_LOOPBACK))
      found = true;
  }
  EXPECT_TRUE(found) << "lo 127.0.0.1 among " << n << " entries";
}

TEST_F(IfIoctl, GifconfAgreesWithNetlinkAddresses) {
  std::vector<ifreq> reqs(256);
  ifconf ifc = {};
  ifc.ifc_len = (int)(reqs.size() * sizeof(ifreq));
  ifc.ifc_req = reqs.data();
  ASSERT_OK(ioctl(s_, SIOCGIFCONF, &ifc));
  std::set<std::string> from_ioctl, from_nl;
  for (int i = 0; i < ifc.ifc_len / (int)sizeof(ifreq); i++) {
    in_addr_t a = AddrOf(reqs[i].ifr_addr);
    from_ioctl.insert(std::string(reqs[i].ifr_name) + " " + Bytes(&a, sizeof(a)));
  }
  for (const NlAddr& a : DumpAddrs(AF_INET)) from_nl.insert(a.label + " " + a.local);
  EXPECT_EQ(from_ioctl, from_nl) << "one entry per IPv4 address, named by its label";
}

TEST_F(IfIoctl, GifconfWithRoomForOneReturnsOne) {
  ifreq one[1];
  ifconf ifc = {};
  ifc.ifc_len = sizeof(one);
  ifc.ifc_req = one;
  ASSERT_OK(ioctl(s_, SIOCGIFCONF, &ifc));
  EXPECT_EQ(ifc.ifc_len, (int)sizeof(ifreq)) << "whole entries only, no error";
}

TEST_F(IfIoctl, GifflagsOfLo) {
  ifreq r = Req("lo");
  ASSERT_OK(ioctl(s_, SIOCGIFFLAGS, &r));
  unsigned want = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
  EXPECT_EQ(r.ifr_flags & want, want) << std::hex << r.ifr_flags;
  EXPECT_STREQ(r.ifr_name, "lo");
  // The low 16 bits of the link's flags in netlink.
  bool seen = false;
  for (const NlLink& l : DumpLinks()) {
    if (l.name != "lo") continue;
    seen = true;
    EXPECT_EQ((unsigned short)r.ifr_flags, l.flags & 0xffff);
  }
  EXPECT_TRUE(seen) << "lo in the netlink dump";
}

TEST_F(IfIoctl, GifaddrOfLo) {
  ifreq r = Req("lo");
  ASSERT_OK(ioctl(s_, SIOCGIFADDR, &r));
  EXPECT_EQ(r.ifr_addr.sa_family, AF_INET);
  EXPECT_EQ(AddrOf(r.ifr_addr), htonl(INADDR_LOOPBACK));
}

TEST_F(IfIoctl, GifnetmaskOfLo) {
  ifreq r = Req("lo");
  ASSERT_OK(ioctl(s_, SIOCGIFNETMASK, &r));
  EXPECT_EQ(r.ifr_netmask.sa_family, AF_INET);
  EXPECT_EQ(AddrOf(r.ifr_netmask), htonl(IN_CLASSA_NET));
}

TEST_F(IfIoctl, GifbrdaddrOfLoIsZero) {
  // lo has no broadcast address; its ifa_broadcast is 0 and the ioctl
  // reports 0.0.0.0 rather than failing.
  ifreq r = Req("lo");
  ASSERT_OK(ioctl(s_, SIOCGIFBRDADDR, &r));
  EXPECT_EQ(r.ifr_broadaddr.sa_family, AF_INET);
  EXPECT_EQ(AddrOf(r.ifr_broadaddr), htonl(INADDR_ANY));
}

TEST_F(IfIoctl, GifhwaddrOfLoIsLoopbackAndZero) {
  ifreq r = Req("lo");
  ASSERT_OK(ioctl(s_, SIOCGIFHWADDR, &r));
  EXPECT_EQ(r.ifr_hwaddr.sa_family, ARPHRD_LOOPBACK);
  EXPECT_EQ(Bytes(r.ifr_hwaddr.sa_data, 6), std::string(6, '\0'));
}

TEST_F(IfIoctl, GifindexMatchesNametoindexAndNetlink) {
  ifreq r = Req("lo");
  ASSERT_OK(ioctl(s_, SIOCGIFINDEX, &r));
  EXPECT_GT(r.ifr_ifindex, 0);
  EXPECT_EQ((unsigned)r.ifr_ifindex, if_nametoindex("lo"));
  int nl = 0;
  for (const NlLink& l : DumpLinks())
    if (l.name == "lo") nl = l.index;
  EXPECT_EQ(r.ifr_ifindex, nl);
}

TEST_F(IfIoctl, GifnameByIndex) {
  ifreq r;
  memset(&r, 0, sizeof(r));
  r.ifr_ifindex = (int)if_nametoindex("lo");
  ASSERT_OK(ioctl(s_, SIOCGIFNAME, &r));
  EXPECT_STREQ(r.ifr_name, "lo");
}

TEST_F(IfIoctl, GifnameOfAnUnknownIndexIsEnodev) {
  ifreq r;
  memset(&r, 0, sizeof(r));
  r.ifr_ifindex = INT32_MAX;
  EXPECT_ERRNO(ioctl(s_, SIOCGIFNAME, &r), ENODEV);
}

TEST_F(IfIoctl, GifmtuOfLoIsPositiveAndMatchesNetlink) {
  ifreq r = Req("lo");
  ASSERT_OK(ioctl(s_, SIOCGIFMTU, &r));
  EXPECT_GT(r.ifr_mtu, 0);
  bool seen = false;
  for (const NlLink& l : DumpLinks()) {
    if (l.name != "lo") continue;
    seen = true;
    EXPECT_EQ((unsigned)r.ifr_mtu, l.mtu) << "IFLA_MTU";
  }
  EXPECT_TRUE(seen) << "lo in the netlink dump";
}

TEST_F(IfIoctl, UnknownNameIsEnodev) {
  for (unsigned long req : {SIOCGIFFLAGS, SIOCGIFADDR, SIOCGIFNETMASK, SIOCGIFINDEX,
                            SIOCGIFMTU, SIOCGIFHWADDR}) {
    ifreq r = Req("nonexistent0");
    EXPECT_ERRNO(ioctl(s_, req, &r), ENODEV);
  }
}

TEST_F(IfIoctl, AnySocketFamilyAnswersInterfaceQueries) {
  // sock_ioctl falls back to dev_ioctl for the SIOCGIF* requests whatever
  // the socket's family.
  for (int family : {AF_INET6, AF_UNIX}) {
    Fd s(socket(family, SOCK_DGRAM, 0));
    ASSERT_TRUE(s.ok());
    ifreq r = Req("lo");
    ASSERT_OK(ioctl(s, SIOCGIFINDEX, &r));
    EXPECT_EQ((unsigned)r.ifr_ifindex, if_nametoindex("lo")) << "family " << family;
    r = Req("lo");
    ASSERT_OK(ioctl(s, SIOCGIFFLAGS, &r));
    EXPECT_TRUE(r.ifr_flags & IFF_LOOPBACK) << "family " << family;
  }
}

TEST_F(IfIoctl, BadPointerIsEfault) {
  EXPECT_ERRNO(ioctl(s_, SIOCGIFFLAGS, (void*)1), EFAULT);
  EXPECT_ERRNO(ioctl(s_, SIOCGIFCONF, (void*)1), EFAULT);
}

}  // namespace
}  // namespace cub
