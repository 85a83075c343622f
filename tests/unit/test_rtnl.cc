// net/rtnl.c: NETLINK_ROUTE answers from a fake snapshot, read back with
// the real <linux/netlink.h> and <linux/rtnetlink.h> macros.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include <map>
#include <string>
#include <vector>

#include "ifaces_fake.h"

extern "C" {
#include "net/rtnl.h"
}

namespace {

using Datagram = std::vector<uint8_t>;

struct Answer {
	std::vector<Datagram> grams;
	int fail_after = -1; // emit fails with -ENOBUFS after this many
};

int collect(void *ctx, const void *data, size_t len)
{
	auto *a = static_cast<Answer *>(ctx);
	if (a->fail_after >= 0 && (int)a->grams.size() >= a->fail_after)
		return -ENOBUFS;
	const uint8_t *p = static_cast<const uint8_t *>(data);
	a->grams.emplace_back(p, p + len);
	return 0;
}

constexpr uint32_t kPort = 4242;
constexpr uint32_t kSeq = 77;

struct Req {
	struct nlmsghdr h;
	union {
		struct rtgenmsg g;
		struct ifinfomsg ifi;
		struct ifaddrmsg ifa;
		uint8_t raw[64];
	};
};

Req request(uint16_t type, uint16_t flags, uint8_t family = AF_UNSPEC, size_t payload = 1)
{
	Req r;
	memset(&r, 0, sizeof(r));
	r.h.nlmsg_len = NLMSG_LENGTH(payload);
	r.h.nlmsg_type = type;
	r.h.nlmsg_flags = flags;
	r.h.nlmsg_seq = kSeq;
	r.h.nlmsg_pid = 0;
	r.g.rtgen_family = family;
	return r;
}

class Rtnl : public ::testing::Test {
protected:
	struct net_if_info ifs[NET_IF_MAX];
	int n = 0;
	std::vector<uint8_t> scratch = std::vector<uint8_t>(8192);
	Answer ans;
	struct rtnl_caller who = {kPort, false, false};

	void SetUp() override { n = fake_ifaces(ifs, NET_IF_MAX); }

	int run(const void *req, size_t len)
	{
		struct rtnl_sink sink = {scratch.data(), scratch.size(), collect, &ans, 0};
		return rtnl_handle(req, len, &who, ifs, n, &sink);
	}

	// Every message of every datagram, checked for the common fields.
	std::vector<const struct nlmsghdr *> messages()
	{
		std::vector<const struct nlmsghdr *> out;
		for (auto &g : ans.grams) {
			int len = (int)g.size();
			for (auto *h = (const struct nlmsghdr *)g.data(); NLMSG_OK(h, len);
			     h = NLMSG_NEXT(h, len)) {
				EXPECT_EQ(h->nlmsg_seq, kSeq);
				EXPECT_EQ(h->nlmsg_pid, kPort);
				out.push_back(h);
			}
			EXPECT_EQ(len, 0) << "trailing bytes in a datagram";
		}
		return out;
	}
};

std::map<int, std::string> attrs(const struct rtattr *rta, int len)
{
	std::map<int, std::string> m;
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		EXPECT_EQ(m.count(rta->rta_type), 0u) << "duplicate attribute " << rta->rta_type;
		m[rta->rta_type] = std::string((const char *)RTA_DATA(rta), RTA_PAYLOAD(rta));
	}
	EXPECT_EQ(len, 0);
	return m;
}

void expect_done(const struct nlmsghdr *h)
{
	EXPECT_EQ(h->nlmsg_type, NLMSG_DONE);
	EXPECT_EQ(h->nlmsg_flags, NLM_F_MULTI);
	ASSERT_EQ(h->nlmsg_len, NLMSG_LENGTH(sizeof(int)));
	EXPECT_EQ(*(const int *)NLMSG_DATA(h), 0);
}

