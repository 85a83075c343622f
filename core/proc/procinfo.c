/*
 * procinfo.c - snapshots of processes for procfs (proc/procinfo.h).
 */
#include "proc/procinfo.h"
#include "cred/cred.h"

#include "fs/fd.h"
#include "fs/inode.h"
#include "lib/format.h"
#include "lib/kstring.h"
#include "mm/frame.h"
#include "mm/paging.h"
#include "mm/vm.h"
#include "proc/process.h"
#include "sched/clock.h"
#include "sched/sched.h"

#include <linux/errno.h>
#include <linux/stat.h>

#define NS_PER_TICK (NSEC_PER_SEC / 100) /* USER_HZ */

static struct process *live(int pid)
{
	struct process *p = process_find(pid);
	return p;
}

int procinfo_self(void)
{
	struct process *p = process_current();
	return p ? p->pid : 0;
}

static char state_of(const struct process *p)
{
	if (p->zombie || !p->threads)
		return 'Z';
	for (struct thread *t = p->threads; t; t = t->group_next)
		if (t->state != THREAD_BLOCKED)
			return 'R';
	return 'S';
}

int procinfo_get(int pid, struct procinfo *out)
{
	struct process *p = live(pid);

	if (!p)
		return -ESRCH;
	memset(out, 0, sizeof(*out));
	out->pid = p->pid;
	out->ppid = p->parent ? p->parent->pid : 0;
	out->pgid = p->pgid;
	out->sid = p->sid;
	memcpy(out->comm, p->comm, sizeof(out->comm));
	out->state = state_of(p);
	/* The groups stay valid until the next call: the last snapshot's
	   credentials are held until then. */
	static const struct cred *held;
	const struct cred *c = cred_get(p->cred);
	cred_put(held);
	held = c;
	out->ruid = c->uid;
	out->euid = c->euid;
	out->suid = c->suid;
	out->fsuid = c->fsuid;
	out->rgid = c->gid;
	out->egid = c->egid;
	out->sgid = c->sgid;
	out->fsgid = c->fsgid;
	out->groups = c->groups->gids;
	out->not_dumpable = p->not_dumpable;
	out->ngroups = c->groups->count;
	out->start_ticks = p->start_ns / NS_PER_TICK;
	uint64_t cpu = process_cpu_ns(p), user = process_user_ns(p);
	out->utime_ticks = user / NS_PER_TICK;
	out->stime_ticks = (cpu - user) / NS_PER_TICK;
	if (p->mm) {
		out->vm_size = mm_total_size(p->mm);
		out->vm_rss = mm_rss_pages(p->mm) * PAGE_SIZE;
	}
	out->nthreads = p->nthreads;
	out->umask = p->umask;
	/* The main thread's view, as Linux shows /proc/PID for the leader. */
	struct thread *main = p->threads;
	out->sig_pending = main ? main->sig.pending.set : 0;
	out->sig_shared_pending = p->sig.shared.set;
	out->sig_blocked = main ? main->sig.blocked : 0;
	for (int i = 0; i < SIG_COUNT; i++) {
		uint64_t h = p->sig.action[i].handler;
		if (h == (uint64_t)SIG_IGN)
			out->sig_ignored |= 1ULL << i;
		else if (h != (uint64_t)SIG_DFL)
			out->sig_caught |= 1ULL << i;
	}
	return 0;
}

int procinfo_pids(int *pids, int max)
{
	int n = 0;

	/* The list is newest first; procfs wants ascending pids. */
	for (struct process *p = process_next(0); p; p = process_next(p)) {
		if (n == max)
			break;
		int i = n++;
		while (i > 0 && pids[i - 1] > p->pid) {
			pids[i] = pids[i - 1];
			i--;
		}
		pids[i] = p->pid;
	}
	return n;
}

long procinfo_exe(int pid, char *buf, size_t size)
{
	struct process *p = live(pid);

	if (!p)
		return -ESRCH;
	if (!p->exe || p->zombie)
		return -ENOENT;
	size_t n = strnlen(p->exe, size ? size - 1 : 0);
	memcpy(buf, p->exe, n);
	if (size)
		buf[n] = 0;
	return (long)n;
}

