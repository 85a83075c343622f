/*
 * sys_poll.c - poll, ppoll, select, pselect6.
 */
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

#include <linux/poll.h>
#include <linux/posix_types.h>
#include <linux/time_types.h>

/* The head of every file that has none of its own (poll.h). */
static struct poll_head global_head;

unsigned int file_poll(struct file *f)
{
	if (f->ops->poll)
		return f->ops->poll(f);
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

void file_poll_register(struct file *f, struct poll_table *pt)
{
	if (f->ops->poll_register)
		f->ops->poll_register(f, pt);
	else
		poll_table_add(pt, &global_head);
}

void poll_notify_register(struct poll_table *pt)
{
	poll_table_add(pt, &global_head);
}

void poll_notify(void)
{
	poll_head_wake(&global_head, ~0u);
}

/* Checks every pollfd; returns how many have events (revents written). */
static int scan_pollfds(struct pollfd *pfds, unsigned int n, struct poll_table *pt)
{
	struct fd_table *t = process_current()->fds;
	int ready = 0;

	for (unsigned int i = 0; i < n; i++) {
		pfds[i].revents = 0;
		if (pfds[i].fd < 0)
			continue;
		struct file *f = fd_get(t, pfds[i].fd);
		if (f)
			file_poll_register(f, pt);
		unsigned int m = f ? file_poll(f) : POLLNVAL;
		/* POLLERR, POLLHUP and POLLNVAL are reported unasked. */
		m &= (unsigned int)pfds[i].events | POLLERR | POLLHUP | POLLNVAL;
		pfds[i].revents = (short)m;
		if (m)
			ready++;
	}
	return ready;
}

/*
 * A sleeping poll's entries, one per head of the files it watches, in
 * chunks so that a poll of many descriptors allocates little.  Any wake
 * of any of them wakes the sleeper, which scans again.
 */
#define WAITER_CHUNK 16

struct waiter_chunk {
	struct waiter_chunk *next;
	int used;
	struct poll_entry e[WAITER_CHUNK];
};

struct poll_waiter {
	struct poll_table pt; /* first: the table is the waiter */
	struct waitq wq;
	bool woken;
	bool nomem;
	bool global_added; /* the global head once, not once per file */
	struct waiter_chunk *chunks;
};

static void waiter_wake(struct poll_entry *e, unsigned int events)
{
	struct poll_waiter *w = e->ctx;

	(void)events;
	w->woken = true;
	waitq_wake_all(&w->wq);
}

static void waiter_add(struct poll_table *pt, struct poll_head *h)
{
	struct poll_waiter *w = (struct poll_waiter *)pt;

	if (h == &global_head) {
		if (w->global_added)
			return;
		w->global_added = true;
	}
	struct waiter_chunk *c = w->chunks;
	if (!c || c->used == WAITER_CHUNK) {
		c = kmalloc(sizeof(*c));
		if (!c) {
			w->nomem = true;
			return;
		}
		c->used = 0;
		c->next = w->chunks;
		w->chunks = c;
	}
	struct poll_entry *e = &c->e[c->used++];
	poll_entry_init(e, waiter_wake, w);
	poll_head_add(h, e);
}

static void waiter_finish(struct poll_waiter *w)
{
	while (w->chunks) {
		struct waiter_chunk *c = w->chunks;
		for (int i = 0; i < c->used; i++)
			poll_entry_remove(&c->e[i]);
		w->chunks = c->next;
		kfree(c);
	}
}

/* The wait shared by poll, select and the event scheme (poll.h).  The
   first scan registers the heads; interrupts stay off from there to the
   sleep, so no wake-up between a scan and the sleep is lost. */
long poll_wait(poll_scan_fn scan, void *ctx, uint64_t deadline)
{
	struct poll_waiter w;
	long r;

	memset(&w, 0, sizeof(w));
	w.pt.add = waiter_add;
	waitq_init(&w.wq);
	struct poll_table *pt = deadline == UINT64_MAX ? NULL : &w.pt;
	bool on = irq_save();
	for (;;) {
		w.woken = false;
		r = scan(ctx, pt);
		pt = NULL;
		if (r != 0 || deadline == UINT64_MAX)
			break;
		if (w.nomem) {
			r = -ENOMEM;
			break;
		}
		if (signal_pending()) {
			r = -EINTR;
			break;
		}
		if (deadline && clock_ns() >= deadline) {
			r = 0;
			break;
		}
		if (!w.woken)
			waitq_block_interruptible(&w.wq, deadline);
	}
	waiter_finish(&w);
	irq_restore(on);
	return r;
}

struct poll_ctx {
	struct pollfd *pfds;
	unsigned int n;
};

static int scan_poll(void *ctx, struct poll_table *pt)
{
	struct poll_ctx *c = ctx;
	return scan_pollfds(c->pfds, c->n, pt);
}

/* Swaps in a temporary signal mask for ppoll/pselect; the old one comes
   back on return, or after the handler when the wait was interrupted. */
static long set_temp_mask(const sigset_t *umask, size_t size, bool *swapped)
{
	sigset_t set;

	*swapped = false;
	if (!umask)
		return 0;
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, umask, sizeof(set)))
		return -EFAULT;
	signal_temp_mask(set);
	*swapped = true;
	return 0;
}

