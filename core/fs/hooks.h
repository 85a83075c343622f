/*
 * hooks.h - what the file system needs from the rest of the kernel.
 *
 * fs/ is portable: it never calls the frame allocator or reads a clock
 * itself.  The kernel implements these functions on its frame allocator,
 * its address spaces and its realtime clock; the host unit tests implement them on
 * aligned_alloc and a settable counter (tests/unit/fs_host_shim.cc).
 *
 * File data lives in whole pages obtained here, not from kmalloc, because
 * the kernel will later map the very same pages into processes for
 * mmap(MAP_SHARED) and shared memory.  The kernel's fs_page_alloc must
 * therefore return the direct-map address of a frame it can translate
 * back to a physical address.
 */
#ifndef CUB_FS_HOOKS_H
#define CUB_FS_HOOKS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The unit of file data; equal to the MMU's small page. */
#define FS_PAGE_SIZE 4096u

/*
 * Returns one FS_PAGE_SIZE-aligned page of FS_PAGE_SIZE bytes, contents
 * undefined (fs/ zeroes what it needs), or NULL when memory is exhausted.
 * Must not sleep.
 */
void *fs_page_alloc(void);

/*
 * Gives back a page from fs_page_alloc.  In the kernel a page is a
 * reference-counted frame: a process that maps it holds its own
 * reference, so the memory lives on until the last mapping goes too.
 */
void fs_page_free(void *page);

/*
 * The pages of regular file ino from first_page on are about to be
 * freed (truncation): the kernel unmaps them from every mapping of the
 * file first, as Linux's truncate_pagecache(), so that touching one
 * afterwards is SIGBUS.
 */
struct inode;
void fs_pages_unmapping(struct inode *ino, uint64_t first_page);

/* Realtime (CLOCK_REALTIME) in nanoseconds since the epoch. */
uint64_t fs_now_ns(void);

#ifdef __cplusplus
}
#endif
#endif
