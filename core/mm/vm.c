/*
 * vm.c - user address spaces.
 *
 * Page-table entries of user pages carry two software bits: PTE_COW marks
 * a private page shared read-only after fork (the first write copies it),
 * and PTE_PROTNONE marks a page whose area is PROT_NONE (not present for
 * the CPU, but the frame is kept and comes back with mprotect).
 */
#include "mm/vm.h"

#include "arch/x86_64/cpu.h"
#include "fs/fd.h"
#include "lib/kstring.h"
#include "lib/panic.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "mm/upage.h"
#include "mm/vm_file.h"

#include <asm-generic/siginfo.h>
#include <linux/errno.h>
#include <linux/mman.h>

#define PTE_COW (1ULL << 9)
#define PTE_PROTNONE (1ULL << 10)
#define USER_END 0x0000800000000000ULL
/* Mappings stay below the last user page (see USER_SPACE_END). */
#define USER_SPACE_LIMIT 0x00007FFFFFFFF000ULL

static uint64_t page_floor(uint64_t a)
{
	return a & PAGE_MASK;
}

static uint64_t prot_bits(int prot)
{
	if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return 0;
	return PTE_PRESENT | PTE_USER | ((prot & PROT_WRITE) ? PTE_WRITE : 0) |
	       ((prot & PROT_EXEC) ? 0 : PTE_NX);
}

/* The entry for a frame in an area with protection prot. */
static uint64_t make_pte(uint64_t pa, int prot, bool cow)
{
	uint64_t bits = prot_bits(prot);

	if (!bits)
		return pa | PTE_PROTNONE | (cow ? PTE_COW : 0);
	if (cow)
		bits = (bits & ~PTE_WRITE) | PTE_COW;
	return pa | bits;
}

static void mm_flush(struct mm *mm)
{
	if (read_cr3() == mm->root)
		write_cr3(mm->root);
}

/* Calls fn for every non-empty last-level entry in [start, end). */
typedef void (*pte_fn)(struct mm *mm, uint64_t va, uint64_t *pte, void *ctx);

static void walk_level(struct mm *mm, uint64_t table, int level, uint64_t base, uint64_t start,
                       uint64_t end, pte_fn fn, void *ctx)
{
	uint64_t *t = phys_to_virt(table & PTE_ADDR);
	uint64_t span = 1ULL << (12 + 9 * level);

	for (int i = 0; i < 512; i++) {
		uint64_t va = base + (uint64_t)i * span;
		if (va + span <= start)
			continue;
		if (va >= end)
			break;
		if (level == 0) {
			if (t[i])
				fn(mm, va, &t[i], ctx);
		} else if (t[i] & PTE_PRESENT) {
			walk_level(mm, t[i], level - 1, va, start, end, fn, ctx);
		}
	}
}

static void walk_range(struct mm *mm, uint64_t start, uint64_t end, pte_fn fn, void *ctx)
{
	walk_level(mm, mm->root, 3, 0, start, end, fn, ctx);
}

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return 0;
	mm->root = paging_new_table();
	if (!mm->root) {
		kfree(mm);
		return 0;
	}
	/* The kernel half is shared by every address space. */
	const uint64_t *k = phys_to_virt(paging_kernel_root());
	uint64_t *u = phys_to_virt(mm->root);
	for (int i = 256; i < 512; i++)
		u[i] = k[i];
	mm->refs = 1;
	return mm;
}

void mm_get(struct mm *mm)
{
	mm->refs++;
}

static void area_free(struct vm_area *a)
{
	if (a->file)
		vma_file_drop(a);
	kfree(a);
}

/* A copy of a for mm (a split, or fork), with its own hold on a's file. */
static struct vm_area *area_copy(const struct vm_area *a, struct mm *mm)
{
	struct vm_area *c = kmalloc(sizeof(*c));

	if (!c)
		return 0;
	*c = *a;
	c->next = 0;
	c->mm = mm;
	if (c->file)
		vma_file_dup(c);
	return c;
}

static void drop_page(struct mm *mm, uint64_t va, uint64_t *pte, void *ctx)
{
	(void)mm;
	(void)va;
	(void)ctx;
	upage_put(*pte & PTE_ADDR);
	*pte = 0;
}

static void free_tables(uint64_t table, int level)
{
	uint64_t *t = phys_to_virt(table & PTE_ADDR);
	int n = level == 3 ? 256 : 512; /* the top level: user half only */

	if (level > 0) {
		for (int i = 0; i < n; i++)
			if (t[i] & PTE_PRESENT)
				free_tables(t[i], level - 1);
	}
	if (level < 3)
		frame_free(table & PTE_ADDR, 1);
}

