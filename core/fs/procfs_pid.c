/*
 * procfs_pid.c - the text of /proc/PID/{stat,status,statm,comm,maps}, byte for
 * byte as Linux's fs/proc/array.c and task_mmu.c print them, and the
 * growing buffer it is formatted in.
 *
 * Where cub has no value (page faults, capabilities beyond "root",
 * scheduling policy, code addresses) the field shows what Linux shows for
 * a kernel without the feature, or for a reader that may not see it:
 * the lines keep their names, order and widths, because polkit, ps, top
 * and libprocps parse them by position.
 */
#include <linux/errno.h>
#include <linux/mman.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/procfs_internal.h"
#include "lib/format.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

#define PAGE_SIZE_BYTES 4096u
#define PBUF_MIN 1024u

/* Every capability of Linux 6.x (CAP_LAST_CAP 40): root's sets. */
#define CAP_FULL 0x000001ffffffffffull
/* x86-64 without LAM: untag_mask is all ones. */
#define UNTAG_MASK 0xffffffffffffffffull
/* SIGCHLD: what a process tells its parent when it exits (stat 38). */
#define EXIT_SIGNAL 17
/* A normal task's priority and nice in stat (task_prio(), task_nice()). */
#define PRIO_NORMAL 20
/* RLIM_INFINITY: the default RLIMIT_RSS (stat field 25). */
#define RLIM_INF 0xffffffffffffffffull

