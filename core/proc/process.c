/*
 * process.c - the process tree: creation by fork, exit, and wait.
 */
#include "proc/process.h"
#include "cred/cred.h"
#include "tty/tty.h"
#include "proc/process_internal.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/usermode.h"
#include "fs/fd.h"
#include "fs/inode.h"
#include "fs/vfs.h"
#include "lib/kstring.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "sched/clock.h"
#include "mm/paging.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/futex.h"
#include "proc/posix_timer.h"
#include "sched/sched.h"

#include <asm/signal.h>
#include <linux/fcntl.h>
#include <linux/errno.h>

static struct process *all_processes;

struct process *process_current(void)
{
	struct thread *t = thread_current();

	return t ? t->proc : 0;
}

struct process *process_find(int pid)
{
	for (struct process *p = all_processes; p; p = p->next_all)
		if (p->pid == pid)
			return p;
	return 0;
}

struct process *process_of_tid(int tid)
{
	for (struct process *p = all_processes; p; p = p->next_all)
		for (struct thread *t = p->threads; t; t = t->group_next)
			if ((int)t->id == tid)
				return p;
	return 0;
}

struct thread *thread_find(int tid)
{
	for (struct process *p = all_processes; p; p = p->next_all)
		for (struct thread *t = p->threads; t; t = t->group_next)
			if ((int)t->id == tid)
				return t;
	return 0;
}

struct process *process_next(struct process *p)
{
	return p ? p->next_all : all_processes;
}

int process_count(void)
{
	int n = 0;

	for (struct process *p = all_processes; p; p = p->next_all)
		n++;
	return n;
}

struct process *process_alloc(int pid)
{
	struct process *p = kzalloc(sizeof(*p));

	if (!p)
		return 0;
	p->pid = pid;
	p->start_ns = clock_ns();
	waitq_init(&p->child_exit);
	waitq_init(&p->thread_gone);
	waitq_init(&p->stop_wq);
	waitq_init(&p->vfork_done);
	bool on = irq_save();
	p->next_all = all_processes;
	all_processes = p;
	irq_restore(on);
	return p;
}

static void unlink_all(struct process *p)
{
	for (struct process **pp = &all_processes; *pp; pp = &(*pp)->next_all) {
		if (*pp == p) {
			*pp = p->next_all;
			return;
		}
	}
}

/* The struct itself, once nothing refers to it any more. */
static void free_struct(struct process *p)
{
	/* Epoll items of other processes' signalfds may still hang here. */
	bool on = irq_save();
	poll_head_detach_all(&p->signalfd_head);
	irq_restore(on);
	kfree(p->exe);
	cred_put(p->cred);
	kfree(p);
}

void process_free_unborn(struct process *c)
{
	if (c->cwd)
		fs_put(c->cwd);
	if (c->root)
		fs_put(c->root);
	if (c->fds)
		fd_table_put(c->fds);
	if (c->mm)
		mm_put(c->mm);
	bool on = irq_save();
	unlink_all(c);
	irq_restore(on);
	free_struct(c);
}

struct process *process_create_init(void)
{
	struct thread *t = thread_current();
	struct process *p = process_alloc(1);

	if (!p)
		return 0;
	p->pgid = p->sid = 1;
	p->umask = 022; /* Linux's init_fs */
	rlimit_init(p->rlim);
	p->root = fs_get(vfs_root());
	p->cwd = fs_get(vfs_root());
	p->fds = fd_table_create();
	struct cred *root = cred_new_root();
	if (root)
		process_swap_cred(p, root);
	struct file *con = tty_console_open(O_RDWR);
	t->fpu = t->fpu ? t->fpu : fpu_alloc();
	if (!p->fds || !con || !t->fpu || !p->cred) {
		if (con)
			file_put(con);
		process_free_unborn(p);
		return 0;
	}
	fd_install(p->fds, con, 0, false);
	for (int fd = 1; fd <= 2; fd++) {
		file_get(con);
		fd_install(p->fds, con, fd, false);
	}
	process_add_thread(p, t);
	return p;
}

