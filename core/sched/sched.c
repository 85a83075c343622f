/*
 * sched.c - the run queue and the switch.
 *
 * Round robin: a FIFO run queue, a fixed time slice, and an idle thread
 * that halts the CPU when nothing else can run.
 */
#include "arch/x86_64/usermode.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "sched/ktimer.h"
#include "sched/sched.h"
#include "sched/sched_internal.h"

extern void switch_context(uint64_t *save_rsp, uint64_t new_rsp);
extern uint8_t boot_stack_bottom[], boot_stack_top[];

static struct thread *current;
static struct thread *idle;
static struct thread *runq_head, *runq_tail;
static struct thread *dead;
static bool need_resched;
static uint64_t switches;

struct thread *thread_current(void)
{
	return current;
}

uint64_t thread_cpu_ns(struct thread *t)
{
	bool on = irq_save();
	uint64_t ns = t->runtime_ns + (t == current ? clock_ns() - t->switched_in_at : 0);
	irq_restore(on);
	return ns;
}

uint64_t thread_user_ns(struct thread *t)
{
	bool on = irq_save();
	uint64_t total = thread_cpu_ns(t), u = t->user_ticks, all = u + t->sys_ticks;
	irq_restore(on);
	/* No sample yet: a thread that ran less than a tick counts as user. */
	if (!all)
		return total;
	/* total * u / all without a 128-bit product (no libgcc here). */
	return total / all * u + total % all * u / all;
}

uint64_t sched_switches(void)
{
	return switches;
}

static void runq_push(struct thread *t)
{
	t->run_next = 0;
	if (runq_tail)
		runq_tail->run_next = t;
	else
		runq_head = t;
	runq_tail = t;
}

void sched_make_runnable(struct thread *t)
{
	bool on = irq_save();
	t->state = THREAD_RUNNABLE;
	runq_push(t);
	/* Idle gives way at once; others finish their slice. */
	if (current == idle)
		need_resched = true;
	irq_restore(on);
}

static struct thread *runq_pop(void)
{
	struct thread *t = runq_head;

	if (t) {
		runq_head = t->run_next;
		if (!runq_head)
			runq_tail = 0;
		t->run_next = 0;
	}
	return t;
}

void sched_add_dead(struct thread *t)
{
	t->dead_next = dead;
	dead = t;
}

/* Frees detached zombies; never the running thread, whose stack is live. */
void sched_reap(void)
{
	struct thread **pp = &dead;

	while (*pp) {
		struct thread *t = *pp;
		if (t == current) {
			pp = &t->dead_next;
			continue;
		}
		*pp = t->dead_next;
		thread_free(t);
	}
}

void sched_switch(void)
{
	struct thread *prev = current;

	if (prev->state == THREAD_RUNNING) {
		prev->state = THREAD_RUNNABLE;
		if (prev != idle)
			runq_push(prev);
	}
	struct thread *next = runq_pop();
	if (!next)
		next = idle;
	need_resched = false;
	next->state = THREAD_RUNNING;
	next->slice_left = SCHED_SLICE_TICKS;
	if (next == prev)
		return;
	next->switches++;
	switches++;
	uint64_t now = clock_ns();
	prev->runtime_ns += now - prev->switched_in_at;
	next->switched_in_at = now;
	current = next;
	arch_thread_switch(prev, next);
	switch_context(&prev->rsp, next->rsp);
	/* Back in prev, switched in again by someone. */
	sched_reap();
}

/* The first thing a thread that starts in user mode runs (syscall.S). */
void sched_thread_first_run(void);
void sched_thread_first_run(void)
{
	sched_reap();
}

void sched_yield(void)
{
	bool on = irq_save();
	sched_switch();
	irq_restore(on);
}

void sched_tick(bool user)
{
	uint64_t now = clock_ns();

	if (current != idle) {
		if (user)
			current->user_ticks++;
		else
			current->sys_ticks++;
	}
	sleep_expire(now);
	ktimer_expire(now);
	if (current != idle && current->slice_left && --current->slice_left == 0)
		need_resched = true;
}

void sched_preempt_point(void)
{
	if (need_resched && current)
		sched_switch();
}

static void idle_loop(void *arg)
{
	(void)arg;
	for (;;) {
		irq_disable();
		if (runq_head)
			sched_switch();
		/* sti takes effect after hlt starts: no wake-up is lost. */
		__asm__ volatile("sti; hlt" : : : "memory");
	}
}

void sched_init(void)
{
	struct thread *main = thread_alloc("main");

	if (!main)
		panic("sched: no memory for the main thread");
	/* The boot thread runs on the boot stack; it becomes PID 1. */
	main->id = 1;
	main->stack = boot_stack_bottom;
	main->stack_size = (size_t)(boot_stack_top - boot_stack_bottom);
	main->static_stack = true;
	main->state = THREAD_RUNNING;
	main->slice_left = SCHED_SLICE_TICKS;
	current = main;

	/* The idle thread is made by hand: it must never be on the queue. */
	idle = thread_create("idle", idle_loop, 0);
	if (!idle)
		panic("sched: no memory for the idle thread");
	idle->id = 0;
	bool on = irq_save();
	runq_head = runq_tail = 0;
	irq_restore(on);
	pr_info("sched: round robin, %u ms slices\n", SCHED_SLICE_TICKS);
}
