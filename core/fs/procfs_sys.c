/*
 * procfs_sys.c - the machine-wide files of /proc (meminfo, uptime, stat,
 * filesystems) and the mount tables, in the formats of Linux's
 * fs/proc/meminfo.c, uptime.c, stat.c and fs/filesystems.c.
 */
#include <linux/errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/procfs.h"
#include "fs/procfs_internal.h"
#include "lib/kstring.h"

#define NSEC_PER_SEC 1000000000ull
/* USER_HZ: /proc/stat counts time in hundredths of a second. */
#define NSEC_PER_TICK (NSEC_PER_SEC / 100)

const char *const procfs_filesystems[] = {
	"nodev\ttmpfs",
	"nodev\tproc",
	"nodev\tdevtmpfs",
	"nodev\tmqueue",
	NULL,
};

/* show_val_kb(): the name padded to 16 columns, the value to 8. */
static void
put_kb(struct procfs_buf *b, const char *name, uint64_t bytes)
{
	pbuf_printf(b, "%-16s%8llu kB\n", name,
	    (unsigned long long)(bytes >> 10));
}

/*
 * The lines of Linux's meminfo_proc_show() up to Percpu, in its order.
 * cub has no swap, page cache or slab accounting to report, so those are
 * 0 and everything not free counts as used; MemAvailable is MemFree.
 */
static void
meminfo_text(struct procfs_buf *b)
{
	static const char *const zero_a[] = {
		"Buffers:", "Cached:", "SwapCached:", "Active:", "Inactive:",
		"Active(anon):", "Inactive(anon):", "Active(file):",
		"Inactive(file):", "Unevictable:", "Mlocked:", "SwapTotal:",
		"SwapFree:", "Dirty:", "Writeback:", "AnonPages:", "Mapped:",
		"Shmem:", "KReclaimable:", "Slab:", "SReclaimable:",
		"SUnreclaim:", "KernelStack:", "PageTables:",
	};
	static const char *const zero_b[] = {
		"Committed_AS:", "VmallocTotal:", "VmallocUsed:",
		"VmallocChunk:", "Percpu:",
	};
	struct sysinfo_snapshot s;
	size_t i;

	memset(&s, 0, sizeof(s));
	procinfo_system(&s);
	put_kb(b, "MemTotal:", s.mem_total);
	put_kb(b, "MemFree:", s.mem_free);
	put_kb(b, "MemAvailable:", s.mem_free);
	for (i = 0; i < sizeof(zero_a) / sizeof(zero_a[0]); i++)
		put_kb(b, zero_a[i], 0);
	/* vm_commit_limit() with overcommit_ratio 50 and no swap. */
	put_kb(b, "CommitLimit:", s.mem_total / 2);
	for (i = 0; i < sizeof(zero_b) / sizeof(zero_b[0]); i++)
		put_kb(b, zero_b[i], 0);
}

/*
 * uptime_proc_show(): seconds since boot and idle seconds summed over
 * CPUs, both with two decimals.  cub does not account idle time; as in
 * /proc/stat, its one CPU counts as idle throughout.
 */
static void
uptime_text(struct procfs_buf *b)
{
	struct sysinfo_snapshot s;
	unsigned long long sec, cs;

	memset(&s, 0, sizeof(s));
	procinfo_system(&s);
	sec = (unsigned long long)(s.uptime_ns / NSEC_PER_SEC);
	cs = (unsigned long long)(s.uptime_ns % NSEC_PER_SEC / NSEC_PER_TICK);
	pbuf_printf(b, "%llu.%02llu %llu.%02llu\n", sec, cs, sec, cs);
}

/*
 * show_stat(), the lines tools read: the cpu totals (all of the time is
 * counted as idle, so top shows a quiet machine rather than dividing by
 * zero), btime, and the process counts.  "processes" is the number of
 * forks since boot in Linux; cub reports the processes alive.
 */
static void
stat_text(struct procfs_buf *b)
{
	struct sysinfo_snapshot s;
	unsigned long long idle;

	memset(&s, 0, sizeof(s));
	procinfo_system(&s);
	idle = (unsigned long long)(s.uptime_ns / NSEC_PER_TICK);
	pbuf_printf(b, "cpu  0 0 0 %llu 0 0 0 0 0 0\n", idle);
	pbuf_printf(b, "cpu0 0 0 0 %llu 0 0 0 0 0 0\n", idle);
	pbuf_puts(b, "intr 0\nctxt 0\n");
	pbuf_printf(b, "btime %llu\nprocesses %d\nprocs_running 1\n"
	    "procs_blocked 0\n", (unsigned long long)s.boot_time_s, s.nprocs);
	pbuf_puts(b, "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
}

static void
filesystems_text(struct procfs_buf *b)
{
	size_t i;

	for (i = 0; procfs_filesystems[i] != NULL; i++) {
		pbuf_puts(b, procfs_filesystems[i]);
		pbuf_putc(b, '\n');
	}
}

int
procfs_mounts_text(int pid, struct procfs_buf *b)
{
	size_t room = 512;

	if (procfs_mounts_hook == NULL)
		return 0;
	/* The hook says how long the table is; ask again when it did not fit. */
	for (;;) {
		long n;

		if (!pbuf_reserve(b, room))
			return -ENOMEM;
		n = procfs_mounts_hook(pid, b->data + b->len, b->cap - b->len);
		if (n < 0)
			return (int)n;
		if ((size_t)n <= b->cap - b->len) {
			b->len += (size_t)n;
			return 0;
		}
		room = (size_t)n;
	}
}

int
procfs_sys_text(enum procfs_kind kind, struct procfs_buf *b)
{
	switch (kind) {
	case PK_MEMINFO:
		meminfo_text(b);
		return 0;
	case PK_UPTIME:
		uptime_text(b);
		return 0;
	case PK_SYSSTAT:
		stat_text(b);
		return 0;
	case PK_FILESYSTEMS:
		filesystems_text(b);
		return 0;
	case PK_KCMDLINE:
		/* As Linux: the line the kernel was booted with, and a newline. */
		pbuf_printf(b, "%s\n", procfs_cmdline ? procfs_cmdline : "");
		return 0;
	default:
		return -EINVAL;
	}
}
