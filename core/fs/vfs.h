/*
 * vfs.h - the kernel side of the file system: the root tmpfs, files
 * opened on inodes, device nodes, and the calling process's view (root,
 * working directory, credentials) as an fs_ctx.
 */
#ifndef CUB_FS_VFS_H
#define CUB_FS_VFS_H

#include <stdint.h>

#include "fs/fd.h"
#include "fs/namei.h"
#include "fs/perm.h"

struct inode;

/* Makes the root tmpfs, unpacks the initramfs into it and adds the device
   nodes of /dev.  Returns the number of archive entries, or -errno after
   printing what was wrong. */
long vfs_init(void);

struct inode *vfs_root(void);

/* A new open file on ino (takes over the caller's reference). */
struct file *vfs_file_open(struct inode *ino, unsigned int flags, int *err);

/* The inode behind an open file, or NULL (pipes, sockets, the console
   opened by the kernel). */
struct inode *file_inode(struct file *f);

/* struct stat for an inode, as stat(2) reports it. */
void vfs_stat_inode(struct inode *ino, struct stat *st);

/* Credentials for permission checks: root for everyone until the
   credentials issue replaces this with the process's struct cred. */
const struct fs_cred *current_fs_cred(void);

/*
 * An inotify event (IN_OPEN, IN_ACCESS, IN_MODIFY, IN_CLOSE_*) about an
 * open file: to the watches of its inode, and to those of the directory
 * its path names it in, if that name still leads to it.
 */
struct file;
void vfs_notify_file(struct file *f, uint32_t mask);
/* The second half alone: for changes fs/ already told the inode's own
   watches of (fchmod, fchown, ftruncate). */
void vfs_notify_parent(struct file *f, uint32_t mask);

/*
 * The context for a path relative to dfd (AT_FDCWD or a directory
 * descriptor): 0, -EBADF, or -ENOTDIR.  References are borrowed for the
 * duration of the syscall.
 */
int vfs_ctx_at(int dfd, struct fs_ctx *ctx);

/*
 * The path of directory ino as seen from root (getcwd, /proc): written to
 * buf, NUL-terminated; returns its length, -ENOENT for a removed
 * directory, -ENAMETOOLONG or -ERANGE when buf is too small.
 */
long vfs_inode_path(struct inode *root, struct inode *ino, char *buf, size_t size);

/* Copies a user path; -EFAULT, -ENAMETOOLONG, -ENOENT for "". */
long vfs_get_path(const char *upath, char *buf, size_t size, int empty_ok);

#endif
