/*
 * unix.h - AF_UNIX sockets inside ipc/: the socket and what its files
 * (unix.c: names and connections; unix_io.c: sending and receiving;
 * unix_opt.c: options, ioctls and poll) share.
 *
 * One CPU: the state is protected by disabling interrupts (irq_save),
 * and every waiter sleeps on the waitq of the socket whose state it
 * waits for: a reader and a blocked writer on the receiver's, accept and
 * a connect into a full backlog on the listener's.
 */
#ifndef CUB_IPC_UNIX_H
#define CUB_IPC_UNIX_H

#include "ipc/socket.h"
#include "ipc/unix_addr.h"
#include "ipc/unix_msg.h"
#include "sched/sched.h"

struct cred;
struct inode;

enum unix_state { UNIX_UNCONNECTED, UNIX_LISTENING, UNIX_CONNECTED };

/* sk_shutdown's bits. */
#define UNIX_RCV_SHUTDOWN 1
#define UNIX_SEND_SHUTDOWN 2
#define UNIX_SHUTDOWN_MASK 3

/* Linux's defaults and floors (net.core.wmem_default and wmem_max are
   212992; SOCK_MIN_SNDBUF and SOCK_MIN_RCVBUF are 2 * (2048 + the size
   of an sk_buff) and half that on x86-64; net.unix.max_dgram_qlen 10). */
#define UNIX_BUF_DEFAULT 212992
#define UNIX_BUF_MAX 212992
#define UNIX_MIN_SNDBUF 4608
#define UNIX_MIN_RCVBUF 2304
#define UNIX_MAX_DGRAM_QLEN 10

struct unix_sock {
	struct socket sock; /* first: a struct socket * is a struct unix_sock * */
	int refs;           /* the file, a peer's link, a listener's queue */
	enum unix_state state;
	struct unix_sock *peer;     /* a reference */
	struct unix_addr *addr;     /* the bound name, or NULL */
	struct inode *inode;        /* a bound path's inode (a reference) */
	struct unix_sock *abs_next; /* the abstract names' list */
	struct unix_queue rq;
	/* A listener's connections waiting for accept (each a reference). */
	struct unix_sock *acc_head, *acc_tail, *acc_next;
	int acc_count, backlog;
	unsigned int shutdown;
	bool dead, passcred, embryo;
	int err;                    /* SO_ERROR */
	int sndbuf, rcvbuf;
	/* SO_PEERCRED and SO_PEERGROUPS: who the peer was at connect time. */
	uint32_t peer_pid;
	const struct cred *peer_cred;
	struct waitq wait;
};

static inline struct unix_sock *unix_sk(struct socket *s)
{
	return (struct unix_sock *)s;
}

static inline bool unix_connection_based(const struct unix_sock *u)
{
	return u->sock.type != CUB_SOCK_DGRAM;
}

void unix_sock_get(struct unix_sock *u);
void unix_sock_put(struct unix_sock *u);

/* Something changed on u: wake its waiters and the pollers. */
void unix_wake(struct unix_sock *u);

/* Gives u an autobind name (Linux's unix_autobind); 0 or -errno. */
int unix_autobind(struct unix_sock *u);

/* The socket a name leads to, for a sender or connector of type: a
   reference, or NULL with *err (ENOENT, EACCES, ECONNREFUSED,
   EPROTOTYPE for a path of the wrong type). */
struct unix_sock *unix_find(const struct unix_addr *a, int type, int *err);

/* unix_io.c */
long unix_sendmsg(struct socket *s, struct sock_msg *m, int flags);
long unix_recvmsg(struct socket *s, struct sock_msg *m, int flags);

/* unix_opt.c */
int unix_setsockopt(struct socket *s, int level, int name, const void *val, unsigned int len);
int unix_getsockopt(struct socket *s, int level, int name, void *val, int *optlen);
long unix_ioctl(struct socket *s, unsigned int cmd, uint64_t arg);
unsigned int unix_poll(struct socket *s);

#endif
