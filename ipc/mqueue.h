/*
 * mqueue.h - POSIX message queues (Linux's ipc/mqueue.c): the named
 * queues, their messages in priority order, mq_notify's registration,
 * the limits of /proc/sys/fs/mqueue and the status line a read shows.
 *
 * Like msg.h this keeps state and applies rules and never sleeps: a send
 * or receive is one attempt that answers -EAGAIN when it would block, and
 * the kernel glue (sys_mqueue.c) waits and tries again.  A queue lives
 * while it has a name or an open file (refs), so unlinking one that is
 * open keeps it for its holders.  Sending a notification is the glue's
 * job too: a send that fires the registration says so in a struct
 * mq_fire.
 *
 * Portable: no x86, no scheduler; unit-tested on the host.
 */
#ifndef CUB_IPC_MQUEUE_H
#define CUB_IPC_MQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cred;
struct mq_attr;

/*
 * Linux's HARD_MSGMAX, HARD_MSGSIZEMAX, MIN_MSGMAX and MIN_MSGSIZEMAX
 * (include/linux/ipc_namespace.h, not in the UAPI headers): the bounds
 * of attributes and of the limits files, which not even root passes.
 */
#define MQ_HARD_MSGMAX 65536
#define MQ_HARD_MSGSIZEMAX (16 * 1024 * 1024)
#define MQ_MIN_MSGMAX 1
#define MQ_MIN_MSGSIZEMAX 128

/* The longest name: NAME_MAX, one file of the queue file system. */
#define MQ_NAME_MAX 255

struct mq_msg {
	struct mq_msg *next;
	unsigned int prio;
	size_t len;
	uint8_t data[];
};

/* mq_notify's registration: pid 0 when there is none. */
struct mq_notify_reg {
	int pid;        /* the registered process (Linux's notify_owner) */
	int kind;       /* SIGEV_SIGNAL or SIGEV_NONE */
	int signo;
	uint64_t value; /* sigev_value, as given */
};

struct mqueue {
	struct mqueue *next;    /* in the namespace's list while named */
	char name[MQ_NAME_MAX + 1];
	bool linked;
	int refs;               /* one for the name, one per open file */
	uint64_t ino;
	uint32_t uid, gid, mode;
	long maxmsg, msgsize, curmsgs;
	size_t qsize;           /* bytes of message text queued */
	struct mq_msg *head;    /* highest priority first, FIFO within one */
	struct mq_notify_reg notify;
	int waiting_receivers;  /* kept by the glue around its sleeps */
	int64_t time_sec;       /* creation time, for stat */
};

/* Which limits file (/proc/sys/fs/mqueue/NAME). */
enum mq_limit { MQ_MSG_MAX, MQ_MSGSIZE_MAX, MQ_QUEUES_MAX, MQ_MSG_DEFAULT, MQ_MSGSIZE_DEFAULT, MQ_NLIMITS };

struct mq_ns {
	struct mqueue *list;    /* the named queues */
	int count;              /* named queues, against queues_max */
	uint64_t next_ino;
	long limits[MQ_NLIMITS];
};

/* What a send that fired the registration asks the glue to deliver:
   signo 0 when there is nothing to send. */
struct mq_fire {
	int pid;                /* to this process */
	int signo;
	uint64_t value;
	int sender_pid;         /* si_pid and si_uid of the SI_MESGQ signal */
	uint32_t sender_uid;
};

/* No queues; Linux's default limits (10, 8192, 256, 10, 8192). */
void mq_ns_init(struct mq_ns *ns);

/* Frees every queue, whether named or open (the host tests' cleanup). */
void mq_ns_destroy(struct mq_ns *ns);

/*
 * Whether name (the part after glibc's slash) can name a queue: -ENOENT
 * when empty, -EACCES for "." and ".." or a name with a slash (Linux's
 * lookup_one_len), -ENAMETOOLONG above MQ_NAME_MAX.
 */
int mq_name_check(const char *name);

/*
 * mq_open: 0 and *out (a reference for the new open file) or -errno:
 * an existing queue with O_CREAT | O_EXCL is -EEXIST, access mode 3
 * -EINVAL, a mode c may not open -EACCES (the file rule: owner, group
 * incl. supplementary groups, other; root overrides); a missing one
 * without O_CREAT -ENOENT, with bad attributes -EINVAL (maxmsg and
 * msgsize above 0 and within the limits, root's being the hard ones),
 * beyond queues_max -ENOSPC unless root.  mode already has the umask
 * applied; attr NULL takes the defaults.
 */
int mq_open_queue(struct mq_ns *ns, const char *name, int oflag, uint32_t mode,
    const struct mq_attr *attr, const struct cred *c, struct mqueue **out);

/* mq_unlink: -ENOENT; -EPERM (the queue directory is sticky) unless c
   owns the queue or is root.  Open files keep the queue. */
int mq_unlink_queue(struct mq_ns *ns, const char *name, const struct cred *c);

/* Drops an open file's reference; the last one frees the queue. */
void mq_put(struct mqueue *q);

/* A message of len bytes (data uninitialised), or NULL. */
struct mq_msg *mq_msg_alloc(size_t len, unsigned int prio);
void mq_msg_free(struct mq_msg *m);

/*
 * One attempt of mq_send: 0 when m was queued (the queue owns it), or
 * -EAGAIN when the queue is full.  A message that makes an empty queue
 * non-empty while nobody waits to receive fires and ends the
 * registration; *fire says what to send (its signo is 0 otherwise).
 */
int mq_try_send(struct mqueue *q, struct mq_msg *m, int sender_pid, uint32_t sender_uid,
    struct mq_fire *fire);

/* One attempt of mq_receive: 0 and *out (the caller frees it), or
   -EAGAIN when the queue is empty. */
int mq_try_receive(struct mqueue *q, struct mq_msg **out);

/* mq_notify with a request: -EBUSY while anyone is registered. */
int mq_notify_register(struct mqueue *q, int pid, int kind, int signo, uint64_t value);

/* mq_notify(NULL), and closing any descriptor of the queue (Linux's
   flush): ends pid's registration; nothing when pid is not the owner. */
void mq_notify_drop(struct mqueue *q, int pid);

/* The line a read of the queue gives ("QSIZE:... NOTIFY_PID:...\n");
   its length, like snprintf. */
int mq_status_line(const struct mqueue *q, char *buf, size_t size);

/* The limits files: get, and set (-EINVAL outside Linux's bounds). */
long mq_limit_get(const struct mq_ns *ns, enum mq_limit which);
int mq_limit_set(struct mq_ns *ns, enum mq_limit which, long value);

/* The named queue called name (len bytes), the one with inode number
   ino, or the n-th in the list (for the mqueue file system); NULL. */
struct mqueue *mq_find(const struct mq_ns *ns, const char *name, size_t len);
struct mqueue *mq_find_ino(const struct mq_ns *ns, uint64_t ino);
struct mqueue *mq_nth(const struct mq_ns *ns, size_t n);

#ifdef __cplusplus
}
#endif
#endif
