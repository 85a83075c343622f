/*
 * unix_io.c - sending and receiving on AF_UNIX sockets: byte streams,
 * datagrams and sequenced packets, with their ancillary data.
 */
#include "ipc/unix.h"
#include "ipc/unix_scm.h"

#include "arch/x86_64/cpu.h"
#include "fs/fd.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"

#include <asm/socket.h>
#include <linux/errno.h>
#include <linux/uio.h>

/* One message of a stream send carries at most this much, so that a
   large write fills the peer's queue piece by piece. */
#define STREAM_CHUNK 65536

/* A walk over the caller's iovec array. */
static void raise_sigpipe(void)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = SIGPIPE;
	info.si_code = SI_USER;
	info.si_pid = process_current()->pid;
	signal_send_thread(thread_current(), SIGPIPE, &info);
}

/* A message of n bytes from the iovec, with the sender's name. */
static struct unix_msg *make_msg(struct unix_sock *u, struct sock_iov *it, size_t n, int *err)
{
	struct unix_msg *m = unix_msg_alloc(n);

	*err = 0;
	if (!m) {
		*err = -ENOMEM;
		return 0;
	}
	if ((*err = sock_iov_move(it, m->data, n, false))) {
		kfree(m);
		return 0;
	}
	if (u->addr) {
		m->from = kmalloc(sizeof(*m->from));
		if (m->from)
			*m->from = *u->addr;
	}
	return m;
}

/* Moves the scm's files and credentials into m (the first message). */
static void attach_scm(struct unix_msg *m, struct unix_scm *scm)
{
	m->cred = scm->cred;
	m->files = scm->files;
	m->nfiles = scm->nfiles;
	scm->files = 0;
	scm->nfiles = 0;
}

/* Blocks on wq unless the call may not: 0 to look again, or -errno. */
static int wait_on(struct unix_sock *u, struct waitq *wq, int flags)
{
	return socket_wait(&u->sock, wq, (flags & CUB_MSG_DONTWAIT) != 0);
}

static long stream_send(struct unix_sock *u, struct sock_msg *m, int flags, struct unix_scm *scm)
{
	struct sock_iov it = {m->iov, m->iovcnt, 0, 0};
	size_t sent = 0;
	long r = 0;

	bool on = irq_save();
	while (sent < m->len) {
		struct unix_sock *p = u->peer;
		if ((u->shutdown & UNIX_SEND_SHUTDOWN) || !p || p->dead ||
		    (p->shutdown & UNIX_RCV_SHUTDOWN)) {
			r = -EPIPE;
			break;
		}
		if (p->rq.cost >= (size_t)u->sndbuf) {
			if ((r = wait_on(u, &p->wait, flags)))
				break;
			continue;
		}
		size_t n = m->len - sent < STREAM_CHUNK ? m->len - sent : STREAM_CHUNK;
		int e;
		struct unix_msg *msg = make_msg(u, &it, n, &e);
		if (!msg) {
			r = e;
			break;
		}
		msg->cred = scm->cred;
		if (sent == 0)
			attach_scm(msg, scm);
		unix_queue_push(&p->rq, msg);
		sent += n;
		unix_wake(p);
	}
	irq_restore(on);
	if (r == -EPIPE && !sent && !(flags & CUB_MSG_NOSIGNAL))
		raise_sigpipe();
	return sent ? (long)sent : r;
}

/* Whether other's queue has no room for len more bytes from u. */
static bool dgram_full(struct unix_sock *u, struct unix_sock *other, size_t len)
{
	if (other->peer != u && other->rq.count > UNIX_MAX_DGRAM_QLEN)
		return true;
	return other->rq.count && other->rq.cost + len + UNIX_MSG_OVERHEAD > (size_t)u->sndbuf;
}

