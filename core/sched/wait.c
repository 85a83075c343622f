/*
 * wait.c - wait queues and the sleep list.
 *
 * A blocked thread is on at most one wait queue and, when it has a
 * deadline, on the sleep list (sorted by deadline, so the tick looks only
 * at its head).  Whoever wakes it, a waker or the tick, takes it off both.
 */
#include "lib/panic.h"
#include "sched/sched.h"
#include "sched/sched_internal.h"

static struct thread *sleepers;

void waitq_init(struct waitq *wq)
{
	wq->head = wq->tail = 0;
}

static void waitq_append(struct waitq *wq, struct thread *t)
{
	t->wq_next = 0;
	if (wq->tail)
		wq->tail->wq_next = t;
	else
		wq->head = t;
	wq->tail = t;
	t->waiting_on = wq;
}

static void waitq_remove(struct waitq *wq, struct thread *t)
{
	struct thread *prev = 0;

	for (struct thread *p = wq->head; p; prev = p, p = p->wq_next) {
		if (p != t)
			continue;
		if (prev)
			prev->wq_next = p->wq_next;
		else
			wq->head = p->wq_next;
		if (wq->tail == p)
			wq->tail = prev;
		break;
	}
	t->wq_next = 0;
	t->waiting_on = 0;
}

void sleep_insert(struct thread *t, uint64_t deadline)
{
	struct thread **pp = &sleepers;

	t->wake_at = deadline;
	while (*pp && (*pp)->wake_at <= deadline)
		pp = &(*pp)->sleep_next;
	t->sleep_next = *pp;
	*pp = t;
}

void sleep_remove(struct thread *t)
{
	for (struct thread **pp = &sleepers; *pp; pp = &(*pp)->sleep_next) {
		if (*pp == t) {
			*pp = t->sleep_next;
			break;
		}
	}
	t->sleep_next = 0;
	t->wake_at = 0;
}

void thread_wake(struct thread *t, bool timed_out)
{
	if (t->waiting_on)
		waitq_remove(t->waiting_on, t);
	if (t->wake_at)
		sleep_remove(t);
	t->timed_out = timed_out;
	sched_make_runnable(t);
}

void sleep_expire(uint64_t now)
{
	while (sleepers && sleepers->wake_at <= now)
		thread_wake(sleepers, true);
}

int waitq_block(struct waitq *wq, uint64_t deadline)
{
	struct thread *t = thread_current();

	BUG_ON(irq_enabled());
	t->state = THREAD_BLOCKED;
	t->timed_out = false;
	if (wq)
		waitq_append(wq, t);
	if (deadline)
		sleep_insert(t, deadline);
	sched_switch();
	return t->timed_out ? -ETIMEDOUT : 0;
}

int waitq_block_interruptible(struct waitq *wq, uint64_t deadline)
{
	struct thread *t = thread_current();

	t->interruptible = true;
	int r = waitq_block(wq, deadline);
	t->interruptible = false;
	return r;
}

void thread_interrupt(struct thread *t)
{
	bool on = irq_save();
	if (t->state == THREAD_BLOCKED && t->interruptible)
		thread_wake(t, false);
	irq_restore(on);
}

int waitq_wake_one(struct waitq *wq)
{
	bool on = irq_save();
	int n = 0;
	if (wq->head) {
		thread_wake(wq->head, false);
		n = 1;
	}
	irq_restore(on);
	return n;
}

int waitq_wake_all(struct waitq *wq)
{
	bool on = irq_save();
	int n = 0;
	while (wq->head) {
		thread_wake(wq->head, false);
		n++;
	}
	irq_restore(on);
	return n;
}

void sleep_ns(uint64_t ns)
{
	uint64_t deadline = clock_ns() + ns;
	bool on = irq_save();

	while (clock_ns() < deadline)
		waitq_block(0, deadline);
	irq_restore(on);
}
