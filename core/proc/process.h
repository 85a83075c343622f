/*
 * process.h - user processes.
 *
 * A process owns an address space, a descriptor table and its place in
 * the process tree; its threads are kernel threads (struct thread) that
 * run in user mode.  For now every process has exactly one thread; clone
 * for threads is part of the Linux ABI issue.  The boot thread becomes PID
 * 1 when it executes /sbin/init, as Linux's kernel_init does.
 */
#ifndef CUB_PROC_PROCESS_H
#define CUB_PROC_PROCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/idt.h"
#include "proc/signal.h"
#include "sched/ktimer.h"
#include "sched/sched.h"

#define COMM_MAX 16

struct mm;
struct fd_table;

struct process {
	int pid;
	int pgid, sid;
	char comm[COMM_MAX];        /* executable name, as /proc/PID/comm */
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
	struct thread *thread;      /* its one thread */
	bool zombie;
	bool did_exec;              /* setpgid on a child fails after it */
	int wait_status;            /* as wait4 reports it */
	struct waitq child_exit;    /* the parent waits here */
	uint64_t clear_child_tid;   /* set_tid_address */
	uint64_t robust_list;
	uint64_t robust_len;
	struct signal_state sig;
	struct ktimer itimer;       /* ITIMER_REAL */
	uint64_t itimer_interval;
};

/* The process of the calling thread (NULL for kernel threads). */
struct process *process_current(void);

struct process *process_find(int pid);

/* Iterates every process: process_next(NULL) is the first. */
struct process *process_next(struct process *p);

/* Live and zombie processes. */
int process_count(void);

/*
 * Turns the calling kernel thread into PID 1 running path (from the
 * initramfs for now) with the console as fds 0-2.  Returns only on
 * failure, with -errno.
 */
int process_start_init(const char *path);

/* A fatal signal from a fault: ends the process with that signal. */
__attribute__((noreturn)) void process_kill_self(int sig);

/* Ends the calling process with a wait status (W_EXITCODE form). */
__attribute__((noreturn)) void process_exit(int wait_status);

/* Hook on every return to user mode (pending signals will go here). */
void process_return_to_user(struct trap_frame *tf);

/* Wait-status encodings, as <sys/wait.h> decodes them. */
#define WAIT_EXITED(code) (((code) & 0xff) << 8)
#define WAIT_SIGNALED(sig) ((sig) & 0x7f)

#endif
