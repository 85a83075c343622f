/*
 * unix.c - AF_UNIX sockets: making them, names (paths and the abstract
 * namespace), listen, connect and accept, shutdown and release, after
 * Linux's net/unix/af_unix.c.
 */
#include "ipc/unix.h"

#include "arch/x86_64/cpu.h"
#include "cred/cred.h"
#include "fs/fd.h"
#include "fs/inode.h"
#include "fs/ops.h"
#include "fs/perm.h"
#include "fs/poll.h"
#include "fs/vfs.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "proc/process.h"
#include "proc/signal.h"

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/stat.h>

static const struct socket_ops unix_ops;

/* Bound abstract names; Linux hashes the type in, so a name is unique
   per socket type only. */
static struct unix_sock *abstract_list;
static unsigned int next_autobind;

void unix_sock_get(struct unix_sock *u)
{
	u->refs++;
}

void unix_sock_put(struct unix_sock *u)
{
	if (--u->refs > 0)
		return;
	unix_queue_flush(&u->rq, file_put);
	cred_put(u->peer_cred);
	kfree(u->addr);
	kfree(u);
}

void unix_wake(struct unix_sock *u)
{
	waitq_wake_all(&u->wait);
	poll_notify();
}

static struct unix_sock *unix_alloc(int type)
{
	struct unix_sock *u = kzalloc(sizeof(*u));

	if (!u)
		return 0;
	u->sock.ops = &unix_ops;
	u->sock.family = CUB_AF_UNIX;
	u->sock.type = type;
	u->sock.ino = socket_next_ino();
	u->refs = 1;
	u->sndbuf = UNIX_BUF_DEFAULT;
	u->rcvbuf = UNIX_BUF_DEFAULT;
	unix_queue_init(&u->rq);
	waitq_init(&u->wait);
	return u;
}

/* Records who is at this end now, for the other end's SO_PEERCRED. */
static void set_peercred(struct unix_sock *u, uint32_t pid, const struct cred *c)
{
	cred_put(u->peer_cred);
	u->peer_pid = pid;
	u->peer_cred = c ? cred_get(c) : 0;
}

static int check_type(int type, int protocol)
{
	/* Linux accepts 0 and PF_UNIX, and turns SOCK_RAW into SOCK_DGRAM. */
	if (protocol && protocol != CUB_AF_UNIX)
		return -EPROTONOSUPPORT;
	if (type == CUB_SOCK_STREAM || type == CUB_SOCK_DGRAM || type == CUB_SOCK_SEQPACKET ||
	    type == CUB_SOCK_RAW)
		return 0;
	return -ESOCKTNOSUPPORT;
}

int unix_create(int type, int protocol, struct socket **out)
{
	int r = check_type(type, protocol);

	if (r)
		return r;
	struct unix_sock *u = unix_alloc(type == CUB_SOCK_RAW ? CUB_SOCK_DGRAM : type);
	if (!u)
		return -ENOMEM;
	*out = &u->sock;
	return 0;
}

int unix_socketpair(int type, int protocol, struct socket **a, struct socket **b)
{
	int r = check_type(type, protocol);

	if (r)
		return r;
	if (type == CUB_SOCK_RAW)
		type = CUB_SOCK_DGRAM;
	struct unix_sock *x = unix_alloc(type), *y = unix_alloc(type);
	if (!x || !y) {
		kfree(x);
		kfree(y);
		return -ENOMEM;
	}
	struct process *p = process_current();
	x->peer = y;
	y->peer = x;
	unix_sock_get(x);
	unix_sock_get(y);
	x->state = y->state = UNIX_CONNECTED;
	set_peercred(x, (uint32_t)p->pid, p->cred);
	set_peercred(y, (uint32_t)p->pid, p->cred);
	*a = &x->sock;
	*b = &y->sock;
	return 0;
}

static struct unix_sock *abstract_find(const struct unix_addr *a, int type)
{
	for (struct unix_sock *u = abstract_list; u; u = u->abs_next)
		if (u->sock.type == type && unix_addr_equal(u->addr, a))
			return u;
	return 0;
}

static int bind_abstract(struct unix_sock *u, const struct unix_addr *a)
{
	if (abstract_find(a, u->sock.type))
		return -EADDRINUSE;
	u->addr = kmalloc(sizeof(*a));
	if (!u->addr)
		return -ENOMEM;
	*u->addr = *a;
	u->abs_next = abstract_list;
	abstract_list = u;
	return 0;
}

