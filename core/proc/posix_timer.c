/*
 * posix_timer.c - timer_create, timer_settime, timer_gettime,
 * timer_getoverrun and timer_delete (kernel/time/posix-timers.c).
 *
 * Timers on CLOCK_REALTIME, CLOCK_TAI, CLOCK_MONOTONIC and CLOCK_BOOTTIME
 * run on a kernel timer; a realtime deadline is turned into a monotonic
 * one when the timer is armed (cub's wall clock only moves by settimeofday,
 * which does not move armed timers).  Timers on CLOCK_PROCESS_CPUTIME_ID
 * and CLOCK_THREAD_CPUTIME_ID are checked at the tick (proc/cputime.c).
 */
#include "proc/posix_timer.h"

#include "arch/x86_64/cpu.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/clock.h"
#include "sched/sched.h"
#include "sys/syscall.h"

#include <linux/errno.h>
#include <linux/time.h>
#include <linux/time_types.h>

/* Linux's DELAYTIMER_MAX: an overrun count saturates at INT_MAX. */
#define OVERRUN_MAX 0x7fffffff

static bool cpu_clock(int clk)
{
	return clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID;
}

/*
 * The CPU-time clock ids glibc makes (include/linux/posix-timers.h, not
 * UAPI): ~pid << 3 | perthread << 2 | kind, pid 0 meaning the caller.
 * glibc's timer_create passes CLOCK_PROCESS_CPUTIME_ID as pid 0, kind
 * SCHED, and CLOCK_THREAD_CPUTIME_ID as the same with perthread.
 */
#define CPUCLOCK_PERTHREAD 4
#define CPUCLOCK_KIND_MASK 3
#define CPUCLOCK_PROF 0
#define CPUCLOCK_SCHED 2

/* The clock a (possibly encoded) id means for the calling thread, or -1
   for another process's or thread's clock, which cub has no timers on. */
static int normalize_clock(int clk)
{
	if (clk >= 0)
		return clk;
	int pid = ~(clk >> 3), kind = clk & CPUCLOCK_KIND_MASK;
	bool thread = clk & CPUCLOCK_PERTHREAD;
	if (kind != CPUCLOCK_SCHED && kind != CPUCLOCK_PROF)
		return -1; /* VIRT (user time only) and clock fds */
	if (pid != 0 && pid != (thread ? (int)thread_current()->id : process_current()->pid))
		return -1;
	return thread ? CLOCK_THREAD_CPUTIME_ID : CLOCK_PROCESS_CPUTIME_ID;
}

/* 0, or the errno timer_create gives for clk: EINVAL for an unknown
   clock, EOPNOTSUPP for one that has no timers (the raw and coarse
   clocks; the alarm clocks need CAP_WAKE_ALARM, which cub lacks). */
