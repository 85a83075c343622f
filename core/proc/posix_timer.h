/*
 * posix_timer.h - POSIX per-process timers (timer_create and friends).
 *
 * A timer belongs to the process that made it: fork does not copy it,
 * execve and exit delete it.  Its signal has a preallocated queue entry,
 * so an expiry never needs memory (and may run in the timer interrupt);
 * while that signal is still pending, further expiries only count as
 * overruns, reported in si_overrun and by timer_getoverrun.
 */
#ifndef CUB_PROC_POSIX_TIMER_H
#define CUB_PROC_POSIX_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include <asm-generic/siginfo.h>

#include "sched/ktimer.h"

struct process;
struct thread;
struct sigqueue;

struct posix_timer {
	struct posix_timer *next;
	struct process *proc;
	int id;
	int clock;
	bool signals;       /* SIGEV_SIGNAL (else SIGEV_NONE) */
	int tid;            /* SIGEV_THREAD_ID's thread, or 0: the process */
	int cpu_tid;        /* CLOCK_THREAD_CPUTIME_ID: the thread it counts */
	struct ktimer kt;   /* the wall and monotonic clocks */
	uint64_t expires;   /* on the timer's clock; 0 = disarmed */
	uint64_t interval;
	int overrun;        /* expiries since its pending signal was sent */
	int overrun_last;   /* of the last delivered signal: timer_getoverrun */
	bool queued;        /* sigq is in a pending set */
	struct sigqueue *sigq;
};

/* Called by the signal code when t's entry leaves a pending set: with
   the dequeued info to complete (si_overrun), or NULL (discarded). */
void posix_timer_dequeued(struct posix_timer *t, siginfo_t *info);

/* The tick's check of p's CPU-clock timers; cur is the running thread. */
void posix_timer_cpu_tick(struct process *p, struct thread *cur);

/* Deletes every timer of p (execve, exit). */
void posix_timer_exit(struct process *p);

#endif
