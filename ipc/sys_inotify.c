/*
 * sys_inotify.c - inotify_init, inotify_init1, inotify_add_watch and
 * inotify_rm_watch, and the instance's file operations (read, poll,
 * FIONREAD).  The watches and the queue are ipc/inotify.c's.
 */
#include "ipc/inotify.h"

#include "arch/x86_64/cpu.h"
#include "fs/anon.h"
#include "fs/fd.h"
#include "fs/fs.h"
#include "fs/notify.h"
#include "fs/poll.h"
#include "fs/vfs.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "sched/sched.h"
#include "sys/syscall.h"

#include <asm/ioctls.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/inotify.h>
#include <linux/limits.h>
#include <linux/poll.h>

/* The instance of an inotify file and the readers sleeping on it. */
struct inotify_file {
	struct inotify *in;
	struct waitq rwait;
};

static void inotify_wake(struct inotify *in)
{
	waitq_wake_all(&((struct inotify_file *)in->wake_ctx)->rwait);
}

/* The file system calls in with interrupts on: the queues and the
   wake-ups need them off. */
static void k_event(struct inode *ino, uint32_t mask, uint32_t cookie, const char *name,
                    size_t len)
{
	bool on = irq_save();
	inotify_fs_event(ino, mask, cookie, name, len);
	irq_restore(on);
}

static void k_gone(struct inode *ino)
{
	bool on = irq_save();
	inotify_fs_gone(ino);
	irq_restore(on);
}

static const struct fs_notify_ops k_ops = {
	.event = k_event,
	.inode_gone = k_gone,
};

/*
 * Linux's inotify_read: at least one whole event (EINVAL when the buffer
 * cannot hold the next one), then as many more as fit; blocks while the
 * queue is empty.
 */
static long inotify_read(struct file *f, void *buf, size_t n)
{
	struct inotify_file *x = f->priv;
	size_t done = 0;
	int r = 0;
	char *ev = kmalloc(sizeof(struct inotify_event) + NAME_MAX + 16);

	if (!ev)
		return -ENOMEM;
	bool on = irq_save();
	while (!inotify_next_size(x->in) && !(r = file_wait(f, &x->rwait)))
		;
	while (!r) {
		size_t sz = inotify_next_size(x->in);
		if (!sz)
			break;
		if (sz > n - done) {
			if (!done)
				r = -EINVAL;
			break;
		}
		inotify_take(x->in, ev);
		irq_restore(on);
		if (copy_to_user((char *)buf + done, ev, sz))
			r = -EFAULT;
		else
			done += sz;
		on = irq_save();
	}
	irq_restore(on);
	kfree(ev);
	return done ? (long)done : r;
}

static unsigned int inotify_poll(struct file *f)
{
	struct inotify_file *x = f->priv;

	return inotify_next_size(x->in) ? POLLIN | POLLRDNORM : 0;
}

static void inotify_poll_register(struct file *f, struct poll_table *pt)
{
	poll_table_add(pt, &((struct inotify_file *)f->priv)->in->ph);
}

static long inotify_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct inotify_file *x = f->priv;

	if (cmd != FIONREAD)
		return -ENOTTY;
	bool on = irq_save();
	int n = (int)x->in->bytes;
	irq_restore(on);
	return copy_to_user((void *)arg, &n, sizeof(n)) ? -EFAULT : 0;
}

static void inotify_release(struct file *f)
{
	struct inotify_file *x = f->priv;
	bool on = irq_save();

	inotify_free(x->in);
	irq_restore(on);
	kfree(x);
}

static const struct file_ops inotify_ops = {
	.read = inotify_read,
	.poll = inotify_poll,
	.poll_register = inotify_poll_register,
	.ioctl = inotify_ioctl,
	.stat = anon_stat,
	.llseek = noop_llseek,
	.release = inotify_release,
	.anon_name = "inotify",
};

static long do_inotify_init(int flags)
{
	/* IN_CLOEXEC and IN_NONBLOCK are O_CLOEXEC and O_NONBLOCK. */
	if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
		return -EINVAL;
	fs_notify_set_ops(&k_ops);
	struct inotify_file *x = kzalloc(sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->in = inotify_new(INOTIFY_MAX_QUEUED);
	if (!x->in) {
		kfree(x);
		return -ENOMEM;
	}
	x->in->wake = inotify_wake;
	x->in->wake_ctx = x;
	waitq_init(&x->rwait);
	return anon_getfd(&inotify_ops, x, (unsigned)flags & O_NONBLOCK, (flags & IN_CLOEXEC) != 0);
}

SYSCALL_DEFINE1(inotify_init1, int, flags)
{
	return do_inotify_init(flags);
}

SYSCALL_DEFINE0(inotify_init)
{
	return do_inotify_init(0);
}

/* The instance behind descriptor fd: EBADF for none, EINVAL for a file
   that is not an inotify instance. */
static long inotify_of(int fd, struct inotify_file **out)
{
	return anon_priv_of(fd, &inotify_ops, (void **)out);
}

/* Every bit inotify_add_watch knows (Linux's ALL_INOTIFY_BITS). */
#define ADD_WATCH_BITS                                                                  \
	(IN_ALL_EVENTS | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_ADD |   \
	 IN_MASK_CREATE | IN_ONESHOT)

SYSCALL_DEFINE3(inotify_add_watch, int, fd, const char *, upath, uint32_t, mask)
{
	struct inotify_file *x;
	struct fs_ctx ctx;
	struct inode *ino;

	/* Linux checks the mask before the descriptor, and ignores bits it
	   does not know. */
	if (!(mask & ADD_WATCH_BITS))
		return -EINVAL;
	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
		return -EINVAL;
	long r = inotify_of(fd, &x);
	if (r < 0)
		return r;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	r = vfs_get_path(upath, path, PATH_MAX, 0);
	if (r >= 0)
		r = vfs_ctx_at(AT_FDCWD, &ctx);
	if (r >= 0) {
		unsigned wf = (mask & IN_DONT_FOLLOW) ? 0 : FS_WALK_FOLLOW;
		if (mask & IN_ONLYDIR)
			wf |= FS_WALK_DIRECTORY;
		r = fs_lookup(&ctx, path, wf, &ino);
	}
	kfree(path);
	if (r < 0)
		return r;
	/* Linux's inotify_find_inode: the watcher must be able to read it. */
	r = fs_permission(ino, current_fs_cred(), FS_MAY_READ);
	if (r == 0) {
		bool on = irq_save();
		r = inotify_add(x->in, ino, mask);
		irq_restore(on);
	}
	fs_put(ino);
	return r;
}

SYSCALL_DEFINE2(inotify_rm_watch, int, fd, int, wd)
{
	struct inotify_file *x;
	long r = inotify_of(fd, &x);

	if (r < 0)
		return r;
	bool on = irq_save();
	r = inotify_rm(x->in, wd);
	irq_restore(on);
	return r;
}