void mm_put(struct mm *mm)
{
	if (--mm->refs > 0)
		return;
	BUG_ON(read_cr3() == mm->root);
	walk_range(mm, 0, USER_END, drop_page, 0);
	free_tables(mm->root, 3);
	frame_free(mm->root, 1);
	while (mm->areas) {
		struct vm_area *a = mm->areas;
		mm->areas = a->next;
		area_free(a);
	}
	kfree(mm);
}

void mm_activate(struct mm *mm)
{
	write_cr3(mm->root);
}

struct vm_area *mm_find(struct mm *mm, uint64_t addr)
{
	for (struct vm_area *a = mm->areas; a && a->start <= addr; a = a->next)
		if (addr < a->end)
			return a;
	return 0;
}

static void insert_area(struct mm *mm, struct vm_area *n)
{
	struct vm_area **pp = &mm->areas;

	while (*pp && (*pp)->start < n->start)
		pp = &(*pp)->next;
	n->next = *pp;
	*pp = n;
}

/* Splits a so that one area ends at addr (start < addr < end). */
static int split_area(struct vm_area *a, uint64_t addr)
{
	struct vm_area *b = area_copy(a, a->mm);

	if (!b)
		return -ENOMEM;
	b->start = addr;
	b->pgoff += (addr - a->start) / PAGE_SIZE;
	b->next = a->next;
	a->end = addr;
	a->next = b;
	return 0;
}

/* Cuts [start, end) out of every area, freeing its pages. */
static int remove_range(struct mm *mm, uint64_t start, uint64_t end)
{
	struct vm_area **pp = &mm->areas;

	while (*pp) {
		struct vm_area *a = *pp;
		if (a->end <= start) {
			pp = &a->next;
			continue;
		}
		if (a->start >= end)
			break;
		if (a->start < start) {
			if (split_area(a, start))
				return -ENOMEM;
			pp = &a->next;
			continue;
		}
		if (a->end > end && split_area(a, end))
			return -ENOMEM;
		*pp = a->next;
		area_free(a);
	}
	mm_zap(mm, start, end);
	return 0;
}

static bool range_free(struct mm *mm, uint64_t start, uint64_t end)
{
	for (struct vm_area *a = mm->areas; a; a = a->next)
		if (a->start < end && start < a->end)
			return false;
	return true;
}

/* The highest free range of len bytes below MMAP_BASE, or 0. */
static uint64_t find_free(struct mm *mm, uint64_t len)
{
	uint64_t best = 0, lo = MMAP_MIN_ADDR;

	for (struct vm_area *a = mm->areas;; a = a->next) {
		uint64_t hi = a ? a->start : MMAP_BASE;
		if (hi > MMAP_BASE)
			hi = MMAP_BASE;
		if (hi >= lo + len && hi - len > best)
			best = hi - len;
		if (!a)
			break;
		if (a->end > lo)
			lo = a->end;
	}
	return best;
}

int mm_map(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags, bool fixed,
           uint64_t *out)
{
	return mm_map_file(mm, addr, len, prot, flags, fixed, 0, 0, out);
}

