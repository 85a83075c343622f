/*
 * super.h - file system instances: creating and destroying a tmpfs, and
 * mounting one instance on a directory of another.
 *
 * Mounts here are the bare mechanism path resolution needs (namei.h):
 * which root covers which directory.  An instance is mounted at most once,
 * so the one mount flag fs/ enforces, read-only, lives on the instance
 * (fs_sb.rdonly); the mount table with sources, types and the other flags
 * is the kernel's (sys_mount.c).  Bind mounts and mount namespaces are not
 * modelled.
 */
#ifndef CUB_FS_SUPER_H
#define CUB_FS_SUPER_H

#include <stdbool.h>
#include <stdint.h>

#include "fs/inode.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A new, empty tmpfs whose root has the given permission bits (sticky
 * included, e.g. 01777 for /tmp) and owner root.  dev is its st_dev.
 * max_pages limits its file data (ENOSPC beyond; 0 = no limit).  NULL
 * when memory is exhausted.
 */
struct fs_sb *tmpfs_create(uint32_t dev_major, uint32_t dev_minor,
    uint32_t root_mode, uint64_t max_pages);

/*
 * Removes every name in the instance and drops its root.  Inodes still
 * referenced (open files, working directories) live on, unlinked, and the
 * fs_sb itself is freed with the last of them.  -EBUSY while it is
 * mounted or has instances mounted on it.
 */
int tmpfs_destroy(struct fs_sb *sb);

/*
 * Mounts sb on directory dir: the path resolver then sees sb's root
 * instead of dir.  -ENOTDIR; -EBUSY when dir already has a mount or sb is
 * already mounted; -EINVAL when dir is in sb or in an instance mounted
 * (at any depth) inside sb, which would make ".." loop.  Holds a
 * reference on dir until fs_umount.
 */
int fs_mount(struct inode *dir, struct fs_sb *sb);

/* Undoes fs_mount; -EINVAL when not mounted, -EBUSY with mounts inside. */
int fs_umount(struct fs_sb *sb);

/*
 * Whether anything but the instance itself holds one of its inodes: an
 * open file, a working directory, a mapping, a walk in progress.  held is
 * how many references the caller itself holds (e.g. 1 for the root it
 * looked up); umount(2) refuses with EBUSY while this is true.
 */
bool fs_sb_in_use(const struct fs_sb *sb, uint64_t held);

#ifdef __cplusplus
}
#endif
#endif
