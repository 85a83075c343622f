/*
 * tcp.c - SOCK_STREAM on lwIP's raw TCP API.
 *
 * lwIP's callbacks (in the tcpip thread, under the core lock) queue what
 * arrives on the socket and wake it; the syscalls take the core lock,
 * look at the socket and sleep with inet_sleep() until a callback changed
 * it.  Received data is acknowledged to lwIP (tcp_recved, which opens the
 * window again) only as the reader takes it, so a slow reader throttles
 * the sender.  lwIP frees a PCB itself before it calls the err callback:
 * from then on pcb.tcp is NULL and the socket is INET_CLOSED.
 */
#include "net/inet/inet.h"

#include "lib/kstring.h"
#include "mm/kmalloc.h"

#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"

#include <linux/errno.h>
#include <linux/in.h>
#include <linux/poll.h>

/* The most one send or receive moves through its bounce buffer at once. */
#define TCP_CHUNK 65536

static err_t recv_cb(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err);
static err_t sent_cb(void *arg, struct tcp_pcb *pcb, u16_t len);
static void err_cb(void *arg, err_t err);

static void keep_name(struct inet_sock *is)
{
	struct tcp_pcb *pcb = is->pcb.tcp;

	if (!pcb)
		return;
	ip_addr_copy(is->laddr, pcb->local_ip);
	is->lport = pcb->local_port;
	if (is->state == INET_CONNECTED || is->state == INET_CONNECTING) {
		ip_addr_copy(is->raddr, pcb->remote_ip);
		is->rport = pcb->remote_port;
	}
}

static void attach(struct inet_sock *is, struct tcp_pcb *pcb)
{
	is->pcb.tcp = pcb;
	tcp_arg(pcb, is);
	tcp_recv(pcb, recv_cb);
	tcp_sent(pcb, sent_cb);
	tcp_err(pcb, err_cb);
	is->snd_free = tcp_sndbuf(pcb);
}

/* The PCB forgets the socket: lwIP finishes (or resets) it alone. */
static void detach(struct tcp_pcb *pcb)
{
	tcp_arg(pcb, 0);
	if (pcb->state == LISTEN) {
		tcp_accept(pcb, 0);
		return;
	}
	tcp_recv(pcb, 0);
	tcp_sent(pcb, 0);
	tcp_err(pcb, 0);
}

void inet_tcp_apply_opts(struct inet_sock *is)
{
	struct tcp_pcb *pcb = is->pcb.tcp;

	if (!pcb)
		return;
	if (is->reuseaddr)
		ip_set_option(pcb, SOF_REUSEADDR);
	else
		ip_reset_option(pcb, SOF_REUSEADDR);
	if (is->ttl)
		pcb->ttl = (u8_t)is->ttl;
	pcb->tos = (u8_t)is->tos;
	if (pcb->state == LISTEN)
		return;
	if (is->keepalive)
		ip_set_option(pcb, SOF_KEEPALIVE);
	else
		ip_reset_option(pcb, SOF_KEEPALIVE);
	if (is->nodelay)
		tcp_nagle_disable(pcb);
	else
		tcp_nagle_enable(pcb);
	if (is->keepidle)
		pcb->keep_idle = (u32_t)is->keepidle * 1000;
	if (is->keepintvl)
		pcb->keep_intvl = (u32_t)is->keepintvl * 1000;
	if (is->keepcnt)
		pcb->keep_cnt = (u32_t)is->keepcnt;
}

static int new_pcb(struct inet_sock *is)
{
	struct tcp_pcb *pcb = tcp_new_ip_type(is->sock.family == CUB_AF_INET ? IPADDR_TYPE_V4 : IPADDR_TYPE_ANY);

	if (!pcb)
		return -ENOBUFS;
	if (is->sock.family != CUB_AF_INET && is->v6only) {
		IP_SET_TYPE_VAL(pcb->local_ip, IPADDR_TYPE_V6);
		IP_SET_TYPE_VAL(pcb->remote_ip, IPADDR_TYPE_V6);
	}
	attach(is, pcb);
	inet_tcp_apply_opts(is);
	return 0;
}

