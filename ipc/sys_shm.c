/*
 * sys_shm.c - shmget, shmat, shmdt and shmctl: the kernel glue around
 * ipc/shm.c.
 *
 * A segment's memory is an unnamed file on the internal shmem instance
 * (fs/shmem.h), and an attach is a MAP_SHARED mapping of it, so fork,
 * mprotect and exit treat it like any shared file mapping.  The file's
 * vm_open and vm_close operations count the attaches: a fork or a split
 * adds one, munmap, exit and exec take one away (Linux's shm_open and
 * shm_close), and a segment removed with IPC_RMID goes with the last.
 * The table changes only with interrupts off, as the message queues'.
 */
#include "cred/cred.h"
#include "fs/fd.h"
#include "fs/inode.h"
#include "fs/shmem.h"
#include "ipc/shm.h"
#include "lib/format.h"
#include "lib/kstring.h"
#include "mm/paging.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/process.h"
#include "sched/clock.h"
#include "sched/sched.h"
#include "sys/syscall.h"

#include <linux/errno.h>
#include <linux/ipc.h>
#include <linux/mman.h>
#include <linux/shm.h>
#include <linux/stat.h>

/*
 * Linux's SHMLBA on x86-64 is the page size (arch/x86's asm/shmparam.h
 * is not part of the UAPI headers; glibc's SHMLBA is __getpagesize()).
 */
#define CUB_SHMLBA PAGE_SIZE

static struct shm_ns ns;
static bool ready;
static struct file_ops shm_fops;

static int64_t now_sec(void)
{
	return (int64_t)(clock_realtime_ns() / NSEC_PER_SEC);
}

static const struct cred *cur_cred(void)
{
	return process_current()->cred;
}

/* The areas of a process may go where no process is current (a kernel
   test, a reaper): then there is no pid to record. */
static int cur_pid(void)
{
	struct process *p = process_current();

	return p ? p->pid : 0;
}

static void seg_vm_open(struct file *f)
{
	bool on = irq_save();
	if (f->priv)
		shm_attached(f->priv, cur_pid(), now_sec());
	irq_restore(on);
}

static void seg_vm_close(struct file *f)
{
	bool on = irq_save();
	if (f->priv)
		shm_detached(&ns, f->priv, cur_pid(), now_sec());
	irq_restore(on);
}

/* The segment's file: a tmpfs file whose areas count as attaches.  The
   name is Linux's, what /proc/PID/maps shows for an attach. */
static void *seg_create(int32_t key, uint64_t size, int *err)
{
	char name[24];

	ksnprintf(name, sizeof(name), "/SYSV%08x", (uint32_t)key);
	struct file *f = shmem_file_new(name, size, S_IRWXU | S_IRWXG | S_IRWXO, err);
	if (!f)
		return 0;
	if (!shm_fops.vm_open) {
		shm_fops = *f->ops;
		shm_fops.vm_open = seg_vm_open;
		shm_fops.vm_close = seg_vm_close;
	}
	f->ops = &shm_fops;
	return f;
}

/* The table lets go of the file; the priv link goes first, so that an
   area still holding the file can no longer reach the freed segment. */
static void seg_destroy(void *obj)
{
	struct file *f = obj;

	f->priv = 0;
	file_put(f);
}

static const struct shm_obj_ops seg_ops = { .create = seg_create, .destroy = seg_destroy };

static struct shm_ns *shm_kernel_ns(void)
{
	if (!ready) {
		shm_ns_init(&ns, &seg_ops);
		ready = true;
	}
	return &ns;
}

SYSCALL_DEFINE3(shmget, int, key, size_t, size, int, flag)
{
	struct shm_ns *sns = shm_kernel_ns();
	bool on = irq_save();
	long r = shm_get(sns, key, size, flag, cur_cred(), cur_pid(), now_sec());
	/* The new segment's file learns its segment here, outside shm.c. */
	if (r >= 0) {
		struct shm_seg *s = shm_lookup(sns, (int)r);
		((struct file *)s->obj)->priv = s;
	}
	irq_restore(on);
	return r;
}

static bool range_free(struct mm *mm, uint64_t start, uint64_t end)
{
	for (struct vm_area *a = mm->areas; a; a = a->next)
		if (a->start < end && start < a->end)
			return false;
	return true;
}

