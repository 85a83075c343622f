/*
 * sys_time.c - clocks and sleeping: clock_gettime, clock_getres,
 * gettimeofday, time, nanosleep, clock_nanosleep, sched_yield, times,
 * sysinfo.
 *
 * Every clock reads the TSC: REALTIME adds the wall-clock offset taken
 * from the RTC at boot; MONOTONIC, MONOTONIC_RAW and BOOTTIME are the same
 * (the machine never suspends); CPU-time clocks count the calling thread's
 * or the whole process's time on the CPU.
 */
#include "lib/kstring.h"
#include "mm/frame.h"
#include "mm/paging.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/clock.h"
#include "sched/sched.h"
#include "sys/syscall.h"

#include <linux/sysinfo.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/times.h>

/* USER_HZ: the unit of times() and /proc, 100 on every Linux. */
#define USER_HZ 100

static int clock_read(int clk, uint64_t *ns)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_TAI:
		*ns = clock_realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = clock_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		*ns = process_cpu_ns(process_current());
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = thread_cpu_ns(thread_current());
		return 0;
	default:
		return -EINVAL;
	}
}

static struct __kernel_timespec to_timespec(uint64_t ns)
{
	struct __kernel_timespec ts = { (int64_t)(ns / NSEC_PER_SEC), (long long)(ns % NSEC_PER_SEC) };
	return ts;
}

SYSCALL_DEFINE2(clock_gettime, int, clk, struct __kernel_timespec *, uts)
{
	uint64_t ns;
	int r = clock_read(clk, &ns);

	if (r)
		return r;
	struct __kernel_timespec ts = to_timespec(ns);
	return copy_to_user(uts, &ts, sizeof(ts));
}

SYSCALL_DEFINE2(clock_getres, int, clk, struct __kernel_timespec *, uts)
{
	uint64_t ns;
	int r = clock_read(clk, &ns);

	if (r)
		return r;
	/* The TSC resolves nanoseconds, as Linux's high-resolution clocks. */
	struct __kernel_timespec ts = { 0, 1 };
	return uts ? copy_to_user(uts, &ts, sizeof(ts)) : 0;
}

SYSCALL_DEFINE2(gettimeofday, struct __kernel_old_timeval *, utv, struct timezone *, utz)
{
	uint64_t ns = clock_realtime_ns();

	if (utv) {
		struct __kernel_old_timeval tv = { (long)(ns / NSEC_PER_SEC),
			                           (long)(ns % NSEC_PER_SEC / 1000) };
		if (copy_to_user(utv, &tv, sizeof(tv)))
			return -EFAULT;
	}
	if (utz) {
		struct timezone tz = { 0, 0 }; /* UTC, as the kernel keeps it */
		if (copy_to_user(utz, &tz, sizeof(tz)))
			return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE1(time, long *, ut)
{
	long t = (long)(clock_realtime_ns() / NSEC_PER_SEC);

	if (ut && copy_to_user(ut, &t, sizeof(t)))
		return -EFAULT;
	return t;
}

int timespec_to_ns(const struct __kernel_timespec *ts, uint64_t *ns)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (long long)NSEC_PER_SEC)
		return -EINVAL;
	/* Past 2^63 ns (292 years) is never: a sleep that long is forever,
	   and adding it to a clock reading cannot wrap. */
	if ((uint64_t)ts->tv_sec > (UINT64_MAX / 2) / NSEC_PER_SEC - 1)
		*ns = UINT64_MAX / 2;
	else
		*ns = (uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
	return 0;
}

int timespec_from_user(const struct __kernel_timespec *uts, uint64_t *ns)
{
	struct __kernel_timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	return timespec_to_ns(&ts, ns);
}

void ns_to_timespec(uint64_t ns, struct __kernel_timespec *ts)
{
	ts->tv_sec = (int64_t)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long long)(ns % NSEC_PER_SEC);
}

static long sleep_until(int clk, uint64_t deadline, struct __kernel_timespec *urem);

