/*
 * fs.h - the file system, all of it: what the syscall layer includes.
 *
 *   inode.h   inodes, instances, references
 *   perm.h    struct fs_cred and permission checks
 *   namei.h   path resolution
 *   ops.h     open, mkdir, mknod, symlink, link, unlink, rename, ...
 *   file.h    read, write, truncate, pages for mmap
 *   dir.h     getdents iteration
 *   attr.h    stat, chmod, chown, utimensat, readlink
 *   super.h   tmpfs instances and mounts
 *   unpack.h  the initramfs
 *   hooks.h   what the kernel must provide to fs/
 */
#ifndef CUB_FS_FS_H
#define CUB_FS_FS_H

#include "fs/attr.h"
#include "fs/dir.h"
#include "fs/file.h"
#include "fs/hooks.h"
#include "fs/inode.h"
#include "fs/mode.h"
#include "fs/namei.h"
#include "fs/notify.h"
#include "fs/ops.h"
#include "fs/perm.h"
#include "fs/super.h"
#include "fs/unpack.h"

#endif
