/*
 * locks.c - the record-lock table: a list of (inode, owner, range, type).
 *
 * One list for the whole system is enough while few programs lock; a
 * per-inode list would replace it if locking became hot.
 */
#include "fs/locks.h"

#include "fs/fd.h"
#include "fs/inode.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "sched/sched.h"

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>

struct record_lock {
	struct inode *ino;
	struct process *owner;
	int type;            /* F_RDLCK or F_WRLCK */
	uint64_t start, end; /* inclusive; UINT64_MAX: to the end and beyond */
	struct record_lock *next;
};

static struct record_lock *locks;
static struct waitq lock_wq = { 0, 0 };

static bool overlaps(const struct record_lock *l, uint64_t start, uint64_t end)
{
	return l->start <= end && start <= l->end;
}

/* The first lock of another owner that a type lock on the range meets. */
static struct record_lock *conflict(struct inode *ino, struct process *owner, int type,
                                    uint64_t start, uint64_t end)
{
	for (struct record_lock *l = locks; l; l = l->next) {
		if (l->ino != ino || l->owner == owner || !overlaps(l, start, end))
			continue;
		if (type == F_WRLCK || l->type == F_WRLCK)
			return l;
	}
	return 0;
}

static struct record_lock *new_lock(struct inode *ino, struct process *owner, int type,
                                    uint64_t start, uint64_t end)
{
	struct record_lock *l = kzalloc(sizeof(*l));

	if (l) {
		l->ino = ino;
		l->owner = owner;
		l->type = type;
		l->start = start;
		l->end = end;
		l->next = locks;
		locks = l;
	}
	return l;
}

/* Removes owner's coverage of [start, end], splitting locks around it. */
static int punch(struct inode *ino, struct process *owner, uint64_t start, uint64_t end)
{
	for (struct record_lock **pp = &locks; *pp;) {
		struct record_lock *l = *pp;
		if (l->ino != ino || l->owner != owner || !overlaps(l, start, end)) {
			pp = &l->next;
			continue;
		}
		if (l->start < start && l->end > end) {
			/* The hole is inside: keep both sides. */
			if (!new_lock(ino, owner, l->type, end + 1, l->end))
				return -ENOLCK;
			l->end = start - 1;
			pp = &l->next;
		} else if (l->start < start) {
			l->end = start - 1;
			pp = &l->next;
		} else if (l->end > end) {
			l->start = end + 1;
			pp = &l->next;
		} else {
			*pp = l->next;
			kfree(l);
		}
	}
	return 0;
}

void posix_locks_release(struct process *owner, struct inode *ino)
{
	bool on = irq_save();
	bool any = false;

	for (struct record_lock **pp = &locks; *pp;) {
		struct record_lock *l = *pp;
		if (l->owner == owner && l->ino == ino) {
			*pp = l->next;
			kfree(l);
			any = true;
		} else {
			pp = &l->next;
		}
	}
	if (any)
		waitq_wake_all(&lock_wq);
	irq_restore(on);
}

/* The absolute byte range a struct flock describes (fcntl(2)). */
static long flock_range(struct file *f, const struct flock *fl, uint64_t *start, uint64_t *end)
{
	int64_t base;

	switch (fl->l_whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->pos; break;
	case SEEK_END: base = (int64_t)f->inode->size; break;
	default: return -EINVAL;
	}
	int64_t s = base + fl->l_start, len = fl->l_len;
	if (len < 0) {
		/* A negative length covers the bytes before l_start. */
		s += len;
		len = -len;
	}
	if (s < 0)
		return -EINVAL;
	*start = (uint64_t)s;
	*end = len == 0 ? UINT64_MAX : (uint64_t)s + (uint64_t)len - 1;
	return 0;
}

long posix_lock_fcntl(struct file *f, int cmd, uint64_t arg)
{
	struct process *self = process_current();
	struct flock fl;
	uint64_t start, end;

	if (!f->inode || (f->flags & O_PATH))
		return -EBADF;
	if (copy_from_user(&fl, (void *)arg, sizeof(fl)))
		return -EFAULT;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK && fl.l_type != F_UNLCK)
		return -EINVAL;
	long r = flock_range(f, &fl, &start, &end);
	if (r)
		return r;
	struct inode *ino = f->inode;
	if (cmd == F_GETLK) {
		if (fl.l_type == F_UNLCK)
			return -EINVAL;
		bool on = irq_save();
		struct record_lock *c = conflict(ino, self, fl.l_type, start, end);
		if (c) {
			fl.l_type = (short)c->type;
			fl.l_whence = SEEK_SET;
			fl.l_start = (long)c->start;
			fl.l_len = c->end == UINT64_MAX ? 0 : (long)(c->end - c->start + 1);
			fl.l_pid = c->owner->pid;
		} else {
			fl.l_type = F_UNLCK;
		}
		irq_restore(on);
		return copy_to_user((void *)arg, &fl, sizeof(fl));
	}
	/* The lock's type must suit how the file was opened. */
	if ((fl.l_type == F_RDLCK && !file_readable(f)) ||
	    (fl.l_type == F_WRLCK && !file_writable(f)))
		return -EBADF;
	bool on = irq_save();
	while (fl.l_type != F_UNLCK && conflict(ino, self, fl.l_type, start, end)) {
		if (cmd == F_SETLK) {
			irq_restore(on);
			return -EAGAIN;
		}
		if (signal_pending()) {
			irq_restore(on);
			return -EINTR;
		}
		waitq_block_interruptible(&lock_wq, 0);
	}
	r = punch(ino, self, start, end);
	if (!r && fl.l_type != F_UNLCK && !new_lock(ino, self, fl.l_type, start, end))
		r = -ENOLCK;
	waitq_wake_all(&lock_wq);
	irq_restore(on);
	return r;
}
