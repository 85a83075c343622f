/*
 * msg.h - System V message queues (Linux's ipc/msg.c): the id table,
 * the messages, msgrcv's type selection and msgctl's commands.
 *
 * This module only keeps state and applies rules; it never sleeps.  A
 * send or receive is one attempt that says -EAGAIN ("would block") or
 * -ENOMSG ("nothing matches"); the kernel glue (sys_msg.c) then waits and
 * tries again, holding a reference on the queue so that a queue removed
 * meanwhile (IPC_RMID) is seen as removed (-EIDRM) rather than freed.
 * Times are passed in (seconds since the epoch), credentials are struct
 * cred, so everything here runs on the host too.
 *
 * Portable: no x86, no scheduler; unit-tested on the host.
 */
#ifndef CUB_IPC_MSG_H
#define CUB_IPC_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc/ipc_perm.h"

#ifdef __cplusplus
extern "C" {
#endif

struct cred;
struct msqid64_ds;
struct msginfo;

/*
 * Linux's IPCMNI (include/linux/ipc_namespace.h, not part of the UAPI):
 * an id is seq * IPCMNI + slot, so a reused slot gives a new id.
 */
#define MSG_IPCMNI 32768

struct msg_msg {
	struct msg_msg *next;
	long type;
	size_t size;
	uint8_t text[];
};

struct msg_queue {
	struct kipc_perm perm;
	int id;
	int refs;            /* the table's, and one per waiting caller */
	bool removed;        /* IPC_RMID: waiters fail with EIDRM */
	int64_t stime, rtime, ctime;
	size_t cbytes, qnum, qbytes;
	int lspid, lrpid;
	struct msg_msg *head, **tail;
};

struct msg_ns {
	struct msg_queue **slots;   /* msgmni of them, allocated at first use */
	int in_use;
	uint32_t seq;               /* the next object's sequence number */
	size_t nmsgs, nbytes;       /* over all queues, for MSG_INFO */
	int msgmni, msgmax, msgmnb; /* Linux's defaults, kernel.msg* */
};

/* An empty table with Linux's default limits (MSGMNI, MSGMAX, MSGMNB). */
void msg_ns_init(struct msg_ns *ns);

/* Removes every queue (waiters see EIDRM) and frees the table. */
void msg_ns_destroy(struct msg_ns *ns);

/*
 * msgget: the id of key's queue, or of a new one (IPC_PRIVATE always
 * makes one; otherwise IPC_CREAT does when key has none).  -ENOENT,
 * -EEXIST (IPC_CREAT | IPC_EXCL), -EACCES (flag's permission bits are
 * not granted), -ENOSPC (msgmni queues exist), -ENOMEM.
 */
int msg_get(struct msg_ns *ns, int32_t key, int flag, const struct cred *c, int64_t now);

/* The queue with this id (borrowed), or NULL: msgsnd, msgrcv and msgctl
   then fail with EINVAL, as Linux does for unknown and stale ids. */
struct msg_queue *msg_lookup(struct msg_ns *ns, int id);

/* A reference for a caller about to wait; msg_queue_put drops it and
   frees a removed queue with its last reference. */
void msg_queue_get(struct msg_queue *q);
void msg_queue_put(struct msg_queue *q);

/* A message of size bytes (text uninitialised), or NULL. */
struct msg_msg *msg_alloc(long type, size_t size);
void msg_free(struct msg_msg *m);

/*
 * One attempt of msgsnd: 0 when m was queued (the queue owns it now),
 * -EACCES without write permission, -EIDRM for a removed queue, -EAGAIN
 * when m does not fit (bytes or count above msg_qbytes).
 */
int msg_try_send(struct msg_ns *ns, struct msg_queue *q, const struct cred *c,
    struct msg_msg *m, int pid, int64_t now);

/*
 * One attempt of msgrcv: 0 and *out (unlinked from the queue; the caller
 * frees it), -EACCES without read permission, -EIDRM, -ENOMSG when no
 * message matches msgtyp (0: the first; > 0: the first of that type, or
 * with MSG_EXCEPT of another type; < 0: the first of the lowest type at
 * most -msgtyp), -E2BIG when the match is longer than bufsz and flags
 * lacks MSG_NOERROR (the message stays).  With MSG_COPY, msgtyp is a
 * position (0 is the first) and *out a copy; the queue is unchanged.
 */
int msg_try_receive(struct msg_ns *ns, struct msg_queue *q, const struct cred *c,
    long msgtyp, int flags, size_t bufsz, int pid, int64_t now, struct msg_msg **out);

/* IPC_STAT and MSG_STAT: fills out; -EACCES without read permission
   (c NULL: no check, for MSG_STAT_ANY). */
int msg_stat(const struct msg_queue *q, const struct cred *c, struct msqid64_ds *out);

/*
 * IPC_SET: new owner, permission bits and msg_qbytes from in.  -EPERM
 * unless c owns or created q or is root, -EPERM for msg_qbytes above
 * msgmnb unless root, -EINVAL for an id of -1.
 */
int msg_set(struct msg_ns *ns, struct msg_queue *q, const struct cred *c,
    const struct msqid64_ds *in, int64_t now);

/* IPC_RMID: -EPERM unless owner, creator or root; else the queue leaves
   the table, its messages are freed and its waiters see EIDRM. */
int msg_remove(struct msg_ns *ns, struct msg_queue *q, const struct cred *c);

/* The queue in slot idx (MSG_STAT), or NULL. */
struct msg_queue *msg_at(struct msg_ns *ns, int idx);

/* IPC_INFO or MSG_INFO (cmd): fills out; returns the highest slot in
   use, or 0 when there is none. */
int msg_info(const struct msg_ns *ns, int cmd, struct msginfo *out);

#ifdef __cplusplus
}
#endif
#endif
