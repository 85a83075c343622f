/*
 * sys_mqueue.c - mq_open, mq_unlink, mq_timedsend, mq_timedreceive,
 * mq_notify and mq_getsetattr: the kernel glue around ipc/mqueue.c.
 *
 * Handlers copy and check their arguments in Linux's order, then make one
 * attempt after another at the portable operation, sleeping in between.
 * Every sender and receiver sleeps on one wait queue and re-checks its
 * own queue when woken, the way poll works today (fs/poll.h); with one
 * CPU and few sleepers that costs little.  A queue descriptor is an open
 * file whose read gives the status line, whose poll reports POLLIN and
 * POLLOUT, and whose close ends the closer's notification request.
 */
#include "ipc/sys_mqueue.h"

#include "cred/cred.h"
#include "fs/fd.h"
#include "fs/poll.h"
#include "fs/procfs.h"
#include "ipc/mqueue.h"
#include "ipc/socket.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/clock.h"
#include "sched/sched.h"
#include "sys/syscall.h"

#include <asm-generic/siginfo.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/mqueue.h>
#include <linux/poll.h>
#include <linux/stat.h>
#include <linux/time_types.h>

/* Linux's FILENT_SIZE: what stat and lseek(SEEK_END) see as the size. */
#define MQ_FILE_SIZE 80

static struct mq_ns ns;
static struct waitq mq_wait;
static bool ready;

static long limit_get(enum mq_limit w) { return mq_limit_get(mqueue_kernel_ns(), w); }
static long get_msg_max(void) { return limit_get(MQ_MSG_MAX); }
static long get_msgsize_max(void) { return limit_get(MQ_MSGSIZE_MAX); }
static long get_queues_max(void) { return limit_get(MQ_QUEUES_MAX); }
static long get_msg_default(void) { return limit_get(MQ_MSG_DEFAULT); }
static long get_msgsize_default(void) { return limit_get(MQ_MSGSIZE_DEFAULT); }
static int set_msg_max(long v) { return mq_limit_set(mqueue_kernel_ns(), MQ_MSG_MAX, v); }
static int set_msgsize_max(long v) { return mq_limit_set(mqueue_kernel_ns(), MQ_MSGSIZE_MAX, v); }
static int set_queues_max(long v) { return mq_limit_set(mqueue_kernel_ns(), MQ_QUEUES_MAX, v); }
static int set_msg_default(long v) { return mq_limit_set(mqueue_kernel_ns(), MQ_MSG_DEFAULT, v); }
static int set_msgsize_default(long v) { return mq_limit_set(mqueue_kernel_ns(), MQ_MSGSIZE_DEFAULT, v); }

/* /proc/sys/fs/mqueue, in Linux's order (ipc/mq_sysctl.c). */
static const struct procfs_sysctl mq_sysctls[] = {
	{ "queues_max", get_queues_max, set_queues_max },
	{ "msg_max", get_msg_max, set_msg_max },
	{ "msgsize_max", get_msgsize_max, set_msgsize_max },
	{ "msg_default", get_msg_default, set_msg_default },
	{ "msgsize_default", get_msgsize_default, set_msgsize_default },
};

void mqueue_init(void)
{
	if (ready)
		return;
	mq_ns_init(&ns);
	waitq_init(&mq_wait);
	procfs_mqueue_sysctls = mq_sysctls;
	procfs_mqueue_nsysctls = sizeof(mq_sysctls) / sizeof(mq_sysctls[0]);
	ready = true;
}

struct mq_ns *mqueue_kernel_ns(void)
{
	mqueue_init();
	return &ns;
}

static const struct file_ops mq_file_ops;

static struct mqueue *file_queue(struct file *f)
{
	return f && f->ops == &mq_file_ops ? f->priv : 0;
}

static struct file *current_file(int fd)
{
	return fd_get(process_current()->fds, fd);
}

