/*
 * NETLINK_ROUTE sockets and the SIOCGIF* ioctls in the kernel, with the
 * fake interface provider (net/ifaces_fake.c: lo and eth0) registered for the test and NULL
 * again after it.  The socket's data goes through copy_from_user and
 * copy_to_user, so the tests use a small user address space, faulted in
 * beforehand, with interrupts off so it stays loaded.
 */
#include "arch/x86_64/cpu.h"
#include "ipc/socket.h"
#include "ktest/ktest.h"
#include "lib/kstring.h"
#include "mm/paging.h"
#include "mm/vm.h"
#include "net/ifaces.h"
#include "net/ifaces_fake.h"
#include "net/netlink.h"

#include <linux/errno.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/mman.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/uio.h>
#include <linux/poll.h>
#include <asm/ioctls.h>

#define UBASE 0x500000ULL
#define UPAGES 4
#define UREQ (UBASE)                 /* the request */
#define UBUF (UBASE + PAGE_SIZE)     /* the receive buffer, 2 pages */
#define UIFR (UBASE + 3 * PAGE_SIZE) /* a struct ifreq */

#define fake_provider net_ifaces_fake

struct uenv {
	struct mm *mm;
	uint64_t old_cr3;
	bool irq;
};

static bool uenv_enter(struct uenv *e)
{
	e->mm = mm_create();
	if (!e->mm)
		return false;
	uint64_t at;
	int code;
	if (mm_map(e->mm, UBASE, UPAGES * PAGE_SIZE, PROT_READ | PROT_WRITE, 0, true, &at))
		return false;
	for (int i = 0; i < UPAGES; i++)
		if (mm_fault(e->mm, UBASE + (uint64_t)i * PAGE_SIZE, true, false, &code))
			return false;
	e->irq = irq_save();
	e->old_cr3 = read_cr3();
	mm_activate(e->mm);
	return true;
}

static void uenv_leave(struct uenv *e)
{
	write_cr3(e->old_cr3);
	irq_restore(e->irq);
	mm_put(e->mm);
}

static long send_req(struct socket *s, uint16_t type, uint16_t flags, uint8_t family)
{
	struct {
		struct nlmsghdr h;
		struct rtgenmsg g;
	} req;
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.g));
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = flags;
	req.h.nlmsg_seq = 9;
	req.g.rtgen_family = family;
	memcpy((void *)UREQ, &req, sizeof(req));
	struct iovec iov = {(void *)UREQ, req.h.nlmsg_len};
	struct sockaddr_nl to = {.nl_family = CUB_AF_NETLINK};
	struct sock_msg m;
	memset(&m, 0, sizeof(m));
	m.iov = &iov;
	m.iovcnt = 1;
	m.len = iov.iov_len;
	m.name = &to;
	m.namelen = sizeof(to);
	return s->ops->sendmsg(s, &m, 0);
}

static long recv_gram(struct socket *s, size_t len, int flags, struct sockaddr_nl *from,
                      unsigned int *mflags)
{
	struct iovec iov = {(void *)UBUF, len};
	struct sock_msg m;
	memset(&m, 0, sizeof(m));
	m.iov = &iov;
	m.iovcnt = 1;
	m.len = len;
	m.name_out = from;
	long r = s->ops->recvmsg(s, &m, flags | CUB_MSG_DONTWAIT);
	if (mflags)
		*mflags = m.flags_out;
	return r;
}

/* Counts the messages of the datagram at UBUF by type. */
struct counts {
	int link, addr4, addr6, done, other, bad_pid;
	char names[2][IFNAMSIZ];
};

