/*
 * udp.c - SOCK_DGRAM on lwIP's raw UDP API.
 *
 * The receive callback queues each datagram (its pbuf and source) on the
 * socket, dropping it when the queue holds SO_RCVBUF bytes already.
 * lwIP does not hand ICMP errors to UDP PCBs, so the one Linux reports
 * on a connected socket that programs rely on, ECONNREFUSED from a port
 * unreachable, is found at send time for destinations on this host: no
 * UDP PCB there means the reply would be a port unreachable.
 */
#include "net/inet/inet.h"

#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

#include "lwip/ip.h"
#include "lwip/tcpip.h"
#include "lwip/udp.h"

#include <linux/errno.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/poll.h>

/* The largest UDP payload over IPv4 (65535 - 20 - 8), as Linux checks. */
#define UDP_MAX_PAYLOAD 65507

static void recv_cb(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
	struct inet_sock *is = arg;

	(void)pcb;
	if (!is || is->rd_shut || is->rx_len + p->tot_len > (size_t)is->rcvbuf) {
		pbuf_free(p);
		return;
	}
	struct inet_dgram *d = kmalloc(sizeof(*d));
	if (!d) {
		pbuf_free(p);
		return;
	}
	d->next = 0;
	d->p = p;
	ip_addr_copy(d->addr, *addr);
	d->port = port;
	ip_addr_copy(d->dst, *ip_current_dest_addr());
	d->ifindex = ip_current_input_netif() ? netif_get_index(ip_current_input_netif()) : 0;
	if (is->dq_tail)
		is->dq_tail->next = d;
	else
		is->dq = d;
	is->dq_tail = d;
	is->rx_len += p->tot_len;
	inet_wake(is);
}

int inet_udp_init(struct inet_sock *is)
{
	struct udp_pcb *pcb = udp_new_ip_type(is->sock.family == CUB_AF_INET ? IPADDR_TYPE_V4 : IPADDR_TYPE_ANY);

	if (!pcb)
		return -ENOBUFS;
	is->pcb.udp = pcb;
	is->state = INET_NEW;
	udp_recv(pcb, recv_cb, is);
	return 0;
}

static void keep_name(struct inet_sock *is)
{
	ip_addr_copy(is->laddr, is->pcb.udp->local_ip);
	is->lport = is->pcb.udp->local_port;
}

static void apply_opts(struct inet_sock *is)
{
	struct udp_pcb *pcb = is->pcb.udp;

	if (is->reuseaddr)
		ip_set_option(pcb, SOF_REUSEADDR);
	else
		ip_reset_option(pcb, SOF_REUSEADDR);
	if (is->broadcast)
		ip_set_option(pcb, SOF_BROADCAST);
	else
		ip_reset_option(pcb, SOF_BROADCAST);
}

int inet_udp_bind(struct inet_sock *is, const ip_addr_t *ip, uint16_t port)
{
	if (!inet_addr_local(ip))
		return -EADDRNOTAVAIL;
	if (ip_addr_isany(ip))
		ip = inet_addr_any(is);
	apply_opts(is);
	err_t e = udp_bind(is->pcb.udp, ip, port);
	if (e != ERR_OK)
		return e == ERR_USE ? -EADDRINUSE : -inet_errno(e);
	is->bound = true;
	keep_name(is);
	return 0;
}

/* Binds an unbound socket to the wildcard and a free port, as Linux's
   autobind does before a send or a connect. */
static int autobind(struct inet_sock *is)
{
	if (is->bound)
		return 0;
	apply_opts(is);
	err_t e = udp_bind(is->pcb.udp, inet_addr_any(is), 0);
	if (e != ERR_OK)
		return -EAGAIN;
	is->bound = true;
	keep_name(is);
	return 0;
}

