/*
 * heap.c - slab caches and page-sized large allocations.
 *
 * Each slab is one page: a header, then objects of one size.  The header
 * holds a bitmap of allocated objects rather than a free list threaded
 * through the objects, so a write to a freed object cannot corrupt the
 * allocator and every free can be checked (double free, a pointer into
 * the middle of an object) before anything changes.
 *
 * A cache keeps its slabs on two circular lists: partial (at least one free
 * object) and full.  Allocation takes the head of the partial list.  A slab
 * that becomes empty moves to the tail of the partial list, where it is
 * used only when no other slab has room; a second empty slab goes straight
 * back to the page source.  So each cache holds at most one empty slab,
 * enough to absorb an alloc/free cycle without asking for a page each time.
 *
 * heap_free() reads the header at the start of the pointer's page.  That
 * page must be readable even when the pointer is stale, which the kernel's
 * direct map guarantees; a freed page keeps a "freed" magic so a double
 * free is reported for as long as the page is not reused.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/kstring.h"
#include "mm/heap.h"

#define SLAB_MAGIC  0x51ab0b1eu
#define LARGE_MAGIC 0x1a26eb10u
#define FREED_MAGIC 0xf7eedf7eu

/* A slab of 16-byte objects has the most, fewer than a page / 16. */
#define SLAB_MAX_OBJS (HEAP_PAGE_SIZE / HEAP_ALIGN)
#define SLAB_MAP_WORDS (SLAB_MAX_OBJS / 64)

struct slab {
	uint32_t magic;           /* first in every heap page header */
	uint32_t nfree;
	struct kmem_cache *cache;
	struct slab *prev, *next; /* circular, in cache->partial or ->full */
	uint64_t used[SLAB_MAP_WORDS]; /* 1 = allocated */
};

struct large {
	uint32_t magic;
	uint32_t unused;
	struct heap *heap;
	size_t npages;
	size_t spare;             /* pads the header to a multiple of 16 */
};

#define ROUND16(x) (((x) + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1))
#define SLAB_HDR ROUND16(sizeof(struct slab))
#define LARGE_HDR ROUND16(sizeof(struct large))

_Static_assert(SLAB_HDR <= HEAP_PAGE_SIZE - HEAP_SLAB_MAX,
    "a slab must hold at least one object of the largest class");
_Static_assert((HEAP_PAGE_SIZE - SLAB_HDR) / HEAP_ALIGN <= SLAB_MAX_OBJS,
    "the allocation bitmap must cover every object of a slab");
_Static_assert(LARGE_HDR < SLAB_HDR,
    "a stale large pointer must never look like a slab object");

static const char *const class_names[HEAP_NCLASSES] = {
	"kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
	"kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048",
};

static void
report(struct heap *h, const void *ptr, const char *msg)
{
	h->errors++;
	if (h->on_error != NULL)
		h->on_error(h, ptr, msg);
}

static void *
page_of(const void *p)
{
	return (void *)((uintptr_t)p & ~(uintptr_t)(HEAP_PAGE_SIZE - 1));
}

static void *
get_pages(struct heap *h, size_t npages)
{
	void *p = h->src.alloc_pages(npages, h->src.ctx);

	/* Everything here relies on rounding down to the header's page. */
	if (p != NULL && page_of(p) != p) {
		h->src.free_pages(p, npages, h->src.ctx);
		return NULL;
	}
	return p;
}

static void
list_add(struct slab **head, struct slab *s, bool at_tail)
{
	if (*head == NULL) {
		s->next = s->prev = s;
		*head = s;
		return;
	}
	s->next = *head;
	s->prev = (*head)->prev;
	s->prev->next = s;
	(*head)->prev = s;
	if (!at_tail)
		*head = s;
}

static void
list_del(struct slab **head, struct slab *s)
{
	if (s->next == s) {
		*head = NULL;
	} else {
		s->prev->next = s->next;
		s->next->prev = s->prev;
		if (*head == s)
			*head = s->next;
	}
	s->next = s->prev = NULL;
}

static bool
slab_empty(const struct kmem_cache *c, const struct slab *s)
{
	return s->nfree == c->objs_per_slab;
}

