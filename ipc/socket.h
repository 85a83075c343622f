/*
 * socket.h - the socket layer: a socket behind an open file, and the
 * operations each address family provides.
 *
 * The syscalls (sys_socket.c) copy addresses and message headers in and
 * out of user memory, find the socket behind a descriptor (ENOTSOCK
 * otherwise) and call the family's operation; socket() and socketpair()
 * pick the family (AF_UNIX, AF_INET, AF_INET6, AF_NETLINK; others
 * EAFNOSUPPORT).
 * Reads and writes of the file are recvmsg and sendmsg of one buffer.
 */
#ifndef CUB_IPC_SOCKET_H
#define CUB_IPC_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc/socket_abi.h"

struct file;
struct iovec;
struct socket;

/* A message being sent or received, with the user pointers already
   checked where the kernel can check them. */
struct sock_msg {
	const struct iovec *iov; /* a kernel copy of the user's array */
	int iovcnt;
	size_t len;              /* the sum of the lengths */
	const void *name;        /* send: a kernel copy of the target, or NULL */
	size_t namelen;
	void *name_out;          /* recv: a kernel buffer for the sender's name */
	unsigned int name_outlen; /* recv: the name's length, 0 for none */
	void *control;           /* a user pointer */
	size_t controllen;       /* recv: what was used, on return */
	unsigned int flags_out;  /* recv: msg_flags */
};

struct socket_ops {
	int (*bind)(struct socket *s, const void *addr, size_t len);
	int (*connect)(struct socket *s, const void *addr, size_t len);
	int (*listen)(struct socket *s, int backlog);
	/* A new connected socket, with flags (SOCK_NONBLOCK) for its file. */
	int (*accept)(struct socket *s, struct socket **out);
	/* Fills addr (a sockaddr_storage) and returns its length or -errno. */
	int (*getname)(struct socket *s, void *addr, bool peer);
	long (*sendmsg)(struct socket *s, struct sock_msg *m, int flags);
	long (*recvmsg)(struct socket *s, struct sock_msg *m, int flags);
	int (*shutdown)(struct socket *s, int how);
	/* val and optlen are user pointers. */
	int (*setsockopt)(struct socket *s, int level, int name, const void *val, unsigned int len);
	int (*getsockopt)(struct socket *s, int level, int name, void *val, int *optlen);
	long (*ioctl)(struct socket *s, unsigned int cmd, uint64_t arg);
	unsigned int (*poll)(struct socket *s);
	/* The socket's poll head (core/fs/poll.h), woken when its readiness
	   changes; NULL (or no op): the global head, woken by poll_notify(). */
	struct poll_head *(*poll_head)(struct socket *s);
	/* The file is gone: the family drops the socket. */
	void (*release)(struct socket *s);
};

struct socket {
	const struct socket_ops *ops;
	struct file *file; /* NULL for a connection not yet accepted */
	int family, type, protocol;
	uint64_t ino;
};

/* Whether the socket's file is non-blocking. */
bool socket_nonblocking(const struct socket *s);

/*
 * One more sleep of a blocking socket call on wq (interrupts off):
 * -EAGAIN when the socket is nonblocking or the call passed
 * MSG_DONTWAIT (dontwait), -ERESTARTSYS with a signal pending, else
 * sleeps until woken and returns 0 to look again.
 */
struct waitq;
int socket_wait(const struct socket *s, struct waitq *wq, bool dontwait);

/* A cursor over a message's iovec array (a kernel copy of it, pointing at
   user memory), for families that copy through a kernel buffer. */
struct sock_iov {
	const struct iovec *iov;
	int cnt, i;
	size_t off;
};

/* Moves n bytes between kbuf and the user memory at the cursor (to_user:
   kbuf to the user), advancing it; -EFAULT past the end or on a bad
   pointer. */
int sock_iov_move(struct sock_iov *it, void *kbuf, size_t n, bool to_user);

/* getsockopt's answer: copies min(len, n) bytes of v to the user's uval
   and that length to *ulen; 0 or -EFAULT. */
int socket_put_opt(void *uval, int *ulen, int len, const void *v, int n);

/* Gives s a file (O_RDWR plus flags' O_NONBLOCK); NULL without memory. */
struct file *socket_file(struct socket *s, unsigned int flags);

/* The socket behind a file, or NULL when it is not one. */
struct socket *socket_of(struct file *f);

/* A unique inode number for a new socket, as sockfs hands them out. */
uint64_t socket_next_ino(void);

/* AF_UNIX (unix.c). */
int unix_create(int type, int protocol, struct socket **out);
int unix_socketpair(int type, int protocol, struct socket **a, struct socket **b);

/* AF_NETLINK, NETLINK_ROUTE (net/netlink.c). */
int netlink_create(int type, int protocol, struct socket **out);

/* The SIOC[GS]IF* interface ioctls, which Linux answers on a socket of
   any family (net/ifioctl_sock.c): false when cmd is not one, else true
   with the result in *ret. */
bool socket_ifioctl(struct socket *s, unsigned int cmd, uint64_t arg, long *ret);

/* AF_INET and AF_INET6 (net/inet/). */
int inet_create(int family, int type, int protocol, struct socket **out);
/* How many AF_INET/AF_INET6 sockets exist (the leak test). */
long inet_sockets_live(void);

#endif
