/*
 * Address-space tests: areas, demand paging, protection, copy-on-write.
 */
#include "ktest/ktest.h"
#include "lib/kstring.h"
#include "mm/paging.h"
#include "mm/upage.h"
#include "mm/vm.h"

#include <asm-generic/siginfo.h>
#include <linux/errno.h>
#include <linux/mman.h>

#define BASE 0x400000ULL

/* The physical frame behind va, or 0. */
static uint64_t frame_of(struct mm *mm, uint64_t va)
{
	uint64_t pa = 0;
	return paging_translate(mm->root, va, &pa, 0) == 0 ? (pa & PAGE_MASK) : 0;
}

static uint8_t read_byte(struct mm *mm, uint64_t va)
{
	uint64_t pa = frame_of(mm, va & PAGE_MASK);
	return pa ? ((uint8_t *)phys_to_virt(pa))[va & (PAGE_SIZE - 1)] : 0xEE;
}

KTEST(vm, map_is_lazy_and_fault_gives_zero_page)
{
	struct mm *mm = mm_create();
	KASSERT_NE(mm, 0);
	uint64_t at = 0;
	KASSERT_EQ(mm_map(mm, BASE, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE, 0, true, &at), 0);
	KEXPECT_EQ(at, BASE);
	KEXPECT_EQ(frame_of(mm, BASE), 0); /* nothing until touched */
	int code = 0;
	KEXPECT_EQ(mm_fault(mm, BASE + PAGE_SIZE + 5, true, false, &code), 0);
	KEXPECT_NE(frame_of(mm, BASE + PAGE_SIZE), 0);
	KEXPECT_EQ(read_byte(mm, BASE + PAGE_SIZE + 5), 0);
	mm_put(mm);
}

KTEST(vm, faults_outside_or_against_protection_are_refused)
{
	struct mm *mm = mm_create();
	KASSERT_NE(mm, 0);
	uint64_t at;
	KASSERT_EQ(mm_map(mm, BASE, PAGE_SIZE, PROT_READ, 0, true, &at), 0);
	int code = 0;
	KEXPECT_EQ(mm_fault(mm, BASE - 1, false, false, &code), -EFAULT);
	KEXPECT_EQ(code, SEGV_MAPERR);
	KEXPECT_EQ(mm_fault(mm, BASE, true, false, &code), -EFAULT);
	KEXPECT_EQ(code, SEGV_ACCERR);
	KEXPECT_EQ(mm_fault(mm, BASE, false, true, &code), -EFAULT);
	KEXPECT_EQ(code, SEGV_ACCERR);
	KEXPECT_EQ(mm_fault(mm, BASE, false, false, &code), 0);
	mm_put(mm);
}

KTEST(vm, unmap_and_protect_split_areas)
{
	struct mm *mm = mm_create();
	KASSERT_NE(mm, 0);
	uint64_t at;
	KASSERT_EQ(mm_map(mm, BASE, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, 0, true, &at), 0);
	KASSERT_EQ(mm_write(mm, BASE, "abcd", 4), 0);
	KEXPECT_EQ(mm_protect(mm, BASE + PAGE_SIZE, PAGE_SIZE, PROT_READ), 0);
	KEXPECT_EQ(mm_find(mm, BASE + PAGE_SIZE)->prot, PROT_READ);
	KEXPECT_EQ(mm_find(mm, BASE)->prot, PROT_READ | PROT_WRITE);
	KEXPECT_EQ(mm_find(mm, BASE + 2 * PAGE_SIZE)->prot, PROT_READ | PROT_WRITE);
	KEXPECT_EQ(mm_unmap(mm, BASE + 2 * PAGE_SIZE, PAGE_SIZE), 0);
	KEXPECT_EQ(mm_find(mm, BASE + 2 * PAGE_SIZE), 0);
	KEXPECT_NE(mm_find(mm, BASE + 3 * PAGE_SIZE), 0);
	/* A hole makes mprotect fail, as in Linux. */
	KEXPECT_EQ(mm_protect(mm, BASE, 4 * PAGE_SIZE, PROT_READ), -ENOMEM);
	KEXPECT_EQ(read_byte(mm, BASE + 2), 'c');
	mm_put(mm);
}

KTEST(vm, fork_shares_until_the_first_write)
{
	struct mm *mm = mm_create();
	KASSERT_NE(mm, 0);
	uint64_t at;
	KASSERT_EQ(mm_map(mm, BASE, PAGE_SIZE, PROT_READ | PROT_WRITE, 0, true, &at), 0);
	KASSERT_EQ(mm_write(mm, BASE, "parent", 7), 0);
	uint64_t pa = frame_of(mm, BASE);
	struct mm *child = mm_fork(mm);
	KASSERT_NE(child, 0);
	KEXPECT_EQ(frame_of(child, BASE), pa);
	KEXPECT_EQ(upage_refs(pa), 2);
	int code;
	KEXPECT_EQ(mm_fault(child, BASE, true, false, &code), 0);
	KEXPECT_NE(frame_of(child, BASE), pa);
	KEXPECT_EQ(upage_refs(pa), 1);
	KEXPECT_EQ(read_byte(child, BASE), 'p');
	KASSERT_EQ(mm_write(child, BASE, "C", 1), 0);
	KEXPECT_EQ(read_byte(mm, BASE), 'p');
	KEXPECT_EQ(read_byte(child, BASE), 'C');
	/* The parent, now sole owner, writes without a copy. */
	KEXPECT_EQ(mm_fault(mm, BASE, true, false, &code), 0);
	KEXPECT_EQ(frame_of(mm, BASE), pa);
	mm_put(child);
	mm_put(mm);
}

KTEST(vm, stack_grows_down_within_its_limit)
{
	struct mm *mm = mm_create();
	KASSERT_NE(mm, 0);
	uint64_t at, top = STACK_TOP;
	KASSERT_EQ(mm_map(mm, top - PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE, VMA_GROWSDOWN,
	                  true, &at), 0);
	int code;
	KEXPECT_EQ(mm_fault(mm, top - 64 * PAGE_SIZE, true, false, &code), 0);
	KEXPECT_EQ(mm_find(mm, top - 64 * PAGE_SIZE)->start, top - 64 * PAGE_SIZE);
	KEXPECT_EQ(mm_fault(mm, top - STACK_MAX - PAGE_SIZE, true, false, &code), -EFAULT);
	KEXPECT_EQ(code, SEGV_MAPERR);
	mm_put(mm);
}

KTEST(vm, every_frame_returns_after_teardown)
{
	uint64_t before = upage_in_use();
	struct mm *mm = mm_create();
	KASSERT_NE(mm, 0);
	uint64_t at;
	KASSERT_EQ(mm_map(mm, 0, 64 * PAGE_SIZE, PROT_READ | PROT_WRITE, 0, false, &at), 0);
	for (int i = 0; i < 64; i++)
		KASSERT_EQ(mm_write(mm, at + (uint64_t)i * PAGE_SIZE, "x", 1), 0);
	struct mm *child = mm_fork(mm);
	KASSERT_NE(child, 0);
	KEXPECT_EQ(upage_in_use(), before + 64);
	mm_put(mm);
	mm_put(child);
	KEXPECT_EQ(upage_in_use(), before);
}
