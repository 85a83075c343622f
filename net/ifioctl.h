/*
 * net/ifioctl.h - the SIOCGIF* (and refused SIOCSIF*) socket ioctls,
 * answered from an interface snapshot (net/ifaces.h) as Linux's
 * net/core/dev_ioctl.c and net/ipv4/devinet.c answer them.
 *
 * Portable: tests/unit/test_ifioctl.cc runs it on the host.  The socket
 * layer (ipc/socket.c, through net/ifioctl_sock.c's socket_ifioctl) copies
 * struct ifreq or struct ifconf in and out of user memory; this works on
 * kernel copies.
 */
#ifndef CUB_NET_IFIOCTL_H
#define CUB_NET_IFIOCTL_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/if.h>

#include "net/ifaces.h"

/* Whether cmd is one of the interface ioctls handled here. */
bool ifioctl_is_ifcmd(unsigned int cmd);

/*
 * One ifreq command on *ifr (a kernel copy, updated in place for a get).
 * inet: the socket is AF_INET; Linux answers the address commands
 * (SIOCGIFADDR, ...) only there (devinet_ioctl) and others get -ENOTTY.
 * net_admin: the caller may change interfaces (root in cub); without it
 * a set command is -EPERM; with it -EOPNOTSUPP, since cub cannot change
 * interfaces by ioctl yet.  Returns 0 or -errno.
 */
long ifioctl(unsigned int cmd, struct ifreq *ifr, bool inet, bool net_admin,
             const struct net_if_info *ifs, int n);

/*
 * SIOCGIFCONF (dev_ifconf, inet_gifconf): one struct ifreq per interface
 * with an IPv4 address (name, AF_INET address).  With out NULL, returns
 * the bytes all of them need; else fills out[0..len) with whole entries
 * and returns the bytes used.
 */
int ifioctl_conf(struct ifreq *out, int len, const struct net_if_info *ifs, int n);

#endif
