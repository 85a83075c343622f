/*
 * sys_socket.c - the socket syscalls: argument copies and checks, then
 * the family's operation (socket.h).
 */
#include "fs/fd.h"
#include "ipc/socket.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "sys/syscall.h"

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/socket.h>
#include <linux/uio.h>

/* The address buffer every call copies into: Linux's sockaddr_storage. */
#define ADDR_MAX ((int)sizeof(struct __kernel_sockaddr_storage))

/* The socket behind fd: -EBADF without a file, -ENOTSOCK for another. */
static struct socket *sock_fd(int fd, int *err)
{
	struct file *f = fd_get(process_current()->fds, fd);
	struct socket *s = socket_of(f);

	*err = !f ? -EBADF : !s ? -ENOTSOCK : 0;
	return s;
}

/* Linux's move_addr_to_kernel. */
static int addr_from_user(const void *uaddr, int len, void *kaddr)
{
	if (len < 0 || len > ADDR_MAX)
		return -EINVAL;
	if (len && copy_from_user(kaddr, uaddr, (size_t)len))
		return -EFAULT;
	return 0;
}

/* Linux's move_addr_to_user: at most *ulen bytes, then the full length. */
static int addr_to_user(const void *kaddr, int klen, void *uaddr, int *ulen)
{
	int len;

	if (copy_from_user(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len > klen)
		len = klen;
	if (len && copy_to_user(uaddr, kaddr, (size_t)len))
		return -EFAULT;
	return copy_to_user(ulen, &klen, sizeof(klen)) ? -EFAULT : 0;
}

/* Installs a new socket's file; the descriptor or -errno. */
static int sock_install(struct socket *s, int flags)
{
	struct file *f = socket_file(s, (unsigned)flags);

	if (!f) {
		s->ops->release(s);
		return -ENOMEM;
	}
	int fd = fd_install(process_current()->fds, f, 0, (flags & CUB_SOCK_CLOEXEC) != 0);
	if (fd < 0)
		file_put(f);
	return fd;
}

static int sock_create(int family, int type, int protocol, struct socket **out)
{
	if (family < 0 || family >= 46 /* AF_MAX */)
		return -EAFNOSUPPORT;
	if (family == CUB_AF_NETLINK)
		return netlink_create(type, protocol, out);
	if (family == CUB_AF_INET || family == CUB_AF_INET6)
		return inet_create(family, type, protocol, out);
	if (family != CUB_AF_UNIX)
		return -EAFNOSUPPORT;
	return unix_create(type, protocol, out);
}

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	int flags = type & ~CUB_SOCK_TYPE_MASK;
	struct socket *s;

	if (flags & ~(CUB_SOCK_CLOEXEC | CUB_SOCK_NONBLOCK))
		return -EINVAL;
	int r = sock_create(family, type & CUB_SOCK_TYPE_MASK, protocol, &s);
	return r ? r : sock_install(s, flags);
}

SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol, int *, usv)
{
	int flags = type & ~CUB_SOCK_TYPE_MASK;
	struct socket *a, *b;
	struct fd_table *t = process_current()->fds;

	if (flags & ~(CUB_SOCK_CLOEXEC | CUB_SOCK_NONBLOCK))
		return -EINVAL;
	if (family != CUB_AF_UNIX)
		return -EAFNOSUPPORT;
	int r = unix_socketpair(type & CUB_SOCK_TYPE_MASK, protocol, &a, &b);
	if (r)
		return r;
	int fds[2];
	fds[0] = sock_install(a, flags);
	if (fds[0] < 0) {
		b->ops->release(b);
		return fds[0];
	}
	fds[1] = sock_install(b, flags);
	if (fds[1] < 0) {
		fd_close(t, fds[0]);
		return fds[1];
	}
	if (copy_to_user(usv, fds, sizeof(fds))) {
		fd_close(t, fds[0]);
		fd_close(t, fds[1]);
		return -EFAULT;
	}
	return 0;
}

/* bind and connect: a socket descriptor and an address to hand over. */
static long with_addr(int fd, const void *uaddr, int len, bool connect)
{
	uint8_t addr[ADDR_MAX];
	int r;
	struct socket *s = sock_fd(fd, &r);

	if (!r)
		r = addr_from_user(uaddr, len, addr);
	if (r)
		return r;
	return connect ? s->ops->connect(s, addr, (size_t)len) : s->ops->bind(s, addr, (size_t)len);
}

SYSCALL_DEFINE3(bind, int, fd, const void *, uaddr, int, len)
{
	return with_addr(fd, uaddr, len, false);
}

