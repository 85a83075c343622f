/*
 * socket.c - the file operations every socket shares; the family's
 * operations do the work.
 */
#include "ipc/socket.h"

#include "fs/fd.h"
#include "fs/poll.h"
#include "lib/kstring.h"
#include "mm/uaccess.h"
#include "proc/signal.h"
#include "sched/sched.h"

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <linux/uio.h>

static uint64_t next_ino = 1;

uint64_t socket_next_ino(void)
{
	return next_ino++;
}

bool socket_nonblocking(const struct socket *s)
{
	return s->file && (s->file->flags & O_NONBLOCK);
}

int sock_iov_move(struct sock_iov *it, void *kbuf, size_t n, bool to_user)
{
	uint8_t *k = kbuf;

	while (n) {
		if (it->i >= it->cnt)
			return -EFAULT;
		const struct iovec *v = &it->iov[it->i];
		size_t c = v->iov_len - it->off;
		if (c > n)
			c = n;
		uint8_t *u = (uint8_t *)v->iov_base + it->off;
		if (c && (to_user ? copy_to_user(u, k, c) : copy_from_user(k, u, c)))
			return -EFAULT;
		k += c;
		n -= c;
		it->off += c;
		if (it->off == v->iov_len) {
			it->i++;
			it->off = 0;
		}
	}
	return 0;
}

int socket_put_opt(void *uval, int *ulen, int len, const void *v, int n)
{
	if (len > n)
		len = n;
	if (copy_to_user(uval, v, (size_t)len) || copy_to_user(ulen, &len, sizeof(len)))
		return -EFAULT;
	return 0;
}

int socket_wait(const struct socket *s, struct waitq *wq, bool dontwait)
{
	if (dontwait || socket_nonblocking(s))
		return -EAGAIN;
	if (signal_pending())
		return -ERESTARTSYS;
	waitq_block_interruptible(wq, 0);
	return 0;
}

/* read and write are recvmsg and sendmsg of one buffer, no flags. */
static long sock_rw(struct file *f, void *buf, size_t n, bool write)
{
	struct socket *s = f->priv;
	struct iovec iov = {buf, n};
	struct sock_msg m;

	memset(&m, 0, sizeof(m));
	m.iov = &iov;
	m.iovcnt = 1;
	m.len = n;
	return write ? s->ops->sendmsg(s, &m, 0) : s->ops->recvmsg(s, &m, 0);
}

static long sock_read(struct file *f, void *buf, size_t n)
{
	return sock_rw(f, buf, n, false);
}

static long sock_write(struct file *f, const void *buf, size_t n)
{
	return sock_rw(f, (void *)buf, n, true);
}

static long sock_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct socket *s = f->priv;
	long r;

	if (socket_ifioctl(s, cmd, arg, &r))
		return r;
	return s->ops->ioctl ? s->ops->ioctl(s, cmd, arg) : -ENOTTY;
}

static unsigned int sock_poll(struct file *f)
{
	struct socket *s = f->priv;

	return s->ops->poll(s);
}

static void sock_poll_register(struct file *f, struct poll_table *pt)
{
	struct socket *s = f->priv;
	struct poll_head *h = s->ops->poll_head ? s->ops->poll_head(s) : 0;

	if (h)
		poll_table_add(pt, h);
	else
		poll_notify_register(pt);
}

/* Linux's sockfs inode: a socket, mode 0777, an inode number of its own. */
static int sock_stat(struct file *f, struct stat *st)
{
	struct socket *s = f->priv;

	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFSOCK | 0777;
	st->st_nlink = 1;
	st->st_ino = s->ino;
	st->st_blksize = 4096;
	return 0;
}

static void sock_release(struct file *f)
{
	struct socket *s = f->priv;

	s->file = 0;
	s->ops->release(s);
}

static const struct file_ops socket_file_ops = {
	.read = sock_read,
	.write = sock_write,
	.ioctl = sock_ioctl,
	.poll = sock_poll,
	.poll_register = sock_poll_register,
	.stat = sock_stat,
	.release = sock_release,
};

struct file *socket_file(struct socket *s, unsigned int flags)
{
	struct file *f = file_alloc(&socket_file_ops, s, O_RDWR | (flags & O_NONBLOCK));

	if (f)
		s->file = f;
	return f;
}

struct socket *socket_of(struct file *f)
{
	return f && f->ops == &socket_file_ops ? f->priv : 0;
}
