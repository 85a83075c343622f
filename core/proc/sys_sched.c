/*
 * sys_sched.c - scheduling and accounting queries: sched_getaffinity,
 * sched_setaffinity, sched_getscheduler, sched_getparam,
 * sched_get_priority_max/min, getpriority, setpriority, getrusage.
 *
 * cub runs every thread on CPU 0 with one round-robin policy, which is
 * what it reports: SCHED_OTHER, priority 0, affinity {0}.  Nice values are
 * kept and reported but do not change the scheduling yet.
 */
#include "cred/cred.h"
#include "lib/kstring.h"
#include "mm/uaccess.h"
#include "mm/paging.h"
#include "mm/vm.h"
#include "proc/process.h"
#include "sched/clock.h"
#include "sched/sched.h"
#include "sys/syscall.h"

#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/sched/types.h>

/* The kernel's cpumask for NR_CPUS <= 64: one unsigned long. */
#define CPUMASK_BYTES sizeof(unsigned long)

static struct process *target(int pid)
{
	if (pid < 0)
		return 0;
	return pid == 0 ? process_current() : process_of_tid(pid);
}

SYSCALL_DEFINE3(sched_getaffinity, int, pid, unsigned int, len, unsigned long *, umask)
{
	unsigned long mask = 1; /* CPU 0 */

	if (len < CPUMASK_BYTES || (len & (sizeof(unsigned long) - 1)))
		return -EINVAL;
	if (!target(pid))
		return -ESRCH;
	if (copy_to_user(umask, &mask, sizeof(mask)))
		return -EFAULT;
	return CPUMASK_BYTES;
}

SYSCALL_DEFINE3(sched_setaffinity, int, pid, unsigned int, len, const unsigned long *, umask)
{
	unsigned long mask = 0;

	if (!target(pid))
		return -ESRCH;
	if (copy_from_user(&mask, umask, len < sizeof(mask) ? len : sizeof(mask)))
		return -EFAULT;
	return (mask & 1) ? 0 : -EINVAL; /* only CPU 0 exists */
}

SYSCALL_DEFINE1(sched_getscheduler, int, pid)
{
	return target(pid) ? SCHED_NORMAL : -ESRCH;
}

SYSCALL_DEFINE2(sched_getparam, int, pid, struct sched_param *, uparam)
{
	struct sched_param sp = { 0 };

	if (!uparam)
		return -EINVAL;
	if (!target(pid))
		return -ESRCH;
	return copy_to_user(uparam, &sp, sizeof(sp));
}

static int prio_range(int policy, bool max)
{
	switch (policy) {
	case SCHED_FIFO:
	case SCHED_RR:
		return max ? 99 : 1;
	case SCHED_NORMAL:
	case SCHED_BATCH:
	case SCHED_IDLE:
	case SCHED_DEADLINE:
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE1(sched_get_priority_max, int, policy)
{
	return prio_range(policy, true);
}

SYSCALL_DEFINE1(sched_get_priority_min, int, policy)
{
	return prio_range(policy, false);
}

/* The processes a (which, who) pair of getpriority/setpriority names. */
static bool prio_match(struct process *p, int which, int who)
{
	struct process *self = process_current();

	switch (which) {
	case PRIO_PROCESS:
		return p->pid == (who ? who : self->pid);
	case PRIO_PGRP:
		return p->pgid == (who ? who : self->pgid);
	case PRIO_USER:
		/* A user's processes are those whose real uid it is. */
		return p->cred->uid == (who ? (uint32_t)who : self->cred->uid);
	default:
		return false;
	}
}

SYSCALL_DEFINE2(getpriority, int, which, int, who)
{
	int best = -ESRCH;

	if (which != PRIO_PROCESS && which != PRIO_PGRP && which != PRIO_USER)
		return -EINVAL;
	for (struct process *p = process_next(0); p; p = process_next(p)) {
		if (p->zombie || !prio_match(p, which, who))
			continue;
		/* The raw syscall returns 20 - nice, so it is never negative. */
		int v = 20 - p->nice;
		if (v > best)
			best = v;
	}
	return best;
}

/* Linux's can_nice(): a lower nice value (more CPU) needs RLIMIT_NICE
   of the target to allow it (its value is 20 - nice), or root. */
static bool can_nice(const struct process *p, int nice)
{
	return (uint64_t)(20 - nice) <= p->rlim[RLIMIT_NICE].rlim_cur ||
	       cred_is_root(process_current()->cred);
}

SYSCALL_DEFINE3(setpriority, int, which, int, who, int, nice)
{
	if (which != PRIO_PROCESS && which != PRIO_PGRP && which != PRIO_USER)
		return -EINVAL;
	if (nice < -20)
		nice = -20;
	if (nice > 19)
		nice = 19;
	/* Linux's set_one_prio for each match: a refusal sticks unless a
	   later match is refused for another reason. */
	const struct cred *self = process_current()->cred;
	int r = -ESRCH;
	for (struct process *p = process_next(0); p; p = process_next(p)) {
		if (p->zombie || !prio_match(p, which, who))
			continue;
		if (!cred_may_renice(self, p->cred)) {
			r = -EPERM;
		} else if (nice < p->nice && !can_nice(p, nice)) {
			r = -EACCES;
		} else {
			if (r == -ESRCH)
				r = 0;
			p->nice = nice;
		}
	}
	return r;
}

static void to_tv(uint64_t ns, struct __kernel_old_timeval *tv)
{
	tv->tv_sec = (long)(ns / NSEC_PER_SEC);
	tv->tv_usec = (long)(ns % NSEC_PER_SEC / 1000);
}

/* rusage as getrusage and wait4 report it: cpu_ns as user time (getrusage
   adds the system time of the living process; a reaped child's counts as
   user time). */
void rusage_fill(struct rusage *ru, uint64_t cpu_ns, uint64_t maxrss_kb)
{
	memset(ru, 0, sizeof(*ru));
	to_tv(cpu_ns, &ru->ru_utime);
	ru->ru_maxrss = (long)maxrss_kb;
}

SYSCALL_DEFINE2(getrusage, int, who, struct rusage *, uru)
{
	struct process *p = process_current();
	struct rusage ru;
	uint64_t cpu = 0, user = 0, rss = 0;

	switch (who) {
	case RUSAGE_SELF:
		cpu = process_cpu_ns(p);
		user = process_user_ns(p);
		rss = p->mm ? mm_rss_pages(p->mm) * PAGE_SIZE / 1024 : 0;
		break;
	case RUSAGE_THREAD:
		cpu = thread_cpu_ns(thread_current());
		user = thread_user_ns(thread_current());
		rss = p->mm ? mm_rss_pages(p->mm) * PAGE_SIZE / 1024 : 0;
		break;
	case RUSAGE_CHILDREN:
		cpu = user = p->children_cpu_ns;
		rss = p->children_maxrss_kb;
		break;
	default:
		return -EINVAL;
	}
	rusage_fill(&ru, user, rss);
	to_tv(cpu - user, &ru.ru_stime);
	return copy_to_user(uru, &ru, sizeof(ru));
}
