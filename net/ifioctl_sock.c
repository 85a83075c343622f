/*
 * net/ifioctl_sock.c - the interface ioctls on any socket: user copies
 * around net/ifioctl.c, as Linux's sock_ioctl and sock_do_ioctl route
 * them to dev_ioctl (and, for AF_INET sockets, devinet_ioctl).
 */
#include "cred/cred.h"
#include "ipc/socket.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "net/ifaces.h"
#include "net/ifioctl.h"
#include "proc/process.h"

#include <linux/errno.h>
#include <linux/sockios.h>

static long do_conf(struct ifconf *uconf, const struct net_if_info *ifs, int n)
{
	struct ifconf c;

	if (copy_from_user(&c, uconf, sizeof(c)))
		return -EFAULT;
	if (!c.ifc_buf) {
		c.ifc_len = ifioctl_conf(0, 0, ifs, n);
	} else {
		struct ifreq *k = kmalloc(sizeof(*k) * NET_IF_MAX);
		if (!k)
			return -ENOMEM;
		int len = c.ifc_len < (int)(sizeof(*k) * NET_IF_MAX) ? c.ifc_len
		                                                      : (int)(sizeof(*k) * NET_IF_MAX);
		c.ifc_len = ifioctl_conf(k, len, ifs, n);
		int r = c.ifc_len > 0 ? copy_to_user(c.ifc_buf, k, (size_t)c.ifc_len) : 0;
		kfree(k);
		if (r)
			return -EFAULT;
	}
	return copy_to_user(&uconf->ifc_len, &c.ifc_len, sizeof(c.ifc_len)) ? -EFAULT : 0;
}

/* Root may change interfaces (CAP_NET_ADMIN); a kernel thread too. */
static bool caller_admin(void)
{
	struct process *p = process_current();
	return !p || cred_is_root(p->cred);
}

bool socket_ifioctl(struct socket *s, unsigned int cmd, uint64_t arg, long *ret)
{
	if (!ifioctl_is_ifcmd(cmd))
		return false;
	struct net_if_info *ifs = kmalloc(sizeof(*ifs) * NET_IF_MAX);
	if (!ifs) {
		*ret = -ENOMEM;
		return true;
	}
	int n = net_ifaces_snapshot(ifs, NET_IF_MAX);
	void *uarg = (void *)(uintptr_t)arg;
	if (cmd == SIOCGIFCONF) {
		*ret = do_conf(uarg, ifs, n);
	} else {
		struct ifreq r;
		if (copy_from_user(&r, uarg, sizeof(r))) {
			*ret = -EFAULT;
		} else {
			*ret = ifioctl(cmd, &r, s->family == CUB_AF_INET,
			               caller_admin(), ifs, n);
			if (!*ret && copy_to_user(uarg, &r, sizeof(r)))
				*ret = -EFAULT;
		}
	}
	kfree(ifs);
	return true;
}
