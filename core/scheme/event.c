/*
 * event.c - /scheme/event: each open is a new, private event queue, open
 * to anyone (the queue only ever looks at its user's own descriptors).
 *
 * Writing struct cub_scheme_event records (uapi/cub/scheme.h) registers
 * interest in descriptors of the writing process; reading returns one
 * record per registered descriptor that is ready, blocking until one is
 * unless O_NONBLOCK (EAGAIN); the queue itself is pollable, POLLIN when a
 * read would not block.  Readiness is the poll core's (fs/poll.h): a scan
 * asks file_poll of each descriptor and the wait is poll_wait, woken by
 * the heads of those descriptors' files as poll(2) is, so there is one
 * readiness mechanism in the kernel, not two.
 *
 * Registrations name descriptors, not open files, and are resolved in the
 * reading process's table at each scan, as the record's fd field says; a
 * descriptor that has been closed reports POLLNVAL until it is removed
 * (Linux's epoll instead forgets a closed file silently; a number the
 * caller can act on seemed more useful than a silent loss).  A queue may
 * watch another queue, but not itself (EINVAL, as epoll_ctl), and nesting
 * is cut off at EVENT_MAX_DEPTH so a cycle of queues cannot recurse.
 *
 * A write takes records in order; one that is refused ends the write:
 * with nothing taken it fails (EBADF: no such descriptor; ENOENT: removing
 * what is not registered; EINVAL: the queue itself, or a length that is
 * not a whole number of records), otherwise it returns the bytes of the
 * records taken.
 */
#include "scheme/scheme_internal.h"

#include "fs/fd.h"
#include "fs/poll.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "uapi/cub/scheme.h"

#include <asm-generic/fcntl.h>
#include <linux/errno.h>
#include <linux/poll.h>

/* Records one read returns at most (bounds the kernel buffer). */
#define EVENT_READ_MAX 64
#define EVENT_MAX_DEPTH 4
#define REC sizeof(struct cub_scheme_event)

struct event_queue {
	struct cub_scheme_event *regs;  /* events != 0 */
	size_t n, cap;
};

static int depth;   /* queues being scanned inside queues (one CPU) */

/* What registration r is ready for now, as poll(2) would report it. */
static uint32_t ready_bits(const struct cub_scheme_event *r, struct poll_table *pt)
{
	struct process *p = process_current();
	struct file *f = p ? fd_get(p->fds, r->fd) : 0;
	if (f)
		file_poll_register(f, pt);
	unsigned m = f ? file_poll(f) : POLLNVAL;

	return m & (r->events | POLLERR | POLLHUP | POLLNVAL);
}

/* Fills out (room for max) with the ready records; returns how many. */
static int scan_queue(struct event_queue *q, struct cub_scheme_event *out, int max,
                      struct poll_table *pt)
{
	int got = 0;

	if (depth >= EVENT_MAX_DEPTH)
		return 0;
	depth++;
	for (size_t i = 0; i < q->n && got < max; i++) {
		uint32_t m = ready_bits(&q->regs[i], pt);
		if (m && out)
			out[got] = (struct cub_scheme_event){ q->regs[i].fd, m, q->regs[i].data };
		if (m)
			got++;
	}
	depth--;
	return got;
}

struct scan_ctx {
	struct event_queue *q;
	struct cub_scheme_event *out;
	int max;
};

static int scan_cb(void *ctx, struct poll_table *pt)
{
	struct scan_ctx *c = ctx;

	return scan_queue(c->q, c->out, c->max, pt);
}

static long event_read(struct file *f, void *ubuf, size_t n)
{
	struct event_queue *q = f->priv;

	if (n < REC)
		return -EINVAL;
	int max = n / REC < EVENT_READ_MAX ? (int)(n / REC) : EVENT_READ_MAX;
	struct cub_scheme_event *out = kmalloc((size_t)max * REC);
	if (!out)
		return -ENOMEM;
	struct scan_ctx c = { q, out, max };
	long r = poll_wait(scan_cb, &c, (f->flags & O_NONBLOCK) ? UINT64_MAX : 0);
	if (r == 0)
		r = -EAGAIN;   /* only without waiting: a blocking wait has no deadline */
	else if (r == -EINTR)
		r = -ERESTARTSYS;
	if (r > 0)
		r = copy_to_user(ubuf, out, (size_t)r * REC) ? -EFAULT : r * (long)REC;
	kfree(out);
	return r;
}

