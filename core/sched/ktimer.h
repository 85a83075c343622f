/*
 * ktimer.h - one-shot kernel timers whose callback runs in the timer
 * interrupt (so it must not sleep): the engine of alarm and setitimer.
 */
#ifndef CUB_SCHED_KTIMER_H
#define CUB_SCHED_KTIMER_H

#include <stdbool.h>
#include <stdint.h>

struct ktimer {
	uint64_t deadline; /* clock_ns() */
	void (*fn)(struct ktimer *t);
	struct ktimer *next;
	bool armed;
};

/* (Re)arms t for deadline; cancels a pending expiry first. */
void ktimer_arm(struct ktimer *t, uint64_t deadline);
void ktimer_cancel(struct ktimer *t);

/* Runs the callbacks of the timers due by now (from the tick). */
void ktimer_expire(uint64_t now);

#endif