int inet_udp_connect(struct inet_sock *is, const void *addr, size_t len)
{
	ip_addr_t ip;
	uint16_t port;
	int r = 0;

	if (inet_addr_unspec(addr, len)) {
		LOCK_TCPIP_CORE();
		udp_disconnect(is->pcb.udp);
		if (is->state == INET_CONNECTED)
			is->state = INET_NEW;
		/* Linux keeps the port but forgets an address it picked. */
		if (is->bound) {
			ip_addr_copy(is->pcb.udp->local_ip, *inet_addr_any(is));
			keep_name(is);
		}
		UNLOCK_TCPIP_CORE();
		return 0;
	}
	if ((r = inet_addr_from(is, addr, len, &ip, &port)))
		return r;
	LOCK_TCPIP_CORE();
	if (ip_addr_isany(&ip))
		ip_addr_set_loopback(!IP_IS_V4(&ip), &ip);
	if (!(r = autobind(is))) {
		err_t e = udp_connect(is->pcb.udp, &ip, port);
		if (e != ERR_OK) {
			r = -inet_errno(e);
		} else {
			/* Linux fixes the source address at connect. */
			struct udp_pcb *pcb = is->pcb.udp;
			if (ip_addr_isany(&pcb->local_ip)) {
				struct netif *n = ip_route(&pcb->local_ip, &ip);
				const ip_addr_t *src = n ? ip_netif_get_local_ip(n, &ip) : 0;
				if (src)
					ip_addr_copy(is->laddr, *src);
			} else {
				ip_addr_copy(is->laddr, pcb->local_ip);
			}
			is->lport = pcb->local_port;
			ip_addr_copy(is->raddr, ip);
			is->rport = port;
			is->state = INET_CONNECTED;
			is->err = 0;
		}
	}
	UNLOCK_TCPIP_CORE();
	return r;
}

/* Whether ip is IPv4 broadcast: the limited one or an interface's. */
static bool is_broadcast(const ip_addr_t *ip)
{
	struct netif *n;

	if (!IP_IS_V4(ip))
		return false;
	if (ip4_addr_get_u32(ip_2_ip4(ip)) == IPADDR_BROADCAST)
		return true;
	NETIF_FOREACH(n) {
		if (ip4_addr_isbroadcast(ip_2_ip4(ip), n))
			return true;
	}
	return false;
}

/* Whether a datagram to ip:port would find a UDP socket on this host. */
static bool local_unreachable(const ip_addr_t *ip, uint16_t port)
{
	if (ip_addr_ismulticast(ip) || is_broadcast(ip))
		return false;
	if (!inet_addr_local(ip))
		return false;
	for (struct udp_pcb *p = udp_pcbs; p; p = p->next) {
		if (p->local_port != port)
			continue;
		if (IP_IS_ANY_TYPE_VAL(p->local_ip) || ip_addr_isany(&p->local_ip) || ip_addr_cmp(&p->local_ip, ip))
			return false;
		if (IP_IS_V4(ip) && IP_IS_V4_VAL(p->local_ip) && ip_addr_isany(&p->local_ip))
			return false;
	}
	return true;
}

long inet_udp_send(struct inet_sock *is, struct sock_msg *m, int flags)
{
	ip_addr_t ip;
	uint16_t port;
	int r;

	if (m->name) {
		if ((r = inet_addr_from(is, m->name, m->namelen, &ip, &port)))
			return r;
		if (port == 0)
			return -EINVAL;
	}
	if (m->len > UDP_MAX_PAYLOAD)
		return -EMSGSIZE;
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)m->len, PBUF_RAM);
	if (!p)
		return -ENOBUFS;
	struct sock_iov it = {m->iov, m->iovcnt, 0, 0};
	if ((r = sock_iov_move(&it, p->payload, m->len, false))) {
		pbuf_free(p);
		return r;
	}
	LOCK_TCPIP_CORE();
	if (is->wr_shut) {
		r = -EPIPE;
		goto out;
	}
	if (!m->name) {
		if (is->state != INET_CONNECTED) {
			r = -EDESTADDRREQ;
			goto out;
		}
		ip_addr_copy(ip, is->raddr);
		port = is->rport;
	} else if (ip_addr_isany(&ip)) {
		ip_addr_set_loopback(!IP_IS_V4(&ip), &ip);
	}
	if ((r = autobind(is)))
		goto out;
	if (!is->broadcast && is_broadcast(&ip)) {
		r = -EACCES;
		goto out;
	}
	err_t e = udp_sendto(is->pcb.udp, p, &ip, port);
	if (e != ERR_OK) {
		r = -inet_errno(e);
		goto out;
	}
	r = 0;
	inet_loop_flush();
	if (is->state == INET_CONNECTED && !m->name && local_unreachable(&ip, port)) {
		is->err = ECONNREFUSED;
		inet_wake(is);
	}
out:
	UNLOCK_TCPIP_CORE();
	pbuf_free(p);
	if (r == -EPIPE)
		inet_sigpipe(flags);
	return r ? r : (long)m->len;
}

/* One control message into the caller's buffer (a user pointer), as
   Linux's put_cmsg: MSG_CTRUNC when it does not fit. */
