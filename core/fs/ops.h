/*
 * ops.h - the namespace operations behind Linux's file syscalls.
 *
 * Each takes a struct fs_ctx (namei.h: the caller's root, the directory
 * relative paths start from, its credentials) and a kernel copy of the
 * path, resolves it, checks permissions, and changes the tree, returning
 * 0 or -errno with Linux's errors in Linux's order, so the syscall layer
 * only turns fds into inodes and copies strings.  Modes arrive with the
 * umask already applied.  Timestamps and link counts are kept as Linux's
 * tmpfs keeps them; a directory's nlink is 2 plus its subdirectories.
 */
#ifndef CUB_FS_OPS_H
#define CUB_FS_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "fs/namei.h"

#ifdef __cplusplus
extern "C" {
#endif

struct inode;
struct fs_sb;

/*
 * openat(2)'s path work, for O_* flags from <linux/fcntl.h>.  On success
 * *out is the inode (a reference: fs_put it when the file is closed).
 * O_CREAT creates a regular file (owner and group from cred and the
 * directory) unless it exists; with O_EXCL an existing name, even a
 * dangling symlink, is EEXIST.  A final symlink is followed unless
 * O_NOFOLLOW or O_EXCL (ELOOP, or the link itself with O_PATH).  Checks
 * read/write permission for the access mode (none for a file it just
 * created), EISDIR for writing a directory or O_CREAT on one, ENOTDIR for
 * O_DIRECTORY, Linux's protected_regular/protected_fifos rule for O_CREAT
 * opening someone else's file in a sticky directory (EACCES; see
 * fs_protect in perm.h), and truncates a regular file for O_TRUNC.
 * O_TMPFILE makes an unnamed file in the directory path names (linkable
 * later unless O_EXCL).  Opening FIFOs, sockets and devices returns their
 * inode; what that means is the kernel's business.
 */
int fs_open(const struct fs_ctx *ctx, const char *path, int flags,
    uint32_t mode, struct inode **out);

/* mkdirat(2): permission bits and the sticky bit of mode are kept. */
int fs_mkdirat(const struct fs_ctx *ctx, const char *path, uint32_t mode);

/*
 * mknodat(2): a regular file (type 0 or S_IFREG), FIFO, socket or device
 * node with device number major:minor (devices need root: EPERM).
 */
int fs_mknodat(const struct fs_ctx *ctx, const char *path, uint32_t mode,
    uint32_t major, uint32_t minor);

/* symlinkat(2): target is stored as given; "" is ENOENT. */
int fs_symlinkat(const struct fs_ctx *ctx, const char *target,
    const char *path);

/*
 * linkat(2) once the old name is resolved (or came from an fd with
 * AT_EMPTY_PATH): gives old the new name path.  EPERM for a directory,
 * EXDEV across instances, ENOENT for an unlinked inode that is not an
 * O_TMPFILE, and Linux's protected_hardlinks rule (fs_protect in perm.h).
 */
int fs_link(struct inode *old, const struct fs_ctx *ctx, const char *path);

/* linkat(2) with two paths; flags may hold AT_SYMLINK_FOLLOW. */
int fs_linkat(const struct fs_ctx *octx, const char *oldpath,
    const struct fs_ctx *nctx, const char *newpath, int flags);

/* unlinkat(2); flags may hold AT_REMOVEDIR (rmdir). */
int fs_unlinkat(const struct fs_ctx *ctx, const char *path, int flags);

/*
 * renameat2(2) with RENAME_NOREPLACE or RENAME_EXCHANGE
 * (RENAME_WHITEOUT is EINVAL: overlayfs is not supported).
 */
int fs_renameat2(const struct fs_ctx *octx, const char *oldpath,
    const struct fs_ctx *nctx, const char *newpath, unsigned flags);

/*
 * readlinkat(2): copies up to size bytes of the target (no NUL) and
 * returns the count; EINVAL when path is not a symlink.
 */
long fs_readlinkat(const struct fs_ctx *ctx, const char *path, char *buf,
    size_t size);

/* truncate(2): follows symlinks, needs write permission. */
int fs_truncateat(const struct fs_ctx *ctx, const char *path, int64_t size);

/*
 * An unnamed regular file of instance sb with nlink 0 (memfd_create, the
 * kernel's own temporary files); one reference for the caller.  NULL when
 * memory is exhausted.
 */
struct inode *fs_new_unlinked(struct fs_sb *sb, uint32_t mode,
    const struct fs_cred *cred);

#ifdef __cplusplus
}
#endif
#endif