static long dgram_send(struct unix_sock *u, struct sock_msg *m, int flags, struct unix_scm *scm)
{
	bool seq = u->sock.type == CUB_SOCK_SEQPACKET;
	struct unix_addr a;
	long r = 0;

	if (seq && u->state != UNIX_CONNECTED)
		return -ENOTCONN;
	if (!seq && m->name && (r = unix_addr_parse(m->name, m->namelen, &a)))
		return r;
	if (m->len > (size_t)u->sndbuf - 32)
		return -EMSGSIZE;
	bool on = irq_save();
	if (u->passcred && !u->addr && (r = unix_autobind(u))) {
		irq_restore(on);
		return r;
	}
	struct unix_sock *other = 0;
	int e = 0;
	if (!seq && m->name)
		other = unix_find(&a, u->sock.type, &e);
	else if ((other = u->peer))
		unix_sock_get(other);
	else
		e = -ENOTCONN;
	while (other) {
		if (seq && (u->shutdown & UNIX_SEND_SHUTDOWN)) {
			r = -EPIPE;
			break;
		}
		if (other->dead) {
			/* A connected datagram socket forgets a peer that is gone. */
			if (!seq && other == u->peer) {
				u->peer = 0;
				u->state = UNIX_UNCONNECTED;
				unix_sock_put(other);
			}
			r = seq ? -EPIPE : -ECONNREFUSED;
			break;
		}
		if (!seq && other->peer && other->peer != u) {
			r = -EPERM;
			break;
		}
		if (other->shutdown & UNIX_RCV_SHUTDOWN) {
			r = -EPIPE;
			break;
		}
		if (dgram_full(u, other, m->len)) {
			if ((r = wait_on(u, &other->wait, flags)))
				break;
			continue;
		}
		struct sock_iov it = {m->iov, m->iovcnt, 0, 0};
		struct unix_msg *msg = make_msg(u, &it, m->len, &e);
		if (!msg) {
			r = e;
			break;
		}
		attach_scm(msg, scm);
		unix_queue_push(&other->rq, msg);
		unix_wake(other);
		r = (long)m->len;
		break;
	}
	if (other)
		unix_sock_put(other);
	irq_restore(on);
	return other || r ? r : e;
}

long unix_sendmsg(struct socket *s, struct sock_msg *m, int flags)
{
	struct unix_sock *u = unix_sk(s);
	struct unix_scm scm;

	if (flags & CUB_MSG_OOB)
		return -EOPNOTSUPP;
	if (u->sock.type == CUB_SOCK_STREAM) {
		if (m->name)
			return u->state == UNIX_CONNECTED ? -EISCONN : -EOPNOTSUPP;
		if (u->state != UNIX_CONNECTED)
			return -ENOTCONN;
	}
	int r = unix_scm_parse(m->control, m->controllen, &scm);
	if (r)
		return r;
	long n = u->sock.type == CUB_SOCK_STREAM ? stream_send(u, m, flags, &scm)
	                                         : dgram_send(u, m, flags, &scm);
	unix_scm_release(&scm);
	return n;
}

/* What a receive collects besides bytes, written out after the lock. */
struct recv_extra {
	bool has_cred;
	struct cub_ucred cred;
	struct file **files;
	int nfiles;
};

static void take_files(struct unix_msg *msg, struct recv_extra *x, bool peek)
{
	if (!msg->nfiles)
		return;
	if (peek) {
		/* Linux installs duplicates for a peek and keeps the originals. */
		x->files = kmalloc(sizeof(*x->files) * (size_t)msg->nfiles);
		if (!x->files)
			return;
		for (int i = 0; i < msg->nfiles; i++) {
			file_get(msg->files[i]);
			x->files[i] = msg->files[i];
		}
	} else {
		x->files = msg->files;
		msg->files = 0;
	}
	x->nfiles = msg->nfiles;
	if (!peek)
		msg->nfiles = 0;
}

static void set_name(struct sock_msg *m, const struct unix_msg *msg)
{
	if (m->name_out && msg->from) {
		memcpy(m->name_out, &msg->from->sa, msg->from->len);
		m->name_outlen = msg->from->len;
	}
}

