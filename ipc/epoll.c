/*
 * epoll.c - epoll_create, epoll_create1, epoll_ctl, epoll_wait,
 * epoll_pwait, epoll_pwait2 (Linux's fs/eventpoll.c, man 7 epoll).
 *
 * An epoll is a list of items, one per watched (open file, descriptor)
 * pair.  Each item hangs entries on the heads its file registers
 * (fs/poll.h); a wake-up of such a head marks the item pending and wakes
 * the epoll's own head, where epoll_wait sleeps and where pollers and
 * outer epolls of this epoll wait.  epoll_wait asks each item's file for
 * its readiness: a level-triggered item is reported while it is ready,
 * an edge-triggered one only when it was woken since its last report
 * (or added or modified), and a one-shot item once until EPOLL_CTL_MOD.
 * Looking at every item per wait costs O(items), which is fine for the
 * handfuls of descriptors cub's programs watch.
 *
 * An item does not hold its file: it goes when the open file description
 * is released (file_put calls epoll_file_release), so a dup'd descriptor
 * keeps the interest alive, as in Linux.
 */
#include "fs/anon.h"
#include "fs/fd.h"
#include "fs/poll.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/clock.h"
#include "sched/sched.h"
#include "sys/syscall.h"

#include <linux/errno.h>
#include <linux/eventpoll.h>
#include <linux/fcntl.h>
#include <linux/poll.h>
#include <linux/stat.h>
#include <linux/time_types.h>

/* Linux's limits: epolls nest at most this deep, and maxevents may not
   make the event array pass INT_MAX bytes. */
#define EP_MAX_NESTS 4
#define EP_MAX_EVENTS (0x7fffffff / (int)sizeof(struct epoll_event))
/* Events one wait gathers at most (bounds the kernel buffer); a larger
   maxevents just gets them over several calls, as epoll(7) allows. */
#define EP_BATCH 64
/* Heads an item holds inline: most files register one; an event scheme
   queue registers one per descriptor it watches, in overflow chunks. */
#define EP_ITEM_HEADS 2
#define EP_MORE_HEADS 8
/* The flags that steer an item rather than name events. */
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
/* What EPOLLEXCLUSIVE may be combined with (Linux's EPOLLEXCLUSIVE_OK_BITS). */
#define EP_EXCLUSIVE_OK (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)

struct ep_more {
	struct ep_more *next;
	int used;
	struct poll_entry pe[EP_MORE_HEADS];
};

struct eventpoll;

struct epitem {
	struct eventpoll *ep;
	struct file *file; /* not a reference: the item goes with the file */
	int fd;
	struct epitem *next;  /* the epoll's items, in reporting order */
	struct epitem *fnext; /* the file's items (file->epitems) */
	uint32_t events;      /* interest, EPOLLERR | EPOLLHUP and the flags */
	uint64_t data;
	bool pending;  /* woken since its last report: an edge to report */
	bool disabled; /* EPOLLONESHOT reported: silent until MOD */
	int nheads;
	struct poll_entry pe[EP_ITEM_HEADS];
	struct ep_more *more; /* heads past the inline ones */
	bool nomem;           /* a head could not be registered */
};

struct eventpoll {
	struct epitem *items;
	struct poll_head ph; /* epoll_wait sleepers, pollers, outer epolls */
};

static const struct file_ops epoll_ops;

static bool is_epoll(const struct file *f)
{
	return f->ops == &epoll_ops;
}

/* Readiness scans of nested epolls recurse; this bounds it (one CPU). */
static int scan_depth;

/* The events item epi would report now (0: none), without consuming. */
static uint32_t item_revents(struct epitem *epi)
{
	if (epi->disabled || ((epi->events & EPOLLET) && !epi->pending))
		return 0;
	return file_poll(epi->file) & epi->events & ~EP_PRIVATE_BITS;
}

