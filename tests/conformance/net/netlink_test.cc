// NETLINK_ROUTE (netlink(7), rtnetlink(7)): binding, link and address
// dumps, single-link requests, acknowledgements and errors, truncation.
// Only requests that read state; nothing is changed (notifications need
// changes, so group membership is only bound, not exercised).
#include <errno.h>
#include <net/if.h>  // before the linux/ headers
#include <linux/if_arp.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "conformance.h"
#include "net_util.h"
#include "netlink_util.h"

namespace cub {
namespace {

TEST(Netlink, BindWithPidZeroGetsAKernelAssignedPortId) {
  Fd s(socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE));
  ASSERT_TRUE(s.ok()) << strerror(errno);
  sockaddr_nl a = {};
  a.nl_family = AF_NETLINK;
  ASSERT_OK(bind(s, (sockaddr*)&a, sizeof(a)));
  sockaddr_nl got = {};
  socklen_t len = sizeof(got);
  ASSERT_OK(getsockname(s, (sockaddr*)&got, &len));
  EXPECT_EQ(len, sizeof(sockaddr_nl));
  EXPECT_EQ(got.nl_family, AF_NETLINK);
  EXPECT_NE(got.nl_pid, 0u);
  EXPECT_EQ(got.nl_groups, 0u);