static long mq_read(struct file *f, void *buf, size_t n)
{
	char line[128];
	size_t len = (size_t)mq_status_line(f->priv, line, sizeof(line));

	if (f->pos >= len)
		return 0;
	if (n > len - f->pos)
		n = len - f->pos;
	if (copy_to_user(buf, line + f->pos, n))
		return -EFAULT;
	f->pos += n;
	return (long)n;
}

/* Linux's mqueue files have no write method. */
static long mq_write(struct file *f, const void *buf, size_t n)
{
	(void)f;
	(void)buf;
	(void)n;
	return -EINVAL;
}

static int64_t mq_llseek(struct file *f, int64_t off, int whence)
{
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)f->pos
	             : whence == SEEK_END ? MQ_FILE_SIZE : -1;

	if (base < 0 || base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (int64_t)f->pos;
}

static int mq_stat(struct file *f, struct stat *st)
{
	struct mqueue *q = f->priv;

	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG | q->mode;
	st->st_nlink = q->linked ? 1 : 0;
	st->st_uid = q->uid;
	st->st_gid = q->gid;
	st->st_ino = q->ino;
	st->st_size = MQ_FILE_SIZE;
	st->st_blksize = 4096;
	st->st_atime = st->st_mtime = st->st_ctime = q->time_sec;
	return 0;
}

static unsigned int mq_poll(struct file *f)
{
	struct mqueue *q = f->priv;
	unsigned int m = 0;

	if (q->curmsgs)
		m |= POLLIN | POLLRDNORM;
	if (q->curmsgs < q->maxmsg)
		m |= POLLOUT | POLLWRNORM;
	return m;
}

static void mq_flush(struct file *f)
{
	struct process *p = process_current();

	if (p) {
		bool on = irq_save();
		mq_notify_drop(f->priv, p->pid);
		irq_restore(on);
	}
}

static void mq_release(struct file *f)
{
	bool on = irq_save();
	mq_put(f->priv);
	irq_restore(on);
}

static const struct file_ops mq_file_ops = {
	.read = mq_read,
	.write = mq_write,
	.llseek = mq_llseek,
	.stat = mq_stat,
	.poll = mq_poll,
	.flush = mq_flush,
	.release = mq_release,
};

/* Copies a queue name in: Linux's getname (-EFAULT, -ENAMETOOLONG). */
static long get_name(const char *uname, char **out)
{
	char *name = kmalloc(PATH_MAX);

	if (!name)
		return -ENOMEM;
	long n = strncpy_from_user(name, uname, PATH_MAX);
	if (n < 0) {
		kfree(name);
		return n;
	}
	*out = name;
	return 0;
}

SYSCALL_DEFINE4(mq_open, const char *, uname, int, oflag, unsigned int, mode,
                const struct mq_attr *, uattr)
{
	struct mq_attr attr;
	char *name;
	struct mqueue *q;

	if (uattr && copy_from_user(&attr, uattr, sizeof(attr)))
		return -EFAULT;
	long r = get_name(uname, &name);
	if (r)
		return r;
	struct process *p = process_current();
	struct mq_ns *mns = mqueue_kernel_ns();
	/* The namespace changes with interrupts off (one CPU, preemptive). */
	bool on = irq_save();
	bool created = !mq_find(mns, name, strlen(name));
	r = mq_open_queue(mns, name, oflag, mode & ~p->umask, uattr ? &attr : 0, p->cred, &q);
	if (!r && created)
		q->time_sec = (int64_t)(clock_realtime_ns() / NSEC_PER_SEC);
	irq_restore(on);
	kfree(name);
	if (r)
		return r;
	struct file *f = file_alloc(&mq_file_ops, q, (unsigned)oflag & (O_ACCMODE | O_NONBLOCK));
	if (!f) {
		mq_put(q);
		return -ENOMEM;
	}
	/* Linux makes every queue descriptor close-on-exec. */
	int fd = fd_install(p->fds, f, 0, true);
	if (fd < 0)
		file_put(f);
	return fd;
}

