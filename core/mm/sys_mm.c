/*
 * sys_mm.c - memory syscalls: brk, mmap, munmap, mprotect.
 */
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/process.h"
#include "sys/syscall.h"

#include <linux/mman.h>

SYSCALL_DEFINE1(brk, uint64_t, addr)
{
	struct mm *mm = process_current()->mm;

	if (addr == 0)
		return (long)mm->brk;
	return (long)mm_brk(mm, addr);
}

#define MMAP_KNOWN_FLAGS                                                         \
	(MAP_SHARED | MAP_PRIVATE | MAP_SHARED_VALIDATE | MAP_FIXED | MAP_ANONYMOUS | \
	 MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | \
	 MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_FIXED_NOREPLACE)

SYSCALL_DEFINE6(mmap, uint64_t, addr, uint64_t, len, int, prot, int, flags, int, fd,
                int64_t, off)
{
	struct mm *mm = process_current()->mm;
	int type = flags & MAP_TYPE;

	(void)fd;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~MMAP_KNOWN_FLAGS))
		return -EOPNOTSUPP;
	if (len == 0 || (off & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV; /* file mappings arrive with the VFS */
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE) {
		uint64_t end = (addr + len + PAGE_SIZE - 1) & PAGE_MASK;
		for (struct vm_area *a = mm->areas; a; a = a->next)
			if (a->start < end && addr < a->end)
				return -EEXIST;
	}
	int vflags = (type == MAP_PRIVATE ? 0 : VMA_SHARED) |
	             ((flags & MAP_GROWSDOWN) ? VMA_GROWSDOWN : 0);
	uint64_t out;
	int r = mm_map(mm, addr, len, prot, vflags, (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0,
	               &out);
	return r ? r : (long)out;
}

SYSCALL_DEFINE2(munmap, uint64_t, addr, uint64_t, len)
{
	return mm_unmap(process_current()->mm, addr, len);
}

SYSCALL_DEFINE3(madvise, uint64_t, addr, uint64_t, len, int, advice)
{
	struct mm *mm = process_current()->mm;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	switch (advice) {
	case MADV_DONTNEED:
		return mm_discard(mm, addr, len);
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_FREE:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
		/* Hints: nothing to do in a kernel without swap or huge pages. */
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE5(mremap, uint64_t, old, uint64_t, old_len, uint64_t, new_len, int, flags,
                uint64_t, new_addr)
{
	uint64_t out;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED))
		return -EINVAL; /* MREMAP_DONTUNMAP: not yet */
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	int r = mm_remap(process_current()->mm, old, old_len, new_len, flags & MREMAP_MAYMOVE,
	                 (flags & MREMAP_FIXED) ? new_addr : 0, &out);
	if (!r && (flags & MREMAP_FIXED) && out != new_addr)
		return -EINVAL;
	return r ? r : (long)out;
}

SYSCALL_DEFINE3(mincore, uint64_t, addr, uint64_t, len, uint8_t *, uvec)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (len == 0)
		return 0;
	uint64_t pages = (len + PAGE_SIZE - 1) / PAGE_SIZE;
	if (pages > (1ULL << 20))
		return -ENOMEM;
	uint8_t *vec = kmalloc(pages);
	if (!vec)
		return -ENOMEM;
	int r = mm_residency(process_current()->mm, addr, len, vec);
	if (!r && copy_to_user(uvec, vec, pages))
		r = -EFAULT;
	kfree(vec);
	return r;
}

SYSCALL_DEFINE3(msync, uint64_t, addr, uint64_t, len, int, flags)
{
	if ((addr & (PAGE_SIZE - 1)) || (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	uint64_t end = (addr + len + PAGE_SIZE - 1) & PAGE_MASK;
	/* Anonymous memory has nothing to write back. */
	return mm_range_mapped(process_current()->mm, addr, end - addr) ? 0 : -ENOMEM;
}

SYSCALL_DEFINE3(mprotect, uint64_t, addr, uint64_t, len, int, prot)
{
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	if (len == 0)
		return (addr & (PAGE_SIZE - 1)) ? -EINVAL : 0;
	return mm_protect(process_current()->mm, addr, len, prot);
}
