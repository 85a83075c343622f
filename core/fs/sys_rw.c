/*
 * sys_rw.c - syscalls on descriptors: read, write, writev, ioctl, fstat.
 */
#include "fs/fd.h"
#include "fs/inode.h"
#include "fs/vfs.h"
#include "lib/kstring.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "sys/syscall.h"

#include <asm/ioctls.h>
#include <linux/fcntl.h>
#include <linux/uio.h>

/* The access mode an open file was opened with (open(2): O_PATH files
   allow neither). */
bool file_readable(const struct file *f)
{
	unsigned int mode = f->flags & O_ACCMODE;
	return !(f->flags & O_PATH) && (mode == O_RDONLY || mode == O_RDWR);
}

bool file_writable(const struct file *f)
{
	unsigned int mode = f->flags & O_ACCMODE;
	return !(f->flags & O_PATH) && (mode == O_WRONLY || mode == O_RDWR);
}

int file_check_io(const struct file *f, bool write)
{
	if (!f || !(write ? file_writable(f) : file_readable(f)))
		return -EBADF;
	bool can = write ? f->ops->write != 0 : f->ops->read != 0;
	return can ? 0 : -EINVAL;
}

static struct file *current_file(int fd)
{
	return fd_get(process_current()->fds, fd);
}

SYSCALL_DEFINE3(read, int, fd, void *, buf, size_t, count)
{
	struct file *f = current_file(fd);
	int r = file_check_io(f, false);

	if (r)
		return r;
	if (!user_range_ok((uint64_t)buf, count))
		return -EFAULT;
	return f->ops->read(f, buf, count);
}

SYSCALL_DEFINE3(write, int, fd, const void *, buf, size_t, count)
{
	struct file *f = current_file(fd);
	int r = file_check_io(f, true);

	if (r)
		return r;
	if (!user_range_ok((uint64_t)buf, count))
		return -EFAULT;
	return f->ops->write(f, buf, count);
}

/*
 * readv and writev: one transfer per iovec, stopping at the first short
 * one, as Linux does for files without a vectored operation.
 */
long iov_transfer(struct file *f, const struct iovec *iov, int iovcnt, bool write)
{
	long total = 0;

	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		return -EINVAL;
	for (int i = 0; i < iovcnt; i++) {
		struct iovec v;
		if (copy_from_user(&v, &iov[i], sizeof(v)))
			return total ? total : -EFAULT;
		if (v.iov_len == 0)
			continue;
		if (!user_range_ok((uint64_t)v.iov_base, v.iov_len))
			return total ? total : -EFAULT;
		long r = write ? f->ops->write(f, v.iov_base, v.iov_len)
		               : f->ops->read(f, v.iov_base, v.iov_len);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((size_t)r < v.iov_len)
			break;
	}
	return total;
}

SYSCALL_DEFINE3(writev, int, fd, const struct iovec *, iov, int, iovcnt)
{
	struct file *f = current_file(fd);
	int r = file_check_io(f, true);

	return r ? r : iov_transfer(f, iov, iovcnt, true);
}

SYSCALL_DEFINE1(fsync, int, fd)
{
	struct file *f = current_file(fd);

	if (!f)
		return -EBADF;
	/* tmpfs and devices hold nothing to write back; pipes cannot sync. */
	return (f->inode || f->ops->llseek) ? 0 : -EINVAL;
}

SYSCALL_DEFINE1(fdatasync, int, fd)
{
	return sys_fsync((uint64_t)fd, 0, 0, 0, 0, 0);
}

SYSCALL_DEFINE1(syncfs, int, fd)
{
	return current_file(fd) ? 0 : -EBADF;
}

SYSCALL_DEFINE0(sync)
{
	return 0;
}

SYSCALL_DEFINE3(ioctl, int, fd, unsigned int, cmd, uint64_t, arg)
{
	struct file *f = current_file(fd);

	if (!f || (f->flags & O_PATH))
		return -EBADF;
	/* The commands every file takes, before its own (do_vfs_ioctl). */
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		fd_set_cloexec(process_current()->fds, fd, cmd == FIOCLEX);
		return 0;
	case FIONBIO: {
		int on;
		if (copy_from_user(&on, (const void *)arg, sizeof(on)))
			return -EFAULT;
		f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~(unsigned int)O_NONBLOCK;
		return 0;
	}
	}
	if (!f->ops->ioctl)
		return -ENOTTY;
	return f->ops->ioctl(f, cmd, arg);
}

long stat_file(struct file *f, struct stat *ust)
{
	struct stat st;

	if (!f)
		return -EBADF;
	/* A file with a node (a device too) reports the node, as Linux. */
	if (f->inode)
		vfs_stat_inode(f->inode, &st);
	else if (!f->ops->stat)
		return -EBADF;
	else if (f->ops->stat(f, &st))
		return -EIO;
	return copy_to_user(ust, &st, sizeof(st));
}

SYSCALL_DEFINE2(fstat, int, fd, struct stat *, st)
{
	return stat_file(current_file(fd), st);
}
