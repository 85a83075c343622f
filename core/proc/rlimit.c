/*
 * rlimit.c - per-process resource limits: getrlimit, setrlimit, prlimit64.
 */
#include "proc/rlimit.h"
#include "cred/cred.h"

#include "fs/fd.h"
#include "lib/kstring.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/process.h"
#include "sys/syscall.h"

#include <linux/errno.h>

/* The limits Linux gives init (include/asm-generic/resource.h
   INIT_RLIMITS, with the usual 8 MiB stack).  RLIMIT_NOFILE's hard limit
   is the descriptor table's size, FD_MAX, which plays the part of Linux's
   fs.nr_open: no limit may go above it. */
void rlimit_init(struct rlimit64 *lim)
{
	for (unsigned int res = 0; res < RLIM_NLIMITS; res++) {
		struct rlimit64 *r = &lim[res];

		r->rlim_cur = r->rlim_max = RLIM_INFINITY;
		switch (res) {
		case RLIMIT_STACK:
			r->rlim_cur = STACK_MAX;
			break;
		case RLIMIT_NOFILE:
			r->rlim_cur = r->rlim_max = FD_MAX;
			break;
		case RLIMIT_CORE:
			r->rlim_cur = 0;
			break;
		case RLIMIT_MEMLOCK:
			r->rlim_cur = r->rlim_max = 8ULL << 20;
			break;
		case RLIMIT_SIGPENDING:
		case RLIMIT_NPROC:
			r->rlim_cur = r->rlim_max = 4096;
			break;
		case RLIMIT_MSGQUEUE:
			r->rlim_cur = r->rlim_max = 819200;
			break;
		case RLIMIT_NICE:
		case RLIMIT_RTPRIO:
			r->rlim_cur = r->rlim_max = 0;
			break;
		}
	}
}

uint64_t rlimit_cur(unsigned int res)
{
	struct process *p = process_current();

	if (!p || res >= RLIM_NLIMITS)
		return RLIM_INFINITY;
	return p->rlim[res].rlim_cur;
}

/*
 * Linux's do_prlimit: checks the new limit, reports the old one in *old
 * and installs the new one.  Raising a hard limit needs CAP_SYS_RESOURCE,
 * which is euid 0 here (EPERM otherwise).
 */
static long do_prlimit(struct process *p, unsigned int res, const struct rlimit64 *new,
                       struct rlimit64 *old)
{
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		if (new->rlim_cur > new->rlim_max)
			return -EINVAL;
		if (res == RLIMIT_NOFILE && new->rlim_max > FD_MAX)
			return -EPERM; /* above nr_open */
	}
	if (new && new->rlim_max > p->rlim[res].rlim_max && !cred_is_root(process_current()->cred))
		return -EPERM;
	if (old)
		*old = p->rlim[res];
	if (new)
		p->rlim[res] = *new;
	return 0;
}

/* check_prlimit_permission: another process's limits need the caller's
   uid and gid to be all of the target's real, effective and saved ones,
   or root. */
static bool may_prlimit(const struct process *target)
{
	const struct cred *c = process_current()->cred, *t = target->cred;

	if (target == process_current() || cred_is_root(c))
		return true;
	return c->uid == t->uid && c->uid == t->euid && c->uid == t->suid && c->gid == t->gid &&
	       c->gid == t->egid && c->gid == t->sgid;
}

SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, resource, const struct rlimit64 *, new_lim,
                struct rlimit64 *, old_lim)
{
	struct rlimit64 new, old;

	if (new_lim && copy_from_user(&new, new_lim, sizeof(new)))
		return -EFAULT;
	/* pid names any thread, as find_task_by_vpid does; 0 is the caller. */
	struct process *p = pid ? process_of_tid(pid) : process_current();
	if (pid < 0 || !p)
		return -ESRCH;
	if (!may_prlimit(p))
		return -EPERM;
	long r = do_prlimit(p, resource, new_lim ? &new : 0, old_lim ? &old : 0);
	if (r == 0 && old_lim && copy_to_user(old_lim, &old, sizeof(old)))
		return -EFAULT;
	return r;
}

/* struct rlimit is two unsigned longs on x86-64: struct rlimit64's layout. */
_Static_assert(sizeof(struct rlimit) == sizeof(struct rlimit64), "rlimit layout");

SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct rlimit *, rlim)
{
	struct rlimit64 old;

	long r = do_prlimit(process_current(), resource, 0, &old);
	if (r == 0 && copy_to_user(rlim, &old, sizeof(old)))
		return -EFAULT;
	return r;
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource, const struct rlimit *, rlim)
{
	struct rlimit64 new;

	if (copy_from_user(&new, rlim, sizeof(new)))
		return -EFAULT;
	return do_prlimit(process_current(), resource, &new, 0);
}
