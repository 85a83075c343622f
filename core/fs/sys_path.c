/*
 * sys_path.c - syscalls that name files by path: the stat family, mkdir,
 * mknod, unlink, rmdir, rename, link, symlink, readlink, chmod, chown,
 * utimensat, truncate, access, chdir, getcwd, umask.
 *
 * Each copies the path, builds the caller's context (root, working or
 * dfd directory, credentials) and hands the work to the file-system core
 * (fs/ops.h), which holds Linux's rules.
 */
#include "cred/cred.h"
#include "fs/attr.h"
#include "fs/dir.h"
#include "fs/fd.h"
#include "fs/file.h"
#include "fs/inode.h"
#include "fs/mode.h"
#include "fs/namei.h"
#include "fs/ops.h"
#include "fs/vfs.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "sys/syscall.h"

#include <linux/fcntl.h>
#include <linux/inotify.h>
#include <linux/limits.h>
#include <linux/stat.h>
#include <linux/time_types.h>

/* A kernel copy of a user path and the context it is relative to. */
struct upath {
	char *path;
	struct fs_ctx ctx;
};

static long upath_get(struct upath *u, int dfd, const char *upath, bool empty_ok)
{
	u->path = kmalloc(PATH_MAX);
	if (!u->path)
		return -ENOMEM;
	long r = vfs_get_path(upath, u->path, PATH_MAX, empty_ok);
	if (r >= 0) {
		/* An absolute path never looks at dfd; an empty one (with
		   AT_EMPTY_PATH) names dfd itself, which need not be a
		   directory. */
		r = (u->path[0] == '/' || u->path[0] == 0) ? vfs_ctx_at(AT_FDCWD, &u->ctx)
		                                           : vfs_ctx_at(dfd, &u->ctx);
	}
	if (r < 0) {
		kfree(u->path);
		u->path = 0;
	}
	return r;
}

static void upath_put(struct upath *u)
{
	kfree(u->path);
}

/* The inode a path (or, with AT_EMPTY_PATH and "", dfd itself) names,
   walked with cred (faccessat passes the real ids). */
static long lookup_at_as(int dfd, const char *upath, int flags, const struct fs_cred *cred,
                         struct inode **out)
{
	struct upath u;
	long r = upath_get(&u, dfd, upath, (flags & AT_EMPTY_PATH) != 0);

	if (r < 0)
		return r;
	u.ctx.cred = cred;
	if (u.path[0] == 0) {
		struct file *f = fd_get(process_current()->fds, dfd);
		r = (dfd == AT_FDCWD) ? 0 : (!f ? -EBADF : (f->inode ? 0 : -EBADF));
		if (!r)
			*out = fs_get(dfd == AT_FDCWD ? process_current()->cwd : f->inode);
	} else {
		r = fs_lookup(&u.ctx, u.path, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : FS_WALK_FOLLOW,
		              out);
	}
	upath_put(&u);
	return r;
}

/* The same, with the caller's file credentials. */
static long lookup_at(int dfd, const char *upath, int flags, struct inode **out)
{
	return lookup_at_as(dfd, upath, flags, current_fs_cred(), out);
}

static long do_stat(int dfd, const char *upath, struct stat *ust, int flags)
{
	struct inode *ino;
	struct stat st;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	/* glibc's fstat is newfstatat(fd, "", AT_EMPTY_PATH): a descriptor
	   with no inode (a pipe, an eventfd) answers as fstat does. */
	char first;
	if ((flags & AT_EMPTY_PATH) && dfd != AT_FDCWD &&
	    strncpy_from_user(&first, upath, 1) == 0) {
		struct file *f = fd_get(process_current()->fds, dfd);
		if (f && !f->inode)
			return stat_file(f, ust);
	}
	long r = lookup_at(dfd, upath, flags, &ino);
	if (r < 0)
		return r;
	vfs_stat_inode(ino, &st);
	fs_put(ino);
	return copy_to_user(ust, &st, sizeof(st));
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char *, path, struct stat *, st, int, flags)
{
	return do_stat(dfd, path, st, flags);
}

