/*
 * usermode.h - the way into and out of ring 3: the syscall instruction's
 * entry, the per-CPU block it needs, and the per-thread state (FS base,
 * FPU) that the scheduler switches.
 */
#ifndef CUB_ARCH_USERMODE_H
#define CUB_ARCH_USERMODE_H

#include <stdint.h>

#include "arch/x86_64/idt.h"

/* The vector number a syscall's trap frame carries (not a real vector). */
#define VEC_SYSCALL 0x100

/* User space is the lower half, minus the last page (non-canonical
   neighbours make the top page a trap for sloppy pointer arithmetic). */
#define USER_SPACE_END 0x00007FFFFFFFF000ULL

/* Reached through %gs in the syscall entry; offsets used by syscall.S. */
struct percpu {
	uint64_t kernel_rsp; /* offset 0: top of the running thread's kernel stack */
	uint64_t user_rsp;   /* offset 8: scratch for the user stack pointer */
};

void usermode_init(void);

/* Called by the scheduler before it switches stacks. */
struct thread;
void arch_thread_switch(struct thread *prev, struct thread *next);

/*
 * Prepares t (created but never run) to enter user mode with the register
 * state tf: the first switch into t "returns" through isr_return.
 */
void arch_thread_set_user_frame(struct thread *t, const struct trap_frame *tf);

/* The trap frame of the current thread's latest entry from user mode. */
struct trap_frame *arch_user_frame(struct thread *t);

/* Enters user mode on the calling thread with tf's registers; for PID 1,
   whose kernel thread was running kernel code until now. */
__attribute__((noreturn)) void arch_enter_user(struct thread *t, const struct trap_frame *tf);

/* The syscall dispatcher (core/sys/syscall.c). */
void syscall_dispatch(struct trap_frame *tf);

#endif
