/*
 * inet.c - AF_INET and AF_INET6 sockets: creation, the operations table,
 * the wait and error helpers the TCP and UDP halves share, release.
 */
#include "net/inet/inet.h"

#include "arch/x86_64/cpu.h"
#include "cred/cred.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/clock.h"

#include "lwip/err.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"

#include <linux/errno.h>
#include <linux/in.h>
#include <linux/signal.h>
#include <linux/uio.h>

/* Linux's defaults (net.ipv4.tcp_rmem[1], tcp_wmem[1], net.core.rmem_default). */
#define TCP_RCVBUF_DEFAULT 131072
#define TCP_SNDBUF_DEFAULT 16384
#define UDP_BUF_DEFAULT 212992
/* PROT_SOCK (include/net/sock.h): the first unprivileged port. */
#define INET_PROT_SOCK 1024

void inet_wake(struct inet_sock *is)
{
	bool on = irq_save();
	waitq_wake_all(&is->wait);
	poll_head_wake(&is->poll, ~0u);
	irq_restore(on);
}

static struct poll_head *inet_poll_head(struct socket *s)
{
	return &inet_sk(s)->poll;
}

int inet_sleep(struct inet_sock *is, bool dontwait, uint64_t deadline, uint64_t timeo)
{
	if (dontwait || socket_nonblocking(&is->sock))
		return -EAGAIN;
	/* With a timeout Linux cannot restart the call: sock_intr_errno. */
	if (signal_pending())
		return timeo ? -EINTR : -ERESTARTSYS;
	if (deadline && clock_ns() >= deadline)
		return -EAGAIN;
	bool on = irq_save();
	UNLOCK_TCPIP_CORE();
	waitq_block_interruptible(&is->wait, deadline);
	irq_restore(on);
	LOCK_TCPIP_CORE();
	/* Another thread closed the socket under us (inet_release). */
	return is->dead ? -EBADF : 0;
}

/* A call that may sleep keeps the socket alive: a close by another
   thread in the meantime only tears the connection down (inet_release)
   and the last such call frees the memory. */
static void hold(struct inet_sock *is)
{
	bool on = irq_save();
	is->users++;
	irq_restore(on);
}

static void unhold(struct inet_sock *is)
{
	bool on = irq_save();
	bool last = --is->users == 0 && is->dead;
	irq_restore(on);
	if (last)
		inet_free(is);
}

void inet_loop_flush(void)
{
	struct netif *n;

	NETIF_FOREACH(n) {
		if (n->loop_first)
			netif_poll(n);
	}
}

int inet_errno(int lwip_err)
{
	switch (lwip_err) {
	case ERR_OK:
		return 0;
	case ERR_MEM:
	case ERR_BUF:
		return ENOBUFS;
	case ERR_RTE:
		return ENETUNREACH;
	case ERR_USE:
		return EADDRINUSE;
	case ERR_RST:
		return ECONNRESET;
	case ERR_ABRT:
		return ECONNABORTED;
	case ERR_CLSD:
		return ENOTCONN;
	case ERR_VAL:
	case ERR_ARG:
		return EINVAL;
	default:
		return err_to_errno((err_t)lwip_err);
	}
}

int inet_take_err(struct inet_sock *is)
{
	int e = is->err;

	is->err = 0;
	return e;
}

void inet_sigpipe(int flags)
{
	siginfo_t info;

	if (flags & CUB_MSG_NOSIGNAL)
		return;
	memset(&info, 0, sizeof(info));
	info.si_signo = SIGPIPE;
	info.si_code = SI_USER;
	info.si_pid = process_current()->pid;
	signal_send_thread(thread_current(), SIGPIPE, &info);
}

static long live_sockets;

long inet_sockets_live(void)
{
	return live_sockets;
}

void inet_free(struct inet_sock *is)
{
	bool on = irq_save();
	poll_head_detach_all(&is->poll);
	irq_restore(on);
	live_sockets--;
	kfree(is);
}

struct inet_sock *inet_alloc(int family, int type, int protocol)
{
	struct inet_sock *is = kmalloc(sizeof(*is));

	if (!is)
		return 0;
	memset(is, 0, sizeof(*is));
	live_sockets++;
	is->sock.ops = &inet_ops;
	is->sock.family = family;
	is->sock.type = type;
	is->sock.protocol = protocol;
	is->sock.ino = socket_next_ino();
	waitq_init(&is->wait);
	poll_head_init(&is->poll);
	bool tcp = type == CUB_SOCK_STREAM;
	is->rcvbuf = tcp ? TCP_RCVBUF_DEFAULT : UDP_BUF_DEFAULT;
	is->sndbuf = tcp ? TCP_SNDBUF_DEFAULT : UDP_BUF_DEFAULT;
	return is;
}

int inet_create(int family, int type, int protocol, struct socket **out)
{
	switch (type) {
	case CUB_SOCK_STREAM:
		if (protocol != 0 && protocol != IPPROTO_TCP)
			return -EPROTONOSUPPORT;
		protocol = IPPROTO_TCP;
		break;
	case CUB_SOCK_DGRAM:
		if (protocol != 0 && protocol != IPPROTO_UDP)
			return -EPROTONOSUPPORT;
		protocol = IPPROTO_UDP;
		break;
	case CUB_SOCK_RAW:
		/* Raw sockets need CAP_NET_RAW; cub has none for root either. */
		return process_current()->cred->euid != 0 ? -EPERM : -EPROTONOSUPPORT;
	default:
		return -ESOCKTNOSUPPORT;
	}
	struct inet_sock *is = inet_alloc(family, type, protocol);
	if (!is)
		return -ENOMEM;
	LOCK_TCPIP_CORE();
	int r = type == CUB_SOCK_STREAM ? inet_tcp_init(is) : inet_udp_init(is);
	UNLOCK_TCPIP_CORE();
	if (r) {
		inet_free(is);
		return r;
	}
	*out = &is->sock;
	return 0;
}