static void count(const void *buf, long len, uint32_t portid, struct counts *c)
{
	int left = (int)len;
	for (const struct nlmsghdr *h = buf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
		if (h->nlmsg_pid != portid || h->nlmsg_seq != 9)
			c->bad_pid++;
		if (h->nlmsg_type == NLMSG_DONE) {
			c->done++;
		} else if (h->nlmsg_type == RTM_NEWLINK) {
			const struct ifinfomsg *ifi = NLMSG_DATA(h);
			int alen = (int)IFLA_PAYLOAD(h);
			for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, alen); a = RTA_NEXT(a, alen))
				if (a->rta_type == IFLA_IFNAME && c->link < 2)
					memcpy(c->names[c->link], RTA_DATA(a), RTA_PAYLOAD(a) < IFNAMSIZ ? RTA_PAYLOAD(a) : IFNAMSIZ);
			c->link++;
		} else if (h->nlmsg_type == RTM_NEWADDR) {
			const struct ifaddrmsg *ifa = NLMSG_DATA(h);
			if (ifa->ifa_family == CUB_AF_INET)
				c->addr4++;
			else
				c->addr6++;
		} else {
			c->other++;
		}
	}
}

static struct socket *open_bound(struct ktest_ctx *ktest_ctx, uint32_t groups, uint32_t *portid)
{
	struct socket *s = 0;
	KEXPECT_EQ(netlink_create(CUB_SOCK_RAW, NETLINK_ROUTE, &s), 0);
	if (!s)
		return 0;
	struct sockaddr_nl sa = {.nl_family = CUB_AF_NETLINK, .nl_groups = groups};
	KEXPECT_EQ(s->ops->bind(s, &sa, sizeof(sa)), 0);
	struct sockaddr_nl got;
	memset(&got, 0, sizeof(got));
	KEXPECT_EQ(s->ops->getname(s, &got, false), (int)sizeof(got));
	KEXPECT_EQ(got.nl_family, CUB_AF_NETLINK);
	KEXPECT_NE(got.nl_pid, 0);
	KEXPECT_EQ(got.nl_groups, groups);
	*portid = got.nl_pid;
	return s;
}

KTEST(netlink, route_dump_from_the_provider)
{
	struct uenv e;
	KASSERT_EQ(uenv_enter(&e), true);
	net_ifaces_fn saved = net_ifaces_set_provider(fake_provider);
	uint32_t port = 0;
	struct socket *s = open_bound(ktest_ctx, 0, &port);
	if (s) {
		KEXPECT_EQ(send_req(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, CUB_AF_UNSPEC), 17);
		struct sockaddr_nl from;
		memset(&from, 0x55, sizeof(from));
		long n = recv_gram(s, 2 * PAGE_SIZE, 0, &from, 0);
		KEXPECT_GT(n, 0);
		KEXPECT_EQ(from.nl_family, CUB_AF_NETLINK);
		KEXPECT_EQ(from.nl_pid, 0);
		struct counts c;
		memset(&c, 0, sizeof(c));
		count((void *)UBUF, n, port, &c);
		KEXPECT_EQ(c.link, 2);
		KEXPECT_EQ(c.done, 1);
		KEXPECT_EQ(c.bad_pid, 0);
		KEXPECT_STREQ(c.names[0], "lo");
		KEXPECT_STREQ(c.names[1], "eth0");
		KEXPECT_EQ(recv_gram(s, 2 * PAGE_SIZE, 0, 0, 0), -EAGAIN);

		KEXPECT_EQ(send_req(s, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, CUB_AF_UNSPEC), 17);
		n = recv_gram(s, 2 * PAGE_SIZE, 0, 0, 0);
		memset(&c, 0, sizeof(c));
		count((void *)UBUF, n, port, &c);
		KEXPECT_EQ(c.addr4, 2);
		KEXPECT_EQ(c.addr6, 3);
		KEXPECT_EQ(c.done, 1);
		KEXPECT_EQ(c.other, 0);

		/* A short buffer: CUB_MSG_TRUNC, and with CUB_MSG_PEEK the datagram stays. */
		KEXPECT_EQ(send_req(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, CUB_AF_UNSPEC), 17);
		unsigned int fl = 0;
		KEXPECT_EQ(recv_gram(s, 16, CUB_MSG_PEEK, 0, &fl), 16);
		KEXPECT_NE(fl & CUB_MSG_TRUNC, 0);
		long full = recv_gram(s, 16, CUB_MSG_PEEK | CUB_MSG_TRUNC, 0, 0);
		KEXPECT_GT(full, 16);
		KEXPECT_EQ(recv_gram(s, 2 * PAGE_SIZE, 0, 0, 0), full);
		KEXPECT_EQ(s->ops->poll(s) & POLLIN, 0);
		s->ops->release(s);
	}
	net_ifaces_set_provider(saved);
	uenv_leave(&e);
}

