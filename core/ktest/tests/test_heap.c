/*
 * Kernel heap tests: kmalloc over the frame allocator.
 */
#include "ktest/ktest.h"
#include "lib/kstring.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"

KTEST(heap, every_size_is_aligned_and_writable)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 100, 500, 1024, 2047, 2048, 2049, 4096, 10000 };
	void *ptrs[sizeof(sizes) / sizeof(sizes[0])];
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ptrs[i] = kmalloc(sizes[i]);
		KASSERT_NE(ptrs[i], 0);
		KEXPECT_EQ((uint64_t)ptrs[i] % 16, 0);
		KEXPECT_GE(heap_usable_size(kmalloc_heap(), ptrs[i]), sizes[i]);
		memset(ptrs[i], 0xAB, sizes[i]);
	}
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		kfree(ptrs[i]);
}

KTEST(heap, freed_object_is_reused)
{
	void *a = kmalloc(48);
	KASSERT_NE(a, 0);
	kfree(a);
	void *b = kmalloc(48);
	KEXPECT_EQ(a, b);
	kfree(b);
}

KTEST(heap, kzalloc_returns_zeroed_memory)
{
	uint8_t *p = kmalloc(256);
	KASSERT_NE(p, 0);
	memset(p, 0xFF, 256);
	kfree(p);
	uint8_t *q = kzalloc(256);
	KASSERT_NE(q, 0);
	int nonzero = 0;
	for (int i = 0; i < 256; i++)
		nonzero += q[i] != 0;
	KEXPECT_EQ(nonzero, 0);
	kfree(q);
}

KTEST(heap, large_allocation_returns_its_frames)
{
	uint64_t before = frame_free_count();
	void *p = kmalloc(256 * 1024);
	KASSERT_NE(p, 0);
	KEXPECT_LE(frame_free_count(), before - 64);
	memset(p, 1, 256 * 1024);
	kfree(p);
	KEXPECT_EQ(frame_free_count(), before);
}

KTEST(heap, many_small_objects_do_not_overlap)
{
	enum { N = 500 };
	static uint32_t *objs[N];
	for (int i = 0; i < N; i++) {
		objs[i] = kmalloc(24);
		KASSERT_NE(objs[i], 0);
		objs[i][0] = (uint32_t)i;
		objs[i][5] = (uint32_t)~i;
	}
	for (int i = 0; i < N; i++) {
		KEXPECT_EQ(objs[i][0], (uint32_t)i);
		KEXPECT_EQ(objs[i][5], (uint32_t)~i);
	}
	for (int i = 0; i < N; i += 2)
		kfree(objs[i]);
	for (int i = 1; i < N; i += 2)
		kfree(objs[i]);
}

KTEST(heap, named_cache_serves_its_objects)
{
	struct kmem_cache c;
	KASSERT_EQ(kcache_init(&c, "ktest-obj", 72), 0);
	void *a = kcache_alloc(&c), *b = kcache_alloc(&c);
	KASSERT_NE(a, 0);
	KASSERT_NE(b, 0);
	KEXPECT_NE(a, b);
	KEXPECT_EQ(c.in_use, 2);
	KEXPECT_EQ(kmem_cache_destroy(&c), -1); /* refused while live */
	kcache_free(&c, a);
	kcache_free(&c, b);
	KEXPECT_EQ(c.in_use, 0);
	KEXPECT_EQ(kmem_cache_destroy(&c), 0);
}
