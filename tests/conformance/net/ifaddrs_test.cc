// Interface enumeration through glibc (getifaddrs(3), if_nameindex(3),
// if_nametoindex(3)), which asks NETLINK_ROUTE (getifaddrs) and ioctls
// (if_indextoname uses SIOCGIFNAME).  Checks the loopback entries and
// that the views agree; other interfaces differ between host and image.
#include <net/if.h>  // before the linux/ headers
#include <ifaddrs.h>
#include <linux/if_arp.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

#include <map>
#include <string>

#include "conformance.h"
#include "net_util.h"
#include "netlink_util.h"

namespace cub {
namespace {

// getifaddrs' list, freed when out of scope.
struct IfAddrs {
  ifaddrs* head = nullptr;
  int rc;
  IfAddrs() { rc = getifaddrs(&head); }
  ~IfAddrs() {
    if (head) freeifaddrs(head);
  }
  // The first "lo" entry of this address family, or null.
  const ifaddrs* Lo(int family) const {
    for (const ifaddrs* p = head; p; p = p->ifa_next)
      if (strcmp(p->ifa_name, "lo") == 0 && p->ifa_addr && p->ifa_addr->sa_family == family)
        return p;
    return nullptr;
  }
};

TEST(Ifaddrs, LoopbackHas127001WithNetmask255000) {
  IfAddrs ifs;
  ASSERT_EQ(ifs.rc, 0) << strerror(errno);
  const ifaddrs* lo = ifs.Lo(AF_INET);
  ASSERT_NE(lo, nullptr) << "no AF_INET entry for lo";
  const sockaddr_in* a = (const sockaddr_in*)lo->ifa_addr;
  EXPECT_EQ(a->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
  ASSERT_NE(lo->ifa_netmask, nullptr);
  EXPECT_EQ(lo->ifa_netmask->sa_family, AF_INET);
  EXPECT_EQ(((const sockaddr_in*)lo->ifa_netmask)->sin_addr.s_addr, htonl(IN_CLASSA_NET));
}

TEST(Ifaddrs, LoopbackHasV6LoopbackWithPrefix128) {
  IfAddrs ifs;
  ASSERT_EQ(ifs.rc, 0);
  const ifaddrs* lo = ifs.Lo(AF_INET6);
  ASSERT_NE(lo, nullptr) << "no AF_INET6 entry for lo";
  const sockaddr_in6* a = (const sockaddr_in6*)lo->ifa_addr;
  EXPECT_TRUE(IN6_IS_ADDR_LOOPBACK(&a->sin6_addr));
  ASSERT_NE(lo->ifa_netmask, nullptr);
  const sockaddr_in6* m = (const sockaddr_in6*)lo->ifa_netmask;
  EXPECT_EQ(Bytes(&m->sin6_addr, sizeof(in6_addr)), std::string(16, '\xff'));
}

TEST(Ifaddrs, LoopbackHasAPacketEntry) {
  IfAddrs ifs;
  ASSERT_EQ(ifs.rc, 0);
  const ifaddrs* lo = ifs.Lo(AF_PACKET);
  ASSERT_NE(lo, nullptr) << "no AF_PACKET entry for lo";
  const sockaddr_ll* ll = (const sockaddr_ll*)lo->ifa_addr;
  EXPECT_EQ(ll->sll_ifindex, (int)if_nametoindex("lo"));
  EXPECT_EQ(ll->sll_hatype, ARPHRD_LOOPBACK);
  EXPECT_EQ(ll->sll_halen, 6);
  EXPECT_EQ(Bytes(ll->sll_addr, 6), std::string(6, '\0'));
  EXPECT_NE(lo->ifa_data, nullptr) << "the link statistics (rtnl_link_stats)";
}

TEST(Ifaddrs, LoopbackIsUpLoopbackAndRunning) {
  IfAddrs ifs;
  ASSERT_EQ(ifs.rc, 0);
  unsigned want = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
  int n = 0;
  for (const ifaddrs* p = ifs.head; p; p = p->ifa_next) {
    if (strcmp(p->ifa_name, "lo") != 0) continue;
    n++;
    EXPECT_EQ(p->ifa_flags & want, want) << std::hex << p->ifa_flags;
    EXPECT_FALSE(p->ifa_flags & IFF_BROADCAST);
  }
  EXPECT_GE(n, 3) << "AF_PACKET, AF_INET and AF_INET6 entries";
}

TEST(Ifaddrs, EntriesOfOneInterfaceShareFlagsAndMatchNetlink) {
  IfAddrs ifs;
  ASSERT_EQ(ifs.rc, 0);
  std::map<std::string, unsigned> nl_flags;
  for (const NlLink& l : DumpLinks()) nl_flags[l.name] = l.flags;
  std::map<std::string, unsigned> seen;
  for (const ifaddrs* p = ifs.head; p; p = p->ifa_next) {
    ASSERT_NE(p->ifa_name, nullptr);
    EXPECT_NE(if_nametoindex(p->ifa_name), 0u) << p->ifa_name;
    auto it = seen.find(p->ifa_name);
    if (it != seen.end()) {
      EXPECT_EQ(it->second, p->ifa_flags) << p->ifa_name;
    }
    seen[p->ifa_name] = p->ifa_flags;
  }
  ASSERT_TRUE(nl_flags.count("lo"));
  EXPECT_EQ(seen["lo"], nl_flags["lo"]) << "getifaddrs' flags are the link's";
}

TEST(Ifaddrs, IfNameindexListsLoWithItsIndex) {
  struct if_nameindex* ni = if_nameindex();
  ASSERT_NE(ni, nullptr) << strerror(errno);
  unsigned lo = 0;
  int n = 0;
  for (struct if_nameindex* p = ni; p->if_index; p++, n++) {
    if (strcmp(p->if_name, "lo") == 0) lo = p->if_index;
    EXPECT_EQ(if_nametoindex(p->if_name), p->if_index) << p->if_name;
  }
  if_freenameindex(ni);
  EXPECT_GE(n, 1);
  EXPECT_NE(lo, 0u) << "lo is listed";
  EXPECT_EQ(lo, if_nametoindex("lo"));
}

TEST(Ifaddrs, IndextonameRoundTrips) {
  unsigned lo = if_nametoindex("lo");
  ASSERT_NE(lo, 0u);
  char name[IF_NAMESIZE] = {};
  ASSERT_EQ(if_indextoname(lo, name), name);
  EXPECT_STREQ(name, "lo");
}

TEST(Ifaddrs, NametoindexOfAnUnknownNameIsZeroWithEnodev) {
  errno = 0;
  EXPECT_EQ(if_nametoindex("nonexistent0"), 0u);
  EXPECT_EQ(errno, ENODEV);
}

TEST(Ifaddrs, IndextonameOfAnUnknownIndexIsEnxio) {
  // The kernel says ENODEV (SIOCGIFNAME); glibc turns it into ENXIO.
  char name[IF_NAMESIZE];
  errno = 0;
  EXPECT_EQ(if_indextoname(INT32_MAX, name), nullptr);
  EXPECT_EQ(errno, ENXIO);
}

}  // namespace
}  // namespace cub
