/*
 * uaccess.S - copies between kernel and user memory that survive a bad
 * user pointer.
 *
 * Each instruction that touches user memory has an entry in __ex_table:
 * when it faults and the fault cannot be resolved (nothing mapped, wrong
 * protection), the page-fault handler resumes at the entry's fixup instead
 * of panicking, and the routine reports how much was not copied.
 */
	.section .text

/* size_t uaccess_copy(void *dst, const void *src, size_t n): bytes left. */
	.global uaccess_copy
uaccess_copy:
	movq %rdx, %rcx
1:	rep movsb
	xorl %eax, %eax
	ret
2:	movq %rcx, %rax
	ret

/*
 * long uaccess_strncpy(char *dst, const char *src, size_t n): the string's
 * length when a NUL was copied within n bytes, n when none was, -1 on a
 * fault.
 */
	.global uaccess_strncpy
uaccess_strncpy:
	xorl %eax, %eax
3:	cmpq %rdx, %rax
	je 5f
4:	movb (%rsi, %rax), %cl
	movb %cl, (%rdi, %rax)
	testb %cl, %cl
	jz 5f
	incq %rax
	jmp 3b
5:	ret
6:	movq $-1, %rax
	ret

/* size_t uaccess_zero(void *dst, size_t n): bytes left. */
	.global uaccess_zero
uaccess_zero:
	movq %rsi, %rcx
	xorl %eax, %eax
7:	rep stosb
	ret
8:	movq %rcx, %rax
	ret

	.section __ex_table, "a"
	.quad 1b, 2b
	.quad 4b, 6b
	.quad 7b, 8b