int unix_autobind(struct unix_sock *u)
{
	struct unix_addr a;

	if (u->addr)
		return 0;
	for (unsigned int tries = 0; tries <= 0xfffff; tries++) {
		unix_addr_autobind(&a, next_autobind++);
		if (!abstract_find(&a, u->sock.type))
			return bind_abstract(u, &a);
	}
	return -ENOSPC;
}

/* Binding a path makes a socket inode, as mknod(S_IFSOCK) would: mode
   0777 less the umask, owned by the file ids; an existing name of any
   kind is EADDRINUSE. */
static int bind_path(struct unix_sock *u, const struct unix_addr *a)
{
	struct fs_ctx ctx;
	struct inode *ino;
	int r = vfs_ctx_at(AT_FDCWD, &ctx);

	if (r)
		return r;
	r = fs_mknodat(&ctx, a->sa.sun_path, S_IFSOCK | (0777 & ~process_current()->umask), 0, 0);
	if (r == -EEXIST)
		return -EADDRINUSE;
	if (r)
		return r;
	ctx.cred = 0; /* the walk that just created it may look it up again */
	r = fs_lookup(&ctx, a->sa.sun_path, 0, &ino);
	if (r)
		return r;
	u->addr = kmalloc(sizeof(*a));
	if (!u->addr) {
		fs_put(ino);
		return -ENOMEM;
	}
	*u->addr = *a;
	ino->priv = u;
	u->inode = ino;
	return 0;
}

static int unix_bind(struct socket *s, const void *kaddr, size_t len)
{
	struct unix_sock *u = unix_sk(s);
	struct unix_addr a;
	int r;

	if (len == sizeof(cub_sa_family_t) &&
	    *(const cub_sa_family_t *)kaddr == CUB_AF_UNIX) {
		bool on = irq_save();
		r = u->addr ? -EINVAL : unix_autobind(u);
		irq_restore(on);
		return r;
	}
	r = unix_addr_parse(kaddr, len, &a);
	if (r)
		return r;
	bool on = irq_save();
	if (u->addr)
		r = -EINVAL;
	else if (unix_addr_abstract(&a))
		r = bind_abstract(u, &a);
	else
		r = bind_path(u, &a);
	irq_restore(on);
	return r;
}

struct unix_sock *unix_find(const struct unix_addr *a, int type, int *err)
{
	struct unix_sock *u;

	*err = 0;
	if (unix_addr_abstract(a)) {
		u = abstract_find(a, type);
		if (!u) {
			*err = -ECONNREFUSED;
			return 0;
		}
		unix_sock_get(u);
		return u;
	}
	struct fs_ctx ctx;
	struct inode *ino;
	int r = vfs_ctx_at(AT_FDCWD, &ctx);
	if (!r)
		r = fs_lookup(&ctx, a->sa.sun_path, FS_WALK_FOLLOW, &ino);
	if (r) {
		*err = r;
		return 0;
	}
	/* Linux's order: write permission first, then what the file is. */
	r = fs_permission(ino, ctx.cred, FS_MAY_WRITE);
	u = S_ISSOCK(ino->mode) ? ino->priv : 0;
	fs_put(ino);
	if (r || !u || u->dead) {
		*err = r ? r : -ECONNREFUSED;
		return 0;
	}
	if (u->sock.type != type) {
		*err = -EPROTOTYPE;
		return 0;
	}
	unix_sock_get(u);
	return u;
}

static int unix_listen(struct socket *s, int backlog)
{
	struct unix_sock *u = unix_sk(s);
	struct process *p = process_current();

	if (!unix_connection_based(u))
		return -EOPNOTSUPP;
	bool on = irq_save();
	int r = 0;
	if (!u->addr || (u->state != UNIX_UNCONNECTED && u->state != UNIX_LISTENING))
		r = -EINVAL;
	if (!r) {
		u->backlog = backlog;
		/* A client's SO_PEERCRED names the listener as it was at listen. */
		set_peercred(u, (uint32_t)p->pid, p->cred);
		u->state = UNIX_LISTENING;
		unix_wake(u); /* connectors waiting for a bigger backlog */
	}
	irq_restore(on);
	return r;
}

