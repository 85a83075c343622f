/*
 * vm_file.c - areas that map a file (vm_file.h).
 *
 * Every file area is on one list, so that truncation can find the
 * mappings of a file without a reverse map per page; mappings of files
 * are few (a handful per process), and truncating a mapped file is rare.
 */
#include "mm/vm_file.h"

#include "fs/fd.h"
#include "fs/file.h"
#include "fs/inode.h"
#include "lib/kstring.h"
#include "mm/paging.h"
#include "mm/upage.h"
#include "mm/vm.h"

#include <linux/errno.h>

static struct vm_area *file_areas;

static void link_area(struct vm_area *a)
{
	a->file_prev = 0;
	a->file_next = file_areas;
	if (file_areas)
		file_areas->file_prev = a;
	file_areas = a;
}

void vma_file_set(struct vm_area *a, struct file *f, uint64_t pgoff)
{
	a->file = f;
	a->pgoff = pgoff;
	file_get(f);
	link_area(a);
	if (f->ops && f->ops->vm_open)
		f->ops->vm_open(f);
}

void vma_file_dup(struct vm_area *a)
{
	file_get(a->file);
	link_area(a);
	if (a->file->ops && a->file->ops->vm_open)
		a->file->ops->vm_open(a->file);
}

void vma_file_drop(struct vm_area *a)
{
	if (a->file_prev)
		a->file_prev->file_next = a->file_next;
	else
		file_areas = a->file_next;
	if (a->file_next)
		a->file_next->file_prev = a->file_prev;
	/* Before our own reference goes, so the hook sees a live file. */
	if (a->file->ops && a->file->ops->vm_close)
		a->file->ops->vm_close(a->file);
	file_put(a->file);
	a->file = 0;
}

bool vm_file_mapped_writable(const struct inode *ino)
{
	for (struct vm_area *a = file_areas; a; a = a->file_next)
		if (a->file->inode == ino && (a->flags & VMA_SHARED) && (a->flags & VMA_MAYWRITE))
			return true;
	return false;
}

int vma_file_frame(struct vm_area *a, uint64_t va, bool write, uint64_t *pa, bool *cow)
{
	struct inode *ino = a->file->inode;
	uint64_t index = a->pgoff + (va - a->start) / PAGE_SIZE;
	uint64_t pages = (ino->size + PAGE_SIZE - 1) / PAGE_SIZE;
	void *page;

	if (index >= pages)
		return -EIO;
	/* A hole becomes a page of the file now, as tmpfs does on a fault,
	   so that a later write through the fd lands in the mapped page. */
	int r = fs_get_page(ino, index, true, &page);
	if (r == -ENOMEM)
		return r;
	if (r)
		return -EIO; /* out of tmpfs space: Linux's shmem fault is SIGBUS */
	uint64_t frame = virt_to_phys(page);
	*cow = false;
	if (!(a->flags & VMA_SHARED) && write) {
		uint64_t copy = upage_alloc();
		if (!copy)
			return -ENOMEM;
		memcpy(phys_to_virt(copy), page, PAGE_SIZE);
		frame = copy;
	} else {
		/* One page mapped tens of thousands of times: the fault fails
		   (SIGSEGV, as out of memory) rather than the count overflow. */
		if (!upage_try_get(frame))
			return -ENOMEM;
		*cow = !(a->flags & VMA_SHARED);
	}
	*pa = frame;
	return 0;
}

void vm_file_truncated(struct inode *ino, uint64_t first_page)
{
	for (struct vm_area *a = file_areas; a; a = a->file_next) {
		if (a->file->inode != ino)
			continue;
		uint64_t pages = (a->end - a->start) / PAGE_SIZE;
		if (first_page >= a->pgoff + pages)
			continue;
		uint64_t skip = first_page > a->pgoff ? first_page - a->pgoff : 0;
		mm_zap(a->mm, a->start + skip * PAGE_SIZE, a->end);
	}
}
