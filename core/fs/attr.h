/*
 * attr.h - reading and changing an inode's attributes: stat, chmod,
 * chown, utimensat, readlink.
 *
 * The setters take the caller's credentials and apply Linux's rules
 * (notify_change, setattr_prepare, chown_ok): each returns 0 or -errno and
 * sets ctime on success.
 */
#ifndef CUB_FS_ATTR_H
#define CUB_FS_ATTR_H

#include <stddef.h>
#include <stdint.h>

#include "fs/inode.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fs_cred;

/* Everything struct stat and struct statx report. */
struct fs_stat {
	uint32_t dev_major, dev_minor;
	uint64_t ino;
	uint32_t mode;
	uint32_t nlink;
	uint32_t uid, gid;
	uint32_t rdev_major, rdev_minor;
	uint64_t size;
	uint32_t blksize;       /* preferred I/O size: a page */
	uint64_t blocks;        /* 512-byte units actually allocated */
	struct fs_time atime, mtime, ctime, btime;
};

/* For fs_chown: leave this id as it is (chown's -1). */
#define FS_ID_UNCHANGED ((uint32_t)-1)

void fs_getattr(const struct inode *ino, struct fs_stat *st);

/*
 * chmod: the owner or root only (EPERM); the type bits of mode are
 * ignored; set-group-ID is dropped when the caller is neither root nor in
 * the file's group.  EOPNOTSUPP for a symlink (fchmodat with
 * AT_SYMLINK_NOFOLLOW), as Linux.
 */
int fs_chmod(struct inode *ino, const struct fs_cred *cred, uint32_t mode);

/*
 * chown, with FS_ID_UNCHANGED for either id.  Root may set anything; the
 * owner may only set the group to one they are in (EPERM otherwise).  On
 * anything but a directory it clears set-user-ID, and set-group-ID when
 * group-execute is set (or the caller is not root and outside the group).
 */
int fs_chown(struct inode *ino, const struct fs_cred *cred, uint32_t uid,
    uint32_t gid);

/*
 * utimensat: times[0] is atime, times[1] mtime; nsec may be FS_UTIME_NOW
 * or FS_UTIME_OMIT (mode.h); times NULL means both now.  Setting both to
 * now needs ownership, root or write permission (EACCES); anything else
 * needs ownership or root (EPERM).  EINVAL for nsec out of range; the
 * syscall layer must itself reject a tv_nsec that does not fit in 32 bits
 * (negative, or 2^32 and more) rather than truncate it.
 */
int fs_utimens(struct inode *ino, const struct fs_cred *cred,
    const struct fs_time *times);

/*
 * readlink on an inode (readlinkat with AT_EMPTY_PATH): copies up to size
 * bytes of the target, without a NUL; returns the count, or -EINVAL for
 * what is not a symlink.  Updates the access time.
 */
long fs_readlink(struct inode *ino, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