static struct cub_scheme_event *find_reg(struct event_queue *q, int fd)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->regs[i].fd == fd)
			return &q->regs[i];
	return 0;
}

/* Takes one record: 0 or -errno. */
static int apply(struct file *self, struct event_queue *q, const struct cub_scheme_event *rec)
{
	struct cub_scheme_event *r = find_reg(q, rec->fd);

	if (rec->events == 0) {
		if (!r)
			return -ENOENT;
		*r = q->regs[--q->n];
		return 0;
	}
	struct file *f = fd_get(process_current()->fds, rec->fd);
	if (!f)
		return -EBADF;
	if (f == self)
		return -EINVAL;
	if (!r) {
		if (q->n == q->cap) {
			size_t cap = q->cap ? q->cap * 2 : 8;
			if (cap > FD_MAX)
				return -ENOSPC;   /* cannot happen: one entry per descriptor */
			struct cub_scheme_event *regs = kmalloc(cap * REC);
			if (!regs)
				return -ENOMEM;
			for (size_t i = 0; i < q->n; i++)
				regs[i] = q->regs[i];
			kfree(q->regs);
			q->regs = regs;
			q->cap = cap;
		}
		r = &q->regs[q->n++];
	}
	*r = *rec;
	return 0;
}

static long event_write(struct file *f, const void *ubuf, size_t n)
{
	struct event_queue *q = f->priv;
	size_t done = 0;

	if (n == 0 || n % REC)
		return -EINVAL;
	for (; done < n; done += REC) {
		struct cub_scheme_event rec;
		int r = copy_from_user(&rec, (const uint8_t *)ubuf + done, REC) ? -EFAULT : 0;
		if (!r)
			r = apply(f, q, &rec);
		if (r)
			return done ? (long)done : r;
	}
	/* A new registration may already be ready: let a waiting reader of
	   this queue (or a poller of it) look again. */
	poll_notify();
	return (long)n;
}

static unsigned int event_poll(struct file *f)
{
	unsigned m = POLLOUT | POLLWRNORM;

	if (scan_queue(f->priv, 0, 1, 0))
		m |= POLLIN | POLLRDNORM;
	return m;
}

/* A poller of the queue sleeps on the heads of the files it watches
   (and the global head, which its own registration changes wake). */
static void event_poll_register(struct file *f, struct poll_table *pt)
{
	struct event_queue *q = f->priv;
	struct process *p = process_current();

	poll_notify_register(pt);
	if (!p || depth >= EVENT_MAX_DEPTH)
		return;
	depth++;
	for (size_t i = 0; i < q->n; i++) {
		struct file *t = fd_get(p->fds, q->regs[i].fd);
		if (t)
			file_poll_register(t, pt);
	}
	depth--;
}

static void event_release(struct file *f)
{
	struct event_queue *q = f->priv;

	kfree(q->regs);
	kfree(q);
}

static const struct file_ops event_ops = {
	.read = event_read,
	.write = event_write,
	.stat = scheme_file_stat,
	.poll = event_poll,
	.poll_register = event_poll_register,
	.release = event_release,
};

static int event_open(struct inode *ino, unsigned int flags, struct file **out)
{
	struct event_queue *q = kzalloc(sizeof(*q));

	(void)ino;
	if (!q)
		return -ENOMEM;
	*out = file_alloc(&event_ops, q, flags);
	if (!*out) {
		kfree(q);
		return -ENOMEM;
	}
	return 0;
}

const struct scheme scheme_event = {
	.name = "event",
	.mode = S_IFREG | 0666,
	.lookup = 0,
	.readdir = 0,
	.open = event_open,
};
