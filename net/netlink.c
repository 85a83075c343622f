/*
 * net/netlink.c - AF_NETLINK sockets, NETLINK_ROUTE only, after Linux's
 * net/netlink/af_netlink.c.
 *
 * A request sent to the kernel (nl_pid 0) is answered at once: net/rtnl.c
 * encodes the answer from the interface snapshot and every datagram it
 * emits is queued for the sender, one recv each (Linux's skbs).  A whole
 * dump is queued at once (the snapshot holds at most NET_IF_MAX
 * interfaces, so it is small) instead of being continued on each recv.
 * Root may also send to another netlink socket (a port id) or to a group,
 * as Linux allows with CAP_NET_ADMIN.
 */
#include "net/netlink.h"

#include "arch/x86_64/cpu.h"
#include "cred/cred.h"
#include "fs/poll.h"
#include "ipc/socket.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "net/ifaces.h"
#include "net/rtnl.h"
#include "proc/process.h"
#include "sched/sched.h"

#include <asm/socket.h>
#include <linux/errno.h>
#include <linux/netlink.h>
#include <linux/poll.h>
#include <linux/rtnetlink.h>
#include <linux/uio.h>

/* net.core.rmem_default / wmem_default, and the floors of net/core/sock.c. */
#define NL_BUF_DEFAULT 212992
#define NL_BUF_MAX 212992
#define NL_MIN_SNDBUF 4608
#define NL_MIN_RCVBUF 2304

_Static_assert(RTNLGRP_MAX <= 64, "the groups fit a uint64_t");

struct nl_msg {
	struct nl_msg *next;
	uint32_t len;
	uint32_t from;     /* the sender's port id, 0 for the kernel */
	uint32_t group;    /* the group it was sent to, 0 for unicast */
	uint8_t data[];
};

struct nl_sock {
	struct socket sock;
	struct nl_sock *next;   /* on all_socks */
	bool bound;
	uint32_t portid;
	uint64_t groups;        /* bit g-1 for group g */
	uint32_t dst_portid, dst_group;
	struct nl_msg *head, *tail;
	size_t qbytes;
	int rcvbuf, sndbuf;
	int err;                /* a pending error: ENOBUFS after an overrun */
	bool passcred, pktinfo, no_enobufs, cap_ack, ext_ack, strict_chk, broadcast_error;
	struct waitq wait;
};

static const struct socket_ops netlink_ops;
static struct nl_sock *all_socks;
static int32_t rover = -4097;

/* The caller: its pid and whether it is root.  A kernel thread (a
   ktest) has no process, has pid 0 and counts as privileged. */
static int caller_pid(void)
{
	struct process *p = process_current();
	return p ? p->pid : 0;
}

static bool caller_admin(void)
{
	struct process *p = process_current();
	return !p || cred_is_root(p->cred);
}

static struct nl_sock *nl_sk(struct socket *s)
{
	return (struct nl_sock *)s;
}

