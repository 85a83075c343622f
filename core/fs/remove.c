/*
 * remove.c - unlink and rmdir (ops.h), after Linux's do_unlinkat(),
 * do_rmdir(), vfs_unlink() and vfs_rmdir().
 */
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/notify.h"
#include "fs/ops.h"

#include <linux/inotify.h>

static int
rmdir_in(struct inode *dir, const struct fs_nameidata *nd,
    const struct fs_cred *cred)
{
	struct inode *victim = nd->inode;
	int r = may_delete(dir, victim, true, cred);

	if (r != 0)
		return r;
	if (victim->mounted != NULL)
		return -EBUSY;
	if (victim->u.dir.count != 0)
		return -ENOTEMPTY;
	dir_remove(dir, nd->name, nd->len);
	dir->nlink--;
	inode_touch_mc(dir);
	inode_touch_c(victim);
	inode_clear_nlink(victim);
	fs_notify_child(dir, victim, IN_DELETE, nd->name, nd->len, 0);
	return 0;
}

static int
unlink_in(struct inode *dir, const struct fs_nameidata *nd,
    const struct fs_cred *cred)
{
	struct inode *victim = nd->inode;
	int r = may_delete(dir, victim, false, cred);

	if (r != 0)
		return r;
	dir_remove(dir, nd->name, nd->len);
	inode_touch_mc(dir);
	inode_touch_c(victim);
	inode_drop_nlink(victim);
	/* Linux's fsnotify_link_count, then the name's removal. */
	fs_notify(victim, IN_ATTRIB);
	fs_notify_child(dir, victim, IN_DELETE, nd->name, nd->len, 0);
	return 0;
}

/* The error for a final component rmdir cannot take. */
static int
rmdir_last_error(enum fs_last_type type)
{
	switch (type) {
	case FS_LAST_DOTDOT:
		return -ENOTEMPTY;
	case FS_LAST_DOT:
		return -EINVAL;
	default:
		return -EBUSY;
	}
}

/* unlink's errors for "name/": the slash asked for a directory. */
static int
unlink_slash_error(const struct inode *ino)
{
	return S_ISDIR(ino->mode) ? -EISDIR : -ENOTDIR;
}

int
fs_unlinkat(const struct fs_ctx *ctx, const char *path, int flags)
{
	bool rmdir = (flags & AT_REMOVEDIR) != 0;
	struct fs_nameidata nd;
	int r;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	r = fs_walk(ctx, path, FS_WALK_PARENT, &nd);
	if (r != 0)
		return r;
	if (nd.type != FS_LAST_NORM)
		r = rmdir ? rmdir_last_error(nd.type) : -EISDIR;
	else if (nd.inode == NULL)
		r = -ENOENT;
	else if (rmdir)
		r = rmdir_in(nd.dir, &nd, ctx->cred);
	else if (nd.slash)
		r = unlink_slash_error(nd.inode);
	else
		r = unlink_in(nd.dir, &nd, ctx->cred);
	fs_nd_put(&nd);
	return r;
}