static unsigned int epoll_poll(struct file *f)
{
	struct eventpoll *ep = f->priv;
	unsigned int m = 0;

	if (scan_depth > EP_MAX_NESTS)
		return 0;
	scan_depth++;
	for (struct epitem *epi = ep->items; epi && !m; epi = epi->next)
		if (item_revents(epi))
			m = POLLIN | POLLRDNORM;
	scan_depth--;
	return m;
}

static void epoll_poll_register(struct file *f, struct poll_table *pt)
{
	poll_table_add(pt, &((struct eventpoll *)f->priv)->ph);
}

/* A head of the item's file was woken with events (~0u: any). */
static void item_wake(struct poll_entry *e, unsigned int events)
{
	struct epitem *epi = e->ctx;

	if (epi->disabled)
		return;
	/* A wake-up about other events is no edge for this item. */
	if (!(events & epi->events & ~EP_PRIVATE_BITS))
		return;
	epi->pending = true;
	poll_head_wake(&epi->ep->ph, POLLIN | POLLRDNORM);
}

struct item_table {
	struct poll_table pt; /* first: the table is the item's */
	struct epitem *epi;
};

static void item_table_add(struct poll_table *pt, struct poll_head *h)
{
	struct epitem *epi = ((struct item_table *)pt)->epi;

	for (int i = 0; i < epi->nheads; i++)
		if (epi->pe[i].head == h)
			return;
	struct poll_entry *e;
	if (epi->nheads < EP_ITEM_HEADS) {
		e = &epi->pe[epi->nheads++];
	} else {
		struct ep_more *m = epi->more;
		if (!m || m->used == EP_MORE_HEADS) {
			m = kmalloc(sizeof(*m));
			if (!m) {
				epi->nomem = true;
				return;
			}
			m->used = 0;
			m->next = epi->more;
			epi->more = m;
		}
		e = &m->pe[m->used++];
	}
	poll_entry_init(e, item_wake, epi);
	poll_head_add(h, e);
}

/* Unhooks and frees epi (interrupts off). */
static void item_remove(struct epitem *epi)
{
	for (int i = 0; i < epi->nheads; i++)
		poll_entry_remove(&epi->pe[i]);
	while (epi->more) {
		struct ep_more *m = epi->more;
		for (int i = 0; i < m->used; i++)
			poll_entry_remove(&m->pe[i]);
		epi->more = m->next;
		kfree(m);
	}
	for (struct epitem **pp = &epi->ep->items; *pp; pp = &(*pp)->next) {
		if (*pp == epi) {
			*pp = epi->next;
			break;
		}
	}
	for (struct epitem **pp = &epi->file->epitems; *pp; pp = &(*pp)->fnext) {
		if (*pp == epi) {
			*pp = epi->fnext;
			break;
		}
	}
	kfree(epi);
}

void epoll_file_release(struct file *f)
{
	bool on = irq_save();
	while (f->epitems)
		item_remove(f->epitems);
	irq_restore(on);
}

static void epoll_release(struct file *f)
{
	struct eventpoll *ep = f->priv;
	bool on = irq_save();

	while (ep->items)
		item_remove(ep->items);
	poll_head_detach_all(&ep->ph);
	irq_restore(on);
	kfree(ep);
}

static const struct file_ops epoll_ops = {
	.poll = epoll_poll,
	.poll_register = epoll_poll_register,
	.stat = anon_stat,
	.llseek = noop_llseek, /* as Linux's eventpoll_fops */
	.release = epoll_release,
	.anon_name = "[eventpoll]",
};

