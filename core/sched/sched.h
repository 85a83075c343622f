/*
 * sched.h - kernel threads, the preemptive round-robin scheduler, wait
 * queues and sleeping.
 *
 * One CPU.  Every scheduler structure is changed with interrupts off,
 * which on one CPU is the whole locking story; SMP will need a real lock
 * here.  The timer tick (1 kHz) wakes sleepers whose deadline has passed
 * and ends the running thread's time slice after SCHED_SLICE_TICKS; the
 * switch happens on the way out of the interrupt (sched_preempt_point).
 */
#ifndef CUB_SCHED_SCHED_H
#define CUB_SCHED_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/cpu.h"
#include "proc/thread_signal.h"
#include "sched/clock.h"

#include <linux/errno.h>

#define SCHED_SLICE_TICKS 10
#define THREAD_STACK_SIZE 16384
#define THREAD_NAME_MAX 16

enum thread_state {
	THREAD_RUNNABLE,
	THREAD_RUNNING,
	THREAD_BLOCKED,
	THREAD_ZOMBIE,
};

struct thread;

/* A list of threads waiting for something. */
struct waitq {
	struct thread *head, *tail;
};

typedef void (*thread_fn)(void *arg);

struct thread {
	uint64_t rsp;              /* saved while switched out */
	uint64_t id;
	char name[THREAD_NAME_MAX];
	enum thread_state state;
	uint8_t *stack;            /* NULL for the boot thread */
	size_t stack_size;
	thread_fn fn;
	void *arg;
	struct thread *run_next;   /* run queue */
	struct waitq *waiting_on;  /* the queue this thread is blocked on */
	struct thread *wq_next;
	uint64_t wake_at;          /* sleep deadline in clock_ns(); 0 = none */
	struct thread *sleep_next;
	bool timed_out;
	bool interruptible;        /* a signal may end this sleep */
	bool detached;
	int exit_code;
	struct waitq exit_wq;      /* joiners */
	struct thread *dead_next;
	unsigned slice_left;
	uint64_t switches;         /* times switched in */
	bool static_stack;         /* the boot stack: never freed */
	uint64_t runtime_ns;       /* CPU time used, up to the last switch */
	uint64_t switched_in_at;   /* clock_ns() when it last started running */
	/* Ticks that found it running in user and in kernel mode: they split
	   runtime_ns into user and system time (as Linux's tick sampling). */
	uint64_t user_ticks, sys_ticks;
	/* User threads only. */
	struct process *proc;
	struct thread *group_next; /* the other threads of its process */
	uint64_t clear_child_tid;  /* set_tid_address, CLONE_CHILD_CLEARTID */
	void *fpu;                 /* saved FPU/SSE/AVX state */
	uint64_t fs_base;          /* arch_prctl(ARCH_SET_FS) */
	struct thread_signal sig;  /* mask, own pending signals, altstack */
};

/* Makes the running boot code thread "main" and starts the idle thread. */
void sched_init(void);

/* A new runnable thread; NULL when out of memory. */
struct thread *thread_create(const char *name, thread_fn fn, void *arg);

/*
 * A thread that will start in user mode with the registers in *tf (for
 * fork); not yet runnable: the caller finishes setting it up, then calls
 * thread_start_new().
 */
struct trap_frame;
struct thread *thread_create_user(const char *name, int id, const struct trap_frame *tf);
void thread_start_new(struct thread *t);

/* Ends the calling thread. */
__attribute__((noreturn)) void thread_exit(int code);

/* Waits for t to exit, frees it and returns its exit code. */
int thread_join(struct thread *t);

/* t frees itself when it exits; nobody may join it afterwards. */
void thread_detach(struct thread *t);

struct thread *thread_current(void);

/* A fresh id from the space threads and processes share. */
int thread_alloc_id(void);

void sched_yield(void);

/* Timer interrupt hook: wakes sleepers, accounts the time slice and
   charges the tick to the running thread's user or system time. */
void sched_tick(bool user);

/* Called on the way out of every interrupt: switches if a switch is due. */
void sched_preempt_point(void);

/* CPU time t has used, including its current run. */
uint64_t thread_cpu_ns(struct thread *t);

/* The user-mode share of thread_cpu_ns(t), by the tick samples. */
uint64_t thread_user_ns(struct thread *t);

/* Number of context switches since boot. */
uint64_t sched_switches(void);

/* Sleeps for at least ns nanoseconds. */
void sleep_ns(uint64_t ns);
static inline void sleep_ms(uint64_t ms) { sleep_ns(ms * NSEC_PER_MSEC); }

void waitq_init(struct waitq *wq);

/*
 * Blocks the calling thread on wq (may be NULL: sleep only) until woken or
 * until clock_ns() reaches deadline (0: no deadline).  Interrupts must be
 * off; they are off again on return.  Returns 0 when woken, -ETIMEDOUT.
 */
int waitq_block(struct waitq *wq, uint64_t deadline);

/* As waitq_block, but a signal to the thread's process wakes it too
   (thread_interrupt); the caller then checks for pending signals. */
int waitq_block_interruptible(struct waitq *wq, uint64_t deadline);

/* Ends an interruptible sleep of t (a signal arrived). */
void thread_interrupt(struct thread *t);

/* Wake the first waiter / all waiters; return how many were woken. */
int waitq_wake_one(struct waitq *wq);
int waitq_wake_all(struct waitq *wq);

/*
 * Waits until cond is true, re-checking it after every wake-up.  With a
 * timeout (ns, 0 = none) returns -ETIMEDOUT when it passes first.  The
 * condition is checked with interrupts off, so a wake-up between the check
 * and the sleep cannot be lost.
 */
#define wait_event_timeout(wq, cond, timeout_ns)                                 \
	({                                                                       \
		uint64_t __to = (timeout_ns);                                    \
		uint64_t __deadline = __to ? clock_ns() + __to : 0;              \
		int __ret = 0;                                                   \
		bool __on = irq_save();                                          \
		while (!(cond)) {                                                \
			if (__deadline && clock_ns() >= __deadline) {            \
				__ret = -ETIMEDOUT;                              \
				break;                                           \
			}                                                        \
			waitq_block((wq), __deadline);                           \
		}                                                                \
		irq_restore(__on);                                               \
		__ret;                                                           \
	})

#define wait_event(wq, cond) ((void)wait_event_timeout(wq, cond, 0))

#endif
