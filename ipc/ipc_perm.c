/*
 * ipc_perm.c - the System V IPC permission rule (ipc_perm.h).
 */
#include "ipc/ipc_perm.h"

#include "cred/cred.h"
#include "fs/mode.h"

#include <linux/errno.h>

/* The nine permission bits, Linux's S_IRWXUGO. */
#define IPC_MODE_BITS (S_IRWXU | S_IRWXG | S_IRWXO)

void ipc_perm_init(struct kipc_perm *p, const struct cred *c, int32_t key, int flag)
{
	p->key = key;
	p->uid = p->cuid = c->euid;
	p->gid = p->cgid = c->egid;
	p->mode = (uint32_t)flag & IPC_MODE_BITS;
}

int ipc_perm_check(const struct kipc_perm *p, const struct cred *c, int flag)
{
	/* Any class's bit in the request asks for that kind of access. */
	uint32_t requested = (((uint32_t)flag >> 6) | ((uint32_t)flag >> 3) | (uint32_t)flag) & 07;
	uint32_t granted = p->mode;

	if (c->euid == p->cuid || c->euid == p->uid)
		granted >>= 6;
	else if (cred_in_group(c, p->cgid) || cred_in_group(c, p->gid))
		granted >>= 3;
	if ((requested & ~granted & 07) && !cred_is_root(c))
		return -EACCES;
	return 0;
}

bool ipc_perm_may_change(const struct kipc_perm *p, const struct cred *c)
{
	return c->euid == p->cuid || c->euid == p->uid || cred_is_root(c);
}

int ipc_perm_update(struct kipc_perm *p, uint32_t uid, uint32_t gid, uint32_t mode)
{
	/* make_kuid() of (uid_t)-1 is never a valid id. */
	if (uid == (uint32_t)-1 || gid == (uint32_t)-1)
		return -EINVAL;
	p->uid = uid;
	p->gid = gid;
	p->mode = (p->mode & ~(uint32_t)IPC_MODE_BITS) | (mode & IPC_MODE_BITS);
	return 0;
}
