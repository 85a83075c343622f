/*
 * heap.h - the kernel heap: slab caches over a page source.
 *
 * Portable: the heap takes its pages from a caller-supplied page source, so
 * the kernel backs it with the frame allocator (through the direct map) and
 * the host unit tests back it with aligned_alloc.
 *
 * Layout.  Every page the heap owns starts with a header naming what it is.
 * A slab is one page (4096 bytes, page-aligned) holding objects of a single
 * size; a large allocation (more than HEAP_SLAB_MAX bytes) is a run of whole
 * pages whose first page carries the header.  heap_free() therefore finds
 * the header by rounding the pointer down to its page, checks the magic, and
 * knows what to do.  A slab keeps a bitmap of allocated objects, so freeing
 * a pointer twice, or one that is not the start of an object, is detected
 * and reported through the error hook instead of corrupting the heap.
 *
 * Not thread-safe: the kernel wraps it in a lock.
 */
#ifndef CUB_MM_HEAP_H
#define CUB_MM_HEAP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HEAP_PAGE_SIZE 4096u
#define HEAP_ALIGN 16u        /* every pointer returned is 16-byte aligned */
#define HEAP_SLAB_MAX 2048u   /* largest size served from a slab */
#define HEAP_NAME_MAX 24

struct page_source {
	/* Returns npages contiguous, page-aligned pages, or NULL. */
	void *(*alloc_pages)(size_t npages, void *ctx);
	void (*free_pages)(void *pages, size_t npages, void *ctx);
	void *ctx;
};

struct heap;

/* Called on a bad free (double free, wild pointer); msg says which. */
typedef void (*heap_error_fn)(struct heap *h, const void *ptr, const char *msg);

/*
 * A cache of equally sized objects.  The heap owns a set of general caches
 * (16, 32, ..., 2048 bytes) for heap_alloc; subsystems may create named
 * caches for their own objects with kmem_cache_create.
 */
struct slab;
struct kmem_cache {
	char name[HEAP_NAME_MAX];
	size_t obj_size;         /* rounded up to HEAP_ALIGN */
	size_t objs_per_slab;
	struct heap *heap;
	struct slab *partial;    /* slabs with at least one free object */
	struct slab *full;       /* slabs with none */
	size_t nslabs;
	size_t in_use;           /* objects allocated */
	struct kmem_cache *next; /* in the heap's list of caches */
};

#define HEAP_NCLASSES 8 /* 16 .. 2048 */

struct heap {
	struct page_source src;
	heap_error_fn on_error;
	struct kmem_cache classes[HEAP_NCLASSES];
	struct kmem_cache *caches;  /* all caches, general ones included */
	size_t large_pages;         /* pages held by large allocations */
	size_t slab_pages;          /* pages held by slabs */
	size_t errors;              /* bad frees reported */
};

void heap_init(struct heap *h, const struct page_source *src, heap_error_fn on_error);

/* size 0 returns a valid minimum-size object; NULL only when out of pages. */
void *heap_alloc(struct heap *h, size_t size);
void *heap_zalloc(struct heap *h, size_t size);
void heap_free(struct heap *h, void *ptr); /* NULL is ignored */

/* The number of bytes usable at ptr (>= the size asked for). */
size_t heap_usable_size(struct heap *h, const void *ptr);

/*
 * Named caches.  obj_size must be at most HEAP_SLAB_MAX; returns 0 or -1.
 * kmem_cache_destroy returns -1 (and does nothing) while objects are live.
 * Empty slabs are given back to the page source when a cache has more than
 * one of them, so memory returns after a burst.
 */
int kmem_cache_init(struct kmem_cache *c, struct heap *h, const char *name, size_t obj_size);
void *kmem_cache_alloc(struct kmem_cache *c);
void kmem_cache_free(struct kmem_cache *c, void *ptr);
int kmem_cache_destroy(struct kmem_cache *c);

#ifdef __cplusplus
}
#endif
#endif
