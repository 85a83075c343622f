/*
 * mqueue.c - POSIX message queues (mqueue.h), after Linux's ipc/mqueue.c.
 */
#include "ipc/mqueue.h"

#include "cred/cred.h"
#include "fs/mode.h"
#include "lib/format.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

#include <asm-generic/siginfo.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/mqueue.h>


void mq_ns_init(struct mq_ns *ns)
{
	memset(ns, 0, sizeof(*ns));
	ns->next_ino = 2; /* the file system's root is 1 */
	ns->limits[MQ_MSG_MAX] = 10;           /* DFLT_MSGMAX */
	ns->limits[MQ_MSGSIZE_MAX] = 8192;     /* DFLT_MSGSIZEMAX */
	ns->limits[MQ_QUEUES_MAX] = 256;       /* DFLT_QUEUESMAX */
	ns->limits[MQ_MSG_DEFAULT] = 10;       /* DFLT_MSG */
	ns->limits[MQ_MSGSIZE_DEFAULT] = 8192; /* DFLT_MSGSIZE */
}

static void free_queue(struct mqueue *q)
{
	struct mq_msg *m = q->head;

	while (m) {
		struct mq_msg *next = m->next;
		mq_msg_free(m);
		m = next;
	}
	kfree(q);
}

void mq_ns_destroy(struct mq_ns *ns)
{
	while (ns->list) {
		struct mqueue *q = ns->list;
		ns->list = q->next;
		free_queue(q);
	}
	ns->count = 0;
}

int mq_name_check(const char *name)
{
	size_t len = strlen(name);

	if (len == 0)
		return -ENOENT;
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return -EACCES;
	if (strchr(name, '/'))
		return -EACCES;
	if (len > MQ_NAME_MAX)
		return -ENAMETOOLONG;
	return 0;
}

struct mqueue *mq_find(const struct mq_ns *ns, const char *name, size_t len)
{
	for (struct mqueue *q = ns->list; q; q = q->next)
		if (strlen(q->name) == len && memcmp(q->name, name, len) == 0)
			return q;
	return 0;
}

struct mqueue *mq_find_ino(const struct mq_ns *ns, uint64_t ino)
{
	for (struct mqueue *q = ns->list; q; q = q->next)
		if (q->ino == ino)
			return q;
	return 0;
}

struct mqueue *mq_nth(const struct mq_ns *ns, size_t n)
{
	struct mqueue *q = ns->list;

	while (q && n--)
		q = q->next;
	return q;
}

/* The file rule, as fs_permission: one class, root reads and writes all. */
static int may_open(const struct mqueue *q, const struct cred *c, uint32_t want)
{
	uint32_t bits;

	if (c->fsuid == q->uid)
		bits = q->mode >> 6;
	else if (cred_in_group(c, q->gid))
		bits = q->mode >> 3;
	else
		bits = q->mode;
	if ((bits & want) == want || c->fsuid == 0)
		return 0;
	return -EACCES;
}

/* mq_attr_ok(): root (CAP_SYS_RESOURCE) is held to the hard limits only. */
static int attr_ok(const struct mq_ns *ns, const struct mq_attr *a, const struct cred *c)
{
	if (a->mq_maxmsg <= 0 || a->mq_msgsize <= 0)
		return -EINVAL;
	if (cred_is_root(c)) {
		if (a->mq_maxmsg > MQ_HARD_MSGMAX || a->mq_msgsize > MQ_HARD_MSGSIZEMAX)
			return -EINVAL;
	} else if (a->mq_maxmsg > ns->limits[MQ_MSG_MAX] ||
	           a->mq_msgsize > ns->limits[MQ_MSGSIZE_MAX]) {
		return -EINVAL;
	}
	return 0;
}

static int create(struct mq_ns *ns, const char *name, uint32_t mode,
    const struct mq_attr *attr, const struct cred *c, struct mqueue **out)
{
	if (attr) {
		int r = attr_ok(ns, attr, c);
		if (r)
			return r;
	}
	if (ns->count >= ns->limits[MQ_QUEUES_MAX] && !cred_is_root(c))
		return -ENOSPC;
	struct mqueue *q = kzalloc(sizeof(*q));
	if (!q)
		return -ENOMEM;
	memcpy(q->name, name, strlen(name) + 1);
	q->linked = true;
	q->refs = 2; /* the name and the caller's open file */
	q->ino = ns->next_ino++;
	q->uid = c->fsuid;
	q->gid = c->fsgid;
	q->mode = mode & FS_MODE_PERM;
	q->maxmsg = attr ? attr->mq_maxmsg : ns->limits[MQ_MSG_DEFAULT];
	q->msgsize = attr ? attr->mq_msgsize : ns->limits[MQ_MSGSIZE_DEFAULT];
	q->next = ns->list;
	ns->list = q;
	ns->count++;
	*out = q;
	return 0;
}