int mm_map_file(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags, bool fixed,
                struct file *f, uint64_t pgoff, uint64_t *out)
{
	if (len == 0 || (addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	len = (len + PAGE_SIZE - 1) & PAGE_MASK;
	if (len == 0 || len > USER_SPACE_LIMIT)
		return -ENOMEM;
	if (fixed) {
		if (addr + len > USER_SPACE_LIMIT || addr + len < addr || addr < PAGE_SIZE)
			return -ENOMEM;
		int r = remove_range(mm, addr, addr + len);
		if (r)
			return r;
	} else if (!addr || addr < MMAP_MIN_ADDR || addr + len > USER_SPACE_LIMIT ||
	           !range_free(mm, addr, addr + len)) {
		addr = find_free(mm, len);
		if (!addr)
			return -ENOMEM;
	}
	struct vm_area *a = kzalloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->start = addr;
	a->end = addr + len;
	a->prot = prot;
	a->flags = flags;
	a->mm = mm;
	if (f)
		vma_file_set(a, f, pgoff);
	insert_area(mm, a);
	*out = addr;
	return 0;
}

int mm_unmap(struct mm *mm, uint64_t addr, uint64_t len)
{
	if ((addr & (PAGE_SIZE - 1)) || len == 0)
		return -EINVAL;
	uint64_t end = (addr + len + PAGE_SIZE - 1) & PAGE_MASK;
	if (end < addr || end > USER_END)
		return -EINVAL;
	return remove_range(mm, addr, end);
}

void mm_zap(struct mm *mm, uint64_t start, uint64_t end)
{
	walk_range(mm, start, end, drop_page, 0);
	mm_flush(mm);
}

/* Private anonymous pages read as zeros afterwards; a file area (shared
   anonymous memory included) finds the file's page again on the next
   fault, and a private file area loses its copies. */
int mm_discard(struct mm *mm, uint64_t addr, uint64_t len)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	uint64_t end = (addr + len + PAGE_SIZE - 1) & PAGE_MASK;
	if (end < addr || end > USER_END)
		return -EINVAL;
	mm_zap(mm, addr, end);
	return 0;
}

static void reprotect(struct mm *mm, uint64_t va, uint64_t *pte, void *ctx)
{
	(void)mm;
	(void)va;
	int prot = *(int *)ctx;
	*pte = make_pte(*pte & PTE_ADDR, prot, (*pte & PTE_COW) != 0);
}

int mm_protect(struct mm *mm, uint64_t addr, uint64_t len, int prot)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	uint64_t end = (addr + len + PAGE_SIZE - 1) & PAGE_MASK;
	if (end < addr)
		return -ENOMEM;
	/* The whole range must be mapped, without holes. */
	uint64_t at = addr;
	for (struct vm_area *a = mm->areas; a && at < end; a = a->next) {
		if (a->end <= at)
			continue;
		if (a->start > at)
			return -ENOMEM;
		at = a->end;
	}
	if (at < end)
		return -ENOMEM;
	/* A shared mapping of a file opened read-only stays read-only. */
	for (struct vm_area *a = mm->areas; a && a->start < end; a = a->next)
		if (a->end > addr && (prot & PROT_WRITE) && a->file && (a->flags & VMA_SHARED) &&
		    !(a->flags & VMA_MAYWRITE))
			return -EACCES;
	for (struct vm_area *a = mm->areas; a; a = a->next) {
		if (a->end <= addr || a->start >= end)
			continue;
		if (a->start < addr) {
			if (split_area(a, addr))
				return -ENOMEM;
			continue; /* the next iteration sees the second half */
		}
		if (a->end > end && split_area(a, end))
			return -ENOMEM;
		a->prot = prot;
	}
	walk_range(mm, addr, end, reprotect, &prot);
	mm_flush(mm);
	return 0;
}

uint64_t mm_brk(struct mm *mm, uint64_t want)
{
	uint64_t old_end = (mm->brk + PAGE_SIZE - 1) & PAGE_MASK;
	uint64_t new_end = (want + PAGE_SIZE - 1) & PAGE_MASK;

	if (want < mm->brk_start || want >= MMAP_BASE)
		return mm->brk;
	if (new_end > old_end) {
		uint64_t out;
		if (!range_free(mm, old_end, new_end))
			return mm->brk;
		/* Grow the heap's own area, so it stays one (as Linux merges
		   them), or start it. */
		struct vm_area *last = old_end > mm->brk_start ? mm_find(mm, old_end - 1) : 0;
		if (last && last->end == old_end && !last->file && last->flags == 0 &&
		    last->prot == (PROT_READ | PROT_WRITE) && last->start >= mm->brk_start)
			last->end = new_end;
		else if (mm_map(mm, old_end, new_end - old_end, PROT_READ | PROT_WRITE, 0, true, &out))
			return mm->brk;
	} else if (new_end < old_end) {
		remove_range(mm, new_end, old_end);
	}
	mm->brk = want;
	return mm->brk;
}

/* Gives va its own writable frame (breaking copy-on-write). */
static int make_private(uint64_t *pte, int prot)
{
	uint64_t pa = *pte & PTE_ADDR;

	if (upage_refs(pa) > 1) {
		uint64_t copy = upage_alloc();
		if (!copy)
			return -ENOMEM;
		memcpy(phys_to_virt(copy), phys_to_virt(pa), PAGE_SIZE);
		upage_put(pa);
		pa = copy;
	}
	*pte = make_pte(pa, prot, false);
	return 0;
}

/* Extends a grows-down area to cover addr when it is within the limit. */
static struct vm_area *grow_stack(struct mm *mm, uint64_t addr)
{
	struct vm_area *prev = 0, *a = mm->areas;

	while (a && a->end <= addr) {
		prev = a;
		a = a->next;
	}
	if (!a || !(a->flags & VMA_GROWSDOWN) || a->start <= addr)
		return 0;
	uint64_t start = page_floor(addr);
	if (a->end - start > STACK_MAX || (prev && prev->end > start))
		return 0;
	a->start = start;
	return a;
}