int netlink_create(int type, int protocol, struct socket **out)
{
	if (type != CUB_SOCK_RAW && type != CUB_SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol < 0 || protocol >= MAX_LINKS)
		return -EPROTONOSUPPORT;
	/* Linux tries to load a module for an unregistered protocol and then
	   says EPROTONOSUPPORT; only NETLINK_ROUTE is registered in cub. */
	if (protocol != NETLINK_ROUTE)
		return -EPROTONOSUPPORT;
	struct nl_sock *n = kzalloc(sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->sock.ops = &netlink_ops;
	n->sock.family = CUB_AF_NETLINK;
	n->sock.type = type;
	n->sock.protocol = protocol;
	n->sock.ino = socket_next_ino();
	n->rcvbuf = NL_BUF_DEFAULT;
	n->sndbuf = NL_BUF_DEFAULT;
	waitq_init(&n->wait);
	bool on = irq_save();
	n->next = all_socks;
	all_socks = n;
	irq_restore(on);
	*out = &n->sock;
	return 0;
}

static struct nl_sock *by_port(uint32_t portid)
{
	for (struct nl_sock *n = all_socks; n; n = n->next)
		if (n->bound && n->portid == portid)
			return n;
	return 0;
}

/* netlink_autobind: the process's pid first, then -4097, -4098, ... (Linux
   before 5.x; newer kernels start the negative search at a random place). */
static void autobind(struct nl_sock *n)
{
	if (n->bound)
		return;
	uint32_t id = (uint32_t)caller_pid();
	while (!id || by_port(id)) { /* port 0 is the kernel's */
		id = (uint32_t)rover--;
		if (rover > -4097) /* wrapped */
			rover = -4097;
	}
	n->portid = id;
	n->bound = true;
}

static void nl_wake(struct nl_sock *n)
{
	waitq_wake_all(&n->wait);
	poll_notify();
}

/* Queues a copy of data for n (interrupts off); -ENOBUFS, and the error
   left for the next recv, when n's receive buffer is full (Linux's
   netlink_overrun) unless force (the rest of an answer already begun). */
static int deliver(struct nl_sock *n, const void *data, size_t len, uint32_t from,
                   uint32_t group, bool force)
{
	if (!force && n->qbytes >= (size_t)n->rcvbuf) {
		if (!n->no_enobufs) {
			n->err = ENOBUFS;
			nl_wake(n);
		}
		return -ENOBUFS;
	}
	struct nl_msg *m = kmalloc(sizeof(*m) + len);
	if (!m)
		return -ENOMEM;
	m->next = 0;
	m->len = (uint32_t)len;
	m->from = from;
	m->group = group;
	memcpy(m->data, data, len);
	if (n->tail)
		n->tail->next = m;
	else
		n->head = m;
	n->tail = m;
	n->qbytes += len;
	nl_wake(n);
	return 0;
}

static int group_mask(uint32_t group)
{
	return group && group <= 32 ? (int)(1u << (group - 1)) : 0;
}

/* To every socket in group but skip (netlink_broadcast). */
static void broadcast(struct nl_sock *skip, const void *data, size_t len, uint32_t from,
                      uint32_t group)
{
	if (!group || group > 64)
		return;
	for (struct nl_sock *n = all_socks; n; n = n->next)
		if (n != skip && (n->groups & (1ull << (group - 1))))
			deliver(n, data, len, from, group, false);
}

/* rtnl.c's datagrams go to the asking socket. */
struct answer {
	struct nl_sock *to;
	bool started;
};

static int answer_emit(void *ctx, const void *data, size_t len)
{
	struct answer *a = ctx;
	int r = deliver(a->to, data, len, 0, 0, a->started);

	if (!r)
		a->started = true;
	return r;
}

static void kernel_receive(struct nl_sock *n, const void *req, size_t len)
{
	struct net_if_info *ifs = kmalloc(sizeof(*ifs) * NET_IF_MAX);
	uint8_t *scratch = kmalloc(RTNL_PART_MAX);

	if (ifs && scratch) {
		int count = net_ifaces_snapshot(ifs, NET_IF_MAX);
		struct rtnl_caller who = {n->portid, caller_admin(), n->cap_ack};
		struct answer a = {n, false};
		struct rtnl_sink sink = {scratch, RTNL_PART_MAX, answer_emit, &a, 0};
		bool on = irq_save();
		rtnl_handle(req, len, &who, ifs, count, &sink);
		irq_restore(on);
	}
	kfree(ifs);
	kfree(scratch);
}

static int read_addr(const void *addr, size_t len, struct sockaddr_nl *out)
{
	if (len < sizeof(*out))
		return -EINVAL;
	memcpy(out, addr, sizeof(*out));
	if (out->nl_family != CUB_AF_NETLINK)
		return -EINVAL;
	return 0;
}

static int nl_bind(struct socket *s, const void *addr, size_t len)
{
	struct nl_sock *n = nl_sk(s);
	struct sockaddr_nl sa;
	int r = read_addr(addr, len, &sa);

	if (r)
		return r;
	bool on = irq_save();
	if (n->bound && sa.nl_pid != n->portid) {
		r = -EINVAL;
	} else if (!n->bound && sa.nl_pid) {
		if (by_port(sa.nl_pid)) {
			r = -EADDRINUSE;
		} else {
			n->portid = sa.nl_pid;
			n->bound = true;
		}
	} else {
		autobind(n);
	}
	if (!r) /* rtnetlink lets anyone listen (NL_CFG_F_NONROOT_RECV) */
		n->groups = (n->groups & ~0xffffffffull) | sa.nl_groups;
	irq_restore(on);
	return r;
}

static int nl_connect(struct socket *s, const void *addr, size_t len)
{
	struct nl_sock *n = nl_sk(s);
	struct sockaddr_nl sa;

	if (len >= sizeof(cub_sa_family_t) && ((const struct sockaddr_nl *)addr)->nl_family ==
	                                           CUB_AF_UNSPEC) {
		n->dst_portid = n->dst_group = 0; /* disconnect */
		return 0;
	}
	int r = read_addr(addr, len, &sa);
	if (r)
		return r;
	if ((sa.nl_groups || sa.nl_pid) && !caller_admin()) /* no NL_CFG_F_NONROOT_SEND */
		return -EPERM;
	bool on = irq_save();
	autobind(n);
	n->dst_portid = sa.nl_pid;
	n->dst_group = sa.nl_groups ? (uint32_t)__builtin_ffs((int)sa.nl_groups) : 0;
	irq_restore(on);
	return 0;
}

static int nl_listen(struct socket *s, int backlog)
{
	(void)s;
	(void)backlog;
	return -EOPNOTSUPP;
}

static int nl_accept(struct socket *s, struct socket **out)
{
	(void)s;
	(void)out;
	return -EOPNOTSUPP;
}

static int nl_shutdown(struct socket *s, int how)
{
	(void)s;
	(void)how;
	return -EOPNOTSUPP;
}

static int nl_getname(struct socket *s, void *addr, bool peer)
{
	struct nl_sock *n = nl_sk(s);
	struct sockaddr_nl sa;

	memset(&sa, 0, sizeof(sa));
	sa.nl_family = CUB_AF_NETLINK;
	bool on = irq_save();
	if (peer) {
		sa.nl_pid = n->dst_portid;
		sa.nl_groups = (uint32_t)group_mask(n->dst_group);
	} else {
		sa.nl_pid = n->portid;
		sa.nl_groups = (uint32_t)n->groups;
	}
	irq_restore(on);
	memcpy(addr, &sa, sizeof(sa));
	return (int)sizeof(sa);
}

static int gather(const struct sock_msg *m, uint8_t *buf)
{
	size_t off = 0;

	for (int i = 0; i < m->iovcnt && off < m->len; i++) {
		size_t c = m->iov[i].iov_len;
		if (c > m->len - off)
			c = m->len - off;
		if (c && copy_from_user(buf + off, m->iov[i].iov_base, c))
			return -EFAULT;
		off += c;
	}
	return 0;
}

static long nl_sendmsg(struct socket *s, struct sock_msg *m, int flags)
{
	struct nl_sock *n = nl_sk(s);
	uint32_t dst_portid = n->dst_portid, dst_group = n->dst_group;

	(void)flags;
	if (m->name) {
		struct sockaddr_nl sa;
		int r = read_addr(m->name, m->namelen, &sa);
		if (r)
			return r;
		dst_portid = sa.nl_pid;
		dst_group = sa.nl_groups ? (uint32_t)__builtin_ffs((int)sa.nl_groups) : 0;
		/* rtnetlink has no NL_CFG_F_NONROOT_SEND */
		if ((dst_group || dst_portid) && !caller_admin())
			return -EPERM;
	}
	if (m->len > (size_t)n->sndbuf - 32)
		return -EMSGSIZE;
	uint8_t *buf = kmalloc(m->len ? m->len : 1);
	if (!buf)
		return -ENOBUFS;
	int r = gather(m, buf);
	if (r) {
		kfree(buf);
		return r;
	}
	bool on = irq_save();
	autobind(n);
	uint32_t me = n->portid;
	if (dst_group)
		broadcast(n, buf, m->len, me, dst_group);
	struct nl_sock *to = dst_portid ? by_port(dst_portid) : 0;
	if (dst_portid && !to)
		r = -ECONNREFUSED;
	else if (to)
		r = deliver(to, buf, m->len, me, 0, false);
	irq_restore(on);
	if (!r && !dst_portid)
		kernel_receive(n, buf, m->len);
	kfree(buf);
	return r ? r : (long)m->len;
}

static long nl_recvmsg(struct socket *s, struct sock_msg *m, int flags)
{
	struct nl_sock *n = nl_sk(s);
	long r = 0;

	if (flags & CUB_MSG_OOB)
		return -EOPNOTSUPP;
	bool on = irq_save();
	struct nl_msg *msg;
	for (;;) {
		if (n->err) { /* sock_error comes first, as skb_recv_datagram */
			r = -n->err;
			n->err = 0;
			break;
		}
		if ((msg = n->head))
			break;
		if ((r = socket_wait(s, &n->wait, (flags & CUB_MSG_DONTWAIT) != 0)))
			break;
	}
	if (r) {
		irq_restore(on);
		return r;
	}
	bool peek = (flags & CUB_MSG_PEEK) != 0;
	if (!peek) {
		n->head = msg->next;
		if (!n->head)
			n->tail = 0;
		n->qbytes -= msg->len;
	}

	size_t want = msg->len < m->len ? msg->len : m->len, off = 0;
	for (int i = 0; i < m->iovcnt && off < want && !r; i++) {
		size_t c = m->iov[i].iov_len;
		if (c > want - off)
			c = want - off;
		if (c && copy_to_user(m->iov[i].iov_base, msg->data + off, c))
			r = -EFAULT;
		off += c;
	}
	if (!r) {
		if (msg->len > m->len)
			m->flags_out |= CUB_MSG_TRUNC;
		if (m->name_out) {
			struct sockaddr_nl sa;
			memset(&sa, 0, sizeof(sa));
			sa.nl_family = CUB_AF_NETLINK;
			sa.nl_pid = msg->from;
			sa.nl_groups = (uint32_t)group_mask(msg->group);
			memcpy(m->name_out, &sa, sizeof(sa));
			m->name_outlen = sizeof(sa);
		}
		m->controllen = 0;
		r = (flags & CUB_MSG_TRUNC) ? (long)msg->len : (long)want;
	}
	if (!peek)
		kfree(msg);
	irq_restore(on);
	return r;
}

static int get_int(const void *val, unsigned int len, int *v)
{
	if (len < sizeof(int))
		return -EINVAL;
	return copy_from_user(v, val, sizeof(*v)) ? -EFAULT : 0;
}

static int nl_setsockopt(struct socket *s, int level, int name, const void *val, unsigned int len)
{
	struct nl_sock *n = nl_sk(s);
	int v, r;

	if (level == SOL_SOCKET) {
		switch (name) {
		case SO_PASSCRED: case SO_SNDBUF: case SO_RCVBUF: case SO_REUSEADDR:
		case SO_ATTACH_FILTER: case SO_DETACH_FILTER:
			break;
		default:
			return -ENOPROTOOPT;
		}
		if ((r = get_int(val, len, &v)))
			return r;
		uint32_t b = (uint32_t)v < NL_BUF_MAX ? (uint32_t)v : NL_BUF_MAX;
		bool on = irq_save();
		if (name == SO_PASSCRED)
			n->passcred = v != 0;
		else if (name == SO_SNDBUF)
			n->sndbuf = (int)(b * 2 > NL_MIN_SNDBUF ? b * 2 : NL_MIN_SNDBUF);
		else if (name == SO_RCVBUF)
			n->rcvbuf = (int)(b * 2 > NL_MIN_RCVBUF ? b * 2 : NL_MIN_RCVBUF);
		irq_restore(on);
		return 0; /* filters are accepted and not applied */
	}
	if (level != CUB_SOL_NETLINK)
		return -ENOPROTOOPT;
	if ((r = get_int(val, len, &v)))
		return r;
	bool *flag = 0;
	switch (name) {
	case NETLINK_ADD_MEMBERSHIP:
	case NETLINK_DROP_MEMBERSHIP:
		if (v <= 0 || v > RTNLGRP_MAX)
			return -EINVAL;
		if (name == NETLINK_ADD_MEMBERSHIP)
			n->groups |= 1ull << (v - 1);
		else
			n->groups &= ~(1ull << (v - 1));
		return 0;
	case NETLINK_PKTINFO: flag = &n->pktinfo; break;
	case NETLINK_BROADCAST_ERROR: flag = &n->broadcast_error; break;
	case NETLINK_NO_ENOBUFS: flag = &n->no_enobufs; break;
	case NETLINK_CAP_ACK: flag = &n->cap_ack; break;
	case NETLINK_EXT_ACK: flag = &n->ext_ack; break;
	case NETLINK_GET_STRICT_CHK: flag = &n->strict_chk; break;
	case NETLINK_LISTEN_ALL_NSID: return 0;
	default:
		return -ENOPROTOOPT;
	}
	*flag = v != 0;
	return 0;
}

static int nl_getsockopt(struct socket *s, int level, int name, void *uval, int *ulen)
{
	struct nl_sock *n = nl_sk(s);
	int len, v;

	if (copy_from_user(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (level == SOL_SOCKET) {
		bool on = irq_save();
		switch (name) {
		case SO_TYPE: v = s->type; break;
		case SO_DOMAIN: v = s->family; break;
		case SO_PROTOCOL: v = s->protocol; break;
		case SO_ERROR: v = n->err; n->err = 0; break;
		case SO_SNDBUF: v = n->sndbuf; break;
		case SO_RCVBUF: v = n->rcvbuf; break;
		case SO_PASSCRED: v = n->passcred; break;
		case SO_REUSEADDR: v = 0; break;
		default:
			irq_restore(on);
			return -ENOPROTOOPT;
		}
		irq_restore(on);
		return socket_put_opt(uval, ulen, len, &v, (int)sizeof(v));
	}
	if (level != CUB_SOL_NETLINK)
		return -ENOPROTOOPT;
	if (name == NETLINK_LIST_MEMBERSHIPS) { /* the group bitmap, u32 words */
		uint32_t words[2] = {(uint32_t)n->groups, (uint32_t)(n->groups >> 32)};
		int need = (int)sizeof(words);
		int r = len ? socket_put_opt(uval, ulen, len, words, need) : 0;
		if (!r && copy_to_user(ulen, &need, sizeof(need)))
			r = -EFAULT;
		return r;
	}
	switch (name) {
	case NETLINK_PKTINFO: v = n->pktinfo; break;
	case NETLINK_BROADCAST_ERROR: v = n->broadcast_error; break;
	case NETLINK_NO_ENOBUFS: v = n->no_enobufs; break;
	case NETLINK_CAP_ACK: v = n->cap_ack; break;
	case NETLINK_EXT_ACK: v = n->ext_ack; break;
	case NETLINK_GET_STRICT_CHK: v = n->strict_chk; break;
	default:
		return -ENOPROTOOPT;
	}
	if (len < (int)sizeof(int))
		return -EINVAL;
	return socket_put_opt(uval, ulen, len, &v, (int)sizeof(v));
}

static unsigned int nl_poll(struct socket *s)
{
	struct nl_sock *n = nl_sk(s);
	unsigned int ev = POLLOUT | POLLWRNORM | POLLWRBAND;

	if (n->head)
		ev |= POLLIN | POLLRDNORM;
	if (n->err)
		ev |= POLLERR;
	return ev;
}

static void nl_release(struct socket *s)
{
	struct nl_sock *n = nl_sk(s);
	bool on = irq_save();

	for (struct nl_sock **p = &all_socks; *p; p = &(*p)->next)
		if (*p == n) {
			*p = n->next;
			break;
		}
	irq_restore(on);
	while (n->head) {
		struct nl_msg *m = n->head;
		n->head = m->next;
		kfree(m);
	}
	kfree(n);
}

static const struct socket_ops netlink_ops = {
	.bind = nl_bind,
	.connect = nl_connect,
	.listen = nl_listen,
	.accept = nl_accept,
	.getname = nl_getname,
	.sendmsg = nl_sendmsg,
	.recvmsg = nl_recvmsg,
	.shutdown = nl_shutdown,
	.setsockopt = nl_setsockopt,
	.getsockopt = nl_getsockopt,
	.poll = nl_poll,
	.release = nl_release,
};

/* Notifications: seq 0, pid 0, to the group's sockets. */
static void notify(const void *msg, size_t len, uint32_t group)
{
	if (!len)
		return;
	bool on = irq_save();
	broadcast(0, msg, len, 0, group);
	irq_restore(on);
}

void netlink_notify_link_info(const struct net_if_info *ifi, bool gone, unsigned int change)
{
	uint8_t *buf = kmalloc(RTNL_PART_MAX);

	if (!buf)
		return;
	notify(buf, rtnl_link_msg(buf, RTNL_PART_MAX, gone ? RTM_DELLINK : RTM_NEWLINK, 0, 0, 0,
	                          change, ifi), RTNLGRP_LINK);
	kfree(buf);
}

void netlink_notify_link(int index, unsigned int change)
{
	struct net_if_info *ifs = kmalloc(sizeof(*ifs) * NET_IF_MAX);

	if (!ifs)
		return;
	int count = net_ifaces_snapshot(ifs, NET_IF_MAX);
	for (int i = 0; i < count; i++)
		if (ifs[i].index == index)
			netlink_notify_link_info(&ifs[i], false, change);
	kfree(ifs);
}

void netlink_notify_addr(const struct net_if_info *ifi, int v6, bool gone)
{
	uint8_t *buf = kmalloc(RTNL_PART_MAX);

	if (!buf)
		return;
	notify(buf, rtnl_addr_msg(buf, RTNL_PART_MAX, gone ? RTM_DELADDR : RTM_NEWADDR, 0, 0, 0,
	                          ifi, v6), v6 < 0 ? RTNLGRP_IPV4_IFADDR : RTNLGRP_IPV6_IFADDR);
	kfree(buf);
}
