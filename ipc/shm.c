/*
 * shm.c - System V shared memory segments (shm.h), after Linux's
 * ipc/shm.c.
 */
#include "ipc/shm.h"

#include "cred/cred.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

#include <linux/errno.h>
#include <linux/ipc.h>
#include <linux/shm.h>
#include "fs/mode.h"

/* SHMMAX and SHMALL are spelled with ULONG_MAX, which the freestanding
   kernel has no <limits.h> for (the host has it already). */
#ifndef ULONG_MAX
#define ULONG_MAX (__LONG_MAX__ * 2UL + 1UL)
#endif

#define IPC_MAY_READ (S_IRUSR | S_IRGRP | S_IROTH)
#define IPC_MAY_WRITE (S_IWUSR | S_IWGRP | S_IWOTH)

/* Linux's IPCID_SEQ_MAX. */
#define SHM_SEQ_MAX (0x7fffffff / SHM_IPCMNI)

/* Segments are counted in pages, as Linux's shm_tot and shmall. */
#define SHM_PAGE 4096ULL

static uint64_t pages_of(uint64_t size)
{
	return size / SHM_PAGE + (size % SHM_PAGE != 0);
}

void shm_ns_init(struct shm_ns *ns, const struct shm_obj_ops *ops)
{
	memset(ns, 0, sizeof(*ns));
	ns->shmmax = SHMMAX;
	ns->shmall = SHMALL;
	ns->shmmni = SHMMNI;
	ns->ops = ops;
}

/* Takes s out of the table and frees it with its memory object (an
   attach still mapping the object holds its own reference there). */
static void free_seg(struct shm_ns *ns, struct shm_seg *s)
{
	ns->slots[s->id % SHM_IPCMNI] = 0;
	ns->in_use--;
	ns->tot_pages -= pages_of(s->size);
	ns->ops->destroy(s->obj);
	kfree(s);
}

void shm_ns_destroy(struct shm_ns *ns)
{
	for (int i = 0; ns->slots && i < ns->shmmni; i++)
		if (ns->slots[i])
			free_seg(ns, ns->slots[i]);
	kfree(ns->slots);
	ns->slots = 0;
}

static struct shm_seg *find_key(struct shm_ns *ns, int32_t key)
{
	for (int i = 0; ns->slots && i < ns->shmmni; i++)
		if (ns->slots[i] && ns->slots[i]->perm.key == key)
			return ns->slots[i];
	return 0;
}

/* Linux's newseg(): the size rules, the shmall bound, the lowest slot. */
static int new_seg(struct shm_ns *ns, int32_t key, uint64_t size, int flag,
    const struct cred *c, int pid, int64_t now)
{
	if (size < SHMMIN || size > ns->shmmax)
		return -EINVAL;
	uint64_t pages = pages_of(size);
	if (ns->tot_pages + pages < ns->tot_pages || ns->tot_pages + pages > ns->shmall)
		return -ENOSPC;
	if (!ns->slots) {
		ns->slots = kzalloc((size_t)ns->shmmni * sizeof(*ns->slots));
		if (!ns->slots)
			return -ENOMEM;
	}
	if (ns->in_use >= ns->shmmni)
		return -ENOSPC;
	int idx = 0;
	while (ns->slots[idx])
		idx++;
	struct shm_seg *s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	int err = -ENOMEM;
	s->obj = ns->ops->create(key, size, &err);
	if (!s->obj) {
		kfree(s);
		return err;
	}
	ipc_perm_init(&s->perm, c, key, flag);
	s->perm.seq = ns->seq;
	ns->seq = ns->seq >= SHM_SEQ_MAX ? 0 : ns->seq + 1;
	s->id = (int)(s->perm.seq * SHM_IPCMNI) + idx;
	s->size = size;
	s->ctime = now;
	s->cpid = pid;
	ns->slots[idx] = s;
	ns->in_use++;
	ns->tot_pages += pages;
	return s->id;
}

int shm_get(struct shm_ns *ns, int32_t key, uint64_t size, int flag, const struct cred *c,
    int pid, int64_t now)
{
	if (key == IPC_PRIVATE)
		return new_seg(ns, key, size, flag, c, pid, now);
	struct shm_seg *s = find_key(ns, key);
	if (!s)
		return (flag & IPC_CREAT) ? new_seg(ns, key, size, flag, c, pid, now) : -ENOENT;
	if ((flag & IPC_CREAT) && (flag & IPC_EXCL))
		return -EEXIST;
	/* shm_more_checks() comes before the permission check. */
	if (s->size < size)
		return -EINVAL;
	int r = ipc_perm_check(&s->perm, c, flag);
	return r ? r : s->id;
}