int inet_tcp_init(struct inet_sock *is)
{
	is->state = INET_NEW;
	is->keepidle = 7200;
	is->keepintvl = 75;
	is->keepcnt = 9;
	return new_pcb(is);
}

/* A socket whose connection is gone gets a fresh PCB to bind or connect. */
static int renew(struct inet_sock *is)
{
	if (is->pcb.tcp)
		return 0;
	is->state = INET_NEW;
	is->peer_fin = is->rd_shut = is->wr_shut = false;
	is->bound = false;
	return new_pcb(is);
}

static err_t recv_cb(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct inet_sock *is = arg;

	(void)err;
	if (!is) {
		if (p) {
			tcp_recved(pcb, p->tot_len);
			pbuf_free(p);
		}
		return ERR_OK;
	}
	if (!p) {
		is->peer_fin = true;
	} else {
		if (is->rx)
			pbuf_cat(is->rx, p);
		else
			is->rx = p;
		is->rx_len += p->tot_len;
	}
	inet_wake(is);
	return ERR_OK;
}

static err_t sent_cb(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct inet_sock *is = arg;

	(void)len;
	if (is) {
		is->snd_free = tcp_sndbuf(pcb);
		inet_wake(is);
	}
	return ERR_OK;
}

static void err_cb(void *arg, err_t err)
{
	struct inet_sock *is = arg;

	if (!is)
		return;
	is->pcb.tcp = 0;
	if (is->state == INET_CONNECTING)
		is->err = err == ERR_RST ? ECONNREFUSED : err == ERR_ABRT ? ETIMEDOUT : inet_errno(err);
	else if (err == ERR_ABRT)
		is->err = ETIMEDOUT; /* lwIP aborts on retransmission or keepalive timeout */
	else if (err == ERR_RST && is->peer_fin)
		is->err = EPIPE; /* reset in CLOSE_WAIT: Linux's tcp_reset */
	else if (err != ERR_CLSD)
		is->err = inet_errno(err);
	is->state = INET_CLOSED;
	inet_wake(is);
}

static err_t connected_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct inet_sock *is = arg;

	(void)err;
	if (!is)
		return ERR_OK;
	is->state = INET_CONNECTED;
	is->snd_free = tcp_sndbuf(pcb);
	keep_name(is);
	inet_wake(is);
	return ERR_OK;
}

static err_t accept_cb(void *arg, struct tcp_pcb *newpcb, err_t err)
{
	struct inet_sock *lis = arg;

	if (!lis || err != ERR_OK || !newpcb)
		return ERR_VAL;
	/* Linux queues up to backlog + 1 connections. */
	if (lis->aq_len > lis->backlog)
		return ERR_MEM;
	struct inet_sock *is = inet_alloc(lis->sock.family, lis->sock.type, lis->sock.protocol);
	if (!is)
		return ERR_MEM;
	is->v6only = lis->v6only;
	is->nodelay = lis->nodelay;
	is->keepalive = lis->keepalive;
	is->reuseaddr = lis->reuseaddr;
	is->keepidle = lis->keepidle;
	is->keepintvl = lis->keepintvl;
	is->keepcnt = lis->keepcnt;
	is->rcvbuf = lis->rcvbuf;
	is->sndbuf = lis->sndbuf;
	is->linger_on = lis->linger_on;
	is->linger_secs = lis->linger_secs;
	is->ttl = lis->ttl;
	is->tos = lis->tos;
	is->rcvtimeo = lis->rcvtimeo;
	is->sndtimeo = lis->sndtimeo;
	is->state = INET_CONNECTED;
	is->bound = true;
	attach(is, newpcb);
	inet_tcp_apply_opts(is);
	keep_name(is);
	tcp_backlog_delayed(newpcb);
	if (lis->aq_tail)
		lis->aq_tail->aq_next = is;
	else
		lis->aq = is;
	lis->aq_tail = is;
	lis->aq_len++;
	inet_wake(lis);
	return ERR_OK;
}

