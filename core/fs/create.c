/*
 * create.c - making names: open with O_CREAT, mkdir, mknod, symlink, link
 * (ops.h).  Checks come in Linux's order: resolving the parent, then the
 * name (EEXIST, or ENOENT for a trailing slash on what cannot be a
 * directory), then permission on the parent, then type rules.
 */
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/file.h"
#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/notify.h"
#include "fs/ops.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

#include <linux/inotify.h>

/*
 * Linux's filename_create(): resolves the parent of a name that must not
 * exist yet.  A trailing slash is only allowed when making a directory.
 */
static int
create_walk(const struct fs_ctx *ctx, const char *path, bool want_dir,
    struct fs_nameidata *nd)
{
	int r = fs_walk(ctx, path, FS_WALK_PARENT, nd);

	if (r != 0)
		return r;
	if (nd->type != FS_LAST_NORM || nd->inode != NULL)
		r = -EEXIST;
	else if (nd->slash && !want_dir)
		r = -ENOENT;
	if (r != 0)
		fs_nd_put(nd);
	return r;
}

int
inode_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
    const struct fs_cred *cred, struct inode **out)
{
	struct inode *ino = inode_new(dir->sb, mode);
	int r;

	if (ino == NULL)
		return -ENOMEM;
	inode_init_owner(ino, dir, cred);
	r = dir_add(dir, name, len, ino);
	if (r != 0) {
		fs_put(ino);
		return r;
	}
	if (S_ISDIR(mode)) {
		ino->nlink = 2;
		ino->u.dir.parent = fs_get(dir);
		dir->sb->nparents++;
		dir->nlink++;
	} else {
		ino->nlink = 1;
	}
	inode_touch_mc(dir);
	fs_notify_child(dir, ino, IN_CREATE, name, len, 0);
	*out = ino;
	return 0;
}

int
fs_mkdirat(const struct fs_ctx *ctx, const char *path, uint32_t mode)
{
	struct fs_nameidata nd;
	struct inode *ino;
	int r = create_walk(ctx, path, true, &nd);

	if (r != 0)
		return r;
	r = may_create(nd.dir, ctx->cred);
	if (r == 0)
		r = inode_create(nd.dir, nd.name, nd.len,
		    S_IFDIR | (mode & (S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO)),
		    ctx->cred, &ino);
	if (r == 0)
		fs_put(ino);
	fs_nd_put(&nd);
	return r;
}

