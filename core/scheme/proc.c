/*
 * proc.c - /scheme/proc/PID/{uids,gids,groups,name}: a live process's
 * credentials, readable by the process's owner or root, and replaceable
 * whole by root.
 *
 * "Owns" is Linux's ptrace rule (ptrace_may_access): the caller's euid is
 * the target's real, effective AND saved uid, so a set-user-ID program is
 * not inspectable by the user who started it.  Others get EPERM at open.
 * Opening for writing is root's alone (EACCES even for the owner): a
 * process that could rewrite its own ids here would bypass every set*id
 * rule of cred/.  A root write replaces the target's credentials the way
 * the set*id syscalls do, as one transaction: prepare a copy, edit it,
 * swap it in with process_swap_cred, put the old one; malformed text is
 * EINVAL and changes nothing, and a target that has exited is ESRCH.
 *
 * Formats: uids and gids "R E S FS\n", groups the sorted gids separated by
 * blanks and a newline (an empty line when there are none), name the
 * process's command name and a newline.
 */
#include "scheme/scheme_internal.h"

#include "cred/cred.h"
#include "fs/fd.h"
#include "lib/format.h"
#include "lib/kstring.h"
#include "proc/process.h"

#include <linux/errno.h>
#include <linux/limits.h>

enum { PROC_DIR, PROC_PID_DIR, PROC_UIDS, PROC_GIDS, PROC_GROUPS, PROC_NAME };

static const struct scheme_entry pid_entries[] = {
	{ "uids", PROC_UIDS, S_IFREG | 0644 },
	{ "gids", PROC_GIDS, S_IFREG | 0644 },
	{ "groups", PROC_GROUPS, S_IFREG | 0644 },
	{ "name", PROC_NAME, S_IFREG | 0444 },
};

#define NPID_ENTRIES (sizeof(pid_entries) / sizeof(pid_entries[0]))

/* Process pid if it is alive (a zombie has no credentials to speak of). */
static struct process *live(int pid)
{
	struct process *p = process_find(pid);

	return p && !p->zombie ? p : 0;
}

/* The smallest live pid >= from, or -1. */
static int next_pid(int from)
{
	int best = -1;

	for (struct process *p = process_next(0); p; p = process_next(p))
		if (!p->zombie && p->pid >= from && (best < 0 || p->pid < best))
			best = p->pid;
	return best;
}

static int proc_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if (scheme_ino_kind(dir->ino) == PROC_PID_DIR) {
		if (!live((int)scheme_ino_arg(dir->ino)))
			return -ENOENT;
		return scheme_lookup_table(dir, pid_entries, NPID_ENTRIES, name, len, out);
	}
	long pid = scheme_name_number(name, len, INT32_MAX);
	if (pid <= 0 || !live((int)pid))
		return -ENOENT;
	return scheme_make_inode(dir, scheme_ino(SCHEME_PROC, PROC_PID_DIR, (uint64_t)pid),
	                         S_IFDIR | 0555, out);
}

/* Position FS_DIR_POS_FIRST + pid is process pid, so a listing resumes
   correctly whatever came and went. */
static int proc_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx)
{
	char name[16];

	if (scheme_ino_kind(dir->ino) == PROC_PID_DIR) {
		if (!live((int)scheme_ino_arg(dir->ino)))
			return -ENOENT;
		return scheme_readdir_table(dir, pid_entries, NPID_ENTRIES, pos, fill, ctx);
	}
	if (!fs_readdir_dots(dir, pos, fill, ctx))
		return 0;
	for (int pid; *pos - FS_DIR_POS_FIRST <= INT32_MAX &&
	              (pid = next_pid((int)(*pos - FS_DIR_POS_FIRST))) > 0;) {
		int n = ksnprintf(name, sizeof(name), "%d", pid);
		if (!fill(ctx, name, (size_t)n, scheme_ino(SCHEME_PROC, PROC_PID_DIR, (uint64_t)pid),
		          fs_dtype(S_IFDIR), FS_DIR_POS_FIRST + (uint64_t)pid + 1))
			return 0;
		*pos = FS_DIR_POS_FIRST + (uint64_t)pid + 1;
	}
	return 0;
}

/* ---- writes (root only; the open checked) ---- */

/* "A B C D": four ids, none of them -1 ("leave alone" has no meaning in a
   whole replacement). */
static bool parse_ids(const char *s, uint32_t ids[4])
{
	for (int i = 0; i < 4; i++) {
		int64_t v;
		if (!scheme_parse_int(&s, false, &v) || v >= (int64_t)CRED_KEEP)
			return false;
		ids[i] = (uint32_t)v;
	}
	return scheme_parse_end(s);
}

/* The target's credentials become next (a prepared copy, taken over);
   an id change makes it non-dumpable, as the set*id syscalls do. */
