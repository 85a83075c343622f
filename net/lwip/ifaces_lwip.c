/*
 * net/lwip/ifaces_lwip.c - the interface snapshot (net/ifaces.h) read
 * from lwIP's interfaces at the time of the call: lo (lwIP's loopback
 * interface) and one Ethernet interface per card, with the addresses
 * lwIP has now (a DHCP lease, SLAAC), so netlink dumps and the SIOCGIF*
 * ioctls always tell the current state.
 *
 * Indexes are lwIP's (netif number + 1): the loopback interface is added
 * first, by lwip_init, so lo is 1 and eth0, eth1, ... follow, as on Linux.
 */
#include "net/ifaces.h"
#include "net/lwip/lwip.h"
#include "net/nic.h"

#include "lwip/netif.h"
#include "lwip/tcpip.h"

#include "lib/format.h"
#include "lib/kstring.h"

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>

/* Linux's loopback MTU; lwIP's loopback interface has none (0). */
#define LO_MTU 65536

static bool is_loopback(const struct netif *n)
{
	return n->name[0] == 'l' && n->name[1] == 'o';
}

static void fill_ipv6(struct net_if_info *ifi, struct netif *n)
{
	for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES && ifi->n_ipv6 < NET_IF_IPV6_MAX; i++) {
		u8_t state = netif_ip6_addr_state(n, i);
		if (ip6_addr_isinvalid(state))
			continue;
		const ip6_addr_t *a = netif_ip6_addr(n, i);
		struct net_if_ipv6 *v = &ifi->ipv6[ifi->n_ipv6++];
		memcpy(v->addr, a->addr, sizeof(v->addr));
		if (ip6_addr_isloopback(a)) {
			v->prefixlen = 128;
			v->scope = RT_SCOPE_HOST;
			v->flags = IFA_F_PERMANENT;
		} else {
			/* lwIP keeps no prefix length: its link-local and SLAAC
			   addresses are all /64. */
			v->prefixlen = 64;
			v->scope = ip6_addr_islinklocal(a) ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
			v->flags = ip6_addr_islinklocal(a) ? IFA_F_PERMANENT : 0;
		}
		if (ip6_addr_istentative(state))
			v->flags |= IFA_F_TENTATIVE;
	}
}

void net_lwip_if_info(struct netif *n, struct net_if_info *ifi)
{
	memset(ifi, 0, sizeof(*ifi));
	ifi->index = netif_get_index(n);
	struct nic *nic = net_eth_nic_of(n);
	if (is_loopback(n)) {
		memcpy(ifi->name, "lo", 3);
		ifi->type = ARPHRD_LOOPBACK;
		ifi->mtu = LO_MTU;
		ifi->flags = IFF_LOOPBACK;
	} else {
		ksnprintf(ifi->name, sizeof(ifi->name), "%s", nic ? nic->name : "net");
		ifi->type = ARPHRD_ETHER;
		ifi->mtu = n->mtu;
		memcpy(ifi->hwaddr, n->hwaddr, n->hwaddr_len < NET_HWADDR_MAX ? n->hwaddr_len : NET_HWADDR_MAX);
		memset(ifi->hwbroadcast, 0xff, NET_HWADDR_MAX);
		if (n->flags & NETIF_FLAG_BROADCAST)
			ifi->flags |= IFF_BROADCAST;
		if (n->flags & (NETIF_FLAG_IGMP | NETIF_FLAG_MLD6))
			ifi->flags |= IFF_MULTICAST;
	}
	if (netif_is_up(n)) {
		ifi->flags |= IFF_UP;
		if (netif_is_link_up(n) || is_loopback(n))
			ifi->flags |= IFF_RUNNING | IFF_LOWER_UP;
	}
	uint32_t addr = ip4_addr_get_u32(netif_ip4_addr(n));
	if (addr) {
		uint32_t mask = ip4_addr_get_u32(netif_ip4_netmask(n));
		ifi->has_ipv4 = true;
		ifi->ipv4 = addr;
		ifi->netmask = mask;
		if (ifi->flags & IFF_BROADCAST)
			ifi->broadcast = addr | ~mask;
	}
	fill_ipv6(ifi, n);
	if (nic) {
		ifi->rx_packets = nic->rx_packets;
		ifi->tx_packets = nic->tx_packets;
		ifi->rx_bytes = nic->rx_bytes;
		ifi->tx_bytes = nic->tx_bytes;
		ifi->rx_dropped = nic->rx_dropped;
		ifi->tx_dropped = nic->tx_dropped;
	}
}

static int lwip_ifaces(struct net_if_info *out, int max)
{
	struct netif *sorted[NET_IF_MAX];
	int n = 0;
	struct netif *it;

	LOCK_TCPIP_CORE();
	NETIF_FOREACH(it) {
		if (n == NET_IF_MAX)
			break;
		/* Insert by index: lwIP keeps its list newest first. */
		int j = n++;
		while (j > 0 && netif_get_index(sorted[j - 1]) > netif_get_index(it)) {
			sorted[j] = sorted[j - 1];
			j--;
		}
		sorted[j] = it;
	}
	int count = n < max ? n : max;
	for (int i = 0; i < count; i++)
		net_lwip_if_info(sorted[i], &out[i]);
	UNLOCK_TCPIP_CORE();
	return count;
}

void net_lwip_ifaces_init(void)
{
	net_ifaces_set_provider(lwip_ifaces);
}