SYSCALL_DEFINE1(mq_unlink, const char *, uname)
{
	char *name;
	long r = get_name(uname, &name);

	if (r)
		return r;
	bool on = irq_save();
	r = mq_unlink_queue(mqueue_kernel_ns(), name, process_current()->cred);
	irq_restore(on);
	kfree(name);
	if (!r)
		poll_notify();
	return r;
}

/*
 * An absolute CLOCK_REALTIME timeout as a deadline of the monotonic
 * clock that waitq_block takes: 0 for none, 1 (long past) when it has
 * passed.  A clock change during the wait does not move the deadline.
 */
static long get_deadline(const struct __kernel_timespec *uts, uint64_t *deadline)
{
	uint64_t abs;

	*deadline = 0;
	if (!uts)
		return 0;
	int r = timespec_from_user(uts, &abs);
	if (r)
		return r;
	uint64_t now = clock_realtime_ns();
	*deadline = abs > now ? clock_ns() + (abs - now) : 1;
	return 0;
}

/* One more sleep is allowed: 0, or why the wait ends. */
static long may_sleep(struct file *f, uint64_t deadline)
{
	if (f->flags & O_NONBLOCK)
		return -EAGAIN;
	if (deadline && clock_ns() >= deadline)
		return -ETIMEDOUT;
	if (signal_pending())
		return -ERESTARTSYS;
	return 0;
}

/* Delivers what a send fired: SI_MESGQ, bypassing kill's permission
   rule, as Linux's __do_notify. */
static void deliver(const struct mq_fire *fire)
{
	struct process *p = fire->signo ? process_find(fire->pid) : 0;
	siginfo_t info;

	if (!p || p->zombie)
		return;
	memset(&info, 0, sizeof(info));
	info.si_signo = fire->signo;
	info.si_code = SI_MESGQ;
	info.si_pid = fire->sender_pid;
	info.si_uid = fire->sender_uid;
	info.si_value.sival_ptr = (void *)(uintptr_t)fire->value;
	signal_send(p, fire->signo, &info);
}

SYSCALL_DEFINE5(mq_timedsend, int, mqdes, const char *, ubuf, size_t, len,
                unsigned int, prio, const struct __kernel_timespec *, uts)
{
	uint64_t deadline;
	long r = get_deadline(uts, &deadline);

	if (r)
		return r;
	if (prio >= MQ_PRIO_MAX)
		return -EINVAL;
	struct file *f = current_file(mqdes);
	struct mqueue *q = file_queue(f);
	if (!q || !file_writable(f))
		return -EBADF;
	if (len > (size_t)q->msgsize)
		return -EMSGSIZE;
	struct mq_msg *m = mq_msg_alloc(len, prio);
	if (!m)
		return -ENOMEM;
	if (copy_from_user(m->data, ubuf, len)) {
		mq_msg_free(m);
		return -EFAULT;
	}
	struct process *self = process_current();
	struct mq_fire fire;
	file_get(f); /* the queue stays while we sleep, even if closed */
	bool on = irq_save();
	while ((r = mq_try_send(q, m, self->pid, self->cred->uid, &fire)) == -EAGAIN) {
		if ((r = may_sleep(f, deadline)) != 0)
			break;
		waitq_block_interruptible(&mq_wait, deadline);
	}
	if (r == 0) {
		waitq_wake_all(&mq_wait);
		poll_notify();
	}
	irq_restore(on);
	file_put(f);
	if (r)
		mq_msg_free(m);
	else
		deliver(&fire);
	return r;
}

