/*
 * signal.h - POSIX signals: dispositions, masks, pending sets, delivery
 * through a Linux-compatible rt_sigframe, and sigreturn.
 *
 * As in Linux, dispositions and the process-directed pending set (kill,
 * rt_sigqueueinfo, timers) belong to the process; the blocked mask, the
 * thread-directed pending set (tgkill, faults) and the alternate stack
 * belong to each thread (struct thread_signal, proc/thread_signal.h).
 * Standard signals coalesce: one instance pending per set.  Real-time
 * signals queue every instance with its siginfo, up to SIGQUEUE_LIMIT.
 */
#ifndef CUB_PROC_SIGNAL_H
#define CUB_PROC_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <asm-generic/siginfo.h>
#include <linux/signal.h>

#include "arch/x86_64/idt.h"
#include "proc/thread_signal.h"

/* Signals 1..64 (the kernel's _NSIG for x86-64, not in the UAPI headers). */
#define SIG_COUNT 64
#define SIG_BIT(sig) (1ULL << ((sig) - 1))
#define SIG_UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))

/* Linux's internal "restart this syscall" code (include/linux/errno.h,
   not part of the UAPI): never returned to user space. */
#define ERESTARTSYS 512
/* Restart only if no handler ran; with a handler, EINTR. */
#define ERESTARTNOHAND 514
/* As ERESTARTNOHAND, but restart through restart_syscall and the
   thread's restart block (a sleep goes on to its first deadline). */
#define ERESTART_RESTARTBLOCK 516

struct k_sigaction {
	uint64_t handler;  /* SIG_DFL, SIG_IGN or a user address */
	uint64_t flags;    /* SA_* */
	uint64_t restorer;
	uint64_t mask;
};

/*
 * Queued signals a process may have at once: RLIMIT_SIGPENDING's value as
 * prlimit64 reports it (proc/sys_proc.c).  Linux counts per user; cub
 * counts per process, which is the same for the one-process tests and
 * stricter for nobody.
 */
#define SIGQUEUE_LIMIT 4096

struct posix_timer;

/* One pending instance of a signal. */
struct sigqueue {
	struct sigqueue *next;
	siginfo_t info;
	bool counted;               /* charged to the process's queue count */
	struct posix_timer *timer;  /* a timer's own entry: not freed on dequeue */
};

struct signal_state {
	struct k_sigaction action[SIG_COUNT];
	struct sigpending shared;   /* process-directed */
	int nqueued;                /* counted entries, against SIGQUEUE_LIMIT */
};

struct process;
struct thread;

/*
 * Sends sig to process p (kill): it waits in the shared set until a thread
 * that does not block it takes it; one such thread is woken.  0, or
 * -EAGAIN when a real-time signal does not fit in the queue.
 */
int signal_send(struct process *p, int sig, const siginfo_t *info);

/* Sends sig to thread t alone (tgkill); SIGKILL still goes to the whole
   process. */
int signal_send_thread(struct thread *t, int sig, const siginfo_t *info);

/* Queues a POSIX timer's preallocated entry q (info filled in) for p, or
   for thread t when not NULL.  Never fails for lack of memory. */
void signal_send_timer(struct process *p, struct thread *t, struct sigqueue *q);

/* Takes q out of whatever pending set holds it (timer_delete). */
void signal_unqueue(struct process *p, struct sigqueue *q);

/* A signal from the kernel about a fault: delivered even when blocked or
   ignored (the disposition falls back to the default, as Linux's
   force_sig). */
void signal_force_fault(int sig, int code, uint64_t addr);

/* A deliverable signal is pending for the calling thread. */
bool signal_pending(void);

/* Takes the next pending signal in mask for t (its own first, then the
   process's; lowest number first, faults before all): its number, or 0. */
int signal_dequeue(struct thread *t, uint64_t mask, siginfo_t *info);

/* Discards the pending instances of the signals in mask, everywhere in p. */
void signal_discard(struct process *p, uint64_t mask);

/* The signals pending for t or for its whole process. */
uint64_t signal_pending_set(struct thread *t);

/*
 * sigsuspend, ppoll and pselect: a temporary mask for the calling thread.
 * It ends on return, or, when a handler interrupted the call, after the
 * handler has run (the frame saves the old mask).
 */
void signal_temp_mask(uint64_t set);
void signal_temp_mask_end(bool interrupted);

/* Delivers pending signals on the way back to user mode (may not return:
   a default action can end the process). */
void signal_deliver(struct trap_frame *tf);

/* Fork copies dispositions; exec resets handlers to default (and the
   calling thread's alternate stack). */
void signal_fork(struct process *child, const struct process *parent);
void signal_exec(struct process *p);

/* A new thread t made by clone from the calling thread: it inherits the
   mask, and the alternate stack unless it shares the address space
   (Linux's copy_process). */
void signal_thread_init(struct thread *t, bool shares_vm);

/* Frees what is pending for t (it exits) and for p (the process exits). */
void signal_thread_exit(struct thread *t);
void signal_process_exit(struct process *p);

/* rt_sigreturn's work (proc/sigframe.c). */
long signal_return(struct trap_frame *tf);

/* Default actions (signal(7)). */
bool signal_default_ignores(int sig);
bool signal_default_stops(int sig);

/* The parent's SIGCHLD is SIG_IGN or has SA_NOCLDWAIT: no zombie. */
bool signal_child_autoreap(const struct process *parent);

#endif
