/*
 * signal.h - POSIX signals: dispositions, masks, pending sets, delivery
 * through a Linux-compatible rt_sigframe, and sigreturn.
 *
 * One thread per process for now, so the per-thread state (blocked mask,
 * thread-directed pending set, alternate stack) lives in struct process
 * next to the shared dispositions; clone for threads will move it.
 * Standard signals are pending at most once; real-time signals also queue
 * only one instance each for now (marked partial in the syscall table).
 */
#ifndef CUB_PROC_SIGNAL_H
#define CUB_PROC_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <asm-generic/siginfo.h>
#include <linux/signal.h>

#include "arch/x86_64/idt.h"

/* Signals 1..64 (the kernel's _NSIG for x86-64, not in the UAPI headers). */
#define SIG_COUNT 64
#define SIG_BIT(sig) (1ULL << ((sig) - 1))

/* Linux's internal "restart this syscall" code (include/linux/errno.h,
   not part of the UAPI): never returned to user space. */
#define ERESTARTSYS 512

struct k_sigaction {
	uint64_t handler;  /* SIG_DFL, SIG_IGN or a user address */
	uint64_t flags;    /* SA_* */
	uint64_t restorer;
	uint64_t mask;
};

struct signal_state {
	struct k_sigaction action[SIG_COUNT];
	uint64_t blocked;
	uint64_t pending;
	siginfo_t info[SIG_COUNT];
	uint64_t saved_mask;  /* restored after sigsuspend's handler */
	bool restore_saved;
	uint64_t alt_sp, alt_size;
	int alt_flags;
};

struct process;

/* Queues sig for p with info; wakes it if it sleeps interruptibly. */
void signal_send(struct process *p, int sig, const siginfo_t *info);

/* A signal from the kernel about a fault: delivered even when blocked or
   ignored (the disposition falls back to the default, as Linux's
   force_sig). */
void signal_force_fault(int sig, int code, uint64_t addr);

/* A deliverable signal is pending for the calling process. */
bool signal_pending(void);

/* Delivers pending signals on the way back to user mode (may not return:
   a default action can end the process). */
void signal_deliver(struct trap_frame *tf);

/* Fork copies dispositions and mask; exec resets handlers to default. */
void signal_fork(struct process *child, const struct process *parent);
void signal_exec(struct process *p);

/* The parent's SIGCHLD is SIG_IGN or has SA_NOCLDWAIT: no zombie. */
bool signal_child_autoreap(const struct process *parent);

#endif
