/*
 * perm.c - Linux's file permission rules (fs/namei.c: generic_permission,
 * may_create, may_delete, check_sticky) over struct fs_cred.
 */
#include <linux/errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/perm.h"

struct fs_protect_policy fs_protect = {
	.symlinks = 1,
	.hardlinks = 1,
	.regular = 1,
	.fifos = 1,
};

bool
fs_cred_is_root(const struct fs_cred *cred)
{
	return cred == NULL || cred->fsuid == 0;
}

bool
fs_cred_in_group(const struct fs_cred *cred, uint32_t gid)
{
	size_t i;

	if (cred == NULL || cred->fsgid == gid)
		return true;
	for (i = 0; i < cred->ngroups; i++) {
		if (cred->groups[i] == gid)
			return true;
	}
	return false;
}

bool
fs_cred_owns(const struct fs_cred *cred, const struct inode *ino)
{
	return fs_cred_is_root(cred) || cred->fsuid == ino->uid;
}

/* The rwx bits of the one class (owner, group or other) cred falls in. */
static int
class_bits(const struct inode *ino, const struct fs_cred *cred)
{
	if (cred->fsuid == ino->uid)
		return (int)(ino->mode >> 6) & 7;
	if (fs_cred_in_group(cred, ino->gid))
		return (int)(ino->mode >> 3) & 7;
	return (int)ino->mode & 7;
}

/* A dynamic instance's file that takes writes (fs_dyn_ops.writable). */
static bool
dyn_writable(const struct inode *ino)
{
	return S_ISREG(ino->mode) && ino->sb->dyn->writable != NULL &&
	    ino->sb->dyn->writable(ino);
}

int
fs_permission(const struct inode *ino, const struct fs_cred *cred, int mask)
{
	mask &= FS_MAY_READ | FS_MAY_WRITE | FS_MAY_EXEC;
	/*
	 * Linux's sb_permission(): nothing is written on a read-only mount,
	 * but device nodes, FIFOs and sockets there stay writable (the write
	 * goes to the device, not to the file system).
	 */
	if ((mask & FS_MAY_WRITE) && ino->sb->rdonly &&
	    (S_ISREG(ino->mode) || S_ISDIR(ino->mode) || S_ISLNK(ino->mode)))
		return -EROFS;
	/*
	 * A dynamic instance (procfs) has no way to store anything: refuse
	 * writing, creating and removing there to everyone, root included,
	 * before create.c or remove.c would touch its empty entry lists.
	 * The exception is a file the instance can take writes for (a
	 * /proc/sys setting): its mode bits then decide, as for any file.
	 */
	if ((mask & FS_MAY_WRITE) && ino->sb->dyn != NULL && !dyn_writable(ino))
		return -EACCES;
	if (cred == NULL)
		return 0;
	if ((class_bits(ino, cred) & mask) == mask)
		return 0;
	if (cred->fsuid != 0)
		return -EACCES;
	/*
	 * Root's override: read, write and directory search always; execute
	 * only what somebody may execute, so a data file is never run.
	 */
	if (!(mask & FS_MAY_EXEC) || S_ISDIR(ino->mode) ||
	    (ino->mode & FS_MODE_XUGO))
		return 0;
	return -EACCES;
}

int
may_create(const struct inode *dir, const struct fs_cred *cred)
{
	/* A removed directory takes no new names, even from root. */
	if (dir->nlink == 0)
		return -ENOENT;
	return fs_permission(dir, cred, FS_MAY_WRITE | FS_MAY_EXEC);
}

/*
 * In a sticky directory (/tmp), only the file's owner, the directory's
 * owner or root may remove or rename a name.
 */
static bool
sticky_denies(const struct inode *dir, const struct inode *victim,
    const struct fs_cred *cred)
{
	if (!(dir->mode & S_ISVTX) || fs_cred_is_root(cred))
		return false;
	return cred->fsuid != victim->uid && cred->fsuid != dir->uid;
}

int
may_delete(const struct inode *dir, const struct inode *victim, bool isdir,
    const struct fs_cred *cred)
{
	int r = fs_permission(dir, cred, FS_MAY_WRITE | FS_MAY_EXEC);

	if (r != 0)
		return r;
	if (sticky_denies(dir, victim, cred))
		return -EPERM;
	if (isdir) {
		if (!S_ISDIR(victim->mode))
			return -ENOTDIR;
		if (victim == victim->sb->root)
			return -EBUSY;
	} else if (S_ISDIR(victim->mode)) {
		return -EISDIR;
	}
	return 0;
}

/* Sticky and writable by everyone: /tmp, /dev/shm, /var/tmp. */
static bool
sticky_world_writable(const struct inode *dir)
{
	return (dir->mode & (S_ISVTX | S_IWOTH)) == (S_ISVTX | S_IWOTH);
}

int
fs_may_follow_link(const struct inode *dir, const struct inode *link,
    const struct fs_cred *cred)
{
	/* Root is not exempt: the attack is on root following a plant. */
	if (!fs_protect.symlinks || cred == NULL || cred->fsuid == link->uid ||
	    !sticky_world_writable(dir) || dir->uid == link->uid)
		return 0;
	return -EACCES;
}

int
fs_may_open_in_sticky(const struct inode *dir, const struct inode *ino,
    const struct fs_cred *cred)
{
	int level = S_ISREG(ino->mode) ? fs_protect.regular :
	    S_ISFIFO(ino->mode) ? fs_protect.fifos : 2;

	if (!(dir->mode & S_ISVTX) || level == 0 || cred == NULL ||
	    ino->uid == dir->uid || ino->uid == cred->fsuid)
		return 0;
	if (dir->mode & S_IWOTH)
		return -EACCES;
	/* Level 2 also covers group-writable sticky directories. */
	if ((dir->mode & S_IWGRP) && level >= 2 &&
	    (S_ISREG(ino->mode) || S_ISFIFO(ino->mode)))
		return -EACCES;
	return 0;
}