int inet_tcp_bind(struct inet_sock *is, const ip_addr_t *ip, uint16_t port)
{
	int r = renew(is);

	if (r)
		return r;
	if (is->state != INET_NEW)
		return -EINVAL;
	if (!inet_addr_local(ip))
		return -EADDRNOTAVAIL;
	if (ip_addr_isany(ip))
		ip = inet_addr_any(is);
	/* lwIP compares only addresses of one version: a dual-stack wildcard
	   (IPADDR_TYPE_ANY) and an IPv6 address never meet there. */
	if (port && (IP_IS_ANY_TYPE_VAL(*ip) || IP_IS_V6(ip))) {
		for (int i = 0; i < NUM_TCP_PCB_LISTS; i++) {
			bool tw = tcp_pcb_lists[i] == &tcp_tw_pcbs;
			for (struct tcp_pcb *c = *tcp_pcb_lists[i]; c; c = c->next) {
				if (c == is->pcb.tcp || c->local_port != port)
					continue;
				if (IP_IS_ANY_TYPE_VAL(*ip) == IP_IS_ANY_TYPE_VAL(c->local_ip))
					continue; /* lwIP's own check covers it */
				if (is->reuseaddr && (tw || ip_get_option(c, SOF_REUSEADDR)) && c->state != LISTEN)
					continue;
				if (IP_IS_ANY_TYPE_VAL(*ip) ? true : (IP_IS_V6_VAL(c->local_ip) || ip_addr_isany(&c->local_ip)) && IP_IS_ANY_TYPE_VAL(c->local_ip))
					return -EADDRINUSE;
			}
		}
	}
	/* lwIP lets two SO_REUSEADDR sockets share a port even when one
	   listens; Linux does not. */
	if (port && is->reuseaddr) {
		for (struct tcp_pcb_listen *l = tcp_listen_pcbs.listen_pcbs; l; l = l->next) {
			if (l->local_port == port &&
			    (ip_addr_isany(&l->local_ip) || ip_addr_isany(ip) || ip_addr_cmp(&l->local_ip, ip)))
				return -EADDRINUSE;
		}
	}
	inet_tcp_apply_opts(is);
	err_t e = tcp_bind(is->pcb.tcp, ip, port);
	if (e != ERR_OK)
		return e == ERR_BUF ? -EADDRINUSE : -inet_errno(e);
	is->bound = true;
	keep_name(is);
	return 0;
}

int inet_tcp_connect(struct inet_sock *is, const void *addr, size_t len)
{
	ip_addr_t ip;
	uint16_t port;
	int r = inet_addr_from(is, addr, len, &ip, &port);

	if (r)
		return r;
	LOCK_TCPIP_CORE();
	switch (is->state) {
	case INET_LISTEN:
		r = -EISCONN;
		goto out;
	case INET_CONNECTED:
		r = is->connect_pending ? 0 : -EISCONN;
		is->connect_pending = false;
		goto out;
	case INET_CONNECTING:
		if (socket_nonblocking(&is->sock)) {
			r = -EALREADY;
			goto out;
		}
		goto wait;
	case INET_CLOSED:
		if (is->connect_pending && is->err) {
			/* The failed nonblocking connect reports once. */
			is->connect_pending = false;
			r = -inet_take_err(is);
			goto out;
		}
		break;
	case INET_NEW:
		break;
	}
	if ((r = renew(is)))
		goto out;
	is->connect_pending = false;
	if (ip_addr_isany(&ip)) {
		/* Linux connects to the wildcard as to the loopback address. */
		if (IP_IS_V4(&ip))
			ip_addr_set_loopback(0, &ip);
		else
			ip_addr_set_loopback(1, &ip);
	}
	inet_tcp_apply_opts(is);
	err_t e = tcp_connect(is->pcb.tcp, &ip, port, connected_cb);
	if (e != ERR_OK) {
		r = e == ERR_USE ? -EADDRNOTAVAIL : -inet_errno(e);
		goto out;
	}
	is->state = INET_CONNECTING;
	is->bound = true;
	keep_name(is);
	inet_loop_flush();
	/* Linux says EINPROGRESS even when loopback answered at once. */
	if (socket_nonblocking(&is->sock)) {
		is->connect_pending = true;
		r = -EINPROGRESS;
		goto out;
	}
wait:;
	uint64_t deadline = inet_deadline(is->sndtimeo);
	while (is->state == INET_CONNECTING) {
		r = inet_sleep(is, false, deadline, is->sndtimeo);
		if (r) {
			is->connect_pending = true;
			if (r == -EAGAIN)
				r = -EINPROGRESS;
			goto out;
		}
	}
	is->connect_pending = false;
	if (is->state == INET_CONNECTED)
		r = 0;
	else
		r = is->err ? -inet_take_err(is) : -ECONNREFUSED;
out:
	UNLOCK_TCPIP_CORE();
	return r;
}

