/*
 * sys_mm.c - memory syscalls: brk, mmap, munmap, mprotect, madvise,
 * mremap, mincore, msync.
 */
#include "fs/devices.h"
#include "fs/fd.h"
#include "fs/inode.h"
#include "fs/shmem.h"
#include "fs/vfs.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/process.h"
#include "sys/syscall.h"

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/stat.h>

SYSCALL_DEFINE1(brk, uint64_t, addr)
{
	struct mm *mm = process_current()->mm;

	if (addr == 0)
		return (long)mm->brk;
	return (long)mm_brk(mm, addr);
}

/* What MAP_SHARED_VALIDATE accepts on a file: Linux's LEGACY_MAP_MASK
   (tmpfs adds no MAP_SYNC), and MAP_FIXED_NOREPLACE. */
#define MMAP_KNOWN_FLAGS                                                         \
	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE |      \
	 MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED |           \
	 MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB |     \
	 MAP_FIXED_NOREPLACE)

/*
 * Linux's checks of a file mapping (do_mmap), in its order: the type,
 * unknown flags for MAP_SHARED_VALIDATE, write access for a writable
 * shared mapping, read access always, and whether the file can be mapped
 * at all.  Sets the area flags.
 */
static int check_file_map(struct file *f, int type, int flags, int prot, int *vflags)
{
	*vflags = 0;
	if (type != MAP_SHARED && type != MAP_SHARED_VALIDATE && type != MAP_PRIVATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~MMAP_KNOWN_FLAGS))
		return -EOPNOTSUPP;
	if (type != MAP_PRIVATE) {
		if ((prot & PROT_WRITE) && !file_writable(f))
			return -EACCES;
		*vflags = VMA_SHARED | (file_writable(f) ? VMA_MAYWRITE : 0);
	}
	if (!file_readable(f))
		return -EACCES;
	struct inode *ino = file_inode(f);
	if (!ino || !S_ISREG(ino->mode) || ino->sb->dyn)
		return -ENODEV; /* no ->mmap: directories, procfs, devices */
	/* Linux's memfd_check_seals_mmap(): a file sealed against writing
	   maps shared only read-only, and never becomes writable later. */
	if (type != MAP_PRIVATE && (ino->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))) {
		if (prot & PROT_WRITE)
			return -EPERM;
		*vflags &= ~VMA_MAYWRITE;
	}
	if (flags & MAP_GROWSDOWN)
		return -EINVAL;
	return 0;
}

SYSCALL_DEFINE6(mmap, uint64_t, addr, uint64_t, len, int, prot, int, flags, int, fd,
                int64_t, off)
{
	struct process *p = process_current();
	struct mm *mm = p->mm;
	int type = flags & MAP_TYPE;
	struct file *f = 0;

	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		f = fd_get(p->fds, fd);
		if (!f || (f->flags & O_PATH))
			return -EBADF;
		/* /dev/zero maps as anonymous memory, as in Linux. */
		if (chrdev_is_zero(f))
			f = 0;
	}
	if (len == 0)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	uint64_t alen = (len + PAGE_SIZE - 1) & PAGE_MASK;
	if (alen == 0)
		return -ENOMEM;
	if (f && (alen > (uint64_t)INT64_MAX || (uint64_t)off > (uint64_t)INT64_MAX - alen))
		return -EOVERFLOW; /* past the largest file offset */
	if (flags & MAP_FIXED_NOREPLACE) {
		uint64_t end = addr + alen;
		for (struct vm_area *a = mm->areas; a; a = a->next)
			if (a->start < end && addr < a->end)
				return -EEXIST;
	}
	int vflags;
	if (f) {
		int r = check_file_map(f, type, flags, prot, &vflags);
		if (r)
			return r;
	} else if (type == MAP_SHARED) {
		if (flags & MAP_GROWSDOWN)
			return -EINVAL;
		vflags = VMA_SHARED | VMA_MAYWRITE;
	} else if (type == MAP_PRIVATE) {
		vflags = (flags & MAP_GROWSDOWN) ? VMA_GROWSDOWN : 0;
	} else {
		return -EINVAL;
	}
	bool fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
	uint64_t out;
	int r;
	if (!f && (vflags & VMA_SHARED)) {
		/* Shared anonymous memory is an unnamed tmpfs file, so a fork
		   shares the very pages and MADV_DONTNEED keeps them. */
		struct file *shm = shmem_file_new("/dev/zero", alen, S_IRUSR | S_IWUSR, &r);
		if (!shm)
			return r;
		r = mm_map_file(mm, addr, len, prot, vflags, fixed, shm, 0, &out);
		file_put(shm); /* the area holds its own reference */
	} else {
		r = mm_map_file(mm, addr, len, prot, vflags, fixed, f, (uint64_t)off / PAGE_SIZE, &out);
	}
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
	/* Nothing to write back: a shared mapping maps the tmpfs file's own
	   pages, and anonymous memory has no backing store. */
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