static int dgram_connect(struct unix_sock *u, const struct unix_addr *a, bool unspec)
{
	int r = 0;
	struct unix_sock *other = 0;

	if (!unspec) {
		if (u->passcred && (r = unix_autobind(u)))
			return r;
		other = unix_find(a, u->sock.type, &r);
		if (!other)
			return r;
		if (other->peer && other->peer != u) {
			unix_sock_put(other);
			return -EPERM;
		}
	}
	struct unix_sock *old = u->peer;
	u->peer = other;
	u->state = other ? UNIX_CONNECTED : UNIX_UNCONNECTED;
	if (old)
		unix_sock_put(old);
	return 0;
}

/* Waits for room in a listener's backlog: 0, or -errno to give up. */
static int wait_backlog(struct unix_sock *u, struct unix_sock *l)
{
	while (l->acc_count > l->backlog) {
		int r = socket_wait(&u->sock, &l->wait, false);
		if (r)
			return r;
		if (l->dead || l->state != UNIX_LISTENING)
			return -ECONNREFUSED;
	}
	return 0;
}

static int stream_connect(struct unix_sock *u, const struct unix_addr *a)
{
	int r = 0;
	struct process *p = process_current();

	if (u->passcred && (r = unix_autobind(u)))
		return r;
	struct unix_sock *l = unix_find(a, u->sock.type, &r);
	if (!l)
		return r;
	if (l->state != UNIX_LISTENING) {
		r = -ECONNREFUSED;
		goto out;
	}
	r = wait_backlog(u, l);
	if (r)
		goto out;
	if (u->state == UNIX_CONNECTED) {
		r = -EISCONN;
		goto out;
	}
	if (u->state != UNIX_UNCONNECTED) {
		r = -EINVAL;
		goto out;
	}
	struct unix_sock *e = unix_alloc(u->sock.type);
	if (!e) {
		r = -ENOMEM;
		goto out;
	}
	e->embryo = true;
	e->state = u->state = UNIX_CONNECTED;
	e->passcred = l->passcred;
	e->sndbuf = l->sndbuf;
	e->rcvbuf = l->rcvbuf;
	e->addr = kmalloc(sizeof(*e->addr));
	if (e->addr)
		*e->addr = *l->addr;
	/* Each end sees the other: the server end the client now, the
	   client the listener as it was at listen(). */
	set_peercred(e, (uint32_t)p->pid, p->cred);
	set_peercred(u, l->peer_pid, l->peer_cred);
	e->peer = u;
	unix_sock_get(u);
	u->peer = e;
	unix_sock_get(e);
	/* The listener's queue keeps the creation reference of e. */
	if (l->acc_tail)
		l->acc_tail->acc_next = e;
	else
		l->acc_head = e;
	l->acc_tail = e;
	l->acc_count++;
	unix_wake(l);
out:
	unix_sock_put(l);
	return r;
}

static int unix_connect(struct socket *s, const void *kaddr, size_t len)
{
	struct unix_sock *u = unix_sk(s);
	struct unix_addr a;
	bool unspec = len >= sizeof(cub_sa_family_t) &&
	              *(const cub_sa_family_t *)kaddr == CUB_AF_UNSPEC;
	int r = 0;

	if (!(unspec && u->sock.type == CUB_SOCK_DGRAM))
		r = unix_addr_parse(kaddr, len, &a);
	if (r)
		return r;
	bool on = irq_save();
	r = u->sock.type == CUB_SOCK_DGRAM ? dgram_connect(u, &a, unspec) : stream_connect(u, &a);
	irq_restore(on);
	return r;
}

static int unix_accept(struct socket *s, struct socket **out)
{
	struct unix_sock *u = unix_sk(s);

	if (!unix_connection_based(u))
		return -EOPNOTSUPP;
	bool on = irq_save();
	int r = 0;
	for (;;) {
		if (u->state != UNIX_LISTENING) {
			r = -EINVAL;
			break;
		}
		if (u->acc_head || (r = socket_wait(s, &u->wait, false)))
			break;
	}
	if (!r) {
		struct unix_sock *e = u->acc_head;
		u->acc_head = e->acc_next;
		if (!u->acc_head)
			u->acc_tail = 0;
		u->acc_count--;
		e->acc_next = 0;
		e->embryo = false;
		*out = &e->sock;
		unix_wake(u); /* a connector waiting for room */
	}
	irq_restore(on);
	return r;
}

