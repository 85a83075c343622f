/*
 * Scheduler tests: kernel threads, yielding, preemption, exit and join.
 */
#include "ktest/ktest.h"
#include "mm/frame.h"
#include "sched/sched.h"

static void exit_with_arg(void *arg)
{
	thread_exit((int)(uint64_t)arg);
}

KTEST(sched, thread_runs_and_join_returns_its_code)
{
	struct thread *t = thread_create("kt-exit", exit_with_arg, (void *)42);
	KASSERT_NE(t, 0);
	KEXPECT_EQ(thread_join(t), 42);
}

static volatile int order_log[8];
static volatile int order_len;

static void yielder(void *arg)
{
	for (int i = 0; i < 3; i++) {
		order_log[order_len++] = (int)(uint64_t)arg;
		sched_yield();
	}
}

KTEST(sched, yield_alternates_between_threads)
{
	order_len = 0;
	struct thread *a = thread_create("kt-a", yielder, (void *)1);
	struct thread *b = thread_create("kt-b", yielder, (void *)2);
	KASSERT_NE(a, 0);
	KASSERT_NE(b, 0);
	thread_join(a);
	thread_join(b);
	KASSERT_EQ(order_len, 6);
	for (int i = 0; i < 6; i++)
		KEXPECT_EQ(order_log[i], 1 + i % 2);
}

static volatile int spin_stop;
static volatile uint64_t spin_count[2];

static void spinner(void *arg)
{
	int i = (int)(uint64_t)arg;
	while (!spin_stop)
		spin_count[i]++;
}

KTEST(sched, busy_threads_are_preempted)
{
	spin_stop = 0;
	spin_count[0] = spin_count[1] = 0;
	struct thread *a = thread_create("kt-spin0", spinner, (void *)0);
	struct thread *b = thread_create("kt-spin1", spinner, (void *)1);
	KASSERT_NE(a, 0);
	KASSERT_NE(b, 0);
	/* Neither spinner yields: this thread only runs again, and both
	   spinners only share the CPU, if the tick preempts them. */
	sleep_ms(100);
	spin_stop = 1;
	thread_join(a);
	thread_join(b);
	KEXPECT_GT(spin_count[0], 0);
	KEXPECT_GT(spin_count[1], 0);
}

static volatile int counter;

static void add_one(void *arg)
{
	(void)arg;
	bool on = irq_save();
	counter++;
	irq_restore(on);
}

KTEST(sched, hundred_threads_all_run)
{
	enum { N = 100 };
	struct thread *ts[N];
	counter = 0;
	for (int i = 0; i < N; i++) {
		ts[i] = thread_create("kt-many", add_one, 0);
		KASSERT_NE(ts[i], 0);
	}
	for (int i = 0; i < N; i++)
		thread_join(ts[i]);
	KEXPECT_EQ(counter, N);
}

KTEST(sched, joined_and_detached_threads_give_back_their_memory)
{
	/* Warm up the heap caches so their pages do not count. */
	thread_join(thread_create("kt-warm", add_one, 0));
	uint64_t before = frame_free_count();
	thread_join(thread_create("kt-joined", add_one, 0));
	KEXPECT_EQ(frame_free_count(), before);
	struct thread *d = thread_create("kt-detached", add_one, 0);
	KASSERT_NE(d, 0);
	thread_detach(d);
	sleep_ms(5); /* it runs, exits, and the next switch frees it */
	sched_yield();
	KEXPECT_EQ(frame_free_count(), before);
}

KTEST(sched, switches_are_counted)
{
	uint64_t before = sched_switches();
	thread_join(thread_create("kt-count", add_one, 0));
	KEXPECT_GE(sched_switches(), before + 2);
	KEXPECT_EQ(thread_current()->state, THREAD_RUNNING);
}
