/*
 * paging.c - x86-64 4-level page tables.
 */
#include "mm/paging.h"

#include "arch/x86_64/cpu.h"
#include "boot/bootinfo.h"
#include "lib/kstring.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "mm/frame.h"

#include <linux/errno.h>

uint64_t direct_map_end = 1ULL << 30;

static uint64_t kernel_root;
static uint64_t nx_bit;

extern const char __kernel_start[], __text_end[], __kernel_end[];

static uint64_t *table_at(uint64_t phys)
{
	return phys_to_virt(phys & PTE_ADDR);
}

uint64_t paging_new_table(void)
{
	uint64_t pa = frame_alloc();

	if (pa == FRAME_NONE)
		return 0;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

static unsigned idx(uint64_t va, int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

/*
 * Returns the entry for va at the given level (0 = PT, 1 = PD, ...),
 * creating intermediate tables when create is set.  NULL when a table is
 * missing (and not created) or a huge page covers va above that level.
 */
static uint64_t *walk(uint64_t root, uint64_t va, int level, int create, int *err)
{
	uint64_t *table = table_at(root);

	for (int l = 3; l > level; l--) {
		uint64_t *e = &table[idx(va, l)];
		if (!(*e & PTE_PRESENT)) {
			if (!create) {
				*err = -ENOENT;
				return 0;
			}
			uint64_t t = paging_new_table();
			if (!t) {
				*err = -ENOMEM;
				return 0;
			}
			/* Intermediate levels are permissive; the leaf decides. */
			*e = t | PTE_PRESENT | PTE_WRITE | (va < DIRECT_MAP_BASE ? PTE_USER : 0);
		} else if (*e & PTE_HUGE) {
			*err = -EINVAL;
			return 0;
		}
		table = table_at(*e);
	}
	return &table[idx(va, level)];
}

uint64_t *paging_pte(uint64_t root, uint64_t va, int create)
{
	int err = 0;

	return walk(root, va, 0, create, &err);
}

int paging_map(uint64_t root, uint64_t va, uint64_t pa, uint64_t flags)
{
	int err = 0;

	if ((va | pa) & (PAGE_SIZE - 1))
		return -EINVAL;
	uint64_t *e = walk(root, va, 0, 1, &err);
	if (!e)
		return err;
	if (*e & PTE_PRESENT)
		return -EEXIST;
	if (!nx_bit)
		flags &= ~PTE_NX;
	*e = pa | flags | PTE_PRESENT;
	invlpg(va);
	return 0;
}

int paging_unmap(uint64_t root, uint64_t va, uint64_t *pa)
{
	int err = 0;

	if (va & (PAGE_SIZE - 1))
		return -EINVAL;
	uint64_t *e = walk(root, va, 0, 0, &err);
	if (!e || !(*e & PTE_PRESENT))
		return -ENOENT;
	if (pa)
		*pa = *e & PTE_ADDR;
	*e = 0;
	invlpg(va);
	return 0;
}

int paging_translate(uint64_t root, uint64_t va, uint64_t *pa, uint64_t *flags)
{
	uint64_t *table = table_at(root);

	for (int l = 3; l >= 0; l--) {
		uint64_t e = table[idx(va, l)];
		if (!(e & PTE_PRESENT))
			return -ENOENT;
		if (l == 0 || (l <= 2 && (e & PTE_HUGE))) {
			uint64_t size = 1ULL << (12 + 9 * l);
			uint64_t base = e & PTE_ADDR & ~(size - 1);
			if (pa)
				*pa = base + (va & (size - 1));
			if (flags)
				*flags = e & ~PTE_ADDR;
			return 0;
		}
		table = table_at(e);
	}
	return -ENOENT;
}

/* Maps [0, end) at DIRECT_MAP_BASE with 2 MiB pages. */
static void map_direct(uint64_t root, uint64_t end)
{
	for (uint64_t pa = 0; pa < end; pa += HUGE_PAGE_SIZE) {
		int err = 0;
		uint64_t *e = walk(root, DIRECT_MAP_BASE + pa, 1, 1, &err);
		if (!e)
			panic("paging: cannot build the direct map (%d)", err);
		*e = pa | PTE_PRESENT | PTE_WRITE | PTE_HUGE | PTE_GLOBAL | nx_bit;
	}
}

static void map_kernel_image(uint64_t root)
{
	uint64_t start = (uint64_t)__kernel_start & PAGE_MASK;
	uint64_t end = ((uint64_t)__kernel_end + PAGE_SIZE - 1) & PAGE_MASK;
	uint64_t text_end = (uint64_t)__text_end;

	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		uint64_t flags = PTE_GLOBAL;
		if (va < text_end)
			flags |= 0; /* read-only, executable */
		else
			flags |= PTE_WRITE | PTE_NX;
		int err = paging_map(root, va, va - KERNEL_VMA, flags);
		if (err)
			panic("paging: cannot map the kernel image (%d)", err);
	}
}

void paging_init(const struct boot_info *bi)
{
	uint32_t a, b, c, d;

	cpuid(0x80000001, 0, &a, &b, &c, &d);
	if (d & (1u << 20)) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		nx_bit = PTE_NX;
	}

	/* At least 4 GiB so firmware tables and device registers are in it. */
	uint64_t end = bootinfo_highest_available(bi);
	if (end < (4ULL << 30))
		end = 4ULL << 30;
	end = (end + (1ULL << 30) - 1) & ~((1ULL << 30) - 1);

	kernel_root = paging_new_table();
	if (!kernel_root)
		panic("paging: no memory for the top-level table");
	map_direct(kernel_root, end);
	map_kernel_image(kernel_root);
	write_cr3(kernel_root);
	direct_map_end = end;
	pr_info("paging: direct map of %lu GiB, NX %s\n", (unsigned long)(end >> 30),
	        nx_bit ? "on" : "off");
}

uint64_t paging_kernel_root(void)
{
	return kernel_root;
}

int paging_nx_enabled(void)
{
	return nx_bit != 0;
}

void paging_map_mmio(uint64_t pa, uint64_t len)
{
	uint64_t first = pa & ~(HUGE_PAGE_SIZE - 1);

	for (uint64_t p = first; p < pa + len; p += HUGE_PAGE_SIZE) {
		int err = 0;
		uint64_t *e = walk(kernel_root, DIRECT_MAP_BASE + p, 1, 0, &err);
		if (!e || !(*e & PTE_PRESENT))
			panic("paging: MMIO range %lx is outside the direct map", pa);
		*e |= PTE_PCD | PTE_PWT;
		invlpg(DIRECT_MAP_BASE + p);
	}
}
