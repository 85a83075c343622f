/*
 * Wait queue tests: wake one, wake all, order, timeouts, lost wake-ups.
 */
#include "ktest/ktest.h"
#include "sched/sched.h"

struct waiter_ctx {
	struct waitq *wq;
	volatile int *flag;
	volatile int woken;
	int ret;
	uint64_t timeout;
	int id;
	volatile int *order;
	volatile int *order_len;
};

static void waiter(void *arg)
{
	struct waiter_ctx *c = arg;
	c->ret = wait_event_timeout(c->wq, *c->flag, c->timeout);
	c->woken = 1;
	if (c->order)
		c->order[(*c->order_len)++] = c->id;
}

/* A waiter that sleeps once, whatever the flag: for counting wake-ups. */
static void block_once(void *arg)
{
	struct waiter_ctx *c = arg;
	bool on = irq_save();
	c->ret = waitq_block(c->wq, c->timeout ? clock_ns() + c->timeout : 0);
	irq_restore(on);
	c->woken = 1;
	if (c->order)
		c->order[(*c->order_len)++] = c->id;
}

KTEST(wait, wake_one_wakes_exactly_one_in_fifo_order)
{
	struct waitq wq;
	waitq_init(&wq);
	volatile int order[3], len = 0;
	struct waiter_ctx c[3];
	struct thread *t[3];
	for (int i = 0; i < 3; i++) {
		c[i] = (struct waiter_ctx){ .wq = &wq, .id = i, .order = order, .order_len = &len };
		t[i] = thread_create("kt-wait", block_once, &c[i]);
		KASSERT_NE(t[i], 0);
	}
	sleep_ms(10); /* all three are blocked now */
	KEXPECT_EQ(waitq_wake_one(&wq), 1);
	sleep_ms(10);
	KEXPECT_EQ(len, 1);
	KEXPECT_EQ(order[0], 0);
	KEXPECT_EQ(waitq_wake_one(&wq), 1);
	KEXPECT_EQ(waitq_wake_one(&wq), 1);
	for (int i = 0; i < 3; i++)
		thread_join(t[i]);
	KEXPECT_EQ(len, 3);
	KEXPECT_EQ(order[1], 1);
	KEXPECT_EQ(order[2], 2);
	KEXPECT_EQ(waitq_wake_one(&wq), 0);
}

KTEST(wait, wake_all_wakes_every_waiter)
{
	struct waitq wq;
	waitq_init(&wq);
	volatile int flag = 0;
	struct waiter_ctx c[4];
	struct thread *t[4];
	for (int i = 0; i < 4; i++) {
		c[i] = (struct waiter_ctx){ .wq = &wq, .flag = &flag };
		t[i] = thread_create("kt-wall", waiter, &c[i]);
		KASSERT_NE(t[i], 0);
	}
	sleep_ms(10);
	for (int i = 0; i < 4; i++)
		KEXPECT_EQ(c[i].woken, 0);
	flag = 1;
	KEXPECT_EQ(waitq_wake_all(&wq), 4);
	for (int i = 0; i < 4; i++) {
		thread_join(t[i]);
		KEXPECT_EQ(c[i].woken, 1);
		KEXPECT_EQ(c[i].ret, 0);
	}
}

KTEST(wait, timeout_expires_with_etimedout)
{
	struct waitq wq;
	waitq_init(&wq);
	volatile int flag = 0;
	uint64_t start = clock_ns();
	int r = wait_event_timeout(&wq, flag, 20 * NSEC_PER_MSEC);
	uint64_t elapsed = clock_ns() - start;
	KEXPECT_EQ(r, -ETIMEDOUT);
	KEXPECT_GE(elapsed, 20 * NSEC_PER_MSEC);
	KEXPECT_EQ(wq.head, 0); /* the timed-out waiter left the queue */
}

KTEST(wait, wake_before_timeout_returns_zero)
{
	struct waitq wq;
	waitq_init(&wq);
	volatile int flag = 0;
	struct waiter_ctx c = { .wq = &wq, .flag = &flag, .timeout = 5000 * NSEC_PER_MSEC };
	uint64_t start = clock_ns();
	struct thread *t = thread_create("kt-wto", waiter, &c);
	KASSERT_NE(t, 0);
	sleep_ms(10);
	flag = 1;
	waitq_wake_all(&wq);
	thread_join(t);
	KEXPECT_EQ(c.ret, 0);
	KEXPECT_LT(clock_ns() - start, 2000 * NSEC_PER_MSEC);
}

KTEST(wait, true_condition_does_not_block)
{
	struct waitq wq;
	waitq_init(&wq);
	uint64_t before = sched_switches();
	KEXPECT_EQ(wait_event_timeout(&wq, 1, 10 * NSEC_PER_MSEC), 0);
	KEXPECT_EQ(sched_switches(), before);
}

KTEST(wait, block_with_deadline_only_times_out)
{
	struct waitq wq;
	waitq_init(&wq);
	struct waiter_ctx c = { .wq = &wq, .timeout = 15 * NSEC_PER_MSEC };
	struct thread *t = thread_create("kt-dl", block_once, &c);
	KASSERT_NE(t, 0);
	thread_join(t);
	KEXPECT_EQ(c.ret, -ETIMEDOUT);
	KEXPECT_EQ(wq.head, 0);
}