  Fd t(NetlinkSocket());
  ASSERT_TRUE(t.ok());
  EXPECT_NE(NetlinkName(t).nl_pid, got.nl_pid) << "port ids are unique";
}

TEST(Netlink, SendWithoutBindAutobinds) {
  Fd s(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(NetlinkName(s).nl_pid, 0u) << "not bound yet";
  ifinfomsg ifi = {};
  ASSERT_GT(NetlinkSend(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 7, &ifi, sizeof(ifi)), 0);
  uint32_t pid = NetlinkName(s).nl_pid;
  EXPECT_NE(pid, 0u);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_FALSE(msgs.empty());
  EXPECT_EQ(msgs[0].hdr.nlmsg_pid, pid) << "replies carry the requester's port id";
}

TEST(Netlink, SocketOptionsNameNetlinkRoute) {
  Fd s(NetlinkSocket());
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_TYPE), SOCK_RAW);
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_DOMAIN), AF_NETLINK);
  EXPECT_EQ(GetIntOpt(s, SOL_SOCKET, SO_PROTOCOL), NETLINK_ROUTE);
  Fd d(NetlinkSocket(SOCK_DGRAM));
  ASSERT_TRUE(d.ok()) << "SOCK_DGRAM is the same as SOCK_RAW for netlink";
  EXPECT_EQ(GetIntOpt(d, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
}

TEST(Netlink, GetlinkDumpIsNewlinksEndedByDone) {
  Fd s(NetlinkSocket());
  ifinfomsg ifi = {};
  const uint32_t seq = 0x1234;
  ASSERT_GT(NetlinkSend(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq, &ifi, sizeof(ifi)), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_GE(msgs.size(), 2u) << "at least lo and NLMSG_DONE";
  uint32_t pid = NetlinkName(s).nl_pid;
  for (size_t i = 0; i < msgs.size(); i++) {
    const NlMsg& m = msgs[i];
    EXPECT_EQ(m.hdr.nlmsg_seq, seq) << "message " << i;
    EXPECT_EQ(m.hdr.nlmsg_pid, pid) << "message " << i;
    EXPECT_TRUE(m.hdr.nlmsg_flags & NLM_F_MULTI) << "message " << i;
    if (i + 1 < msgs.size()) {
      ASSERT_EQ(m.hdr.nlmsg_type, RTM_NEWLINK) << "message " << i;
      ASSERT_GE(m.data.size(), sizeof(ifinfomsg));
      NlLink l = ParseLink(m);
      EXPECT_GT(l.index, 0);
      EXPECT_FALSE(l.name.empty()) << "IFLA_IFNAME of link " << l.index;
    } else {
      EXPECT_EQ(m.hdr.nlmsg_type, NLMSG_DONE);
      ASSERT_GE(m.data.size(), sizeof(int));
      EXPECT_EQ(*m.as<int>(), 0) << "NLMSG_DONE carries 0";
    }
  }
  // Nothing follows the reply.
  char buf[64];
  EXPECT_ERRNO(recv(s, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
}

TEST(Netlink, GetlinkDumpShowsLoopback) {
  std::vector<NlLink> links = DumpLinks();
  const NlLink* lo = nullptr;
  for (const NlLink& l : links)
    if (l.name == "lo") lo = &l;
  ASSERT_NE(lo, nullptr) << "no lo among " << links.size() << " links";
  EXPECT_EQ(lo->index, (int)if_nametoindex("lo"));
  EXPECT_EQ(lo->type, ARPHRD_LOOPBACK);
  unsigned want = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
  EXPECT_EQ(lo->flags & want, want) << std::hex << lo->flags;
  ASSERT_TRUE(lo->has_mtu) << "IFLA_MTU";
  EXPECT_GT(lo->mtu, 0u);
  ASSERT_TRUE(lo->has_address) << "IFLA_ADDRESS";
  EXPECT_EQ(lo->address, std::string(6, '\0')) << "lo's hardware address is six zero bytes";
}

TEST(Netlink, GetlinkDumpAgreesWithIfNameindex) {
  std::map<int, std::string> from_nl;
  for (const NlLink& l : DumpLinks()) from_nl[l.index] = l.name;
  std::map<int, std::string> from_libc;
  struct if_nameindex* ni = if_nameindex();
  ASSERT_NE(ni, nullptr);
  for (struct if_nameindex* p = ni; p->if_index; p++) from_libc[p->if_index] = p->if_name;
  if_freenameindex(ni);
  EXPECT_EQ(from_nl, from_libc);
}

TEST(Netlink, GetlinkByIndexReturnsJustThatLink) {
  Fd s(NetlinkSocket());
  ifinfomsg ifi = {};
  ifi.ifi_index = (int)if_nametoindex("lo");
  ASSERT_GT(ifi.ifi_index, 0);
  ASSERT_GT(NetlinkSend(s, RTM_GETLINK, NLM_F_REQUEST, 5, &ifi, sizeof(ifi)), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].hdr.nlmsg_type, RTM_NEWLINK);
  EXPECT_EQ(msgs[0].hdr.nlmsg_seq, 5u);
  EXPECT_FALSE(msgs[0].hdr.nlmsg_flags & NLM_F_MULTI);
  NlLink l = ParseLink(msgs[0]);
  EXPECT_EQ(l.index, ifi.ifi_index);
  EXPECT_EQ(l.name, "lo");
  char buf[64];
  // No NLMSG_DONE.
  EXPECT_ERRNO(recv(s, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
}

TEST(Netlink, GetlinkByNameAttribute) {
  Fd s(NetlinkSocket());
  struct {
    ifinfomsg ifi;
    rtattr rta;
    char name[IFNAMSIZ];
  } req;
  memset(&req, 0, sizeof(req));
  req.rta.rta_type = IFLA_IFNAME;
  req.rta.rta_len = RTA_LENGTH(sizeof("lo"));
  memcpy(req.name, "lo", sizeof("lo"));
  size_t len = NLMSG_ALIGN(sizeof(ifinfomsg)) + RTA_SPACE(sizeof("lo"));
  ASSERT_GT(NetlinkSend(s, RTM_GETLINK, NLM_F_REQUEST, 6, &req, len), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_EQ(msgs.size(), 1u);
  ASSERT_EQ(msgs[0].hdr.nlmsg_type, RTM_NEWLINK) << "error " << msgs[0].error();
  EXPECT_EQ(ParseLink(msgs[0]).index, (int)if_nametoindex("lo"));
}

TEST(Netlink, GetlinkOfAnUnknownIndexIsEnodev) {
  Fd s(NetlinkSocket());
  ifinfomsg ifi = {};
  ifi.ifi_index = INT32_MAX;
  ASSERT_GT(NetlinkSend(s, RTM_GETLINK, NLM_F_REQUEST, 8, &ifi, sizeof(ifi)), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].hdr.nlmsg_type, NLMSG_ERROR);
  EXPECT_EQ(msgs[0].error(), -ENODEV);
  EXPECT_EQ(msgs[0].hdr.nlmsg_seq, 8u);
}

TEST(Netlink, GetaddrDumpShowsLoopbackV4) {
  int lo = (int)if_nametoindex("lo");
  bool found = false;
  for (const NlAddr& a : DumpAddrs(AF_INET)) {
    EXPECT_EQ(a.family, AF_INET) << "an AF_INET dump has only AF_INET";
    in_addr lo4 = {htonl(INADDR_LOOPBACK)};
    if (a.index != lo || a.local != Bytes(&lo4, sizeof(lo4))) continue;
    found = true;
    EXPECT_EQ(a.prefixlen, 8);
    EXPECT_EQ(a.address, a.local) << "IFA_ADDRESS == IFA_LOCAL without a peer";
    EXPECT_EQ(a.label, "lo");
    EXPECT_EQ(a.scope, RT_SCOPE_HOST);
  }
  EXPECT_TRUE(found) << "no 127.0.0.1/8 on lo";
}

TEST(Netlink, GetaddrDumpShowsLoopbackV6) {
  int lo = (int)if_nametoindex("lo");
  bool found = false;
  for (const NlAddr& a : DumpAddrs(AF_INET6)) {
    EXPECT_EQ(a.family, AF_INET6);
    if (a.index != lo || a.address != Bytes(&in6addr_loopback, sizeof(in6_addr))) continue;
    found = true;
    EXPECT_EQ(a.prefixlen, 128);
    EXPECT_EQ(a.scope, RT_SCOPE_HOST);
  }
  EXPECT_TRUE(found) << "no ::1/128 on lo";
}

TEST(Netlink, GetaddrDumpOfAllFamiliesHasBoth) {
  std::set<int> families;
  for (const NlAddr& a : DumpAddrs(AF_UNSPEC)) families.insert(a.family);
  EXPECT_TRUE(families.count(AF_INET));
  EXPECT_TRUE(families.count(AF_INET6));
}

TEST(Netlink, UnknownMessageTypeIsEopnotsupp) {
  Fd s(NetlinkSocket());
  rtgenmsg g = {AF_UNSPEC};
  ASSERT_GT(NetlinkSend(s, UINT16_MAX, NLM_F_REQUEST, 9, &g, sizeof(g)), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].hdr.nlmsg_type, NLMSG_ERROR);
  EXPECT_EQ(msgs[0].error(), -EOPNOTSUPP);
  EXPECT_EQ(msgs[0].hdr.nlmsg_seq, 9u);
  // The error echoes the request's header.
  const nlmsgerr* e = msgs[0].as<nlmsgerr>();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->msg.nlmsg_type, UINT16_MAX);
  EXPECT_EQ(e->msg.nlmsg_seq, 9u);
}

TEST(Netlink, AckFlagOnANoopGivesErrorZero) {
  Fd s(NetlinkSocket());
  ASSERT_GT(NetlinkSend(s, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 10, nullptr, 0), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].hdr.nlmsg_type, NLMSG_ERROR);
  EXPECT_EQ(msgs[0].error(), 0) << "an ACK is an NLMSG_ERROR with error 0";
  EXPECT_EQ(msgs[0].hdr.nlmsg_seq, 10u);
}

TEST(Netlink, NoopWithoutAckGetsNoReply) {
  Fd s(NetlinkSocket());
  ASSERT_GT(NetlinkSend(s, NLMSG_NOOP, NLM_F_REQUEST, 11, nullptr, 0), 0);
  // Requests are handled in order during sendmsg: the ACK of this second
  // request is the first thing to arrive.
  ASSERT_GT(NetlinkSend(s, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 12, nullptr, 0), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].hdr.nlmsg_seq, 12u);
}

TEST(Netlink, AckFlagOnAGetlinkFollowsTheReply) {
  Fd s(NetlinkSocket());
  ifinfomsg ifi = {};
  ifi.ifi_index = (int)if_nametoindex("lo");
  ASSERT_GT(NetlinkSend(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 13, &ifi, sizeof(ifi)), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs, /*want_ack=*/true));
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].hdr.nlmsg_type, RTM_NEWLINK);
  EXPECT_EQ(msgs[1].hdr.nlmsg_type, NLMSG_ERROR);
  EXPECT_EQ(msgs[1].error(), 0);
  EXPECT_EQ(msgs[1].hdr.nlmsg_seq, 13u);
}

