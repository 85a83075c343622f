/*
 * gdt.c - the final GDT (replacing boot.S's minimal one) and the TSS.
 */
#include "arch/x86_64/gdt.h"

#include "arch/x86_64/layout.h"
#include "lib/kstring.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iopb_offset;
} __attribute__((packed));

struct gdt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define IST_STACK_SIZE 8192

static struct tss tss __attribute__((aligned(16)));
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

/*
 * Descriptors: access byte and flags per the Intel SDM, vol. 3, 3.4.5.
 * The user 32-bit code slot is unused but keeps the selectors in the order
 * syscall/sysret require (STAR: user data = base + 8, user code = base + 16).
 */
static uint64_t gdt[8] __attribute__((aligned(16))) = {
	0,
	0x00AF9A000000FFFF, /* 0x08 kernel code, 64-bit */
	0x00CF92000000FFFF, /* 0x10 kernel data */
	0x00CFFA000000FFFF, /* 0x18 user code, 32-bit */
	0x00CFF2000000FFFF, /* 0x20 user data */
	0x00AFFA000000FFFF, /* 0x28 user code, 64-bit */
	0, 0,               /* 0x30 TSS, 16 bytes, filled in below */
};

static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	gdt[6] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ULL << 40) |
	         (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
	gdt[7] = base >> 32;
}

void gdt_init(void)
{
	memset(&tss, 0, sizeof(tss));
	tss.iopb_offset = sizeof(tss); /* no I/O permission bitmap */
	for (int i = 0; i < 3; i++)
		tss.ist[i] = (uint64_t)&ist_stacks[i][IST_STACK_SIZE];
	set_tss_descriptor();

	struct gdt_ptr ptr = { sizeof(gdt) - 1, (uint64_t)gdt };
	__asm__ volatile(
	    "lgdt %0\n\t"
	    "pushq %1\n\t"
	    "leaq 1f(%%rip), %%rax\n\t"
	    "pushq %%rax\n\t"
	    "lretq\n"
	    "1:\n\t"
	    "movw %w2, %%ax\n\t"
	    "movw %%ax, %%ds\n\t"
	    "movw %%ax, %%es\n\t"
	    "movw %%ax, %%ss\n\t"
	    "xorl %%eax, %%eax\n\t"
	    "movw %%ax, %%fs\n\t"
	    "movw %%ax, %%gs\n\t"
	    "ltr %w3\n\t"
	    :
	    : "m"(ptr), "i"((uint64_t)GDT_KERNEL_CODE), "r"(GDT_KERNEL_DATA), "r"(GDT_TSS)
	    : "rax", "memory");
}

void tss_set_rsp0(uint64_t rsp0)
{
	tss.rsp[0] = rsp0;
}
