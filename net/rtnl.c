/*
 * net/rtnl.c - NETLINK_ROUTE requests answered from an interface
 * snapshot, message for message as Linux's net/netlink/af_netlink.c
 * (netlink_rcv_skb, netlink_ack, netlink_dump) and net/core/rtnetlink.c
 * (rtnetlink_rcv_msg, rtnl_fill_ifinfo), net/ipv4/devinet.c
 * (inet_fill_ifaddr) and net/ipv6/addrconf.c (inet6_fill_ifaddr).
 */
#include "net/rtnl.h"

#include "ipc/socket_abi.h"
#include "lib/kstring.h"

#include <linux/errno.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/* Linux's INFINITY_LIFE_TIME (include/net/addrconf.h): a permanent
   address's preferred and valid lifetimes. */
#define RTNL_LIFE_INFINITE 0xFFFFFFFFu

/* A message being built in buf[0..cap). */
struct nlb {
	uint8_t *buf;
	size_t cap, len;
	bool full;
};

static void *nlb_put(struct nlb *b, size_t n)
{
	size_t a = NLMSG_ALIGN(n);

	if (b->full || b->len + a > b->cap) {
		b->full = true;
		return 0;
	}
	void *p = b->buf + b->len;
	memset(p, 0, a);
	b->len += a;
	return p;
}

static void nlb_attr(struct nlb *b, uint16_t type, const void *data, size_t n)
{
	struct rtattr *rta = nlb_put(b, RTA_LENGTH(n));

	if (!rta)
		return;
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(n);
	memcpy(RTA_DATA(rta), data, n);
}

static void nlb_u32(struct nlb *b, uint16_t type, uint32_t v)
{
	nlb_attr(b, type, &v, sizeof(v));
}

static void nlb_u8(struct nlb *b, uint16_t type, uint8_t v)
{
	nlb_attr(b, type, &v, sizeof(v));
}

static struct nlmsghdr *nlb_hdr(struct nlb *b, uint16_t type, uint16_t flags, uint32_t seq,
                                uint32_t portid)
{
	struct nlmsghdr *h = nlb_put(b, NLMSG_HDRLEN);

	if (h) {
		h->nlmsg_type = type;
		h->nlmsg_flags = flags;
		h->nlmsg_seq = seq;
		h->nlmsg_pid = portid;
	}
	return h;
}

static size_t nlb_end(struct nlb *b, size_t start)
{
	if (b->full)
		return 0;
	((struct nlmsghdr *)(b->buf + start))->nlmsg_len = (uint32_t)(b->len - start);
	return b->len - start;
}

/* IFLA_OPERSTATE as Linux shows it: lo (no carrier notion) UNKNOWN, a
   card UP with carrier (IFF_RUNNING), DOWN without. */
static uint8_t operstate(const struct net_if_info *ifi)
{
	if (ifi->flags & IFF_LOOPBACK)
		return IF_OPER_UNKNOWN;
	return (ifi->flags & IFF_RUNNING) ? IF_OPER_UP : IF_OPER_DOWN;
}

static void link_body(struct nlb *b, unsigned int change, const struct net_if_info *ifi)
{
	struct ifinfomsg *m = nlb_put(b, sizeof(*m));

	if (!m)
		return;
	m->ifi_family = CUB_AF_UNSPEC;
	m->ifi_type = ifi->type;
	m->ifi_index = ifi->index;
	m->ifi_flags = ifi->flags;
	m->ifi_change = change;
	/* rtnl_fill_ifinfo's order. */
	nlb_attr(b, IFLA_IFNAME, ifi->name, strnlen(ifi->name, NET_IFNAMSIZ - 1) + 1);
	nlb_u32(b, IFLA_TXQLEN, RTNL_TXQLEN);
	nlb_u8(b, IFLA_OPERSTATE, operstate(ifi));
	nlb_u8(b, IFLA_LINKMODE, 0);
	nlb_u32(b, IFLA_MTU, ifi->mtu);
	nlb_attr(b, IFLA_ADDRESS, ifi->hwaddr, NET_HWADDR_MAX);
	nlb_attr(b, IFLA_BROADCAST, ifi->hwbroadcast, NET_HWADDR_MAX);

	struct rtnl_link_stats64 s64;
	memset(&s64, 0, sizeof(s64));
	s64.rx_packets = ifi->rx_packets;
	s64.tx_packets = ifi->tx_packets;
	s64.rx_bytes = ifi->rx_bytes;
	s64.tx_bytes = ifi->tx_bytes;
	s64.rx_dropped = ifi->rx_dropped;
	s64.tx_dropped = ifi->tx_dropped;
	nlb_attr(b, IFLA_STATS64, &s64, sizeof(s64));
	/* IFLA_STATS: the same counters cut to 32 bits, as copy_rtnl_link_stats. */
	struct rtnl_link_stats s32;
	memset(&s32, 0, sizeof(s32));
	s32.rx_packets = (uint32_t)ifi->rx_packets;
	s32.tx_packets = (uint32_t)ifi->tx_packets;
	s32.rx_bytes = (uint32_t)ifi->rx_bytes;
	s32.tx_bytes = (uint32_t)ifi->tx_bytes;
	s32.rx_dropped = (uint32_t)ifi->rx_dropped;
	s32.tx_dropped = (uint32_t)ifi->tx_dropped;
	nlb_attr(b, IFLA_STATS, &s32, sizeof(s32));
}

size_t rtnl_link_msg(void *buf, size_t cap, uint16_t type, uint16_t flags, uint32_t seq,
                     uint32_t portid, unsigned int change, const struct net_if_info *ifi)
{
	struct nlb b = {buf, cap, 0, false};

	nlb_hdr(&b, type, flags, seq, portid);
	link_body(&b, change, ifi);
	return nlb_end(&b, 0);
}

static uint8_t v4_prefixlen(uint32_t netmask_be)
{
	uint8_t *p = (uint8_t *)&netmask_be;
	uint8_t n = 0;

	for (int i = 0; i < 4; i++)
		for (int bit = 7; bit >= 0; bit--)
			if (p[i] & (1u << bit))
				n++;
	return n;
}

static void cacheinfo(struct nlb *b)
{
	struct ifa_cacheinfo ci;

	memset(&ci, 0, sizeof(ci));
	ci.ifa_prefered = RTNL_LIFE_INFINITE;
	ci.ifa_valid = RTNL_LIFE_INFINITE;
	nlb_attr(b, IFA_CACHEINFO, &ci, sizeof(ci));
}

static void addr_body(struct nlb *b, const struct net_if_info *ifi, int v6)
{
	struct ifaddrmsg *m = nlb_put(b, sizeof(*m));

	if (!m)
		return;
	m->ifa_index = (uint32_t)ifi->index;
	if (v6 < 0) {
		/* inet_fill_ifaddr: a static address is permanent; 127/8 on lo
		   has host scope. */
		uint32_t flags = IFA_F_PERMANENT;
		m->ifa_family = CUB_AF_INET;
		m->ifa_prefixlen = v4_prefixlen(ifi->netmask);
		m->ifa_flags = (uint8_t)flags;
		m->ifa_scope = (ifi->flags & IFF_LOOPBACK) ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
		nlb_attr(b, IFA_ADDRESS, &ifi->ipv4, 4);
		nlb_attr(b, IFA_LOCAL, &ifi->ipv4, 4);
		if (ifi->broadcast)
			nlb_attr(b, IFA_BROADCAST, &ifi->broadcast, 4);
		nlb_attr(b, IFA_LABEL, ifi->name, strnlen(ifi->name, NET_IFNAMSIZ - 1) + 1);
		nlb_u32(b, IFA_FLAGS, flags);
		cacheinfo(b);
	} else {
		const struct net_if_ipv6 *a = &ifi->ipv6[v6];
		m->ifa_family = CUB_AF_INET6;
		m->ifa_prefixlen = a->prefixlen;
		m->ifa_flags = (uint8_t)a->flags;
		m->ifa_scope = a->scope;
		nlb_attr(b, IFA_ADDRESS, a->addr, 16);
		cacheinfo(b);
		nlb_u32(b, IFA_FLAGS, a->flags);
	}
}

size_t rtnl_addr_msg(void *buf, size_t cap, uint16_t type, uint16_t flags, uint32_t seq,
                     uint32_t portid, const struct net_if_info *ifi, int v6)
{
	struct nlb b = {buf, cap, 0, false};

	nlb_hdr(&b, type, flags, seq, portid);
	addr_body(&b, ifi, v6);
	return nlb_end(&b, 0);
}

/* Hands a datagram over; the first failure is kept in sink->err and
   stops the rest. */
static int emit(struct rtnl_sink *sink, const void *data, size_t len)
{
	if (!sink->err)
		sink->err = sink->emit(sink->ctx, data, len);
	return sink->err;
}