static void install(struct process *p, struct cred *next)
{
	const struct cred *old = p->cred;

	if (old->euid != next->euid || old->egid != next->egid || old->fsuid != next->fsuid ||
	    old->fsgid != next->fsgid)
		p->not_dumpable = true;
	cred_put(process_swap_cred(p, next));
}

static int write_ids(struct file *f, char *buf, bool uids)
{
	uint32_t ids[4];

	if (!parse_ids(buf, ids))
		return -EINVAL;
	struct process *p = live((int)scheme_ino_arg(f->inode->ino));
	if (!p)
		return -ESRCH;
	struct cred *next = cred_prepare(p->cred);
	if (!next)
		return -ENOMEM;
	if (uids) {
		next->uid = ids[0];
		next->euid = ids[1];
		next->suid = ids[2];
		next->fsuid = ids[3];
	} else {
		next->gid = ids[0];
		next->egid = ids[1];
		next->sgid = ids[2];
		next->fsgid = ids[3];
	}
	install(p, next);
	return 0;
}

static int write_uids(struct file *f, char *buf, size_t n)
{
	(void)n;
	return write_ids(f, buf, true);
}

static int write_gids(struct file *f, char *buf, size_t n)
{
	(void)n;
	return write_ids(f, buf, false);
}

static int write_groups(struct file *f, char *buf, size_t n)
{
	const char *s = buf;
	size_t count = 0;
	int64_t v;

	(void)n;
	/* Count and check first: a bad list changes nothing. */
	while (!scheme_parse_end(s)) {
		if (!scheme_parse_int(&s, false, &v) || v >= (int64_t)CRED_KEEP)
			return -EINVAL;
		if (++count > NGROUPS_MAX)
			return -EINVAL;
	}
	struct process *p = live((int)scheme_ino_arg(f->inode->ino));
	if (!p)
		return -ESRCH;
	struct cred_groups *g = cred_groups_alloc(count);
	struct cred *next = g ? cred_prepare(p->cred) : 0;
	if (!next) {
		if (g)
			cred_groups_put(g);
		return -ENOMEM;
	}
	s = buf;
	for (size_t i = 0; i < count; i++) {
		scheme_parse_int(&s, false, &v);
		g->gids[i] = (uint32_t)v;
	}
	/* The rule wants the writer's credentials, which are root's. */
	int r = cred_set_group_list(next, scheme_caller() ? scheme_caller() : next, g);
	if (r) {
		cred_put(next);
		return r;
	}
	install(p, next);
	return 0;
}

/* ---- open ---- */

/* Linux's ptrace rule, with euid 0 standing for CAP_SYS_PTRACE. */
static bool may_inspect(const struct process *t)
{
	const struct cred *c = scheme_caller();

	if (!c || cred_is_root(c))
		return true;
	return c->euid == t->cred->uid && c->euid == t->cred->euid && c->euid == t->cred->suid;
}

static void put_groups(struct procfs_buf *b, const struct cred *c)
{
	for (uint32_t i = 0; i < c->groups->count; i++)
		pbuf_printf(b, i ? " %u" : "%u", c->groups->gids[i]);
	pbuf_putc(b, '\n');
}

static int proc_open(struct inode *ino, unsigned int flags, struct file **out)
{
	unsigned kind = scheme_ino_kind(ino->ino);
	scheme_write_fn write = 0;
	struct procfs_buf b;

	if (kind == PROC_DIR)
		return 0;
	if (scheme_open_writes(flags)) {
		if (!scheme_caller_root())
			return -EACCES;
		write = kind == PROC_UIDS ? write_uids : kind == PROC_GIDS ? write_gids :
		        kind == PROC_GROUPS ? write_groups : 0;
		/* The directory was refused by the VFS (EISDIR); name has no
		   writer. */
		if (!write)
			return -EACCES;
	}
	struct process *p = live((int)scheme_ino_arg(ino->ino));
	if (!p)
		return -ESRCH;
	if (!may_inspect(p))
		return -EPERM;
	if (kind == PROC_PID_DIR)
		return 0;
	const struct cred *c = p->cred;
	pbuf_init(&b);
	switch (kind) {
	case PROC_UIDS:
		pbuf_printf(&b, "%u %u %u %u\n", c->uid, c->euid, c->suid, c->fsuid);
		break;
	case PROC_GIDS:
		pbuf_printf(&b, "%u %u %u %u\n", c->gid, c->egid, c->sgid, c->fsgid);
		break;
	case PROC_GROUPS:
		put_groups(&b, c);
		break;
	case PROC_NAME:
		pbuf_printf(&b, "%s\n", p->comm);
		break;
	}
	return scheme_text_open(flags, &b, write, out);
}

const struct scheme scheme_proc = {
	.name = "proc",
	.mode = S_IFDIR | 0555,
	.lookup = proc_lookup,
	.readdir = proc_readdir,
	.open = proc_open,
};