KTEST(netlink, without_a_provider_a_dump_is_just_done)
{
	struct uenv e;
	KASSERT_EQ(uenv_enter(&e), true);
	net_ifaces_fn saved = net_ifaces_set_provider(0);
	uint32_t port = 0;
	struct socket *s = open_bound(ktest_ctx, 0, &port);
	if (s) {
		KEXPECT_EQ(send_req(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, CUB_AF_UNSPEC), 17);
		KEXPECT_NE(s->ops->poll(s) & POLLIN, 0);
		long n = recv_gram(s, PAGE_SIZE, 0, 0, 0);
		KEXPECT_EQ(n, (long)NLMSG_SPACE(sizeof(int)));
		struct counts c;
		memset(&c, 0, sizeof(c));
		count((void *)UBUF, n, port, &c);
		KEXPECT_EQ(c.done, 1);
		KEXPECT_EQ(c.link, 0);
		s->ops->release(s);
	}
	net_ifaces_set_provider(saved);
	uenv_leave(&e);
}

KTEST(netlink, link_notification_reaches_the_group)
{
	struct uenv e;
	KASSERT_EQ(uenv_enter(&e), true);
	net_ifaces_fn saved = net_ifaces_set_provider(fake_provider);
	uint32_t p1 = 0, p2 = 0;
	struct socket *in = open_bound(ktest_ctx, RTMGRP_LINK, &p1);
	struct socket *out = open_bound(ktest_ctx, RTMGRP_IPV4_IFADDR, &p2);
	if (in && out) {
		KEXPECT_NE(p1, p2);
		netlink_notify_link(2, IFF_UP);
		struct sockaddr_nl from;
		long n = recv_gram(in, PAGE_SIZE, 0, &from, 0);
		KEXPECT_GT(n, 0);
		const struct nlmsghdr *h = (const void *)UBUF;
		KEXPECT_EQ(h->nlmsg_type, RTM_NEWLINK);
		KEXPECT_EQ(h->nlmsg_pid, 0);
		KEXPECT_EQ(h->nlmsg_seq, 0);
		KEXPECT_EQ(((const struct ifinfomsg *)NLMSG_DATA(h))->ifi_index, 2);
		KEXPECT_EQ(((const struct ifinfomsg *)NLMSG_DATA(h))->ifi_change, IFF_UP);
		KEXPECT_EQ(from.nl_groups, RTMGRP_LINK);
		KEXPECT_EQ(recv_gram(out, PAGE_SIZE, 0, 0, 0), -EAGAIN);
		struct net_if_info ifs[2];
		KEXPECT_EQ(fake_provider(ifs, 2), 2);
		netlink_notify_addr(&ifs[1], -1, true);
		n = recv_gram(out, PAGE_SIZE, 0, 0, 0);
		KEXPECT_GT(n, 0);
		KEXPECT_EQ(h->nlmsg_type, RTM_DELADDR);
		KEXPECT_EQ(recv_gram(in, PAGE_SIZE, 0, 0, 0), -EAGAIN);
	}
	if (in)
		in->ops->release(in);
	if (out)
		out->ops->release(out);
	net_ifaces_set_provider(saved);
	uenv_leave(&e);
}

