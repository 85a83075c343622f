/*
 * thread_signal.h - the signal state each thread has for itself, kept
 * inside struct thread (sched/sched.h), so this header depends on nothing.
 *
 * Linux keeps the blocked mask, the thread-directed pending signals
 * (tgkill, faults), the alternate stack and the restart block per thread;
 * dispositions and the process-directed pending set live in the process
 * (struct signal_state, proc/signal.h).
 */
#ifndef CUB_PROC_THREAD_SIGNAL_H
#define CUB_PROC_THREAD_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

struct sigqueue;

/* Pending signals: a bit per signal and the queued instances (with their
   siginfo) in arrival order.  A standard signal has at most one entry; a
   real-time signal has one per instance. */
struct sigpending {
	uint64_t set;
	struct sigqueue *head;
};

/*
 * What restart_syscall runs after a sleep that a signal without a handler
 * (a stop, an ignored signal) interrupted: the sleep goes on to its
 * original deadline (Linux's struct restart_block for nanosleep).
 */
struct restart_block {
	long (*fn)(struct restart_block *rb);
	int clock;
	uint64_t deadline;
	void *urem;
};

struct thread_signal {
	uint64_t blocked;
	struct sigpending pending;  /* directed at this thread */
	uint64_t waiting;           /* rt_sigtimedwait's set while it sleeps */
	uint64_t saved_mask;        /* restored after sigsuspend's handler */
	bool restore_saved;
	uint64_t alt_sp, alt_size;
	struct restart_block restart;
};

#endif