void process_destroy_init(struct process *p)
{
	thread_current()->proc = 0;
	process_free_unborn(p);
}

void process_add_child(struct process *parent, struct process *child)
{
	child->parent = parent;
	child->sibling = parent->children;
	parent->children = child;
}

static void remove_child(struct process *parent, struct process *child)
{
	for (struct process **pp = &parent->children; *pp; pp = &(*pp)->sibling) {
		if (*pp == child) {
			*pp = child->sibling;
			return;
		}
	}
}

/*
 * The new parent of p's orphans: the nearest live ancestor that made
 * itself a child subreaper (PR_SET_CHILD_SUBREAPER), else init, as in
 * Linux's find_new_reaper.  A service manager that is not PID 1 relies
 * on this to reap the daemons that double-forked away from it.
 */
static struct process *find_new_reaper(struct process *p)
{
	for (struct process *a = p->parent; a && a->pid != 1; a = a->parent)
		if (a->child_subreaper && !a->zombie && !a->group_exiting)
			return a;
	return process_find(1);
}

static void reparent_children(struct process *p)
{
	struct process *reaper = p->children ? find_new_reaper(p) : 0;

	while (p->children) {
		struct process *c = p->children;
		p->children = c->sibling;
		process_add_child(reaper, c);
		if (c->zombie)
			waitq_wake_all(&reaper->child_exit);
	}
}

void process_add_thread(struct process *p, struct thread *t)
{
	bool on = irq_save();
	t->proc = p;
	t->group_next = 0;
	struct thread **pp = &p->threads;
	while (*pp)
		pp = &(*pp)->group_next;
	*pp = t;
	p->nthreads++;
	irq_restore(on);
}

static void remove_thread(struct process *p, struct thread *t)
{
	for (struct thread **pp = &p->threads; *pp; pp = &(*pp)->group_next) {
		if (*pp == t) {
			*pp = t->group_next;
			p->nthreads--;
			break;
		}
	}
	t->group_next = 0;
	t->proc = 0;
	waitq_wake_all(&p->thread_gone);
}

/* CLONE_CHILD_CLEARTID: zero the word and wake its futex (pthread_join). */
static void clear_tid(struct process *p, struct thread *t)
{
	if (t->clear_child_tid && p->mm) {
		/* Best effort, as in Linux: the memory may be gone already. */
		uint32_t zero = 0;
		if (!copy_to_user((void *)t->clear_child_tid, &zero, sizeof(zero)))
			futex_wake_tid(t->clear_child_tid, 1);
		t->clear_child_tid = 0;
	}
}

void process_vfork_release(struct process *p)
{
	struct process *parent = p->vfork_parent;

	if (!parent)
		return;
	p->vfork_parent = 0;
	parent->vfork_child_done = true;
	waitq_wake_all(&parent->vfork_done);
}

void process_kill_other_threads(void)
{
	struct process *p = process_current();
	struct thread *self = thread_current();

	if (p->nthreads <= 1)
		return;
	bool on = irq_save();
	p->group_exiting = true;
	p->group_exit_thread = self;
	for (struct thread *t = p->threads; t; t = t->group_next)
		if (t != self)
			thread_interrupt(t);
	while (p->nthreads > 1)
		waitq_block(&p->thread_gone, 0);
	p->group_exiting = false;
	p->group_exit_thread = 0;
	irq_restore(on);
}

void process_thread_exit(int code)
{
	struct process *p = process_current();
	struct thread *t = thread_current();

	if (p->nthreads <= 1 && !p->group_exiting)
		process_exit(WAIT_EXITED(code));
	clear_tid(p, t);
	bool on = irq_save();
	signal_thread_exit(t); /* with interrupts off: nothing new arrives */
	p->cpu_ns += thread_cpu_ns(t);
	p->user_ns += thread_user_ns(t);
	remove_thread(p, t);
	thread_detach(t);
	irq_restore(on);
	thread_exit(0);
}

