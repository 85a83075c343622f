/*
 * Frame allocator tests, on the live allocator fed by the boot memory map.
 */
#include "ktest/ktest.h"
#include "lib/kstring.h"
#include "mm/frame.h"
#include "mm/paging.h"

extern const char __kernel_start[], __kernel_end[];

KTEST(frame, alloc_returns_aligned_frame_and_free_restores_count)
{
	uint64_t before = frame_free_count();
	uint64_t pa = frame_alloc();
	KASSERT_NE(pa, FRAME_NONE);
	KEXPECT_EQ(pa & (PAGE_SIZE - 1), 0);
	KEXPECT_FALSE(frame_is_free(pa));
	KEXPECT_EQ(frame_free_count(), before - 1);
	frame_free(pa, 1);
	KEXPECT_TRUE(frame_is_free(pa));
	KEXPECT_EQ(frame_free_count(), before);
}

KTEST(frame, frames_are_distinct_and_usable)
{
	enum { N = 64 };
	uint64_t pas[N];
	for (int i = 0; i < N; i++) {
		pas[i] = frame_alloc();
		KASSERT_NE(pas[i], FRAME_NONE);
		memset(phys_to_virt(pas[i]), i, PAGE_SIZE);
	}
	for (int i = 0; i < N; i++) {
		const uint8_t *p = phys_to_virt(pas[i]);
		KEXPECT_EQ(p[0], i);
		KEXPECT_EQ(p[PAGE_SIZE - 1], i);
		for (int j = i + 1; j < N; j++)
			KEXPECT_NE(pas[i], pas[j]);
	}
	for (int i = 0; i < N; i++)
		frame_free(pas[i], 1);
}

KTEST(frame, contiguous_run_is_aligned)
{
	uint64_t before = frame_free_count();
	uint64_t pa = frame_alloc_contig(16, 16);
	KASSERT_NE(pa, FRAME_NONE);
	KEXPECT_EQ(pa % (16 * PAGE_SIZE), 0);
	for (int i = 0; i < 16; i++)
		KEXPECT_FALSE(frame_is_free(pa + i * PAGE_SIZE));
	KEXPECT_EQ(frame_free_count(), before - 16);
	frame_free(pa, 16);
	KEXPECT_EQ(frame_free_count(), before);
}

KTEST(frame, kernel_image_and_low_memory_are_reserved)
{
	uint64_t start = (uint64_t)__kernel_start - KERNEL_VMA;
	uint64_t end = (uint64_t)__kernel_end - KERNEL_VMA;
	for (uint64_t pa = start & PAGE_MASK; pa < end; pa += PAGE_SIZE)
		KEXPECT_FALSE(frame_is_free(pa));
	KEXPECT_FALSE(frame_is_free(0));
	KEXPECT_FALSE(frame_is_free(0x9F000));
}

KTEST(frame, impossible_request_fails_cleanly)
{
	uint64_t before = frame_free_count();
	KEXPECT_EQ(frame_alloc_contig(frame_total_count() + 1, 1), FRAME_NONE);
	KEXPECT_EQ(frame_free_count(), before);
}
