/*
 * pagemap.c - the radix tree behind a regular file's pages (pagemap.h).
 *
 * A tree of height h maps indices below FANOUT^h.  Level 1 nodes hold
 * pages; a node at level l holds nodes of level l-1.  Recursion goes at
 * most one frame per level (ten at the very most), so it is bounded.
 */
#include <linux/errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/hooks.h"
#include "fs/pagemap.h"
#include "mm/kmalloc.h"

#define MASK ((uint64_t)PAGEMAP_FANOUT - 1)

static void **
node_new(void)
{
	return kzalloc(PAGEMAP_FANOUT * sizeof(void *));
}

/* Whether a tree of height h can hold index. */
static bool
fits(uint64_t index, unsigned h)
{
	return h * PAGEMAP_SHIFT >= 64 || (index >> (h * PAGEMAP_SHIFT)) == 0;
}

static unsigned
slot_of(uint64_t index, unsigned level)
{
	return (unsigned)((index >> ((level - 1) * PAGEMAP_SHIFT)) & MASK);
}

void *
pagemap_lookup(const struct pagemap *m, uint64_t index)
{
	void **node = m->root;
	unsigned level;

	if (node == NULL || !fits(index, m->height))
		return NULL;
	for (level = m->height; level > 1; level--) {
		node = node[slot_of(index, level)];
		if (node == NULL)
			return NULL;
	}
	return node[slot_of(index, 1)];
}

int
pagemap_insert(struct pagemap *m, uint64_t index, void *page)
{
	void **node;
	unsigned level;

	if (m->root == NULL) {
		m->root = node_new();
		if (m->root == NULL)
			return -ENOMEM;
		m->height = 1;
	}
	while (!fits(index, m->height)) {
		node = node_new();
		if (node == NULL)
			return -ENOMEM;
		node[0] = m->root;
		m->root = node;
		m->height++;
	}
	node = m->root;
	for (level = m->height; level > 1; level--) {
		void **slot = &node[slot_of(index, level)];

		if (*slot == NULL) {
			*slot = node_new();
			if (*slot == NULL)
				return -ENOMEM;
		}
		node = *slot;
	}
	node[slot_of(index, 1)] = page;
	m->count++;
	return 0;
}

/*
 * Frees what lies at or past first under node (at level, covering indices
 * from base); sets *empty when nothing is left in it.
 */
static uint64_t
trunc_node(void **node, unsigned level, uint64_t base, uint64_t first,
    bool *empty)
{
	uint64_t span = (uint64_t)1 << ((level - 1) * PAGEMAP_SHIFT);
	uint64_t freed = 0;
	unsigned i;

	*empty = true;
	for (i = 0; i < PAGEMAP_FANOUT; i++) {
		uint64_t at = base + i * span;
		bool child_empty;

		if (node[i] == NULL)
			continue;
		if (at + span <= first) {
			*empty = false;
			continue;
		}
		if (level == 1) {
			fs_page_free(node[i]);
			node[i] = NULL;
			freed++;
			continue;
		}
		freed += trunc_node(node[i], level - 1, at, first, &child_empty);
		if (child_empty) {
			kfree(node[i]);
			node[i] = NULL;
		} else {
			*empty = false;
		}
	}
	return freed;
}

/* Whether only slot 0 of a node is in use. */
static bool
only_first(void **node)
{
	unsigned i;

	for (i = 1; i < PAGEMAP_FANOUT; i++) {
		if (node[i] != NULL)
			return false;
	}
	return true;
}

uint64_t
pagemap_truncate(struct pagemap *m, uint64_t first)
{
	uint64_t freed;
	bool empty;

	if (m->root == NULL)
		return 0;
	freed = trunc_node(m->root, m->height, 0, first, &empty);
	m->count -= freed;
	if (empty) {
		kfree(m->root);
		m->root = NULL;
		m->height = 0;
		return freed;
	}
	/* A shrunken file should not keep paying for a tall tree. */
	while (m->height > 1 && only_first(m->root)) {
		void **old = m->root;

		m->root = old[0];
		kfree(old);
		m->height--;
	}
	return freed;
}
