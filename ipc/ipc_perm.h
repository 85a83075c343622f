/*
 * ipc_perm.h - the permission rule of System V IPC objects (Linux's
 * ipcperms() and ipcctl_obtain_check() in ipc/util.c).
 *
 * An object has an owner (uid, gid) that IPC_SET may change and a
 * creator (cuid, cgid) that never changes; both count.  Access is decided
 * from the effective uid and, for the group class, the file-system gid
 * and supplementary groups (Linux's in_group_p); root (euid 0, standing
 * in for CAP_IPC_OWNER and CAP_SYS_ADMIN) overrides.
 *
 * Portable: no x86, no scheduler; unit-tested on the host.
 */
#ifndef CUB_IPC_IPC_PERM_H
#define CUB_IPC_IPC_PERM_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cred;

struct kipc_perm {
	int32_t key;
	uint32_t uid, gid;    /* owner */
	uint32_t cuid, cgid;  /* creator */
	uint32_t mode;        /* the nine permission bits */
	uint32_t seq;         /* the slot's use count, part of the id */
};

/* Fills p for a new object created by c: owner and creator are c's
   effective ids, the mode is flag's permission bits (no umask). */
void ipc_perm_init(struct kipc_perm *p, const struct cred *c, int32_t key, int flag);

/*
 * ipcperms(): whether c may have the access that flag's permission bits
 * ask for (S_IRUGO for reading, S_IWUGO for writing, or msgget's mode
 * argument: any class's bit counts as that access).  0 or -EACCES.
 */
int ipc_perm_check(const struct kipc_perm *p, const struct cred *c, int flag);

/* IPC_SET and IPC_RMID: c is the owner or the creator, or root. */
bool ipc_perm_may_change(const struct kipc_perm *p, const struct cred *c);

/* IPC_SET's ipc_update_perm(): new owner and permission bits; -EINVAL
   for an id of -1 (no such user), leaving p unchanged. */
int ipc_perm_update(struct kipc_perm *p, uint32_t uid, uint32_t gid, uint32_t mode);

#ifdef __cplusplus
}
#endif
#endif
