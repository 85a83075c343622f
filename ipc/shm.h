/*
 * shm.h - System V shared memory (Linux's ipc/shm.c): the id table,
 * shmget's rules, the attach count and shmctl's commands.
 *
 * A segment's memory is an object this module never looks into (in the
 * kernel an unnamed file on the internal shmem instance, so that an
 * attach is an ordinary MAP_SHARED file mapping and fork shares it for
 * free); the table makes and frees it through struct shm_obj_ops.  The
 * kernel glue (sys_shm.c) tells the table when an attach comes and goes
 * (shmat, fork, munmap, exit, exec): a segment removed with IPC_RMID
 * stays, marked SHM_DEST, until its last attach goes.
 *
 * Portable: no x86, no scheduler; unit-tested on the host.
 */
#ifndef CUB_IPC_SHM_H
#define CUB_IPC_SHM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc/ipc_perm.h"

#ifdef __cplusplus
extern "C" {
#endif

struct cred;
struct shmid64_ds;
struct shminfo64;
struct shm_info;

/* Linux's IPCMNI, as for message queues: an id is seq * IPCMNI + slot. */
#define SHM_IPCMNI 32768

/*
 * Mode bits that Linux keeps in shm_perm.mode beside the permission
 * bits (include/linux/shm.h, not part of the UAPI headers; glibc's
 * <sys/shm.h> spells them, and tests/unit/test_ipc_abi.cc compares).
 */
#define CUB_SHM_DEST 01000   /* removed, freed with the last detach */
#define CUB_SHM_LOCKED 02000 /* SHM_LOCK: never swapped (cub never swaps) */

/* How the table makes and frees a segment's memory. */
struct shm_obj_ops {
	/* A new object of size bytes for key, or NULL with *err set. */
	void *(*create)(int32_t key, uint64_t size, int *err);
	/* The table lets go of obj (attaches may still hold their own). */
	void (*destroy)(void *obj);
};

struct shm_seg {
	struct kipc_perm perm;  /* mode also carries CUB_SHM_DEST, CUB_SHM_LOCKED */
	int id;
	uint64_t size;          /* shm_segsz: bytes asked for */
	int64_t atime, dtime, ctime;
	int cpid, lpid;
	uint64_t nattch;
	void *obj;
};

struct shm_ns {
	struct shm_seg **slots; /* shmmni of them, allocated at first use */
	int in_use;
	uint32_t seq;
	uint64_t tot_pages;     /* over all segments, for SHM_INFO and shmall */
	uint64_t shmmax, shmall;
	int shmmni;
	const struct shm_obj_ops *ops;
};

/* An empty table with Linux's defaults (SHMMAX, SHMALL, SHMMNI). */
void shm_ns_init(struct shm_ns *ns, const struct shm_obj_ops *ops);

/* Frees every segment and the table (for the host tests). */
void shm_ns_destroy(struct shm_ns *ns);

/*
 * shmget: key's segment, or a new one (IPC_PRIVATE always; IPC_CREAT
 * when key has none), in Linux's order: -ENOENT, -EEXIST (IPC_CREAT |
 * IPC_EXCL), -EINVAL (a new segment below SHMMIN or above shmmax, or an
 * existing one smaller than size), -EACCES (flag's permission bits not
 * granted), -ENOSPC (shmmni segments, or shmall pages), -ENOMEM.
 */
int shm_get(struct shm_ns *ns, int32_t key, uint64_t size, int flag, const struct cred *c,
    int pid, int64_t now);

/* The segment with this id (borrowed), or NULL (EINVAL for the caller). */
struct shm_seg *shm_lookup(struct shm_ns *ns, int id);

/* The segment in slot idx (SHM_STAT), or NULL. */
struct shm_seg *shm_at(struct shm_ns *ns, int idx);

/* shmat's permission check for shmflg: read, write unless SHM_RDONLY,
   execute with SHM_EXEC.  0 or -EACCES. */
int shm_may_attach(const struct shm_seg *s, const struct cred *c, int shmflg);

/*
 * An attach begins (shmat, or fork copying one) or ends (shmdt, munmap,
 * exit, exec).  The last end of a removed segment frees it: after
 * shm_detached, s may be gone.
 */
void shm_attached(struct shm_seg *s, int pid, int64_t now);
void shm_detached(struct shm_ns *ns, struct shm_seg *s, int pid, int64_t now);

/* IPC_STAT and SHM_STAT: -EACCES without read permission (c NULL: no
   check, for SHM_STAT_ANY). */
int shm_stat(const struct shm_seg *s, const struct cred *c, struct shmid64_ds *out);

/* IPC_SET: owner and permission bits; -EPERM unless owner, creator or
   root, -EINVAL for an id of -1. */
int shm_set(struct shm_seg *s, const struct cred *c, const struct shmid64_ds *in, int64_t now);

/* IPC_RMID: -EPERM unless owner, creator or root; a segment with no
   attach goes at once, another is marked SHM_DEST and loses its key. */
int shm_remove(struct shm_ns *ns, struct shm_seg *s, const struct cred *c);

/* SHM_LOCK (lock true) and SHM_UNLOCK: -EPERM unless owner, creator or
   root (Linux's rule with a nonzero RLIMIT_MEMLOCK). */
int shm_lock(struct shm_seg *s, const struct cred *c, bool lock);

/* IPC_INFO and SHM_INFO: fill out; return the highest slot in use, or 0. */
int shm_ipc_info(const struct shm_ns *ns, struct shminfo64 *out);
int shm_shm_info(const struct shm_ns *ns, struct shm_info *out);

#ifdef __cplusplus
}
#endif
#endif
