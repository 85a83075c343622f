/*
 * sys_open.c - opening, closing and positioning: openat, open, creat,
 * close, lseek, pread64, pwrite64, readv, getdents64, dup, dup2, dup3,
 * fcntl.
 */
#include "fs/notify.h"
#include "fs/fd.h"
#include "fs/inode.h"
#include "fs/locks.h"
#include "fs/ops.h"
#include "fs/vfs.h"
#include "fs/shmem.h"
#include "ipc/pipe.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "sys/syscall.h"

#include <linux/fcntl.h>
#include <linux/inotify.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/stat.h>
#include <linux/uio.h>

/* Flags openat keeps on the open file (F_GETFL shows them). */
#define O_STATUS_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK | O_DSYNC | O_SYNC | O_DIRECT | \
                        O_NOATIME | O_LARGEFILE | O_PATH | FASYNC)
/* Everything openat accepts (others are ignored, as Linux does). */
#define O_VALID_FLAGS (O_STATUS_FLAGS | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_DIRECTORY | \
                       O_NOFOLLOW | O_CLOEXEC | O_TMPFILE)

static struct fd_table *fds(void)
{
	return process_current()->fds;
}

/*
 * The absolute form of the path a file was opened by (Linux keeps the
 * dentry; cub keeps the name): what /proc/PID/fd/N shows.  NULL when
 * memory is short; the open itself does not depend on it.
 */
static char *absolute_path(const struct fs_ctx *ctx, const char *upath)
{
	char *abs = kmalloc(PATH_MAX);
	size_t len = 0;

	if (!abs)
		return 0;
	long n = strncpy_from_user(abs, upath, PATH_MAX);
	if (n < 0) {
		kfree(abs);
		return 0;
	}
	if (abs[0] == '/')
		return abs;
	char *rel = kmalloc((size_t)n + 1);
	if (!rel) {
		kfree(abs);
		return 0;
	}
	memcpy(rel, abs, (size_t)n + 1);
	long r = vfs_inode_path(ctx->root, ctx->cwd ? ctx->cwd : ctx->root, abs, PATH_MAX);
	len = r > 1 ? (size_t)r : 0;
	if (len + 1 + (size_t)n < PATH_MAX) {
		abs[len] = '/';
		memcpy(abs + len + 1, rel, (size_t)n + 1);
	}
	kfree(rel);
	return abs;
}

long do_openat(int dfd, const char *upath, int flags, uint32_t mode)
{
	char *path = kmalloc(PATH_MAX);
	struct fs_ctx ctx;
	struct inode *ino;

	if (!path)
		return -ENOMEM;
	long r = vfs_get_path(upath, path, PATH_MAX, 0);
	/* An absolute path never looks at dfd, even an invalid one. */
	if (r >= 0)
		r = vfs_ctx_at(path[0] == '/' ? AT_FDCWD : dfd, &ctx);
	if (r >= 0) {
		/* O_PATH ignores everything but a few flags (open(2)). */
		if (flags & O_PATH)
			flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
		mode = (mode & 07777) & ~process_current()->umask;
		r = fs_open(&ctx, path, flags, mode, &ino);
	}
	kfree(path);
	if (r < 0)
		return r;
	int err;
	/* O_NOCTTY rides along for terminals; vfs_file_open keeps it out of
	   the file's status flags. */
	struct file *f = vfs_file_open(ino, (unsigned)flags & (O_STATUS_FLAGS | O_NOCTTY), &err);
	if (!f)
		return err;
	f->path = absolute_path(&ctx, upath);
	vfs_notify_file(f, IN_OPEN);
	r = fd_install(fds(), f, 0, (flags & O_CLOEXEC) != 0);
	if (r < 0)
		file_put(f);
	return r;
}

SYSCALL_DEFINE4(openat, int, dfd, const char *, path, int, flags, uint32_t, mode)
{
	return do_openat(dfd, path, flags, mode);
}

SYSCALL_DEFINE3(open, const char *, path, int, flags, uint32_t, mode)
{
	return do_openat(AT_FDCWD, path, flags, mode);
}

