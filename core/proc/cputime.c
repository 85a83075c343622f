/*
 * cputime.c - a process's CPU time and the timers that count it.
 *
 * The scheduler measures each thread's time on the CPU exactly (the TSC
 * at every switch) and samples, at every tick, whether the thread was in
 * user or kernel mode; the samples split the measured time into user and
 * system time, as Linux does with tick-based accounting.  The CPU-time
 * timers (ITIMER_VIRTUAL, ITIMER_PROF, POSIX timers on the CPU clocks) are
 * checked at the tick too, so they fire within a tick of their expiry.
 */
#include "arch/x86_64/cpu.h"
#include "lib/kstring.h"
#include "proc/posix_timer.h"
#include "proc/process.h"
#include "sched/sched.h"

uint64_t process_cpu_ns(struct process *p)
{
	bool on = irq_save();
	uint64_t ns = p->cpu_ns;
	for (struct thread *t = p->threads; t; t = t->group_next)
		ns += thread_cpu_ns(t);
	irq_restore(on);
	return ns;
}

uint64_t process_user_ns(struct process *p)
{
	bool on = irq_save();
	uint64_t ns = p->user_ns;
	for (struct thread *t = p->threads; t; t = t->group_next)
		ns += thread_user_ns(t);
	irq_restore(on);
	return ns;
}

/* Fires an expired CPU itimer: the signal, then the next period or off. */
static void cpu_itimer_check(struct process *p, struct cpu_itimer *it, uint64_t now, int sig)
{
	if (!it->expires || now < it->expires)
		return;
	if (it->interval) {
		/* Periods that passed within this tick are one signal, as the
		   coalescing of a standard signal would make them anyway. */
		while (it->expires <= now)
			it->expires += it->interval;
	} else {
		it->expires = 0;
	}
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_KERNEL;
	signal_send(p, sig, &info);
}

void process_cpu_tick(bool user)
{
	struct thread *t = thread_current();
	struct process *p = t ? t->proc : 0;

	if (!p || p->zombie)
		return;
	/* ITIMER_VIRTUAL counts only user time: a tick in the kernel cannot
	   make it expire. */
	if (user && p->itimer_virt.expires)
		cpu_itimer_check(p, &p->itimer_virt, process_user_ns(p), SIGVTALRM);
	if (p->itimer_prof.expires)
		cpu_itimer_check(p, &p->itimer_prof, process_cpu_ns(p), SIGPROF);
	if (p->cpu_timers)
		posix_timer_cpu_tick(p, t);
}