static void end_temp_mask(bool swapped, long result)
{
	if (swapped)
		signal_temp_mask_end(result == -EINTR);
}

static long do_poll(struct pollfd *ufds, unsigned int nfds, uint64_t deadline,
                    const sigset_t *umask, size_t masksize)
{
	if (nfds > (unsigned int)fd_limit())
		return -EINVAL; /* poll(2): nfds exceeds RLIMIT_NOFILE */
	struct pollfd *pfds = kmalloc(((size_t)nfds + 1) * sizeof(*pfds));
	if (!pfds)
		return -ENOMEM;
	long r = copy_from_user(pfds, ufds, nfds * sizeof(*pfds));
	bool swapped = false;
	if (!r)
		r = set_temp_mask(umask, masksize, &swapped);
	if (!r) {
		struct poll_ctx c = { pfds, nfds };
		r = poll_wait(scan_poll, &c, deadline);
		end_temp_mask(swapped, r);
	}
	if (r >= 0) {
		for (unsigned int i = 0; i < nfds; i++)
			if (copy_to_user(&ufds[i].revents, &pfds[i].revents, sizeof(short)))
				r = -EFAULT;
	}
	kfree(pfds);
	return r;
}

static uint64_t deadline_after_ns(uint64_t ns)
{
	return ns == 0 ? UINT64_MAX : clock_ns() + ns;
}

/*
 * select, pselect6 and ppoll write the time not slept back into their
 * timeout (Linux's poll_select_finish; poll has no such argument), also
 * after a signal, so a restarted call waits only for the rest.  A zero
 * timeout (deadline UINT64_MAX) or none (0) is left alone, and a timeout
 * in read-only memory is not an error: the wait itself succeeded.
 */
static bool time_left(uint64_t deadline, uint64_t *ns)
{
	if (deadline == 0 || deadline == UINT64_MAX)
		return false;
	uint64_t now = clock_ns();
	*ns = deadline > now ? deadline - now : 0;
	return true;
}

static void timespec_left(struct __kernel_timespec *uts, uint64_t deadline)
{
	uint64_t ns;

	if (!uts || !time_left(deadline, &ns))
		return;
	struct __kernel_timespec ts = { (long long)(ns / NSEC_PER_SEC), (long long)(ns % NSEC_PER_SEC) };
	(void)copy_to_user(uts, &ts, sizeof(ts));
}

SYSCALL_DEFINE3(poll, struct pollfd *, ufds, unsigned int, nfds, int, timeout_ms)
{
	uint64_t deadline = timeout_ms < 0 ? 0 : deadline_after_ns((uint64_t)timeout_ms * NSEC_PER_MSEC);
	return do_poll(ufds, nfds, deadline, 0, 0);
}

static long read_timeout(const struct __kernel_timespec *uts, uint64_t *deadline)
{
	uint64_t ns;

	*deadline = 0;
	if (!uts)
		return 0;
	int r = timespec_from_user(uts, &ns);
	if (r)
		return r;
	*deadline = deadline_after_ns(ns);
	return 0;
}

SYSCALL_DEFINE5(ppoll, struct pollfd *, ufds, unsigned int, nfds,
                struct __kernel_timespec *, uts, const sigset_t *, umask, size_t, masksize)
{
	uint64_t deadline;
	long r = read_timeout(uts, &deadline);