static int check_clock(int clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		return 0;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		return -EOPNOTSUPP;
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

static uint64_t clock_now(const struct posix_timer *t)
{
	switch (t->clock) {
	case CLOCK_REALTIME:
	case CLOCK_TAI:
		return clock_realtime_ns();
	case CLOCK_PROCESS_CPUTIME_ID:
		return process_cpu_ns(t->proc);
	case CLOCK_THREAD_CPUTIME_ID: {
		struct thread *th = thread_find(t->cpu_tid);
		return th && th->proc == t->proc ? thread_cpu_ns(th) : 0;
	}
	default:
		return clock_ns();
	}
}

/* Sends the timer's signal, or counts an overrun while it is pending. */
static void notify(struct posix_timer *t, int missed)
{
	if (!t->signals)
		return;
	if (t->queued) {
		int64_t n = (int64_t)t->overrun + 1 + missed;
		t->overrun = n > OVERRUN_MAX ? OVERRUN_MAX : (int)n;
		return;
	}
	struct thread *th = 0;
	if (t->tid) {
		th = thread_find(t->tid);
		if (!th || th->proc != t->proc)
			return; /* the thread is gone: nobody to tell */
	}
	t->overrun = missed;
	t->queued = true;
	signal_send_timer(t->proc, th, t->sigq);
}

static void arm_ktimer(struct posix_timer *t, uint64_t now)
{
	if (cpu_clock(t->clock))
		return;
	uint64_t wait = t->expires > now ? t->expires - now : 0;
	ktimer_arm(&t->kt, clock_ns() + wait);
}

/* An expiry at now (on the timer's clock): the signal, then the next
   period, counting the periods that went by unnoticed as overruns. */
static void expire(struct posix_timer *t, uint64_t now)
{
	int missed = 0;

	if (t->interval) {
		uint64_t n = (now - t->expires) / t->interval + 1;
		missed = n - 1 > OVERRUN_MAX ? OVERRUN_MAX : (int)(n - 1);
		t->expires += n * t->interval;
		arm_ktimer(t, now);
	} else {
		t->expires = 0;
	}
	notify(t, missed);
}

static void ktimer_fired(struct ktimer *kt)
{
	struct posix_timer *t = (struct posix_timer *)((char *)kt - offsetof(struct posix_timer, kt));

	if (!t->expires)
		return;
	uint64_t now = clock_now(t);
	if (now < t->expires) {
		arm_ktimer(t, now); /* the wall clock was set back meanwhile */
		return;
	}
	expire(t, now);
}

void posix_timer_cpu_tick(struct process *p, struct thread *cur)
{
	for (struct posix_timer *t = p->timers; t; t = t->next) {
		if (!cpu_clock(t->clock) || !t->expires)
			continue;
		if (t->clock == CLOCK_THREAD_CPUTIME_ID && t->cpu_tid != (int)cur->id)
			continue; /* only the running thread's clock moved */
		uint64_t now = clock_now(t);
		if (now >= t->expires)
			expire(t, now);
	}
}

void posix_timer_dequeued(struct posix_timer *t, siginfo_t *info)
{
	t->queued = false;
	if (info) {
		info->si_overrun = t->overrun;
		t->overrun_last = t->overrun;
	}
	t->overrun = 0;
}

static struct posix_timer *find(struct process *p, int id)
{
	for (struct posix_timer *t = p->timers; t; t = t->next)
		if (t->id == id)
			return t;
	return 0;
}

static void destroy(struct process *p, struct posix_timer *t)
{
	bool on = irq_save();
	ktimer_cancel(&t->kt);
	for (struct posix_timer **pp = &p->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	if (cpu_clock(t->clock))
		p->cpu_timers--;
	/* Its pending signal goes with it, as newer Linux drops the signals
	   of deleted timers. */
	if (t->queued)
		signal_unqueue(p, t->sigq);
	irq_restore(on);
	kfree(t->sigq);
	kfree(t);
}

void posix_timer_exit(struct process *p)
{
	while (p->timers)
		destroy(p, p->timers);
}

/* The notification timer_create asks for (good_sigevent in Linux). */
static long check_sigevent(struct process *p, const sigevent_t *ev)
{
	switch (ev->sigev_notify) {
	case SIGEV_SIGNAL | SIGEV_THREAD_ID: {
		struct thread *th = thread_find(ev->sigev_notify_thread_id);
		if (!th || th->proc != p)
			return -EINVAL;
	}
		/* fall through */
	case SIGEV_SIGNAL:
	case SIGEV_THREAD: /* glibc turns it into SIGEV_THREAD_ID */
		if (ev->sigev_signo <= 0 || ev->sigev_signo > SIG_COUNT)
			return -EINVAL;
		return 0;
	case SIGEV_NONE:
		return 0;
	default:
		return -EINVAL;
	}
}

/* Ids count up from 0 per process and wrap at INT_MAX, skipping ids
   still in use (Linux's next_posix_timer_id). */
static int new_id(struct process *p)
{
	int id = p->next_timer_id;

	while (find(p, id))
		id = id == INT32_MAX ? 0 : id + 1;
	p->next_timer_id = id == INT32_MAX ? 0 : id + 1;
	return id;
}

SYSCALL_DEFINE3(timer_create, int, clk, const sigevent_t *, uev, int *, uid)
{
	struct process *p = process_current();
	sigevent_t ev;

	clk = normalize_clock(clk);
	int r = check_clock(clk);
	if (r)
		return r;
	if (uev) {
		if (copy_from_user(&ev, uev, sizeof(ev)))
			return -EFAULT;
		r = check_sigevent(p, &ev);
		if (r)
			return r;
	}
	struct posix_timer *t = kzalloc(sizeof(*t));
	struct sigqueue *q = kzalloc(sizeof(*q));
	if (!t || !q) {
		kfree(t);
		kfree(q);
		return -EAGAIN; /* timer_create(2): no memory for a timer */
	}
	t->proc = p;
	t->id = new_id(p);
	t->clock = clk;
	t->cpu_tid = (int)thread_current()->id;
	t->kt.fn = ktimer_fired;
	t->sigq = q;
	q->timer = t;
	q->info.si_code = SI_TIMER;
	q->info.si_tid = t->id;
	if (uev) {
		t->signals = (ev.sigev_notify & ~SIGEV_THREAD_ID) != SIGEV_NONE;
		t->tid = (ev.sigev_notify & SIGEV_THREAD_ID) ? ev.sigev_notify_thread_id : 0;
		q->info.si_signo = ev.sigev_signo;
		q->info.si_value = ev.sigev_value;
	} else {
		/* timer_create(2): SIGALRM with the timer id as the value. */
		t->signals = true;
		q->info.si_signo = SIGALRM;
		q->info.si_value.sival_int = t->id;
	}
	if (copy_to_user(uid, &t->id, sizeof(t->id))) {
		kfree(q);
		kfree(t);
		return -EFAULT;
	}
	bool on = irq_save();
	t->next = p->timers;
	p->timers = t;
	if (cpu_clock(clk))
		p->cpu_timers++;
	irq_restore(on);
	return 0;
}

static void get_value(struct posix_timer *t, struct __kernel_itimerspec *v)
{
	bool on = irq_save();
	uint64_t now = clock_now(t), left = 0;
	/* Due but not yet handled by the tick: still armed, so not 0. */
	if (t->expires)
		left = t->expires > now ? t->expires - now : 1;
	ns_to_timespec(t->interval, &v->it_interval);
	irq_restore(on);
	ns_to_timespec(left, &v->it_value);
}

SYSCALL_DEFINE4(timer_settime, int, id, int, flags, const struct __kernel_itimerspec *, unew,
                struct __kernel_itimerspec *, uold)
{
	struct process *p = process_current();
	struct __kernel_itimerspec nv, ov;
	uint64_t value, interval;

	if (!unew)
		return -EINVAL;
	if (copy_from_user(&nv, unew, sizeof(nv)))
		return -EFAULT;
	struct posix_timer *t = find(p, id);
	if (!t)
		return -EINVAL;
	if (timespec_to_ns(&nv.it_value, &value) || timespec_to_ns(&nv.it_interval, &interval))
		return -EINVAL;
	get_value(t, &ov);
	if (uold && copy_to_user(uold, &ov, sizeof(ov)))
		return -EFAULT;
	bool on = irq_save();
	ktimer_cancel(&t->kt);
	t->overrun_last = 0;
	t->interval = value ? interval : 0;
	t->expires = 0;
	if (value) {
		uint64_t now = clock_now(t);
		/* 0 on the clock is "disarmed", so it becomes 1.  An absolute
		   time already past expires at once, as in Linux. */
		t->expires = (flags & TIMER_ABSTIME) ? value : now + value;
		if (!t->expires)
			t->expires = 1;
		if (t->expires <= now)
			expire(t, now);
		else
			arm_ktimer(t, now);
	}
	irq_restore(on);
	return 0;
}

SYSCALL_DEFINE2(timer_gettime, int, id, struct __kernel_itimerspec *, uval)
{
	struct posix_timer *t = find(process_current(), id);
	struct __kernel_itimerspec v;

	if (!t)
		return -EINVAL;
	get_value(t, &v);
	return copy_to_user(uval, &v, sizeof(v));
}

SYSCALL_DEFINE1(timer_getoverrun, int, id)
{
	struct posix_timer *t = find(process_current(), id);

	return t ? t->overrun_last : -EINVAL;
}

SYSCALL_DEFINE1(timer_delete, int, id)
{
	struct process *p = process_current();
	struct posix_timer *t = find(p, id);

	if (!t)
		return -EINVAL;
	destroy(p, t);
	return 0;
}
