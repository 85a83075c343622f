/*
 * pipe.c - the pipe ring buffer and its two ends.
 */
#include "ipc/pipe.h"

#include "fs/anon.h"
#include "fs/fd.h"
#include "fs/inode.h"
#include "fs/poll.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/sched.h"

#include <asm/ioctls.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/poll.h>
#include <linux/stat.h>

/* Linux's default capacity: 16 pages. */
#define PIPE_DEFAULT_SIZE 65536
/* F_SETPIPE_SZ's largest request (round_pipe_size in fs/pipe.c). */
#define PIPE_MAX_REQUEST (1UL << 31)
#define PIPE_PAGE 4096

struct pipe {
	uint8_t *buf;
	size_t size;      /* capacity: a power of two, at least a page */
	size_t head, len; /* bytes [head, head+len) mod size */
	int readers, writers;
	unsigned r_opens, w_opens; /* FIFO opens so far, for open's rendezvous */
	struct inode *fifo;        /* the FIFO's inode, or NULL for pipe2 */
	struct waitq rwait, wwait;
	struct poll_head ph; /* pollers and epoll items of both ends */
	uint64_t ino;
};

static uint64_t next_pipe_ino = 1;

/* Copies up to n bytes out of the ring into user memory. */
static long ring_to_user(struct pipe *p, uint8_t *ubuf, size_t n)
{
	size_t done = 0;

	while (done < n && p->len) {
		size_t c = p->size - p->head;
		if (c > p->len)
			c = p->len;
		if (c > n - done)
			c = n - done;
		if (copy_to_user(ubuf + done, p->buf + p->head, c))
			return done ? (long)done : -EFAULT;
		p->head = (p->head + c) % p->size;
		p->len -= c;
		done += c;
	}
	return (long)done;
}

static long ring_from_user(struct pipe *p, const uint8_t *ubuf, size_t n)
{
	size_t done = 0;

	while (done < n && p->len < p->size) {
		size_t tail = (p->head + p->len) % p->size;
		size_t c = tail >= p->head || p->len == 0 ? p->size - tail : p->head - tail;
		if (c > p->size - p->len)
			c = p->size - p->len;
		if (c > n - done)
			c = n - done;
		if (copy_from_user(p->buf + tail, ubuf + done, c))
			return done ? (long)done : -EFAULT;
		p->len += c;
		done += c;
	}
	return (long)done;
}

static long pipe_read(struct file *f, void *buf, size_t n)
{
	struct pipe *p = f->priv;

	if (n == 0)
		return 0;
	bool on = irq_save();
	while (p->len == 0) {
		int r = p->writers == 0 ? 1 : file_wait(f, &p->rwait);
		if (r) {
			irq_restore(on);
			return r > 0 ? 0 : r; /* no writer left: end of file */
		}
	}
	long r = ring_to_user(p, buf, n);
	waitq_wake_all(&p->wwait);
	poll_head_wake(&p->ph, POLLOUT | POLLWRNORM);
	irq_restore(on);
	return r;
}

static void raise_sigpipe(void)
{
	siginfo_t info;
	struct process *self = process_current();

	memset(&info, 0, sizeof(info));
	info.si_signo = SIGPIPE;
	info.si_code = SI_USER;
	info.si_pid = self->pid;
	signal_send_thread(thread_current(), SIGPIPE, &info); /* the writer, as Linux */
}

static long pipe_write(struct file *f, const void *buf, size_t n)
{
	struct pipe *p = f->priv;
	size_t done = 0;

	bool on = irq_save();
	while (done < n) {
		if (p->readers == 0) {
			irq_restore(on);
			raise_sigpipe();
			return done ? (long)done : -EPIPE;
		}
		/* Up to PIPE_BUF bytes go in one piece or not at all. */
		size_t room = p->size - p->len;
		size_t need = n - done <= PIPE_BUF ? n - done : 1;
		if (room >= need) {
			long r = ring_from_user(p, (const uint8_t *)buf + done, n - done);
			if (r < 0) {
				irq_restore(on);
				return done ? (long)done : r;
			}
			done += (size_t)r;
			waitq_wake_all(&p->rwait);
			poll_head_wake(&p->ph, POLLIN | POLLRDNORM);
			continue;
		}
		int r = file_wait(f, &p->wwait);
		if (r) {
			irq_restore(on);
			return done ? (long)done : r;
		}
	}
	irq_restore(on);
	return (long)done;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct pipe *p = f->priv;

	if (cmd == FIONREAD) {
		int n = (int)p->len;
		return copy_to_user((void *)arg, &n, sizeof(n));
	}
	return -ENOTTY;
}

