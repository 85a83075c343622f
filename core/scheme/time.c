/*
 * time.c - /scheme/time/N, N a clock id of <linux/time.h> (CLOCK_REALTIME,
 * CLOCK_MONOTONIC, CLOCK_BOOTTIME...): open to anyone, each open a new,
 * private timer on that clock.
 *
 * Reading returns the clock's current time as a struct __kernel_timespec
 * (a shorter buffer is EINVAL).  Writing one arms an absolute deadline on
 * the clock: from then on a read blocks until the deadline has passed
 * (O_NONBLOCK: EAGAIN) and the file polls POLLIN only once it has; a new
 * write re-arms.  An unarmed timer is always readable.
 *
 * Every clock here is the TSC underneath (sched/sys_time.c), so a
 * deadline is kept in clock_ns() terms: a wall-clock deadline is
 * converted once, when armed, and a later step of the wall clock
 * (settimeofday, /scheme/sys/update_time_offset) does not move it, as
 * with a relative timerfd.  A kernel timer calls poll_notify at the
 * deadline so pollers and event queues wake then.  The CPU-time clocks
 * are not offered: their deadlines depend on who runs.
 */
#include "scheme/scheme_internal.h"

#include "fs/anon.h"
#include "fs/fd.h"
#include "fs/poll.h"
#include "lib/format.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/signal.h"
#include "sched/clock.h"
#include "sched/ktimer.h"
#include "sched/sched.h"

#include <asm-generic/fcntl.h>
#include <linux/errno.h>
#include <linux/poll.h>
#include <linux/time.h>
#include <linux/time_types.h>

static const int clocks[] = {
	CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE,
	CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME, CLOCK_TAI,
};

#define NCLOCKS (sizeof(clocks) / sizeof(clocks[0]))

enum { TIME_DIR, TIME_CLOCK };

struct timer {
	int clock;
	bool armed;
	uint64_t deadline;     /* clock_ns() */
	struct ktimer kt;
};

static bool wall_clock(int clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE || clock == CLOCK_TAI;
}

static uint64_t clock_now(int clock)
{
	return wall_clock(clock) ? clock_realtime_ns() : clock_ns();
}

static bool due(const struct timer *t)
{
	return !t->armed || clock_ns() >= t->deadline;
}

static long time_read(struct file *f, void *ubuf, size_t n)
{
	struct timer *t = f->priv;

	if (n < sizeof(struct __kernel_timespec))
		return -EINVAL;
	bool on = irq_save();
	while (!due(t)) {
		int r = file_wait_until(f, 0, t->deadline);
		if (r) {
			irq_restore(on);
			return r;
		}
	}
	irq_restore(on);
	uint64_t ns = clock_now(t->clock);
	struct __kernel_timespec ts = { (long long)(ns / NSEC_PER_SEC), (long long)(ns % NSEC_PER_SEC) };
	if (copy_to_user(ubuf, &ts, sizeof(ts)))
		return -EFAULT;
	return sizeof(ts);
}

static void timer_fired(struct ktimer *kt)
{
	(void)kt;
	poll_notify();
}

static long time_write(struct file *f, const void *ubuf, size_t n)
{
	struct timer *t = f->priv;
	uint64_t at;

	if (n != sizeof(struct __kernel_timespec))
		return -EINVAL;
	int r = timespec_from_user(ubuf, &at);
	if (r)
		return r;
	bool on = irq_save();
	if (wall_clock(t->clock)) {
		/* Wall time minus (wall - monotonic) now, never before boot. */
		uint64_t shift = clock_realtime_ns() - clock_ns();
		at = at > shift ? at - shift : 0;
	}
	t->deadline = at;
	t->armed = true;
	ktimer_arm(&t->kt, at ? at : 1);
	irq_restore(on);
	/* It may be due already. */
	poll_notify();
	return (long)n;
}

static unsigned int time_poll(struct file *f)
{
	return POLLOUT | POLLWRNORM | (due(f->priv) ? POLLIN | POLLRDNORM : 0);
}

static void time_release(struct file *f)
{
	struct timer *t = f->priv;

	ktimer_cancel(&t->kt);
	kfree(t);
}

static const struct file_ops time_ops = {
	.read = time_read,
	.write = time_write,
	.stat = scheme_file_stat,
	.poll = time_poll,
	.release = time_release,
};

static int time_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	long id = scheme_name_number(name, len, 64);

	for (size_t i = 0; id >= 0 && i < NCLOCKS; i++)
		if (clocks[i] == id)
			return scheme_make_inode(dir, scheme_ino(SCHEME_TIME, TIME_CLOCK, (uint64_t)id),
			                         S_IFREG | 0666, out);
	return -ENOENT;
}

static int time_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx)
{
	char name[8];

	if (!fs_readdir_dots(dir, pos, fill, ctx))
		return 0;
	for (size_t i = *pos - FS_DIR_POS_FIRST; i < NCLOCKS; i++) {
		int n = ksnprintf(name, sizeof(name), "%d", clocks[i]);
		if (!fill(ctx, name, (size_t)n, scheme_ino(SCHEME_TIME, TIME_CLOCK, (uint64_t)clocks[i]),
		          fs_dtype(S_IFREG), FS_DIR_POS_FIRST + i + 1))
			return 0;
		*pos = FS_DIR_POS_FIRST + i + 1;
	}
	return 0;
}

static int time_open(struct inode *ino, unsigned int flags, struct file **out)
{
	if (scheme_ino_kind(ino->ino) == TIME_DIR)
		return 0;
	struct timer *t = kzalloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->clock = (int)scheme_ino_arg(ino->ino);
	t->kt.fn = timer_fired;
	*out = file_alloc(&time_ops, t, flags);
	if (!*out) {
		kfree(t);
		return -ENOMEM;
	}
	return 0;
}

const struct scheme scheme_time = {
	.name = "time",
	.mode = S_IFDIR | 0555,
	.lookup = time_lookup,
	.readdir = time_readdir,
	.open = time_open,
};