void expect_error(const struct nlmsghdr *h, int err, const Req &req, bool capped)
{
	ASSERT_EQ(h->nlmsg_type, NLMSG_ERROR);
	EXPECT_EQ(h->nlmsg_flags, capped ? NLM_F_CAPPED : 0);
	const auto *e = (const struct nlmsgerr *)NLMSG_DATA(h);
	EXPECT_EQ(e->error, err);
	EXPECT_EQ(memcmp(&e->msg, &req.h, sizeof(req.h)), 0);
	// nlmsg_end: padded (Linux gives 40 for a 17-byte request).
	size_t want = capped ? NLMSG_LENGTH(sizeof(*e))
	                     : NLMSG_ALIGN(NLMSG_LENGTH(sizeof(*e) + req.h.nlmsg_len - NLMSG_HDRLEN));
	EXPECT_EQ(h->nlmsg_len, want);
}

TEST_F(Rtnl, LinkDump)
{
	Req r = request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, AF_PACKET);
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	ASSERT_EQ(ans.grams.size(), 1u); // two links and DONE fit one recv
	auto msgs = messages();
	ASSERT_EQ(msgs.size(), 3u);
	for (int i = 0; i < 2; i++) {
		const struct nlmsghdr *h = msgs[i];
		EXPECT_EQ(h->nlmsg_type, RTM_NEWLINK);
		EXPECT_EQ(h->nlmsg_flags, NLM_F_MULTI);
		const auto *ifi = (const struct ifinfomsg *)NLMSG_DATA(h);
		EXPECT_EQ(ifi->ifi_family, AF_UNSPEC);
		EXPECT_EQ(ifi->ifi_type, ifs[i].type);
		EXPECT_EQ(ifi->ifi_index, ifs[i].index);
		EXPECT_EQ(ifi->ifi_flags, ifs[i].flags);
		EXPECT_EQ(ifi->ifi_change, 0u);
		auto a = attrs(IFLA_RTA(ifi), IFLA_PAYLOAD(h));
		EXPECT_EQ(a[IFLA_IFNAME], std::string(ifs[i].name) + '\0');
		uint32_t mtu, qlen;
		ASSERT_EQ(a[IFLA_MTU].size(), 4u);
		memcpy(&mtu, a[IFLA_MTU].data(), 4);
		EXPECT_EQ(mtu, ifs[i].mtu);
		ASSERT_EQ(a[IFLA_TXQLEN].size(), 4u);
		memcpy(&qlen, a[IFLA_TXQLEN].data(), 4);
		EXPECT_EQ(qlen, 1000u);
		EXPECT_EQ(a[IFLA_ADDRESS], std::string((const char *)ifs[i].hwaddr, 6));
		EXPECT_EQ(a[IFLA_BROADCAST], std::string((const char *)ifs[i].hwbroadcast, 6));
		ASSERT_EQ(a[IFLA_OPERSTATE].size(), 1u);
		EXPECT_EQ((uint8_t)a[IFLA_OPERSTATE][0], i == 0 ? IF_OPER_UNKNOWN : IF_OPER_UP);
		ASSERT_EQ(a[IFLA_LINKMODE].size(), 1u);
		EXPECT_EQ(a[IFLA_LINKMODE][0], 0);
		ASSERT_EQ(a[IFLA_STATS64].size(), sizeof(struct rtnl_link_stats64));
		struct rtnl_link_stats64 s64;
		memcpy(&s64, a[IFLA_STATS64].data(), sizeof(s64));
		EXPECT_EQ(s64.rx_packets, ifs[i].rx_packets);
		EXPECT_EQ(s64.tx_packets, ifs[i].tx_packets);
		EXPECT_EQ(s64.rx_bytes, ifs[i].rx_bytes);
		EXPECT_EQ(s64.tx_bytes, ifs[i].tx_bytes);
		EXPECT_EQ(s64.rx_dropped, ifs[i].rx_dropped);
		EXPECT_EQ(s64.tx_dropped, ifs[i].tx_dropped);
		EXPECT_EQ(s64.rx_errors, 0u);
		ASSERT_EQ(a[IFLA_STATS].size(), sizeof(struct rtnl_link_stats));
		struct rtnl_link_stats s32;
		memcpy(&s32, a[IFLA_STATS].data(), sizeof(s32));
		EXPECT_EQ(s32.rx_packets, (uint32_t)ifs[i].rx_packets);
		EXPECT_EQ(s32.rx_bytes, (uint32_t)ifs[i].rx_bytes);
		EXPECT_EQ(s32.tx_bytes, (uint32_t)ifs[i].tx_bytes);
		EXPECT_EQ(s32.rx_dropped, (uint32_t)ifs[i].rx_dropped);
		EXPECT_EQ(a.size(), 9u);
	}
	expect_done(msgs[2]);
}

