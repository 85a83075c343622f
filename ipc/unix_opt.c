/*
 * unix_opt.c - AF_UNIX socket options, ioctls and poll, as Linux's
 * net/core/sock.c and net/unix/af_unix.c answer them.
 */
#include "ipc/unix.h"

#include "arch/x86_64/cpu.h"
#include "cred/cred.h"
#include "lib/kstring.h"
#include "mm/uaccess.h"

#include <asm/ioctls.h>
#include <asm/socket.h>
#include <linux/errno.h>
#include <linux/poll.h>
#include <linux/sockios.h>

int unix_setsockopt(struct socket *s, int level, int name, const void *val, unsigned int len)
{
	struct unix_sock *u = unix_sk(s);
	int v;

	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	switch (name) {
	case SO_PASSCRED:
	case SO_SNDBUF:
	case SO_RCVBUF:
	case SO_REUSEADDR:
	case SO_KEEPALIVE:
		break;
	default:
		return -ENOPROTOOPT;
	}
	if (len < sizeof(int))
		return -EINVAL;
	if (copy_from_user(&v, val, sizeof(v)))
		return -EFAULT;
	/* Linux clamps to net.core.[wr]mem_max as an unsigned, doubles the
	   value for its bookkeeping, and keeps a floor. */
	uint32_t b = (uint32_t)v < UNIX_BUF_MAX ? (uint32_t)v : UNIX_BUF_MAX;
	bool on = irq_save();
	switch (name) {
	case SO_PASSCRED:
		u->passcred = v != 0;
		break;
	case SO_SNDBUF:
		u->sndbuf = (int)(b * 2 > UNIX_MIN_SNDBUF ? b * 2 : UNIX_MIN_SNDBUF);
		unix_wake(u);
		break;
	case SO_RCVBUF:
		u->rcvbuf = (int)(b * 2 > UNIX_MIN_RCVBUF ? b * 2 : UNIX_MIN_RCVBUF);
		break;
	default:
		break; /* accepted and without effect on AF_UNIX, as in Linux */
	}
	irq_restore(on);
	return 0;
}

static int get_peercred(struct unix_sock *u, void *uval, int *ulen, int len)
{
	struct cub_ucred uc = {0, (uint32_t)-1, (uint32_t)-1};

	if (u->peer_cred) {
		uc.pid = u->peer_pid;
		uc.uid = u->peer_cred->euid;
		uc.gid = u->peer_cred->egid;
	}
	return socket_put_opt(uval, ulen, len, &uc, (int)sizeof(uc));
}

/* SO_PEERGROUPS: ERANGE with the needed length when the buffer is short. */
static int get_peergroups(struct unix_sock *u, void *uval, int *ulen, int len)
{
	if (!u->peer_cred)
		return -ENODATA;
	const struct cred_groups *g = u->peer_cred->groups;
	int need = (int)(g->count * sizeof(uint32_t));
	if (len < need) {
		if (copy_to_user(ulen, &need, sizeof(need)))
			return -EFAULT;
		return -ERANGE;
	}
	return socket_put_opt(uval, ulen, need, g->gids, need);
}

int unix_getsockopt(struct socket *s, int level, int name, void *uval, int *ulen)
{
	struct unix_sock *u = unix_sk(s);
	int len, v;

	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	if (copy_from_user(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	bool on = irq_save();
	int r = 0;
	switch (name) {
	case SO_TYPE:
		v = s->type;
		break;
	case SO_DOMAIN:
		v = s->family;
		break;
	case SO_PROTOCOL:
		v = 0;
		break;
	case SO_ERROR:
		v = u->err;
		u->err = 0;
		break;
	case SO_SNDBUF:
		v = u->sndbuf;
		break;
	case SO_RCVBUF:
		v = u->rcvbuf;
		break;
	case SO_ACCEPTCONN:
		v = u->state == UNIX_LISTENING;
		break;
	case SO_PASSCRED:
		v = u->passcred;
		break;
	case SO_REUSEADDR:
	case SO_KEEPALIVE:
		v = 0;
		break;
	case SO_PEERCRED:
		r = get_peercred(u, uval, ulen, len);
		irq_restore(on);
		return r;
	case SO_PEERGROUPS:
		r = get_peergroups(u, uval, ulen, len);
		irq_restore(on);
		return r;
	default:
		irq_restore(on);
		return -ENOPROTOOPT;
	}
	irq_restore(on);
	return socket_put_opt(uval, ulen, len, &v, (int)sizeof(v));
}

long unix_ioctl(struct socket *s, unsigned int cmd, uint64_t arg)
{
	struct unix_sock *u = unix_sk(s);
	int n = 0;

	switch (cmd) {
	case SIOCINQ: /* FIONREAD */
		if (u->state == UNIX_LISTENING)
			return -EINVAL;
		/* A stream's unread bytes, a datagram socket's next datagram. */
		if (s->type == CUB_SOCK_STREAM)
			n = (int)u->rq.bytes;
		else if (u->rq.head)
			n = (int)u->rq.head->len;
		break;
	case SIOCOUTQ:
		if (u->state == UNIX_LISTENING)
			return -EINVAL;
		/* What the peer has not read yet: its queue, which only this
		   end fills on a connection. */
		if (u->peer && unix_connection_based(u))
			n = (int)u->peer->rq.bytes;
		break;
	default:
		return -ENOTTY;
	}
	return copy_to_user((void *)arg, &n, sizeof(n)) ? -EFAULT : 0;
}

unsigned int unix_poll(struct socket *s)
{
	struct unix_sock *u = unix_sk(s);
	unsigned int m = 0;

	bool on = irq_save();
	if (u->err)
		m |= POLLERR;
	if (u->shutdown == UNIX_SHUTDOWN_MASK)
		m |= POLLHUP;
	if (u->shutdown & UNIX_RCV_SHUTDOWN)
		m |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (!unix_queue_empty(&u->rq) || (u->state == UNIX_LISTENING && u->acc_head))
		m |= POLLIN | POLLRDNORM;
	if (unix_connection_based(u) && u->state == UNIX_UNCONNECTED)
		m |= POLLHUP;
	/* Linux's unix_writable: a quarter of the send buffer or less in
	   flight; a datagram socket also waits for room at its peer. */
	bool writable = u->state != UNIX_LISTENING;
	struct unix_sock *p = u->peer;
	if (writable && p && !p->dead)
		writable = p->rq.cost * 4 <= (size_t)u->sndbuf &&
		           !(s->type == CUB_SOCK_DGRAM && p->peer != u &&
		             p->rq.count > UNIX_MAX_DGRAM_QLEN);
	if (writable)
		m |= POLLOUT | POLLWRNORM | POLLWRBAND;
	irq_restore(on);
	return m;
}
