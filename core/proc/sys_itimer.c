/*
 * sys_itimer.c - alarm, setitimer and getitimer (ITIMER_REAL).
 *
 * ITIMER_VIRTUAL and ITIMER_PROF count CPU time, which needs the
 * scheduler to charge user and system time separately: EINVAL for now.
 */
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

SYSCALL_DEFINE2(getitimer, int, which, struct k_itimerval *, uval)
{
	struct process *p = process_current();
	struct k_itimerval v;

	if (which != ITIMER_REAL)
		return -EINVAL;
	to_timeval(p->itimer.armed ? p->itimer_interval : 0, &v.it_interval);
	to_timeval(remaining(p), &v.it_value);
	return copy_to_user(uval, &v, sizeof(v));
}

SYSCALL_DEFINE3(setitimer, int, which, const struct k_itimerval *, unew, struct k_itimerval *,
                uold)
{
	struct process *p = process_current();
	struct k_itimerval nv, ov;
	uint64_t value = 0, interval = 0;

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (unew) {
		if (copy_from_user(&nv, unew, sizeof(nv)))
			return -EFAULT;
		if (read_tv(&nv.it_value, &value) || read_tv(&nv.it_interval, &interval))
			return -EINVAL;
	}
	to_timeval(p->itimer.armed ? p->itimer_interval : 0, &ov.it_interval);
	to_timeval(remaining(p), &ov.it_value);
	if (uold && copy_to_user(uold, &ov, sizeof(ov)))
		return -EFAULT;
	if (unew)
		set_real(p, value, interval);
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
