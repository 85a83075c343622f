/*
 * namei.c - path resolution (namei.h).
 *
 * The walker keeps a stack of strings still to be walked: the path, and
 * above it the rest of each symlink target being followed.  A followed
 * symlink pushes its target; a string that runs out is popped.  So a
 * component is the final one exactly when nothing but slashes is left in
 * any string on the stack, and it has a trailing slash when a slash is
 * left somewhere.  Targets stay where they are: nothing in the tree can
 * change during a walk (one CPU, no blocking, see inode.h).  The walker
 * still holds a reference on the directory it is in and on every symlink
 * it followed, because a dynamic instance's inodes (procfs) are held by
 * nobody else: a lookup there makes an inode that lives only as long as
 * its references.
 */
#include <linux/errno.h>
#include <linux/limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/namei.h"
#include "lib/kstring.h"

struct walker {
	const struct fs_ctx *ctx;
	struct inode *cur;        /* the directory being walked (held) */
	const char *stack[FS_MAX_SYMLINKS + 1];
	int depth;
	int links;                /* symlinks followed so far */
	struct inode *held[FS_MAX_SYMLINKS];  /* those links, held while their
	                                         targets may be on the stack */
	int nheld;
};

/* Moves to directory dir, taking its reference before dropping the old. */
static void
set_cur(struct walker *w, struct inode *dir)
{
	struct inode *old = w->cur;

	w->cur = fs_get(dir);
	fs_put(old);
}

/*
 * Starts walking s; an absolute string restarts at the root.  A string
 * already used up gives its slot to the new one, as Linux does for a
 * symlink that ends its path, so a chain of links costs no depth.
 */
static int
push(struct walker *w, const char *s)
{
	if (w->depth > 0 && *w->stack[w->depth - 1] == '\0')
		w->depth--;
	if (w->depth == FS_MAX_SYMLINKS + 1)
		return -ELOOP;
	if (*s == '/')
		set_cur(w, w->ctx->root);
	w->stack[w->depth++] = s;
	return 0;
}

/* The next component, or false when the path is used up. */
static bool
next_name(struct walker *w, const char **name, size_t *len)
{
	while (w->depth > 0) {
		const char *s = w->stack[w->depth - 1];
		const char *e;

		while (*s == '/')
			s++;
		if (*s != '\0') {
			for (e = s; *e != '\0' && *e != '/'; e++)
				;
			*name = s;
			*len = (size_t)(e - s);
			w->stack[w->depth - 1] = e;
			return true;
		}
		w->depth--;
	}
	return false;
}

/* Whether only slashes are left; *slash says whether any are. */
static bool
at_end(const struct walker *w, bool *slash)
{
	int i;

	*slash = false;
	for (i = 0; i < w->depth; i++) {
		const char *s = w->stack[i];

		if (*s == '/')
			*slash = true;
		while (*s == '/')
			s++;
		if (*s != '\0')
			return false;
	}
	return true;
}

static enum fs_last_type
name_type(const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return FS_LAST_DOT;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return FS_LAST_DOTDOT;
	return FS_LAST_NORM;
}

/* A directory with instances mounted on it stands for the topmost root. */
static struct inode *
cross_mounts(struct inode *ino)
{
	while (ino->mounted != NULL)
		ino = ino->mounted;
	return ino;
}

static struct inode *
dotdot(const struct fs_ctx *ctx, struct inode *cur)
{
	/* Climb from instance roots to the directories they cover. */
	while (cur != ctx->root && cur == cur->sb->root) {
		if (cur->sb->mountpoint == NULL)
			return cur;
		cur = cur->sb->mountpoint;
	}
	if (cur == ctx->root || cur->u.dir.parent == NULL)
		return cur;
	return cross_mounts(cur->u.dir.parent);
}

static int
finish(struct fs_nameidata *nd, struct inode *dir, struct inode *ino,
    const char *name, size_t len, enum fs_last_type type, bool slash)
{
	nd->dir = fs_get(dir);
	nd->inode = ino != NULL ? fs_get(ino) : NULL;
	nd->name = name;
	nd->len = len;
	nd->type = type;
	nd->slash = slash;
	return 0;
}

/* Goes on into a symlink's target; returns 1, or -errno. */
static int
follow(struct walker *w, struct inode *link, bool last)
{
	int r;

	if (++w->links > FS_MAX_SYMLINKS)
		return -ELOOP;
	/* Only a final link is protected, as in Linux's pick_link(). */
	if (last) {
		r = fs_may_follow_link(w->cur, link, w->ctx->cred);
		if (r != 0)
			return r;
	}
	inode_touch_atime(link);
	w->held[w->nheld++] = fs_get(link);
	r = push(w, link->u.target);
	return r != 0 ? r : 1;
}

