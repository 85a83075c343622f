/*
 * pagemap.h - a file's pages, indexed by page number.
 *
 * A small radix tree: each node is an array of PAGEMAP_FANOUT pointers,
 * the leaves' slots point at data pages.  The tree grows in height only as
 * far as the largest index needs, so a small file costs one node and a
 * sparse file with a page at 1 TiB costs a handful, never an array the size
 * of the file.  A missing page is a hole and reads as zeros.
 *
 * Not thread-safe; its owner (the inode) is protected by the file system's
 * lock (none yet: one CPU, and fs/ never blocks).
 */
#ifndef CUB_FS_PAGEMAP_H
#define CUB_FS_PAGEMAP_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PAGEMAP_SHIFT 6
#define PAGEMAP_FANOUT (1u << PAGEMAP_SHIFT)

struct pagemap {
	void **root;        /* a node, or NULL when the map is empty */
	unsigned height;    /* levels of nodes; the root covers FANOUT^height */
	uint64_t count;     /* pages present */
};

/* The page at index, or NULL for a hole. */
void *pagemap_lookup(const struct pagemap *m, uint64_t index);

/*
 * Stores page at index, which must be a hole.  Returns 0, or -ENOMEM when
 * a node could not be allocated (the map is unchanged apart from possibly
 * some empty nodes, which pagemap_truncate frees).
 */
int pagemap_insert(struct pagemap *m, uint64_t index, void *page);

/*
 * Frees (with fs_page_free) every page at index >= first, and every node
 * left with nothing in it.  Returns the number of pages freed.
 * pagemap_truncate(m, 0) empties the map.
 */
uint64_t pagemap_truncate(struct pagemap *m, uint64_t first);

#ifdef __cplusplus
}
#endif
#endif