SYSCALL_DEFINE3(connect, int, fd, const void *, uaddr, int, len)
{
	return with_addr(fd, uaddr, len, true);
}

SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	int r;
	struct socket *s = sock_fd(fd, &r);

	if (r)
		return r;
	/* Linux clamps to net.core.somaxconn, negative values included. */
	if ((unsigned)backlog > CUB_SOMAXCONN)
		backlog = CUB_SOMAXCONN;
	return s->ops->listen(s, backlog);
}

static long do_accept4(int fd, void *uaddr, int *ulen, int flags)
{
	int r;
	struct socket *s = sock_fd(fd, &r), *n;

	if (r)
		return r;
	if (flags & ~(CUB_SOCK_CLOEXEC | CUB_SOCK_NONBLOCK))
		return -EINVAL;
	r = s->ops->accept(s, &n);
	if (r)
		return r;
	int nfd = sock_install(n, flags);
	if (nfd < 0 || !uaddr)
		return nfd;
	uint8_t addr[ADDR_MAX];
	int alen = n->ops->getname(n, addr, true);
	if (alen >= 0 && (r = addr_to_user(addr, alen, uaddr, ulen))) {
		fd_close(process_current()->fds, nfd);
		return r;
	}
	return nfd;
}

SYSCALL_DEFINE4(accept4, int, fd, void *, uaddr, int *, ulen, int, flags)
{
	return do_accept4(fd, uaddr, ulen, flags);
}

SYSCALL_DEFINE3(accept, int, fd, void *, uaddr, int *, ulen)
{
	return do_accept4(fd, uaddr, ulen, 0);
}

static long do_getname(int fd, void *uaddr, int *ulen, bool peer)
{
	uint8_t addr[ADDR_MAX];
	int r;
	struct socket *s = sock_fd(fd, &r);

	if (r)
		return r;
	int len = s->ops->getname(s, addr, peer);
	return len < 0 ? len : addr_to_user(addr, len, uaddr, ulen);
}

SYSCALL_DEFINE3(getsockname, int, fd, void *, uaddr, int *, ulen)
{
	return do_getname(fd, uaddr, ulen, false);
}

SYSCALL_DEFINE3(getpeername, int, fd, void *, uaddr, int *, ulen)
{
	return do_getname(fd, uaddr, ulen, true);
}

SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	int r;
	struct socket *s = sock_fd(fd, &r);

	if (r)
		return r;
	if (how < CUB_SHUT_RD || how > CUB_SHUT_RDWR)
		return -EINVAL;
	return s->ops->shutdown(s, how);
}

/* Copies and checks the iovec array: EMSGSIZE past UIO_MAXIOV, EINVAL
   for a length that is negative as ssize_t.  *kiov is kmalloc'ed. */
static int iov_from_user(const struct iovec *uiov, size_t cnt, struct iovec **kiov, size_t *total)
{
	if (cnt > UIO_MAXIOV)
		return -EMSGSIZE;
	*total = 0;
	*kiov = kmalloc(cnt ? cnt * sizeof(struct iovec) : 1);
	if (!*kiov)
		return -ENOMEM;
	if (cnt && copy_from_user(*kiov, uiov, cnt * sizeof(struct iovec))) {
		kfree(*kiov);
		return -EFAULT;
	}
	for (size_t i = 0; i < cnt; i++) {
		size_t l = (*kiov)[i].iov_len;
		if ((long)l < 0 || *total + l > (size_t)INT32_MAX) {
			kfree(*kiov);
			return -EINVAL;
		}
		*total += l;
	}
	return 0;
}

static long do_sendmsg(struct socket *s, struct cub_msghdr *h, int flags)
{
	uint8_t addr[ADDR_MAX];
	struct sock_msg m;
	struct iovec *kiov;
	int r;

	memset(&m, 0, sizeof(m));
	if (h->msg_name && h->msg_namelen) {
		r = addr_from_user(h->msg_name, h->msg_namelen, addr);
		if (r)
			return r;
		m.name = addr;
		m.namelen = (size_t)h->msg_namelen;
	}
	r = iov_from_user(h->msg_iov, h->msg_iovlen, &kiov, &m.len);
	if (r)
		return r;
	m.iov = kiov;
	m.iovcnt = (int)h->msg_iovlen;
	m.control = h->msg_control;
	m.controllen = h->msg_controllen;
	long n = s->ops->sendmsg(s, &m, flags);
	kfree(kiov);
	return n;
}

/* recvmsg's work; writes back the name, its length, the control length
   and the flags into h (a kernel copy the caller copies back). */