static struct slab *
slab_new(struct kmem_cache *c)
{
	struct slab *s = get_pages(c->heap, 1);

	if (s == NULL)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->magic = SLAB_MAGIC;
	s->nfree = (uint32_t)c->objs_per_slab;
	s->cache = c;
	c->nslabs++;
	c->heap->slab_pages++;
	return s;
}

/* The caller has already taken s off its list. */
static void
slab_release(struct kmem_cache *c, struct slab *s)
{
	struct heap *h = c->heap;

	s->magic = FREED_MAGIC;
	c->nslabs--;
	h->slab_pages--;
	h->src.free_pages(s, 1, h->src.ctx);
}

static void *
cache_alloc(struct kmem_cache *c)
{
	struct slab *s = c->partial;
	size_t w, i;

	if (s == NULL) {
		if ((s = slab_new(c)) == NULL)
			return NULL;
		list_add(&c->partial, s, false);
	}
	/* nfree > 0, so some word below objs_per_slab has a clear bit. */
	for (w = 0; ~s->used[w] == 0; w++)
		;
	i = w * 64 + (size_t)__builtin_ctzll(~s->used[w]);
	s->used[w] |= 1ULL << (i % 64);
	s->nfree--;
	c->in_use++;
	if (s->nfree == 0) {
		list_del(&c->partial, s);
		list_add(&c->full, s, false);
	}
	return (char *)s + SLAB_HDR + i * c->obj_size;
}

/*
 * Checks that ptr is an allocated object of slab s and frees it; reports
 * and changes nothing otherwise.
 */
static void
slab_free(struct heap *h, struct slab *s, const void *ptr)
{
	struct kmem_cache *c = s->cache;
	size_t off = (size_t)((const char *)ptr - (const char *)s), i;
	uint64_t bit;
	bool was_full;

	if (off < SLAB_HDR || (off - SLAB_HDR) % c->obj_size != 0 ||
	    (i = (off - SLAB_HDR) / c->obj_size) >= c->objs_per_slab) {
		report(h, ptr, "pointer is not the start of an object");
		return;
	}
	bit = 1ULL << (i % 64);
	if ((s->used[i / 64] & bit) == 0) {
		report(h, ptr, "double free");
		return;
	}

	was_full = s->nfree == 0;
	s->used[i / 64] &= ~bit;
	s->nfree++;
	c->in_use--;
	if (was_full) {
		list_del(&c->full, s);
		list_add(&c->partial, s, false);
	}
	if (!slab_empty(c, s))
		return;
	/* Any other empty slab is at the tail; keep one, return the rest. */
	list_del(&c->partial, s);
	if (c->partial != NULL && slab_empty(c, c->partial->prev))
		slab_release(c, s);
	else
		list_add(&c->partial, s, true);
}

void
heap_init(struct heap *h, const struct page_source *src, heap_error_fn on_error)
{
	int i;

	memset(h, 0, sizeof(*h));
	h->src = *src;
	h->on_error = on_error;
	/* Add the largest first so the list reads smallest first. */
	for (i = HEAP_NCLASSES - 1; i >= 0; i--)
		kmem_cache_init(&h->classes[i], h, class_names[i],
		    (size_t)HEAP_ALIGN << i);
}

static void *
large_alloc(struct heap *h, size_t size)
{
	struct large *l;
	size_t npages;

	if (size > (size_t)-1 - LARGE_HDR - (HEAP_PAGE_SIZE - 1))
		return NULL;
	npages = (LARGE_HDR + size + HEAP_PAGE_SIZE - 1) / HEAP_PAGE_SIZE;
	if ((l = get_pages(h, npages)) == NULL)
		return NULL;
	l->magic = LARGE_MAGIC;
	l->heap = h;
	l->npages = npages;
	h->large_pages += npages;
	return (char *)l + LARGE_HDR;
}

void *
heap_alloc(struct heap *h, size_t size)
{
	int i;

	if (size > HEAP_SLAB_MAX)
		return large_alloc(h, size);
	for (i = 0; ((size_t)HEAP_ALIGN << i) < size; i++)
		;
	return cache_alloc(&h->classes[i]);
}

