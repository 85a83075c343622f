/*
 * boot.S - from the boot loader's 32-bit protected mode to kmain() in long
 * mode, in the higher half.
 *
 * Two headers sit at the very start of the image so that both loaders find
 * them: a Multiboot2 header for GRUB and a Multiboot1 header for QEMU's
 * -kernel.  QEMU refuses 64-bit ELF files on its normal Multiboot1 path, so
 * the Multiboot1 header sets flag bit 16 (the "a.out kludge") and gives the
 * load addresses itself; QEMU then copies the file flat from the header's
 * load address, which is why the linker script makes the image one
 * contiguous PT_LOAD segment.
 *
 * Until paging is on we run at physical addresses while every symbol is
 * linked in the higher half, hence PHYS(x).
 */
#include "arch/x86_64/layout.h"

#define PHYS(x) ((x) - KERNEL_VMA)

#define MB2_MAGIC 0xE85250D6
#define MB2_ARCH_I386 0
#define MB1_MAGIC 0x1BADB002
/* Page-align modules, want memory info, addresses given in the header. */
#define MB1_FLAGS ((1 << 0) | (1 << 1) | (1 << 16))

	.section .multiboot, "a"
	.align 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* Entry address tag: GRUB would otherwise use e_entry as well. */
	.align 8
	.short 3, 0
	.long 12
	.long PHYS(_start)
	/* End tag. */
	.align 8
	.short 0, 0
	.long 8
mb2_header_end:

	.align 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long PHYS(mb1_header)	/* header_addr */
	.long PHYS(__kernel_start)	/* load_addr */
	.long PHYS(__load_end)	/* load_end_addr */
	.long PHYS(__bss_end)	/* bss_end_addr */
	.long PHYS(_start)	/* entry_addr */

	.section .text.boot, "ax"
	.code32
	.global _start
_start:
	cli
	cld
	movl $PHYS(boot_stack_top), %esp
	/* Keep the loader's magic and information pointer for kmain. */
	movl %eax, PHYS(boot_magic)
	movl %ebx, PHYS(boot_info_phys)

	/* Long mode needs CPUID leaf 0x80000001 with the LM bit. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	testl $(1 << 29), %edx
	jz no_long_mode

	/*
	 * The boot page tables map the first 1 GiB three times with 2 MiB
	 * pages: identity (to survive enabling paging), the direct map and
	 * the kernel image window.  paging_init() replaces them.
	 */
	movl $PHYS(boot_pd), %edi
	movl $0x83, %eax		/* present, writable, 2 MiB */
	xorl %ecx, %ecx
1:	movl %eax, (%edi, %ecx, 8)
	movl $0, 4(%edi, %ecx, 8)
	addl $0x200000, %eax
	incl %ecx
	cmpl $512, %ecx
	jne 1b

	movl $PHYS(boot_pd) + 3, %eax
	movl %eax, PHYS(boot_pdpt_low)
	movl %eax, PHYS(boot_pdpt_high) + 510 * 8
	movl $PHYS(boot_pdpt_low) + 3, %eax
	movl %eax, PHYS(boot_pml4)
	movl %eax, PHYS(boot_pml4) + 256 * 8
	movl $PHYS(boot_pdpt_high) + 3, %eax
	movl %eax, PHYS(boot_pml4) + 511 * 8

	movl %cr4, %eax
	orl $(1 << 5), %eax		/* PAE */
	movl %eax, %cr4
	movl $PHYS(boot_pml4), %eax
	movl %eax, %cr3
	movl $0xC0000080, %ecx		/* EFER */
	rdmsr
	orl $(1 << 8), %eax		/* LME */
	wrmsr
	movl %cr0, %eax
	orl $((1 << 31) | (1 << 16)), %eax /* PG, WP */
	movl %eax, %cr0

	lgdt PHYS(boot_gdt_ptr)
	ljmp $GDT_KERNEL_CODE, $PHYS(long_mode_low)

no_long_mode:
	/* Nothing is set up to print with; stop where a debugger sees it. */
	hlt
	jmp no_long_mode

	.code64
long_mode_low:
	movw $GDT_KERNEL_DATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movabsq $long_mode_high, %rax
	jmp *%rax

long_mode_high:
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	/* The identity mapping goes when paging_init() loads its tables. */
	movl boot_magic(%rip), %edi
	movl boot_info_phys(%rip), %esi
	call kmain
2:	cli
	hlt
	jmp 2b

	.section .rodata
	.align 16
boot_gdt:
	.quad 0
	.quad 0x00AF9A000000FFFF	/* 0x08: 64-bit code */
	.quad 0x00CF92000000FFFF	/* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
	.short boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)

	.section .data
	.align 4
	.global boot_magic, boot_info_phys
boot_magic:
	.long 0
boot_info_phys:
	.long 0

	.section .bss
	.align 4096
	.global boot_pml4
boot_pml4:
	.skip 4096
boot_pdpt_low:
	.skip 4096
boot_pdpt_high:
	.skip 4096
boot_pd:
	.skip 4096
	.global boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	.skip BOOT_STACK_SIZE
boot_stack_top:
