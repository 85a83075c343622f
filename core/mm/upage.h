/*
 * upage.h - reference-counted frames for user memory.
 *
 * A user page may be mapped by several address spaces at once (after fork,
 * copy-on-write; MAP_SHARED), so each frame that backs user memory carries
 * a count of its mappings; the frame returns to the allocator when the
 * last one goes.
 */
#ifndef CUB_MM_UPAGE_H
#define CUB_MM_UPAGE_H

#include <stdbool.h>
#include <stdint.h>

/* Allocates the count array; after paging_init() and kmalloc_init(). */
void upage_init(void);

/* A zeroed frame with one reference, or 0 when memory is exhausted. */
uint64_t upage_alloc(void);
void upage_get(uint64_t pa);
/* upage_get unless the count is full (false): for references a user can
   multiply at will, such as one file page mapped again and again. */
bool upage_try_get(uint64_t pa);
/* Drops a reference; frees the frame at zero. */
void upage_put(uint64_t pa);
unsigned upage_refs(uint64_t pa);

/* Frames currently held by user pages (for tests and /proc/meminfo). */
uint64_t upage_in_use(void);

#endif
