/*
 * attr.c - stat, chmod, chown, utimensat and readlink (attr.h), with the
 * permission rules of Linux's fs/attr.c and fs/open.c.
 */
#include <linux/errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/attr.h"
#include "fs/hooks.h"
#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/notify.h"
#include "fs/ops.h"
#include "lib/kstring.h"

#include <linux/inotify.h>

#define NSEC_MAX 999999999u
#define SECTOR_SIZE 512u

void
fs_getattr(const struct inode *ino, struct fs_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev_major = ino->sb->dev_major;
	st->dev_minor = ino->sb->dev_minor;
	st->ino = ino->ino;
	st->mode = ino->mode;
	st->nlink = ino->nlink;
	st->uid = ino->uid;
	st->gid = ino->gid;
	st->rdev_major = ino->rdev_major;
	st->rdev_minor = ino->rdev_minor;
	st->size = ino->size;
	st->blksize = FS_PAGE_SIZE;
	/* Holes cost nothing; directories and symlinks live in the heap. */
	if (S_ISREG(ino->mode))
		st->blocks = ino->u.pages.count * (FS_PAGE_SIZE / SECTOR_SIZE);
	st->atime = ino->atime;
	st->mtime = ino->mtime;
	st->ctime = ino->ctime;
	st->btime = ino->btime;
	if (ino->sb->dyn != NULL && ino->sb->dyn->getattr != NULL)
		ino->sb->dyn->getattr(ino, st);
}

int
fs_chmod(struct inode *ino, const struct fs_cred *cred, uint32_t mode)
{
	if (S_ISLNK(ino->mode))
		return -EOPNOTSUPP;
	if (ino->sb->rdonly)
		return -EROFS;
	if (!fs_cred_owns(cred, ino))
		return -EPERM;
	mode &= FS_MODE_PERM;
	if (!fs_cred_is_root(cred) && !fs_cred_in_group(cred, ino->gid))
		mode &= ~(uint32_t)S_ISGID;
	ino->mode = (ino->mode & S_IFMT) | mode;
	inode_touch_c(ino);
	fs_notify(ino, IN_ATTRIB);
	return 0;
}

/* Linux's chown_ok() and chgrp_ok(). */
static int
may_chown(const struct inode *ino, const struct fs_cred *cred, uint32_t uid,
    uint32_t gid)
{
	if (fs_cred_is_root(cred))
		return 0;
	if (uid != FS_ID_UNCHANGED &&
	    (cred->fsuid != ino->uid || uid != ino->uid))
		return -EPERM;
	if (gid != FS_ID_UNCHANGED && (cred->fsuid != ino->uid ||
	    (gid != ino->gid && !fs_cred_in_group(cred, gid))))
		return -EPERM;
	return 0;
}

int
fs_chown(struct inode *ino, const struct fs_cred *cred, uint32_t uid,
    uint32_t gid)
{
	int r = ino->sb->rdonly ? -EROFS : may_chown(ino, cred, uid, gid);

	if (r != 0)
		return r;
	/* chown_common(): a new owner must not inherit set-ID powers. */
	if (!S_ISDIR(ino->mode)) {
		uint32_t kill = S_ISUID;

		if ((ino->mode & S_ISGID) && ((ino->mode & S_IXGRP) ||
		    (!fs_cred_is_root(cred) && !fs_cred_in_group(cred, ino->gid))))
			kill |= S_ISGID;
		ino->mode &= ~kill;
	}
	if (uid != FS_ID_UNCHANGED)
		ino->uid = uid;
	if (gid != FS_ID_UNCHANGED)
		ino->gid = gid;
	inode_touch_c(ino);
	fs_notify(ino, IN_ATTRIB);
	return 0;
}

static bool
nsec_ok(uint32_t nsec)
{
	return nsec <= NSEC_MAX || nsec == FS_UTIME_NOW || nsec == FS_UTIME_OMIT;
}

/* One of the two times: omitted, now, or as given. */
static void
set_time(struct fs_time *t, const struct fs_time *want, struct fs_time now)
{
	if (want->nsec == FS_UTIME_OMIT)
		return;
	*t = want->nsec == FS_UTIME_NOW ? now : *want;
}

/* Linux's fsnotify_change: both times are a utime call (IN_ATTRIB);
   one alone is an access or a modification. */
static uint32_t
utimens_mask(const struct fs_time *times)
{
	if (times[0].nsec == FS_UTIME_OMIT)
		return IN_MODIFY;
	if (times[1].nsec == FS_UTIME_OMIT)
		return IN_ACCESS;
	return IN_ATTRIB;
}

int
fs_utimens(struct inode *ino, const struct fs_cred *cred,
    const struct fs_time *times)
{
	static const struct fs_time both_now[2] = {
		{ 0, FS_UTIME_NOW }, { 0, FS_UTIME_NOW },
	};
	struct fs_time now = fs_now();

	if (times == NULL)
		times = both_now;
	if (!nsec_ok(times[0].nsec) || !nsec_ok(times[1].nsec))
		return -EINVAL;
	if (times[0].nsec == FS_UTIME_OMIT && times[1].nsec == FS_UTIME_OMIT)
		return 0;
	if (ino->sb->rdonly)
		return -EROFS;
	if (!fs_cred_owns(cred, ino)) {
		/* "Touch" needs only write access; explicit times ownership. */
		if (times[0].nsec != FS_UTIME_NOW || times[1].nsec != FS_UTIME_NOW)
			return -EPERM;
		if (fs_permission(ino, cred, FS_MAY_WRITE) != 0)
			return -EACCES;
	}
	set_time(&ino->atime, &times[0], now);
	set_time(&ino->mtime, &times[1], now);
	ino->ctime = now;
	fs_notify(ino, utimens_mask(times));
	return 0;
}

long
fs_readlink(struct inode *ino, char *buf, size_t size)
{
	if (!S_ISLNK(ino->mode))
		return -EINVAL;
	if (size > ino->size)
		size = (size_t)ino->size;
	memcpy(buf, ino->u.target, size);
	inode_touch_atime(ino);
	return (long)size;
}

long
fs_readlinkat(const struct fs_ctx *ctx, const char *path, char *buf,
    size_t size)
{
	struct inode *ino;
	long r = fs_lookup(ctx, path, 0, &ino);

	if (r != 0)
		return r;
	r = fs_readlink(ino, buf, size);
	fs_put(ino);
	return r;
}