int mq_open_queue(struct mq_ns *ns, const char *name, int oflag, uint32_t mode,
    const struct mq_attr *attr, const struct cred *c, struct mqueue **out)
{
	int r = mq_name_check(name);

	if (r)
		return r;
	struct mqueue *q = mq_find(ns, name, strlen(name));
	if (!q)
		return (oflag & O_CREAT) ? create(ns, name, mode, attr, c, out) : -ENOENT;
	if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	int acc = oflag & O_ACCMODE;
	if (acc == (O_WRONLY | O_RDWR))
		return -EINVAL;
	/* MAY_READ is 4 and MAY_WRITE 2, as the permission bits. */
	uint32_t want = acc == O_RDONLY ? 4 : acc == O_WRONLY ? 2 : 6;
	r = may_open(q, c, want);
	if (r)
		return r;
	q->refs++;
	*out = q;
	return 0;
}

int mq_unlink_queue(struct mq_ns *ns, const char *name, const struct cred *c)
{
	int r = mq_name_check(name);

	if (r)
		return r;
	struct mqueue **l = &ns->list;
	while (*l && strcmp((*l)->name, name) != 0)
		l = &(*l)->next;
	struct mqueue *q = *l;
	if (!q)
		return -ENOENT;
	/* The sticky root directory belongs to root: owner or root only. */
	if (c->fsuid != q->uid && c->fsuid != 0)
		return -EPERM;
	*l = q->next;
	q->next = 0;
	q->linked = false;
	ns->count--;
	mq_put(q);
	return 0;
}

void mq_put(struct mqueue *q)
{
	if (--q->refs == 0)
		free_queue(q);
}

struct mq_msg *mq_msg_alloc(size_t len, unsigned int prio)
{
	struct mq_msg *m = kmalloc(sizeof(*m) + len);

	if (m) {
		m->next = 0;
		m->prio = prio;
		m->len = len;
	}
	return m;
}

void mq_msg_free(struct mq_msg *m)
{
	kfree(m);
}

int mq_try_send(struct mqueue *q, struct mq_msg *m, int sender_pid, uint32_t sender_uid,
    struct mq_fire *fire)
{
	memset(fire, 0, sizeof(*fire));
	if (q->curmsgs >= q->maxmsg)
		return -EAGAIN;
	/* After every message of the same or a higher priority. */
	struct mq_msg **l = &q->head;
	while (*l && (*l)->prio >= m->prio)
		l = &(*l)->next;
	m->next = *l;
	*l = m;
	q->curmsgs++;
	q->qsize += m->len;
	/*
	 * __do_notify(): only the step from empty to non-empty notifies, and
	 * only when no receiver is waiting (Linux hands the message straight
	 * to one then).  Firing ends the registration.
	 */
	if (q->notify.pid && q->curmsgs == 1 && q->waiting_receivers == 0) {
		if (q->notify.kind == SIGEV_SIGNAL && q->notify.signo != 0) {
			fire->pid = q->notify.pid;
			fire->signo = q->notify.signo;
			fire->value = q->notify.value;
			fire->sender_pid = sender_pid;
			fire->sender_uid = sender_uid;
		}
		memset(&q->notify, 0, sizeof(q->notify));
	}
	return 0;
}

int mq_try_receive(struct mqueue *q, struct mq_msg **out)
{
	struct mq_msg *m = q->head;

	if (!m)
		return -EAGAIN;
	q->head = m->next;
	m->next = 0;
	q->curmsgs--;
	q->qsize -= m->len;
	*out = m;
	return 0;
}

int mq_notify_register(struct mqueue *q, int pid, int kind, int signo, uint64_t value)
{
	if (q->notify.pid)
		return -EBUSY;
	q->notify.pid = pid;
	q->notify.kind = kind;
	q->notify.signo = kind == SIGEV_SIGNAL ? signo : 0;
	q->notify.value = value;
	return 0;
}

void mq_notify_drop(struct mqueue *q, int pid)
{
	if (q->notify.pid == pid)
		memset(&q->notify, 0, sizeof(q->notify));
}

int mq_status_line(const struct mqueue *q, char *buf, size_t size)
{
	bool reg = q->notify.pid != 0;

	return ksnprintf(buf, size, "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
	    (unsigned long)q->qsize, reg ? q->notify.kind : 0,
	    reg && q->notify.kind == SIGEV_SIGNAL ? q->notify.signo : 0, q->notify.pid);
}

long mq_limit_get(const struct mq_ns *ns, enum mq_limit which)
{
	return ns->limits[which];
}

/* The bounds of Linux's ipc/mq_sysctl.c; queues_max takes any int. */
int mq_limit_set(struct mq_ns *ns, enum mq_limit which, long value)
{
	long lo = 0, hi = 0x7fffffff;

	switch (which) {
	case MQ_MSG_MAX:
	case MQ_MSG_DEFAULT:
		lo = MQ_MIN_MSGMAX;
		hi = MQ_HARD_MSGMAX;
		break;
	case MQ_MSGSIZE_MAX:
	case MQ_MSGSIZE_DEFAULT:
		lo = MQ_MIN_MSGSIZEMAX;
		hi = MQ_HARD_MSGSIZEMAX;
		break;
	case MQ_QUEUES_MAX:
		lo = -0x7fffffffL - 1;
		break;
	default:
		return -EINVAL;
	}
	if (value < lo || value > hi)
		return -EINVAL;
	ns->limits[which] = value;
	return 0;
}
