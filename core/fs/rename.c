/*
 * rename.c - renameat2(2) (ops.h), after Linux's do_renameat2(),
 * vfs_rename() and shmem_rename2().
 *
 * Every check is made before anything changes, and the changes cannot
 * fail: a replaced name keeps its directory entry (pointed at the moved
 * inode), and a new one is added before the old one is removed.
 */
#include <linux/errno.h>
#include <linux/fs.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/notify.h"
#include "fs/ops.h"

#include <linux/inotify.h>

struct side {
	struct fs_nameidata nd;
	bool isdir;
};

/* Whether a is d or one of its ancestors (same instance). */
static bool
is_ancestor(const struct inode *a, const struct inode *d)
{
	for (; d != NULL; d = d->u.dir.parent) {
		if (d == a)
			return true;
	}
	return false;
}

/* A directory that moves changes parent: its ".." and the link counts. */
static void
reparent(struct inode *child, struct inode *from, struct inode *to)
{
	from->nlink--;
	to->nlink++;
	child->u.dir.parent = fs_get(to);
	fs_put(from);
}

/* vfs_rename()'s permission checks, then the mount and emptiness rules. */
static int
may_rename(struct side *o, struct side *n, unsigned flags,
    const struct fs_cred *cred)
{
	bool exchange = (flags & RENAME_EXCHANGE) != 0;
	int r = may_delete(o->nd.dir, o->nd.inode, o->isdir, cred);

	if (r == 0 && n->nd.inode == NULL)
		r = may_create(n->nd.dir, cred);
	else if (r == 0)
		r = may_delete(n->nd.dir, n->nd.inode,
		    exchange ? n->isdir : o->isdir, cred);
	/* Moving a directory rewrites its "..": that needs write access. */
	if (r == 0 && o->nd.dir != n->nd.dir) {
		if (o->isdir)
			r = fs_permission(o->nd.inode, cred, FS_MAY_WRITE);
		if (r == 0 && exchange && n->isdir)
			r = fs_permission(n->nd.inode, cred, FS_MAY_WRITE);
	}
	if (r == 0 && (o->nd.inode->mounted != NULL ||
	    (n->nd.inode != NULL && n->nd.inode->mounted != NULL)))
		r = -EBUSY;
	if (r == 0 && !exchange && n->isdir && n->nd.inode->u.dir.count != 0)
		r = -ENOTEMPTY;
	return r;
}

static void
do_exchange(struct side *o, struct side *n)
{
	struct inode *a = o->nd.inode, *b = n->nd.inode;
	struct inode *adir = o->nd.dir, *bdir = n->nd.dir;

	dir_set(adir, o->nd.name, o->nd.len, b);
	dir_set(bdir, n->nd.name, n->nd.len, a);
	if (adir != bdir) {
		if (o->isdir)
			reparent(a, adir, bdir);
		if (n->isdir)
			reparent(b, bdir, adir);
	}
	inode_touch_c(b);
}

static int
do_move(struct side *o, struct side *n)
{
	struct inode *src = o->nd.inode, *victim = n->nd.inode;
	struct inode *odir = o->nd.dir, *ndir = n->nd.dir;
	int r;

	if (victim == NULL) {
		r = dir_add(ndir, n->nd.name, n->nd.len, src);
		if (r != 0)
			return r;
	} else {
		dir_set(ndir, n->nd.name, n->nd.len, src);
		inode_touch_c(victim);
		if (n->isdir) {
			ndir->nlink--;
			inode_clear_nlink(victim);
		} else {
			inode_drop_nlink(victim);
		}
	}
	dir_remove(odir, o->nd.name, o->nd.len);
	if (o->isdir && odir != ndir)
		reparent(src, odir, ndir);
	return 0;
}

/* Linux's fsnotify_move for one inode going from side a to side b. */
static void
notify_move(struct side *a, struct side *b, struct inode *moved,
    struct inode *target)
{
	uint32_t cookie = fs_notify_cookie();

	fs_notify_child(a->nd.dir, moved, IN_MOVED_FROM, a->nd.name,
	    a->nd.len, cookie);
	fs_notify_child(b->nd.dir, moved, IN_MOVED_TO, b->nd.name,
	    b->nd.len, cookie);
	if (target != NULL)
		fs_notify(target, IN_ATTRIB);
	fs_notify(moved, IN_MOVE_SELF);
}

/* The events of a rename that happened: an exchange is two moves. */
static void
notify_rename(struct side *o, struct side *n, unsigned flags)
{
	if (flags & RENAME_EXCHANGE) {
		notify_move(o, n, o->nd.inode, NULL);
		notify_move(n, o, n->nd.inode, NULL);
	} else {
		notify_move(o, n, o->nd.inode, n->nd.inode);
	}
}

/* do_renameat2()'s checks on the two names, before vfs_rename(). */
static int
check_names(struct side *o, struct side *n, unsigned flags)
{
	bool exchange = (flags & RENAME_EXCHANGE) != 0;

	if (o->nd.dir->sb != n->nd.dir->sb)
		return -EXDEV;
	if (o->nd.type != FS_LAST_NORM)
		return -EBUSY;
	if (n->nd.type != FS_LAST_NORM)
		return (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
	if (o->nd.inode == NULL)
		return -ENOENT;
	if ((flags & RENAME_NOREPLACE) && n->nd.inode != NULL)
		return -EEXIST;
	if (exchange && n->nd.inode == NULL)
		return -ENOENT;
	if (exchange && !n->isdir && n->nd.slash)
		return -ENOTDIR;
	/* Unless the source is a directory, trailing slashes are wrong. */
	if (!o->isdir && (o->nd.slash || (!exchange && n->nd.slash)))
		return -ENOTDIR;
	if (is_ancestor(o->nd.inode, n->nd.dir))
		return -EINVAL;
	if (n->nd.inode != NULL && is_ancestor(n->nd.inode, o->nd.dir))
		return exchange ? -EINVAL : -ENOTEMPTY;
	return 0;
}

int
fs_renameat2(const struct fs_ctx *octx, const char *oldpath,
    const struct fs_ctx *nctx, const char *newpath, unsigned flags)
{
	struct side o, n;
	int r;

	if ((flags & ~(unsigned)(RENAME_NOREPLACE | RENAME_EXCHANGE)) ||
	    ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE)))
		return -EINVAL;
	r = fs_walk(octx, oldpath, FS_WALK_PARENT, &o.nd);
	if (r != 0)
		return r;
	r = fs_walk(nctx, newpath, FS_WALK_PARENT, &n.nd);
	if (r != 0) {
		fs_nd_put(&o.nd);
		return r;
	}
	o.isdir = o.nd.inode != NULL && S_ISDIR(o.nd.inode->mode);
	n.isdir = n.nd.inode != NULL && S_ISDIR(n.nd.inode->mode);
	r = check_names(&o, &n, flags);
	/* Two names of one inode: Linux does nothing and succeeds. */
	if (r == 0 && o.nd.inode != n.nd.inode) {
		r = may_rename(&o, &n, flags, octx->cred);
		if (r == 0 && (flags & RENAME_EXCHANGE))
			do_exchange(&o, &n);
		else if (r == 0)
			r = do_move(&o, &n);
		if (r == 0) {
			inode_touch_mc(o.nd.dir);
			inode_touch_mc(n.nd.dir);
			inode_touch_c(o.nd.inode);
			notify_rename(&o, &n, flags);
		}
	}
	fs_nd_put(&n.nd);
	fs_nd_put(&o.nd);
	return r;
}