static void put_cmsg(struct sock_msg *m, size_t *used, int level, int type, const void *data, size_t len)
{
	struct cub_cmsghdr h = {CUB_CMSG_LEN(len), level, type};

	if (!m->control)
		return;
	if (m->controllen - *used < CUB_CMSG_LEN(len)) {
		m->flags_out |= CUB_MSG_CTRUNC;
		return;
	}
	uint8_t *p = (uint8_t *)m->control + *used;
	if (copy_to_user(p, &h, sizeof(h)) || copy_to_user(p + CUB_CMSG_HDRLEN, data, len))
		return;
	*used += CUB_CMSG_SPACE(len);
	if (*used > m->controllen)
		*used = m->controllen;
}

static void put_pktinfo(struct inet_sock *is, struct sock_msg *m, size_t *used, const struct inet_dgram *d)
{
	if (is->sock.family == CUB_AF_INET && is->pktinfo && IP_IS_V4(&d->dst)) {
		struct in_pktinfo pi;
		memset(&pi, 0, sizeof(pi));
		pi.ipi_ifindex = d->ifindex;
		pi.ipi_addr.s_addr = ip4_addr_get_u32(ip_2_ip4(&d->dst));
		pi.ipi_spec_dst.s_addr = pi.ipi_addr.s_addr;
		put_cmsg(m, used, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
	} else if (is->sock.family == CUB_AF_INET6 && is->recvpktinfo6) {
		struct in6_pktinfo pi;
		struct sockaddr_in6 sa;
		memset(&pi, 0, sizeof(pi));
		inet_addr_to(is, &d->dst, 0, &sa);
		pi.ipi6_addr = sa.sin6_addr;
		pi.ipi6_ifindex = d->ifindex;
		put_cmsg(m, used, IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof(pi));
	}
}

long inet_udp_recv(struct inet_sock *is, struct sock_msg *m, int flags)
{
	bool peek = (flags & CUB_MSG_PEEK) != 0;
	bool dontwait = (flags & CUB_MSG_DONTWAIT) != 0;
	long r = 0;

	if (flags & CUB_MSG_OOB)
		return -EOPNOTSUPP;
	size_t ctl_cap = m->controllen;
	m->controllen = 0;
	LOCK_TCPIP_CORE();
	uint64_t deadline = inet_deadline(is->rcvtimeo);
	while (!is->dq) {
		if (is->err) {
			r = -inet_take_err(is);
			goto out;
		}
		if (is->rd_shut) {
			r = 0;
			goto out;
		}
		if ((r = inet_sleep(is, dontwait, deadline, is->rcvtimeo)))
			goto out;
	}
	struct inet_dgram *d = is->dq;
	size_t len = d->p->tot_len;
	size_t n = len < m->len ? len : m->len;
	/* Copy out of the pbuf chain into the caller's iovecs. */
	struct sock_iov it = {m->iov, m->iovcnt, 0, 0};
	size_t off = 0;
	for (struct pbuf *q = d->p; q && off < n; q = q->next) {
		size_t c = q->len < n - off ? q->len : n - off;
		if ((r = sock_iov_move(&it, q->payload, c, true)))
			goto out;
		off += c;
	}
	if (m->name_out)
		m->name_outlen = (unsigned)inet_addr_to(is, &d->addr, d->port, m->name_out);
	if (n < len)
		m->flags_out |= CUB_MSG_TRUNC;
	size_t used = 0;
	m->controllen = ctl_cap;
	put_pktinfo(is, m, &used, d);
	m->controllen = used;
	r = (flags & CUB_MSG_TRUNC) ? (long)len : (long)n;
	if (!peek) {
		is->dq = d->next;
		if (!is->dq)
			is->dq_tail = 0;
		is->rx_len -= len;
		pbuf_free(d->p);
		kfree(d);
	}
out:
	UNLOCK_TCPIP_CORE();
	return r;
}

int inet_udp_shutdown(struct inet_sock *is, int how)
{
	if (is->state != INET_CONNECTED)
		return -ENOTCONN;
	if (how != CUB_SHUT_WR)
		is->rd_shut = true;
	if (how != CUB_SHUT_RD)
		is->wr_shut = true;
	inet_wake(is);
	return 0;
}

unsigned int inet_udp_poll(struct inet_sock *is)
{
	unsigned int mask = 0;

	if (is->dq)
		mask |= POLLIN | POLLRDNORM;
	if (is->rd_shut)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (is->rd_shut && is->wr_shut)
		mask |= POLLHUP;
	mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	if (is->err)
		mask |= POLLERR;
	return mask;
}

void inet_udp_release(struct inet_sock *is)
{
	if (is->pcb.udp) {
		udp_recv(is->pcb.udp, 0, 0);
		udp_remove(is->pcb.udp);
		is->pcb.udp = 0;
	}
}

