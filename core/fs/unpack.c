/*
 * unpack.c - the initramfs: a cpio newc archive into a tmpfs (unpack.h).
 *
 * The archive is untrusted input: lib/cpio.c checks every header against
 * the buffer, and every name goes through the ordinary path resolver, so
 * a bad archive yields an error and a message, never a bad access.
 */
#include <linux/errno.h>
#include <linux/limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/attr.h"
#include "fs/file.h"
#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/namei.h"
#include "fs/unpack.h"
#include "lib/cpio.h"
#include "lib/format.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

/* An inode with nlink >= 2 in the archive, for its later names. */
struct link_rec {
	uint32_t dev_major, dev_minor, ino, type;
	struct inode *inode;      /* a reference */
};

/* A directory's mtime, set at the end: adding entries changes it. */
struct dir_time {
	struct inode *dir;        /* a reference */
	int64_t mtime;
};

struct unpack {
	struct fs_ctx ctx;
	struct link_rec *links;
	size_t nlinks, links_cap;
	struct dir_time *dirs;
	size_t ndirs, dirs_cap;
	char *msg;
	size_t msg_size;
	size_t base;              /* offset of the current archive */
	long made;
};

static int
fail(struct unpack *u, const struct cpio_entry *e, int err, const char *why)
{
	ksnprintf(u->msg, u->msg_size,
	    "initramfs: entry \"%s\" at offset %zu: %s (error %d)",
	    e->name, u->base + e->offset, why, -err);
	return err;
}

/*
 * Makes room for one more element in a kmalloc'd array of n.  Returns the
 * array, moved or not, or NULL (the old one intact) when out of memory.
 */
static void *
grow(void *array, size_t n, size_t *cap, size_t elem)
{
	size_t new_cap = *cap != 0 ? *cap * 2 : 16;
	void *p;

	if (n < *cap)
		return array;
	p = kmalloc(new_cap * elem);
	if (p == NULL)
		return NULL;
	if (n != 0)
		memcpy(p, array, n * elem);
	kfree(array);
	*cap = new_cap;
	return p;
}

static void
set_times(struct inode *ino, int64_t mtime)
{
	ino->mtime.sec = ino->atime.sec = mtime;
	ino->mtime.nsec = ino->atime.nsec = 0;
	ino->ctime = fs_now();
}

static void
set_attrs(struct inode *ino, const struct cpio_entry *e)
{
	if (!S_ISLNK(ino->mode))
		ino->mode = (ino->mode & S_IFMT) | (e->mode & FS_MODE_PERM);
	ino->uid = e->uid;
	ino->gid = e->gid;
}

static int
unpack_dir(struct unpack *u, const struct cpio_entry *e,
    struct fs_nameidata *nd)
{
	struct inode *ino = nd->inode;
	struct dir_time *dirs;
	int r;

	if (nd->type == FS_LAST_DOTDOT)
		return fail(u, e, -EINVAL, "a directory named \"..\"");
	if (nd->type != FS_LAST_NORM)
		ino = nd->dir;
	if (ino != NULL && !S_ISDIR(ino->mode))
		return fail(u, e, -EEXIST, "exists and is not a directory");
	dirs = grow(u->dirs, u->ndirs, &u->dirs_cap, sizeof(*dirs));
	if (dirs == NULL)
		return fail(u, e, -ENOMEM, "out of memory");
	u->dirs = dirs;
	if (ino != NULL) {
		fs_get(ino);
	} else {
		r = inode_create(nd->dir, nd->name, nd->len, S_IFDIR, NULL, &ino);
		if (r != 0)
			return fail(u, e, r, "cannot make the directory");
	}
	set_attrs(ino, e);
	u->dirs[u->ndirs].dir = ino;
	u->dirs[u->ndirs].mtime = e->mtime;
	u->ndirs++;
	return 0;
}