TEST(Netlink, GetlinkWithoutAFullIfinfomsgIsEinval) {
  Fd s(NetlinkSocket());
  rtgenmsg g = {AF_UNSPEC};
  ASSERT_GT(NetlinkSend(s, RTM_GETLINK, NLM_F_REQUEST, 14, &g, sizeof(g)), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].hdr.nlmsg_type, NLMSG_ERROR);
  EXPECT_EQ(msgs[0].error(), -EINVAL);
}

TEST(Netlink, DumpWithAShortRtgenmsgStillWorks) {
  // glibc's getifaddrs sends an rtgenmsg, not an ifinfomsg.
  Fd s(NetlinkSocket());
  rtgenmsg g = {AF_PACKET};
  ASSERT_GT(NetlinkSend(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 15, &g, sizeof(g)), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_GE(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].hdr.nlmsg_type, RTM_NEWLINK);
  EXPECT_EQ(msgs.back().hdr.nlmsg_type, NLMSG_DONE);
}

TEST(Netlink, HeaderOnlyMessageIsIgnored) {
  // rtnetlink_rcv_msg: a message without even an rtgenmsg is dropped
  // silently (no error unless NLM_F_ACK asks for one: then 0).
  Fd s(NetlinkSocket());
  ASSERT_GT(NetlinkSend(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 16, nullptr, 0), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].hdr.nlmsg_type, NLMSG_ERROR);
  EXPECT_EQ(msgs[0].error(), 0);
}

