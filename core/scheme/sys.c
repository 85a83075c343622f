/*
 * sys.c - /scheme/sys: what the system is doing, readable by anyone; the
 * two entries that change it (update_time_offset, kstop) are root's, and
 * opening them for writing is EPERM for others.
 *
 *   context             one line per live process after a header line
 *                       (Redox's sys:context): PID PPID RUID EUID RGID
 *                       EGID GROUPS NAME, GROUPS a comma list or "-"
 *   uname               sysname, release and machine, a line each, as
 *                       uname(2) gives them (proc/uname.h)
 *   update_time_offset  read: how far CLOCK_REALTIME has been moved since
 *                       boot, in signed decimal ns; write: a signed
 *                       decimal ns delta to add to CLOCK_REALTIME now
 *   kstop               write (anything): orderly power-off, status 0
 *
 * context and uname have nothing to write, so a write open is EACCES for
 * everyone, as for a read-only procfs file.  kstop is write-only: a read
 * open is EACCES for everyone too, which is what Linux gives a process
 * opening a mode 0200 file for reading; so the refusal of others is the
 * same EPERM whatever they ask for, and nobody can read it.
 */
#include "scheme/scheme_internal.h"

#include "arch/x86_64/power.h"
#include "cred/cred.h"
#include "ipc/timerfd.h"
#include "lib/printk.h"
#include "proc/process.h"
#include "proc/uname.h"
#include "sched/clock.h"

#include <linux/errno.h>

enum { SYS_DIR, SYS_CONTEXT, SYS_UNAME, SYS_TIME_OFFSET, SYS_KSTOP };

static const struct scheme_entry entries[] = {
	{ "context", SYS_CONTEXT, S_IFREG | 0444 },
	{ "uname", SYS_UNAME, S_IFREG | 0444 },
	{ "update_time_offset", SYS_TIME_OFFSET, S_IFREG | 0644 },
	{ "kstop", SYS_KSTOP, S_IFREG | 0200 },
};

#define NENTRIES (sizeof(entries) / sizeof(entries[0]))

static int sys_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	return scheme_lookup_table(dir, entries, NENTRIES, name, len, out);
}

static int sys_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx)
{
	return scheme_readdir_table(dir, entries, NENTRIES, pos, fill, ctx);
}

/* Processes in pid order: the smallest live pid above after. */
static struct process *next_by_pid(int after)
{
	struct process *best = 0;

	for (struct process *p = process_next(0); p; p = process_next(p))
		if (!p->zombie && p->pid > after && (!best || p->pid < best->pid))
			best = p;
	return best;
}

static void context_text(struct procfs_buf *b)
{
	pbuf_puts(b, "PID PPID RUID EUID RGID EGID GROUPS NAME\n");
	for (struct process *p = next_by_pid(0); p; p = next_by_pid(p->pid)) {
		const struct cred *c = p->cred;
		pbuf_printf(b, "%d %d %u %u %u %u ", p->pid, p->parent ? p->parent->pid : 0, c->uid,
		            c->euid, c->gid, c->egid);
		if (c->groups->count == 0)
			pbuf_putc(b, '-');
		for (uint32_t i = 0; i < c->groups->count; i++)
			pbuf_printf(b, i ? ",%u" : "%u", c->groups->gids[i]);
		pbuf_printf(b, " %s\n", p->comm);
	}
}

static int write_time_offset(struct file *f, char *buf, size_t n)
{
	const char *s = buf;
	int64_t delta;

	(void)f;
	(void)n;
	if (!scheme_parse_int(&s, true, &delta) || !scheme_parse_end(s))
		return -EINVAL;
	if (!clock_adjust_realtime_ns(delta))
		return -EINVAL;
	/* Realtime timerfds follow the wall clock, or are cancelled. */
	timerfd_clock_was_set();
	return 0;
}

static int write_kstop(struct file *f, char *buf, size_t n)
{
	(void)f;
	(void)buf;
	(void)n;
	pr_notice("scheme: kstop: powering off\n");
	machine_exit(CUB_EXIT_PASS);
}

static int sys_open(struct inode *ino, unsigned int flags, struct file **out)
{
	unsigned kind = scheme_ino_kind(ino->ino);
	bool writes = scheme_open_writes(flags);
	struct procfs_buf b;

	if (kind == SYS_DIR)
		return 0;
	pbuf_init(&b);
	switch (kind) {
	case SYS_CONTEXT:
	case SYS_UNAME:
		if (writes)
			return -EACCES;
		if (kind == SYS_CONTEXT)
			context_text(&b);
		else
			pbuf_puts(&b, UNAME_SYSNAME "\n" UNAME_RELEASE "\n" UNAME_MACHINE "\n");
		return scheme_text_open(flags, &b, 0, out);
	case SYS_TIME_OFFSET:
		if (writes && !scheme_caller_root())
			return -EPERM;
		pbuf_printf(&b, "%lld\n", (long long)clock_realtime_drift_ns());
		return scheme_text_open(flags, &b, writes ? write_time_offset : 0, out);
	case SYS_KSTOP:
		if (!scheme_caller_root())
			return -EPERM;
		if (scheme_open_reads(flags))
			return -EACCES;
		return scheme_text_open(flags, 0, write_kstop, out);
	default:
		return -ENOENT;
	}
}

const struct scheme scheme_sys = {
	.name = "sys",
	.mode = S_IFDIR | 0555,
	.lookup = sys_lookup,
	.readdir = sys_readdir,
	.open = sys_open,
};