static struct link_rec *
find_link(struct unpack *u, const struct cpio_entry *e)
{
	size_t i;

	for (i = 0; i < u->nlinks; i++) {
		struct link_rec *l = &u->links[i];

		if (l->ino == e->ino && l->dev_major == e->dev_major &&
		    l->dev_minor == e->dev_minor && l->type == (e->mode & S_IFMT))
			return l;
	}
	return NULL;
}

static int
remember_link(struct unpack *u, const struct cpio_entry *e, struct inode *ino)
{
	struct link_rec *l = grow(u->links, u->nlinks, &u->links_cap,
	    sizeof(*l));

	if (l == NULL)
		return -ENOMEM;
	u->links = l;
	l = &u->links[u->nlinks++];
	l->dev_major = e->dev_major;
	l->dev_minor = e->dev_minor;
	l->ino = e->ino;
	l->type = e->mode & S_IFMT;
	l->inode = fs_get(ino);
	return 0;
}

/* A later name of a hard-linked inode. */
static int
add_link(struct fs_nameidata *nd, struct inode *ino)
{
	int r = dir_add(nd->dir, nd->name, nd->len, ino);

	if (r == 0) {
		ino->nlink++;
		inode_touch_c(ino);
		inode_touch_mc(nd->dir);
	}
	return r;
}

/* The inode for a file, FIFO, socket or device entry (a reference). */
static int
make_node(struct unpack *u, const struct cpio_entry *e,
    struct fs_nameidata *nd, struct inode **out)
{
	uint32_t type = e->mode & S_IFMT;
	struct link_rec *l = e->nlink >= 2 ? find_link(u, e) : NULL;
	int r;

	if (l != NULL) {
		r = add_link(nd, l->inode);
		if (r == 0)
			*out = fs_get(l->inode);
		return r;
	}
	r = inode_create(nd->dir, nd->name, nd->len, type, NULL, out);
	if (r != 0)
		return r;
	if (type == S_IFCHR || type == S_IFBLK) {
		(*out)->rdev_major = e->rdev_major;
		(*out)->rdev_minor = e->rdev_minor;
	}
	if (e->nlink >= 2 && (r = remember_link(u, e, *out)) != 0)
		fs_put(*out);
	return r;
}

static int
write_data(struct inode *ino, const struct cpio_entry *e)
{
	const uint8_t *data = e->data;
	size_t done = 0;

	(void)fs_truncate(ino, 0, NULL);
	/* A short write means trouble; the next call says which. */
	while (done < e->size) {
		long n = fs_write(ino, data + done, e->size - done,
		    (int64_t)done, NULL);

		if (n <= 0)
			return n < 0 ? (int)n : -EIO;
		done += (size_t)n;
	}
	return 0;
}

static int
make_symlink(const struct cpio_entry *e, struct fs_nameidata *nd,
    struct inode **out)
{
	size_t tlen = strnlen(e->data, e->size);

	if (tlen == 0)
		return -ENOENT;
	if (tlen >= PATH_MAX)
		return -ENAMETOOLONG;
	return inode_symlink(nd->dir, nd->name, nd->len, e->data, tlen, NULL,
	    out);
}

/* Removes what an entry replaces, unless it is the same inode. */
static int
clear_name(struct unpack *u, const struct cpio_entry *e,
    struct fs_nameidata *nd)
{
	struct link_rec *l = e->nlink >= 2 ? find_link(u, e) : NULL;

	if (nd->inode == NULL)
		return 0;
	if (S_ISDIR(nd->inode->mode))
		return -EISDIR;
	if (l != NULL && l->inode == nd->inode)
		return 1;
	dir_remove(nd->dir, nd->name, nd->len);
	inode_touch_c(nd->inode);
	inode_drop_nlink(nd->inode);
	return 0;
}

static int
unpack_other(struct unpack *u, const struct cpio_entry *e,
    struct fs_nameidata *nd)
{
	uint32_t type = e->mode & S_IFMT;
	struct inode *ino = NULL;
	int r;