TEST_F(Rtnl, LinkDumpWithAckHasNoAck)
{
	// netlink_dump_start returns -EINTR: a dump ends with DONE, never an ack.
	Req r = request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ACK);
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	auto msgs = messages();
	ASSERT_EQ(msgs.size(), 3u);
	expect_done(msgs[2]);
}

TEST_F(Rtnl, EitherDumpBitDumps)
{
	// rtnetlink_rcv_msg tests nlmsg_flags & NLM_F_DUMP: NLM_F_ROOT alone dumps.
	Req r = request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ROOT);
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	auto msgs = messages();
	ASSERT_EQ(msgs.size(), 3u);
	expect_done(msgs[2]);
}

TEST_F(Rtnl, EmptySnapshotDumpIsJustDone)
{
	n = 0;
	for (uint16_t t : {RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE}) {
		ans.grams.clear();
		Req r = request(t, NLM_F_REQUEST | NLM_F_DUMP);
		ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
		ASSERT_EQ(ans.grams.size(), 1u);
		auto msgs = messages();
		ASSERT_EQ(msgs.size(), 1u);
		expect_done(msgs[0]);
	}
}

TEST_F(Rtnl, BigDumpIsSplitIntoDatagrams)
{
	n = fake_ifaces(ifs, 2);
	for (int i = 2; i < NET_IF_MAX; i++) {
		ifs[i] = ifs[1];
		ifs[i].index = i + 1;
		snprintf(ifs[i].name, sizeof(ifs[i].name), "eth%d", i - 1);
	}
	n = NET_IF_MAX;
	scratch.assign(600, 0); // room for one link message only
	Req r = request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP);
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	EXPECT_GT(ans.grams.size(), 1u);
	for (auto &g : ans.grams)
		EXPECT_LE(g.size(), 600u);
	auto msgs = messages();
	ASSERT_EQ(msgs.size(), (size_t)NET_IF_MAX + 1);
	for (int i = 0; i < NET_IF_MAX; i++)
		EXPECT_EQ(((const struct ifinfomsg *)NLMSG_DATA(msgs[i]))->ifi_index, i + 1);
	expect_done(msgs.back());
}

TEST_F(Rtnl, GetLinkByIndexAndName)
{
	Req r = request(RTM_GETLINK, NLM_F_REQUEST, AF_UNSPEC, sizeof(struct ifinfomsg));
	r.ifi.ifi_index = 2;
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	auto msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	EXPECT_EQ(msgs[0]->nlmsg_type, RTM_NEWLINK);
	EXPECT_EQ(msgs[0]->nlmsg_flags, 0);
	EXPECT_EQ(((const struct ifinfomsg *)NLMSG_DATA(msgs[0]))->ifi_index, 2);

	ans.grams.clear();
	r.ifi.ifi_index = 0;
	auto *rta = (struct rtattr *)((uint8_t *)&r + NLMSG_LENGTH(sizeof(struct ifinfomsg)));
	rta->rta_type = IFLA_IFNAME;
	rta->rta_len = RTA_LENGTH(3);
	memcpy(RTA_DATA(rta), "lo", 3);
	r.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)) + RTA_SPACE(3);
	r.h.nlmsg_flags |= NLM_F_ACK; // answered: the ack follows (netlink_rcv_skb)
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	msgs = messages();
	ASSERT_EQ(msgs.size(), 2u);
	EXPECT_EQ(((const struct ifinfomsg *)NLMSG_DATA(msgs[0]))->ifi_index, 1);
	expect_error(msgs[1], 0, r, true);
}