struct shm_seg *shm_lookup(struct shm_ns *ns, int id)
{
	if (id < 0 || !ns->slots)
		return 0;
	int idx = id % SHM_IPCMNI;
	if (idx >= ns->shmmni)
		return 0;
	struct shm_seg *s = ns->slots[idx];
	return s && s->id == id ? s : 0;
}

struct shm_seg *shm_at(struct shm_ns *ns, int idx)
{
	if (idx < 0 || idx >= ns->shmmni || !ns->slots)
		return 0;
	return ns->slots[idx];
}

int shm_may_attach(const struct shm_seg *s, const struct cred *c, int shmflg)
{
	int want = IPC_MAY_READ;

	if (!(shmflg & SHM_RDONLY))
		want |= IPC_MAY_WRITE;
	if (shmflg & SHM_EXEC)
		want |= S_IXUSR | S_IXGRP | S_IXOTH;
	return ipc_perm_check(&s->perm, c, want);
}

void shm_attached(struct shm_seg *s, int pid, int64_t now)
{
	s->nattch++;
	s->atime = now;
	s->lpid = pid;
}

void shm_detached(struct shm_ns *ns, struct shm_seg *s, int pid, int64_t now)
{
	if (s->nattch)
		s->nattch--;
	s->dtime = now;
	s->lpid = pid;
	if (s->nattch == 0 && (s->perm.mode & CUB_SHM_DEST))
		free_seg(ns, s);
}

int shm_stat(const struct shm_seg *s, const struct cred *c, struct shmid64_ds *out)
{
	if (c && ipc_perm_check(&s->perm, c, IPC_MAY_READ))
		return -EACCES;
	memset(out, 0, sizeof(*out));
	out->shm_perm.key = s->perm.key;
	out->shm_perm.uid = s->perm.uid;
	out->shm_perm.gid = s->perm.gid;
	out->shm_perm.cuid = s->perm.cuid;
	out->shm_perm.cgid = s->perm.cgid;
	out->shm_perm.mode = s->perm.mode;
	out->shm_perm.seq = (unsigned short)s->perm.seq;
	out->shm_segsz = s->size;
	out->shm_atime = s->atime;
	out->shm_dtime = s->dtime;
	out->shm_ctime = s->ctime;
	out->shm_cpid = s->cpid;
	out->shm_lpid = s->lpid;
	out->shm_nattch = s->nattch;
	return 0;
}

int shm_set(struct shm_seg *s, const struct cred *c, const struct shmid64_ds *in, int64_t now)
{
	if (!ipc_perm_may_change(&s->perm, c))
		return -EPERM;
	int r = ipc_perm_update(&s->perm, in->shm_perm.uid, in->shm_perm.gid, in->shm_perm.mode);
	if (r)
		return r;
	s->ctime = now;
	return 0;
}

int shm_remove(struct shm_ns *ns, struct shm_seg *s, const struct cred *c)
{
	if (!ipc_perm_may_change(&s->perm, c))
		return -EPERM;
	if (s->nattch == 0) {
		free_seg(ns, s);
		return 0;
	}
	/* do_shm_rmid(): the key is free for a new segment at once. */
	s->perm.mode |= CUB_SHM_DEST;
	s->perm.key = IPC_PRIVATE;
	return 0;
}

int shm_lock(struct shm_seg *s, const struct cred *c, bool lock)
{
	if (!ipc_perm_may_change(&s->perm, c))
		return -EPERM;
	if (lock)
		s->perm.mode |= CUB_SHM_LOCKED;
	else
		s->perm.mode &= ~(uint32_t)CUB_SHM_LOCKED;
	return 0;
}

static int max_slot(const struct shm_ns *ns)
{
	int max_idx = 0;

	for (int i = 0; ns->slots && i < ns->shmmni; i++)
		if (ns->slots[i])
			max_idx = i;
	return max_idx;
}

int shm_ipc_info(const struct shm_ns *ns, struct shminfo64 *out)
{
	memset(out, 0, sizeof(*out));
	out->shmmax = ns->shmmax;
	out->shmmin = SHMMIN;
	out->shmmni = (unsigned long)ns->shmmni;
	out->shmseg = SHMSEG;
	out->shmall = ns->shmall;
	return max_slot(ns);
}

int shm_shm_info(const struct shm_ns *ns, struct shm_info *out)
{
	memset(out, 0, sizeof(*out));
	out->used_ids = ns->in_use;
	out->shm_tot = ns->tot_pages;
	/* Every page of a segment counts as resident: cub never swaps, and
	   pages never touched are not told apart here. */
	out->shm_rss = ns->tot_pages;
	return max_slot(ns);
}