SYSCALL_DEFINE5(mq_timedreceive, int, mqdes, char *, ubuf, size_t, len,
                unsigned int *, uprio, const struct __kernel_timespec *, uts)
{
	uint64_t deadline;
	long r = get_deadline(uts, &deadline);

	if (r)
		return r;
	struct file *f = current_file(mqdes);
	struct mqueue *q = file_queue(f);
	if (!q || !file_readable(f))
		return -EBADF;
	if (len < (size_t)q->msgsize)
		return -EMSGSIZE;
	struct mq_msg *m = 0;
	file_get(f);
	bool on = irq_save();
	while ((r = mq_try_receive(q, &m)) == -EAGAIN) {
		if ((r = may_sleep(f, deadline)) != 0)
			break;
		/* A waiting receiver takes the message instead of a notification. */
		q->waiting_receivers++;
		waitq_block_interruptible(&mq_wait, deadline);
		q->waiting_receivers--;
	}
	if (r == 0) {
		waitq_wake_all(&mq_wait);
		poll_notify();
	}
	irq_restore(on);
	file_put(f);
	if (r)
		return r;
	/* As in Linux, a message that cannot be stored is lost. */
	unsigned int prio = m->prio;
	r = (long)m->len;
	if ((uprio && copy_to_user(uprio, &prio, sizeof(prio))) ||
	    copy_to_user(ubuf, m->data, m->len))
		r = -EFAULT;
	mq_msg_free(m);
	return r;
}

/*
 * SIGEV_THREAD: Linux reads the cookie, then wants sigev_signo to be a
 * netlink socket (netlink_getsockbyfilp: ENOTSOCK for another file,
 * EINVAL for another socket).  cub does not send the cookie through
 * netlink yet, so a netlink socket is ENOSYS: what glibc's mq_notify
 * returned when it could not make its netlink socket.
 */
static long check_thread_request(const struct sigevent *ev)
{
	uint8_t cookie[NOTIFY_COOKIE_LEN];

	if (copy_from_user(cookie, ev->sigev_value.sival_ptr, sizeof(cookie)))
		return -EFAULT;
	struct file *f = current_file(ev->sigev_signo);
	if (!f)
		return -EBADF;
	struct socket *s = socket_of(f);
	if (!s)
		return -ENOTSOCK;
	return s->family == CUB_AF_NETLINK ? -ENOSYS : -EINVAL;
}

SYSCALL_DEFINE2(mq_notify, int, mqdes, const struct sigevent *, uev)
{
	struct sigevent ev;

	if (uev) {
		if (copy_from_user(&ev, uev, sizeof(ev)))
			return -EFAULT;
		if (ev.sigev_notify != SIGEV_NONE && ev.sigev_notify != SIGEV_SIGNAL &&
		    ev.sigev_notify != SIGEV_THREAD)
			return -EINVAL;
		/* valid_signal(): 0 is accepted, and then nothing is sent. */
		if (ev.sigev_notify == SIGEV_SIGNAL &&
		    (ev.sigev_signo < 0 || ev.sigev_signo > SIG_COUNT))
			return -EINVAL;
		if (ev.sigev_notify == SIGEV_THREAD)
			return check_thread_request(&ev);
	}
	struct mqueue *q = file_queue(current_file(mqdes));
	if (!q)
		return -EBADF;
	int pid = process_current()->pid;
	bool on = irq_save();
	long r = 0;
	if (!uev)
		mq_notify_drop(q, pid);
	else
		r = mq_notify_register(q, pid, ev.sigev_notify, ev.sigev_signo,
		                       (uint64_t)(uintptr_t)ev.sigev_value.sival_ptr);
	irq_restore(on);
	return r;
}

SYSCALL_DEFINE3(mq_getsetattr, int, mqdes, const struct mq_attr *, unew,
                struct mq_attr *, uold)
{
	struct mq_attr in, out;

	if (unew) {
		if (copy_from_user(&in, unew, sizeof(in)))
			return -EFAULT;
		if (in.mq_flags & ~(long)O_NONBLOCK)
			return -EINVAL;
	}
	struct file *f = current_file(mqdes);
	struct mqueue *q = file_queue(f);
	if (!q)
		return -EBADF;
	memset(&out, 0, sizeof(out));
	out.mq_flags = f->flags & O_NONBLOCK;
	out.mq_maxmsg = q->maxmsg;
	out.mq_msgsize = q->msgsize;
	out.mq_curmsgs = q->curmsgs;
	if (unew) {
		if (in.mq_flags & O_NONBLOCK)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~(unsigned)O_NONBLOCK;
	}
	if (uold && copy_to_user(uold, &out, sizeof(out)))
		return -EFAULT;
	return 0;
}