long procinfo_args(int pid, int env, char *buf, size_t size)
{
	struct process *p = live(pid);

	if (!p)
		return -ESRCH;
	if (!p->mm)
		return 0; /* a zombie or a kernel thread: empty, as Linux */
	uint64_t start = env ? p->mm->env_start : p->mm->arg_start;
	uint64_t end = env ? p->mm->env_end : p->mm->arg_end;
	size_t n = end > start ? (size_t)(end - start) : 0;
	if (n > size)
		n = size;
	return (long)mm_read(p->mm, start, buf, n);
}

int procinfo_fds(int pid, int *fds, int max)
{
	struct process *p = live(pid);
	int n = 0;

	if (!p)
		return -ESRCH;
	if (!p->fds)
		return 0;
	for (int fd = 0; fd < FD_MAX && n < max; fd++)
		if (p->fds->files[fd])
			fds[n++] = fd;
	return n;
}

/* What Linux's d_path() shows for an open file with a path: the path,
   and " (deleted)" once the file has no name (unlinked, or a memfd). */
static int file_name(const struct file *f, char *buf, size_t size)
{
	bool deleted = f->inode && S_ISREG(f->inode->mode) && f->inode->nlink == 0;

	return ksnprintf(buf, size, "%s%s", f->path, deleted ? " (deleted)" : "");
}

int procinfo_map_area(int pid, int index, struct procinfo_map *out)
{
	struct process *p = live(pid);

	if (!p)
		return -ESRCH;
	struct vm_area *a = p->mm && !p->zombie ? p->mm->areas : 0;
	for (; a && index > 0; index--)
		a = a->next;
	if (!a)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	out->start = a->start;
	out->end = a->end;
	out->prot = a->prot;
	out->shared = (a->flags & VMA_SHARED) != 0;
	uint64_t brk_end = (p->mm->brk + PAGE_SIZE - 1) & PAGE_MASK;
	if (a->file) {
		struct inode *ino = a->file->inode;
		out->offset = a->pgoff * PAGE_SIZE;
		out->dev_major = ino->sb->dev_major;
		out->dev_minor = ino->sb->dev_minor;
		out->ino = ino->ino;
		if (a->file->path)
			file_name(a->file, out->name, sizeof(out->name));
	} else if (a->flags & VMA_GROWSDOWN) {
		ksnprintf(out->name, sizeof(out->name), "[stack]");
	} else if (a->start >= p->mm->brk_start && a->start < brk_end) {
		ksnprintf(out->name, sizeof(out->name), "[heap]");
	}
	return 0;
}

long procinfo_fd_target(int pid, int fd, char *buf, size_t size)
{
	struct process *p = live(pid);

	if (!p)
		return -ESRCH;
	struct file *f = p->fds ? fd_get(p->fds, fd) : 0;
	if (!f)
		return -ENOENT;
	int n;
	if (f->path)
		n = file_name(f, buf, size);
	else if (f->ops->anon_name)
		n = ksnprintf(buf, size, "anon_inode:%s", f->ops->anon_name);
	else if (f->inode)
		n = ksnprintf(buf, size, "anon_inode:[%lu]", (unsigned long)f->inode->ino);
	else if (f->ops->stat) {
		struct stat st;
		f->ops->stat(f, &st);
		if (S_ISFIFO(st.st_mode))
			n = ksnprintf(buf, size, "pipe:[%lu]", (unsigned long)st.st_ino);
		else if (S_ISSOCK(st.st_mode))
			n = ksnprintf(buf, size, "socket:[%lu]", (unsigned long)st.st_ino);
		else if (S_ISCHR(st.st_mode))
			n = ksnprintf(buf, size, "/dev/console");
		else
			n = ksnprintf(buf, size, "anon_inode:[unknown]");
	} else {
		n = ksnprintf(buf, size, "anon_inode:[unknown]");
	}
	return n < (int)size ? n : (long)size - 1;
}

void procinfo_system(struct sysinfo_snapshot *out)
{
	out->mem_total = frame_total_count() * PAGE_SIZE;
	out->mem_free = frame_free_count() * PAGE_SIZE;
	out->uptime_ns = clock_ns();
	out->boot_time_s = (clock_realtime_ns() - clock_ns()) / NSEC_PER_SEC;
	out->nprocs = process_count();
}
