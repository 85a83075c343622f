// Host implementations of the kernel services core/fs/ uses: the heap
// (kmalloc, kzalloc, kfree) on malloc, the page hooks on aligned_alloc,
// and the clock on a variable.  The unit tests link core/mm/heap.c but not
// core/mm/kmalloc.c (which needs the frame allocator), so these are the
// only kmalloc in the host binary.
#include <cstdlib>
#include <cstring>

#include "fs_host_shim.h"

extern "C" {
#include "fs/hooks.h"
#include "mm/kmalloc.h"
}

extern "C" {
uint64_t fs_shim_now_ns = 1700000000ull * 1000000000ull;
long fs_shim_pages = 0;
long fs_shim_allocs = 0;
long fs_shim_page_fail_after = -1;
long fs_shim_kmalloc_fail_after = -1;
const struct inode *fs_shim_unmapped_ino = nullptr;
uint64_t fs_shim_unmapped_first = 0;
long fs_shim_unmap_calls = 0;
}

namespace {

// Whether the next allocation of a kind should fail.
bool Fail(long &after) {
	if (after < 0)
		return false;
	if (after == 0)
		return true;
	after--;
	return false;
}

} // namespace

extern "C" void *kmalloc(size_t size) {
	if (Fail(fs_shim_kmalloc_fail_after))
		return nullptr;
	// The kernel heap never returns NULL for size 0; neither do we.
	void *p = malloc(size != 0 ? size : 1);
	if (p != nullptr)
		fs_shim_allocs++;
	return p;
}

extern "C" void *kzalloc(size_t size) {
	void *p = kmalloc(size);
	if (p != nullptr)
		memset(p, 0, size);
	return p;
}

extern "C" void kfree(void *ptr) {
	if (ptr == nullptr)
		return;
	fs_shim_allocs--;
	free(ptr);
}

extern "C" void *fs_page_alloc(void) {
	if (Fail(fs_shim_page_fail_after))
		return nullptr;
	void *p = aligned_alloc(FS_PAGE_SIZE, FS_PAGE_SIZE);
	if (p == nullptr)
		return nullptr;
	// Garbage, as a frame from the kernel's allocator may hold, so a
	// missing memset in fs/ shows up as wrong data.
	memset(p, 0xa5, FS_PAGE_SIZE);
	fs_shim_pages++;
	return p;
}

extern "C" void fs_page_free(void *page) {
	fs_shim_pages--;
	free(page);
}

extern "C" void fs_pages_unmapping(struct inode *ino, uint64_t first_page) {
	fs_shim_unmapped_ino = ino;
	fs_shim_unmapped_first = first_page;
	fs_shim_unmap_calls++;
}

extern "C" uint64_t fs_now_ns(void) {
	return fs_shim_now_ns;
}
