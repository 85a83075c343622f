/*
 * kmalloc.c - the kernel heap's page source and locking.
 */
#include "mm/kmalloc.h"

#include "arch/x86_64/cpu.h"
#include "lib/panic.h"
#include "mm/frame.h"
#include "mm/paging.h"

static struct heap kheap;

static void *pages_alloc(size_t npages, void *ctx)
{
	(void)ctx;
	uint64_t pa = frame_alloc_contig(npages, 1);
	return pa == FRAME_NONE ? 0 : phys_to_virt(pa);
}

static void pages_free(void *pages, size_t npages, void *ctx)
{
	(void)ctx;
	frame_free(virt_to_phys(pages), npages);
}

static void heap_error(struct heap *h, const void *ptr, const char *msg)
{
	(void)h;
	panic("kfree(%p): %s", ptr, msg);
}

void kmalloc_init(void)
{
	struct page_source src = { pages_alloc, pages_free, 0 };

	heap_init(&kheap, &src, heap_error);
}

void *kmalloc(size_t size)
{
	bool on = irq_save();
	void *p = heap_alloc(&kheap, size);
	irq_restore(on);
	return p;
}

void *kzalloc(size_t size)
{
	bool on = irq_save();
	void *p = heap_zalloc(&kheap, size);
	irq_restore(on);
	return p;
}

void kfree(void *ptr)
{
	bool on = irq_save();
	heap_free(&kheap, ptr);
	irq_restore(on);
}

int kcache_init(struct kmem_cache *c, const char *name, size_t obj_size)
{
	bool on = irq_save();
	int r = kmem_cache_init(c, &kheap, name, obj_size);
	irq_restore(on);
	return r;
}

void *kcache_alloc(struct kmem_cache *c)
{
	bool on = irq_save();
	void *p = kmem_cache_alloc(c);
	irq_restore(on);
	return p;
}

void kcache_free(struct kmem_cache *c, void *ptr)
{
	bool on = irq_save();
	kmem_cache_free(c, ptr);
	irq_restore(on);
}

struct heap *kmalloc_heap(void)
{
	return &kheap;
}
