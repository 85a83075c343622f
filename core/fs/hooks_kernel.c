/*
 * hooks_kernel.c - what the portable file-system core needs from the
 * kernel (fs/hooks.h): pages for file data, and the time.
 */
#include "fs/hooks.h"

#include "mm/frame.h"
#include "mm/paging.h"
#include "sched/clock.h"

void *fs_page_alloc(void)
{
	uint64_t pa = frame_alloc();

	return pa == FRAME_NONE ? 0 : phys_to_virt(pa);
}

void fs_page_free(void *page)
{
	frame_free(virt_to_phys(page), 1);
}

uint64_t fs_now_ns(void)
{
	return clock_realtime_ns();
}