static long sleep_restart(struct restart_block *rb)
{
	return sleep_until(rb->clock, rb->deadline, rb->urem);
}

/*
 * Sleeps until clk reaches deadline.  A signal ends the sleep and writes
 * the time that was left to urem, when given (nanosleep(2)).  A handler
 * then makes the call fail with EINTR, even with SA_RESTART; a signal
 * without one (a stop and SIGCONT) lets the sleep go on to the same
 * deadline through restart_syscall (Linux's hrtimer_nanosleep_restart).
 */
static long sleep_until(int clk, uint64_t deadline, struct __kernel_timespec *urem)
{
	uint64_t now = 0;
	bool on = irq_save();

	for (;;) {
		clock_read(clk, &now);
		if (now >= deadline)
			break;
		if (signal_pending()) {
			irq_restore(on);
			if (urem) {
				struct __kernel_timespec rem = to_timespec(deadline - now);
				if (copy_to_user(urem, &rem, sizeof(rem)))
					return -EFAULT;
			}
			struct restart_block *rb = &thread_current()->sig.restart;
			rb->fn = sleep_restart;
			rb->clock = clk;
			rb->deadline = deadline;
			rb->urem = urem;
			return -ERESTART_RESTARTBLOCK;
		}
		/* The monotonic deadline the sleep list understands. */
		waitq_block_interruptible(0, clock_ns() + (deadline - now));
	}
	irq_restore(on);
	return 0;
}

SYSCALL_DEFINE2(nanosleep, const struct __kernel_timespec *, ureq, struct __kernel_timespec *, urem)
{
	uint64_t ns;
	int r = timespec_from_user(ureq, &ns);

	if (r)
		return r;
	return sleep_until(CLOCK_MONOTONIC, clock_ns() + ns, urem);
}

SYSCALL_DEFINE4(clock_nanosleep, int, clk, int, flags, const struct __kernel_timespec *, ureq,
                struct __kernel_timespec *, urem)
{
	uint64_t ns, now = 0;

	if (clk == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC && clk != CLOCK_BOOTTIME &&
	    clk != CLOCK_TAI)
		return clock_read(clk, &now) ? -EINVAL : -EOPNOTSUPP;
	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	int r = timespec_from_user(ureq, &ns);
	if (r)
		return r;
	clock_read(clk, &now);
	/* An absolute sleep reports no remaining time (clock_nanosleep(2)). */
	return sleep_until(clk, (flags & TIMER_ABSTIME) ? ns : now + ns,
	                   (flags & TIMER_ABSTIME) ? 0 : urem);
}

SYSCALL_DEFINE0(sched_yield)
{
	sched_yield();
	return 0;
}

SYSCALL_DEFINE1(times, struct tms *, ubuf)
{
	struct process *p = process_current();
	uint64_t cpu = process_cpu_ns(p), user = process_user_ns(p);
	/* Reaped children's time counts as user time (proc/sys_sched.c). */
	struct tms t = { (long)(user / (NSEC_PER_SEC / USER_HZ)),
		         (long)((cpu - user) / (NSEC_PER_SEC / USER_HZ)),
		         (long)(p->children_cpu_ns / (NSEC_PER_SEC / USER_HZ)), 0 };

	if (ubuf && copy_to_user(ubuf, &t, sizeof(t)))
		return -EFAULT;
	/* Clock ticks since boot. */
	return (long)(clock_ns() / (NSEC_PER_SEC / USER_HZ));
}

SYSCALL_DEFINE1(sysinfo, struct sysinfo *, uinfo)
{
	struct sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = (long)(clock_ns() / NSEC_PER_SEC);
	si.totalram = frame_total_count() * PAGE_SIZE;
	si.freeram = frame_free_count() * PAGE_SIZE;
	si.procs = (unsigned short)process_count();
	si.mem_unit = 1;
	return copy_to_user(uinfo, &si, sizeof(si));
}