/* A dump being answered: messages are packed into datagrams of at most
   RTNL_PART_MAX bytes, and NLMSG_DONE goes into the last one when it
   fits (netlink_dump). */
struct dump {
	struct rtnl_sink *sink;
	const struct nlmsghdr *req;
	uint32_t portid;
	size_t limit, len;
	int err;
};

static void dump_flush(struct dump *d)
{
	if (d->len && !d->err)
		d->err = emit(d->sink, d->sink->buf, d->len);
	d->len = 0;
}

static void dump_link(struct dump *d, const struct net_if_info *ifi)
{
	for (int tries = 0; tries < 2 && !d->err; tries++) {
		size_t n = rtnl_link_msg(d->sink->buf + d->len, d->limit - d->len, RTM_NEWLINK,
		                         NLM_F_MULTI, d->req->nlmsg_seq, d->portid, 0, ifi);
		if (n) {
			d->len += n;
			return;
		}
		dump_flush(d);
	}
}

static void dump_addr(struct dump *d, const struct net_if_info *ifi, int v6)
{
	for (int tries = 0; tries < 2 && !d->err; tries++) {
		size_t n = rtnl_addr_msg(d->sink->buf + d->len, d->limit - d->len, RTM_NEWADDR,
		                         NLM_F_MULTI, d->req->nlmsg_seq, d->portid, ifi, v6);
		if (n) {
			d->len += n;
			return;
		}
		dump_flush(d);
	}
}

static void dump_done(struct dump *d)
{
	for (int tries = 0; tries < 2 && !d->err; tries++) {
		struct nlb b = {d->sink->buf + d->len, d->limit - d->len, 0, false};
		nlb_hdr(&b, NLMSG_DONE, NLM_F_MULTI, d->req->nlmsg_seq, d->portid);
		int *e = nlb_put(&b, sizeof(int));
		if (e)
			*e = 0;
		size_t n = nlb_end(&b, 0);
		if (n) {
			d->len += n;
			break;
		}
		dump_flush(d);
	}
	dump_flush(d);
}

static int dump(const struct nlmsghdr *h, const struct rtnl_caller *who,
                const struct net_if_info *ifs, int n, struct rtnl_sink *sink)
{
	struct dump d = {sink, h, who->portid, sink->cap < RTNL_PART_MAX ? sink->cap : RTNL_PART_MAX,
	                 0, 0};

	uint8_t family = ((const struct rtgenmsg *)NLMSG_DATA(h))->rtgen_family;

	switch (h->nlmsg_type) {
	case RTM_GETLINK: /* rtnl_dump_ifinfo, for every family */
		for (int i = 0; i < n; i++)
			dump_link(&d, &ifs[i]);
		break;
	case RTM_GETADDR: /* rtnl_dump_all: AF_INET's dump, then AF_INET6's */
		if (family == CUB_AF_UNSPEC || family == CUB_AF_INET)
			for (int i = 0; i < n; i++)
				if (ifs[i].has_ipv4)
					dump_addr(&d, &ifs[i], -1);
		if (family == CUB_AF_UNSPEC || family == CUB_AF_INET6)
			for (int i = 0; i < n; i++)
				for (int k = 0; k < ifs[i].n_ipv6 && k < NET_IF_IPV6_MAX; k++)
					dump_addr(&d, &ifs[i], k);
		break;
	default:
		/* Routes, neighbours, rules, qdiscs, ...: Linux has a dumper for
		   them and cub has none of them yet, so the dump is empty. */
		break;
	}
	dump_done(&d);
	return -EINTR; /* answered, no ack (netlink_dump_start) */
}

