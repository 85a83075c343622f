/*
 * syscall.S - the entry of the syscall instruction.
 *
 * syscall leaves the user rip in rcx and rflags in r11 and does not switch
 * stacks, so the entry swaps in the kernel's GS to find the thread's kernel
 * stack, then builds the same trap frame an interrupt from user mode would
 * (struct trap_frame) so fork, execve and signals have one frame format.
 * It returns through isr_return's iretq: slower than sysret, but one exit
 * path, and safe for frames that execve or signal delivery rewrote.
 */
#include "arch/x86_64/layout.h"
#include "arch/x86_64/trapframe.inc"

#define PERCPU_KERNEL_RSP 0
#define PERCPU_USER_RSP 8
#define VEC_SYSCALL 0x100

	.section .text
	.global syscall_entry
syscall_entry:
	swapgs
	movq %rsp, %gs:PERCPU_USER_RSP
	movq %gs:PERCPU_KERNEL_RSP, %rsp
	pushq $(GDT_USER_DATA | 3)	/* ss */
	pushq %gs:PERCPU_USER_RSP	/* rsp */
	pushq %r11			/* rflags */
	pushq $(GDT_USER_CODE | 3)	/* cs */
	pushq %rcx			/* rip */
	pushq %rax			/* "error code": the syscall number, for restarts */
	pushq $VEC_SYSCALL
	PUSH_GPRS
	cld
	movq %rsp, %rdi
	/* A frame linking to the user rip, as isr_common does. */
	pushq %rcx
	pushq %rbp
	movq %rsp, %rbp
	call syscall_dispatch
	addq $16, %rsp
	jmp isr_return

	/*
	 * First run of a thread that starts in user mode: switch_context
	 * "returns" here with rsp at the thread's trap frame.
	 */
	.global user_thread_trampoline
user_thread_trampoline:
	call sched_thread_first_run
	jmp isr_return

	/*
	 * arch_enter_user_asm(tf, frame_addr): copies *tf to frame_addr (the
	 * top of this thread's kernel stack), moves rsp there and leaves
	 * through isr_return.  tf must not lie in the area being written.
	 */
	.global arch_enter_user_asm
arch_enter_user_asm:
	cli
	movq %rsi, %rsp
	movq %rdi, %rsi
	movq %rsp, %rdi
	movq $22, %rcx
	rep movsq
	jmp isr_return
