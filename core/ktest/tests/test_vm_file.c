/*
 * File-backed areas: shared and private mappings of a tmpfs file, the
 * file's references, and unmapping on truncation.
 */
#include "fs/fd.h"
#include "fs/file.h"
#include "fs/inode.h"
#include "fs/shmem.h"
#include "ktest/ktest.h"
#include "lib/kstring.h"
#include "mm/paging.h"
#include "mm/upage.h"
#include "mm/vm.h"

#include <asm-generic/siginfo.h>
#include <linux/errno.h>
#include <linux/mman.h>

#define BASE 0x500000ULL

static uint64_t frame_of(struct mm *mm, uint64_t va)
{
	uint64_t pa = 0;
	return paging_translate(mm->root, va, &pa, 0) == 0 ? (pa & PAGE_MASK) : 0;
}

/* A two-page unnamed file whose pages start with "P0" and "P1". */
static struct file *two_page_file(void)
{
	int err;
	struct file *f = shmem_file_new("/ktest", 0, 0600, &err);

	if (f) {
		fs_write(f->inode, "P0", 2, 0, 0);
		fs_write(f->inode, "P1", 2, PAGE_SIZE, 0);
		f->inode->size = 2 * PAGE_SIZE;
	}
	return f;
}

static uint64_t file_frame(struct file *f, uint64_t index)
{
	void *page = 0;
	fs_get_page(f->inode, index, false, &page);
	return page ? virt_to_phys(page) : 0;
}

KTEST(vm_file, shared_area_maps_the_files_own_pages)
{
	struct file *f = two_page_file();
	KASSERT_NE(f, 0);
	struct mm *mm = mm_create();
	KASSERT_NE(mm, 0);
	uint64_t at;
	int code;
	KASSERT_EQ(mm_map_file(mm, BASE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
	                       VMA_SHARED | VMA_MAYWRITE, true, f, 1, &at), 0);
	KEXPECT_EQ(f->refs, 2);
	KEXPECT_EQ(mm_fault(mm, BASE, true, false, &code), 0);
	KEXPECT_EQ(frame_of(mm, BASE), file_frame(f, 1));
	KEXPECT_EQ(upage_refs(file_frame(f, 1)), 2);
	/* The second page of the area is past the end of the file. */
	KEXPECT_EQ(mm_fault(mm, BASE + PAGE_SIZE, false, false, &code), -EIO);
	KEXPECT_EQ(code, BUS_ADRERR);
	struct mm *child = mm_fork(mm);
	KASSERT_NE(child, 0);
	KEXPECT_EQ(f->refs, 3);
	KEXPECT_EQ(frame_of(child, BASE), file_frame(f, 1));
	mm_put(child);
	mm_put(mm);
	KEXPECT_EQ(f->refs, 1);
	file_put(f);
}

KTEST(vm_file, private_write_copies_and_truncation_unmaps)
{
	struct file *f = two_page_file();
	KASSERT_NE(f, 0);
	struct mm *mm = mm_create();
	KASSERT_NE(mm, 0);
	uint64_t at;
	int code;
	KASSERT_EQ(mm_map_file(mm, BASE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, 0, true, f, 0,
	                       &at), 0);
	KEXPECT_EQ(mm_fault(mm, BASE, false, false, &code), 0);
	KEXPECT_EQ(frame_of(mm, BASE), file_frame(f, 0));
	KEXPECT_EQ(mm_fault(mm, BASE, true, false, &code), 0);
	KEXPECT_NE(frame_of(mm, BASE), file_frame(f, 0));
	KEXPECT_EQ(mm_fault(mm, BASE + PAGE_SIZE, true, false, &code), 0);
	/* Splitting the area gives the second half its own hold on f. */
	KEXPECT_EQ(mm_protect(mm, BASE + PAGE_SIZE, PAGE_SIZE, PROT_READ), 0);
	KEXPECT_EQ(f->refs, 3);
	KEXPECT_EQ(mm_find(mm, BASE + PAGE_SIZE)->pgoff, 1);
	/* Shrinking the file to one page takes page 1 away, copy and all. */
	KEXPECT_EQ(fs_truncate(f->inode, 100, 0), 0);
	KEXPECT_NE(frame_of(mm, BASE), 0);
	KEXPECT_EQ(frame_of(mm, BASE + PAGE_SIZE), 0);
	KEXPECT_EQ(mm_fault(mm, BASE + PAGE_SIZE, false, false, &code), -EIO);
	mm_put(mm);
	KEXPECT_EQ(f->refs, 1);
	file_put(f);
}