SYSCALL_DEFINE2(stat, const char *, path, struct stat *, st)
{
	return do_stat(AT_FDCWD, path, st, 0);
}

SYSCALL_DEFINE2(lstat, const char *, path, struct stat *, st)
{
	return do_stat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

static struct statx_timestamp stx_time(struct fs_time t)
{
	struct statx_timestamp s = { t.sec, t.nsec, 0 };
	return s;
}

SYSCALL_DEFINE5(statx, int, dfd, const char *, path, int, flags, unsigned int, mask,
                struct statx *, ubuf)
{
	struct inode *ino;
	struct fs_stat s;
	struct statx x;

	/* Every field is cheap to report, so mask only has to be valid. */
	if (mask & STATX__RESERVED)
		return -EINVAL;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	long r = lookup_at(dfd, path, flags, &ino);
	if (r < 0)
		return r;
	fs_getattr(ino, &s);
	fs_put(ino);
	memset(&x, 0, sizeof(x));
	x.stx_mask = STATX_BASIC_STATS | STATX_BTIME;
	x.stx_blksize = s.blksize;
	x.stx_nlink = s.nlink;
	x.stx_uid = s.uid;
	x.stx_gid = s.gid;
	x.stx_mode = (uint16_t)s.mode;
	x.stx_ino = s.ino;
	x.stx_size = s.size;
	x.stx_blocks = s.blocks;
	x.stx_atime = stx_time(s.atime);
	x.stx_btime = stx_time(s.btime);
	x.stx_ctime = stx_time(s.ctime);
	x.stx_mtime = stx_time(s.mtime);
	x.stx_rdev_major = s.rdev_major;
	x.stx_rdev_minor = s.rdev_minor;
	x.stx_dev_major = s.dev_major;
	x.stx_dev_minor = s.dev_minor;
	return copy_to_user(ubuf, &x, sizeof(x));
}

static long do_mkdirat(int dfd, const char *upath, uint32_t mode)
{
	struct upath u;
	long r = upath_get(&u, dfd, upath, false);

	if (r < 0)
		return r;
	r = fs_mkdirat(&u.ctx, u.path, (mode & 07777) & ~process_current()->umask);
	upath_put(&u);
	return r;
}

SYSCALL_DEFINE3(mkdirat, int, dfd, const char *, path, uint32_t, mode)
{
	return do_mkdirat(dfd, path, mode);
}

SYSCALL_DEFINE2(mkdir, const char *, path, uint32_t, mode)
{
	return do_mkdirat(AT_FDCWD, path, mode);
}

static long do_mknodat(int dfd, const char *upath, uint32_t mode, uint32_t dev)
{
	struct upath u;
	uint32_t type = mode & S_IFMT;

	if (type == 0)
		type = S_IFREG;
	if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO &&
	    type != S_IFSOCK)
		return -EINVAL;
	long r = upath_get(&u, dfd, upath, false);
	if (r < 0)
		return r;
	/* The new encoding of dev_t (huge_encode_dev's inverse). */
	uint32_t major = (dev >> 8) & 0xfff, minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
	r = fs_mknodat(&u.ctx, u.path, type | ((mode & 07777) & ~process_current()->umask), major,
	               minor);
	upath_put(&u);
	return r;
}

SYSCALL_DEFINE4(mknodat, int, dfd, const char *, path, uint32_t, mode, uint32_t, dev)
{
	return do_mknodat(dfd, path, mode, dev);
}

SYSCALL_DEFINE3(mknod, const char *, path, uint32_t, mode, uint32_t, dev)
{
	return do_mknodat(AT_FDCWD, path, mode, dev);
}

static long do_unlinkat(int dfd, const char *upath, int flags)
{
	struct upath u;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	long r = upath_get(&u, dfd, upath, false);
	if (r < 0)
		return r;
	r = fs_unlinkat(&u.ctx, u.path, flags);
	upath_put(&u);
	return r;
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char *, path, int, flags)
{
	return do_unlinkat(dfd, path, flags);
}

SYSCALL_DEFINE1(unlink, const char *, path)
{
	return do_unlinkat(AT_FDCWD, path, 0);
}