/* Fills the empty entry *pte for page va of area a: a zeroed frame for
   anonymous memory, the file's page (or a copy) for a file area. */
static int fill_pte(struct vm_area *a, uint64_t va, bool write, uint64_t *pte)
{
	uint64_t pa;
	bool cow = false;

	if (a->file) {
		int r = vma_file_frame(a, va, write, &pa, &cow);
		if (r)
			return r;
	} else {
		pa = upage_alloc();
		if (!pa)
			return -ENOMEM;
	}
	*pte = make_pte(pa, a->prot, cow);
	return 0;
}

int mm_fault(struct mm *mm, uint64_t addr, bool write, bool exec, int *si_code)
{
	struct vm_area *a = mm_find(mm, addr);

	if (!a)
		a = grow_stack(mm, addr);
	if (!a) {
		*si_code = SEGV_MAPERR;
		return -EFAULT;
	}
	bool allowed = write ? (a->prot & PROT_WRITE)
	               : exec ? (a->prot & PROT_EXEC)
	                      : (a->prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
	if (!allowed) {
		*si_code = SEGV_ACCERR;
		return -EFAULT;
	}
	uint64_t va = page_floor(addr);
	uint64_t *pte = paging_pte(mm->root, va, 1);
	if (!pte)
		goto oom;
	if (!*pte) {
		int r = fill_pte(a, va, write, pte);
		if (r == -EIO) {
			*si_code = BUS_ADRERR;
			return -EIO;
		}
		if (r)
			goto oom;
	} else if (write && (*pte & PTE_COW) && !(a->flags & VMA_SHARED)) {
		if (make_private(pte, a->prot))
			goto oom;
	} else {
		/* Stale protection (after mprotect or a PROT_NONE page). */
		*pte = make_pte(*pte & PTE_ADDR, a->prot, (*pte & PTE_COW) && !write);
	}
	invlpg(va);
	return 0;
oom:
	/* Linux would invoke the OOM killer; the process gets SIGSEGV here. */
	*si_code = SEGV_MAPERR;
	return -EFAULT;
}

int mm_write(struct mm *mm, uint64_t addr, const void *src, size_t n)
{
	const uint8_t *s = src;

	while (n > 0) {
		uint64_t va = page_floor(addr);
		struct vm_area *a = mm_find(mm, va);
		if (!a)
			return -EFAULT;
		uint64_t *pte = paging_pte(mm->root, va, 1);
		if (!pte)
			return -EFAULT;
		if (!*pte) {
			if (fill_pte(a, va, true, pte))
				return -EFAULT;
		} else if ((*pte & PTE_COW) && make_private(pte, a->prot)) {
			return -EFAULT;
		}
		size_t off = addr - va, chunk = PAGE_SIZE - off;
		if (chunk > n)
			chunk = n;
		memcpy((uint8_t *)phys_to_virt(*pte & PTE_ADDR) + off, s, chunk);
		addr += chunk;
		s += chunk;
		n -= chunk;
	}
	mm_flush(mm);
	return 0;
}

size_t mm_read(struct mm *mm, uint64_t addr, void *dst, size_t n)
{
	uint8_t *d = dst;
	size_t done = 0;

	while (done < n) {
		uint64_t va = page_floor(addr);
		uint64_t *pte = paging_pte(mm->root, va, 0);
		if (!pte || !(*pte & (PTE_PRESENT | PTE_PROTNONE)))
			break;
		size_t off = addr - va, chunk = PAGE_SIZE - off;
		if (chunk > n - done)
			chunk = n - done;
		memcpy(d + done, (uint8_t *)phys_to_virt(*pte & PTE_ADDR) + off, chunk);
		done += chunk;
		addr += chunk;
	}
	return done;
}

static void count_page(struct mm *mm, uint64_t va, uint64_t *pte, void *ctx)
{
	(void)mm;
	(void)va;
	(void)pte;
	(*(uint64_t *)ctx)++;
}

uint64_t mm_rss_pages(struct mm *mm)
{
	uint64_t n = 0;

	walk_range(mm, 0, USER_END, count_page, &n);
	return n;
}

uint64_t mm_total_size(struct mm *mm)
{
	uint64_t n = 0;

	for (struct vm_area *a = mm->areas; a; a = a->next)
		n += a->end - a->start;
	return n;
}

bool mm_range_mapped(struct mm *mm, uint64_t addr, uint64_t len)
{
	uint64_t at = addr, end = addr + len;

	for (struct vm_area *a = mm->areas; a && at < end; a = a->next) {
		if (a->end <= at)
			continue;
		if (a->start > at)
			return false;
		at = a->end;
	}
	return at >= end;
}

int mm_residency(struct mm *mm, uint64_t addr, uint64_t len, uint8_t *vec)
{
	uint64_t end = (addr + len + PAGE_SIZE - 1) & PAGE_MASK;

	if (!mm_range_mapped(mm, addr, end - addr))
		return -ENOMEM;
	for (uint64_t va = addr; va < end; va += PAGE_SIZE) {
		uint64_t *pte = paging_pte(mm->root, va, 0);
		vec[(va - addr) / PAGE_SIZE] = pte && (*pte & (PTE_PRESENT | PTE_PROTNONE)) ? 1 : 0;
	}
	return 0;
}

/* Moves the pages of [from, from+len) to [to, to+len) (entries only). */
static int move_pages(struct mm *mm, uint64_t from, uint64_t to, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *src = paging_pte(mm->root, from + off, 0);
		if (!src || !*src)
			continue;
		uint64_t *dst = paging_pte(mm->root, to + off, 1);
		if (!dst)
			return -ENOMEM;
		*dst = *src;
		*src = 0;
	}
	mm_flush(mm);
	return 0;
}

