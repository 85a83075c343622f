/*
 * sys_proc.c - process syscalls: identity, fork, wait, exit, and the
 * per-thread settings the C library makes at start-up.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/usermode.h"
#include "fs/fd.h"
#include "fs/inode.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "lib/random.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/process.h"
#include "proc/process_internal.h"
#include "proc/uname.h"
#include "sys/syscall.h"
#include "cred/cred.h"
#include "tty/tty.h"

#include <asm/prctl.h>
#include <asm/signal.h>
#include <linux/random.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/utsname.h>
#include <linux/wait.h>

SYSCALL_DEFINE0(getpid)
{
	return process_current()->pid;
}

SYSCALL_DEFINE0(gettid)
{
	return (long)thread_current()->id;
}

SYSCALL_DEFINE0(getppid)
{
	struct process *p = process_current();

	return p->parent ? p->parent->pid : 0;
}

SYSCALL_DEFINE1(exit, int, code)
{
	process_thread_exit(code);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	process_exit(WAIT_EXITED(code));
}

SYSCALL_DEFINE1(set_tid_address, int *, tidptr)
{
	thread_current()->clear_child_tid = (uint64_t)tidptr;
	return (long)thread_current()->id;
}

SYSCALL_DEFINE2(set_robust_list, void *, head, size_t, len)
{
	/* struct robust_list_head is three words on x86-64. */
	if (len != 3 * sizeof(uint64_t))
		return -EINVAL;
	process_current()->robust_list = (uint64_t)head;
	process_current()->robust_len = len;
	return 0;
}

SYSCALL_DEFINE2(arch_prctl, int, code, uint64_t, addr)
{
	struct thread *t = thread_current();

	switch (code) {
	case ARCH_SET_FS:
		if (addr >= USER_ADDR_END)
			return -EPERM;
		t->fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user((void *)addr, &t->fs_base, sizeof(t->fs_base));
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE1(uname, struct new_utsname *, buf)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	memcpy(u.sysname, UNAME_SYSNAME, sizeof(UNAME_SYSNAME));
	memcpy(u.nodename, UNAME_NODENAME, sizeof(UNAME_NODENAME));
	memcpy(u.release, UNAME_RELEASE, sizeof(UNAME_RELEASE));
	memcpy(u.version, UNAME_VERSION, sizeof(UNAME_VERSION));
	memcpy(u.machine, UNAME_MACHINE, sizeof(UNAME_MACHINE));
	memcpy(u.domainname, UNAME_DOMAINNAME, sizeof(UNAME_DOMAINNAME));
	return copy_to_user(buf, &u, sizeof(u));
}

SYSCALL_DEFINE3(getrandom, void *, buf, size_t, len, unsigned int, flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (len > 33554431) /* Linux caps one call at INT_MAX >> 6 */
		len = 33554431;
	return random_to_user(buf, len);
}

SYSCALL_DEFINE4(wait4, int, pid, int *, status, int, options, void *, rusage)
{
	int ws = 0;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE | __WNOTHREAD))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	struct rusage ru;
	int code;
	int flags = PWAIT_EXITED | ((options & WNOHANG) ? PWAIT_NOHANG : 0) |
	            ((options & WUNTRACED) ? PWAIT_STOPPED : 0) |
	            ((options & WCONTINUED) ? PWAIT_CONTINUED : 0);
	long r = process_wait(pid, &ws, &ru, flags, &code);
	if (r > 0 && status && copy_to_user(status, &ws, sizeof(ws)))
		return -EFAULT;
	if (r > 0 && rusage && copy_to_user(rusage, &ru, sizeof(ru)))
		return -EFAULT;
	return r;
}

SYSCALL_DEFINE5(waitid, int, which, int, id, siginfo_t *, uinfo, int, options, void *, rusage)
{
	int ws = 0, sel;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WALL | __WCLONE |
	                __WNOTHREAD))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL: sel = -1; break;
	case P_PID:
		if (id <= 0)
			return -EINVAL;
		sel = id;
		break;
	case P_PGID:
		if (id < 0)
			return -EINVAL;
		sel = id ? -id : 0;
		break;
	default:
		return -EINVAL;
	}
	struct rusage ru;
	int code = 0;
	int flags = ((options & WEXITED) ? PWAIT_EXITED : 0) |
	            ((options & WSTOPPED) ? PWAIT_STOPPED : 0) |
	            ((options & WCONTINUED) ? PWAIT_CONTINUED : 0) |
	            ((options & WNOHANG) ? PWAIT_NOHANG : 0) | ((options & WNOWAIT) ? PWAIT_NOWAIT : 0);
	long r = process_wait(sel, &ws, &ru, flags, &code);
	if (r < 0)
		return r;
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	if (r > 0) {
		si.si_signo = SIGCHLD;
		si.si_code = code;
		si.si_pid = (int)r;
		si.si_uid = 0;
		if (code == CLD_EXITED)
			si.si_status = (ws >> 8) & 0xff;
		else if (code == CLD_KILLED)
			si.si_status = ws & 0x7f;
		else if (code == CLD_STOPPED)
			si.si_status = (ws >> 8) & 0xff;
		else
			si.si_status = SIGCONT;
	}
	if (uinfo && copy_to_user(uinfo, &si, sizeof(si)))
		return -EFAULT;
	if (r > 0 && rusage && copy_to_user(rusage, &ru, sizeof(ru)))
		return -EFAULT;
	return 0;
}

