/*
 * signalfd.c - signalfd and signalfd4, as Linux's fs/signalfd.c: the
 * signals of a mask, pending for the reading thread or its process, read
 * as struct signalfd_siginfo records instead of being delivered.
 *
 * The descriptor holds nothing but the mask: what it reads is always the
 * caller's own pending signals, so a forked child that inherited it reads
 * the child's.  A reader that finds nothing sleeps as sigtimedwait does
 * (its mask marked as awaited, so a sender wakes it), and every new
 * pending signal wakes the pollers (proc/signal.c).
 */
#include "arch/x86_64/cpu.h"
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

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/poll.h>
#include <linux/signalfd.h>
#include <linux/stat.h>

struct signalfd {
	uint64_t mask; /* never SIGKILL or SIGSTOP */
};

/* The kinds of siginfo, by which union member carries the facts
   (Linux's siginfo_layout). */
enum layout { L_KILL, L_TIMER, L_POLL, L_FAULT, L_CHLD, L_RT };

static enum layout layout_of(int sig, int code)
{
	if (code == SI_TIMER)
		return L_TIMER;
	if (code == SI_SIGIO)
		return L_POLL;
	if (code < 0)
		return L_RT;
	if (code == SI_USER || code == SI_KERNEL)
		return L_KILL;
	switch (sig) {
	case SIGCHLD:
		return L_CHLD;
	case SIGPOLL:
		return L_POLL;
	case SIGILL:
	case SIGFPE:
	case SIGSEGV:
	case SIGBUS:
	case SIGTRAP:
		return L_FAULT;
	default:
		return L_KILL;
	}
}

/* Linux's signalfd_copyinfo: the record for one dequeued siginfo. */
static void to_record(const siginfo_t *in, struct signalfd_siginfo *out)
{
	memset(out, 0, sizeof(*out));
	out->ssi_signo = (uint32_t)in->si_signo;
	out->ssi_errno = in->si_errno;
	out->ssi_code = in->si_code;
	switch (layout_of(in->si_signo, in->si_code)) {
	case L_KILL:
		out->ssi_pid = (uint32_t)in->si_pid;
		out->ssi_uid = in->si_uid;
		break;
	case L_TIMER:
		out->ssi_tid = (uint32_t)in->si_tid;
		out->ssi_overrun = (uint32_t)in->si_overrun;
		out->ssi_ptr = (uint64_t)in->si_ptr;
		out->ssi_int = in->si_int;
		break;
	case L_POLL:
		out->ssi_band = (uint32_t)in->si_band;
		out->ssi_fd = in->si_fd;
		break;
	case L_FAULT:
		out->ssi_addr = (uint64_t)in->si_addr;
		break;
	case L_CHLD:
		out->ssi_pid = (uint32_t)in->si_pid;
		out->ssi_uid = in->si_uid;
		out->ssi_status = in->si_status;
		out->ssi_utime = (uint64_t)in->si_utime;
		out->ssi_stime = (uint64_t)in->si_stime;
		break;
	case L_RT:
		out->ssi_pid = (uint32_t)in->si_pid;
		out->ssi_uid = in->si_uid;
		out->ssi_ptr = (uint64_t)in->si_ptr;
		out->ssi_int = in->si_int;
		break;
	}
}

/* Takes one signal of mask for the calling thread, waiting for it unless
   nonblock: its number, or -EAGAIN / -ERESTARTSYS. */
static int take(uint64_t mask, bool nonblock, siginfo_t *info)
{
	struct thread *t = thread_current();
	bool on = irq_save();
	int r;

	for (;;) {
		r = signal_dequeue(t, mask, info);
		if (r || nonblock)
			break;
		if (signal_pending()) {
			r = -ERESTARTSYS;
			break;
		}
		t->sig.waiting = mask;
		waitq_block_interruptible(0, 0);
		t->sig.waiting = 0;
	}
	irq_restore(on);
	return r ? r : -EAGAIN;
}

static long signalfd_read(struct file *f, void *buf, size_t n)
{
	struct signalfd *s = f->priv;
	struct signalfd_siginfo rec;
	size_t count = n / sizeof(rec), done = 0;

	if (count == 0)
		return -EINVAL;
	/* Only the first record may wait; the rest take what is there. */
	while (done < count) {
		siginfo_t info;
		int r = take(s->mask, done > 0 || (f->flags & O_NONBLOCK), &info);
		if (r < 0)
			return done ? (long)(done * sizeof(rec)) : r;
		to_record(&info, &rec);
		if (copy_to_user((char *)buf + done * sizeof(rec), &rec, sizeof(rec)))
			return done ? (long)(done * sizeof(rec)) : -EFAULT;
		done++;
	}
	return (long)(done * sizeof(rec));
}

static unsigned int signalfd_poll(struct file *f)
{
	struct signalfd *s = f->priv;

	return (signal_pending_set(thread_current()) & s->mask) ? POLLIN | POLLRDNORM : 0;
}

/* Linux's signalfd waits on the reader's sighand: the head is the
   process's, which complete() in proc/signal.c wakes. */
static void signalfd_poll_register(struct file *f, struct poll_table *pt)
{
	(void)f;
	poll_table_add(pt, &process_current()->signalfd_head);
}

static void signalfd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops signalfd_ops = {
	.read = signalfd_read,
	.poll = signalfd_poll,
	.poll_register = signalfd_poll_register,
	.stat = anon_stat,
	.llseek = noop_llseek,
	.release = signalfd_release,
	.anon_name = "[signalfd]",
};

static long do_signalfd4(int fd, const sigset_t *umask, size_t sizemask, int flags)
{
	sigset_t mask;

	if (sizemask != sizeof(mask))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
		return -EINVAL;
	mask &= ~SIG_UNBLOCKABLE;
	if (fd != -1) {
		void *priv;
		int r = anon_priv_of(fd, &signalfd_ops, &priv);
		if (r)
			return r;
		((struct signalfd *)priv)->mask = mask;
		/* The new mask may make it readable at once. */
		bool on = irq_save();
		poll_head_wake(&process_current()->signalfd_head, POLLIN | POLLRDNORM);
		irq_restore(on);
		return fd;
	}
	struct signalfd *s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->mask = mask;
	return anon_getfd(&signalfd_ops, s, flags & SFD_NONBLOCK, (flags & SFD_CLOEXEC) != 0);
}

SYSCALL_DEFINE4(signalfd4, int, fd, const sigset_t *, umask, size_t, sizemask, int, flags)
{
	return do_signalfd4(fd, umask, sizemask, flags);
}

SYSCALL_DEFINE3(signalfd, int, fd, const sigset_t *, umask, size_t, sizemask)
{
	return do_signalfd4(fd, umask, sizemask, 0);
}