static int inet_bind(struct socket *s, const void *addr, size_t len)
{
	struct inet_sock *is = inet_sk(s);
	ip_addr_t ip;
	uint16_t port;
	int r = inet_addr_from(is, addr, len, &ip, &port);

	if (r == -ENETUNREACH)
		r = -EINVAL;
	if (r)
		return r;
	/* Ports below net.ipv4.ip_unprivileged_port_start (1024) need
	   CAP_NET_BIND_SERVICE: root, in cub. */
	if (port && port < INET_PROT_SOCK && process_current()->cred->euid != 0)
		return -EACCES;
	LOCK_TCPIP_CORE();
	if (is->bound)
		r = -EINVAL;
	else
		r = inet_is_tcp(is) ? inet_tcp_bind(is, &ip, port) : inet_udp_bind(is, &ip, port);
	UNLOCK_TCPIP_CORE();
	return r;
}

static int inet_connect(struct socket *s, const void *addr, size_t len)
{
	struct inet_sock *is = inet_sk(s);

	hold(is);
	int r = inet_is_tcp(is) ? inet_tcp_connect(is, addr, len) : inet_udp_connect(is, addr, len);
	unhold(is);
	return r;
}

static int inet_listen(struct socket *s, int backlog)
{
	struct inet_sock *is = inet_sk(s);

	if (!inet_is_tcp(is))
		return -EOPNOTSUPP;
	return inet_tcp_listen(is, backlog);
}

static int inet_accept(struct socket *s, struct socket **out)
{
	struct inet_sock *is = inet_sk(s);

	if (!inet_is_tcp(is))
		return -EOPNOTSUPP;
	hold(is);
	int r = inet_tcp_accept(is, out);
	unhold(is);
	return r;
}

/* getsockname and getpeername, the same for TCP and UDP. */
static int inet_getname(struct socket *s, void *addr, bool peer)
{
	struct inet_sock *is = inet_sk(s);
	int r;

	LOCK_TCPIP_CORE();
	if (peer)
		r = is->state == INET_CONNECTED ? inet_addr_to(is, &is->raddr, is->rport, addr)
		                                : -ENOTCONN;
	else if (!is->bound)
		r = inet_addr_to(is, 0, 0, addr);
	else
		r = inet_addr_to(is, &is->laddr, is->lport, addr);
	UNLOCK_TCPIP_CORE();
	return r;
}

static long inet_sendmsg(struct socket *s, struct sock_msg *m, int flags)
{
	struct inet_sock *is = inet_sk(s);

	hold(is);
	long r = inet_is_tcp(is) ? inet_tcp_send(is, m, flags) : inet_udp_send(is, m, flags);
	unhold(is);
	return r;
}

static long inet_recvmsg(struct socket *s, struct sock_msg *m, int flags)
{
	struct inet_sock *is = inet_sk(s);

	if (inet_is_tcp(is))
		m->controllen = 0;
	hold(is);
	long r = inet_is_tcp(is) ? inet_tcp_recv(is, m, flags) : inet_udp_recv(is, m, flags);
	unhold(is);
	return r;
}

static int inet_shutdown(struct socket *s, int how)
{
	struct inet_sock *is = inet_sk(s);

	LOCK_TCPIP_CORE();
	int r = inet_is_tcp(is) ? inet_tcp_shutdown(is, how) : inet_udp_shutdown(is, how);
	UNLOCK_TCPIP_CORE();
	return r;
}

static unsigned int inet_poll(struct socket *s)
{
	struct inet_sock *is = inet_sk(s);

	return inet_is_tcp(is) ? inet_tcp_poll(is) : inet_udp_poll(is);
}

static void inet_release(struct socket *s)
{
	struct inet_sock *is = inet_sk(s);

	LOCK_TCPIP_CORE();
	if (inet_is_tcp(is))
		inet_tcp_release(is);
	else
		inet_udp_release(is);
	inet_loop_flush();
	if (is->rx)
		pbuf_free(is->rx);
	is->rx = 0;
	is->rx_len = 0;
	while (is->dq) {
		struct inet_dgram *d = is->dq;
		is->dq = d->next;
		pbuf_free(d->p);
		kfree(d);
	}
	is->dq_tail = 0;
	bool on = irq_save();
	bool busy = is->users > 0;
	is->dead = true;
	irq_restore(on);
	if (busy)
		inet_wake(is); /* the sleepers see dead and leave; the last frees */
	UNLOCK_TCPIP_CORE();
	if (!busy)
		inet_free(is);
}

const struct socket_ops inet_ops = {
	.bind = inet_bind,
	.connect = inet_connect,
	.listen = inet_listen,
	.accept = inet_accept,
	.getname = inet_getname,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
	.shutdown = inet_shutdown,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	.ioctl = inet_ioctl,
	.poll = inet_poll,
	.poll_head = inet_poll_head,
	.release = inet_release,
};