static long do_epoll_create(int flags)
{
	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	struct eventpoll *ep = kzalloc(sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	poll_head_init(&ep->ph);
	return anon_getfd(&epoll_ops, ep, 0, (flags & EPOLL_CLOEXEC) != 0);
}

SYSCALL_DEFINE1(epoll_create1, int, flags)
{
	return do_epoll_create(flags);
}

SYSCALL_DEFINE1(epoll_create, int, size)
{
	if (size <= 0)
		return -EINVAL;
	return do_epoll_create(0);
}

static struct epitem *find_item(struct eventpoll *ep, struct file *f, int fd)
{
	for (struct epitem *epi = ep->items; epi; epi = epi->next)
		if (epi->file == f && epi->fd == fd)
			return epi;
	return 0;
}

/* Whether from reaches to through nested epolls, or nests too deep:
   adding such a target would make a loop (ELOOP). */
static bool reaches(struct eventpoll *from, struct eventpoll *to, int depth)
{
	if (from == to || depth > EP_MAX_NESTS)
		return true;
	for (struct epitem *epi = from->items; epi; epi = epi->next)
		if (is_epoll(epi->file) && reaches(epi->file->priv, to, depth + 1))
			return true;
	return false;
}

/* The item is new or changed: an immediate report if it is ready now,
   and a wake-up for whoever waits on the epoll already (Linux's
   ep_insert and ep_modify; dbus-daemon relies on it). */
static void item_recheck(struct epitem *epi)
{
	epi->pending = true;
	if (item_revents(epi))
		poll_head_wake(&epi->ep->ph, POLLIN | POLLRDNORM);
}

static int item_add(struct eventpoll *ep, struct file *tf, int fd, const struct epoll_event *ev)
{
	if (find_item(ep, tf, fd))
		return -EEXIST;
	if (is_epoll(tf) && reaches(tf->priv, ep, 1))
		return -ELOOP;
	struct epitem *epi = kzalloc(sizeof(*epi));
	if (!epi)
		return -ENOMEM;
	epi->ep = ep;
	epi->file = tf;
	epi->fd = fd;
	epi->events = ev->events | EPOLLERR | EPOLLHUP;
	epi->data = ev->data;
	struct epitem **pp = &ep->items;
	while (*pp)
		pp = &(*pp)->next;
	*pp = epi;
	epi->fnext = tf->epitems;
	tf->epitems = epi;
	struct item_table t = { { item_table_add }, epi };
	file_poll_register(tf, &t.pt);
	if (epi->nomem) {
		item_remove(epi);
		return -ENOMEM;
	}
	item_recheck(epi);
	return 0;
}

static int do_epoll_ctl(int epfd, int op, int fd, const struct epoll_event *ev)
{
	struct fd_table *t = process_current()->fds;
	struct file *f = fd_get(t, epfd);
	struct file *tf = fd_get(t, fd);

	if (!f || !tf)
		return -EBADF;
	/* A file poll cannot watch (a regular file, /dev/null) is EPERM. */
	if (!tf->ops->poll)
		return -EPERM;
	if (f == tf || !is_epoll(f))
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD && (is_epoll(tf) || (ev->events & ~EP_EXCLUSIVE_OK)))
			return -EINVAL;
	}
	struct eventpoll *ep = f->priv;
	struct epitem *epi = find_item(ep, tf, fd);
	int r = 0;
	switch (op) {
	case EPOLL_CTL_ADD:
		r = item_add(ep, tf, fd, ev);
		break;
	case EPOLL_CTL_DEL:
		if (epi)
			item_remove(epi);
		else
			r = -ENOENT;
		break;
	case EPOLL_CTL_MOD:
		if (!epi) {
			r = -ENOENT;
		} else if (epi->events & EPOLLEXCLUSIVE) {
			r = -EINVAL;
		} else {
			epi->events = ev->events | EPOLLERR | EPOLLHUP;
			epi->data = ev->data;
			epi->disabled = false;
			item_recheck(epi);
		}
		break;
	default:
		r = -EINVAL;
	}
	return r;
}

SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd, struct epoll_event *, uev)
{
	struct epoll_event ev = { 0, 0 };

	/* Every op but DEL reads the event first, as Linux does. */
	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uev, sizeof(ev)))
		return -EFAULT;
	bool on = irq_save();
	int r = do_epoll_ctl(epfd, op, fd, &ev);
	irq_restore(on);
	return r;
}

/* Gathers up to max reports into out (interrupts off): consumes edges
   and one-shots, and moves level-triggered items it reported to the
   end, so a small maxevents still sees every ready item in turn. */
