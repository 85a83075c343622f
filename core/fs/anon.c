/*
 * anon.c - anonymous-inode files (anon.h).
 */
#include "fs/anon.h"

#include "fs/fd.h"
#include "lib/kstring.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/sched.h"

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/stat.h>

/* The inode number every anonymous file reports: there is one anon
   inode in Linux, and 1 stands for its number. */
#define ANON_INO 1

int anon_stat(struct file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IRUSR | S_IWUSR;
	st->st_nlink = 1;
	st->st_ino = ANON_INO;
	st->st_blksize = 4096;
	return 0;
}

int64_t noop_llseek(struct file *f, int64_t off, int whence)
{
	(void)off;
	(void)whence;
	return (int64_t)f->pos;
}

int anon_priv_of(int fd, const struct file_ops *ops, void **priv)
{
	struct file *f = fd_get(process_current()->fds, fd);

	if (!f)
		return -EBADF;
	if (f->ops != ops)
		return -EINVAL;
	*priv = f->priv;
	return 0;
}

int file_wait_until(struct file *f, struct waitq *wq, uint64_t deadline)
{
	if (f->flags & O_NONBLOCK)
		return -EAGAIN;
	if (signal_pending())
		return -ERESTARTSYS;
	waitq_block_interruptible(wq, deadline);
	return 0;
}

int file_wait(struct file *f, struct waitq *wq)
{
	return file_wait_until(f, wq, 0);
}

int anon_getfd(const struct file_ops *ops, void *priv, unsigned int flags, bool cloexec)
{
	struct file *f = file_alloc(ops, priv, O_RDWR | flags);

	if (!f) {
		struct file unmade = { .ops = ops, .priv = priv };
		if (ops->release)
			ops->release(&unmade);
		return -ENOMEM;
	}
	int fd = fd_install(process_current()->fds, f, 0, cloexec);
	if (fd < 0)
		file_put(f);
	return fd;
}
