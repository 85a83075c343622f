/*
 * sys_pgrp.c - process groups and sessions: setpgid, getpgid, getpgrp,
 * setsid, getsid; and prctl's name calls.
 */
#include "lib/kstring.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "sys/syscall.h"
#include "tty/tty.h"

#include <linux/prctl.h>

static struct process *target(int pid)
{
	return pid == 0 ? process_current() : process_find(pid);
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct process *self = process_current();

	if (pgid < 0)
		return -EINVAL;
	struct process *p = target(pid);
	/* Only the caller itself or one of its children (setpgid(2)). */
	if (!p || p->zombie || (p != self && p->parent != self))
		return -ESRCH;
	if (p != self && p->did_exec)
		return -EACCES;
	if (p->sid != self->sid || p->sid == p->pid)
		return -EPERM;
	if (pgid == 0)
		pgid = p->pid;
	if (pgid != p->pid) {
		/* The group must exist in the caller's session. */
		bool found = false;
		for (struct process *q = process_next(0); q; q = process_next(q))
			if (!q->zombie && q->pgid == pgid && q->sid == self->sid)
				found = true;
		if (!found)
			return -EPERM;
	}
	p->pgid = pgid;
	return 0;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	struct process *p = target(pid);
	return p && !p->zombie ? p->pgid : -ESRCH;
}

SYSCALL_DEFINE0(getpgrp)
{
	return process_current()->pgid;
}

SYSCALL_DEFINE0(setsid)
{
	struct process *self = process_current();

	/* A group leader cannot start a session: its group would span two. */
	for (struct process *q = process_next(0); q; q = process_next(q))
		if (q->pgid == self->pid)
			return -EPERM;
	self->sid = self->pgid = self->pid;
	tty_setsid(self);
	return self->sid;
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	struct process *p = target(pid);
	return p && !p->zombie ? p->sid : -ESRCH;
}

SYSCALL_DEFINE5(prctl, int, option, uint64_t, arg2, uint64_t, arg3, uint64_t, arg4, uint64_t,
                arg5)
{
	struct process *p = process_current();
	struct thread *t = thread_current();
	char name[COMM_MAX];

	switch (option) {
	case PR_SET_NAME: {
		long n = strncpy_from_user(name, (const char *)arg2, sizeof(name));
		if (n == -EFAULT)
			return -EFAULT;
		if (n < 0)
			n = COMM_MAX - 1; /* longer names are cut, as in Linux */
		/* The name is the calling thread's; the main thread's is also
		   the process's, which /proc/PID/comm and stat show. */
		name[n] = 0;
		memcpy(t->name, name, (size_t)n + 1);
		if ((int)t->id == p->pid)
			memcpy(p->comm, name, (size_t)n + 1);
		return 0;
	}
	case PR_GET_NAME:
		memset(name, 0, sizeof(name));
		memcpy(name, t->name, strnlen(t->name, sizeof(name) - 1));
		return copy_to_user((void *)arg2, name, sizeof(name));
	case PR_SET_CHILD_SUBREAPER:
		p->child_subreaper = arg2 != 0;
		return 0;
	case PR_GET_CHILD_SUBREAPER: {
		int on = p->child_subreaper;
		return copy_to_user((void *)arg2, &on, sizeof(on));
	}
	case PR_SET_DUMPABLE:
		/* SUID_DUMP_ROOT (2) is for the sysctl only (prctl(2)). */
		if (arg2 != 0 && arg2 != 1)
			return -EINVAL;
		p->not_dumpable = arg2 == 0;
		return 0;
	case PR_GET_DUMPABLE:
		return p->not_dumpable ? 0 : 1;
	case PR_SET_NO_NEW_PRIVS:
		/* Once set it stays: there is no way back (prctl(2)). */
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		p->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return p->no_new_privs;
	default:
		return -EINVAL;
	}
}
