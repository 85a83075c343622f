/*
 * socket_abi.h - the socket ABI values Debian's linux-libc-dev does not
 * export.
 *
 * Linux keeps the address families, socket types, MSG_* flags, SCM_*
 * types and struct user_msghdr, cmsghdr and ucred in kernel-internal
 * headers (include/linux/socket.h, include/linux/net.h); the UAPI gives
 * only SOL_SOCKET and the SO_* options (<asm/socket.h>), struct
 * sockaddr_un (<linux/un.h>) and the ioctls (<linux/sockios.h>).  So the
 * rest is spelled here once, with Linux's names behind a CUB_ prefix, and
 * tests/unit/test_socket_abi.cc checks every value and layout against
 * glibc's <sys/socket.h>.
 */
#ifndef CUB_IPC_SOCKET_ABI_H
#define CUB_IPC_SOCKET_ABI_H

#include <stddef.h>
#include <stdint.h>

#include <asm/socket.h>
#include <linux/fcntl.h>
#include <linux/un.h>

/* Address families (include/linux/socket.h). */
#define CUB_AF_UNSPEC 0
#define CUB_AF_UNIX 1
#define CUB_AF_INET 2
#define CUB_AF_INET6 10
#define CUB_AF_NETLINK 16

/* The socket level of the NETLINK_* options (include/linux/socket.h). */
#define CUB_SOL_NETLINK 270

/* Socket types (include/linux/net.h, enum sock_type). */
#define CUB_SOCK_STREAM 1
#define CUB_SOCK_DGRAM 2
#define CUB_SOCK_RAW 3
#define CUB_SOCK_SEQPACKET 5
#define CUB_SOCK_TYPE_MASK 0xf
/* The flags socket(2) takes in the type: O_NONBLOCK and O_CLOEXEC on x86. */
#define CUB_SOCK_NONBLOCK O_NONBLOCK
#define CUB_SOCK_CLOEXEC O_CLOEXEC

/* MSG_* flags (include/linux/socket.h). */
#define CUB_MSG_OOB 0x1
#define CUB_MSG_PEEK 0x2
#define CUB_MSG_CTRUNC 0x8
#define CUB_MSG_TRUNC 0x20
#define CUB_MSG_DONTWAIT 0x40
#define CUB_MSG_EOR 0x80
#define CUB_MSG_WAITALL 0x100
#define CUB_MSG_NOSIGNAL 0x4000
#define CUB_MSG_CMSG_CLOEXEC 0x40000000

/* Ancillary message types at SOL_SOCKET (include/linux/socket.h). */
#define CUB_SCM_RIGHTS 0x01
#define CUB_SCM_CREDENTIALS 0x02
/* The most descriptors one SCM_RIGHTS message may carry (include/net/scm.h). */
#define CUB_SCM_MAX_FD 253

/* shutdown(2)'s how (include/linux/net.h, SHUT_* of <sys/socket.h>). */
#define CUB_SHUT_RD 0
#define CUB_SHUT_WR 1
#define CUB_SHUT_RDWR 2

/* listen(2)'s ceiling: net.core.somaxconn's default. */
#define CUB_SOMAXCONN 4096

typedef uint16_t cub_sa_family_t;

/* struct user_msghdr (include/linux/socket.h), glibc's struct msghdr. */
struct cub_msghdr {
	void *msg_name;
	int msg_namelen;
	void *msg_iov; /* struct iovec * */
	size_t msg_iovlen;
	void *msg_control;
	size_t msg_controllen;
	unsigned int msg_flags;
};

/* struct cmsghdr (include/linux/socket.h); the data follows, aligned. */
struct cub_cmsghdr {
	size_t cmsg_len;
	int cmsg_level;
	int cmsg_type;
};

/* struct ucred (include/linux/socket.h): SCM_CREDENTIALS, SO_PEERCRED. */
struct cub_ucred {
	uint32_t pid;
	uint32_t uid;
	uint32_t gid;
};

/* struct linger (include/linux/socket.h): SO_LINGER. */
struct cub_linger {
	int l_onoff;
	int l_linger;
};

/* CMSG_ALIGN, CMSG_LEN and CMSG_SPACE as Linux computes them. */
#define CUB_CMSG_ALIGN(len) (((len) + sizeof(size_t) - 1) & ~(sizeof(size_t) - 1))
#define CUB_CMSG_HDRLEN CUB_CMSG_ALIGN(sizeof(struct cub_cmsghdr))
#define CUB_CMSG_LEN(len) (CUB_CMSG_HDRLEN + (len))
#define CUB_CMSG_SPACE(len) (CUB_CMSG_HDRLEN + CUB_CMSG_ALIGN(len))

#endif
