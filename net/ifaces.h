/*
 * net/ifaces.h - a snapshot of the network interfaces, as the stack has
 * them at the time of the call.
 *
 * Interface enumeration (NETLINK_ROUTE's RTM_GETLINK and RTM_GETADDR, the
 * SIOCGIF* ioctls) reads this, never a table of its own, so a DHCP lease,
 * a link going down or a new card shows in the next enumeration.  The
 * stack (net/lwip/) provides it with net_ifaces_set_provider(); without a
 * stack there are no interfaces.  Values are in Linux's terms: IFF_*
 * flags, ARPHRD_* types, RT_SCOPE_* scopes, IFA_F_* flags, and IPv4
 * addresses in network byte order.
 */
#ifndef CUB_NET_IFACES_H
#define CUB_NET_IFACES_H

#include <stdbool.h>
#include <stdint.h>

#define NET_IFNAMSIZ 16          /* IFNAMSIZ, with the NUL */
#define NET_IF_MAX 8
#define NET_IF_IPV6_MAX 4
#define NET_HWADDR_MAX 6

struct net_if_ipv6 {
	uint8_t addr[16];
	uint8_t prefixlen;
	uint8_t scope;               /* RT_SCOPE_HOST, _LINK or _UNIVERSE */
	uint32_t flags;              /* IFA_F_PERMANENT, IFA_F_TENTATIVE, ... */
};

struct net_if_info {
	char name[NET_IFNAMSIZ];
	int index;                   /* 1 is lo */
	unsigned int flags;          /* IFF_UP, IFF_RUNNING, IFF_LOOPBACK, ... */
	unsigned int mtu;
	unsigned short type;         /* ARPHRD_LOOPBACK, ARPHRD_ETHER */
	uint8_t hwaddr[NET_HWADDR_MAX];      /* all zero for lo, as Linux */
	uint8_t hwbroadcast[NET_HWADDR_MAX]; /* ff:ff:.. for Ethernet */
	bool has_ipv4;
	uint32_t ipv4, netmask, broadcast;   /* network byte order */
	int n_ipv6;
	struct net_if_ipv6 ipv6[NET_IF_IPV6_MAX];
	uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes, rx_dropped, tx_dropped;
};

/* Fills out[0..max) in index order and returns how many there are (at
   most max). */
typedef int (*net_ifaces_fn)(struct net_if_info *out, int max);

/* Returns the provider it replaces (tests put it back). */
net_ifaces_fn net_ifaces_set_provider(net_ifaces_fn fn);

/* The current interfaces; 0 when no stack has registered. */
int net_ifaces_snapshot(struct net_if_info *out, int max);

#endif
