/*
 * fd.c - open file descriptions and descriptor tables.
 */
#include "fs/notify.h"
#include "fs/vfs.h"
#include "fs/fd.h"
#include "fs/poll.h"

#include "fs/inode.h"
#include "fs/locks.h"
#include "proc/process.h"
#include "proc/rlimit.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

#include <linux/inotify.h>
#include <linux/errno.h>

struct file *file_alloc(const struct file_ops *ops, void *priv, unsigned int flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return 0;
	f->ops = ops;
	f->priv = priv;
	f->flags = flags;
	f->refs = 1;
	return f;
}

void file_get(struct file *f)
{
	f->refs++;
}

void file_put(struct file *f)
{
	if (--f->refs > 0)
		return;
	if (f->epitems)
		epoll_file_release(f);
	vfs_notify_file(f, file_writable(f) ? IN_CLOSE_WRITE : IN_CLOSE_NOWRITE);
	if (f->ops->release)
		f->ops->release(f);
	if (f->inode)
		fs_put(f->inode);
	kfree(f->path);
	kfree(f);
}

/*
 * Closing any descriptor of a file drops the closer's record locks on it
 * (POSIX) and tells the file (its flush operation).
 */
static void release_locks(struct file *f)
{
	struct process *p = process_current();

	if (f->inode && p)
		posix_locks_release(p, f->inode);
	if (f->ops->flush)
		f->ops->flush(f);
}

struct fd_table *fd_table_create(void)
{
	struct fd_table *t = kzalloc(sizeof(*t));

	if (t)
		t->refs = 1;
	return t;
}

struct fd_table *fd_table_copy(const struct fd_table *t)
{
	struct fd_table *c = fd_table_create();

	if (!c)
		return 0;
	for (int i = 0; i < FD_MAX; i++) {
		c->files[i] = t->files[i];
		if (c->files[i])
			file_get(c->files[i]);
	}
	memcpy(c->cloexec, t->cloexec, sizeof(c->cloexec));
	return c;
}

void fd_table_put(struct fd_table *t)
{
	if (--t->refs > 0)
		return;
	for (int i = 0; i < FD_MAX; i++) {
		if (t->files[i]) {
			release_locks(t->files[i]);
			file_put(t->files[i]);
		}
	}
	kfree(t);
}

void fd_set_cloexec(struct fd_table *t, int fd, bool on)
{
	uint64_t bit = 1ULL << (fd % 64);

	if (on)
		t->cloexec[fd / 64] |= bit;
	else
		t->cloexec[fd / 64] &= ~bit;
}

int fd_limit(void)
{
	uint64_t cur = rlimit_cur(RLIMIT_NOFILE);

	return cur < FD_MAX ? (int)cur : FD_MAX;
}

int fd_install(struct fd_table *t, struct file *f, int min, bool cloexec)
{
	int limit = fd_limit();

	for (int fd = min < 0 ? 0 : min; fd < limit; fd++) {
		if (!t->files[fd]) {
			t->files[fd] = f;
			fd_set_cloexec(t, fd, cloexec);
			return fd;
		}
	}
	return -EMFILE;
}

struct file *fd_get(struct fd_table *t, int fd)
{
	if (fd < 0 || fd >= FD_MAX)
		return 0;
	return t->files[fd];
}

int fd_close(struct fd_table *t, int fd)
{
	struct file *f = fd_get(t, fd);

	if (!f)
		return -EBADF;
	t->files[fd] = 0;
	fd_set_cloexec(t, fd, false);
	release_locks(f);
	file_put(f);
	return 0;
}

void fd_close_on_exec(struct fd_table *t)
{
	for (int fd = 0; fd < FD_MAX; fd++)
		if (t->files[fd] && (t->cloexec[fd / 64] & (1ULL << (fd % 64))))
			fd_close(t, fd);
}
