/*
 * process.h - user processes.
 *
 * A process owns an address space, a descriptor table and its place in
 * the process tree; its threads are kernel threads (struct thread) that
 * run in user mode (clone with CLONE_THREAD adds one).  Dispositions and
 * process-directed signals are the process's; masks and thread-directed
 * signals are each thread's (proc/signal.h).  The boot thread becomes PID 1
 * when it executes /sbin/init, as Linux's kernel_init does.
 */
#ifndef CUB_PROC_PROCESS_H
#define CUB_PROC_PROCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/idt.h"
#include "proc/rlimit.h"
#include "fs/perm.h"
#include "fs/poll.h"
#include "proc/signal.h"
#include "sched/ktimer.h"
#include "sched/sched.h"

#define COMM_MAX 16

struct mm;
struct fd_table;
struct tty;
struct cred;
struct posix_timer;

/* ITIMER_VIRTUAL or ITIMER_PROF: fires when the process's user (or user
   plus system) CPU time reaches expires; 0 = disarmed. */
struct cpu_itimer {
	uint64_t expires, interval;
};

struct process {
	int pid;
	int pgid, sid;
	struct tty *ctty;            /* controlling terminal, or NULL */
	const struct cred *cred;     /* shared by its threads; replaced whole (cred/) */
	struct fs_cred fs_cred;      /* the part file checks use, kept with cred */
	bool not_dumpable;           /* PR_SET_DUMPABLE 0, or ids changed: /proc is root's */
	bool no_new_privs;           /* PR_SET_NO_NEW_PRIVS: execve ignores set-id bits;
	                                fork and execve keep it, nothing clears it */
	char comm[COMM_MAX];        /* the main thread's name: /proc/PID/comm */
	char *exe;                  /* executable path (kmalloc), /proc/PID/exe */
	uint64_t start_ns;          /* clock_ns() at fork: stat field 22 */
	struct process *parent;
	struct process *children;   /* youngest first */
	struct process *sibling;
	struct process *next_all;   /* every live or zombie process */
	struct mm *mm;
	struct fd_table *fds;
	struct inode *root, *cwd;   /* references */
	uint32_t umask;
	struct rlimit64 rlim[RLIM_NLIMITS]; /* fork copies, execve keeps */
	struct thread *threads;     /* its threads (group_next); first = leader */
	int nthreads;
	struct waitq thread_gone;   /* exit_group and execve wait here */
	bool group_exiting;         /* exit_group: every thread must go */
	struct thread *group_exit_thread; /* the one doing the exit_group */
	struct process *vfork_parent;     /* waiting for our exec or exit */
	bool vfork_child_done;
	struct waitq vfork_done;    /* a CLONE_VFORK parent waits here */
	bool zombie;
	struct poll_head signalfd_head; /* its signalfds' pollers: a signal
	                                   becoming pending wakes them */
	bool did_exec;              /* setpgid on a child fails after it */
	bool child_subreaper;       /* PR_SET_CHILD_SUBREAPER: adopts orphans
	                               below it; execve keeps it, fork does not */
	int wait_status;            /* as wait4 reports it */
	struct waitq child_exit;    /* the parent waits here */
	uint64_t robust_list;
	uint64_t robust_len;
	struct signal_state sig;
	int nice;
	/* Job control: a stop signal stops every thread until SIGCONT. */
	bool stopped;
	int stop_sig;
	int report;                 /* REPORT_*: a change the parent may wait for */
	struct waitq stop_wq;
	uint64_t cpu_ns;            /* CPU time of exited threads and at exit */
	uint64_t user_ns;           /* the user-mode part of cpu_ns */
	uint64_t children_cpu_ns;   /* of reaped children (RUSAGE_CHILDREN) */
	uint64_t children_maxrss_kb;
	uint64_t maxrss_kb;         /* at exit */
	struct ktimer itimer;       /* ITIMER_REAL */
	uint64_t itimer_interval;
	struct cpu_itimer itimer_virt, itimer_prof;
	struct posix_timer *timers; /* timer_create's, newest first */
	int next_timer_id;
	int cpu_timers;             /* armed timers on a CPU-time clock */
};

/* Installs c (a reference the process takes over) as p's credentials and
   returns the old ones, for the caller to put (cred/sys_cred.c). */
const struct cred *process_swap_cred(struct process *p, const struct cred *c);

/* The process of the calling thread (NULL for kernel threads). */
struct process *process_current(void);

struct process *process_find(int pid);

/* The process that has a thread with this id, or NULL. */
struct process *process_of_tid(int tid);

/* The user thread with this id, or NULL. */
struct thread *thread_find(int tid);

/* Iterates every process: process_next(NULL) is the first. */
struct process *process_next(struct process *p);

/* Live and zombie processes. */
int process_count(void);

/*
 * Turns the calling kernel thread into PID 1 running path with the
 * console as fds 0-2; the words after "--" on the kernel command line
 * become its arguments, as in Linux.  Returns only on failure, -errno.
 */
int process_start_init(const char *path, const char *cmdline);

/* Ends the calling process with a wait status (W_EXITCODE form); other
   threads are stopped first (exit_group). */
__attribute__((noreturn)) void process_exit(int wait_status);

/* Ends the calling thread only (exit); the last one ends the process. */
__attribute__((noreturn)) void process_thread_exit(int code);

/* Makes every other thread of the calling process exit and waits for
   them (exit_group, execve). */
void process_kill_other_threads(void);

/* Adds t to p's threads. */
void process_add_thread(struct process *p, struct thread *t);

/* Hook on every return to user mode (pending signals will go here). */
void process_return_to_user(struct trap_frame *tf);

/* Wait-status encodings, as <sys/wait.h> decodes them. */
#define WAIT_EXITED(code) (((code) & 0xff) << 8)
#define WAIT_SIGNALED(sig) ((sig) & 0x7f)
#define WAIT_STOPPED(sig) ((((sig) & 0xff) << 8) | 0x7f)
#define WAIT_CONTINUED 0xffff

#define REPORT_NONE 0
#define REPORT_STOPPED 1
#define REPORT_CONTINUED 2

/* CPU time of every thread of p, living and exited, and its user part. */
uint64_t process_cpu_ns(struct process *p);
uint64_t process_user_ns(struct process *p);

/* Timer interrupt hook: runs the CPU-time timers of the interrupted
   process (user: the tick found it in user mode). */
void process_cpu_tick(bool user);

/* Stops the calling process with sig (default action of a stop signal)
   and sleeps until SIGCONT or SIGKILL. */
void process_stop(int sig);

/* SIGCONT arrived for p: resumes it if stopped. */
void process_continue(struct process *p);

#endif