KTEST(netlink, protocols_and_types)
{
	struct socket *s = 0;
	KEXPECT_EQ(netlink_create(CUB_SOCK_RAW, 16 /* NETLINK_GENERIC */, &s), -EPROTONOSUPPORT);
	KEXPECT_EQ(netlink_create(CUB_SOCK_RAW, MAX_LINKS, &s), -EPROTONOSUPPORT);
	KEXPECT_EQ(netlink_create(CUB_SOCK_STREAM, NETLINK_ROUTE, &s), -ESOCKTNOSUPPORT);
	KEXPECT_EQ(netlink_create(CUB_SOCK_DGRAM, NETLINK_ROUTE, &s), 0);
	if (s) {
		struct sockaddr_nl bad = {.nl_family = CUB_AF_UNIX};
		KEXPECT_EQ(s->ops->bind(s, &bad, sizeof(bad)), -EINVAL);
		KEXPECT_EQ(s->ops->bind(s, &bad, 4), -EINVAL);
		s->ops->release(s);
	}
}

KTEST(netlink, siocgif_ioctls_on_a_socket)
{
	struct uenv e;
	KASSERT_EQ(uenv_enter(&e), true);
	net_ifaces_fn saved = net_ifaces_set_provider(fake_provider);
	struct socket *s = 0;
	KEXPECT_EQ(netlink_create(CUB_SOCK_RAW, NETLINK_ROUTE, &s), 0);
	if (s) {
		struct ifreq *r = (struct ifreq *)UIFR;
		long ret = 0;
		memset(r, 0, sizeof(*r));
		memcpy(r->ifr_name, "eth0", 5);
		KEXPECT_EQ(socket_ifioctl(s, SIOCGIFINDEX, UIFR, &ret), true);
		KEXPECT_EQ(ret, 0);
		KEXPECT_EQ(r->ifr_ifindex, 2);
		KEXPECT_EQ(socket_ifioctl(s, SIOCGIFMTU, UIFR, &ret), true);
		KEXPECT_EQ(r->ifr_mtu, 1500);
		KEXPECT_EQ(socket_ifioctl(s, SIOCGIFADDR, UIFR, &ret), true);
		KEXPECT_EQ(ret, -ENOTTY); /* not an CUB_AF_INET socket */
		memcpy(r->ifr_name, "eth7", 5);
		KEXPECT_EQ(socket_ifioctl(s, SIOCGIFFLAGS, UIFR, &ret), true);
		KEXPECT_EQ(ret, -ENODEV);
		KEXPECT_EQ(socket_ifioctl(s, SIOCSIFMTU, UIFR, &ret), true);
		KEXPECT_EQ(ret, -ENODEV); /* a kernel thread is privileged */
		KEXPECT_EQ(socket_ifioctl(s, FIONREAD, UIFR, &ret), false);

		/* SIOCGIFCONF: the length alone, then the entries. */
		struct ifconf *c = (struct ifconf *)(UBUF);
		c->ifc_len = 0;
		c->ifc_buf = 0;
		KEXPECT_EQ(socket_ifioctl(s, SIOCGIFCONF, UBUF, &ret), true);
		KEXPECT_EQ(ret, 0);
		KEXPECT_EQ(c->ifc_len, 2 * (int)sizeof(struct ifreq));
		c->ifc_len = 3 * (int)sizeof(struct ifreq);
		c->ifc_req = (struct ifreq *)(UBUF + 64);
		KEXPECT_EQ(socket_ifioctl(s, SIOCGIFCONF, UBUF, &ret), true);
		KEXPECT_EQ(ret, 0);
		KEXPECT_EQ(c->ifc_len, 2 * (int)sizeof(struct ifreq));
		KEXPECT_STREQ(c->ifc_req[1].ifr_name, "eth0");
		s->ops->release(s);
	}
	net_ifaces_set_provider(saved);
	uenv_leave(&e);
}

