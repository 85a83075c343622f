/*
 * hooks_kernel.c - what the portable file-system core needs from the
 * kernel (fs/hooks.h): pages for file data, unmapping them, and the time.
 *
 * File pages are user frames with a reference count (mm/upage.h): the
 * file holds one, and every page table that maps the page holds another.
 */
#include "fs/hooks.h"

#include "mm/paging.h"
#include "mm/upage.h"
#include "mm/vm_file.h"
#include "sched/clock.h"

void *fs_page_alloc(void)
{
	uint64_t pa = upage_alloc();

	return pa ? phys_to_virt(pa) : 0;
}

void fs_page_free(void *page)
{
	upage_put(virt_to_phys(page));
}

void fs_pages_unmapping(struct inode *ino, uint64_t first_page)
{
	vm_file_truncated(ino, first_page);
}

uint64_t fs_now_ns(void)
{
	return clock_realtime_ns();
}
