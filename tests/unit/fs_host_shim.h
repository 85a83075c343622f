// The host side of what core/fs/ needs from the kernel (core/fs/hooks.h)
// and of the kernel heap (mm/kmalloc.h), with knobs for the tests: a
// settable clock, counters of live allocations and pages, a record of
// unmapping requests, and failure injection.  Implemented in fs_host_shim.cc.
#ifndef CUB_TESTS_UNIT_FS_HOST_SHIM_H
#define CUB_TESTS_UNIT_FS_HOST_SHIM_H

#include <cstdint>

extern "C" {
// What fs_now_ns() returns; tests move it to check timestamps.
extern uint64_t fs_shim_now_ns;
// Pages from fs_page_alloc not yet freed.
extern long fs_shim_pages;
// Blocks from kmalloc/kzalloc not yet freed.
extern long fs_shim_allocs;
// When >= 0, that many more allocations succeed, then every one fails
// (until set back to -1).
extern long fs_shim_page_fail_after;
extern long fs_shim_kmalloc_fail_after;
// The last fs_pages_unmapping() call (truncation), and how many there were.
struct inode;
extern const struct inode *fs_shim_unmapped_ino;
extern uint64_t fs_shim_unmapped_first;
extern long fs_shim_unmap_calls;
}

#endif
