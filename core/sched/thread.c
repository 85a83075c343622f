/*
 * thread.c - creating, ending and joining kernel threads.
 */
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/usermode.h"
#include "lib/kstring.h"
#include "lib/panic.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "sched/sched.h"
#include "sched/sched_internal.h"

/* Kernel threads and processes share one id space, as in Linux: 0 is the
   idle thread, 1 the boot thread that becomes init. */
static uint64_t next_id = 2;

int thread_alloc_id(void)
{
	bool on = irq_save();
	int id = (int)next_id++;
	irq_restore(on);
	return id;
}

__attribute__((noreturn)) void thread_start(void);
void thread_start(void)
{
	struct thread *t = thread_current();

	sched_reap();
	irq_enable();
	t->fn(t->arg);
	thread_exit(0);
}

static void set_name(struct thread *t, const char *name)
{
	size_t n = strnlen(name, THREAD_NAME_MAX - 1);

	memcpy(t->name, name, n);
	t->name[n] = 0;
}

/* A thread structure with an id the caller chose (or allocated). */
static struct thread *thread_alloc_as(const char *name, int id)
{
	struct thread *t = kzalloc(sizeof(*t));

	if (!t)
		return 0;
	t->id = (uint64_t)id;
	set_name(t, name);
	waitq_init(&t->exit_wq);
	return t;
}

struct thread *thread_alloc(const char *name)
{
	return thread_alloc_as(name, thread_alloc_id());
}

struct thread *thread_create(const char *name, thread_fn fn, void *arg)
{
	struct thread *t = thread_alloc(name);
	if (!t)
		return 0;
	uint64_t pa = frame_alloc_contig(THREAD_STACK_SIZE / PAGE_SIZE, 1);
	if (pa == FRAME_NONE) {
		kfree(t);
		return 0;
	}
	t->stack = phys_to_virt(pa);
	t->stack_size = THREAD_STACK_SIZE;
	t->fn = fn;
	t->arg = arg;

	/*
	 * The first switch_context() into the thread pops six callee-saved
	 * registers (zero) and returns into thread_start with the stack
	 * aligned as if thread_start had been called; the zero above it ends
	 * backtraces.
	 */
	uint64_t *sp = (uint64_t *)(t->stack + t->stack_size);
	*--sp = 0;
	*--sp = (uint64_t)thread_start;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->rsp = (uint64_t)sp;
	sched_make_runnable(t);
	return t;
}

struct thread *thread_create_user(const char *name, int id, const struct trap_frame *tf)
{
	/* The id is the caller's (a fork's new pid): taking another here
	   would waste a number, and Linux hands out pids one by one. */
	struct thread *t = thread_alloc_as(name, id);
	if (!t)
		return 0;
	uint64_t pa = frame_alloc_contig(THREAD_STACK_SIZE / PAGE_SIZE, 1);
	t->fpu = fpu_alloc();
	if (pa == FRAME_NONE || !t->fpu) {
		if (pa != FRAME_NONE)
			frame_free(pa, THREAD_STACK_SIZE / PAGE_SIZE);
		fpu_free(t->fpu);
		kfree(t);
		return 0;
	}
	t->stack = phys_to_virt(pa);
	t->stack_size = THREAD_STACK_SIZE;
	arch_thread_set_user_frame(t, tf);
	return t;
}

void thread_start_new(struct thread *t)
{
	sched_make_runnable(t);
}

void thread_free(struct thread *t)
{
	if (t->stack && !t->static_stack)
		frame_free(virt_to_phys(t->stack), t->stack_size / PAGE_SIZE);
	fpu_free(t->fpu);
	kfree(t);
}

void thread_exit(int code)
{
	struct thread *t = thread_current();

	irq_disable();
	t->exit_code = code;
	t->state = THREAD_ZOMBIE;
	waitq_wake_all(&t->exit_wq);
	if (t->detached)
		sched_add_dead(t);
	sched_switch();
	panic("thread_exit: a dead thread was scheduled");
}

int thread_join(struct thread *t)
{
	BUG_ON(t == thread_current());
	BUG_ON(t->detached);
	wait_event(&t->exit_wq, t->state == THREAD_ZOMBIE);
	int code = t->exit_code;
	thread_free(t);
	return code;
}

void thread_detach(struct thread *t)
{
	bool on = irq_save();
	t->detached = true;
	if (t->state == THREAD_ZOMBIE)
		sched_add_dead(t);
	irq_restore(on);
}