SYSCALL_DEFINE1(rmdir, const char *, path)
{
	return do_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

static long do_renameat2(int odfd, const char *oldp, int ndfd, const char *newp, unsigned flags)
{
	struct upath o, n;
	long r = upath_get(&o, odfd, oldp, false);

	if (r < 0)
		return r;
	r = upath_get(&n, ndfd, newp, false);
	if (r >= 0) {
		r = fs_renameat2(&o.ctx, o.path, &n.ctx, n.path, flags);
		upath_put(&n);
	}
	upath_put(&o);
	return r;
}

SYSCALL_DEFINE5(renameat2, int, odfd, const char *, oldp, int, ndfd, const char *, newp,
                unsigned int, flags)
{
	return do_renameat2(odfd, oldp, ndfd, newp, flags);
}

SYSCALL_DEFINE4(renameat, int, odfd, const char *, oldp, int, ndfd, const char *, newp)
{
	return do_renameat2(odfd, oldp, ndfd, newp, 0);
}

SYSCALL_DEFINE2(rename, const char *, oldp, const char *, newp)
{
	return do_renameat2(AT_FDCWD, oldp, AT_FDCWD, newp, 0);
}

static long do_linkat(int odfd, const char *oldp, int ndfd, const char *newp, int flags)
{
	struct upath o, n;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	long r = upath_get(&o, odfd, oldp, (flags & AT_EMPTY_PATH) != 0);
	if (r < 0)
		return r;
	r = upath_get(&n, ndfd, newp, false);
	if (r >= 0) {
		if (o.path[0] == 0) {
			struct inode *ino;
			r = lookup_at(odfd, oldp, AT_EMPTY_PATH, &ino);
			if (r >= 0) {
				r = fs_link(ino, &n.ctx, n.path);
				fs_put(ino);
			}
		} else {
			r = fs_linkat(&o.ctx, o.path, &n.ctx, n.path, flags & AT_SYMLINK_FOLLOW);
		}
		upath_put(&n);
	}
	upath_put(&o);
	return r;
}

SYSCALL_DEFINE5(linkat, int, odfd, const char *, oldp, int, ndfd, const char *, newp, int,
                flags)
{
	return do_linkat(odfd, oldp, ndfd, newp, flags);
}

SYSCALL_DEFINE2(link, const char *, oldp, const char *, newp)
{
	return do_linkat(AT_FDCWD, oldp, AT_FDCWD, newp, 0);
}

static long do_symlinkat(const char *utarget, int dfd, const char *upath)
{
	struct upath u;
	char *target = kmalloc(PATH_MAX);

	if (!target)
		return -ENOMEM;
	long r = vfs_get_path(utarget, target, PATH_MAX, false);
	if (r >= 0)
		r = upath_get(&u, dfd, upath, false);
	if (r >= 0) {
		r = fs_symlinkat(&u.ctx, target, u.path);
		upath_put(&u);
	}
	kfree(target);
	return r;
}

SYSCALL_DEFINE3(symlinkat, const char *, target, int, dfd, const char *, path)
{
	return do_symlinkat(target, dfd, path);
}

SYSCALL_DEFINE2(symlink, const char *, target, const char *, path)
{
	return do_symlinkat(target, AT_FDCWD, path);
}

static long do_readlinkat(int dfd, const char *upath, char *ubuf, int size)
{
	struct upath u;

	if (size <= 0)
		return -EINVAL;
	long r = upath_get(&u, dfd, upath, false);
	if (r < 0)
		return r;
	char *buf = kmalloc(PATH_MAX);
	r = buf ? fs_readlinkat(&u.ctx, u.path, buf, (size_t)size < PATH_MAX ? (size_t)size
	                                                                      : PATH_MAX)
	        : -ENOMEM;
	if (r > 0 && copy_to_user(ubuf, buf, (size_t)r))
		r = -EFAULT;
	kfree(buf);
	upath_put(&u);
	return r;
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char *, path, char *, buf, int, size)
{
	return do_readlinkat(dfd, path, buf, size);
}

SYSCALL_DEFINE3(readlink, const char *, path, char *, buf, int, size)
{
	return do_readlinkat(AT_FDCWD, path, buf, size);
}

static long chmod_at(int dfd, const char *upath, uint32_t mode, int flags)
{
	struct inode *ino;
	long r = lookup_at(dfd, upath, flags, &ino);

	if (r < 0)
		return r;
	r = fs_chmod(ino, current_fs_cred(), mode & 07777);
	fs_put(ino);
	return r;
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char *, path, uint32_t, mode)
{
	return chmod_at(dfd, path, mode, 0);
}

SYSCALL_DEFINE2(chmod, const char *, path, uint32_t, mode)
{
	return chmod_at(AT_FDCWD, path, mode, 0);
}

/* The inode behind fd, or NULL (EBADF).  Linux's fdget() refuses O_PATH
   descriptors, which only name a file: fchmod, fchown and futimens use
   that; fchdir takes them (fdget_raw), so it passes o_path_ok. */
static struct inode *fd_inode_of(int fd, bool o_path_ok)
{
	struct file *f = fd_get(process_current()->fds, fd);

	if (!f || (!o_path_ok && (f->flags & O_PATH)))
		return 0;
	return f->inode;
}

static struct inode *fd_inode(int fd)
{
	return fd_inode_of(fd, false);
}

/* A change through descriptor fd succeeded: the watches of the file's
   directory hear of it too (fs/ told the file's own). */
static long notify_fd_parent(int fd, long r, uint32_t mask)
{
	struct file *f = fd_get(process_current()->fds, fd);

	if (r == 0 && f && !(f->flags & O_PATH))
		vfs_notify_parent(f, mask);
	return r;
}

SYSCALL_DEFINE2(fchmod, int, fd, uint32_t, mode)
{
	struct inode *ino = fd_inode(fd);
	return ino ? notify_fd_parent(fd, fs_chmod(ino, current_fs_cred(), mode & 07777), IN_ATTRIB)
	           : -EBADF;
}

static long chown_at(int dfd, const char *upath, uint32_t uid, uint32_t gid, int flags)
{
	struct inode *ino;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	long r = lookup_at(dfd, upath, flags, &ino);
	if (r < 0)
		return r;
	r = fs_chown(ino, current_fs_cred(), uid, gid);
	fs_put(ino);
	return r;
}

SYSCALL_DEFINE5(fchownat, int, dfd, const char *, path, uint32_t, uid, uint32_t, gid, int,
                flags)
{
	return chown_at(dfd, path, uid, gid, flags);
}

SYSCALL_DEFINE3(chown, const char *, path, uint32_t, uid, uint32_t, gid)
{
	return chown_at(AT_FDCWD, path, uid, gid, 0);
}

SYSCALL_DEFINE3(lchown, const char *, path, uint32_t, uid, uint32_t, gid)
{
	return chown_at(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE3(fchown, int, fd, uint32_t, uid, uint32_t, gid)
{
	struct inode *ino = fd_inode(fd);
	return ino ? notify_fd_parent(fd, fs_chown(ino, current_fs_cred(), uid, gid), IN_ATTRIB)
	           : -EBADF;
}

SYSCALL_DEFINE4(utimensat, int, dfd, const char *, path, const struct __kernel_timespec *, utimes,
                int, flags)
{
	struct fs_time t[2];
	struct inode *ino;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes) {
		struct __kernel_timespec ts[2];
		if (copy_from_user(ts, utimes, sizeof(ts)))
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			if (ts[i].tv_nsec != FS_UTIME_NOW && ts[i].tv_nsec != FS_UTIME_OMIT &&
			    (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= 1000000000))
				return -EINVAL;
			t[i].sec = ts[i].tv_sec;
			t[i].nsec = (uint32_t)ts[i].tv_nsec;
		}
	} else {
		t[0].sec = t[1].sec = 0;
		t[0].nsec = t[1].nsec = (uint32_t)FS_UTIME_NOW;
	}
	/* A NULL path names dfd itself (the futimens form). */
	long r;
	if (!path) {
		ino = fd_inode(dfd);
		r = ino ? 0 : -EBADF;
		if (!r)
			fs_get(ino);
	} else {
		r = lookup_at(dfd, path, flags, &ino);
	}
	if (r < 0)
		return r;
	r = fs_utimens(ino, current_fs_cred(), t);
	fs_put(ino);
	return r;
}

SYSCALL_DEFINE2(truncate, const char *, upath, int64_t, length)
{
	struct upath u;
	long r = upath_get(&u, AT_FDCWD, upath, false);

	if (r < 0)
		return r;
	r = length < 0 ? -EINVAL : fs_truncateat(&u.ctx, u.path, length);
	upath_put(&u);
	return r;
}

SYSCALL_DEFINE2(ftruncate, int, fd, int64_t, length)
{
	struct file *f = fd_get(process_current()->fds, fd);

	/* Linux's do_sys_ftruncate order: the length, the descriptor, then
	   EINVAL for anything but a regular file open for writing (ftruncate(2)
	   allows EBADF or EINVAL there; Linux says EINVAL, also for pipes). */
	if (length < 0)
		return -EINVAL;
	if (!f || (f->flags & O_PATH))
		return -EBADF;
	if (!f->inode || !S_ISREG(f->inode->mode) || !file_writable(f))
		return -EINVAL;
	return notify_fd_parent(fd, fs_truncate(f->inode, length, current_fs_cred()), IN_MODIFY);
}

static long do_faccessat(int dfd, const char *upath, int mode, int flags)
{
	struct inode *ino;

	if (mode & ~(S_IRWXO))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	/* Without AT_EACCESS the check, path walk included, is made with the
	   real ids (Linux's access_override_creds), so root's override
	   applies only to a real uid 0. */
	const struct fs_cred *cred = current_fs_cred();
	struct fs_cred real;
	if (!(flags & AT_EACCESS)) {
		const struct cred *c = process_current()->cred;
		real = (struct fs_cred){ c->uid, c->gid, c->groups->gids, c->groups->count };
		cred = &real;
	}
	long r = lookup_at_as(dfd, upath, flags, cred, &ino);
	if (r < 0)
		return r;
	/* F_OK is existence; R_OK, W_OK, X_OK are the permission bits. */
	r = mode ? fs_permission(ino, cred, mode) : 0;
	fs_put(ino);
	return r;
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char *, path, int, mode)
{
	return do_faccessat(dfd, path, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dfd, const char *, path, int, mode, int, flags)
{
	return do_faccessat(dfd, path, mode, flags);
}

SYSCALL_DEFINE2(access, const char *, path, int, mode)
{
	return do_faccessat(AT_FDCWD, path, mode, 0);
}

static long set_cwd(struct inode *ino)
{
	struct process *p = process_current();

	if (!S_ISDIR(ino->mode)) {
		fs_put(ino);
		return -ENOTDIR;
	}
	long r = fs_permission(ino, current_fs_cred(), FS_MAY_EXEC);
	if (r) {
		fs_put(ino);
		return r;
	}
	fs_put(p->cwd);
	p->cwd = ino;
	return 0;
}

SYSCALL_DEFINE1(chdir, const char *, path)
{
	struct inode *ino;
	long r = lookup_at(AT_FDCWD, path, 0, &ino);

	return r < 0 ? r : set_cwd(ino);
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct inode *ino = fd_inode_of(fd, true);

	if (!ino)
		return -EBADF;
	return set_cwd(fs_get(ino));
}

SYSCALL_DEFINE2(getcwd, char *, ubuf, size_t, size)
{
	struct process *p = process_current();
	char *buf = kmalloc(PATH_MAX);

	if (!buf)
		return -ENOMEM;
	long r = vfs_inode_path(p->root, p->cwd, buf, PATH_MAX);
	if (r >= 0) {
		size_t len = (size_t)r + 1; /* with the NUL */
		if (len > size)
			r = -ERANGE;
		else if (copy_to_user(ubuf, buf, len))
			r = -EFAULT;
		else
			r = (long)len;
	}
	kfree(buf);
	return r;
}

SYSCALL_DEFINE1(umask, uint32_t, mask)
{
	struct process *p = process_current();
	uint32_t old = p->umask;

	p->umask = mask & 0777;
	return old;
}
