/*
 * open.c - openat(2)'s path work and truncate(2) (ops.h), after Linux's
 * path_openat(), open_last_lookups(), do_open() and may_open().
 */
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/file.h"
#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/ops.h"

/* Linux's ACC_MODE(): O_ACCMODE 3 asks for both, like O_RDWR. */
static int
access_mask(int flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FS_MAY_READ;
	case O_WRONLY:
		return FS_MAY_WRITE;
	default:
		return FS_MAY_READ | FS_MAY_WRITE;
	}
}

/* Linux's may_open() for a file that already existed, then O_TRUNC. */
static int
may_open(struct inode *ino, int flags, const struct fs_cred *cred)
{
	int mask = access_mask(flags);
	int r;

	if (flags & O_TRUNC)
		mask |= FS_MAY_WRITE;
	if (S_ISLNK(ino->mode))
		return -ELOOP;
	if (S_ISDIR(ino->mode) && (mask & FS_MAY_WRITE))
		return -EISDIR;
	/* An instance with its own open (inode.h) checks there instead. */
	if (ino->sb->dyn != NULL && ino->sb->dyn->open != NULL)
		return 0;
	r = fs_permission(ino, cred, mask);
	if (r != 0)
		return r;
	if ((flags & O_TRUNC) && S_ISREG(ino->mode))
		return fs_truncate(ino, 0, cred);
	return 0;
}

/* O_TMPFILE: an unnamed file in the directory path names. */
static int
open_tmpfile(const struct fs_ctx *ctx, const char *path, int flags,
    uint32_t mode, struct inode **out)
{
	struct inode *dir, *ino;
	int r;

	if ((flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE ||
	    !(access_mask(flags) & FS_MAY_WRITE))
		return -EINVAL;
	r = fs_lookup(ctx, path, FS_WALK_FOLLOW | FS_WALK_DIRECTORY, &dir);
	if (r != 0)
		return r;
	r = may_create(dir, ctx->cred);
	ino = r == 0 ? inode_new(dir->sb, S_IFREG | (mode & FS_MODE_PERM)) : NULL;
	if (r == 0 && ino == NULL)
		r = -ENOMEM;
	if (r == 0) {
		inode_init_owner(ino, dir, ctx->cred);
		if (!(flags & O_EXCL))
			ino->flags |= FS_I_LINKABLE;
		*out = ino;
	}
	fs_put(dir);
	return r;
}

/* O_PATH: only the walk; no permission beyond search, nothing created. */
static int
open_path(const struct fs_ctx *ctx, const char *path, int flags,
    struct inode **out)
{
	unsigned wf = 0;

	if (!(flags & O_NOFOLLOW))
		wf |= FS_WALK_FOLLOW;
	if (flags & O_DIRECTORY)
		wf |= FS_WALK_DIRECTORY;
	return fs_lookup(ctx, path, wf, out);
}

/* The O_CREAT half; *created says whether the file is new. */
static int
open_create(const struct fs_ctx *ctx, const char *path, int flags,
    uint32_t mode, struct inode **out, bool *created)
{
	struct fs_nameidata nd;
	unsigned wf = FS_WALK_CREATE;
	int r;

	/* O_EXCL means "this name, new": a symlink there is not followed. */
	if (!(flags & (O_EXCL | O_NOFOLLOW)))
		wf |= FS_WALK_FOLLOW;
	r = fs_walk(ctx, path, wf, &nd);
	if (r != 0)
		return r;
	if (nd.slash && nd.type == FS_LAST_NORM) {
		r = -EISDIR;
	} else if (nd.inode == NULL) {
		r = may_create(nd.dir, ctx->cred);
		if (r == 0)
			r = inode_create(nd.dir, nd.name, nd.len,
			    S_IFREG | (mode & FS_MODE_PERM), ctx->cred, out);
		*created = r == 0;
	} else if (flags & O_EXCL) {
		r = -EEXIST;
	} else if (S_ISDIR(nd.inode->mode)) {
		r = -EISDIR;
	} else {
		r = fs_may_open_in_sticky(nd.dir, nd.inode, ctx->cred);
		if (r == 0)
			*out = fs_get(nd.inode);
	}
	fs_nd_put(&nd);
	return r;
}

int
fs_open(const struct fs_ctx *ctx, const char *path, int flags, uint32_t mode,
    struct inode **out)
{
	bool created = false;
	unsigned wf = 0;
	int r;

	if (flags & O_PATH)
		return open_path(ctx, path, flags, out);
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return open_tmpfile(ctx, path, flags, mode, out);
	if (flags & O_CREAT) {
		/* Linux 6.4 and later refuse the ambiguous combination. */
		if (flags & O_DIRECTORY)
			return -EINVAL;
		r = open_create(ctx, path, flags, mode, out, &created);
	} else {
		if (!(flags & O_NOFOLLOW))
			wf |= FS_WALK_FOLLOW;
		if (flags & O_DIRECTORY)
			wf |= FS_WALK_DIRECTORY;
		r = fs_lookup(ctx, path, wf, out);
	}
	if (r != 0 || created)
		return r;
	r = may_open(*out, flags, ctx->cred);
	if (r != 0)
		fs_put(*out);
	return r;
}

int
fs_truncateat(const struct fs_ctx *ctx, const char *path, int64_t size)
{
	struct inode *ino;
	int r;

	if (size < 0)
		return -EINVAL;
	r = fs_lookup(ctx, path, FS_WALK_FOLLOW, &ino);
	if (r != 0)
		return r;
	if (S_ISDIR(ino->mode))
		r = -EISDIR;
	else if (!S_ISREG(ino->mode))
		r = -EINVAL;
	else
		r = fs_permission(ino, ctx->cred, FS_MAY_WRITE);
	if (r == 0)
		r = fs_truncate(ino, size, ctx->cred);
	fs_put(ino);
	return r;
}