static int ep_scan(struct eventpoll *ep, struct epoll_event *out, int max)
{
	struct epitem *done[EP_BATCH];
	int n = 0;

	for (struct epitem *epi = ep->items; epi && n < max; epi = epi->next) {
		uint32_t m = item_revents(epi);
		if (epi->events & EPOLLET)
			epi->pending = false;
		if (!m)
			continue;
		out[n].events = m;
		out[n].data = epi->data;
		done[n++] = epi;
		if (epi->events & EPOLLONESHOT)
			epi->disabled = true;
	}
	for (int i = 0; i < n; i++) {
		struct epitem **pp = &ep->items;
		while (*pp != done[i])
			pp = &(*pp)->next;
		*pp = done[i]->next;
		done[i]->next = 0;
		while (*pp)
			pp = &(*pp)->next;
		*pp = done[i];
	}
	return n;
}

struct wait_ctx {
	struct eventpoll *ep;
	struct epoll_event *out;
	int max;
};

static int wait_scan(void *ctx, struct poll_table *pt)
{
	struct wait_ctx *c = ctx;

	poll_table_add(pt, &c->ep->ph);
	scan_depth++;
	int n = ep_scan(c->ep, c->out, c->max);
	scan_depth--;
	return n;
}

static long do_epoll_wait(int epfd, struct epoll_event *uev, int maxevents, uint64_t deadline)
{
	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	struct file *f = fd_get(process_current()->fds, epfd);
	if (!f)
		return -EBADF;
	if (!is_epoll(f))
		return -EINVAL;
	int max = maxevents < EP_BATCH ? maxevents : EP_BATCH;
	struct epoll_event *out = kmalloc((size_t)max * sizeof(*out));
	if (!out)
		return -ENOMEM;
	/* Another thread may close epfd while this one sleeps. */
	file_get(f);
	struct wait_ctx c = { f->priv, out, max };
	long r = poll_wait(wait_scan, &c, deadline);
	if (r > 0 && copy_to_user(uev, out, (size_t)r * sizeof(*out)))
		r = -EFAULT;
	file_put(f);
	kfree(out);
	return r;
}

static uint64_t deadline_ms(int timeout)
{
	if (timeout < 0)
		return 0;
	if (timeout == 0)
		return UINT64_MAX;
	return clock_ns() + (uint64_t)timeout * NSEC_PER_MSEC;
}

SYSCALL_DEFINE4(epoll_wait, int, epfd, struct epoll_event *, uev, int, maxevents, int, timeout)
{
	return do_epoll_wait(epfd, uev, maxevents, deadline_ms(timeout));
}

/* epoll_pwait's mask is ppoll's: in place for the wait, the old one back
   on return, or after the handler when a signal ended the wait. */
static long wait_masked(int epfd, struct epoll_event *uev, int maxevents, uint64_t deadline,
                        const sigset_t *umask, size_t size)
{
	sigset_t set;

	if (!umask)
		return do_epoll_wait(epfd, uev, maxevents, deadline);
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, umask, sizeof(set)))
		return -EFAULT;
	signal_temp_mask(set);
	long r = do_epoll_wait(epfd, uev, maxevents, deadline);
	signal_temp_mask_end(r == -EINTR);
	return r;
}

SYSCALL_DEFINE6(epoll_pwait, int, epfd, struct epoll_event *, uev, int, maxevents, int, timeout,
                const sigset_t *, umask, size_t, size)
{
	return wait_masked(epfd, uev, maxevents, deadline_ms(timeout), umask, size);
}

SYSCALL_DEFINE6(epoll_pwait2, int, epfd, struct epoll_event *, uev, int, maxevents,
                const struct __kernel_timespec *, uts, const sigset_t *, umask, size_t, size)
{
	uint64_t deadline = 0;

	if (uts) {
		uint64_t ns;
		int r = timespec_from_user(uts, &ns);
		if (r)
			return r;
		deadline = ns == 0 ? UINT64_MAX : clock_ns() + ns;
	}
	return wait_masked(epfd, uev, maxevents, deadline, umask, size);
}