/* Linux's do_shmat(), in its order of checks. */
static long do_shmat(int id, uint64_t addr, int flag)
{
	struct mm *mm = process_current()->mm;

	if (id < 0)
		return -EINVAL;
	if (addr) {
		if (addr & (CUB_SHMLBA - 1)) {
			if (!(flag & SHM_RND))
				return -EINVAL;
			addr &= ~(uint64_t)(CUB_SHMLBA - 1);
			if (!addr && (flag & SHM_REMAP))
				return -EINVAL;
		}
	} else if (flag & SHM_REMAP) {
		return -EINVAL;
	}
	int prot = (flag & SHM_RDONLY) ? PROT_READ : PROT_READ | PROT_WRITE;
	if (flag & SHM_EXEC)
		prot |= PROT_EXEC;
	struct shm_seg *s = shm_lookup(shm_kernel_ns(), id);
	if (!s)
		return -EINVAL;
	int r = shm_may_attach(s, cur_cred(), flag);
	if (r)
		return r;
	uint64_t len = (s->size + PAGE_SIZE - 1) & PAGE_MASK;
	if (addr && !(flag & SHM_REMAP) && !range_free(mm, addr, addr + len))
		return -EINVAL;
	/* A read-only attach may never become writable (the file is as if
	   opened O_RDONLY): no VMA_MAYWRITE. */
	int vflags = VMA_SHARED | ((flag & SHM_RDONLY) ? 0 : VMA_MAYWRITE);
	uint64_t out;
	r = mm_map_file(mm, addr, len, prot, vflags, addr != 0, s->obj, 0, &out);
	return r ? r : (long)out;
}

SYSCALL_DEFINE3(shmat, int, id, uint64_t, addr, int, flag)
{
	bool on = irq_save();
	long r = do_shmat(id, addr, flag);
	irq_restore(on);
	return r;
}

/*
 * Linux's shmdt(): addr must be where an attach begins (an area of a
 * segment's file at page 0); every area of that file that still sits at
 * its own offset from addr, within the segment's size, goes.
 */
static long do_shmdt(uint64_t addr)
{
	struct mm *mm = process_current()->mm;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	struct vm_area *a = mm_find(mm, addr);
	if (!a || a->start != addr || !a->file || a->file->ops != &shm_fops || a->pgoff != 0)
		return -EINVAL;
	struct file *f = a->file;
	uint64_t size = (f->inode->size + PAGE_SIZE - 1) & PAGE_MASK;
	uint64_t limit = addr + size, at = addr;
	while (at < limit) {
		struct vm_area *b = mm->areas;
		while (b && b->end <= at)
			b = b->next;
		if (!b || b->start >= limit)
			break;
		uint64_t start = b->start, end = b->end;
		if (b->file == f && b->pgoff == (start - addr) / PAGE_SIZE)
			mm_unmap(mm, start, end - start);
		at = end;
	}
	return 0;
}

SYSCALL_DEFINE1(shmdt, uint64_t, addr)
{
	bool on = irq_save();
	long r = do_shmdt(addr);
	irq_restore(on);
	return r;
}

static long stat_to_user(struct shm_seg *s, int cmd, void *ubuf, long ok)
{
	struct shmid64_ds ds;
	int r = shm_stat(s, cmd == SHM_STAT_ANY ? 0 : cur_cred(), &ds);

	if (r)
		return r;
	if (copy_to_user(ubuf, &ds, sizeof(ds)))
		return -EFAULT;
	return ok;
}

/*
 * As for msgctl, x86-64 Linux always uses the 64-bit layouts and treats
 * a command with IPC_64 as unknown; glibc passes the bare command.
 */
static long do_shmctl(int id, int cmd, void *ubuf)
{
	struct shm_ns *sns = shm_kernel_ns();
	struct shm_seg *s;

	if (id < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO: {
		struct shminfo64 info;
		int max = shm_ipc_info(sns, &info);
		return copy_to_user(ubuf, &info, sizeof(info)) ? -EFAULT : max;
	}
	case SHM_INFO: {
		struct shm_info info;
		int max = shm_shm_info(sns, &info);
		return copy_to_user(ubuf, &info, sizeof(info)) ? -EFAULT : max;
	}
	case SHM_STAT:
	case SHM_STAT_ANY:
		s = shm_at(sns, id);
		return s ? stat_to_user(s, cmd, ubuf, s->id) : -EINVAL;
	case IPC_STAT:
		s = shm_lookup(sns, id);
		return s ? stat_to_user(s, cmd, ubuf, 0) : -EINVAL;
	case IPC_SET: {
		struct shmid64_ds ds;
		if (copy_from_user(&ds, ubuf, sizeof(ds)))
			return -EFAULT;
		s = shm_lookup(sns, id);
		return s ? shm_set(s, cur_cred(), &ds, now_sec()) : -EINVAL;
	}
	case IPC_RMID:
		s = shm_lookup(sns, id);
		return s ? shm_remove(sns, s, cur_cred()) : -EINVAL;
	case SHM_LOCK:
	case SHM_UNLOCK:
		s = shm_lookup(sns, id);
		return s ? shm_lock(s, cur_cred(), cmd == SHM_LOCK) : -EINVAL;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE3(shmctl, int, id, int, cmd, void *, ubuf)
{
	bool on = irq_save();
	long r = do_shmctl(id, cmd, ubuf);
	irq_restore(on);
	return r;
}