TEST_F(Rtnl, GetLinkErrors)
{
	Req r = request(RTM_GETLINK, NLM_F_REQUEST, AF_UNSPEC, sizeof(struct ifinfomsg));
	r.ifi.ifi_index = 9;
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	auto msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	expect_error(msgs[0], -ENODEV, r, false);

	ans.grams.clear();
	r.ifi.ifi_index = 0; // neither index nor name
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	expect_error(msgs[0], -EINVAL, r, false);

	ans.grams.clear();
	who.cap_ack = true; // NETLINK_CAP_ACK: the request is not copied
	r.ifi.ifi_index = 9;
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	expect_error(msgs[0], -ENODEV, r, true);
}

struct Addr {
	int family, prefixlen, flags, scope, index;
	std::map<int, std::string> a;
};

TEST_F(Rtnl, AddrDumpBothFamilies)
{
	Req r = request(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP);
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	ASSERT_EQ(ans.grams.size(), 1u);
	auto msgs = messages();
	ASSERT_EQ(msgs.size(), 6u); // 2 IPv4, 3 IPv6, DONE
	std::vector<Addr> v;
	for (size_t i = 0; i + 1 < msgs.size(); i++) {
		EXPECT_EQ(msgs[i]->nlmsg_type, RTM_NEWADDR);
		EXPECT_EQ(msgs[i]->nlmsg_flags, NLM_F_MULTI);
		const auto *ifa = (const struct ifaddrmsg *)NLMSG_DATA(msgs[i]);
		v.push_back({ifa->ifa_family, ifa->ifa_prefixlen, ifa->ifa_flags, ifa->ifa_scope,
		             (int)ifa->ifa_index, attrs(IFA_RTA(ifa), IFA_PAYLOAD(msgs[i]))});
	}
	expect_done(msgs.back());

	// IPv4 first (AF_INET's dump), lo then eth0.
	EXPECT_EQ(v[0].family, AF_INET);
	EXPECT_EQ(v[0].prefixlen, 8);
	EXPECT_EQ(v[0].flags, IFA_F_PERMANENT);
	EXPECT_EQ(v[0].scope, RT_SCOPE_HOST);
	EXPECT_EQ(v[0].index, 1);
	EXPECT_EQ(v[0].a[IFA_ADDRESS], std::string((const char *)&ifs[0].ipv4, 4));
	EXPECT_EQ(v[0].a[IFA_LOCAL], std::string((const char *)&ifs[0].ipv4, 4));
	EXPECT_EQ(v[0].a.count(IFA_BROADCAST), 0u);
	EXPECT_EQ(v[0].a[IFA_LABEL], std::string("lo") + '\0');

	EXPECT_EQ(v[1].family, AF_INET);
	EXPECT_EQ(v[1].prefixlen, 24);
	EXPECT_EQ(v[1].scope, RT_SCOPE_UNIVERSE);
	EXPECT_EQ(v[1].index, 2);
	EXPECT_EQ(v[1].a[IFA_ADDRESS], std::string((const char *)&ifs[1].ipv4, 4));
	EXPECT_EQ(v[1].a[IFA_BROADCAST], std::string((const char *)&ifs[1].broadcast, 4));
	EXPECT_EQ(v[1].a[IFA_LABEL], std::string("eth0") + '\0');
	for (int i = 0; i < 2; i++) {
		uint32_t f;
		ASSERT_EQ(v[i].a[IFA_FLAGS].size(), 4u);
		memcpy(&f, v[i].a[IFA_FLAGS].data(), 4);
		EXPECT_EQ(f, (uint32_t)IFA_F_PERMANENT);
	}

	// IPv6: ::1, then eth0's link-local and global.
	const struct { int idx, k, scope; } six[] = {{0, 0, RT_SCOPE_HOST}, {1, 0, RT_SCOPE_LINK},
	                                             {1, 1, RT_SCOPE_UNIVERSE}};
	for (int j = 0; j < 3; j++) {
		const Addr &x = v[2 + j];
		const struct net_if_ipv6 &want = ifs[six[j].idx].ipv6[six[j].k];
		EXPECT_EQ(x.family, AF_INET6);
		EXPECT_EQ(x.index, ifs[six[j].idx].index);
		EXPECT_EQ(x.prefixlen, want.prefixlen);
		EXPECT_EQ(x.scope, six[j].scope);
		EXPECT_EQ(x.flags, (int)(want.flags & 0xff));
		EXPECT_EQ(x.a.at(IFA_ADDRESS), std::string((const char *)want.addr, 16));
		EXPECT_EQ(x.a.count(IFA_LOCAL), 0u);
		EXPECT_EQ(x.a.count(IFA_LABEL), 0u);
		uint32_t f;
		memcpy(&f, x.a.at(IFA_FLAGS).data(), 4);
		EXPECT_EQ(f, want.flags);
		ASSERT_EQ(x.a.at(IFA_CACHEINFO).size(), sizeof(struct ifa_cacheinfo));
		struct ifa_cacheinfo ci;
		memcpy(&ci, x.a.at(IFA_CACHEINFO).data(), sizeof(ci));
		EXPECT_EQ(ci.ifa_prefered, 0xFFFFFFFFu);
		EXPECT_EQ(ci.ifa_valid, 0xFFFFFFFFu);
	}
}

