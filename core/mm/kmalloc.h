/*
 * kmalloc.h - the kernel heap (mm/heap.c) over the frame allocator.
 *
 * kmalloc never sleeps and may be called with interrupts off; the heap is
 * protected by disabling interrupts (one CPU).  A bad kfree (double free,
 * wild pointer) is a kernel bug and panics.
 */
#ifndef CUB_MM_KMALLOC_H
#define CUB_MM_KMALLOC_H

#include <stddef.h>

#include "mm/heap.h"

void kmalloc_init(void);
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *ptr);

/* Named caches for subsystems' own objects. */
int kcache_init(struct kmem_cache *c, const char *name, size_t obj_size);
void *kcache_alloc(struct kmem_cache *c);
void kcache_free(struct kmem_cache *c, void *ptr);

/* The heap itself, for statistics and tests. */
struct heap *kmalloc_heap(void);

#endif
