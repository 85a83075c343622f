/*
 * timerfd.c - timerfd_create, timerfd_settime and timerfd_gettime, as
 * Linux's fs/timerfd.c: a timer whose expirations are read from a
 * descriptor as a 64-bit count.
 *
 * Each timer runs on a kernel timer (sched/ktimer.h), which fires on the
 * monotonic clock; a deadline on the realtime clock is turned into a
 * monotonic one when the timer is armed, and again whenever the wall
 * clock is set (timerfd_clock_was_set), which is also when a timer armed
 * with TFD_TIMER_CANCEL_ON_SET is cancelled: its next read says
 * ECANCELED.  Periods that pass while nobody reads are counted, so a read
 * returns every expiration since the last one.
 */
#include "ipc/timerfd.h"

#include "arch/x86_64/cpu.h"
#include "cred/cred.h"
#include "fs/anon.h"
#include "fs/fd.h"
#include "fs/poll.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/clock.h"
#include "sched/ktimer.h"
#include "sched/sched.h"
#include "sys/syscall.h"

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/poll.h>
#include <linux/stat.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/timerfd.h>

#define TFD_CREATE_FLAGS (TFD_CLOEXEC | TFD_NONBLOCK)
#define TFD_SETTIME_FLAGS (TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)

struct timerfd {
	int clock;
	struct ktimer kt;
	uint64_t expires;        /* on the timer's clock; 0: disarmed */
	uint64_t interval;       /* 0: one-shot */
	uint64_t ticks;          /* expirations not read yet */
	bool cancel_on_set;      /* absolute realtime, TFD_TIMER_CANCEL_ON_SET */
	bool canceled;           /* the wall clock was set since arming */
	struct waitq wq;
	struct poll_head ph;
	struct timerfd *next;    /* every timer, for timerfd_clock_was_set */
};

/* Every live timerfd; changed with interrupts off. */
static struct timerfd *all_timers;

static bool realtime_clock(int clk)
{
	return clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_ALARM;
}

static uint64_t now_of(const struct timerfd *t)
{
	return realtime_clock(t->clock) ? clock_realtime_ns() : clock_ns();
}

/* Puts the kernel timer at the deadline (interrupts off). */
static void arm(struct timerfd *t, uint64_t now)
{
	uint64_t wait = t->expires > now ? t->expires - now : 0;
	ktimer_arm(&t->kt, clock_ns() + wait);
}

static void wake(struct timerfd *t)
{
	waitq_wake_all(&t->wq);
	poll_head_wake(&t->ph, POLLIN | POLLRDNORM);
}

/* The deadline passed at now: count it and the periods missed since,
   and move to the next period or disarm (interrupts off). */
static void expire(struct timerfd *t, uint64_t now)
{
	uint64_t n = 1;

	if (t->interval) {
		n += (now - t->expires) / t->interval;
		t->expires += n * t->interval;
		arm(t, now);
	} else {
		t->expires = 0;
	}
	t->ticks += n;
	wake(t);
}

static void fired(struct ktimer *kt)
{
	struct timerfd *t = (struct timerfd *)((char *)kt - offsetof(struct timerfd, kt));

	if (!t->expires)
		return;
	uint64_t now = now_of(t);
	if (now < t->expires)
		arm(t, now); /* the wall clock was set back meanwhile */
	else
		expire(t, now);
}

void timerfd_clock_was_set(void)
{
	bool on = irq_save();
	for (struct timerfd *t = all_timers; t; t = t->next) {
		if (!realtime_clock(t->clock) || !t->expires)
			continue;
		if (t->cancel_on_set) {
			t->canceled = true;
			wake(t);
		}
		uint64_t now = now_of(t);
		if (now >= t->expires)
			expire(t, now);
		else
			arm(t, now);
	}
	irq_restore(on);
}

static long timerfd_read(struct file *f, void *buf, size_t n)
{
	struct timerfd *t = f->priv;
	uint64_t v;

	if (n < sizeof(v))
		return -EINVAL;
	bool on = irq_save();
	while (!t->ticks && !t->canceled) {
		int r = file_wait(f, &t->wq);
		if (r) {
			irq_restore(on);
			return r;
		}
	}
	if (t->canceled) {
		/* Linux drops what was counted along with the cancellation. */
		t->canceled = false;
		t->ticks = 0;
		irq_restore(on);
		return -ECANCELED;
	}
	v = t->ticks;
	t->ticks = 0;
	irq_restore(on);
	return copy_to_user(buf, &v, sizeof(v)) ? -EFAULT : (long)sizeof(v);
}

