/*
 * Page-table tests on the kernel's own tables.
 */
#include "ktest/ktest.h"
#include "lib/kstring.h"
#include "mm/frame.h"
#include "mm/paging.h"

#include <linux/errno.h>

/* An otherwise unused kernel address for test mappings. */
#define TEST_VA 0xFFFFC00000000000ULL

extern const char __kernel_start[], __data_start[];

KTEST(paging, direct_map_translates_to_physical)
{
	uint64_t pa = frame_alloc();
	KASSERT_NE(pa, FRAME_NONE);
	uint64_t got = 0, flags = 0;
	KEXPECT_EQ(paging_translate(paging_kernel_root(), (uint64_t)phys_to_virt(pa) + 123,
	                            &got, &flags), 0);
	KEXPECT_EQ(got, pa + 123);
	KEXPECT_TRUE(flags & PTE_WRITE);
	frame_free(pa, 1);
}

KTEST(paging, kernel_text_is_read_only_and_data_not_executable)
{
	uint64_t pa = 0, flags = 0;
	KASSERT_EQ(paging_translate(paging_kernel_root(), (uint64_t)__kernel_start, &pa, &flags), 0);
	KEXPECT_EQ(pa, (uint64_t)__kernel_start - KERNEL_VMA);
	KEXPECT_FALSE(flags & PTE_WRITE);
	KEXPECT_FALSE(flags & PTE_NX);
	KASSERT_EQ(paging_translate(paging_kernel_root(), (uint64_t)__data_start, &pa, &flags), 0);
	KEXPECT_TRUE(flags & PTE_WRITE);
	if (paging_nx_enabled())
		KEXPECT_TRUE(flags & PTE_NX);
}

KTEST(paging, map_creates_a_working_alias)
{
	uint64_t pa = frame_alloc();
	KASSERT_NE(pa, FRAME_NONE);
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	KASSERT_EQ(paging_map(paging_kernel_root(), TEST_VA, pa, PTE_WRITE | PTE_NX), 0);
	volatile uint32_t *alias = (volatile uint32_t *)TEST_VA;
	alias[10] = 0xC0FFEE;
	KEXPECT_EQ(((volatile uint32_t *)phys_to_virt(pa))[10], 0xC0FFEE);
	uint64_t old = 0;
	KEXPECT_EQ(paging_unmap(paging_kernel_root(), TEST_VA, &old), 0);
	KEXPECT_EQ(old, pa);
	KEXPECT_EQ(paging_translate(paging_kernel_root(), TEST_VA, 0, 0), -ENOENT);
	frame_free(pa, 1);
}

KTEST(paging, double_map_and_bad_arguments_are_refused)
{
	uint64_t pa = frame_alloc();
	KASSERT_NE(pa, FRAME_NONE);
	uint64_t root = paging_kernel_root();
	KASSERT_EQ(paging_map(root, TEST_VA + PAGE_SIZE, pa, PTE_WRITE), 0);
	KEXPECT_EQ(paging_map(root, TEST_VA + PAGE_SIZE, pa, PTE_WRITE), -EEXIST);
	KEXPECT_EQ(paging_map(root, TEST_VA + 2 * PAGE_SIZE + 8, pa, PTE_WRITE), -EINVAL);
	KEXPECT_EQ(paging_map(root, TEST_VA + 3 * PAGE_SIZE, pa + 8, PTE_WRITE), -EINVAL);
	/* The direct map is made of 2 MiB pages: no 4 KiB page fits inside. */
	KEXPECT_EQ(paging_map(root, (uint64_t)phys_to_virt(pa), pa, PTE_WRITE), -EINVAL);
	KEXPECT_EQ(paging_unmap(root, TEST_VA + PAGE_SIZE + 1, 0), -EINVAL);
	KEXPECT_EQ(paging_unmap(root, TEST_VA + PAGE_SIZE, 0), 0);
	KEXPECT_EQ(paging_unmap(root, TEST_VA + PAGE_SIZE, 0), -ENOENT);
	frame_free(pa, 1);
}

KTEST(paging, lower_half_is_unmapped_after_boot)
{
	/* The boot identity map is gone: low addresses fault, as NULL must. */
	KEXPECT_EQ(paging_translate(paging_kernel_root(), 0, 0, 0), -ENOENT);
	KEXPECT_EQ(paging_translate(paging_kernel_root(), 0x100000, 0, 0), -ENOENT);
}
