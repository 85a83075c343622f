/*
 * net/lwip/netif_eth.c - a network card (net/nic.h) as an lwIP Ethernet
 * interface.
 *
 * Sending: lwIP calls linkoutput in whatever thread holds the core lock;
 * a frame in one pbuf goes to the driver as it is, a chained one is copied
 * into the interface's bounce buffer first (one is enough: the core lock
 * serialises every linkoutput).  The driver copies the frame into its ring
 * before transmit returns, so neither buffer is kept.
 *
 * Receiving: the driver's receive thread calls rx with a whole frame; it
 * is copied into a PBUF_POOL pbuf and queued for the tcpip thread
 * (tcpip_input, which never blocks: with the queue full the frame is
 * dropped, as a full ring would drop it).  Link changes are queued the
 * same way (tcpip_callback), so the stack sees them in order with frames.
 */
#include "net/lwip/lwip.h"

#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/snmp.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"

#include "lib/kstring.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "net/ifaces.h"
#include "net/netlink.h"
#include "net/nic.h"
#include "sched/sched.h"

#include <linux/if.h>

/* How long linkoutput waits for room in a full transmit ring before it
   drops the frame (TCP sends it again). */
#define TX_FULL_WAIT_NS (2 * NSEC_PER_MSEC)

struct eth_port {
	struct netif netif;
	struct nic *nic;
	struct net_ip_config cfg;
	uint64_t rx_dropped;   /* no pbuf, or the tcpip queue was full */
	uint32_t shown_ipv4;   /* the address the console last heard of */
	uint8_t bounce[NIC_FRAME_MAX];
};

/* lwIP calls this (in the tcpip thread, core locked) when the interface
   goes up or down or its IPv4 address changes: one console line per new
   address, so a scenario's log shows the DHCP lease, and a netlink
   notification. */
static void eth_status_changed(struct netif *netif)
{
	struct eth_port *port = netif->state;
	uint32_t addr = ip4_addr_get_u32(netif_ip4_addr(netif));
	uint32_t mask = lwip_ntohl(ip4_addr_get_u32(netif_ip4_netmask(netif)));
	char a[IP4ADDR_STRLEN_MAX], gw[IP4ADDR_STRLEN_MAX];
	int prefix = 0;
	struct net_if_info ifi;

	if (addr == port->shown_ipv4)
		return;
	port->shown_ipv4 = addr;
	if (!addr)
		return;
	/* RTM_NEWADDR to RTNLGRP_IPV4_IFADDR (a lost lease's RTM_DELADDR is
	   not sent: the old address is gone from the interface by now). */
	net_lwip_if_info(netif, &ifi);
	netlink_notify_addr(&ifi, -1, false);
	while (prefix < 32 && (mask & (0x80000000u >> prefix)))
		prefix++;
	ip4addr_ntoa_r(netif_ip4_addr(netif), a, sizeof(a));
	ip4addr_ntoa_r(netif_ip4_gw(netif), gw, sizeof(gw));
	pr_info("net: %s: %s/%d, gateway %s (%s)\n", port->nic->name, a, prefix, gw,
		port->cfg.mode == NET_IP_DHCP ? "DHCP" : "static");
}

static err_t eth_linkoutput(struct netif *netif, struct pbuf *p)
{
	struct eth_port *port = netif->state;
	struct nic *nic = port->nic;
	const void *frame = p->payload;

	if (p->tot_len > NIC_FRAME_MAX) {
		LINK_STATS_INC(link.lenerr);
		return ERR_BUF;
	}
	if (p->len != p->tot_len) {
		pbuf_copy_partial(p, port->bounce, p->tot_len, 0);
		frame = port->bounce;
	}
	uint64_t give_up = 0;
	for (;;) {
		int r = nic->ops->transmit(nic, frame, p->tot_len);
		if (r == 0) {
			LINK_STATS_INC(link.xmit);
			return ERR_OK;
		}
		if (r != -ENOBUFS) {
			LINK_STATS_INC(link.err);
			return ERR_IF;
		}
		if (!give_up)
			give_up = clock_ns() + TX_FULL_WAIT_NS;
		else if (clock_ns() >= give_up)
			break;
		sched_yield();   /* let the driver reclaim its ring */
	}
	LINK_STATS_INC(link.drop);
	return ERR_MEM;
}