static long do_recvmsg(struct socket *s, struct cub_msghdr *h, int flags)
{
	uint8_t addr[ADDR_MAX];
	struct sock_msg m;
	struct iovec *kiov;

	memset(&m, 0, sizeof(m));
	int r = iov_from_user(h->msg_iov, h->msg_iovlen, &kiov, &m.len);
	if (r)
		return r;
	m.iov = kiov;
	m.iovcnt = (int)h->msg_iovlen;
	m.name_out = addr;
	m.control = h->msg_control;
	m.controllen = h->msg_controllen;
	long n = s->ops->recvmsg(s, &m, flags);
	kfree(kiov);
	if (n < 0)
		return n;
	if (h->msg_name) {
		int len = h->msg_namelen < 0 ? 0 : h->msg_namelen;
		if (len > (int)m.name_outlen)
			len = (int)m.name_outlen;
		if (len && copy_to_user(h->msg_name, addr, (size_t)len))
			return -EFAULT;
		h->msg_namelen = (int)m.name_outlen;
	} else {
		h->msg_namelen = 0;
	}
	h->msg_controllen = m.controllen;
	h->msg_flags = m.flags_out;
	return n;
}

SYSCALL_DEFINE3(sendmsg, int, fd, const struct cub_msghdr *, umsg, int, flags)
{
	struct cub_msghdr h;
	int r;
	struct socket *s = sock_fd(fd, &r);

	if (r)
		return r;
	if (copy_from_user(&h, umsg, sizeof(h)))
		return -EFAULT;
	return do_sendmsg(s, &h, flags);
}

SYSCALL_DEFINE3(recvmsg, int, fd, struct cub_msghdr *, umsg, int, flags)
{
	struct cub_msghdr h;
	int r;
	struct socket *s = sock_fd(fd, &r);

	if (r)
		return r;
	if (copy_from_user(&h, umsg, sizeof(h)))
		return -EFAULT;
	long n = do_recvmsg(s, &h, flags);
	if (n < 0)
		return n;
	/* Linux writes back the name length, control length and flags. */
	if (copy_to_user(&umsg->msg_namelen, &h.msg_namelen, sizeof(h.msg_namelen)) ||
	    copy_to_user(&umsg->msg_controllen, &h.msg_controllen, sizeof(h.msg_controllen)) ||
	    copy_to_user(&umsg->msg_flags, &h.msg_flags, sizeof(h.msg_flags)))
		return -EFAULT;
	return n;
}

SYSCALL_DEFINE6(sendto, int, fd, const void *, buf, size_t, len, int, flags, const void *, uaddr,
                int, alen)
{
	struct iovec iov = {(void *)buf, len};
	int r;
	struct socket *s = sock_fd(fd, &r);

	if (r)
		return r;
	uint8_t addr[ADDR_MAX];
	struct sock_msg m;
	memset(&m, 0, sizeof(m));
	if (uaddr && alen) {
		r = addr_from_user(uaddr, alen, addr);
		if (r)
			return r;
		m.name = addr;
		m.namelen = (size_t)alen;
	}
	if (len > (size_t)INT32_MAX)
		iov.iov_len = len = INT32_MAX;
	m.iov = &iov;
	m.iovcnt = 1;
	m.len = len;
	return s->ops->sendmsg(s, &m, flags);
}

SYSCALL_DEFINE6(recvfrom, int, fd, void *, buf, size_t, len, int, flags, void *, uaddr, int *,
                ulen)
{
	struct iovec iov = {buf, len > (size_t)INT32_MAX ? (size_t)INT32_MAX : len};
	uint8_t addr[ADDR_MAX];
	struct sock_msg m;
	int r;
	struct socket *s = sock_fd(fd, &r);

	if (r)
		return r;
	memset(&m, 0, sizeof(m));
	m.iov = &iov;
	m.iovcnt = 1;
	m.len = iov.iov_len;
	m.name_out = addr;
	long n = s->ops->recvmsg(s, &m, flags);
	if (n >= 0 && uaddr && ulen) {
		r = addr_to_user(addr, (int)m.name_outlen, uaddr, ulen);
		if (r)
			return r;
	}
	return n;
}

SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, name, const void *, val, int, len)
{
	int r;
	struct socket *s = sock_fd(fd, &r);

	if (r)
		return r;
	if (len < 0)
		return -EINVAL;
	return s->ops->setsockopt(s, level, name, val, (unsigned)len);
}

SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, name, void *, val, int *, ulen)
{
	int r;
	struct socket *s = sock_fd(fd, &r);

	if (r)
		return r;
	return s->ops->getsockopt(s, level, name, val, ulen);
}
