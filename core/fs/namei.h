/*
 * namei.h - path resolution, after Linux's fs/namei.c.
 *
 * Rules (as Linux): a path is absolute ("/...", from ctx->root) or
 * relative (from ctx->cwd, which must be a directory unless the path is
 * absolute); repeated slashes count as one; "." is the directory itself;
 * ".." is its parent, stays put at ctx->root (a chroot) and at the root of
 * an unmounted instance, and from the root of a mounted instance goes to
 * the parent of the directory it is mounted on; a directory with an
 * instance mounted on it is replaced by that instance's root.  Every
 * directory a component is looked up in needs search permission
 * (EACCES); every component but the last must be a directory (ENOTDIR)
 * after symlinks are followed; a component longer than NAME_MAX or a
 * path of PATH_MAX bytes or more is ENAMETOOLONG; an empty path is ENOENT
 * (AT_EMPTY_PATH is the caller's business).  Symlinks in the middle are
 * always followed, the final one only with FS_WALK_FOLLOW or when a slash
 * follows it, and then subject to protected_symlinks (EACCES, perm.h); at
 * most FS_MAX_SYMLINKS are followed per walk (ELOOP).  A
 * trailing slash makes the final component a directory or ENOTDIR.
 */
#ifndef CUB_FS_NAMEI_H
#define CUB_FS_NAMEI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct inode;
struct fs_cred;

/* Linux's MAXSYMLINKS. */
#define FS_MAX_SYMLINKS 40

/* Where a path starts and who walks it. */
struct fs_ctx {
	struct inode *root;   /* the caller's "/" (a chroot stops ".." here) */
	struct inode *cwd;    /* start of relative paths: cwd or dirfd; NULL
	                         means root */
	const struct fs_cred *cred;   /* NULL: the kernel, no checks */
};

/* Flags for fs_walk and fs_lookup. */
#define FS_WALK_FOLLOW 0x1      /* follow a final symlink */
#define FS_WALK_DIRECTORY 0x2   /* the result must be a directory */
#define FS_WALK_PARENT 0x4      /* stop before the final component */
#define FS_WALK_CREATE 0x8      /* a missing final component is no error;
                                   a final name (not "." or "..") with a
                                   trailing slash is treated as with
                                   FS_WALK_PARENT */

/* What the final component was. */
enum fs_last_type {
	FS_LAST_NORM,     /* a name */
	FS_LAST_ROOT,     /* none: the path is "/" or a symlink to it */
	FS_LAST_DOT,      /* "." */
	FS_LAST_DOTDOT,   /* ".." */
};

/*
 * The result of a walk.  dir is the directory the final component was
 * looked up in (for FS_LAST_ROOT, the root itself); inode is what it
 * names, or NULL when it does not exist (FS_WALK_CREATE, FS_WALK_PARENT)
 * or is "." or ".." (FS_WALK_PARENT).  With FS_WALK_PARENT, inode is the
 * entry itself: a final symlink is not followed and a mount on it is not
 * crossed.  Both pointers hold references: release with fs_nd_put.  name
 * points into the path or into a symlink target and stays valid while
 * nd holds its references and the tree does not change.
 */
struct fs_nameidata {
	struct inode *dir;
	struct inode *inode;
	const char *name;
	size_t len;
	enum fs_last_type type;
	bool slash;       /* a slash followed the final component */
};

/* Resolves path; fills nd on success (0), else returns -errno. */
int fs_walk(const struct fs_ctx *ctx, const char *path, unsigned flags,
    struct fs_nameidata *nd);

/* Drops the references a successful fs_walk took. */
void fs_nd_put(struct fs_nameidata *nd);

/*
 * The inode path names (a reference, for fs_put), with flags
 * FS_WALK_FOLLOW and FS_WALK_DIRECTORY.
 */
int fs_lookup(const struct fs_ctx *ctx, const char *path, unsigned flags,
    struct inode **out);

#ifdef __cplusplus
}
#endif
#endif
