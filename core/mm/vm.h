/*
 * vm.h - user address spaces: areas, demand paging, copy-on-write.
 *
 * An address space (struct mm) is a page-table root whose upper half is
 * shared with the kernel, plus a sorted list of areas (what the process
 * mapped, with its protection).  Pages are allocated on first touch
 * (demand-zero); fork shares private writable pages read-only and copies
 * one on the first write (copy-on-write).  PROT_NONE keeps a page's frame
 * but makes it inaccessible (a software bit remembers it).
 *
 * An area may map a file (vm_file.c): its pages are the file's own pages
 * (MAP_SHARED) or copies made on the first write (MAP_PRIVATE).  Shared
 * anonymous memory is a file too, an unlinked tmpfs inode (fs/shmem.h),
 * so that fork, madvise and mremap treat it like any shared mapping.
 */
#ifndef CUB_MM_VM_H
#define CUB_MM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VMA_SHARED 0x1    /* MAP_SHARED: fork shares, no copy-on-write */
#define VMA_GROWSDOWN 0x2 /* the stack: a fault just below extends it */
#define VMA_MAYWRITE 0x4  /* a shared file area whose fd was writable:
                             mprotect may add PROT_WRITE (Linux's VM_MAYWRITE) */
#define VMA_HEAP 0x8      /* the brk area, "[heap]" in /proc/PID/maps */

/* Lowest address mmap hands out and where the top-down search starts. */
#define MMAP_MIN_ADDR 0x10000ULL
#define MMAP_BASE 0x00007F0000000000ULL
#define STACK_TOP 0x00007FFFFFFDE000ULL
#define STACK_MAX (8ULL << 20) /* RLIMIT_STACK's default */

struct file;
struct inode;
struct mm;

struct vm_area {
	uint64_t start, end; /* page-aligned, end exclusive */
	int prot;            /* PROT_READ | PROT_WRITE | PROT_EXEC */
	int flags;           /* VMA_* */
	struct vm_area *next;
	/* A file area holds a reference on the open file (as Linux's
	   vm_file), so the mapping outlives close() and unlink. */
	struct file *file;   /* NULL: anonymous */
	uint64_t pgoff;      /* the file page mapped at start */
	struct mm *mm;       /* the owner, for unmapping on truncation */
	struct vm_area *file_prev, *file_next; /* every file area (vm_file.c) */
};

struct mm {
	uint64_t root;        /* physical address of the PML4 */
	struct vm_area *areas;
	uint64_t brk_start, brk;
	/* Where execve put the argument and environment strings
	   (/proc/PID/cmdline and environ read them). */
	uint64_t arg_start, arg_end, env_start, env_end;
	int refs;
};

struct mm *mm_create(void);
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);

/* A copy-on-write copy of mm for fork; NULL when out of memory. */
struct mm *mm_fork(struct mm *parent);

/* Loads mm's page tables on this CPU. */
void mm_activate(struct mm *mm);

/*
 * Maps [addr, addr+len) anonymous.  Without fixed, addr is a hint and a
 * free range is searched top-down; with fixed, existing mappings in the
 * range are replaced.  Returns 0 and the address in *out, or -ENOMEM
 * (no room, no memory), -EINVAL (unaligned, zero or overflowing length).
 */
int mm_map(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags, bool fixed,
           uint64_t *out);

/* mm_map of file f from page pgoff on (f may be NULL: anonymous); the
   area takes its own reference on f. */
int mm_map_file(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags, bool fixed,
                struct file *f, uint64_t pgoff, uint64_t *out);

/* Linux munmap semantics: unmapping nothing is not an error. */
int mm_unmap(struct mm *mm, uint64_t addr, uint64_t len);

/* -ENOMEM when part of the range is not mapped, as Linux; -EACCES when
   prot adds PROT_WRITE to a shared mapping of a file opened read-only. */
int mm_protect(struct mm *mm, uint64_t addr, uint64_t len, int prot);

/* MADV_DONTNEED: drops the pages of [addr, addr+len); private anonymous
   memory reads as zeros afterwards.  -EINVAL for an unaligned addr. */
int mm_discard(struct mm *mm, uint64_t addr, uint64_t len);

/*
 * mremap(2) for anonymous memory: shrinks in place, grows in place when
 * the pages after the area are free, or (with may_move, or at fixed_to
 * when not 0) moves the pages to a new range.  Returns 0 and the new
 * address, -EFAULT when [old, old+old_len) is not one mapped area,
 * -ENOMEM when it cannot grow, -EINVAL for bad arguments.
 */
int mm_remap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, bool may_move,
             uint64_t fixed_to, uint64_t *out);

/* mincore(2): vec[i] = 1 for each resident page of [addr, addr+len);
   -ENOMEM when part of it is unmapped. */
int mm_residency(struct mm *mm, uint64_t addr, uint64_t len, uint8_t *vec);

/* Whether [addr, addr+len) is mapped without holes. */
bool mm_range_mapped(struct mm *mm, uint64_t addr, uint64_t len);

/* brk(2): returns the new break, or the old one when the move fails. */
uint64_t mm_brk(struct mm *mm, uint64_t want);

/*
 * Handles a fault at addr.  Returns 0 when the access may be retried,
 * -EFAULT (SIGSEGV) with *si_code set to SEGV_MAPERR (nothing mapped) or
 * SEGV_ACCERR (mapped, but the access is not allowed), or -EIO (SIGBUS)
 * with *si_code BUS_ADRERR (a file page wholly past the end of the file).
 */
int mm_fault(struct mm *mm, uint64_t addr, bool write, bool exec, int *si_code);

/* Copies into mm's memory through the direct map, faulting pages in (for
   the ELF loader and the initial stack).  0 or -EFAULT. */
int mm_write(struct mm *mm, uint64_t addr, const void *src, size_t n);

/* Copies out of mm's memory through the direct map without faulting
   anything in; returns the bytes copied (stops at the first page that is
   not present). */
size_t mm_read(struct mm *mm, uint64_t addr, void *dst, size_t n);

/* Pages present in the address space (resident set). */
uint64_t mm_rss_pages(struct mm *mm);

/* Bytes of all areas (virtual size). */
uint64_t mm_total_size(struct mm *mm);

/* The area containing addr, or NULL. */
struct vm_area *mm_find(struct mm *mm, uint64_t addr);

/* Drops the pages of [start, end) of mm (for vm_file.c's truncation). */
void mm_zap(struct mm *mm, uint64_t start, uint64_t end);

#endif