void
pbuf_init(struct procfs_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

void
pbuf_free(struct procfs_buf *b)
{
	kfree(b->data);
	pbuf_init(b);
}

bool
pbuf_reserve(struct procfs_buf *b, size_t n)
{
	size_t cap = b->cap != 0 ? b->cap : PBUF_MIN;
	char *d;

	if (b->oom)
		return false;
	if (b->len + n <= b->cap)
		return true;
	while (cap < b->len + n)
		cap *= 2;
	d = kmalloc(cap);
	if (d == NULL) {
		b->oom = true;
		return false;
	}
	if (b->len != 0)
		memcpy(d, b->data, b->len);
	kfree(b->data);
	b->data = d;
	b->cap = cap;
	return true;
}

void
pbuf_write(struct procfs_buf *b, const void *p, size_t n)
{
	if (n == 0 || !pbuf_reserve(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void
pbuf_putc(struct procfs_buf *b, char c)
{
	pbuf_write(b, &c, 1);
}

void
pbuf_puts(struct procfs_buf *b, const char *s)
{
	pbuf_write(b, s, strlen(s));
}

void
pbuf_printf(struct procfs_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* Format into the free space; on overflow, grow and format again. */
	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = kvsnprintf(room != 0 ? b->data + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		if (!pbuf_reserve(b, (size_t)n + 1))
			return;
	}
}

/* task_state_array[] of fs/proc/array.c, by stat's letter. */
static const char *
state_name(char state)
{
	switch (state) {
	case 'R':
		return "R (running)";
	case 'S':
		return "S (sleeping)";
	case 'D':
		return "D (disk sleep)";
	case 'T':
		return "T (stopped)";
	case 't':
		return "t (tracing stop)";
	case 'X':
		return "X (dead)";
	case 'Z':
		return "Z (zombie)";
	case 'P':
		return "P (parked)";
	case 'I':
		return "I (idle)";
	default:
		return "S (sleeping)";
	}
}

/* A zombie has no memory left: Linux prints no Vm lines and zero sizes. */
static bool
has_mm(const struct procinfo *p)
{
	return p->state != 'Z' && p->state != 'X';
}

/*
 * status's Name: the comm with newline and backslash escaped, as
 * seq_escape_str(ESCAPE_SPACE | ESCAPE_SPECIAL, "\n\\") does.
 */
static void
put_escaped_comm(struct procfs_buf *b, const char *comm)
{
	size_t i;

	for (i = 0; i < PROCINFO_COMM_MAX && comm[i] != '\0'; i++) {
		if (comm[i] == '\n')
			pbuf_puts(b, "\\n");
		else if (comm[i] == '\\')
			pbuf_puts(b, "\\\\");
		else
			pbuf_putc(b, comm[i]);
	}
}

static void
put_comm(struct procfs_buf *b, const char *comm)
{
	pbuf_write(b, comm, strnlen(comm, PROCINFO_COMM_MAX));
}

/* task_mem()'s "VmSize:\t    1234 kB" lines. */
static void
put_kb(struct procfs_buf *b, const char *name, uint64_t bytes)
{
	pbuf_printf(b, "%s:\t%8llu kB\n", name,
	    (unsigned long long)(bytes >> 10));
}

/*
 * render_sigset_t(): signal n is bit n - 1, printed as 16 hex digits,
 * signal 64 first; procinfo's masks already use that bit numbering.
 */
static void
put_sigset(struct procfs_buf *b, const char *name, uint64_t set)
{
	pbuf_printf(b, "%s:\t%016llx\n", name, (unsigned long long)set);
}

/* task_state(): Name through NSsid and Kthread. */
static void
status_ids(struct procfs_buf *b, const struct procinfo *p, int fdsize)
{
	size_t i;

	pbuf_puts(b, "Name:\t");
	put_escaped_comm(b, p->comm);
	pbuf_printf(b, "\nUmask:\t%#04o\n", p->umask & 0777);
	pbuf_printf(b, "State:\t%s\n", state_name(p->state));
	pbuf_printf(b, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n"
	    "TracerPid:\t0\n", p->pid, p->pid, p->ppid);
	pbuf_printf(b, "Uid:\t%u\t%u\t%u\t%u\n", p->ruid, p->euid, p->suid,
	    p->fsuid);
	pbuf_printf(b, "Gid:\t%u\t%u\t%u\t%u\n", p->rgid, p->egid, p->sgid,
	    p->fsgid);
	pbuf_printf(b, "FDSize:\t%d\nGroups:\t", fdsize);
	for (i = 0; i < p->ngroups; i++)
		pbuf_printf(b, i != 0 ? " %u" : "%u", p->groups[i]);
	/* Linux: "Trailing space shouldn't have been added in the first place." */
	pbuf_printf(b, " \nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
	    p->pid, p->pid, p->pgid, p->sid);
	pbuf_puts(b, "Kthread:\t0\n");
}

/* task_mem() and the lines Linux prints only for a task with memory. */
static void
status_mem(struct procfs_buf *b, const struct procinfo *p)
{
	put_kb(b, "VmPeak", p->vm_size);
	put_kb(b, "VmSize", p->vm_size);
	put_kb(b, "VmLck", 0);
	put_kb(b, "VmPin", 0);
	put_kb(b, "VmHWM", p->vm_rss);
	put_kb(b, "VmRSS", p->vm_rss);
	put_kb(b, "RssAnon", p->vm_rss);
	put_kb(b, "RssFile", 0);
	put_kb(b, "RssShmem", 0);
	put_kb(b, "VmData", 0);
	put_kb(b, "VmStk", 0);
	put_kb(b, "VmExe", 0);
	put_kb(b, "VmLib", 0);
	put_kb(b, "VmPTE", 0);
	put_kb(b, "VmSwap", 0);
	pbuf_puts(b, "HugetlbPages:\t       0 kB\n");
	pbuf_puts(b, "CoreDumping:\t0\nTHP_enabled:\t0\n");
	pbuf_printf(b, "untag_mask:\t%#llx\n", UNTAG_MASK);
}

/* task_sig(), task_cap(), task_seccomp() (less Speculation*), and on. */
static void
status_rest(struct procfs_buf *b, const struct procinfo *p)
{
	bool any_root = p->ruid == 0 || p->euid == 0 || p->suid == 0;

	pbuf_printf(b, "Threads:\t%d\nSigQ:\t0/0\n", p->nthreads);
	put_sigset(b, "SigPnd", p->sig_pending);
	put_sigset(b, "ShdPnd", p->sig_shared_pending);
	put_sigset(b, "SigBlk", p->sig_blocked);
	put_sigset(b, "SigIgn", p->sig_ignored);
	put_sigset(b, "SigCgt", p->sig_caught);
	/*
	 * Root's capabilities as Linux computes them across set*id: the
	 * permitted set while any uid is 0, the effective one while euid is.
	 */
	put_sigset(b, "CapInh", 0);
	put_sigset(b, "CapPrm", any_root ? CAP_FULL : 0);
	put_sigset(b, "CapEff", p->euid == 0 ? CAP_FULL : 0);
	put_sigset(b, "CapBnd", CAP_FULL);
	put_sigset(b, "CapAmb", 0);
	pbuf_puts(b, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
	pbuf_puts(b, "Cpus_allowed:\t1\nCpus_allowed_list:\t0\n");
	pbuf_puts(b, "voluntary_ctxt_switches:\t0\n"
	    "nonvoluntary_ctxt_switches:\t0\n");
}

static void
status_text(struct procfs_buf *b, const struct procinfo *p, int fdsize)
{
	status_ids(b, p, fdsize);
	if (has_mm(p))
		status_mem(b, p);
	status_rest(b, p);
}

/*
 * do_task_stat(): 52 fields.  Code, stack and data addresses, esp, eip,
 * wchan and exit_code are printed as Linux prints them to a reader that
 * may not ptrace the task (start/end code 1, the rest 0), since cub keeps
 * no such values; start_code 1 also tells ps this is no kernel thread.
 */
static void
stat_text(struct procfs_buf *b, const struct procinfo *p)
{
	bool mm = has_mm(p);

	pbuf_printf(b, "%d (", p->pid);
	put_comm(b, p->comm);
	pbuf_printf(b, ") %c %d %d %d 0 -1 0 0 0 0 0 %llu %llu 0 0 %d 0 %d 0 "
	    "%llu ", p->state, p->ppid, p->pgid, p->sid,
	    (unsigned long long)p->utime_ticks,
	    (unsigned long long)p->stime_ticks, PRIO_NORMAL, p->nthreads,
	    (unsigned long long)p->start_ticks);
	pbuf_printf(b, "%llu %llu %llu %d %d 0 0 0 ",
	    (unsigned long long)(mm ? p->vm_size : 0),
	    (unsigned long long)(mm ? p->vm_rss / PAGE_SIZE_BYTES : 0),
	    RLIM_INF, mm ? 1 : 0, mm ? 1 : 0);
	/* "The signal information here is obsolete": decimal, 31 bits. */
	pbuf_printf(b, "%llu %llu %llu %llu 0 0 0 %d 0 0 0 0 0 0 "
	    "0 0 0 0 0 0 0 0\n",
	    (unsigned long long)(p->sig_pending & 0x7fffffffu),
	    (unsigned long long)(p->sig_blocked & 0x7fffffffu),
	    (unsigned long long)(p->sig_ignored & 0x7fffffffu),
	    (unsigned long long)(p->sig_caught & 0x7fffffffu), EXIT_SIGNAL);
}

/* proc_pid_statm(): size resident shared text lib data dt, in pages. */
static void
statm_text(struct procfs_buf *b, const struct procinfo *p)
{
	if (!has_mm(p)) {
		pbuf_puts(b, "0 0 0 0 0 0 0\n");
		return;
	}
	pbuf_printf(b, "%llu %llu 0 0 0 0 0\n",
	    (unsigned long long)(p->vm_size / PAGE_SIZE_BYTES),
	    (unsigned long long)(p->vm_rss / PAGE_SIZE_BYTES));
}

/*
 * Linux's show_map_vma(): the fixed fields, then, when the area has a
 * name, spaces up to column 73 and the name, with a newline in a path
 * escaped as \012 (seq_file_path).
 */
#define MAPS_NAME_COLUMN 72 /* 25 + sizeof(void *) * 6 - 1 */

static void
map_line(struct procfs_buf *b, const struct procinfo_map *m)
{
	size_t line = b->len;
	const char *c;

	pbuf_printf(b, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
	    (unsigned long long)m->start, (unsigned long long)m->end,
	    (m->prot & PROT_READ) ? 'r' : '-', (m->prot & PROT_WRITE) ? 'w' : '-',
	    (m->prot & PROT_EXEC) ? 'x' : '-', m->shared ? 's' : 'p',
	    (unsigned long long)m->offset, m->dev_major, m->dev_minor,
	    (unsigned long long)m->ino);
	if (m->name[0] != '\0') {
		while (!b->oom && b->len - line < MAPS_NAME_COLUMN)
			pbuf_putc(b, ' ');
		pbuf_putc(b, ' ');
		for (c = m->name; *c != '\0'; c++) {
			if (*c == '\n')
				pbuf_puts(b, "\\012");
			else
				pbuf_putc(b, *c);
		}
	}
	pbuf_putc(b, '\n');
}

int
procfs_maps_text(int pid, struct procfs_buf *b)
{
	struct procinfo_map *m = kmalloc(sizeof(*m));
	int i, r = 0;

	if (m == NULL)
		return -ENOMEM;
	for (i = 0; (r = procinfo_map_area(pid, i, m)) == 0; i++)
		map_line(b, m);
	kfree(m);
	if (r == -ENOENT)
		r = 0;
	return b->oom ? -ENOMEM : r;
}

int
procfs_pid_text(enum procfs_kind kind, const struct procinfo *p, int fdsize,
    struct procfs_buf *b)
{
	switch (kind) {
	case PK_STATUS:
		status_text(b, p, fdsize);
		return 0;
	case PK_STAT:
		stat_text(b, p);
		return 0;
	case PK_STATM:
		statm_text(b, p);
		return 0;
	case PK_COMM:
		put_comm(b, p->comm);
		pbuf_putc(b, '\n');
		return 0;
	case PK_MOUNTS:
		return procfs_mounts_text(p->pid, b);
	case PK_MAPS:
		return procfs_maps_text(p->pid, b);
	default:
		return -EINVAL;
	}
}
