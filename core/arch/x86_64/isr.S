/*
 * isr.S - the 256 interrupt entry stubs and the common path into C.
 *
 * Every stub leaves the same frame (struct trap_frame in idt.h): the CPU
 * pushes ss, rsp, rflags, cs, rip and, for some exceptions, an error code;
 * the stub pushes a zero error code where the CPU did not, then the vector
 * number; the common path saves the general registers.
 */
#include "arch/x86_64/layout.h"
#include "arch/x86_64/trapframe.inc"

/* Exceptions for which the CPU pushes an error code (Intel SDM 6.13). */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.section .text
	.altmacro
.macro stub v
	.align 16
isr_stub_\v:
	.if !HAS_ERROR(\v)
	pushq $0
	.endif
	pushq $\v
	jmp isr_common
.endm

	.set i, 0
	.rept 256
	stub %i
	.set i, i + 1
	.endr

isr_common:
	/* Coming from user mode, switch to the kernel's GS. */
	testb $3, 24(%rsp)
	jz 1f
	swapgs
1:
	PUSH_GPRS
	cld
	movq %rsp, %rdi
	/* Give the backtrace a frame that links to the interrupted code. */
	movq 15*8 + 16(%rsp), %rax	/* rip */
	pushq %rax
	pushq %rbp
	movq %rsp, %rbp
	call interrupt_dispatch
	addq $16, %rsp
	.global isr_return
isr_return:
	POP_GPRS
	testb $3, 24(%rsp)
	jz 2f
	swapgs
2:
	addq $16, %rsp	/* vector and error code */
	iretq

	.section .rodata
	.align 8
	.global isr_stub_table
.macro stub_address v
	.quad isr_stub_\v
.endm
isr_stub_table:
	.set i, 0
	.rept 256
	stub_address %i
	.set i, i + 1
	.endr