static int unix_getname(struct socket *s, void *kaddr, bool peer)
{
	struct unix_sock *u = unix_sk(s);
	bool on = irq_save();
	const struct unix_addr *a = u->addr;
	int r = 0;

	if (peer) {
		if (u->state != UNIX_CONNECTED || !u->peer)
			r = -ENOTCONN;
		else
			a = u->peer->addr;
	}
	if (!r && a) {
		memcpy(kaddr, &a->sa, a->len);
		r = (int)a->len;
	} else if (!r) {
		*(cub_sa_family_t *)kaddr = CUB_AF_UNIX;
		r = (int)UNIX_ADDR_UNNAMED_LEN;
	}
	irq_restore(on);
	return r;
}

/* Linux's unix_shutdown: SHUT_RD on one end is SHUT_WR's EOF on the
   other, so both ends of a connection get the mirrored bits. */
static int unix_shutdown(struct socket *s, int how)
{
	struct unix_sock *u = unix_sk(s);
	unsigned int mode = (unsigned int)how + 1; /* SHUT_RD 0 .. SHUT_RDWR 2 */

	bool on = irq_save();
	u->shutdown |= mode;
	unix_wake(u);
	struct unix_sock *p = u->peer;
	if (p && unix_connection_based(u)) {
		unsigned int pm = 0;
		if (mode & UNIX_RCV_SHUTDOWN)
			pm |= UNIX_SEND_SHUTDOWN;
		if (mode & UNIX_SEND_SHUTDOWN)
			pm |= UNIX_RCV_SHUTDOWN;
		p->shutdown |= pm;
		unix_wake(p);
	}
	irq_restore(on);
	return 0;
}

/* Drops a socket whose file is gone (or an embryo whose listener went):
   its name, its peer's connection, its queue and its waiting clients. */
static void unix_release_sock(struct unix_sock *u, struct unix_queue *dropped)
{
	u->dead = true;
	u->shutdown = UNIX_SHUTDOWN_MASK;
	if (u->addr && unix_addr_abstract(u->addr)) {
		for (struct unix_sock **pp = &abstract_list; *pp; pp = &(*pp)->abs_next)
			if (*pp == u) {
				*pp = u->abs_next;
				break;
			}
	}
	if (u->inode) {
		u->inode->priv = 0;
		fs_put(u->inode);
		u->inode = 0;
	}
	struct unix_sock *p = u->peer;
	if (p && unix_connection_based(u)) {
		p->shutdown = UNIX_SHUTDOWN_MASK;
		/* Unread data or a connection never accepted resets the peer. */
		if (!unix_queue_empty(&u->rq) || u->embryo)
			p->err = ECONNRESET;
		unix_wake(p);
	}
	u->peer = 0;
	if (p)
		unix_sock_put(p);
	/* Files in flight are released after the state is consistent. */
	struct unix_msg *m;
	while ((m = unix_queue_pop(&u->rq)))
		unix_queue_push(dropped, m);
	struct unix_sock *e;
	while ((e = u->acc_head)) {
		u->acc_head = e->acc_next;
		u->acc_count--;
		unix_release_sock(e, dropped);
		unix_sock_put(e);
	}
	u->acc_tail = 0;
	u->state = UNIX_UNCONNECTED;
	unix_wake(u);
}

static void unix_release(struct socket *s)
{
	struct unix_sock *u = unix_sk(s);
	struct unix_queue dropped;

	unix_queue_init(&dropped);
	bool on = irq_save();
	unix_release_sock(u, &dropped);
	irq_restore(on);
	unix_queue_flush(&dropped, file_put);
	on = irq_save();
	unix_sock_put(u);
	irq_restore(on);
}

static const struct socket_ops unix_ops = {
	.bind = unix_bind,
	.connect = unix_connect,
	.listen = unix_listen,
	.accept = unix_accept,
	.getname = unix_getname,
	.sendmsg = unix_sendmsg,
	.recvmsg = unix_recvmsg,
	.shutdown = unix_shutdown,
	.setsockopt = unix_setsockopt,
	.getsockopt = unix_getsockopt,
	.ioctl = unix_ioctl,
	.poll = unix_poll,
	.release = unix_release,
};