static unsigned int pipe_poll_read(struct file *f)
{
	struct pipe *p = f->priv;
	unsigned int m = 0;

	if (p->len)
		m |= POLLIN | POLLRDNORM;
	if (p->writers == 0)
		m |= POLLHUP;
	return m;
}

static unsigned int pipe_poll_write(struct file *f)
{
	struct pipe *p = f->priv;
	unsigned int m = 0;

	if (p->size - p->len >= PIPE_BUF)
		m |= POLLOUT | POLLWRNORM;
	if (p->readers == 0)
		m |= POLLERR;
	return m;
}

static int pipe_stat(struct file *f, struct stat *st)
{
	struct pipe *p = f->priv;

	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_ino = p->ino;
	st->st_blksize = 4096;
	return 0;
}

static void pipe_release_end(struct file *f, bool reader)
{
	struct pipe *p = f->priv;
	bool on = irq_save();

	if (reader)
		p->readers--;
	else
		p->writers--;
	waitq_wake_all(&p->rwait);
	waitq_wake_all(&p->wwait);
	poll_head_wake(&p->ph, ~0u);
	bool gone = p->readers == 0 && p->writers == 0;
	if (gone && p->fifo)
		p->fifo->priv = 0; /* the next open starts a new pipe */
	if (gone)
		poll_head_detach_all(&p->ph);
	irq_restore(on);
	if (gone) {
		kfree(p->buf);
		kfree(p);
	}
}

static void pipe_release_read(struct file *f)
{
	pipe_release_end(f, true);
}

static void pipe_release_write(struct file *f)
{
	pipe_release_end(f, false);
}

static void pipe_release_rdwr(struct file *f)
{
	struct pipe *p = f->priv;
	bool on = irq_save();
	p->writers--; /* the reader count goes with pipe_release_end */
	irq_restore(on);
	pipe_release_end(f, true);
}

static unsigned int pipe_poll_rdwr(struct file *f)
{
	return pipe_poll_read(f) | pipe_poll_write(f);
}

static void pipe_poll_register(struct file *f, struct poll_table *pt)
{
	poll_table_add(pt, &((struct pipe *)f->priv)->ph);
}

static const struct file_ops pipe_read_ops;
static const struct file_ops pipe_write_ops;

static const struct file_ops fifo_rdwr_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll_rdwr,
	.poll_register = pipe_poll_register,
	.ioctl = pipe_ioctl,
	.stat = pipe_stat,
	.release = pipe_release_rdwr,
};

static const struct file_ops pipe_read_ops = {
	.read = pipe_read,
	.poll = pipe_poll_read,
	.poll_register = pipe_poll_register,
	.ioctl = pipe_ioctl,
	.stat = pipe_stat,
	.release = pipe_release_read,
};

static const struct file_ops pipe_write_ops = {
	.write = pipe_write,
	.poll = pipe_poll_write,
	.poll_register = pipe_poll_register,
	.ioctl = pipe_ioctl,
	.stat = pipe_stat,
	.release = pipe_release_write,
};

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return 0;
	p->size = PIPE_DEFAULT_SIZE;
	p->buf = kmalloc(p->size);
	if (!p->buf) {
		kfree(p);
		return 0;
	}
	waitq_init(&p->rwait);
	waitq_init(&p->wwait);
	poll_head_init(&p->ph);
	p->ino = next_pipe_ino++;
	return p;
}

/*
 * Opening a FIFO (fifo(7)): a reader waits for a writer and a writer for
 * a reader, unless O_NONBLOCK (then a lone writer fails with ENXIO);
 * O_RDWR never waits.  Both ends share the pipe hung on the inode.
 */
struct file *fifo_open(struct inode *ino, unsigned int flags, int *err)
{
	unsigned int mode = flags & O_ACCMODE;
	bool on = irq_save();
	struct pipe *p = ino->priv;

