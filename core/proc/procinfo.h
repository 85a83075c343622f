/*
 * procinfo.h - what /proc may know about processes: a read-only snapshot
 * interface between the process code (proc/) and procfs (fs/procfs*.c).
 *
 * procfs never touches struct process directly; it asks for a snapshot by
 * pid.  Host unit tests of procfs provide their own implementation of
 * these functions with made-up processes.
 */
#ifndef CUB_PROC_PROCINFO_H
#define CUB_PROC_PROCINFO_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#define PROCINFO_COMM_MAX 16
#define PROCINFO_PATH_MAX 4096
#define PROCINFO_FD_MAX 1024

struct procinfo {
	int pid, ppid, pgid, sid;
	char comm[PROCINFO_COMM_MAX];  /* NUL-terminated */
	char state;                    /* 'R', 'S', 'Z' as /proc/PID/stat */
	uint32_t ruid, euid, suid, fsuid;
	uint32_t rgid, egid, sgid, fsgid;
	const uint32_t *groups;        /* supplementary groups (valid until the
	                                  next procinfo call) */
	size_t ngroups;
	uint64_t start_ticks;          /* start time, clock ticks (USER_HZ=100)
	                                  since boot: field 22 of stat */
	uint64_t utime_ticks, stime_ticks;
	uint64_t vm_size, vm_rss;      /* bytes */
	int nthreads;
	bool not_dumpable;              /* prctl(PR_SET_DUMPABLE, 0) or an id change */
	uint32_t umask;
	uint64_t sig_pending, sig_blocked, sig_ignored, sig_caught;
	uint64_t sig_shared_pending;   /* status's ShdPnd */
};

/* Fills *out for pid; 0, or -ESRCH when there is no such process. */
int procinfo_get(int pid, struct procinfo *out);

/* The pid of the caller ("self"). */
int procinfo_self(void);

/* Live pids in ascending order, at most max; returns how many. */
int procinfo_pids(int *pids, int max);

/* The path the process was executed from (/proc/PID/exe), or -ESRCH /
   -ENOENT (a kernel thread). Returns the length. */
long procinfo_exe(int pid, char *buf, size_t size);

/* argv (environ when env is set) as NUL-separated bytes read from the
   process's memory, as /proc/PID/cmdline and environ show them; returns
   the length or -errno. */
long procinfo_args(int pid, int env, char *buf, size_t size);

/* Its open descriptors in ascending order (at most max); returns how
   many, or -ESRCH. */
int procinfo_fds(int pid, int *fds, int max);

/* What descriptor fd refers to, as the /proc/PID/fd/N link shows it:
   a path, or "pipe:[INO]", "anon_inode:[...]", "/dev/console"... */
long procinfo_fd_target(int pid, int fd, char *buf, size_t size);

/* One area of a process's address space, as a /proc/PID/maps line. */
struct procinfo_map {
	uint64_t start, end;           /* end exclusive */
	int prot;                      /* PROT_READ | PROT_WRITE | PROT_EXEC */
	int shared;                    /* 's' rather than 'p' */
	uint64_t offset;               /* bytes into the file; 0 for anonymous */
	uint32_t dev_major, dev_minor; /* the file's device, 0:0 for none */
	uint64_t ino;                  /* the file's inode, 0 for none */
	char name[PROCINFO_PATH_MAX];  /* the file's path (" (deleted)" when it
	                                  has no name left), "[heap]", "[stack]",
	                                  or "" */
};

/* The index-th area (0 first, in address order) of pid's memory: 0,
   -ENOENT past the last one (or without memory), -ESRCH. */
int procinfo_map_area(int pid, int index, struct procinfo_map *out);

/* Machine-wide figures for /proc/meminfo, /proc/uptime, /proc/stat. */
struct sysinfo_snapshot {
	uint64_t mem_total, mem_free;  /* bytes */
	uint64_t uptime_ns;
	uint64_t boot_time_s;          /* realtime at boot, seconds */
	int nprocs;
};
void procinfo_system(struct sysinfo_snapshot *out);

#endif