int mm_remap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, bool may_move,
             uint64_t fixed_to, uint64_t *out)
{
	if ((old & (PAGE_SIZE - 1)) || new_len == 0)
		return -EINVAL;
	old_len = (old_len + PAGE_SIZE - 1) & PAGE_MASK;
	new_len = (new_len + PAGE_SIZE - 1) & PAGE_MASK;
	struct vm_area *a = mm_find(mm, old);
	if (!a || old + old_len > a->end)
		return -EFAULT;
	if (fixed_to) {
		if ((fixed_to & (PAGE_SIZE - 1)) || (fixed_to < old + old_len && old < fixed_to + new_len))
			return -EINVAL;
	}
	if (!fixed_to && new_len <= old_len) {
		if (new_len < old_len)
			remove_range(mm, old + new_len, old + old_len);
		*out = old;
		return 0;
	}
	/* Grow in place: the area must end here and the pages after be free. */
	if (!fixed_to && old + old_len == a->end &&
	    range_free(mm, a->end, old + new_len) && old + new_len <= USER_SPACE_LIMIT) {
		a->end = old + new_len;
		*out = old;
		return 0;
	}
	if (!may_move && !fixed_to)
		return -ENOMEM;
	uint64_t to = fixed_to;
	int prot = a->prot, flags = a->flags;
	/* The file keeps its place: the moved pages are the same file pages.
	   Hold the file while mapping at fixed_to may cut a. */
	struct file *file = a->file;
	uint64_t pgoff = a->pgoff + (old - a->start) / PAGE_SIZE;
	if (file)
		file_get(file);
	int r = mm_map_file(mm, to, new_len, prot, flags, fixed_to != 0, file, pgoff, &to);
	if (file)
		file_put(file);
	if (r)
		return r;
	uint64_t moved = old_len < new_len ? old_len : new_len;
	r = move_pages(mm, old, to, moved);
	if (r)
		return r;
	remove_range(mm, old, old + old_len);
	*out = to;
	return 0;
}

struct fork_ctx {
	struct mm *child;
	int err;
};

static void share_page(struct mm *parent, uint64_t va, uint64_t *pte, void *ctx)
{
	struct fork_ctx *f = ctx;
	if (f->err)
		return;
	struct vm_area *a = mm_find(parent, va);
	uint64_t *cpte = paging_pte(f->child->root, va, 1);
	if (!cpte || !a) {
		f->err = -ENOMEM;
		return;
	}
	uint64_t pa = *pte & PTE_ADDR;
	/* Every private page, writable now or not: an mprotect() later
	   must not make a shared frame writable. */
	if (!(a->flags & VMA_SHARED))
		*pte = make_pte(pa, a->prot, true);
	if (!upage_try_get(pa)) {
		f->err = -ENOMEM;
		return;
	}
	*cpte = *pte;
}

struct mm *mm_fork(struct mm *parent)
{
	struct mm *child = mm_create();

	if (!child)
		return 0;
	for (struct vm_area *a = parent->areas; a; a = a->next) {
		struct vm_area *c = area_copy(a, child);
		if (!c) {
			mm_put(child);
			return 0;
		}
		insert_area(child, c);
	}
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	struct fork_ctx f = { child, 0 };
	walk_range(parent, 0, USER_END, share_page, &f);
	mm_flush(parent);
	if (f.err) {
		mm_put(child);
		return 0;
	}
	return child;
}
