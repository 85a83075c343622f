/*
 * switch.S - switch_context(uint64_t *save_rsp, uint64_t new_rsp)
 *
 * Saves the callee-saved registers on the current stack, stores the stack
 * pointer in *save_rsp, loads new_rsp and restores the registers saved
 * there.  Everything else was saved by the C caller (the SysV ABI), so this
 * is a whole thread switch.  A new thread's stack is prepared by
 * thread_create() to "return" into thread_start().
 */
	.section .text
	.global switch_context
switch_context:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