TEST_F(Rtnl, AddrDumpFamilyFilter)
{
	Req r = request(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, AF_INET);
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	auto msgs = messages();
	ASSERT_EQ(msgs.size(), 3u);
	for (int i = 0; i < 2; i++)
		EXPECT_EQ(((const struct ifaddrmsg *)NLMSG_DATA(msgs[i]))->ifa_family, AF_INET);

	ans.grams.clear();
	r = request(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, AF_INET6, sizeof(struct ifaddrmsg));
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	msgs = messages();
	ASSERT_EQ(msgs.size(), 4u);
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(((const struct ifaddrmsg *)NLMSG_DATA(msgs[i]))->ifa_family, AF_INET6);
	expect_done(msgs[3]);
}

TEST_F(Rtnl, RouteDumpIsEmpty)
{
	Req r = request(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, AF_INET);
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	auto msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	expect_done(msgs[0]);
}

TEST_F(Rtnl, UnsupportedAndUnprivileged)
{
	Req r = request(RTM_MAX + 1, NLM_F_REQUEST); // past RTM_MAX
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	auto msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	expect_error(msgs[0], -EOPNOTSUPP, r, false);

	ans.grams.clear();
	r = request(RTM_GETQDISC, NLM_F_REQUEST | NLM_F_DUMP); // nothing to list: empty
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	expect_done(msgs[0]);

	ans.grams.clear();
	r = request(RTM_GETADDR, NLM_F_REQUEST, AF_INET, sizeof(struct ifaddrmsg)); // no lookup
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	expect_error(msgs[0], -EOPNOTSUPP, r, false);
	EXPECT_EQ(msgs[0]->nlmsg_len, 44u); // as Linux for this request

	ans.grams.clear();
	r = request(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, AF_UNSPEC, sizeof(struct ifinfomsg));
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	expect_error(msgs[0], -EPERM, r, false); // a change needs CAP_NET_ADMIN

	ans.grams.clear();
	who.net_admin = true;
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	expect_error(msgs[0], -EOPNOTSUPP, r, false); // root: cub cannot change links
}