static void release_resources(struct process *p)
{
	p->cpu_ns += thread_cpu_ns(thread_current());
	p->user_ns += thread_user_ns(thread_current());
	if (p->mm)
		p->maxrss_kb = mm_rss_pages(p->mm) * PAGE_SIZE / 1024;
	ktimer_cancel(&p->itimer);
	p->itimer_virt.expires = p->itimer_prof.expires = 0;
	posix_timer_exit(p);
	clear_tid(p, thread_current());
	process_vfork_release(p);
	if (p->fds) {
		fd_table_put(p->fds);
		p->fds = 0;
	}
	if (p->cwd) {
		fs_put(p->cwd);
		fs_put(p->root);
		p->cwd = p->root = 0;
	}
	if (p->mm) {
		/* Leave the address space before dropping it, and forget it
		   first: a preemption in between would otherwise switch back
		   into it (arch_thread_switch loads the process's mm), and
		   mm_put would free the page tables in use. */
		struct mm *mm = p->mm;
		bool on = irq_save();
		p->mm = 0;
		write_cr3(paging_kernel_root());
		irq_restore(on);
		mm_put(mm);
	}
}

/* SIGCHLD with the child's status, as Linux's do_notify_parent. */
static void send_sigchld(struct process *p, int code, int status)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = SIGCHLD;
	info.si_code = code;
	info.si_pid = p->pid;
	info.si_uid = 0;
	info.si_status = status;
	signal_send(p->parent, SIGCHLD, &info);
}

static void notify_parent(struct process *p)
{
	int sig = p->wait_status & 0x7f;

	send_sigchld(p, sig ? CLD_KILLED : CLD_EXITED, sig ? sig : (p->wait_status >> 8) & 0xff);
}

/* Stop and continue reports, unless the parent asked not to hear of
   them (SA_NOCLDSTOP). */
