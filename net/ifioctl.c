/*
 * net/ifioctl.c - SIOCGIF* from an interface snapshot (see ifioctl.h).
 */
#include "net/ifioctl.h"

#include "ipc/socket_abi.h"
#include "lib/kstring.h"
#include "net/rtnl.h"

#include <linux/errno.h>
#include <linux/in.h>
#include <linux/sockios.h>

/* struct sockaddr (glibc's on the host, build/uapi/sys/socket.h's in the
   kernel) is as big as <linux/in.h>'s padded sockaddr_in, as in Linux. */
_Static_assert(sizeof(struct sockaddr) == sizeof(struct sockaddr_in), "struct sockaddr size");
_Static_assert(offsetof(struct sockaddr, sa_data) == sizeof(unsigned short), "sa_data offset");

/* The address commands write a struct sockaddr_in over ifr_addr. */
_Static_assert(sizeof(struct sockaddr_in) <= sizeof(((struct ifreq *)0)->ifr_addr),
               "sockaddr_in fits in ifr_addr");

bool ifioctl_is_ifcmd(unsigned int cmd)
{
	switch (cmd) {
	case SIOCGIFCONF: case SIOCGIFNAME: case SIOCSIFNAME:
	case SIOCGIFFLAGS: case SIOCSIFFLAGS:
	case SIOCGIFADDR: case SIOCSIFADDR:
	case SIOCGIFDSTADDR: case SIOCSIFDSTADDR:
	case SIOCGIFBRDADDR: case SIOCSIFBRDADDR:
	case SIOCGIFNETMASK: case SIOCSIFNETMASK:
	case SIOCGIFMETRIC: case SIOCSIFMETRIC:
	case SIOCGIFMTU: case SIOCSIFMTU:
	case SIOCGIFHWADDR: case SIOCSIFHWADDR:
	case SIOCGIFINDEX:
	case SIOCGIFTXQLEN: case SIOCSIFTXQLEN:
		return true;
	}
	return false;
}

static const struct net_if_info *by_name(const char *name, const struct net_if_info *ifs, int n)
{
	for (int i = 0; i < n; i++)
		if (!strncmp(ifs[i].name, name, IFNAMSIZ))
			return &ifs[i];
	return 0;
}

static void put_in(struct sockaddr *sa, uint32_t addr_be)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = CUB_AF_INET;
	sin.sin_addr.s_addr = addr_be;
	memcpy(sa, &sin, sizeof(sin));
}

static bool is_set(unsigned int cmd)
{
	switch (cmd) {
	case SIOCSIFNAME: case SIOCSIFFLAGS: case SIOCSIFADDR: case SIOCSIFDSTADDR:
	case SIOCSIFBRDADDR: case SIOCSIFNETMASK: case SIOCSIFMETRIC: case SIOCSIFMTU:
	case SIOCSIFHWADDR: case SIOCSIFTXQLEN:
		return true;
	}
	return false;
}

static bool is_inet_only(unsigned int cmd)
{
	switch (cmd) {
	case SIOCGIFADDR: case SIOCSIFADDR: case SIOCGIFDSTADDR: case SIOCSIFDSTADDR:
	case SIOCGIFBRDADDR: case SIOCSIFBRDADDR: case SIOCGIFNETMASK: case SIOCSIFNETMASK:
		return true;
	}
	return false;
}

long ifioctl(unsigned int cmd, struct ifreq *ifr, bool inet, bool net_admin,
             const struct net_if_info *ifs, int n)
{
	if (!ifioctl_is_ifcmd(cmd) || cmd == SIOCGIFCONF)
		return -ENOTTY;
	if (is_inet_only(cmd) && !inet)
		return -ENOTTY; /* dev_ioctl has no case for them */
	if (cmd == SIOCGIFNAME) { /* dev_ifname */
		for (int i = 0; i < n; i++)
			if (ifs[i].index == ifr->ifr_ifindex) {
				memset(ifr->ifr_name, 0, IFNAMSIZ);
				memcpy(ifr->ifr_name, ifs[i].name, strnlen(ifs[i].name, IFNAMSIZ - 1));
				return 0;
			}
		return -ENODEV;
	}
	ifr->ifr_name[IFNAMSIZ - 1] = 0;
	/* The capability check comes before the lookup, as in Linux. */
	if (is_set(cmd) && !net_admin)
		return -EPERM;
	/* devinet_ioctl looks at "eth0" for the alias "eth0:1". */
	char name[IFNAMSIZ];
	memcpy(name, ifr->ifr_name, IFNAMSIZ);
	if (is_inet_only(cmd)) {
		char *colon = strchr(name, ':');
		if (colon)
			*colon = 0;
	}
	const struct net_if_info *ifi = by_name(name, ifs, n);
	if (!ifi)
		return -ENODEV;
	if (is_set(cmd))
		return -EOPNOTSUPP;
	if (is_inet_only(cmd) && (!ifi->has_ipv4 || strchr(ifr->ifr_name, ':')))
		return -EADDRNOTAVAIL; /* no such address (cub has no aliases) */
	switch (cmd) {
	case SIOCGIFFLAGS:
		ifr->ifr_flags = (short)ifi->flags;
		return 0;
	case SIOCGIFMETRIC:
		ifr->ifr_metric = 0;
		return 0;
	case SIOCGIFMTU:
		ifr->ifr_mtu = (int)ifi->mtu;
		return 0;
	case SIOCGIFHWADDR:
		memset(&ifr->ifr_hwaddr, 0, sizeof(ifr->ifr_hwaddr));
		ifr->ifr_hwaddr.sa_family = ifi->type;
		memcpy(ifr->ifr_hwaddr.sa_data, ifi->hwaddr, NET_HWADDR_MAX);
		return 0;
	case SIOCGIFINDEX:
		ifr->ifr_ifindex = ifi->index;
		return 0;
	case SIOCGIFTXQLEN:
		ifr->ifr_qlen = RTNL_TXQLEN; /* as IFLA_TXQLEN says */
		return 0;
	case SIOCGIFADDR:
		put_in(&ifr->ifr_addr, ifi->ipv4);
		return 0;
	case SIOCGIFDSTADDR: /* ifa_address: the local address without a peer */
		put_in(&ifr->ifr_dstaddr, ifi->ipv4);
		return 0;
	case SIOCGIFBRDADDR:
		put_in(&ifr->ifr_broadaddr, ifi->broadcast);
		return 0;
	case SIOCGIFNETMASK:
		put_in(&ifr->ifr_netmask, ifi->netmask);
		return 0;
	}
	return -ENOTTY;
}

int ifioctl_conf(struct ifreq *out, int len, const struct net_if_info *ifs, int n)
{
	int done = 0;

	for (int i = 0; i < n; i++) {
		if (!ifs[i].has_ipv4)
			continue;
		if (!out) {
			done += (int)sizeof(struct ifreq);
			continue;
		}
		if (len - done < (int)sizeof(struct ifreq))
			break;
		struct ifreq *r = &out[done / (int)sizeof(struct ifreq)];
		memset(r, 0, sizeof(*r));
		memcpy(r->ifr_name, ifs[i].name, strnlen(ifs[i].name, IFNAMSIZ - 1));
		put_in(&r->ifr_addr, ifs[i].ipv4);
		done += (int)sizeof(struct ifreq);
	}
	return done;
}
