/*
 * dir.c - directory entries: a list in insertion order, for getdents and
 * its positions (dir.h), and a hash table of the same entries, so that a
 * lookup in a large directory (/usr/bin, /dev) does not walk the list.
 */
#include <linux/errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/dir.h"
#include "fs/internal.h"
#include "fs/mode.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

#define MIN_BUCKETS 16u

struct fs_dirent {
	struct fs_dirent *prev, *next;  /* insertion order */
	struct fs_dirent *hnext;        /* hash chain */
	struct inode *inode;
	uint64_t pos;                   /* readdir position */
	uint32_t hash;
	uint32_t len;
	char name[];                    /* NUL-terminated, for debugging */
};

/* FNV-1a: short, and good enough for file names. */
static uint32_t
name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (uint8_t)name[i];
		h *= 16777619u;
	}
	return h;
}

static struct fs_dirent *
find(const struct inode *dir, const char *name, size_t len)
{
	const struct fs_dir *d = &dir->u.dir;
	uint32_t h = name_hash(name, len);
	struct fs_dirent *e;

	if (d->buckets == NULL)
		return NULL;
	for (e = d->buckets[h & (d->nbuckets - 1)]; e != NULL; e = e->hnext) {
		if (e->hash == h && e->len == len && memcmp(e->name, name, len) == 0)
			return e;
	}
	return NULL;
}

struct inode *
dir_lookup(const struct inode *dir, const char *name, size_t len)
{
	struct fs_dirent *e = find(dir, name, len);

	return e != NULL ? e->inode : NULL;
}

int
dir_lookup_ref(struct inode *dir, const char *name, size_t len,
    struct inode **out)
{
	int r;

	if (dir->sb->dyn == NULL) {
		*out = dir_lookup(dir, name, len);
		if (*out != NULL)
			fs_get(*out);
		return 0;
	}
	*out = NULL;
	r = dir->sb->dyn->lookup(dir, name, len, out);
	return r == -ENOENT ? 0 : r;
}

/*
 * Rehashes into a table of n buckets.  Failing is harmless: the old table
 * keeps working with longer chains, so only the first table is required.
 */
static int
resize(struct fs_dir *d, uint32_t n)
{
	struct fs_dirent **b = kzalloc(n * sizeof(*b));
	struct fs_dirent *e;

	if (b == NULL)
		return -ENOMEM;
	for (e = d->head; e != NULL; e = e->next) {
		e->hnext = b[e->hash & (n - 1)];
		b[e->hash & (n - 1)] = e;
	}
	kfree(d->buckets);
	d->buckets = b;
	d->nbuckets = n;
	return 0;
}

int
dir_add(struct inode *dir, const char *name, size_t len, struct inode *child)
{
	struct fs_dir *d = &dir->u.dir;
	struct fs_dirent *e;
	uint32_t slot;

	if (d->buckets == NULL && resize(d, MIN_BUCKETS) != 0)
		return -ENOMEM;
	e = kmalloc(sizeof(*e) + len + 1);
	if (e == NULL)
		return -ENOMEM;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	e->len = (uint32_t)len;
	e->hash = name_hash(name, len);
	e->inode = child;
	e->pos = d->next_pos++;
	e->next = NULL;
	e->prev = d->tail;
	if (d->tail != NULL)
		d->tail->next = e;
	else
		d->head = e;
	d->tail = e;
	slot = e->hash & (d->nbuckets - 1);
	e->hnext = d->buckets[slot];
	d->buckets[slot] = e;
	d->count++;
	dir->size += FS_BOGO_DIRENT_SIZE;
	if (d->count > d->nbuckets)
		(void)resize(d, d->nbuckets * 2);
	return 0;
}

struct inode *
dir_remove(struct inode *dir, const char *name, size_t len)
{
	struct fs_dir *d = &dir->u.dir;
	struct fs_dirent *e = find(dir, name, len);
	struct fs_dirent **pp;
	struct inode *child;

	if (e == NULL)
		return NULL;
	for (pp = &d->buckets[e->hash & (d->nbuckets - 1)]; *pp != e;
	    pp = &(*pp)->hnext)
		;
	*pp = e->hnext;
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		d->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		d->tail = e->prev;
	d->count--;
	dir->size -= FS_BOGO_DIRENT_SIZE;
	child = e->inode;
	kfree(e);
	return child;
}

void
dir_set(struct inode *dir, const char *name, size_t len, struct inode *child)
{
	struct fs_dirent *e = find(dir, name, len);

	if (e != NULL)
		e->inode = child;
}

struct inode *
dir_first(const struct inode *dir, const char **name, size_t *len)
{
	const struct fs_dirent *e = dir->u.dir.head;

	if (e == NULL)
		return NULL;
	*name = e->name;
	*len = e->len;
	return e->inode;
}

void
dir_release(struct inode *dir)
{
	kfree(dir->u.dir.buckets);
	dir->u.dir.buckets = NULL;
	dir->u.dir.nbuckets = 0;
}

uint32_t
fs_dir_count(const struct inode *dir)
{
	return S_ISDIR(dir->mode) ? dir->u.dir.count : 0;
}

/* ".." of an fs root is the root itself, as in Linux's readdir. */
static uint64_t
parent_ino(const struct inode *dir)
{
	return dir->u.dir.parent != NULL ? dir->u.dir.parent->ino : dir->ino;
}

bool
fs_readdir_dots(struct inode *dir, uint64_t *pos, fs_filldir_fn fill,
    void *ctx)
{
	if (*pos == 0) {
		if (!fill(ctx, ".", 1, dir->ino, fs_dtype(S_IFDIR), 1))
			return false;
		*pos = 1;
	}
	if (*pos == 1) {
		if (!fill(ctx, "..", 2, parent_ino(dir), fs_dtype(S_IFDIR), 2))
			return false;
		*pos = 2;
	}
	return true;
}

int
fs_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx)
{
	const struct fs_dirent *e;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir->sb->dyn != NULL)
		return dir->sb->dyn->readdir(dir, pos, fill, ctx);
	if (dir->nlink == 0)
		return -ENOENT;
	inode_touch_atime(dir);
	if (!fs_readdir_dots(dir, pos, fill, ctx))
		return 0;
	/*
	 * Positions increase along the list, so the resume point is the
	 * first entry at or past *pos.  A linear scan: a cursor kept in the
	 * list would have to survive the removal of its neighbours.
	 */
	for (e = dir->u.dir.head; e != NULL && e->pos < *pos; e = e->next)
		;
	for (; e != NULL; e = e->next) {
		if (!fill(ctx, e->name, e->len, e->inode->ino,
		    fs_dtype(e->inode->mode), e->pos + 1))
			return 0;
		*pos = e->pos + 1;
	}
	return 0;
}
