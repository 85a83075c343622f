/*
 * sys_cred.c - the id and group syscalls: the kernel side of cred.c.
 *
 * Each change prepares a copy of the caller's credentials, lets the rule
 * in cred.c check and edit it, and installs it only when the rule said
 * yes: on any error nothing changes.  Credentials belong to the process,
 * so every thread sees a change at once; glibc's set*id broadcast then
 * repeats the call in each thread, which is a no-op the rules allow.
 */
#include "cred/cred.h"

#include "arch/x86_64/cpu.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "sys/syscall.h"

#include <linux/errno.h>
#include <linux/limits.h>

static const struct cred *current_cred(void)
{
	return process_current()->cred;
}

const struct cred *process_swap_cred(struct process *p, const struct cred *c)
{
	bool on = irq_save();
	const struct cred *old = p->cred;
	p->cred = c;
	p->fs_cred = (struct fs_cred){ c->fsuid, c->fsgid, c->groups->gids, c->groups->count };
	irq_restore(on);
	return old;
}

/* Installs new as the calling process's credentials (commit_creds); a
   change of effective or file ids makes the process non-dumpable, as
   Linux does (suid_dumpable 0), so its /proc files become root's. */
static void commit(struct cred *new)
{
	struct process *p = process_current();
	const struct cred *old = p->cred;

	if (old->euid != new->euid || old->egid != new->egid || old->fsuid != new->fsuid ||
	    old->fsgid != new->fsgid)
		p->not_dumpable = true;
	cred_put(process_swap_cred(p, new));
}

typedef int (*rule3_fn)(struct cred *, const struct cred *, uint32_t, uint32_t, uint32_t);

/* prepare, check and edit, commit or abort */
static long change3(rule3_fn rule, uint32_t a, uint32_t b, uint32_t c)
{
	const struct cred *old = current_cred();
	struct cred *new = cred_prepare(old);

	if (!new)
		return -ENOMEM;
	int r = rule(new, old, a, b, c);
	if (r) {
		cred_put(new);
		return r;
	}
	commit(new);
	return 0;
}

static int rule_setreuid(struct cred *n, const struct cred *o, uint32_t a, uint32_t b, uint32_t c)
{
	(void)c;
	return cred_setreuid(n, o, a, b);
}

static int rule_setregid(struct cred *n, const struct cred *o, uint32_t a, uint32_t b, uint32_t c)
{
	(void)c;
	return cred_setregid(n, o, a, b);
}

static int rule_setuid(struct cred *n, const struct cred *o, uint32_t a, uint32_t b, uint32_t c)
{
	(void)b;
	(void)c;
	return cred_setuid(n, o, a);
}

static int rule_setgid(struct cred *n, const struct cred *o, uint32_t a, uint32_t b, uint32_t c)
{
	(void)b;
	(void)c;
	return cred_setgid(n, o, a);
}

SYSCALL_DEFINE0(getuid) { return current_cred()->uid; }
SYSCALL_DEFINE0(geteuid) { return current_cred()->euid; }
SYSCALL_DEFINE0(getgid) { return current_cred()->gid; }
SYSCALL_DEFINE0(getegid) { return current_cred()->egid; }

static long put_three(uint32_t *ua, uint32_t *ub, uint32_t *uc, uint32_t a, uint32_t b, uint32_t c)
{
	if (copy_to_user(ua, &a, sizeof(a)) || copy_to_user(ub, &b, sizeof(b)) ||
	    copy_to_user(uc, &c, sizeof(c)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresuid, uint32_t *, r, uint32_t *, e, uint32_t *, s)
{
	const struct cred *c = current_cred();
	return put_three(r, e, s, c->uid, c->euid, c->suid);
}

SYSCALL_DEFINE3(getresgid, uint32_t *, r, uint32_t *, e, uint32_t *, s)
{
	const struct cred *c = current_cred();
	return put_three(r, e, s, c->gid, c->egid, c->sgid);
}

SYSCALL_DEFINE3(setresuid, uint32_t, r, uint32_t, e, uint32_t, s)
{
	return change3(cred_setresuid, r, e, s);
}

SYSCALL_DEFINE3(setresgid, uint32_t, r, uint32_t, e, uint32_t, s)
{
	return change3(cred_setresgid, r, e, s);
}

SYSCALL_DEFINE2(setreuid, uint32_t, r, uint32_t, e)
{
	return change3(rule_setreuid, r, e, 0);
}

SYSCALL_DEFINE2(setregid, uint32_t, r, uint32_t, e)
{
	return change3(rule_setregid, r, e, 0);
}

SYSCALL_DEFINE1(setuid, uint32_t, uid)
{
	return change3(rule_setuid, uid, 0, 0);
}

SYSCALL_DEFINE1(setgid, uint32_t, gid)
{
	return change3(rule_setgid, gid, 0, 0);
}

/* setfsuid/setfsgid never fail: they return the old value (uid or gid,
   picked by want_gid) whether or not the rule let it change. */
static long change_fs(bool (*rule)(struct cred *, const struct cred *, uint32_t), uint32_t id,
                      bool want_gid)
{
	const struct cred *old = current_cred();
	uint32_t was = want_gid ? old->fsgid : old->fsuid;
	struct cred *new = cred_prepare(old);

	if (!new)
		return was;
	if (rule(new, old, id))
		commit(new);
	else
		cred_put(new);
	return was;
}

SYSCALL_DEFINE1(setfsuid, uint32_t, uid)
{
	return change_fs(cred_setfsuid, uid, false);
}

SYSCALL_DEFINE1(setfsgid, uint32_t, gid)
{
	return change_fs(cred_setfsgid, gid, true);
}

SYSCALL_DEFINE2(getgroups, int, size, uint32_t *, list)
{
	const struct cred *c = current_cred();
	uint32_t n = c->groups->count;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return n;
	if ((uint32_t)size < n)
		return -EINVAL;
	if (n && copy_to_user(list, c->groups->gids, n * sizeof(uint32_t)))
		return -EFAULT;
	return n;
}

/* Linux's order: EPERM, then EINVAL for the size, then the copy. */
SYSCALL_DEFINE2(setgroups, int, size, const uint32_t *, list)
{
	const struct cred *old = current_cred();

	if (!cred_is_root(old))
		return -EPERM;
	if ((unsigned int)size > NGROUPS_MAX)
		return -EINVAL;
	struct cred_groups *g = cred_groups_alloc((size_t)size);
	if (!g)
		return -ENOMEM;
	if (size && copy_from_user(g->gids, list, (size_t)size * sizeof(uint32_t))) {
		cred_groups_put(g);
		return -EFAULT;
	}
	struct cred *new = cred_prepare(old);
	if (!new) {
		cred_groups_put(g);
		return -ENOMEM;
	}
	int r = cred_set_group_list(new, old, g);
	if (r) {
		cred_put(new);
		return r;
	}
	commit(new);
	return 0;
}
