/*
 * sys_itimer.c - alarm, setitimer and getitimer.
 *
 * ITIMER_REAL is a kernel timer on the monotonic clock.  ITIMER_VIRTUAL
 * (user CPU time, SIGVTALRM) and ITIMER_PROF (user and system CPU time,
 * SIGPROF) count the whole process's CPU time and are checked at the
 * timer tick (proc/cputime.c).
 */
#include "arch/x86_64/timer.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/clock.h"
#include "sched/ktimer.h"
#include "sys/syscall.h"
#include "lib/kstring.h"

#include <linux/time.h>
#include <linux/time_types.h>

static void itimer_fire(struct ktimer *t)
{
	struct process *p = (struct process *)((char *)t - offsetof(struct process, itimer));
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = SIGALRM;
	info.si_code = SI_KERNEL;
	signal_send(p, SIGALRM, &info);
	if (p->itimer_interval)
		ktimer_arm(t, t->deadline + p->itimer_interval);
}

static uint64_t remaining(struct process *p)
{
	uint64_t now = clock_ns();

	if (!p->itimer.armed)
		return 0;
	return p->itimer.deadline > now ? p->itimer.deadline - now : 1;
}

static void to_timeval(uint64_t ns, struct __kernel_old_timeval *tv)
{
	tv->tv_sec = (long)(ns / NSEC_PER_SEC);
	tv->tv_usec = (long)(ns % NSEC_PER_SEC / 1000);
	/* A timer that is due but not yet fired still reports time left. */
	if (ns && !tv->tv_sec && !tv->tv_usec)
		tv->tv_usec = 1;
}

static void set_real(struct process *p, uint64_t value, uint64_t interval)
{
	p->itimer.fn = itimer_fire;
	p->itimer_interval = interval;
	if (value)
		ktimer_arm(&p->itimer, clock_ns() + value);
	else
		ktimer_cancel(&p->itimer);
}

struct k_itimerval {
	struct __kernel_old_timeval it_interval, it_value;
};

static int read_tv(const struct __kernel_old_timeval *tv, uint64_t *ns)
{
	if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
		return -EINVAL;
	*ns = (uint64_t)tv->tv_sec * NSEC_PER_SEC + (uint64_t)tv->tv_usec * 1000;
	return 0;
}

/* The CPU itimer of which, with the CPU time it counts now. */
static struct cpu_itimer *cpu_timer(struct process *p, int which, uint64_t *now)
{
	if (which == ITIMER_VIRTUAL) {
		*now = process_user_ns(p);
		return &p->itimer_virt;
	}
	*now = process_cpu_ns(p);
	return &p->itimer_prof;
}

static void get_value(struct process *p, int which, struct k_itimerval *v)
{
	if (which == ITIMER_REAL) {
		to_timeval(p->itimer.armed ? p->itimer_interval : 0, &v->it_interval);
		to_timeval(remaining(p), &v->it_value);
		return;
	}
	uint64_t now;
	struct cpu_itimer *it = cpu_timer(p, which, &now);
	bool on = irq_save();
	uint64_t left = !it->expires ? 0 : it->expires > now ? it->expires - now : 1;
	to_timeval(it->expires ? it->interval : 0, &v->it_interval);
	irq_restore(on);
	to_timeval(left, &v->it_value);
}

static void set_value(struct process *p, int which, uint64_t value, uint64_t interval)
{
	if (which == ITIMER_REAL) {
		set_real(p, value, interval);
		return;
	}
	uint64_t now;
	struct cpu_itimer *it = cpu_timer(p, which, &now);
	bool on = irq_save();
	it->interval = interval;
	/* Linux adds a tick to the first period (set_cpu_itimer): sampled at
	   the tick, the timer then never fires early. */
	it->expires = value ? now + value + NSEC_PER_SEC / TIMER_HZ : 0;
	irq_restore(on);
}

static bool valid_which(int which)
{
	return which == ITIMER_REAL || which == ITIMER_VIRTUAL || which == ITIMER_PROF;
}

SYSCALL_DEFINE2(getitimer, int, which, struct k_itimerval *, uval)
{
	struct k_itimerval v;

	if (!valid_which(which))
		return -EINVAL;
	get_value(process_current(), which, &v);
	return copy_to_user(uval, &v, sizeof(v));
}

SYSCALL_DEFINE3(setitimer, int, which, const struct k_itimerval *, unew, struct k_itimerval *,
                uold)
{
	struct process *p = process_current();
	struct k_itimerval nv, ov;
	uint64_t value = 0, interval = 0;

	if (!valid_which(which))
		return -EINVAL;
	if (unew) {
		if (copy_from_user(&nv, unew, sizeof(nv)))
			return -EFAULT;
		if (read_tv(&nv.it_value, &value) || read_tv(&nv.it_interval, &interval))
			return -EINVAL;
	}
	get_value(p, which, &ov);
	if (uold && copy_to_user(uold, &ov, sizeof(ov)))
		return -EFAULT;
	if (unew)
		set_value(p, which, value, interval);
	return 0;
}

SYSCALL_DEFINE1(alarm, unsigned int, seconds)
{
	struct process *p = process_current();
	uint64_t left = remaining(p);

	set_real(p, (uint64_t)seconds * NSEC_PER_SEC, 0);
	/* Whole seconds, rounding half up, and never 0 for a pending alarm
	   (alarm_setitimer in Linux). */
	unsigned int secs = (unsigned int)(left / NSEC_PER_SEC);
	uint64_t frac = left % NSEC_PER_SEC;
	if ((secs == 0 && frac) || frac >= NSEC_PER_SEC / 2)
		secs++;
	return secs;
}
