/*
 * sys_signal.c - the signal syscalls: rt_sigaction, rt_sigprocmask,
 * rt_sigpending, rt_sigreturn, rt_sigsuspend, rt_sigtimedwait,
 * sigaltstack, kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo,
 * pause, restart_syscall.
 */
#include "arch/x86_64/usermode.h"
#include "cred/cred.h"
#include "lib/kstring.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/clock.h"
#include "sched/sched.h"
#include "sys/syscall.h"

#include <linux/time_types.h>

#define UNBLOCKABLE SIG_UNBLOCKABLE

static bool valid_sig(int sig)
{
	return sig >= 1 && sig <= SIG_COUNT;
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct sigaction *, uact, struct sigaction *, uold,
                size_t, setsize)
{
	struct process *p = process_current();
	struct sigaction act, old;

	if (setsize != sizeof(sigset_t))
		return -EINVAL;
	if (!valid_sig(sig))
		return -EINVAL;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (uact && copy_from_user(&act, uact, sizeof(act)))
		return -EFAULT;
	struct k_sigaction *ka = &p->sig.action[sig - 1];
	memset(&old, 0, sizeof(old));
	old.sa_handler = (__sighandler_t)ka->handler;
	old.sa_flags = ka->flags;
	old.sa_restorer = (__sigrestore_t)ka->restorer;
	old.sa_mask = ka->mask;
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	if (uact) {
		ka->handler = (uint64_t)act.sa_handler;
		ka->flags = act.sa_flags;
		ka->restorer = (uint64_t)act.sa_restorer;
		ka->mask = act.sa_mask & ~UNBLOCKABLE;
		/* Setting SIG_IGN (or the default of an ignored-by-default
		   signal) discards what is pending (POSIX). */
		if (ka->handler == (uint64_t)SIG_IGN ||
		    (ka->handler == (uint64_t)SIG_DFL &&
		     (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH)))
			signal_discard(p, SIG_BIT(sig));
	}
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const sigset_t *, uset, sigset_t *, uold, size_t,
                setsize)
{
	struct thread_signal *s = &thread_current()->sig;
	sigset_t set, old = s->blocked;

	if (setsize != sizeof(sigset_t))
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK: s->blocked |= set; break;
		case SIG_UNBLOCK: s->blocked &= ~set; break;
		case SIG_SETMASK: s->blocked = set; break;
		default: return -EINVAL;
		}
		s->blocked &= ~UNBLOCKABLE;
	}
	if (uold && copy_to_user(uold, &old, sizeof(old))) {
		s->blocked = old;
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, sigset_t *, uset, size_t, setsize)
{
	struct thread *t = thread_current();
	sigset_t set = signal_pending_set(t) & t->sig.blocked;

	if (setsize != sizeof(sigset_t))
		return -EINVAL;
	return copy_to_user(uset, &set, sizeof(set));
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	return signal_return(arch_user_frame(thread_current()));
}

/* Sleeps until a signal is deliverable (pause, sigsuspend). */
static void wait_for_signal(void)
{
	bool on = irq_save();
	while (!signal_pending())
		waitq_block_interruptible(0, 0);
	irq_restore(on);
}

SYSCALL_DEFINE0(pause)
{
	wait_for_signal();
	return -EINTR;
}