static void eth_rx(struct nic *nic, const void *frame, size_t len)
{
	struct eth_port *port = __atomic_load_n((struct eth_port **)&nic->stack_priv,
	                                        __ATOMIC_ACQUIRE);

	if (!port || len > 0xffff)
		return;
	struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
	if (!p) {
		port->rx_dropped++;
		return;
	}
	pbuf_take(p, frame, (u16_t)len);
	if (port->netif.input(p, &port->netif) != ERR_OK) {
		pbuf_free(p);
		port->rx_dropped++;
	}
}

/* In the tcpip thread, in order with the frames before it. */
static void eth_link_update(void *arg)
{
	struct eth_port *port = arg;

	struct net_if_info ifi;

	if (port->nic->link_up)
		netif_set_link_up(&port->netif);
	else
		netif_set_link_down(&port->netif);
	/* RTM_NEWLINK to RTNLGRP_LINK, as Linux on a carrier change.  The
	   snapshot is taken here, core locked, not by netlink's lookup,
	   which would take the lock again. */
	net_lwip_if_info(&port->netif, &ifi);
	netlink_notify_link_info(&ifi, false, IFF_RUNNING | IFF_LOWER_UP);
}

static void eth_link_changed(struct nic *nic)
{
	struct eth_port *port = __atomic_load_n((struct eth_port **)&nic->stack_priv,
	                                        __ATOMIC_ACQUIRE);
	if (port && tcpip_callback(eth_link_update, port) != ERR_OK)
		pr_warn("net: %s: link change lost (out of memory)\n", nic->name);
}

static err_t eth_netif_init(struct netif *netif)
{
	struct eth_port *port = netif->state;
	struct nic *nic = port->nic;

	/* lwIP names are two letters and its own number ("et1"); the Linux
	   name, eth0, is the card's (nic->name). */
	netif->name[0] = 'e';
	netif->name[1] = 't';
	netif_set_hostname(netif, "cub");
	netif->output = etharp_output;
	netif->output_ip6 = ethip6_output;
	netif->linkoutput = eth_linkoutput;
	netif->mtu = nic->mtu ? nic->mtu : 1500;
	netif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(netif->hwaddr, nic->mac, ETH_HWADDR_LEN);
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET |
	               NETIF_FLAG_IGMP | NETIF_FLAG_MLD6;
	MIB2_INIT_NETIF(netif, snmp_ifType_ethernet_csmacd, 0);
	return ERR_OK;
}

struct netif *net_eth_attach(struct nic *nic, const struct net_ip_config *cfg)
{
	struct eth_port *port = kzalloc(sizeof(*port));
	ip4_addr_t addr, mask, gw;

	if (!port)
		return 0;
	port->nic = nic;
	port->cfg.mode = NET_IP_DHCP;
	if (cfg)
		port->cfg = *cfg;
	ip4_addr_set_zero(&addr);
	ip4_addr_set_zero(&mask);
	ip4_addr_set_zero(&gw);
	if (port->cfg.mode == NET_IP_STATIC) {
		addr.addr = port->cfg.addr;
		mask.addr = port->cfg.netmask;
		gw.addr = port->cfg.gateway;
	}

	LOCK_TCPIP_CORE();
	if (!netif_add(&port->netif, &addr, &mask, &gw, port, eth_netif_init, tcpip_input)) {
		UNLOCK_TCPIP_CORE();
		kfree(port);
		return 0;
	}
	netif_set_status_callback(&port->netif, eth_status_changed);
	nic->link_changed = eth_link_changed;
	nic->rx = eth_rx;
	__atomic_store_n((struct eth_port **)&nic->stack_priv, port, __ATOMIC_RELEASE);
	netif_create_ip6_linklocal_address(&port->netif, 1);
	netif_set_ip6_autoconfig_enabled(&port->netif, 1);
	/* The first card carries traffic for other networks (lwIP routes
	   off-link destinations through the default interface only). */
	if (!netif_default)
		netif_set_default(&port->netif);
	netif_set_up(&port->netif);
	if (nic->link_up)
		netif_set_link_up(&port->netif);
	if (port->cfg.mode == NET_IP_DHCP && dhcp_start(&port->netif) != ERR_OK)
		pr_warn("net: %s: cannot start DHCP\n", nic->name);
	UNLOCK_TCPIP_CORE();
	return &port->netif;
}

