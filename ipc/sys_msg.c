/*
 * sys_msg.c - msgget, msgsnd, msgrcv and msgctl: the kernel glue around
 * ipc/msg.c.
 *
 * Arguments are checked in Linux's order, then each call makes attempts
 * at the portable operation and sleeps between them on one wait queue
 * that every SysV queue shares (waiters re-check their own queue).  A
 * sleeper holds a reference on its queue, so IPC_RMID wakes it to find
 * the queue removed (EIDRM).  A handler interrupting a sleep ends the
 * call with EINTR even under SA_RESTART, as signal(7) says for these
 * calls (Linux's -ERESTARTNOHAND).
 */
#include "cred/cred.h"
#include "fs/poll.h"
#include "ipc/msg.h"
#include "lib/kstring.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/clock.h"
#include "sched/sched.h"
#include "sys/syscall.h"

#include <linux/errno.h>
#include <linux/ipc.h>
#include <linux/msg.h>

static struct msg_ns ns;
static struct waitq msg_wait;
static bool ready;

static struct msg_ns *msg_kernel_ns(void)
{
	if (!ready) {
		msg_ns_init(&ns);
		waitq_init(&msg_wait);
		ready = true;
	}
	return &ns;
}

static int64_t now_sec(void)
{
	return (int64_t)(clock_realtime_ns() / NSEC_PER_SEC);
}

static const struct cred *cur_cred(void)
{
	return process_current()->cred;
}

/*
 * The table and the queues change only with interrupts off, so that a
 * preempted caller never sees a queue half made or already freed.
 */
SYSCALL_DEFINE2(msgget, int, key, int, flag)
{
	bool on = irq_save();
	long r = msg_get(msg_kernel_ns(), key, flag, cur_cred(), now_sec());
	irq_restore(on);
	return r;
}

/* A sleep ends: 0 to try again, or -EINTR for a signal. */
static long wait_once(void)
{
	if (signal_pending())
		return -ERESTARTNOHAND;
	waitq_block_interruptible(&msg_wait, 0);
	return 0;
}

SYSCALL_DEFINE4(msgsnd, int, id, const struct msgbuf *, ubuf, size_t, size, int, flag)
{
	struct msg_ns *mns = msg_kernel_ns();
	long type;

	/* Linux reads the type before it checks anything else. */
	if (copy_from_user(&type, &ubuf->mtype, sizeof(type)))
		return -EFAULT;
	if (size > (size_t)mns->msgmax || (long)size < 0 || id < 0)
		return -EINVAL;
	if (type < 1)
		return -EINVAL;
	struct msg_msg *m = msg_alloc(type, size);
	if (!m)
		return -ENOMEM;
	if (copy_from_user(m->text, ubuf->mtext, size)) {
		msg_free(m);
		return -EFAULT;
	}
	bool on = irq_save();
	struct msg_queue *q = msg_lookup(mns, id);
	if (!q) {
		irq_restore(on);
		msg_free(m);
		return -EINVAL;
	}
	long r;
	msg_queue_get(q);
	while ((r = msg_try_send(mns, q, cur_cred(), m, process_current()->pid, now_sec())) == -EAGAIN) {
		if (flag & IPC_NOWAIT)
			break;
		if ((r = wait_once()) != 0)
			break;
	}
	if (r == 0)
		waitq_wake_all(&msg_wait);
	irq_restore(on);
	msg_queue_put(q);
	if (r)
		msg_free(m);
	return r;
}

SYSCALL_DEFINE5(msgrcv, int, id, struct msgbuf *, ubuf, size_t, size, long, msgtyp, int, flag)
{
	struct msg_ns *mns = msg_kernel_ns();

	if (id < 0 || (long)size < 0)
		return -EINVAL;
	if ((flag & MSG_COPY) && ((flag & MSG_EXCEPT) || !(flag & IPC_NOWAIT)))
		return -EINVAL;
	bool on = irq_save();
	struct msg_queue *q = msg_lookup(mns, id);
	if (!q) {
		irq_restore(on);
		return -EINVAL;
	}
	struct msg_msg *m = 0;
	long r;
	msg_queue_get(q);
	while ((r = msg_try_receive(mns, q, cur_cred(), msgtyp, flag, size,
	                            process_current()->pid, now_sec(), &m)) == -ENOMSG) {
		if (flag & IPC_NOWAIT)
			break;
		if ((r = wait_once()) != 0)
			break;
	}
	if (r == 0 && !(flag & MSG_COPY))
		waitq_wake_all(&msg_wait);
	irq_restore(on);
	msg_queue_put(q);
	if (r)
		return r;
	/* As in Linux, a message that cannot be stored is lost. */
	size_t n = m->size < size ? m->size : size;
	r = (long)n;
	if (copy_to_user(&ubuf->mtype, &m->type, sizeof(m->type)) ||
	    copy_to_user(ubuf->mtext, m->text, n))
		r = -EFAULT;
	msg_free(m);
	return r;
}

static long stat_to_user(struct msg_queue *q, int cmd, void *ubuf, long ok)
{
	struct msqid64_ds ds;
	int r = msg_stat(q, cmd == MSG_STAT_ANY ? 0 : cur_cred(), &ds);

	if (r)
		return r;
	if (copy_to_user(ubuf, &ds, sizeof(ds)))
		return -EFAULT;
	return ok;
}

/*
 * x86-64 Linux always uses the 64-bit layouts (msqid64_ds), and since
 * it does not parse an ipc version, a command with IPC_64 set is just an
 * unknown command; glibc passes the bare one there.
 */
static long do_msgctl(int id, int cmd, void *ubuf)
{
	struct msg_ns *mns = msg_kernel_ns();
	struct msg_queue *q;

	if (id < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case MSG_INFO: {
		struct msginfo info;
		int max = msg_info(mns, cmd, &info);
		if (copy_to_user(ubuf, &info, sizeof(info)))
			return -EFAULT;
		return max;
	}
	case MSG_STAT:
	case MSG_STAT_ANY:
		/* id is a slot; the answer is the full id. */
		q = msg_at(mns, id);
		return q ? stat_to_user(q, cmd, ubuf, q->id) : -EINVAL;
	case IPC_STAT:
		q = msg_lookup(mns, id);
		return q ? stat_to_user(q, cmd, ubuf, 0) : -EINVAL;
	case IPC_SET: {
		struct msqid64_ds ds;
		if (copy_from_user(&ds, ubuf, sizeof(ds)))
			return -EFAULT;
		q = msg_lookup(mns, id);
		if (!q)
			return -EINVAL;
		long r = msg_set(mns, q, cur_cred(), &ds, now_sec());
		/* A larger bound may let a waiting sender in. */
		if (!r)
			waitq_wake_all(&msg_wait);
		return r;
	}
	case IPC_RMID:
		q = msg_lookup(mns, id);
		if (!q)
			return -EINVAL;
		long r = msg_remove(mns, q, cur_cred());
		if (!r)
			waitq_wake_all(&msg_wait);
		return r;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE3(msgctl, int, id, int, cmd, void *, ubuf)
{
	bool on = irq_save();
	long r = do_msgctl(id, cmd, ubuf);
	irq_restore(on);
	return r;
}