static void notify_parent_job(struct process *p, int code, int status)
{
	if (!p->parent || (p->parent->sig.action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		return;
	send_sigchld(p, code, status);
}

void process_stop(int sig)
{
	struct process *p = process_current();

	bool on = irq_save();
	if (!p->stopped) {
		p->stopped = true;
		p->stop_sig = sig;
		p->report = REPORT_STOPPED;
		if (p->parent) {
			notify_parent_job(p, CLD_STOPPED, sig);
			waitq_wake_all(&p->parent->child_exit);
		}
	}
	/* Only SIGCONT (which clears stopped) or SIGKILL end the stop. */
	while (p->stopped && !(p->sig.shared.set & SIG_BIT(SIGKILL)) && !p->group_exiting)
		waitq_block_interruptible(&p->stop_wq, 0);
	irq_restore(on);
}

void process_continue(struct process *p)
{
	bool on = irq_save();
	if (p->stopped) {
		p->stopped = false;
		p->report = REPORT_CONTINUED;
		waitq_wake_all(&p->stop_wq);
		if (p->parent) {
			notify_parent_job(p, CLD_CONTINUED, SIGCONT);
			waitq_wake_all(&p->parent->child_exit);
		}
	}
	irq_restore(on);
}

void process_exit(int wait_status)
{
	struct process *p = process_current();
	struct thread *t = thread_current();

	if (p->group_exiting && p->group_exit_thread != t)
		process_thread_exit(0); /* another thread is ending the group */
	process_kill_other_threads();
	release_resources(p);
	tty_exit(p);
	if (p->pid == 1) {
		int code = (wait_status >> 8) & 0xff, sig = wait_status & 0x7f;
		if (sig)
			pr_err("init: killed by signal %d\n", sig);
		else
			pr_notice("init: exited with status %d\n", code);
		machine_exit(!sig && code == 0 ? CUB_EXIT_PASS : CUB_EXIT_FAIL);
	}
	bool on = irq_save();
	reparent_children(p);
	p->zombie = true; /* no signal is queued from here on */
	signal_thread_exit(t);
	signal_process_exit(p);
	p->wait_status = wait_status;
	remove_thread(p, t);
	struct process *parent = p->parent;
	notify_parent(p);
	if (signal_child_autoreap(parent)) {
		/* Nobody will wait: no zombie (SIG_IGN or SA_NOCLDWAIT). */
		remove_child(parent, p);
		unlink_all(p);
		free_struct(p);
	}
	waitq_wake_all(&parent->child_exit);
	thread_detach(t);
	irq_restore(on);
	thread_exit(0);
}

void process_return_to_user(struct trap_frame *tf)
{
	struct process *p = process_current();

	if (!p)
		return;
	if (p->group_exiting && p->group_exit_thread != thread_current())
		process_thread_exit(0);
	if (p->stopped)
		process_stop(p->stop_sig); /* another thread stopped the process */
	signal_deliver(tf);
}

/* Whether child c matches wait4's pid argument for parent p. */
static bool wait_matches(const struct process *p, const struct process *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == -1)
		return true;
	if (pid == 0)
		return c->pgid == p->pgid;
	return c->pgid == -pid;
}

/* A matching child with something to report (an exit, or with
   WUNTRACED/WCONTINUED a stop or a continue), or NULL; *any says
   whether any child matched. */
static struct process *find_waitable(struct process *p, int pid, int flags, bool *any)
{
	*any = false;
	for (struct process *c = p->children; c; c = c->sibling) {
		if (!wait_matches(p, c, pid))
			continue;
		*any = true;
		if (c->zombie && (flags & PWAIT_EXITED))
			return c;
		if (!c->zombie && c->report == REPORT_STOPPED && c->stopped &&
		    (flags & PWAIT_STOPPED))
			return c;
		if (!c->zombie && c->report == REPORT_CONTINUED && (flags & PWAIT_CONTINUED))
			return c;
	}
	return 0;
}

long process_wait(int pid, int *status_out, struct rusage *rusage_out, int flags, int *code)
{
	struct process *p = process_current();
	struct process *z;
	bool any;
	bool nohang = flags & PWAIT_NOHANG, nowait = flags & PWAIT_NOWAIT;

	bool on = irq_save();
	for (;;) {
		z = find_waitable(p, pid, flags, &any);
		if (z || !any || nohang)
			break;
		if (signal_pending()) {
			irq_restore(on);
			return -ERESTARTSYS;
		}
		waitq_block_interruptible(&p->child_exit, 0);
	}
	if (z && !z->zombie) {
		/* A stop or a continue: reported once, the child stays. */
		int r = z->pid;
		*status_out = z->report == REPORT_STOPPED ? WAIT_STOPPED(z->stop_sig) : WAIT_CONTINUED;
		*code = z->report == REPORT_STOPPED ? CLD_STOPPED : CLD_CONTINUED;
		if (!nowait)
			z->report = REPORT_NONE;
		irq_restore(on);
		if (rusage_out)
			rusage_fill(rusage_out, 0, 0);
		return r;
	}
	if (z && !nowait) {
		remove_child(p, z);
		unlink_all(z);
	}
	irq_restore(on);
	if (!any)
		return -ECHILD;
	if (!z)
		return 0;
	int r = z->pid;
	*code = (z->wait_status & 0x7f) ? CLD_KILLED : CLD_EXITED;
	*status_out = z->wait_status;
	if (rusage_out)
		rusage_fill(rusage_out, z->cpu_ns + z->children_cpu_ns, z->maxrss_kb);
	if (!nowait) {
		p->children_cpu_ns += z->cpu_ns + z->children_cpu_ns;
		if (z->maxrss_kb > p->children_maxrss_kb)
			p->children_maxrss_kb = z->maxrss_kb;
	}
	if (!nowait)
		free_struct(z);
	return r;
}