	if (r)
		return r;
	r = do_poll(ufds, nfds, deadline, umask, masksize);
	timespec_left(uts, deadline);
	return r;
}

/* select: three bit sets, rewritten with the ready descriptors. */
struct select_ctx {
	int n;
	__kernel_fd_set in[3], out[3];
};

static bool fd_isset(const __kernel_fd_set *s, int fd)
{
	return (s->fds_bits[fd / 64] >> (fd % 64)) & 1;
}

static int scan_select(void *ctx, struct poll_table *pt)
{
	static const unsigned int want[3] = { POLLIN | POLLRDNORM | POLLHUP | POLLERR,
		                              POLLOUT | POLLWRNORM | POLLERR, POLLPRI };
	struct select_ctx *c = ctx;
	struct fd_table *t = process_current()->fds;
	int ready = 0;

	memset(c->out, 0, sizeof(c->out));
	for (int fd = 0; fd < c->n; fd++) {
		if (!fd_isset(&c->in[0], fd) && !fd_isset(&c->in[1], fd) && !fd_isset(&c->in[2], fd))
			continue;
		struct file *f = fd_get(t, fd);
		if (!f)
			return -EBADF;
		file_poll_register(f, pt);
		unsigned int m = file_poll(f);
		for (int k = 0; k < 3; k++) {
			if (fd_isset(&c->in[k], fd) && (m & want[k])) {
				c->out[k].fds_bits[fd / 64] |= 1UL << (fd % 64);
				ready++;
			}
		}
	}
	return ready;
}

static long do_select(int n, __kernel_fd_set *u[3], uint64_t deadline, const sigset_t *umask,
                      size_t masksize)
{
	if (n < 0)
		return -EINVAL;
	if (n > FD_MAX)
		n = FD_MAX;
	struct select_ctx *c = kzalloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->n = n;
	size_t bytes = ((size_t)n + 63) / 64 * 8;
	long r = 0;
	for (int k = 0; k < 3 && !r; k++)
		if (u[k] && copy_from_user(&c->in[k], u[k], bytes))
			r = -EFAULT;
	bool swapped = false;
	if (!r)
		r = set_temp_mask(umask, masksize, &swapped);
	if (!r) {
		r = poll_wait(scan_select, c, deadline);
		end_temp_mask(swapped, r);
	}
	for (int k = 0; k < 3 && r >= 0; k++)
		if (u[k] && copy_to_user(u[k], &c->out[k], bytes))
			r = -EFAULT;
	kfree(c);
	return r;
}

SYSCALL_DEFINE5(select, int, n, __kernel_fd_set *, rd, __kernel_fd_set *, wr, __kernel_fd_set *,
                ex, struct __kernel_old_timeval *, utv)
{
	__kernel_fd_set *u[3] = { rd, wr, ex };
	uint64_t deadline = 0;

	if (utv) {
		struct __kernel_old_timeval tv;
		if (copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EINVAL;
		deadline = deadline_after_ns((uint64_t)tv.tv_sec * NSEC_PER_SEC +
		                             (uint64_t)tv.tv_usec * 1000);
	}
	long r = do_select(n, u, deadline, 0, 0);
	uint64_t ns;
	if (utv && time_left(deadline, &ns)) {
		struct __kernel_old_timeval tv = { (long)(ns / NSEC_PER_SEC),
			                           (long)(ns % NSEC_PER_SEC / 1000) };
		(void)copy_to_user(utv, &tv, sizeof(tv));
	}
	return r;
}

/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; }. */
struct pselect_sigmask {
	const sigset_t *ss;
	size_t ss_len;
};

SYSCALL_DEFINE6(pselect6, int, n, __kernel_fd_set *, rd, __kernel_fd_set *, wr,
                __kernel_fd_set *, ex, struct __kernel_timespec *, uts,
                const struct pselect_sigmask *, usig)
{
	__kernel_fd_set *u[3] = { rd, wr, ex };
	struct pselect_sigmask sm = { 0, 0 };
	uint64_t deadline;
	long r = read_timeout(uts, &deadline);

	if (r)
		return r;
	if (usig && copy_from_user(&sm, usig, sizeof(sm)))
		return -EFAULT;
	r = do_select(n, u, deadline, sm.ss, sm.ss_len);
	timespec_left(uts, deadline);
	return r;
}