int inet_tcp_listen(struct inet_sock *is, int backlog)
{
	int r = 0;

	LOCK_TCPIP_CORE();
	if (is->state == INET_LISTEN) {
		/* listen again changes the backlog, as in Linux. */
		is->backlog = backlog;
		u8_t lb = (u8_t)(backlog + 1 > 255 ? 255 : backlog + 1);
		if (is->pcb.tcp)
			tcp_backlog_set(is->pcb.tcp, lb);
		goto out;
	}
	if ((r = renew(is)))
		goto out;
	if (is->state != INET_NEW) {
		r = -EINVAL;
		goto out;
	}
	struct tcp_pcb *pcb = is->pcb.tcp;
	if (!is->bound) {
		inet_tcp_apply_opts(is);
		err_t e = tcp_bind(pcb, inet_addr_any(is), 0);
		if (e != ERR_OK) {
			r = -EADDRINUSE;
			goto out;
		}
		is->bound = true;
	}
	err_t e = ERR_OK;
	int lb = backlog + 1 > 255 ? 255 : backlog + 1;
	struct tcp_pcb *lpcb = tcp_listen_with_backlog_and_err(pcb, (u8_t)lb, &e);
	if (!lpcb) {
		r = e == ERR_USE ? -EADDRINUSE : -ENOBUFS;
		goto out;
	}
	/* tcp_listen freed pcb; lpcb has its argument. */
	is->pcb.tcp = lpcb;
	tcp_arg(lpcb, is);
	tcp_accept(lpcb, accept_cb);
	is->state = INET_LISTEN;
	is->backlog = backlog;
	keep_name(is);
out:
	UNLOCK_TCPIP_CORE();
	return r;
}

int inet_tcp_accept(struct inet_sock *is, struct socket **out)
{
	int r = 0;

	LOCK_TCPIP_CORE();
	uint64_t deadline = inet_deadline(is->rcvtimeo);
	for (;;) {
		if (is->state != INET_LISTEN) {
			r = -EINVAL;
			break;
		}
		if (is->aq)
			break;
		if ((r = inet_sleep(is, false, deadline, is->rcvtimeo)))
			break;
	}
	if (!r) {
		struct inet_sock *c = is->aq;
		is->aq = c->aq_next;
		if (!is->aq)
			is->aq_tail = 0;
		is->aq_len--;
		c->aq_next = 0;
		if (c->pcb.tcp)
			tcp_backlog_accepted(c->pcb.tcp);
		*out = &c->sock;
	}
	UNLOCK_TCPIP_CORE();
	return r;
}