static unsigned int timerfd_poll(struct file *f)
{
	struct timerfd *t = f->priv;

	return t->ticks ? POLLIN | POLLRDNORM : 0;
}

static void timerfd_release(struct file *f)
{
	struct timerfd *t = f->priv;
	bool on = irq_save();

	ktimer_cancel(&t->kt);
	poll_head_detach_all(&t->ph);
	for (struct timerfd **pp = &all_timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	irq_restore(on);
	kfree(t);
}

static void timerfd_poll_register(struct file *f, struct poll_table *pt)
{
	poll_table_add(pt, &((struct timerfd *)f->priv)->ph);
}

static const struct file_ops timerfd_ops = {
	.read = timerfd_read,
	.poll = timerfd_poll,
	.poll_register = timerfd_poll_register,
	.stat = anon_stat,
	.llseek = noop_llseek,
	.release = timerfd_release,
	.anon_name = "[timerfd]",
};

/* 0, or timerfd_create's errno for clk: EINVAL for a clock without
   timerfds, EPERM for an alarm clock without CAP_WAKE_ALARM (root). */
static int check_clock(int clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		return 0;
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		/* The machine never suspends, so an alarm clock is its
		   plain twin here. */
		return cred_is_root(process_current()->cred) ? 0 : -EPERM;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE2(timerfd_create, int, clk, int, flags)
{
	if (flags & ~TFD_CREATE_FLAGS)
		return -EINVAL;
	int r = check_clock(clk);
	if (r)
		return r;
	struct timerfd *t = kzalloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->clock = clk;
	t->kt.fn = fired;
	waitq_init(&t->wq);
	poll_head_init(&t->ph);
	/* On the list before the file exists: a failure's release takes
	   it off again. */
	bool on = irq_save();
	t->next = all_timers;
	all_timers = t;
	irq_restore(on);
	return anon_getfd(&timerfd_ops, t, flags & O_NONBLOCK, (flags & TFD_CLOEXEC) != 0);
}

/* The descriptor's timer: EBADF for no file, EINVAL for another kind. */
static int timer_of(int fd, struct timerfd **out)
{
	return anon_priv_of(fd, &timerfd_ops, (void **)out);
}

static void get_value(struct timerfd *t, struct __kernel_itimerspec *v)
{
	bool on = irq_save();
	uint64_t now = now_of(t), left = 0;
	/* Due but not yet seen by the tick: still armed, so not 0. */
	if (t->expires)
		left = t->expires > now ? t->expires - now : 1;
	ns_to_timespec(t->interval, &v->it_interval);
	irq_restore(on);
	ns_to_timespec(left, &v->it_value);
}

SYSCALL_DEFINE4(timerfd_settime, int, fd, int, flags, const struct __kernel_itimerspec *, unew,
                struct __kernel_itimerspec *, uold)
{
	struct __kernel_itimerspec nv, ov;
	struct timerfd *t;
	uint64_t value, interval;

	if (copy_from_user(&nv, unew, sizeof(nv)))
		return -EFAULT;
	if (timespec_to_ns(&nv.it_value, &value) || timespec_to_ns(&nv.it_interval, &interval))
		return -EINVAL;
	if (flags & ~TFD_SETTIME_FLAGS)
		return -EINVAL;
	int r = timer_of(fd, &t);
	if (r)
		return r;
	get_value(t, &ov);
	bool on = irq_save();
	ktimer_cancel(&t->kt);
	t->ticks = 0;
	t->canceled = false;
	t->interval = value ? interval : 0;
	t->expires = 0;
	t->cancel_on_set = realtime_clock(t->clock) && (flags & TFD_TIMER_ABSTIME) &&
	                   (flags & TFD_TIMER_CANCEL_ON_SET);
	if (value) {
		uint64_t now = now_of(t);
		/* 0 on the clock means "disarmed", so it becomes 1.  An
		   absolute time already past expires at once, as in Linux. */
		t->expires = (flags & TFD_TIMER_ABSTIME) ? value : now + value;
		if (!t->expires)
			t->expires = 1;
		if (t->expires <= now)
			expire(t, now);
		else
			arm(t, now);
	}
	irq_restore(on);
	/* Linux writes the old value after the change: a bad pointer there
	   still leaves the new setting in place. */
	if (uold && copy_to_user(uold, &ov, sizeof(ov)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(timerfd_gettime, int, fd, struct __kernel_itimerspec *, ucur)
{
	struct __kernel_itimerspec v;
	struct timerfd *t;
	int r = timer_of(fd, &t);

	if (r)
		return r;
	get_value(t, &v);
	return copy_to_user(ucur, &v, sizeof(v));
}