SYSCALL_DEFINE2(creat, const char *, path, uint32_t, mode)
{
	return do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

SYSCALL_DEFINE1(close, int, fd)
{
	return fd_close(fds(), fd);
}

SYSCALL_DEFINE3(lseek, int, fd, int64_t, off, int, whence)
{
	struct file *f = fd_get(fds(), fd);

	if (!f || (f->flags & O_PATH))
		return -EBADF;
	if (!f->ops->llseek)
		return -ESPIPE;
	return f->ops->llseek(f, off, whence);
}

/* pread/pwrite: I/O at an offset without moving the file position. */
static long positioned(int fd, void *buf, size_t n, int64_t off, bool write)
{
	struct file *f = fd_get(fds(), fd);

	if (!f || (f->flags & O_PATH))
		return -EBADF;
	if (off < 0)
		return -EINVAL;
	if (!f->ops->llseek)
		return -ESPIPE;
	int err = file_check_io(f, write);
	if (err)
		return err;
	if (!user_range_ok((uint64_t)buf, n))
		return -EFAULT;
	/* With O_APPEND, Linux's pwrite appends whatever the offset
	   (pwrite(2), BUGS); the regular-file write does exactly that. */
	uint64_t saved = f->pos;
	f->pos = (uint64_t)off;
	long r = write ? f->ops->write(f, buf, n) : f->ops->read(f, buf, n);
	f->pos = saved;
	return r;
}

SYSCALL_DEFINE4(pread64, int, fd, void *, buf, size_t, n, int64_t, off)
{
	return positioned(fd, buf, n, off, false);
}

SYSCALL_DEFINE4(pwrite64, int, fd, const void *, buf, size_t, n, int64_t, off)
{
	return positioned(fd, (void *)buf, n, off, true);
}


SYSCALL_DEFINE3(readv, int, fd, const struct iovec *, iov, int, iovcnt)
{
	struct file *f = fd_get(fds(), fd);
	int r = file_check_io(f, false);

	return r ? r : iov_transfer(f, iov, iovcnt, false);
}

/* preadv/pwritev: readv/writev at an offset (the high word is 0 on
   x86-64, where the low one holds all 64 bits). */
static long positioned_iov(int fd, const struct iovec *iov, int cnt, int64_t off, bool write)
{
	struct file *f = fd_get(fds(), fd);

	int err = file_check_io(f, write);

	if (err)
		return err;
	if (off < 0)
		return -EINVAL;
	if (!f->ops->llseek)
		return -ESPIPE;
	uint64_t saved = f->pos;
	f->pos = (uint64_t)off;
	long r = iov_transfer(f, iov, cnt, write);
	f->pos = saved;
	return r;
}

SYSCALL_DEFINE5(preadv, int, fd, const struct iovec *, iov, int, cnt, int64_t, off, int64_t, hi)
{
	(void)hi;
	return positioned_iov(fd, iov, cnt, off, false);
}

SYSCALL_DEFINE5(pwritev, int, fd, const struct iovec *, iov, int, cnt, int64_t, off, int64_t, hi)
{
	(void)hi;
	return positioned_iov(fd, iov, cnt, off, true);
}

SYSCALL_DEFINE3(getdents64, int, fd, void *, buf, size_t, n)
{
	struct file *f = fd_get(fds(), fd);

	if (!f || (f->flags & O_PATH))
		return -EBADF;
	if (!f->ops->getdents)
		return -ENOTDIR;
	if (!user_range_ok((uint64_t)buf, n))
		return -EFAULT;
	return f->ops->getdents(f, buf, n);
}

static long dup_to(int oldfd, int newfd, bool cloexec)
{
	struct file *f = fd_get(fds(), oldfd);

	if (!f)
		return -EBADF;
	if (newfd < 0 || newfd >= fd_limit())
		return -EBADF; /* dup2(2): newfd out of the allowed range */
	if (oldfd == newfd)
		return newfd;
	file_get(f);
	fd_close(fds(), newfd);
	return fd_install(fds(), f, newfd, cloexec);
}

SYSCALL_DEFINE1(dup, int, fd)
{
	struct file *f = fd_get(fds(), fd);

	if (!f)
		return -EBADF;
	file_get(f);
	long r = fd_install(fds(), f, 0, false);
	if (r < 0)
		file_put(f);
	return r;
}

SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	return dup_to(oldfd, newfd, false);
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return dup_to(oldfd, newfd, (flags & O_CLOEXEC) != 0);
}

SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, uint64_t, arg)
{
	struct fd_table *t = fds();
	struct file *f = fd_get(t, fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		/* fcntl(2): EINVAL when arg is negative or not below
		   RLIMIT_NOFILE (arg is unsigned long in Linux). */
		if (arg >= (uint64_t)fd_limit())
			return -EINVAL;
		file_get(f);
		long r = fd_install(t, f, (int)arg, cmd == F_DUPFD_CLOEXEC);
		if (r < 0)
			file_put(f);
		return r;
	}
	case F_GETFD:
		return (t->cloexec[fd / 64] >> (fd % 64)) & 1 ? FD_CLOEXEC : 0;
	case F_SETFD:
		if (arg & FD_CLOEXEC)
			t->cloexec[fd / 64] |= 1ULL << (fd % 64);
		else
			t->cloexec[fd / 64] &= ~(1ULL << (fd % 64));
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL: {
		/* Only these may change after open (fcntl(2)). */
		unsigned changeable = O_APPEND | O_NONBLOCK | FASYNC | O_DIRECT | O_NOATIME;
		f->flags = (f->flags & ~changeable) | ((unsigned)arg & changeable);
		return 0;
	}
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		return posix_lock_fcntl(f, cmd, arg);
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		return pipe_fcntl(f, (unsigned int)cmd, arg);
	case F_ADD_SEALS:
	case F_GET_SEALS:
		/* Linux passes the argument on as an unsigned int. */
		return memfd_fcntl(f, (unsigned int)cmd, (uint32_t)arg);
	default:
		return -EINVAL;
	}
}