/*
 * The new thread of a clone: the caller's registers (returning 0, on
 * newsp when given), its FPU state and TLS (or tls with CLONE_SETTLS),
 * and the CLONE_*_SETTID / CLEARTID words, which live in mm.  Not yet
 * runnable.
 */
static struct thread *clone_user_thread(struct mm *mm, int id, uint64_t flags, uint64_t newsp,
                                        uint64_t tls, int *parent_tid, int *child_tid)
{
	struct thread *cur = thread_current();
	struct trap_frame tf = *arch_user_frame(cur);

	tf.rax = 0;
	if (newsp)
		tf.rsp = newsp;
	/* The new thread has its creator's name and mask. */
	struct thread *t = thread_create_user(cur->name, id, &tf);
	if (!t)
		return 0;
	signal_thread_init(t, (flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM);
	t->fs_base = (flags & CLONE_SETTLS) ? tls : cur->fs_base;
	fpu_save(cur->fpu);
	fpu_copy(t->fpu, cur->fpu);
	if (flags & CLONE_CHILD_SETTID)
		(void)mm_write(mm, (uint64_t)child_tid, &id, sizeof(id));
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = (uint64_t)child_tid;
	if (flags & CLONE_PARENT_SETTID)
		(void)copy_to_user(parent_tid, &id, sizeof(id)); /* Linux ignores a bad one too */
	return t;
}

/* A new thread in the calling process (CLONE_THREAD: pthread_create). */
static long clone_thread(uint64_t flags, uint64_t newsp, int *parent_tid, int *child_tid,
                         uint64_t tls)
{
	struct process *p = process_current();

	/* Linux's rules: a thread shares the handlers, which share memory. */
	if (!(flags & CLONE_SIGHAND) || !(flags & CLONE_VM))
		return -EINVAL;
	int tid = thread_alloc_id();
	struct thread *t = clone_user_thread(p->mm, tid, flags, newsp, tls, parent_tid, child_tid);
	if (!t)
		return -ENOMEM;
	process_add_thread(p, t);
	thread_start_new(t);
	return tid;
}

#define CLONE_PROCESS_FLAGS                                                      	(CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_VFORK |  	 CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID | CLONE_SETTLS)

/* fork, vfork and the process-making forms of clone. */
static long do_fork(uint64_t flags, uint64_t newsp, int *parent_tid, int *child_tid,
                    uint64_t tls)
{
	struct process *p = process_current();

	if (flags & CLONE_THREAD)
		return clone_thread(flags, newsp, parent_tid, child_tid, tls);
	if (flags & ~(uint64_t)CLONE_PROCESS_FLAGS)
		return -EINVAL; /* namespaces and the rest: not supported */
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	int pid = thread_alloc_id();
	struct process *c = process_alloc(pid);
	if (!c)
		return -ENOMEM;
	/* CLONE_VM shares the address space (posix_spawn's vfork); CLONE_FS
	   and CLONE_FILES are approximated by copies, and CLONE_SIGHAND by a
	   copy of the handlers, for now. */
	if (flags & CLONE_VM) {
		c->mm = p->mm;
		mm_get(c->mm);
	} else {
		c->mm = mm_fork(p->mm);
	}
	if (flags & CLONE_FILES) {
		c->fds = p->fds;
		c->fds->refs++;
	} else {
		c->fds = fd_table_copy(p->fds);
	}
	c->root = fs_get(p->root);
	c->cwd = fs_get(p->cwd);
	c->umask = p->umask;
	process_swap_cred(c, cred_get(p->cred));
	c->not_dumpable = p->not_dumpable;
	c->no_new_privs = p->no_new_privs;
	memcpy(c->rlim, p->rlim, sizeof(c->rlim));
	signal_fork(c, p);
	struct thread *t = c->mm && c->fds ? clone_user_thread(c->mm, pid, flags, newsp, tls,
	                                                        parent_tid, child_tid)
	                                   : 0;
	if (!t) {
		process_free_unborn(c);
		return -ENOMEM;
	}
	memcpy(c->comm, p->comm, sizeof(c->comm));
	if (p->exe) {
		size_t n = strlen(p->exe) + 1;
		c->exe = kmalloc(n);
		if (c->exe)
			memcpy(c->exe, p->exe, n);
	}
	c->pgid = p->pgid;
	c->sid = p->sid;
	tty_fork(c, p);
	process_add_thread(c, t);
	bool on = irq_save();
	process_add_child(p, c);
	if (flags & CLONE_VFORK) {
		c->vfork_parent = p;
		p->vfork_child_done = false;
	}
	irq_restore(on);
	thread_start_new(t);
	if (flags & CLONE_VFORK) {
		/* The parent sleeps until the child executes or exits. */
		wait_event(&p->vfork_done, p->vfork_child_done);
	}
	return pid;
}

SYSCALL_DEFINE0(fork)
{
	return do_fork(SIGCHLD, 0, 0, 0, 0);
}

SYSCALL_DEFINE0(vfork)
{
	return do_fork(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
}

SYSCALL_DEFINE5(clone, uint64_t, flags, uint64_t, newsp, int *, parent_tid, int *, child_tid,
                uint64_t, tls)
{
	return do_fork(flags, newsp, parent_tid, child_tid, tls);
}
