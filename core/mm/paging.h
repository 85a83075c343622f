/*
 * paging.h - page tables: the direct map, the kernel image, and mappings.
 *
 * All physical memory (at least the first 4 GiB, so ACPI tables and MMIO
 * are reachable) is mapped at DIRECT_MAP_BASE with 2 MiB pages; the kernel
 * image is mapped at KERNEL_VMA with 4 KiB pages, text read-only and
 * executable, everything else non-executable.  Address spaces made later
 * share the kernel half (PML4 slots 256-511).
 */
#ifndef CUB_MM_PAGING_H
#define CUB_MM_PAGING_H

#include <stdint.h>

#include "arch/x86_64/layout.h"

#define PAGE_SIZE 4096ULL
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define HUGE_PAGE_SIZE (2ULL << 20)

/* Page-table entry bits (Intel SDM vol. 3, 4.5). */
#define PTE_PRESENT (1ULL << 0)
#define PTE_WRITE (1ULL << 1)
#define PTE_USER (1ULL << 2)
#define PTE_PWT (1ULL << 3)
#define PTE_PCD (1ULL << 4)
#define PTE_ACCESSED (1ULL << 5)
#define PTE_DIRTY (1ULL << 6)
#define PTE_HUGE (1ULL << 7)
#define PTE_GLOBAL (1ULL << 8)
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ULL

/* End of the direct map: 1 GiB until paging_init(), then all of memory. */
extern uint64_t direct_map_end;
#define DIRECT_MAP_LIMIT direct_map_end

static inline void *phys_to_virt(uint64_t phys)
{
	return (void *)(phys + DIRECT_MAP_BASE);
}

/* Physical address of a direct-map or kernel-image pointer. */
static inline uint64_t virt_to_phys(const void *v)
{
	uint64_t a = (uint64_t)v;
	return a >= KERNEL_VMA ? a - KERNEL_VMA : a - DIRECT_MAP_BASE;
}

struct boot_info;

/* Builds and loads the kernel's page tables; needs the frame allocator. */
void paging_init(const struct boot_info *bi);

/* The kernel's top-level table (physical address). */
uint64_t paging_kernel_root(void);

/*
 * Maps one 4 KiB page va -> pa in the tables rooted at root with the given
 * PTE_* flags (PTE_PRESENT is implied).  Returns 0, -EEXIST when va is
 * already mapped, -EINVAL for unaligned addresses or a huge page in the
 * way, -ENOMEM when a table cannot be allocated.
 */
int paging_map(uint64_t root, uint64_t va, uint64_t pa, uint64_t flags);

/* Removes the mapping of va; returns 0 and the old frame in *pa, or
   -ENOENT when nothing was mapped there, -EINVAL for an unaligned va.
   Flushes the TLB entry. */
int paging_unmap(uint64_t root, uint64_t va, uint64_t *pa);

/* Looks va up; returns 0 with the physical address and the leaf flags, or
   -ENOENT.  Handles 2 MiB pages. */
int paging_translate(uint64_t root, uint64_t va, uint64_t *pa, uint64_t *flags);

/*
 * The last-level entry for va, creating the tables above it when create
 * is set; NULL when a table is missing (and not created), memory runs out,
 * or a 2 MiB page covers va.  For the user address-space code, which
 * keeps its own state in the entries.
 */
uint64_t *paging_pte(uint64_t root, uint64_t va, int create);

/* A zeroed frame for a page table, or 0. */
uint64_t paging_new_table(void);

/* Makes [pa, pa+len) uncached in the direct map (device registers). */
void paging_map_mmio(uint64_t pa, uint64_t len);

/* Whether the CPU supports and the kernel enabled no-execute pages. */
int paging_nx_enabled(void);

#endif
