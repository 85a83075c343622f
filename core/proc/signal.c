/*
 * signal.c - sending signals and the pending sets.
 *
 * Follows kernel/signal.c: a process-directed signal waits in the shared
 * set until some thread that does not block it dequeues it, and
 * complete_signal's choice of that thread is made here (the sender if it
 * can take it, else a sigtimedwait waiter, else the first thread that
 * does not block it).  A thread takes its own signals before the
 * process's.  Everything runs with interrupts off (one CPU).
 */
#include "proc/signal.h"

#include "arch/x86_64/cpu.h"
#include "fs/poll.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "proc/posix_timer.h"
#include "proc/process.h"
#include "sched/sched.h"

#include <linux/errno.h>
#include <linux/poll.h>

#define STOP_SIGNALS (SIG_BIT(SIGSTOP) | SIG_BIT(SIGTSTP) | SIG_BIT(SIGTTIN) | SIG_BIT(SIGTTOU))

bool signal_default_ignores(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

bool signal_default_stops(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static bool is_rt(int sig)
{
	return sig >= SIGRTMIN;
}

static bool ignored(struct process *p, int sig)
{
	uint64_t h = p->sig.action[sig - 1].handler;

	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	return h == (uint64_t)SIG_IGN || (h == (uint64_t)SIG_DFL && signal_default_ignores(sig));
}

static void append(struct sigpending *pend, struct sigqueue *q)
{
	struct sigqueue **pp = &pend->head;

	while (*pp)
		pp = &(*pp)->next;
	q->next = 0;
	*pp = q;
	pend->set |= SIG_BIT(q->info.si_signo);
}

/* An entry leaves its set: a timer's goes back to the timer (which adds
   its overrun count to info, when given), the others are freed. */
static void release(struct process *p, struct sigqueue *q, siginfo_t *info)
{
	if (q->timer) {
		posix_timer_dequeued(q->timer, info);
		return;
	}
	if (q->counted)
		p->sig.nqueued--;
	kfree(q);
}

/*
 * Adds an instance of sig.  Standard signals coalesce.  Linux lets the
 * kernel's own standard signals (si_code >= 0) past the queue limit; when
 * no entry can be had, a standard signal is still pending, only without
 * its siginfo, and a real-time one fails with EAGAIN unless it came from
 * kill (SI_USER), as in __send_signal.
 */
static int pending_add(struct process *p, struct sigpending *pend, int sig, const siginfo_t *info)
{
	if (!is_rt(sig) && (pend->set & SIG_BIT(sig)))
		return 0;
	bool override = !is_rt(sig) && info->si_code >= 0;
	struct sigqueue *q = 0;
	if (override || p->sig.nqueued < SIGQUEUE_LIMIT)
		q = kmalloc(sizeof(*q));
	if (!q) {
		if (is_rt(sig) && info->si_code != SI_USER)
			return -EAGAIN;
		pend->set |= SIG_BIT(sig);
		return 0;
	}
	q->info = *info;
	q->info.si_signo = sig;
	q->counted = true;
	q->timer = 0;
	p->sig.nqueued++;
	append(pend, q);
	return 0;
}

/* Takes the first instance of sig out of pend. */
static void pending_take(struct process *p, struct sigpending *pend, int sig, siginfo_t *info)
{
	struct sigqueue **found = 0;
	bool more = false;

	for (struct sigqueue **pp = &pend->head; *pp; pp = &(*pp)->next) {
		if ((*pp)->info.si_signo != sig)
			continue;
		if (found) {
			more = true;
			break;
		}
		found = pp;
	}
	if (!more)
		pend->set &= ~SIG_BIT(sig);
	if (!found) {
		/* Pending without an entry (no memory): Linux's lost info. */
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_USER;
		return;
	}
	struct sigqueue *q = *found;
	*found = q->next;
	*info = q->info;
	release(p, q, info);
}

static void pending_discard(struct process *p, struct sigpending *pend, uint64_t mask)
{
	if (!(pend->set & mask))
		return;
	pend->set &= ~mask;
	struct sigqueue **pp = &pend->head;
	while (*pp) {
		struct sigqueue *q = *pp;
		if (mask & SIG_BIT(q->info.si_signo)) {
			*pp = q->next;
			release(p, q, 0);
		} else {
			pp = &q->next;
		}
	}
}

void signal_discard(struct process *p, uint64_t mask)
{
	bool on = irq_save();
	pending_discard(p, &p->sig.shared, mask);
	for (struct thread *t = p->threads; t; t = t->group_next)
		pending_discard(p, &t->sig.pending, mask);
	irq_restore(on);
}

/*
 * What sending does before queueing (prepare_signal): SIGCONT resumes a
 * stopped process even when ignored or blocked and cancels pending stops;
 * a stop signal cancels a pending SIGCONT (signal(7)).  False when the
 * signal is discarded at once: ignored and not blocked by the receiver
 * (a blocked one may be unignored before it is unblocked).
 */
static bool prepare(struct process *p, struct thread *target, int sig)
{
	if (sig == SIGCONT) {
		signal_discard(p, STOP_SIGNALS);
		process_continue(p);
	} else if (signal_default_stops(sig)) {
		signal_discard(p, SIG_BIT(SIGCONT));
	}
	if (sig == SIGKILL && p->stopped)
		waitq_wake_all(&p->stop_wq);
	struct thread *rcv = target ? target : p->threads;
	uint64_t blocked = rcv ? rcv->sig.blocked | rcv->sig.waiting : 0;
	return !ignored(p, sig) || (blocked & SIG_BIT(sig));
}

static bool wants(const struct thread *t, uint64_t bit)
{
	return !(t->sig.blocked & bit) || (t->sig.waiting & bit);
}

/* Wakes the thread that will take the signal (complete_signal). */
static void wake_taker(struct process *p, struct thread *target, int sig)
{
	uint64_t bit = SIG_BIT(sig);

	if (target) {
		if (wants(target, bit))
			thread_interrupt(target);
		return;
	}
	if (sig == SIGKILL) {
		for (struct thread *t = p->threads; t; t = t->group_next)
			thread_interrupt(t);
		return;
	}
	/* The sender itself sees it on its way back to user mode. */
	struct thread *self = thread_current();
	if (self && self->proc == p && !(self->sig.blocked & bit))
		return;
	for (struct thread *t = p->threads; t; t = t->group_next) {
		if (t->sig.waiting & bit) {
			thread_interrupt(t);
			return;
		}
	}
	for (struct thread *t = p->threads; t; t = t->group_next) {
		if (wants(t, bit)) {
			thread_interrupt(t);
			return;
		}
	}
	/* Every thread blocks it: it waits until one unblocks it. */
}

/* A signal became pending: wake whoever takes it, and the pollers, since
   a signalfd watching it is readable now (Linux's signalfd_notify). */
static void complete(struct process *p, struct thread *target, int sig)
{
	wake_taker(p, target, sig);
	poll_head_wake(&p->signalfd_head, POLLIN | POLLRDNORM);
}

static int send(struct process *p, struct thread *target, int sig, const siginfo_t *info)
{
	if (p->zombie)
		return 0;
	if (sig == SIGKILL)
		target = 0; /* SIGKILL always ends the whole process */
	bool on = irq_save();
	int r = 0;
	if (prepare(p, target, sig)) {
		r = pending_add(p, target ? &target->sig.pending : &p->sig.shared, sig, info);
		if (!r)
			complete(p, target, sig);
	}
	irq_restore(on);
	return r;
}

int signal_send(struct process *p, int sig, const siginfo_t *info)
{
	return send(p, 0, sig, info);
}

int signal_send_thread(struct thread *t, int sig, const siginfo_t *info)
{
	return t->proc ? send(t->proc, t, sig, info) : 0;
}

void signal_send_timer(struct process *p, struct thread *t, struct sigqueue *q)
{
	int sig = q->info.si_signo;
	bool on = irq_save();

	if (p->zombie) {
		release(p, q, 0);
		irq_restore(on);
		return;
	}
	if (prepare(p, t, sig)) {
		append(t ? &t->sig.pending : &p->sig.shared, q);
		complete(p, t, sig);
	} else {
		release(p, q, 0); /* ignored: the timer may fire again */
	}
	irq_restore(on);
}

/* Unlinks q from pend; true when it was there. */
static bool unlink_from(struct sigpending *pend, struct sigqueue *q)
{
	bool found = false, more = false;
	int sig = q->info.si_signo;

	for (struct sigqueue **pp = &pend->head; *pp;) {
		if (*pp == q) {
			*pp = q->next;
			found = true;
			continue;
		}
		more |= (*pp)->info.si_signo == sig;
		pp = &(*pp)->next;
	}
	if (found && !more)
		pend->set &= ~SIG_BIT(sig);
	return found;
}

void signal_unqueue(struct process *p, struct sigqueue *q)
{
	bool on = irq_save();
	if (!unlink_from(&p->sig.shared, q))
		for (struct thread *t = p->threads; t; t = t->group_next)
			if (unlink_from(&t->sig.pending, q))
				break;
	irq_restore(on);
}

void signal_force_fault(int sig, int code, uint64_t addr)
{
	struct thread *t = thread_current();
	struct process *p = t->proc;
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si_addr = (void *)addr;
	/* A fault cannot be blocked or ignored away: the thread would fault
	   again at once (force_sig_info). */
	if ((t->sig.blocked & SIG_BIT(sig)) ||
	    p->sig.action[sig - 1].handler == (uint64_t)SIG_IGN) {
		t->sig.blocked &= ~SIG_BIT(sig);
		p->sig.action[sig - 1].handler = (uint64_t)SIG_DFL;
	}
	bool on = irq_save();
	pending_add(p, &t->sig.pending, sig, &info);
	irq_restore(on);
}

uint64_t signal_pending_set(struct thread *t)
{
	return t->sig.pending.set | t->proc->sig.shared.set;
}

bool signal_pending(void)
{
	struct thread *t = thread_current();
	struct process *p = t ? t->proc : 0;

	if (!p)
		return false;
	/* exit_group ends the other threads' sleeps too. */
	if (p->group_exiting && p->group_exit_thread != t)
		return true;
	return (signal_pending_set(t) & ~t->sig.blocked) != 0;
}

/* Synchronous faults first, then the lowest number (as Linux). */
static int next_signal(uint64_t set)
{
	static const int sync[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGSYS };

	for (unsigned i = 0; i < sizeof(sync) / sizeof(sync[0]); i++)
		if (set & SIG_BIT(sync[i]))
			return sync[i];
	return __builtin_ctzll(set) + 1;
}

int signal_dequeue(struct thread *t, uint64_t mask, siginfo_t *info)
{
	struct process *p = t->proc;
	bool on = irq_save();
	struct sigpending *pend = &t->sig.pending;
	uint64_t set = pend->set & mask;

	if (!set) {
		pend = &p->sig.shared;
		set = pend->set & mask;
	}
	int sig = 0;
	if (set) {
		sig = next_signal(set);
		pending_take(p, pend, sig, info);
	}
	irq_restore(on);
	return sig;
}

void signal_temp_mask(uint64_t set)
{
	struct thread *t = thread_current();

	t->sig.saved_mask = t->sig.blocked;
	t->sig.blocked = set & ~SIG_UNBLOCKABLE;
}

void signal_temp_mask_end(bool interrupted)
{
	struct thread *t = thread_current();

	if (interrupted)
		t->sig.restore_saved = true; /* after the handler runs */
	else
		t->sig.blocked = t->sig.saved_mask;
}

void signal_fork(struct process *child, const struct process *parent)
{
	memcpy(child->sig.action, parent->sig.action, sizeof(child->sig.action));
}

void signal_thread_init(struct thread *t, bool shares_vm)
{
	struct thread *cur = thread_current();

	t->sig.blocked = cur->sig.blocked;
	if (!shares_vm) {
		t->sig.alt_sp = cur->sig.alt_sp;
		t->sig.alt_size = cur->sig.alt_size;
	}
}

void signal_exec(struct process *p)
{
	for (int i = 0; i < SIG_COUNT; i++) {
		struct k_sigaction *ka = &p->sig.action[i];
		if (ka->handler != (uint64_t)SIG_IGN)
			memset(ka, 0, sizeof(*ka));
	}
	struct thread *t = thread_current();
	t->sig.alt_sp = t->sig.alt_size = 0;
}

void signal_thread_exit(struct thread *t)
{
	bool on = irq_save();
	pending_discard(t->proc, &t->sig.pending, ~0ULL);
	irq_restore(on);
}

void signal_process_exit(struct process *p)
{
	bool on = irq_save();
	pending_discard(p, &p->sig.shared, ~0ULL);
	irq_restore(on);
}

bool signal_child_autoreap(const struct process *parent)
{
	const struct k_sigaction *ka = &parent->sig.action[SIGCHLD - 1];
	return ka->handler == (uint64_t)SIG_IGN || (ka->flags & SA_NOCLDWAIT);
}