long inet_tcp_send(struct inet_sock *is, struct sock_msg *m, int flags)
{
	struct sock_iov it = {m->iov, m->iovcnt, 0, 0};
	size_t bsize = m->len < TCP_CHUNK ? m->len : TCP_CHUNK;
	uint8_t *bounce = kmalloc(bsize ? bsize : 1);
	size_t sent = 0, filled = 0, used = 0;
	bool dontwait = (flags & CUB_MSG_DONTWAIT) != 0;
	long r = 0;

	if (!bounce)
		return -ENOMEM;
	LOCK_TCPIP_CORE();
	uint64_t deadline = inet_deadline(is->sndtimeo);
	for (;;) {
		if (is->err) {
			r = -inet_take_err(is);
			break;
		}
		if (is->state == INET_CONNECTING) {
			if ((r = inet_sleep(is, dontwait, deadline, is->sndtimeo)))
				break;
			continue;
		}
		struct tcp_pcb *pcb = is->pcb.tcp;
		if (is->wr_shut || is->state != INET_CONNECTED || !pcb) {
			r = -EPIPE;
			break;
		}
		if (sent == m->len)
			break;
		if (used == filled) {
			size_t n = m->len - sent < bsize ? m->len - sent : bsize;
			if ((r = sock_iov_move(&it, bounce, n, false)))
				break;
			filled = n;
			used = 0;
		}
		size_t n = filled - used;
		uint32_t avail = tcp_sndbuf(pcb);
		if (n > avail)
			n = avail;
		if (n > 0xffff)
			n = 0xffff;
		if (n == 0 || tcp_sndqueuelen(pcb) >= TCP_SND_QUEUELEN - 4) {
			tcp_output(pcb);
			is->snd_free = 0;
			if ((r = inet_sleep(is, dontwait, deadline, is->sndtimeo)))
				break;
			continue;
		}
		bool more = sent + n < m->len;
		err_t e = tcp_write(pcb, bounce + used, (u16_t)n, TCP_WRITE_FLAG_COPY | (more ? TCP_WRITE_FLAG_MORE : 0));
		if (e == ERR_MEM) {
			tcp_output(pcb);
			is->snd_free = 0;
			if ((r = inet_sleep(is, dontwait, deadline, is->sndtimeo)))
				break;
			continue;
		}
		if (e != ERR_OK) {
			r = -inet_errno(e);
			break;
		}
		used += n;
		sent += n;
		is->snd_free = tcp_sndbuf(pcb);
		if (!more || used == filled)
			tcp_output(pcb);
	}
	if (sent && is->pcb.tcp)
		tcp_output(is->pcb.tcp);
	inet_loop_flush();
	UNLOCK_TCPIP_CORE();
	kfree(bounce);
	if (r == -EPIPE && !sent)
		inet_sigpipe(flags);
	return sent ? (long)sent : r;
}

/* Copies n bytes at offset off of the chain p to the caller's buffers. */
static int rx_copy(const struct pbuf *p, struct sock_iov *it, size_t n, size_t off)
{
	for (; p && n; p = p->next) {
		if (off >= p->len) {
			off -= p->len;
			continue;
		}
		size_t c = p->len - off < n ? p->len - off : n;
		int r = sock_iov_move(it, (uint8_t *)p->payload + off, c, true);
		if (r)
			return r;
		n -= c;
		off = 0;
	}
	return 0;
}

/* The reader took n bytes: free them and open the window again. */
static void rx_consume(struct inet_sock *is, size_t n)
{
	is->rx_len -= n;
	while (n) {
		u16_t c = n > 0xffff ? 0xffff : (u16_t)n;
		is->rx = pbuf_free_header(is->rx, c);
		if (is->pcb.tcp)
			tcp_recved(is->pcb.tcp, c);
		n -= c;
	}
}

long inet_tcp_recv(struct inet_sock *is, struct sock_msg *m, int flags)
{
	struct sock_iov it = {m->iov, m->iovcnt, 0, 0};
	bool peek = (flags & CUB_MSG_PEEK) != 0;
	bool waitall = (flags & CUB_MSG_WAITALL) && !peek;
	bool dontwait = (flags & CUB_MSG_DONTWAIT) != 0;
	size_t copied = 0;
	long r = 0;

	if (flags & CUB_MSG_OOB)
		return -EINVAL;
	LOCK_TCPIP_CORE();
	uint64_t deadline = inet_deadline(is->rcvtimeo);
	if (is->state == INET_NEW || is->state == INET_LISTEN) {
		r = -ENOTCONN;
		goto out;
	}
	while (copied < m->len) {
		size_t have = is->rx_len - (peek ? copied : 0);
		if (have) {
			size_t n = m->len - copied;
			if (n > have)
				n = have;
			/* MSG_TRUNC on a stream: the bytes are dropped, not copied. */
			if (!(flags & CUB_MSG_TRUNC) && (r = rx_copy(is->rx, &it, n, peek ? copied : 0)))
				break;
			if (!peek)
				rx_consume(is, n);
			copied += n;
			continue;
		}
		if (copied && !waitall)
			break;
		if (is->err) {
			if (!copied)
				r = -inet_take_err(is);
			break;
		}
		if (is->peer_fin || is->rd_shut || is->state == INET_CLOSED || !is->pcb.tcp)
			break;
		if ((r = inet_sleep(is, dontwait, deadline, is->rcvtimeo)))
			break;
	}
out:
	UNLOCK_TCPIP_CORE();
	return copied ? (long)copied : r;
}

