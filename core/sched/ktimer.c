/*
 * ktimer.c - a deadline-sorted list of timers, checked every tick.
 */
#include "sched/ktimer.h"

#include "arch/x86_64/cpu.h"

static struct ktimer *timers;

static void unlink_timer(struct ktimer *t)
{
	for (struct ktimer **pp = &timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->armed = false;
}

void ktimer_arm(struct ktimer *t, uint64_t deadline)
{
	bool on = irq_save();
	if (t->armed)
		unlink_timer(t);
	struct ktimer **pp = &timers;
	while (*pp && (*pp)->deadline <= deadline)
		pp = &(*pp)->next;
	t->deadline = deadline;
	t->next = *pp;
	*pp = t;
	t->armed = true;
	irq_restore(on);
}

void ktimer_cancel(struct ktimer *t)
{
	bool on = irq_save();
	if (t->armed)
		unlink_timer(t);
	irq_restore(on);
}

void ktimer_expire(uint64_t now)
{
	while (timers && timers->deadline <= now) {
		struct ktimer *t = timers;
		timers = t->next;
		t->armed = false;
		t->fn(t); /* may re-arm t */
	}
}
