/*
 * usermode.c - syscall MSRs, the per-CPU block, and switching the user
 * state that lives in the CPU (FPU registers, FS base) between threads.
 */
#include "arch/x86_64/usermode.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/layout.h"
#include "lib/kstring.h"
#include "mm/vm.h"
#include "proc/process.h"
#include "sched/sched.h"

extern void syscall_entry(void);
extern void user_thread_trampoline(void);

static struct percpu percpu;

void usermode_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* syscall loads CS from STAR[47:32] (SS = +8); sysret loads CS from
	   STAR[63:48] + 16 and SS from + 8: hence the GDT's order. */
	wrmsr(MSR_STAR, ((uint64_t)(GDT_USER32_CODE | 3) << 48) | ((uint64_t)GDT_KERNEL_CODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/* Interrupts stay off until the entry has switched stacks. */
	wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC);
	/* In the kernel GS points at the per-CPU block; swapgs exchanges it
	   with the user's GS base on every entry and exit. */
	wrmsr(MSR_GS_BASE, (uint64_t)&percpu);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	fpu_init();
}

static uint64_t stack_top(struct thread *t)
{
	return (uint64_t)(t->stack + t->stack_size);
}

/* Where entries from user mode land: interrupts (TSS) and syscalls. */
static void set_kernel_stack(struct thread *t)
{
	tss_set_rsp0(stack_top(t));
	percpu.kernel_rsp = stack_top(t);
}

void arch_thread_switch(struct thread *prev, struct thread *next)
{
	if (prev->fpu)
		fpu_save(prev->fpu);
	if (next->fpu)
		fpu_restore(next->fpu);
	if (next->proc) {
		wrmsr(MSR_FS_BASE, next->fs_base);
		/* Kernel threads borrow whatever address space is loaded: they
		   only touch the shared kernel half. */
		if (next->proc->mm && read_cr3() != next->proc->mm->root)
			mm_activate(next->proc->mm);
	}
	if (next->stack)
		set_kernel_stack(next);
}

struct trap_frame *arch_user_frame(struct thread *t)
{
	return (struct trap_frame *)(stack_top(t) - sizeof(struct trap_frame));
}

void arch_thread_set_user_frame(struct thread *t, const struct trap_frame *tf)
{
	struct trap_frame *frame = arch_user_frame(t);
	uint64_t *sp = (uint64_t *)frame;

	memcpy(frame, tf, sizeof(*frame));
	/* switch_context pops six registers, then returns to the trampoline,
	   which leaves through isr_return with rsp at the frame. */
	*--sp = (uint64_t)user_thread_trampoline;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->rsp = (uint64_t)sp;
}

/* Leaves the calling thread's kernel context for good, into user mode. */
extern __attribute__((noreturn)) void arch_enter_user_asm(const struct trap_frame *tf,
                                                           uint64_t frame_addr);

void arch_enter_user(struct thread *t, const struct trap_frame *tf)
{
	irq_disable();
	if (t->fpu)
		fpu_restore(t->fpu);
	wrmsr(MSR_FS_BASE, t->fs_base);
	set_kernel_stack(t);
	arch_enter_user_asm(tf, (uint64_t)arch_user_frame(t));
}