TEST(Netlink, MessageWithoutNlmFRequestIsNotProcessed) {
  // netlink_rcv_skb: without NLM_F_REQUEST a message is only acknowledged.
  Fd s(NetlinkSocket());
  ifinfomsg ifi = {};
  ifi.ifi_index = (int)if_nametoindex("lo");
  ASSERT_GT(NetlinkSend(s, RTM_GETLINK, NLM_F_ACK, 20, &ifi, sizeof(ifi)), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].hdr.nlmsg_type, NLMSG_ERROR) << "no RTM_NEWLINK";
  EXPECT_EQ(msgs[0].error(), 0);
}

TEST(Netlink, TwoRequestsInOneDatagramAreAnsweredInOrder) {
  Fd s(NetlinkSocket());
  ifinfomsg ifi = {};
  ifi.ifi_index = (int)if_nametoindex("lo");
  std::string buf(NLMSG_SPACE(0) + NLMSG_SPACE(sizeof(ifi)), '\0');
  nlmsghdr* a = (nlmsghdr*)&buf[0];
  a->nlmsg_len = NLMSG_LENGTH(0);
  a->nlmsg_type = NLMSG_NOOP;
  a->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  a->nlmsg_seq = 21;
  nlmsghdr* b = (nlmsghdr*)&buf[NLMSG_SPACE(0)];
  b->nlmsg_len = NLMSG_LENGTH(sizeof(ifi));
  b->nlmsg_type = RTM_GETLINK;
  b->nlmsg_flags = NLM_F_REQUEST;
  b->nlmsg_seq = 22;
  memcpy(NLMSG_DATA(b), &ifi, sizeof(ifi));
  sockaddr_nl kernel = {};
  kernel.nl_family = AF_NETLINK;
  ASSERT_EQ(sendto(s, buf.data(), buf.size(), 0, (sockaddr*)&kernel, sizeof(kernel)),
            (ssize_t)buf.size());
  std::vector<NlMsg> first, second;
  ASSERT_TRUE(NetlinkRecv(s, &first));
  ASSERT_TRUE(NetlinkRecv(s, &second));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].hdr.nlmsg_seq, 21u);
  EXPECT_EQ(first[0].error(), 0);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].hdr.nlmsg_seq, 22u);
  EXPECT_EQ(second[0].hdr.nlmsg_type, RTM_NEWLINK);
}

TEST(Netlink, DatagramShorterThanAHeaderIsIgnored) {
  Fd s(NetlinkSocket());
  sockaddr_nl kernel = {};
  kernel.nl_family = AF_NETLINK;
  uint32_t junk = 0;
  ASSERT_EQ(sendto(s, &junk, sizeof(junk), 0, (sockaddr*)&kernel, sizeof(kernel)),
            (ssize_t)sizeof(junk));
  // A header whose nlmsg_len claims more than was sent: ignored as well.
  nlmsghdr h = {};
  h.nlmsg_len = NLMSG_LENGTH(64);
  h.nlmsg_type = NLMSG_NOOP;
  h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  h.nlmsg_seq = 23;
  ASSERT_EQ(sendto(s, &h, sizeof(h), 0, (sockaddr*)&kernel, sizeof(kernel)),
            (ssize_t)sizeof(h));
  ASSERT_GT(NetlinkSend(s, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 24, nullptr, 0), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].hdr.nlmsg_seq, 24u) << "the first reply is the valid request's";
}