static bool same_cred(const struct cub_ucred *a, const struct cub_ucred *b)
{
	return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

static long stream_recv(struct unix_sock *u, struct sock_msg *m, int flags, struct recv_extra *x)
{
	struct sock_iov it = {m->iov, m->iovcnt, 0, 0};
	size_t target = (flags & CUB_MSG_WAITALL) ? m->len : 1;
	bool peek = (flags & CUB_MSG_PEEK) != 0;
	size_t copied = 0, skip = 0;
	long r = 0;

	if (u->state != UNIX_CONNECTED)
		return -EINVAL;
	if (m->len == 0)
		return 0;
	bool on = irq_save();
	for (;;) {
		/* A peek walks past the bytes it has already copied. */
		struct unix_msg *msg = u->rq.head;
		skip = peek ? copied : 0;
		while (msg && skip && skip >= msg->len - msg->off) {
			skip -= msg->len - msg->off;
			msg = msg->next;
		}
		if (!msg) {
			if (copied >= target)
				break;
			if (u->err) {
				r = -u->err;
				u->err = 0;
				break;
			}
			if (u->shutdown & UNIX_RCV_SHUTDOWN)
				break;
			if ((r = wait_on(u, &u->wait, flags)))
				break;
			continue;
		}
		/* Never glue messages of different writers when credentials
		   are passed. */
		if (x->has_cred && u->passcred && !same_cred(&x->cred, &msg->cred))
			break;
		if (!x->has_cred) {
			x->has_cred = true;
			x->cred = msg->cred;
			set_name(m, msg);
		}
		size_t n = msg->len - msg->off - skip;
		if (n > m->len - copied)
			n = m->len - copied;
		if (sock_iov_move(&it, msg->data + msg->off + skip, n, true)) {
			r = -EFAULT;
			break;
		}
		copied += n;
		bool files = msg->nfiles > 0;
		if (files)
			take_files(msg, x, peek);
		if (!peek) {
			unix_queue_consume(&u->rq, n);
			if (msg->off == msg->len)
				unix_msg_free(unix_queue_pop(&u->rq), file_put);
			unix_wake(u);
		}
		if (files || copied >= m->len)
			break;
	}
	irq_restore(on);
	return copied ? (long)copied : r;
}

static long dgram_recv(struct unix_sock *u, struct sock_msg *m, int flags, struct recv_extra *x)
{
	bool peek = (flags & CUB_MSG_PEEK) != 0;
	long r = 0;

	if (u->sock.type == CUB_SOCK_SEQPACKET && u->state != UNIX_CONNECTED)
		return -ENOTCONN;
	bool on = irq_save();
	struct unix_msg *msg;
	while (!(msg = u->rq.head)) {
		if (u->err) {
			r = -u->err;
			u->err = 0;
			break;
		}
		if (u->shutdown & UNIX_RCV_SHUTDOWN)
			break;
		if ((r = wait_on(u, &u->wait, flags)))
			break;
	}
	if (!msg) {
		irq_restore(on);
		return r;
	}
	if (!peek)
		unix_queue_pop(&u->rq);
	size_t n = msg->len < m->len ? msg->len : m->len;
	struct sock_iov it = {m->iov, m->iovcnt, 0, 0};
	r = sock_iov_move(&it, msg->data, n, true);
	if (!r) {
		if (msg->len > m->len)
			m->flags_out |= CUB_MSG_TRUNC;
		set_name(m, msg);
		x->has_cred = true;
		x->cred = msg->cred;
		take_files(msg, x, peek);
		r = (flags & CUB_MSG_TRUNC) ? (long)msg->len : (long)n;
	}
	if (!peek) {
		unix_msg_free(msg, file_put);
		unix_wake(u);
	}
	irq_restore(on);
	return r;
}

long unix_recvmsg(struct socket *s, struct sock_msg *m, int flags)
{
	struct unix_sock *u = unix_sk(s);
	struct recv_extra x;

	if (flags & CUB_MSG_OOB)
		return -EOPNOTSUPP;
	memset(&x, 0, sizeof(x));
	long r = u->sock.type == CUB_SOCK_STREAM ? stream_recv(u, m, flags, &x)
	                                         : dgram_recv(u, m, flags, &x);
	struct unix_cmsg_out out = {m->control, m->controllen, 0, &m->flags_out};
	if (r >= 0) {
		if (u->passcred && x.has_cred)
			unix_put_cmsg(&out, SOL_SOCKET, CUB_SCM_CREDENTIALS, &x.cred, sizeof(x.cred));
		if (x.nfiles)
			unix_put_files(&out, x.files, x.nfiles, (flags & CUB_MSG_CMSG_CLOEXEC) != 0);
	} else {
		for (int i = 0; i < x.nfiles; i++)
			file_put(x.files[i]);
	}
	kfree(x.files);
	m->controllen = out.used;
	return r;
}
