/*
 * eventfd.c - eventfd2 (and eventfd): a 64-bit counter behind a
 * descriptor, as Linux's fs/eventfd.c.
 *
 * A write of eight bytes adds to the counter; it blocks (or fails with
 * EAGAIN) while the sum would pass EVENTFD_MAX, so the counter can never
 * reach all ones, which a write may not add either.  A read of at least
 * eight bytes takes the whole count, or one in semaphore mode, and blocks
 * (or fails) while the count is zero.  Reads and writes wake each other
 * and the pollers.
 */
#include "fs/anon.h"
#include "fs/fd.h"
#include "fs/poll.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/sched.h"
#include "sys/syscall.h"
#include "arch/x86_64/cpu.h"

#include "ipc/eventfd.h"

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/poll.h>
#include <linux/stat.h>

/* The largest count (ULLONG_MAX - 1): all ones is never reached. */
#define EVENTFD_MAX (~0ULL - 1)

/* The flags eventfd2 accepts (EFD_SHARED_FCNTL_FLAGS | EFD_SEMAPHORE). */
#define EFD_FLAGS (CUB_EFD_CLOEXEC | CUB_EFD_NONBLOCK | CUB_EFD_SEMAPHORE)

struct eventfd {
	uint64_t count;
	bool semaphore;
	struct waitq rwait, wwait;
	struct poll_head ph;
};

static long eventfd_read(struct file *f, void *buf, size_t n)
{
	struct eventfd *e = f->priv;
	uint64_t v;
	int r = 0;

	if (n < sizeof(v))
		return -EINVAL;
	bool on = irq_save();
	while (e->count == 0 && !(r = file_wait(f, &e->rwait)))
		;
	if (r) {
		irq_restore(on);
		return r;
	}
	/* Linux takes the count before copying it out, so a bad buffer
	   loses it (EFAULT): cub does the same. */
	v = e->semaphore ? 1 : e->count;
	e->count -= v;
	waitq_wake_all(&e->wwait);
	poll_head_wake(&e->ph, POLLOUT | POLLWRNORM);
	irq_restore(on);
	return copy_to_user(buf, &v, sizeof(v)) ? -EFAULT : (long)sizeof(v);
}

static long eventfd_write(struct file *f, const void *buf, size_t n)
{
	struct eventfd *e = f->priv;
	uint64_t v;
	int r = 0;

	/* Exactly eight bytes: Linux 6.18 refuses longer writes too. */
	if (n != sizeof(v))
		return -EINVAL;
	if (copy_from_user(&v, buf, sizeof(v)))
		return -EFAULT;
	if (v == ~0ULL)
		return -EINVAL;
	bool on = irq_save();
	while (EVENTFD_MAX - e->count < v && !(r = file_wait(f, &e->wwait)))
		;
	if (!r) {
		e->count += v;
		if (v) {
			waitq_wake_all(&e->rwait);
			poll_head_wake(&e->ph, POLLIN | POLLRDNORM);
		}
	}
	irq_restore(on);
	return r ? r : (long)sizeof(v);
}

static unsigned int eventfd_poll(struct file *f)
{
	struct eventfd *e = f->priv;
	unsigned int m = 0;

	if (e->count > 0)
		m |= POLLIN | POLLRDNORM;
	if (e->count < EVENTFD_MAX)
		m |= POLLOUT | POLLWRNORM;
	return m;
}

static void eventfd_poll_register(struct file *f, struct poll_table *pt)
{
	poll_table_add(pt, &((struct eventfd *)f->priv)->ph);
}

static void eventfd_release(struct file *f)
{
	struct eventfd *e = f->priv;
	bool on = irq_save();

	poll_head_detach_all(&e->ph);
	irq_restore(on);
	kfree(e);
}

static const struct file_ops eventfd_ops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.poll_register = eventfd_poll_register,
	.stat = anon_stat,
	.llseek = noop_llseek,
	.release = eventfd_release,
	.anon_name = "[eventfd]",
};

static long do_eventfd(unsigned int count, int flags)
{
	if (flags & ~EFD_FLAGS)
		return -EINVAL;
	struct eventfd *e = kzalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->count = count;
	e->semaphore = (flags & CUB_EFD_SEMAPHORE) != 0;
	waitq_init(&e->rwait);
	waitq_init(&e->wwait);
	poll_head_init(&e->ph);
	return anon_getfd(&eventfd_ops, e, flags & O_NONBLOCK, (flags & CUB_EFD_CLOEXEC) != 0);
}

SYSCALL_DEFINE2(eventfd2, unsigned int, count, int, flags)
{
	return do_eventfd(count, flags);
}

SYSCALL_DEFINE1(eventfd, unsigned int, count)
{
	return do_eventfd(count, 0);
}