TEST(Netlink, GetaddrOfV4IsDumpOnly) {
  // IPv4 registers no doit handler for RTM_GETADDR.
  Fd s(NetlinkSocket());
  ifaddrmsg ifa = {};
  ifa.ifa_family = AF_INET;
  ifa.ifa_index = if_nametoindex("lo");
  ASSERT_GT(NetlinkSend(s, RTM_GETADDR, NLM_F_REQUEST, 25, &ifa, sizeof(ifa)), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].error(), -EOPNOTSUPP);
}

TEST(Netlink, SmallBufferTruncatesAndSetsMsgTrunc) {
  Fd s(NetlinkSocket());
  ifinfomsg ifi = {};
  ifi.ifi_index = (int)if_nametoindex("lo");
  ASSERT_GT(NetlinkSend(s, RTM_GETLINK, NLM_F_REQUEST, 17, &ifi, sizeof(ifi)), 0);
  char buf[16];
  struct iovec iov = {buf, sizeof(buf)};
  struct msghdr m = {};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  ASSERT_EQ(recvmsg(s, &m, 0), (ssize_t)sizeof(buf));
  EXPECT_EQ(m.msg_flags & MSG_TRUNC, MSG_TRUNC);
  nlmsghdr h;
  memcpy(&h, buf, sizeof(h));
  EXPECT_EQ(h.nlmsg_type, RTM_NEWLINK);
  EXPECT_GT(h.nlmsg_len, sizeof(buf));
  // The rest of the datagram is gone.
  EXPECT_ERRNO(recv(s, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
}

TEST(Netlink, PeekWithMsgTruncGivesTheFullLength) {
  Fd s(NetlinkSocket());
  ifinfomsg ifi = {};
  ifi.ifi_index = (int)if_nametoindex("lo");
  ASSERT_GT(NetlinkSend(s, RTM_GETLINK, NLM_F_REQUEST, 18, &ifi, sizeof(ifi)), 0);
  ssize_t full = recv(s, nullptr, 0, MSG_PEEK | MSG_TRUNC);
  ASSERT_GT(full, (ssize_t)NLMSG_HDRLEN);
  std::vector<char> buf(full);
  ASSERT_EQ(recv(s, buf.data(), buf.size(), 0), full);
  nlmsghdr h;
  memcpy(&h, buf.data(), sizeof(h));
  EXPECT_EQ(h.nlmsg_len, (uint32_t)full);
}

TEST(Netlink, BindToRtmgrpLinkShowsTheGroups) {
  Fd s(NetlinkSocket(SOCK_RAW, RTMGRP_LINK | RTMGRP_IPV4_IFADDR));
  ASSERT_TRUE(s.ok()) << strerror(errno);
  sockaddr_nl a = NetlinkName(s);
  EXPECT_EQ(a.nl_groups, (unsigned)(RTMGRP_LINK | RTMGRP_IPV4_IFADDR));
  EXPECT_NE(a.nl_pid, 0u);
  // The socket still answers requests.
  ASSERT_GT(NetlinkSend(s, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 19, nullptr, 0), 0);
  std::vector<NlMsg> msgs;
  ASSERT_TRUE(NetlinkRecv(s, &msgs));
  ASSERT_FALSE(msgs.empty());
  EXPECT_EQ(msgs.back().error(), 0);
}

TEST(Netlink, BindWithABadFamilyOrLengthIsEinval) {
  Fd s(socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE));
  sockaddr_nl a = {};
  a.nl_family = AF_NETLINK;
  EXPECT_ERRNO(bind(s, (sockaddr*)&a, sizeof(a) - 1), EINVAL);
  a.nl_family = AF_INET;
  EXPECT_ERRNO(bind(s, (sockaddr*)&a, sizeof(a)), EINVAL);
}

TEST(Netlink, UnknownNetlinkProtocolIsEprotonosupport) {
  EXPECT_ERRNO(socket(AF_NETLINK, SOCK_RAW, MAX_LINKS), EPROTONOSUPPORT);
  EXPECT_ERRNO(socket(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE), ESOCKTNOSUPPORT);
}

}  // namespace
}  // namespace cub