KTEST(netlink, overrun_memberships_and_errors)
{
	struct uenv e;
	KASSERT_EQ(uenv_enter(&e), true);
	net_ifaces_fn saved = net_ifaces_set_provider(fake_provider);
	uint32_t port = 0;
	struct socket *s = open_bound(ktest_ctx, 0, &port);
	if (s) {
		int *opt = (int *)UIFR;
		int *optlen = (int *)(UIFR + 64);
		/* SO_RCVBUF is doubled with a floor: 1 gives 2304 (SOCK_MIN_RCVBUF). */
		*opt = 1;
		KEXPECT_EQ(s->ops->setsockopt(s, SOL_SOCKET, SO_RCVBUF, opt, sizeof(int)), 0);
		*optlen = sizeof(int);
		KEXPECT_EQ(s->ops->getsockopt(s, SOL_SOCKET, SO_RCVBUF, opt, optlen), 0);
		KEXPECT_EQ(*opt, 2304);
		/* Dumps until the queue is over the buffer: the next answer is
		   dropped and the next recv says ENOBUFS (netlink_overrun). */
		for (int i = 0; i < 8; i++)
			send_req(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, CUB_AF_UNSPEC);
		KEXPECT_NE(s->ops->poll(s) & POLLERR, 0);
		KEXPECT_EQ(recv_gram(s, 2 * PAGE_SIZE, 0, 0, 0), -ENOBUFS);
		long n;
		int grams = 0;
		while ((n = recv_gram(s, 2 * PAGE_SIZE, 0, 0, 0)) > 0)
			grams++;
		KEXPECT_EQ(n, -EAGAIN);
		KEXPECT_GE(grams, 3);
		KEXPECT_LT(grams, 8);

		/* Memberships: setsockopt, getsockname, NETLINK_LIST_MEMBERSHIPS. */
		*opt = RTNLGRP_IPV6_IFADDR;
		KEXPECT_EQ(s->ops->setsockopt(s, CUB_SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, opt, sizeof(int)), 0);
		*opt = 0;
		KEXPECT_EQ(s->ops->setsockopt(s, CUB_SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, opt, sizeof(int)), -EINVAL);
		struct sockaddr_nl sa;
		KEXPECT_EQ(s->ops->getname(s, &sa, false), (int)sizeof(sa));
		KEXPECT_EQ(sa.nl_groups, RTMGRP_IPV6_IFADDR);
		*optlen = 8;
		KEXPECT_EQ(s->ops->getsockopt(s, CUB_SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, opt, optlen), 0);
		KEXPECT_EQ(opt[0], RTMGRP_IPV6_IFADDR);
		*opt = 1;
		KEXPECT_EQ(s->ops->setsockopt(s, CUB_SOL_NETLINK, NETLINK_EXT_ACK, opt, sizeof(int)), 0);
		*optlen = sizeof(int);
		KEXPECT_EQ(s->ops->getsockopt(s, CUB_SOL_NETLINK, NETLINK_EXT_ACK, opt, optlen), 0);
		KEXPECT_EQ(*opt, 1);

		/* An unknown type with NLM_F_ACK: one NLMSG_ERROR, EOPNOTSUPP. */
		*opt = 1 << 20;
		KEXPECT_EQ(s->ops->setsockopt(s, SOL_SOCKET, SO_RCVBUF, opt, sizeof(int)), 0);
		send_req(s, RTM_MAX + 1, NLM_F_REQUEST | NLM_F_ACK, CUB_AF_UNSPEC);
		n = recv_gram(s, PAGE_SIZE, 0, 0, 0);
		KEXPECT_GT(n, 0);
		const struct nlmsghdr *h = (const void *)UBUF;
		KEXPECT_EQ(h->nlmsg_type, NLMSG_ERROR);
		KEXPECT_EQ(h->nlmsg_pid, port);
		KEXPECT_EQ(((const struct nlmsgerr *)NLMSG_DATA(h))->error, -EOPNOTSUPP);
		s->ops->release(s);
	}
	net_ifaces_set_provider(saved);
	uenv_leave(&e);
}
