/*
 * net/lwip/lwip.h - the kernel's network stack: lwIP on cub.
 *
 * net_stack_init() starts lwIP's tcpip thread, brings up the loopback
 * interface (127.0.0.1/8, ::1) and attaches every card already registered
 * in net/nic.h as an Ethernet interface.  This header needs none of
 * lwIP's: addresses are IPv4 in network byte order.
 */
#ifndef CUB_NET_LWIP_LWIP_H
#define CUB_NET_LWIP_LWIP_H

#include <stdbool.h>
#include <stdint.h>

struct nic;
struct netif;

/* How an interface gets its IPv4 address ("net.eth0=" on the command
   line).  IPv6 always gets a link-local address and SLAAC. */
enum net_ip_mode {
	NET_IP_DHCP,       /* "dhcp", the default */
	NET_IP_STATIC,     /* "10.0.2.15/24" or "10.0.2.15/24,10.0.2.2" */
	NET_IP_OFF,        /* "off": no IPv4 address */
};

struct net_ip_config {
	enum net_ip_mode mode;
	uint32_t addr, netmask, gateway;   /* network byte order; 0 = none */
	int prefix;
};

/* Starts the stack; cmdline holds the per-card "net.ethN=" settings. */
void net_stack_init(const char *cmdline);

/* Parses a "net.ethN=" value: 0, or -EINVAL (cfg unchanged). */
int net_parse_ip_config(const char *s, struct net_ip_config *cfg);

/*
 * Makes nic an lwIP Ethernet interface configured by cfg (DHCP when
 * NULL) and starts it: the stack sets nic->rx and nic->link_changed.
 * Returns the interface, or NULL when out of memory.
 */
struct netif *net_eth_attach(struct nic *nic, const struct net_ip_config *cfg);

/* Takes the interface down and away again (for the kernel tests: cards
   are never unplugged). */
void net_eth_detach(struct nic *nic);

/* The card behind one of net_eth_attach's interfaces; NULL for another
   interface (lo).  Core lock held. */
struct nic *net_eth_nic_of(struct netif *netif);

/* One interface as net/ifaces.h describes it.  Core lock held. */
struct net_if_info;
void net_lwip_if_info(struct netif *netif, struct net_if_info *ifi);

/* Makes lwIP's interfaces the interface snapshot (net/ifaces.h). */
void net_lwip_ifaces_init(void);

/* Allocations lwIP holds from the kernel heap now (tests look for
   leaks with it). */
long net_lwip_heap_outstanding(void);

#endif