	*err = 0;
	if (!p) {
		p = pipe_alloc();
		if (!p) {
			irq_restore(on);
			*err = -ENOMEM;
			return 0;
		}
		p->fifo = ino;
		ino->priv = p;
	}
	if (mode == O_WRONLY && (flags & O_NONBLOCK) && p->readers == 0) {
		if (p->writers == 0 && p->readers == 0) {
			ino->priv = 0;
			kfree(p->buf);
			kfree(p);
		}
		irq_restore(on);
		*err = -ENXIO;
		return 0;
	}
	bool reader = mode == O_RDONLY || mode == O_RDWR;
	bool writer = mode == O_WRONLY || mode == O_RDWR;
	const struct file_ops *ops = mode == O_RDONLY ? &pipe_read_ops
	                           : mode == O_WRONLY ? &pipe_write_ops
	                                              : &fifo_rdwr_ops;
	struct file *f = file_alloc(ops, p, flags);
	if (!f) {
		irq_restore(on);
		*err = -ENOMEM;
		return 0;
	}
	if (reader) {
		p->readers++;
		p->r_opens++;
	}
	if (writer) {
		p->writers++;
		p->w_opens++;
	}
	waitq_wake_all(&p->rwait);
	waitq_wake_all(&p->wwait);
	/* Wait for the other end (not for O_RDWR, not with O_NONBLOCK). */
	unsigned seen = reader ? p->w_opens : p->r_opens;
	while (mode != O_RDWR && !(flags & O_NONBLOCK) &&
	       (reader ? p->writers == 0 && p->w_opens == seen
	               : p->readers == 0 && p->r_opens == seen)) {
		if (signal_pending()) {
			irq_restore(on);
			file_put(f);
			*err = -ERESTARTSYS;
			return 0;
		}
		waitq_block_interruptible(reader ? &p->rwait : &p->wwait, 0);
	}
	irq_restore(on);
	return f;
}

static bool is_pipe(const struct file *f)
{
	return f->ops == &pipe_read_ops || f->ops == &pipe_write_ops || f->ops == &fifo_rdwr_ops;
}

/* Linux's round_pipe_size: a page at least, a power of two, 0 if too big. */
static size_t round_pipe_size(uint64_t req)
{
	if (req > PIPE_MAX_REQUEST)
		return 0;
	size_t size = PIPE_PAGE;
	while (size < req)
		size <<= 1;
	return size;
}

/*
 * F_SETPIPE_SZ: moves the unread bytes into a ring of the new capacity.
 * Linux lets only CAP_SYS_RESOURCE go above fs.pipe-max-size (1 MiB);
 * everyone is root for now, so the heap is the only bound (ENOMEM).
 */
static long pipe_set_size(struct pipe *p, uint64_t req)
{
	size_t size = round_pipe_size(req);

	if (!size)
		return -EINVAL;
	if (size == p->size)
		return (long)size;
	uint8_t *buf = kmalloc(size);
	if (!buf)
		return -ENOMEM;
	bool on = irq_save();
	if (p->len > size) {
		irq_restore(on);
		kfree(buf);
		return -EBUSY; /* the unread data would not fit */
	}
	for (size_t i = 0; i < p->len; i++)
		buf[i] = p->buf[(p->head + i) % p->size];
	uint8_t *old = p->buf;
	p->buf = buf;
	p->size = size;
	p->head = 0;
	/* A larger pipe has room for blocked writers. */
	waitq_wake_all(&p->wwait);
	poll_head_wake(&p->ph, POLLOUT | POLLWRNORM);
	irq_restore(on);
	kfree(old);
	return (long)size;
}

long pipe_fcntl(struct file *f, unsigned int cmd, uint64_t arg)
{
	if (!is_pipe(f))
		return -EBADF; /* fcntl(2): not a pipe */
	struct pipe *p = f->priv;
	if (cmd == F_GETPIPE_SZ)
		return (long)p->size;
	if (cmd == F_SETPIPE_SZ)
		return pipe_set_size(p, (uint32_t)arg); /* Linux takes an unsigned int */
	return -EINVAL;
}

int pipe_create(unsigned int flags, struct file **rd, struct file **wr)
{
	struct pipe *p = pipe_alloc();

	if (!p)
		return -ENOMEM;
	*rd = file_alloc(&pipe_read_ops, p, O_RDONLY | (flags & O_NONBLOCK));
	*wr = file_alloc(&pipe_write_ops, p, O_WRONLY | (flags & O_NONBLOCK));
	if (!*rd || !*wr) {
		kfree(*rd);
		kfree(*wr);
		kfree(p->buf);
		kfree(p);
		return -ENOMEM;
	}
	p->readers = p->writers = 1;
	return 0;
}
