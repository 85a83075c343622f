/*
 * msg.c - System V message queues (msg.h), after Linux's ipc/msg.c.
 */
#include "ipc/msg.h"

#include "cred/cred.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

#include <linux/errno.h>
#include <linux/ipc.h>
#include <linux/msg.h>
#include "fs/mode.h"

/* ipcperms() requests: read or write, whichever class applies. */
#define IPC_MAY_READ (S_IRUSR | S_IRGRP | S_IROTH)
#define IPC_MAY_WRITE (S_IWUSR | S_IWGRP | S_IWOTH)

/* Linux's IPCID_SEQ_MAX: the sequence wraps before an id overflows int. */
#define MSG_SEQ_MAX (0x7fffffff / MSG_IPCMNI)

void msg_ns_init(struct msg_ns *ns)
{
	memset(ns, 0, sizeof(*ns));
	ns->msgmni = MSGMNI;
	ns->msgmax = MSGMAX;
	ns->msgmnb = MSGMNB;
}

static void free_messages(struct msg_ns *ns, struct msg_queue *q)
{
	struct msg_msg *m = q->head;

	while (m) {
		struct msg_msg *next = m->next;
		ns->nmsgs--;
		ns->nbytes -= m->size;
		msg_free(m);
		m = next;
	}
	q->head = 0;
	q->tail = &q->head;
	q->qnum = q->cbytes = 0;
}

/* Takes q out of the table; its waiters find it removed. */
static void unlink_queue(struct msg_ns *ns, struct msg_queue *q)
{
	ns->slots[q->id % MSG_IPCMNI] = 0;
	ns->in_use--;
	free_messages(ns, q);
	q->removed = true;
	msg_queue_put(q);
}

void msg_ns_destroy(struct msg_ns *ns)
{
	for (int i = 0; ns->slots && i < ns->msgmni; i++)
		if (ns->slots[i])
			unlink_queue(ns, ns->slots[i]);
	kfree(ns->slots);
	ns->slots = 0;
}

static struct msg_queue *find_key(struct msg_ns *ns, int32_t key)
{
	for (int i = 0; ns->slots && i < ns->msgmni; i++)
		if (ns->slots[i] && ns->slots[i]->perm.key == key)
			return ns->slots[i];
	return 0;
}

/* A new queue in the lowest free slot, as Linux's idr allocation. */
static int new_queue(struct msg_ns *ns, int32_t key, int flag, const struct cred *c, int64_t now)
{
	if (!ns->slots) {
		ns->slots = kzalloc((size_t)ns->msgmni * sizeof(*ns->slots));
		if (!ns->slots)
			return -ENOMEM;
	}
	if (ns->in_use >= ns->msgmni)
		return -ENOSPC;
	int idx = 0;
	while (ns->slots[idx])
		idx++;
	struct msg_queue *q = kzalloc(sizeof(*q));
	if (!q)
		return -ENOMEM;
	ipc_perm_init(&q->perm, c, key, flag);
	q->perm.seq = ns->seq;
	ns->seq = ns->seq >= MSG_SEQ_MAX ? 0 : ns->seq + 1;
	q->id = (int)(q->perm.seq * MSG_IPCMNI) + idx;
	q->refs = 1;
	q->ctime = now;
	q->qbytes = (size_t)ns->msgmnb;
	q->tail = &q->head;
	ns->slots[idx] = q;
	ns->in_use++;
	return q->id;
}

int msg_get(struct msg_ns *ns, int32_t key, int flag, const struct cred *c, int64_t now)
{
	if (key == IPC_PRIVATE)
		return new_queue(ns, key, flag, c, now);
	struct msg_queue *q = find_key(ns, key);
	if (!q)
		return (flag & IPC_CREAT) ? new_queue(ns, key, flag, c, now) : -ENOENT;
	if ((flag & IPC_CREAT) && (flag & IPC_EXCL))
		return -EEXIST;
	int r = ipc_perm_check(&q->perm, c, flag);
	return r ? r : q->id;
}

struct msg_queue *msg_lookup(struct msg_ns *ns, int id)
{
	if (id < 0 || !ns->slots)
		return 0;
	int idx = id % MSG_IPCMNI;
	if (idx >= ns->msgmni)
		return 0;
	struct msg_queue *q = ns->slots[idx];
	return q && q->id == id ? q : 0;
}

struct msg_queue *msg_at(struct msg_ns *ns, int idx)
{
	if (idx < 0 || idx >= ns->msgmni || !ns->slots)
		return 0;
	return ns->slots[idx];
}

void msg_queue_get(struct msg_queue *q)
{
	q->refs++;
}

void msg_queue_put(struct msg_queue *q)
{
	if (--q->refs == 0)
		kfree(q);
}

struct msg_msg *msg_alloc(long type, size_t size)
{
	struct msg_msg *m = kmalloc(sizeof(*m) + size);

	if (m) {
		m->next = 0;
		m->type = type;
		m->size = size;
	}
	return m;
}

void msg_free(struct msg_msg *m)
{
	kfree(m);
}

int msg_try_send(struct msg_ns *ns, struct msg_queue *q, const struct cred *c,
    struct msg_msg *m, int pid, int64_t now)
{
	if (ipc_perm_check(&q->perm, c, IPC_MAY_WRITE))
		return -EACCES;
	if (q->removed)
		return -EIDRM;
	/* msg_fits_inqueue(): msg_qbytes bounds the bytes and the count. */
	if (m->size + q->cbytes > q->qbytes || 1 + q->qnum > q->qbytes)
		return -EAGAIN;
	m->next = 0;
	*q->tail = m;
	q->tail = &m->next;
	q->qnum++;
	q->cbytes += m->size;
	q->lspid = pid;
	q->stime = now;
	ns->nmsgs++;
	ns->nbytes += m->size;
	return 0;
}