int inet_tcp_shutdown(struct inet_sock *is, int how)
{
	if (is->state == INET_LISTEN && how != CUB_SHUT_WR) {
		/* Linux stops listening: the queued connections are reset. */
		return 0;
	}
	if (is->state != INET_CONNECTED)
		return -ENOTCONN;
	if (how != CUB_SHUT_WR)
		is->rd_shut = true;
	if (how != CUB_SHUT_RD && !is->wr_shut) {
		is->wr_shut = true;
		if (is->pcb.tcp)
			tcp_shutdown(is->pcb.tcp, 0, 1);
		inet_loop_flush();
	}
	inet_wake(is);
	return 0;
}

unsigned int inet_tcp_poll(struct inet_sock *is)
{
	unsigned int mask = 0;
	enum inet_state st = is->state;

	if (st == INET_LISTEN)
		return is->aq ? POLLIN | POLLRDNORM : 0;
	bool closed = st == INET_CLOSED;
	bool rcv_shut = is->peer_fin || is->rd_shut || closed;
	bool snd_shut = is->wr_shut || closed;
	if ((rcv_shut && snd_shut) || st == INET_NEW)
		mask |= POLLHUP;
	if (rcv_shut)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (st != INET_CONNECTING) {
		if (is->rx_len)
			mask |= POLLIN | POLLRDNORM;
		if (snd_shut || st == INET_NEW || is->snd_free > 0)
			mask |= POLLOUT | POLLWRNORM;
	}
	if (is->err)
		mask |= POLLERR;
	return mask;
}

static void free_child(struct inet_sock *c)
{
	if (c->pcb.tcp) {
		detach(c->pcb.tcp);
		tcp_abort(c->pcb.tcp);
	}
	if (c->rx)
		pbuf_free(c->rx);
	inet_free(c);
}

void inet_tcp_release(struct inet_sock *is)
{
	struct tcp_pcb *pcb = is->pcb.tcp;

	while (is->aq) {
		struct inet_sock *c = is->aq;
		is->aq = c->aq_next;
		free_child(c);
	}
	if (!pcb)
		return;
	/* Unread data or SO_LINGER {1, 0}: reset, as Linux does. */
	if (is->rx_len || (is->linger_on && is->linger_secs == 0)) {
		detach(pcb);
		tcp_abort(pcb);
		return;
	}
	/* SO_LINGER {1, N}: close waits up to N seconds for the peer to
	   acknowledge what is still queued (the socket has no file now, so
	   inet_sleep blocks; a signal ends the wait). */
	if (is->linger_on && is->state == INET_CONNECTED) {
		uint64_t timeo = (uint64_t)is->linger_secs * 1000000000ull;
		uint64_t deadline = inet_deadline(timeo);
		tcp_output(pcb);
		inet_loop_flush();
		while (is->pcb.tcp && (is->pcb.tcp->unsent || is->pcb.tcp->unacked)) {
			if (inet_sleep(is, false, deadline, timeo))
				break;
		}
		if (!(pcb = is->pcb.tcp))
			return;
	}
	is->pcb.tcp = 0;
	detach(pcb);
	if (tcp_close(pcb) != ERR_OK)
		tcp_abort(pcb);
}