	if (nd->type != FS_LAST_NORM)
		return fail(u, e, -EEXIST, "not a file name");
	if (nd->slash)
		return fail(u, e, -ENOTDIR, "a trailing slash on a non-directory");
	if (type != S_IFREG && type != S_IFLNK && type != S_IFCHR &&
	    type != S_IFBLK && type != S_IFIFO && type != S_IFSOCK)
		return fail(u, e, -EINVAL, "unknown file type");
	r = clear_name(u, e, nd);
	if (r < 0)
		return fail(u, e, r, "a directory is in the way");
	if (r == 1)
		ino = fs_get(nd->inode);
	else if (type == S_IFLNK)
		r = make_symlink(e, nd, &ino);
	else
		r = make_node(u, e, nd, &ino);
	if (r < 0)
		return fail(u, e, r, "cannot make the file");
	if (type == S_IFREG && e->size != 0)
		r = write_data(ino, e);
	set_attrs(ino, e);
	set_times(ino, e->mtime);
	fs_put(ino);
	if (r != 0)
		return fail(u, e, r, "cannot write the data");
	return 0;
}

static int
unpack_entry(struct unpack *u, const struct cpio_entry *e)
{
	struct fs_nameidata nd;
	int r = fs_walk(&u->ctx, e->name, FS_WALK_PARENT, &nd);

	if (r != 0)
		return fail(u, e, r, "cannot resolve the name");
	if (S_ISDIR(e->mode))
		r = unpack_dir(u, e, &nd);
	else
		r = unpack_other(u, e, &nd);
	fs_nd_put(&nd);
	if (r == 0)
		u->made++;
	return r;
}

/*
 * Unpacks one archive from the start of buf; *used receives the length up
 * to the end of its trailer.
 */
static int
unpack_archive(struct unpack *u, const uint8_t *buf, size_t size,
    size_t *used)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int st, r;

	cpio_iter_init(&it, buf, size);
	while ((st = cpio_next(&it, &e)) == CPIO_OK) {
		r = unpack_entry(u, &e);
		if (r != 0)
			return r;
	}
	if (st != CPIO_END) {
		ksnprintf(u->msg, u->msg_size, "initramfs: offset %zu: %s",
		    u->base + it.off, cpio_strerror(st));
		return -EINVAL;
	}
	/* The trailer's name and (empty) data, each padded to four bytes. */
	*used = e.offset + CPIO_HEADER_SIZE + e.name_len + 1;
	*used = ((*used + 3) & ~(size_t)3) + e.size;
	*used = (*used + 3) & ~(size_t)3;
	if (*used > size)
		*used = size;
	return 0;
}

static void
release(struct unpack *u, bool apply_times)
{
	size_t i;

	for (i = 0; i < u->ndirs; i++) {
		if (apply_times)
			set_times(u->dirs[i].dir, u->dirs[i].mtime);
		fs_put(u->dirs[i].dir);
	}
	for (i = 0; i < u->nlinks; i++)
		fs_put(u->links[i].inode);
	kfree(u->dirs);
	kfree(u->links);
}

long
fs_unpack_cpio(struct inode *dir, const void *archive, size_t size,
    char *msg, size_t msg_size)
{
	const uint8_t *p = archive;
	struct unpack u;
	size_t used;
	int r = 0;

	memset(&u, 0, sizeof(u));
	u.ctx.root = u.ctx.cwd = dir;
	u.msg = msg;
	u.msg_size = msg_size;
	if (msg_size != 0)
		msg[0] = '\0';
	do {
		r = unpack_archive(&u, p + u.base, size - u.base, &used);
		if (r != 0)
			break;
		u.base += used;
		/* Zero padding may separate concatenated archives. */
		while (u.base < size && p[u.base] == 0)
			u.base++;
	} while (u.base < size);
	release(&u, r == 0);
	return r != 0 ? r : u.made;
}