/* Linux's convert_mode() and find_msg(): the link pointing at the match. */
static struct msg_msg **find_msg(struct msg_queue *q, long msgtyp, int flags)
{
	struct msg_msg **found = 0;

	if (msgtyp < 0) {
		/* The first of the lowest type: later equals never win. */
		long bound = msgtyp == -__LONG_MAX__ - 1 ? __LONG_MAX__ : -msgtyp;
		for (struct msg_msg **l = &q->head; *l; l = &(*l)->next)
			if ((*l)->type <= bound) {
				found = l;
				bound = (*l)->type - 1;
			}
		return found;
	}
	for (struct msg_msg **l = &q->head; *l; l = &(*l)->next) {
		long t = (*l)->type;
		if (msgtyp == 0 || ((flags & MSG_EXCEPT) ? t != msgtyp : t == msgtyp))
			return l;
	}
	return 0;
}

/* MSG_COPY: a copy of message number n (from 0), which stays queued. */
static int copy_nth(struct msg_queue *q, long n, int flags, size_t bufsz, struct msg_msg **out)
{
	struct msg_msg *m = q->head;

	for (long i = 0; m && i < n; i++)
		m = m->next;
	if (!m || n < 0)
		return -ENOMSG;
	if (bufsz < m->size && !(flags & MSG_NOERROR))
		return -E2BIG;
	struct msg_msg *c = msg_alloc(m->type, m->size);
	if (!c)
		return -ENOMEM;
	memcpy(c->text, m->text, m->size);
	*out = c;
	return 0;
}

int msg_try_receive(struct msg_ns *ns, struct msg_queue *q, const struct cred *c,
    long msgtyp, int flags, size_t bufsz, int pid, int64_t now, struct msg_msg **out)
{
	if (ipc_perm_check(&q->perm, c, IPC_MAY_READ))
		return -EACCES;
	if (q->removed)
		return -EIDRM;
	if (flags & MSG_COPY)
		return copy_nth(q, msgtyp, flags, bufsz, out);
	struct msg_msg **l = find_msg(q, msgtyp, flags);
	if (!l)
		return -ENOMSG;
	struct msg_msg *m = *l;
	if (bufsz < m->size && !(flags & MSG_NOERROR))
		return -E2BIG;
	*l = m->next;
	if (q->tail == &m->next)
		q->tail = l;
	m->next = 0;
	q->qnum--;
	q->cbytes -= m->size;
	q->rtime = now;
	q->lrpid = pid;
	ns->nmsgs--;
	ns->nbytes -= m->size;
	*out = m;
	return 0;
}

int msg_stat(const struct msg_queue *q, const struct cred *c, struct msqid64_ds *out)
{
	if (c && ipc_perm_check(&q->perm, c, IPC_MAY_READ))
		return -EACCES;
	memset(out, 0, sizeof(*out));
	out->msg_perm.key = q->perm.key;
	out->msg_perm.uid = q->perm.uid;
	out->msg_perm.gid = q->perm.gid;
	out->msg_perm.cuid = q->perm.cuid;
	out->msg_perm.cgid = q->perm.cgid;
	out->msg_perm.mode = q->perm.mode;
	out->msg_perm.seq = (unsigned short)q->perm.seq;
	out->msg_stime = q->stime;
	out->msg_rtime = q->rtime;
	out->msg_ctime = q->ctime;
	out->msg_cbytes = q->cbytes;
	out->msg_qnum = q->qnum;
	out->msg_qbytes = q->qbytes;
	out->msg_lspid = q->lspid;
	out->msg_lrpid = q->lrpid;
	return 0;
}

int msg_set(struct msg_ns *ns, struct msg_queue *q, const struct cred *c,
    const struct msqid64_ds *in, int64_t now)
{
	if (!ipc_perm_may_change(&q->perm, c))
		return -EPERM;
	/* Raising the bound past msgmnb takes CAP_SYS_RESOURCE: root. */
	if (in->msg_qbytes > (unsigned long)ns->msgmnb && !cred_is_root(c))
		return -EPERM;
	int r = ipc_perm_update(&q->perm, in->msg_perm.uid, in->msg_perm.gid, in->msg_perm.mode);
	if (r)
		return r;
	q->qbytes = in->msg_qbytes;
	q->ctime = now;
	return 0;
}

int msg_remove(struct msg_ns *ns, struct msg_queue *q, const struct cred *c)
{
	if (!ipc_perm_may_change(&q->perm, c))
		return -EPERM;
	unlink_queue(ns, q);
	return 0;
}

int msg_info(const struct msg_ns *ns, int cmd, struct msginfo *out)
{
	int max_idx = -1;

	for (int i = 0; ns->slots && i < ns->msgmni; i++)
		if (ns->slots[i])
			max_idx = i;
	memset(out, 0, sizeof(*out));
	out->msgmni = ns->msgmni;
	out->msgmax = ns->msgmax;
	out->msgmnb = ns->msgmnb;
	out->msgssz = MSGSSZ;
	out->msgseg = MSGSEG;
	if (cmd == MSG_INFO) {
		/* In use now: queues, messages, bytes. */
		out->msgpool = ns->in_use;
		out->msgmap = ns->nmsgs > 0x7fffffff ? 0x7fffffff : (int)ns->nmsgs;
		out->msgtql = ns->nbytes > 0x7fffffff ? 0x7fffffff : (int)ns->nbytes;
	} else {
		out->msgpool = MSGPOOL;
		out->msgmap = MSGMAP;
		out->msgtql = MSGTQL;
	}
	return max_idx < 0 ? 0 : max_idx;
}