SYSCALL_DEFINE2(rt_sigsuspend, const sigset_t *, uset, size_t, setsize)
{
	sigset_t set;

	if (setsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	signal_temp_mask(set);
	wait_for_signal();
	signal_temp_mask_end(true);
	return -EINTR;
}

SYSCALL_DEFINE4(rt_sigtimedwait, const sigset_t *, uset, siginfo_t *, uinfo,
                const struct __kernel_timespec *, uts, size_t, setsize)
{
	struct thread *t = thread_current();
	sigset_t set;
	uint64_t deadline = 0;

	if (setsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	set &= ~UNBLOCKABLE;
	if (uts) {
		uint64_t ns;
		int r = timespec_from_user(uts, &ns);
		if (r)
			return r;
		deadline = clock_ns() + ns;
	}
	/* While it sleeps, a process signal in set may pick this thread
	   though it blocks it (Linux unblocks set for the wait). */
	bool on = irq_save();
	long r;
	for (;;) {
		siginfo_t info;
		int sig = signal_dequeue(t, set, &info);
		if (sig) {
			t->sig.waiting = 0;
			irq_restore(on);
			if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
				return -EFAULT;
			return sig;
		}
		if (signal_pending()) {
			r = -EINTR;
			break;
		}
		if (uts && clock_ns() >= deadline) {
			r = -EAGAIN;
			break;
		}
		t->sig.waiting = set;
		waitq_block_interruptible(0, uts ? deadline : 0);
	}
	t->sig.waiting = 0;
	irq_restore(on);
	return r;
}

SYSCALL_DEFINE2(sigaltstack, const stack_t *, uss, stack_t *, uold)
{
	struct trap_frame *tf = arch_user_frame(thread_current());
	struct thread_signal *s = &thread_current()->sig;
	bool on_stack = s->alt_size && tf->rsp - s->alt_sp <= s->alt_size;
	stack_t old = { (void *)s->alt_sp, s->alt_size ? (on_stack ? SS_ONSTACK : 0) : SS_DISABLE,
		        s->alt_size };

	if (uss) {
		stack_t ss;
		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		if (on_stack)
			return -EPERM;
		int mode = ss.ss_flags & ~SS_AUTODISARM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			s->alt_sp = s->alt_size = 0;
		} else {
			if (ss.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			s->alt_sp = (uint64_t)ss.ss_sp;
			s->alt_size = ss.ss_size;
		}
	}
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

static void fill_kill_info(siginfo_t *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->si_pid = process_current()->pid;
	info->si_uid = process_current()->cred->uid;
}

/* Linux's check_kill_permission: the uid rule (cred_may_signal), or
   SIGCONT within the sender's session. */
static bool may_signal(const struct process *target, int sig)
{
	const struct process *self = process_current();

	return cred_may_signal(self->cred, target->cred) ||
	       (sig == SIGCONT && target->sid == self->sid);
}

/* kill(2)'s targets: one process, a group, or everyone but init.  A group
   succeeds when some member could be signalled, else EPERM; kill(-1)
   skips those it may not signal. */
static long send_to(int pid, int sig, const siginfo_t *info)
{
	struct process *self = process_current();
	int found = 0, allowed = 0;

	if (pid > 0) {
		/* A zombie is still a process for kill until it is reaped; what
		   is sent to it is dropped. */
		struct process *p = process_find(pid);
		if (!p)
			return -ESRCH;
		if (!may_signal(p, sig))
			return -EPERM;
		if (sig && !p->zombie)
			signal_send(p, sig, info);
		return 0;
	}
	int pgid = pid == 0 ? self->pgid : -pid;
	for (struct process *p = process_next(0); p; p = process_next(p)) {
		if (pid == -1 ? (p->pid == 1 || p == self) : p->pgid != pgid)
			continue;
		found++;
		if (!may_signal(p, sig))
			continue;
		allowed++;
		if (sig && !p->zombie)
			signal_send(p, sig, info);
	}
	if (!found || (pid == -1 && !allowed))
		return -ESRCH;
	return allowed ? 0 : -EPERM;
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	siginfo_t info;

	if (pid == INT32_MIN)
		return -ESRCH;
	if (sig && !valid_sig(sig)) {
		/* Linux looks the target up before it checks the number. */
		if (pid > 0 && !process_find(pid))
			return -ESRCH;
		return -EINVAL;
	}
	fill_kill_info(&info, sig, SI_USER);
	return send_to(pid, sig, &info);
}

static long do_tkill(int tgid, int tid, int sig)
{
	siginfo_t info;

	if (tid <= 0 || (tgid != -1 && tgid <= 0))
		return -EINVAL;
	struct thread *t = thread_find(tid);
	struct process *p = t ? t->proc : 0;
	if (!p || p->zombie || (tgid != -1 && p->pid != tgid))
		return -ESRCH;
	if (sig && !valid_sig(sig))
		return -EINVAL;
	if (!may_signal(p, sig))
		return -EPERM;
	fill_kill_info(&info, sig, SI_TKILL);
	if (sig)
		signal_send_thread(t, sig, &info);
	return 0;
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	return do_tkill(-1, tid, sig);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	return do_tkill(tgid, tid, sig);
}

/* The siginfo of rt_sigqueueinfo and rt_tgsigqueueinfo: only the kernel
   may claim kernel or kill codes, except to oneself (rt_sigqueueinfo(2)). */
static long queueinfo_from_user(siginfo_t *info, const siginfo_t *uinfo, int sig, int pid)
{
	if (copy_from_user(info, uinfo, sizeof(*info)))
		return -EFAULT;
	if ((info->si_code >= 0 || info->si_code == SI_TKILL) && pid != process_current()->pid)
		return -EPERM;
	if (!valid_sig(sig))
		return -EINVAL;
	info->si_signo = sig;
	return 0;
}

SYSCALL_DEFINE3(rt_sigqueueinfo, int, pid, int, sig, const siginfo_t *, uinfo)
{
	siginfo_t info;
	long r = queueinfo_from_user(&info, uinfo, sig, pid);

	if (r)
		return r;
	struct process *p = process_find(pid);
	if (pid <= 0 || !p || p->zombie)
		return -ESRCH;
	if (!may_signal(p, sig))
		return -EPERM;
	return signal_send(p, sig, &info);
}

SYSCALL_DEFINE4(rt_tgsigqueueinfo, int, tgid, int, tid, int, sig, const siginfo_t *, uinfo)
{
	siginfo_t info;

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	long r = queueinfo_from_user(&info, uinfo, sig, tgid);
	if (r)
		return r;
	struct thread *t = thread_find(tid);
	if (!t || !t->proc || t->proc->zombie || t->proc->pid != tgid)
		return -ESRCH;
	if (!may_signal(t->proc, sig))
		return -EPERM;
	return signal_send_thread(t, sig, &info);
}

/* After a sleep that a signal without a handler interrupted (a stop and
   SIGCONT), signal delivery points the syscall here. */
SYSCALL_DEFINE0(restart_syscall)
{
	struct restart_block *rb = &thread_current()->sig.restart;
	long (*fn)(struct restart_block *) = rb->fn;

	/* Used once: a sleep interrupted again sets it anew. */
	rb->fn = 0;
	return fn ? fn(rb) : -EINTR;
}