/*
 * The inode name names in w->cur, mounts crossed, with a reference; NULL
 * when there is none.
 */
static int
lookup_crossed(struct walker *w, const char *name, size_t len,
    struct inode **out)
{
	struct inode *found;
	int r = dir_lookup_ref(w->cur, name, len, &found);

	*out = NULL;
	if (r != 0 || found == NULL)
		return r;
	*out = fs_get(cross_mounts(found));
	fs_put(found);
	return 0;
}

/*
 * Looks up one component in w->cur.  Returns 1 to go on walking, 0 when
 * nd is filled, or -errno.
 */
static int
step(struct walker *w, const char *name, size_t len, unsigned flags,
    struct fs_nameidata *nd)
{
	enum fs_last_type type = name_type(name, len);
	struct inode *next = NULL;
	bool slash;
	bool last = at_end(w, &slash);
	int r = fs_permission(w->cur, w->ctx->cred, FS_MAY_EXEC);

	if (r != 0)
		return r;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	/*
	 * Creation stops before a final name with a trailing slash, as
	 * Linux's open_last_lookups does: the caller reports EISDIR.  "."
	 * and ".." are resolved first there, so they are not stopped here.
	 */
	if (last && ((flags & FS_WALK_PARENT) ||
	    ((flags & FS_WALK_CREATE) && slash && type == FS_LAST_NORM))) {
		if (type == FS_LAST_NORM)
			r = dir_lookup_ref(w->cur, name, len, &next);
		if (r == 0)
			r = finish(nd, w->cur, next, name, len, type, slash);
		fs_put(next);
		return r;
	}
	if (type == FS_LAST_DOT) {
		next = fs_get(w->cur);
	} else if (type == FS_LAST_DOTDOT) {
		next = fs_get(dotdot(w->ctx, w->cur));
	} else {
		r = lookup_crossed(w, name, len, &next);
		if (r != 0)
			return r;
		if (next == NULL) {
			if (last && (flags & FS_WALK_CREATE))
				return finish(nd, w->cur, NULL, name, len, type, slash);
			return -ENOENT;
		}
		if (S_ISLNK(next->mode) &&
		    (!last || slash || (flags & FS_WALK_FOLLOW))) {
			r = follow(w, next, last);
			fs_put(next);
			return r;
		}
	}
	if (last) {
		if ((slash || (flags & FS_WALK_DIRECTORY)) && !S_ISDIR(next->mode))
			r = -ENOTDIR;
		else
			r = finish(nd, w->cur, next, name, len, type, slash);
	} else if (!S_ISDIR(next->mode)) {
		r = -ENOTDIR;
	} else {
		set_cur(w, next);
		r = 1;
	}
	fs_put(next);
	return r;
}

static int
walk(struct walker *w, const char *path, unsigned flags,
    struct fs_nameidata *nd)
{
	const char *name;
	size_t len;
	int r;

	(void)push(w, path);
	while (next_name(w, &name, &len)) {
		r = step(w, name, len, flags, nd);
		if (r <= 0)
			return r;
	}
	/* No final name: the path, or the symlink it ended in, was "/". */
	if (flags & FS_WALK_PARENT)
		return finish(nd, w->cur, NULL, "", 0, FS_LAST_ROOT, false);
	return finish(nd, w->cur, w->cur, "", 0, FS_LAST_ROOT, false);
}

int
fs_walk(const struct fs_ctx *ctx, const char *path, unsigned flags,
    struct fs_nameidata *nd)
{
	struct walker w = { .ctx = ctx, .depth = 0, .links = 0, .nheld = 0 };
	struct inode *start = ctx->cwd != NULL ? ctx->cwd : ctx->root;
	int i, r;

	if (*path == '\0')
		return -ENOENT;
	if (strnlen(path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (*path != '/' && !S_ISDIR(start->mode))
		return -ENOTDIR;
	w.cur = fs_get(start);
	r = walk(&w, path, flags, nd);
	/* nd took references of its own; the links go after the strings. */
	fs_put(w.cur);
	for (i = 0; i < w.nheld; i++)
		fs_put(w.held[i]);
	return r;
}

void
fs_nd_put(struct fs_nameidata *nd)
{
	fs_put(nd->inode);
	fs_put(nd->dir);
	nd->inode = nd->dir = NULL;
}

int
fs_lookup(const struct fs_ctx *ctx, const char *path, unsigned flags,
    struct inode **out)
{
	struct fs_nameidata nd;
	int r = fs_walk(ctx, path, flags & (FS_WALK_FOLLOW | FS_WALK_DIRECTORY),
	    &nd);

	if (r != 0)
		return r;
	*out = nd.inode;
	fs_put(nd.dir);
	return 0;
}
