/*
 * sched_internal.h - what thread.c, sched.c and wait.c share.  All of it
 * runs with interrupts off.
 */
#ifndef CUB_SCHED_INTERNAL_H
#define CUB_SCHED_INTERNAL_H

#include "sched/sched.h"

struct thread *thread_alloc(const char *name);
void thread_free(struct thread *t);

/* Puts t on the run queue (state RUNNABLE). */
void sched_make_runnable(struct thread *t);

/* Picks the next thread and switches to it; the caller has already set
   its own state (RUNNABLE to stay on the queue, BLOCKED or ZOMBIE). */
void sched_switch(void);

/* Queues a detached zombie for freeing by the next thread that runs. */
void sched_add_dead(struct thread *t);
void sched_reap(void);

/* Sleep-list maintenance (wait.c). */
void sleep_insert(struct thread *t, uint64_t deadline);
void sleep_remove(struct thread *t);
void sleep_expire(uint64_t now);

/* Makes a blocked thread runnable, taking it off its queue and the sleep
   list; timed_out records why. */
void thread_wake(struct thread *t, bool timed_out);

#endif