TEST_F(Rtnl, NonRequestsAndControlMessages)
{
	// Without NLM_F_REQUEST nothing is done; with NLM_F_ACK it is acked.
	Req r = request(RTM_GETLINK, NLM_F_DUMP);
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	EXPECT_TRUE(ans.grams.empty());
	r.h.nlmsg_flags |= NLM_F_ACK;
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	auto msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	expect_error(msgs[0], 0, r, true);

	ans.grams.clear();
	r = request(NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK);
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	expect_error(msgs[0], 0, r, true);

	// A request without its rtgenmsg: rtnetlink_rcv_msg returns 0.
	ans.grams.clear();
	r = request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ACK, AF_UNSPEC, 0);
	ASSERT_EQ(run(&r, r.h.nlmsg_len), 0);
	msgs = messages();
	ASSERT_EQ(msgs.size(), 1u);
	expect_error(msgs[0], 0, r, true);
}

TEST_F(Rtnl, MalformedIsIgnored)
{
	Req r = request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP);
	r.h.nlmsg_len = NLMSG_HDRLEN - 1; // shorter than a header
	ASSERT_EQ(run(&r, sizeof(r)), 0);
	EXPECT_TRUE(ans.grams.empty());
	r.h.nlmsg_len = sizeof(r) + 1; // longer than what was sent
	ASSERT_EQ(run(&r, sizeof(r)), 0);
	EXPECT_TRUE(ans.grams.empty());
	ASSERT_EQ(run(&r, 3), 0); // not even a header
	EXPECT_TRUE(ans.grams.empty());
}

TEST_F(Rtnl, SeveralRequestsInOneSend)
{
	Req two[2] = {request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP),
	              request(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, AF_INET)};
	two[0].h.nlmsg_len = sizeof(Req); // aligned, so the next follows
	two[1].h.nlmsg_len = sizeof(Req);
	ASSERT_EQ(run(two, sizeof(two)), 0);
	ASSERT_EQ(ans.grams.size(), 2u); // one datagram per dump
	auto msgs = messages();
	ASSERT_EQ(msgs.size(), 6u);
	EXPECT_EQ(msgs[0]->nlmsg_type, RTM_NEWLINK);
	expect_done(msgs[2]);
	EXPECT_EQ(msgs[3]->nlmsg_type, RTM_NEWADDR);
	expect_done(msgs[5]);
}

TEST_F(Rtnl, SinkFailureStops)
{
	ans.fail_after = 0;
	Req r = request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP);
	EXPECT_EQ(run(&r, r.h.nlmsg_len), -ENOBUFS);
	EXPECT_TRUE(ans.grams.empty());
}

TEST_F(Rtnl, NotificationMessages)
{
	uint8_t buf[1024];
	size_t len = rtnl_link_msg(buf, sizeof(buf), RTM_DELLINK, 0, 0, 0, ~0u, &ifs[1]);
	ASSERT_GT(len, 0u);
	const auto *h = (const struct nlmsghdr *)buf;
	EXPECT_EQ(h->nlmsg_len, len);
	EXPECT_EQ(h->nlmsg_type, RTM_DELLINK);
	EXPECT_EQ(((const struct ifinfomsg *)NLMSG_DATA(h))->ifi_change, ~0u);
	EXPECT_EQ(rtnl_link_msg(buf, 40, RTM_NEWLINK, 0, 0, 0, 0, &ifs[1]), 0u); // too small

	len = rtnl_addr_msg(buf, sizeof(buf), RTM_NEWADDR, 0, 0, 0, &ifs[1], 1);
	ASSERT_GT(len, 0u);
	const auto *ifa = (const struct ifaddrmsg *)NLMSG_DATA(h);
	EXPECT_EQ(ifa->ifa_family, AF_INET6);
	EXPECT_EQ(ifa->ifa_index, 2u);
}

} // namespace
