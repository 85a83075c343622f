/*
 * sched.c - the run queue and the switch.
 *
 * Round robin: a FIFO run queue, a fixed time slice, and an idle thread
 * that halts the CPU when nothing else can run.
 */
#include "arch/x86_64/gdt.h"
#include "lib/panic.h"
#include "lib/printk.h"
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
	current = next;
	if (next->stack)
		tss_set_rsp0((uint64_t)(next->stack + next->stack_size));
	switch_context(&prev->rsp, next->rsp);
	/* Back in prev, switched in again by someone. */
	sched_reap();
}

void sched_yield(void)
{
	bool on = irq_save();
	sched_switch();
	irq_restore(on);
}

void sched_tick(void)
{
	sleep_expire(clock_ns());
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
	main->state = THREAD_RUNNING;
	main->slice_left = SCHED_SLICE_TICKS;
	current = main;

	/* The idle thread is made by hand: it must never be on the queue. */
	idle = thread_create("idle", idle_loop, 0);
	if (!idle)
		panic("sched: no memory for the idle thread");
	bool on = irq_save();
	runq_head = runq_tail = 0;
	irq_restore(on);
	pr_info("sched: round robin, %u ms slices\n", SCHED_SLICE_TICKS);
}