/* Linux's may_mknod(): the types mknod makes. */
static int
mknod_type(uint32_t *mode)
{
	switch (*mode & S_IFMT) {
	case 0:
		*mode |= S_IFREG;
		return 0;
	case S_IFREG:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return 0;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

int
fs_mknodat(const struct fs_ctx *ctx, const char *path, uint32_t mode,
    uint32_t major, uint32_t minor)
{
	struct fs_nameidata nd;
	struct inode *ino;
	int r = mknod_type(&mode);

	if (r != 0)
		return r;
	r = create_walk(ctx, path, false, &nd);
	if (r != 0)
		return r;
	r = may_create(nd.dir, ctx->cred);
	if (r == 0 && (S_ISCHR(mode) || S_ISBLK(mode)) &&
	    !fs_cred_is_root(ctx->cred))
		r = -EPERM;
	if (r == 0)
		r = inode_create(nd.dir, nd.name, nd.len,
		    (mode & S_IFMT) | (mode & FS_MODE_PERM), ctx->cred, &ino);
	if (r == 0) {
		if (S_ISCHR(mode) || S_ISBLK(mode)) {
			ino->rdev_major = major;
			ino->rdev_minor = minor;
		}
		fs_put(ino);
	}
	fs_nd_put(&nd);
	return r;
}

int
inode_symlink(struct inode *dir, const char *name, size_t len,
    const char *target, size_t tlen, const struct fs_cred *cred,
    struct inode **out)
{
	char *copy = kmalloc(tlen + 1);
	int r;

	if (copy == NULL)
		return -ENOMEM;
	r = inode_create(dir, name, len, S_IFLNK | S_IRWXU | S_IRWXG | S_IRWXO,
	    cred, out);
	if (r != 0) {
		kfree(copy);
		return r;
	}
	memcpy(copy, target, tlen);
	copy[tlen] = '\0';
	(*out)->u.target = copy;
	(*out)->size = tlen;
	return 0;
}

int
fs_symlinkat(const struct fs_ctx *ctx, const char *target, const char *path)
{
	size_t tlen = strnlen(target, PATH_MAX);
	struct fs_nameidata nd;
	struct inode *ino;
	int r;

	if (tlen == 0)
		return -ENOENT;
	if (tlen >= PATH_MAX)
		return -ENAMETOOLONG;
	r = create_walk(ctx, path, false, &nd);
	if (r != 0)
		return r;
	r = may_create(nd.dir, ctx->cred);
	if (r == 0)
		r = inode_symlink(nd.dir, nd.name, nd.len, target, tlen,
		    ctx->cred, &ino);
	if (r == 0)
		fs_put(ino);
	fs_nd_put(&nd);
	return r;
}

/*
 * Linux's protected_hardlinks (fs_protect.hardlinks): a caller who does
 * not own a file may link it only when it is a plain regular file they
 * could read and write.
 */
static int
may_linkat(const struct inode *old, const struct fs_cred *cred)
{
	if (!fs_protect.hardlinks || fs_cred_owns(cred, old))
		return 0;
	if (!S_ISREG(old->mode) || (old->mode & S_ISUID) ||
	    (old->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) ||
	    fs_permission(old, cred, FS_MAY_READ | FS_MAY_WRITE) != 0)
		return -EPERM;
	return 0;
}

int
fs_link(struct inode *old, const struct fs_ctx *ctx, const char *path)
{
	struct fs_nameidata nd;
	int r = create_walk(ctx, path, false, &nd);

	if (r != 0)
		return r;
	if (nd.dir->sb != old->sb)
		r = -EXDEV;
	if (r == 0)
		r = may_linkat(old, ctx->cred);
	if (r == 0)
		r = may_create(nd.dir, ctx->cred);
	if (r == 0 && S_ISDIR(old->mode))
		r = -EPERM;
	if (r == 0 && old->nlink == 0 && !(old->flags & FS_I_LINKABLE))
		r = -ENOENT;
	if (r == 0)
		r = dir_add(nd.dir, nd.name, nd.len, old);
	if (r == 0) {
		old->nlink++;
		old->flags &= ~(uint32_t)FS_I_LINKABLE;
		inode_touch_c(old);
		inode_touch_mc(nd.dir);
		/* Linux's fsnotify_link: the link count changed, a name came. */
		fs_notify(old, IN_ATTRIB);
		fs_notify_child(nd.dir, old, IN_CREATE, nd.name, nd.len, 0);
	}
	fs_nd_put(&nd);
	return r;
}

int
fs_linkat(const struct fs_ctx *octx, const char *oldpath,
    const struct fs_ctx *nctx, const char *newpath, int flags)
{
	struct inode *old;
	int r;

	if (flags & ~AT_SYMLINK_FOLLOW)
		return -EINVAL;
	r = fs_lookup(octx, oldpath,
	    (flags & AT_SYMLINK_FOLLOW) ? FS_WALK_FOLLOW : 0, &old);
	if (r != 0)
		return r;
	r = fs_link(old, nctx, newpath);
	fs_put(old);
	return r;
}

struct inode *
fs_new_unlinked(struct fs_sb *sb, uint32_t mode, const struct fs_cred *cred)
{
	struct inode *ino = inode_new(sb, S_IFREG | (mode & FS_MODE_PERM));

	if (ino != NULL)
		inode_init_owner(ino, NULL, cred);
	return ino;
}
