/*
 * kmalloc on malloc, for the coverage build of cred/ (tools/coverage),
 * with the same failure knob as tests/unit/fs_host_shim.cc: after N more
 * allocations (-1: never), allocations fail.
 */
#include <stdlib.h>

#include "mm/kmalloc.h"

long fs_shim_kmalloc_fail_after = -1;

static int fail_now(void)
{
	if (fs_shim_kmalloc_fail_after < 0)
		return 0;
	if (fs_shim_kmalloc_fail_after == 0)
		return 1;
	fs_shim_kmalloc_fail_after--;
	return 0;
}

void *kmalloc(size_t n)
{
	return fail_now() ? NULL : malloc(n ? n : 1);
}

void *kzalloc(size_t n)
{
	return fail_now() ? NULL : calloc(1, n ? n : 1);
}

void kfree(void *p)
{
	free(p);
}