struct nic *net_eth_nic_of(struct netif *netif)
{
	/* Ours are the interfaces that send through eth_linkoutput. */
	return netif->linkoutput == eth_linkoutput ? ((struct eth_port *)netif->state)->nic : 0;
}

static void signal_sem(void *arg)
{
	sys_sem_signal(arg);
}

/* Waits until the tcpip thread has done everything queued so far (its
   queue is FIFO). */
static void tcpip_barrier(void)
{
	sys_sem_t done;

	if (sys_sem_new(&done, 0) != ERR_OK)
		panic("net: cannot create a semaphore");
	if (tcpip_callback(signal_sem, &done) != ERR_OK)
		panic("net: cannot queue a tcpip barrier");
	sys_arch_sem_wait(&done, 0);
	sys_sem_free(&done);
}

void net_eth_detach(struct nic *nic)
{
	struct eth_port *port = nic->stack_priv;

	if (!port)
		return;
	/* First stop the card's input, then let the frames and link changes
	   already queued reach the interface while it is still whole: one
	   handled after the removal would put it back into the ARP or
	   neighbour tables, with a pointer to freed memory. */
	LOCK_TCPIP_CORE();
	nic->rx = 0;
	nic->link_changed = 0;
	__atomic_store_n((struct eth_port **)&nic->stack_priv, 0, __ATOMIC_RELEASE);
	UNLOCK_TCPIP_CORE();
	tcpip_barrier();

	/* netif_remove first drops the addresses (aborting their TCP
	   connections, whose resets may still go out and fill the ARP table),
	   then takes the interface down, which clears its ARP, neighbour and
	   multicast state: so no netif_set_down() before it. */
	LOCK_TCPIP_CORE();
	if (port->cfg.mode == NET_IP_DHCP)
		dhcp_release_and_stop(&port->netif);
	netif_remove(&port->netif);
	if (port->cfg.mode == NET_IP_DHCP)
		dhcp_cleanup(&port->netif);
	UNLOCK_TCPIP_CORE();
	kfree(port);
}

/* "dhcp", "off" or "A.B.C.D/PREFIX[,A.B.C.D]". */
int net_parse_ip_config(const char *s, struct net_ip_config *cfg)
{
	char buf[64];
	ip4_addr_t addr, gw;

	if (!strcmp(s, "dhcp")) {
		*cfg = (struct net_ip_config){ .mode = NET_IP_DHCP };
		return 0;
	}
	if (!strcmp(s, "off")) {
		*cfg = (struct net_ip_config){ .mode = NET_IP_OFF };
		return 0;
	}
	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, strlen(s) + 1);

	char *slash = strchr(buf, '/');
	if (!slash)
		return -EINVAL;
	*slash = 0;
	char *prefix = slash + 1, *comma = strchr(prefix, ',');
	if (comma)
		*comma = 0;
	if (!ip4addr_aton(buf, &addr) || !*prefix)
		return -EINVAL;
	int plen = 0;
	for (const char *p = prefix; *p; p++) {
		if (*p < '0' || *p > '9' || plen > 32)
			return -EINVAL;
		plen = plen * 10 + (*p - '0');
	}
	if (plen < 1 || plen > 32)
		return -EINVAL;
	ip4_addr_set_zero(&gw);
	if (comma && !ip4addr_aton(comma + 1, &gw))
		return -EINVAL;
	/* ip4addr_aton takes "1" or "1.2" too; insist on a dotted quad. */
	int dots = 0;
	for (const char *p = buf; *p; p++)
		dots += *p == '.';
	if (dots != 3)
		return -EINVAL;

	uint32_t mask = plen == 32 ? 0xffffffffu : ~(0xffffffffu >> plen);
	*cfg = (struct net_ip_config){
		.mode = NET_IP_STATIC,
		.addr = addr.addr,
		.netmask = lwip_htonl(mask),
		.gateway = gw.addr,
		.prefix = plen,
	};
	return 0;
}