void *
heap_zalloc(struct heap *h, size_t size)
{
	void *p = heap_alloc(h, size);

	if (p != NULL)
		memset(p, 0, heap_usable_size(h, p));
	return p;
}

void
heap_free(struct heap *h, void *ptr)
{
	void *page;
	struct large *l;
	struct slab *s;

	if (ptr == NULL)
		return;
	page = page_of(ptr);
	switch (*(const uint32_t *)page) {
	case SLAB_MAGIC:
		s = page;
		if (s->cache == NULL || s->cache->heap != h) {
			report(h, ptr, "pointer belongs to another heap");
			return;
		}
		slab_free(h, s, ptr);
		return;
	case LARGE_MAGIC:
		l = page;
		if (l->heap != h) {
			report(h, ptr, "pointer belongs to another heap");
			return;
		}
		if ((char *)ptr != (char *)l + LARGE_HDR) {
			report(h, ptr, "pointer is not the start of an allocation");
			return;
		}
		l->magic = FREED_MAGIC;
		h->large_pages -= l->npages;
		h->src.free_pages(l, l->npages, h->src.ctx);
		return;
	case FREED_MAGIC:
		report(h, ptr, "double free");
		return;
	default:
		report(h, ptr, "pointer not from the heap");
		return;
	}
}

size_t
heap_usable_size(struct heap *h, const void *ptr)
{
	const void *page;
	const struct large *l;
	const struct slab *s;

	if (ptr == NULL)
		return 0;
	page = page_of(ptr);
	switch (*(const uint32_t *)page) {
	case SLAB_MAGIC:
		s = page;
		return s->cache != NULL && s->cache->heap == h ?
		    s->cache->obj_size : 0;
	case LARGE_MAGIC:
		l = page;
		return l->heap == h ? l->npages * HEAP_PAGE_SIZE - LARGE_HDR : 0;
	default:
		return 0;
	}
}

int
kmem_cache_init(struct kmem_cache *c, struct heap *h, const char *name,
    size_t obj_size)
{
	size_t n = 0;

	if (obj_size == 0 || obj_size > HEAP_SLAB_MAX)
		return -1;
	memset(c, 0, sizeof(*c));
	if (name != NULL) {
		n = strnlen(name, HEAP_NAME_MAX - 1);
		memcpy(c->name, name, n);
	}
	c->name[n] = '\0';
	c->obj_size = ROUND16(obj_size);
	c->objs_per_slab = (HEAP_PAGE_SIZE - SLAB_HDR) / c->obj_size;
	c->heap = h;
	c->next = h->caches;
	h->caches = c;
	return 0;
}

void *
kmem_cache_alloc(struct kmem_cache *c)
{
	return c->heap == NULL ? NULL : cache_alloc(c);
}

void
kmem_cache_free(struct kmem_cache *c, void *ptr)
{
	struct slab *s;

	if (ptr == NULL || c->heap == NULL)
		return;
	s = page_of(ptr);
	if (s->magic == FREED_MAGIC) {
		report(c->heap, ptr, "double free");
		return;
	}
	if (s->magic != SLAB_MAGIC) {
		report(c->heap, ptr, "pointer is not a slab object");
		return;
	}
	if (s->cache != c) {
		report(c->heap, ptr, "object freed to the wrong cache");
		return;
	}
	slab_free(c->heap, s, ptr);
}

int
kmem_cache_destroy(struct kmem_cache *c)
{
	struct heap *h = c->heap;
	struct kmem_cache **pp;

	/* The general caches live as long as the heap itself. */
	if (h == NULL || c->in_use > 0 ||
	    (c >= h->classes && c < h->classes + HEAP_NCLASSES))
		return -1;
	/* With nothing in use, every slab is empty and on the partial list. */
	while (c->partial != NULL) {
		struct slab *s = c->partial;
		list_del(&c->partial, s);
		slab_release(c, s);
	}
	for (pp = &h->caches; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	c->next = NULL;
	c->heap = NULL;
	return 0;
}