/* rtnl_getlink: by ifi_index, else by IFLA_IFNAME. */
static int getlink(const struct nlmsghdr *h, const struct rtnl_caller *who,
                   const struct net_if_info *ifs, int n, struct rtnl_sink *sink)
{
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
		return -EINVAL;
	const struct ifinfomsg *m = NLMSG_DATA(h);
	const struct net_if_info *found = 0;
	if (m->ifi_index > 0) {
		for (int i = 0; i < n; i++)
			if (ifs[i].index == m->ifi_index)
				found = &ifs[i];
	} else {
		const char *name = 0;
		size_t namelen = 0;
		int left = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
		const struct rtattr *a = (const struct rtattr *)((const uint8_t *)m + NLMSG_ALIGN(sizeof(*m)));
		for (; RTA_OK(a, left); a = RTA_NEXT(a, left))
			if (a->rta_type == IFLA_IFNAME) {
				name = RTA_DATA(a);
				namelen = RTA_PAYLOAD(a);
			}
		if (!name)
			return -EINVAL;
		for (int i = 0; i < n; i++)
			if (strnlen(name, namelen) == strnlen(ifs[i].name, NET_IFNAMSIZ) &&
			    !memcmp(name, ifs[i].name, strnlen(name, namelen)))
				found = &ifs[i];
	}
	if (!found)
		return -ENODEV;
	size_t len = rtnl_link_msg(sink->buf, sink->cap, RTM_NEWLINK, 0, h->nlmsg_seq, who->portid,
	                           0, found);
	if (!len)
		return -EMSGSIZE;
	emit(sink, sink->buf, len);
	return 0; /* rtnl_unicast's 0: an ack follows when asked */
}

/* netlink_ack: NLMSG_ERROR with the error and the request's header (and,
   for an error, the whole request unless NETLINK_CAP_ACK). */
static int ack(const struct nlmsghdr *h, int err, const struct rtnl_caller *who,
               struct rtnl_sink *sink)
{
	uint16_t flags = 0;
	size_t payload = sizeof(struct nlmsgerr);
	size_t extra = 0;

	if (err && !who->cap_ack)
		extra = h->nlmsg_len - NLMSG_HDRLEN;
	else
		flags |= NLM_F_CAPPED;
	if (NLMSG_SPACE(payload + extra) > sink->cap) {
		extra = 0;
		flags |= NLM_F_CAPPED;
	}
	struct nlb b = {sink->buf, sink->cap, 0, false};
	nlb_hdr(&b, NLMSG_ERROR, flags, h->nlmsg_seq, who->portid);
	struct nlmsgerr *e = nlb_put(&b, payload + extra);
	if (!e)
		return -EMSGSIZE;
	e->error = err;
	memcpy(&e->msg, h, sizeof(*h));
	if (extra)
		memcpy(e + 1, (const uint8_t *)h + NLMSG_HDRLEN, extra);
	/* nlmsg_end: the length includes the padding of the copied request. */
	return emit(sink, sink->buf, nlb_end(&b, 0));
}

/* rtnetlink_rcv_msg: 0 done (ack only when asked), -EINTR answered, else
   the error to report. */
static int one(const struct nlmsghdr *h, const struct rtnl_caller *who,
               const struct net_if_info *ifs, int n, struct rtnl_sink *sink)
{
	if (h->nlmsg_type > RTM_MAX)
		return -EOPNOTSUPP;
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtgenmsg)))
		return 0;
	int kind = (h->nlmsg_type - RTM_BASE) & 3;
	if (kind != 2 && !who->net_admin)
		return -EPERM;
	if (kind == 2 && (h->nlmsg_flags & NLM_F_DUMP)) /* either bit, as Linux */
		return dump(h, who, ifs, n, sink);
	if (h->nlmsg_type == RTM_GETLINK)
		return getlink(h, who, ifs, n, sink);
	/* Changes, and lookups cub has no answer for (cub cannot
	   configure interfaces through netlink yet). */
	return -EOPNOTSUPP;
}

int rtnl_handle(const void *req, size_t len, const struct rtnl_caller *who,
                const struct net_if_info *ifs, int n, struct rtnl_sink *sink)
{
	const uint8_t *p = req;

	sink->err = 0;
	/* netlink_rcv_skb */
	while (len >= NLMSG_HDRLEN) {
		struct nlmsghdr h;
		memcpy(&h, p, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || len < h.nlmsg_len)
			return 0;
		const struct nlmsghdr *m = (const struct nlmsghdr *)p; /* 4-aligned */
		int err = 0;
		/* Only requests are handled; control messages are skipped. */
		if ((h.nlmsg_flags & NLM_F_REQUEST) && h.nlmsg_type >= NLMSG_MIN_TYPE)
			err = one(m, who, ifs, n, sink);
		if (sink->err)
			return sink->err;
		if (err != -EINTR && ((h.nlmsg_flags & NLM_F_ACK) || err))
			ack(m, err, who, sink);
		if (sink->err)
			return sink->err;
		size_t step = NLMSG_ALIGN(h.nlmsg_len);
		if (step > len)
			step = len;
		p += step;
		len -= step;
	}
	return 0;
}
