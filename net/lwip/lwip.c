/*
 * net/lwip/lwip.c - starting the stack: the tcpip thread, the loopback
 * interface, the cards found at boot; and lwIP's heap on kmalloc.
 */
#include "net/lwip/lwip.h"

#include "lwip/init.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"

#include "lib/cmdline.h"
#include "lib/format.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "net/nic.h"
#include "sched/sched.h"

/* lwIP's heap (mem_malloc: PBUF_RAM pbufs, the loopback queue) is the
   kernel heap; the count of live blocks is for the leak tests. */

static long heap_outstanding;

void *cub_lwip_malloc(unsigned long size)
{
	void *p = kmalloc(size);
	if (p)
		__atomic_add_fetch(&heap_outstanding, 1, __ATOMIC_RELAXED);
	return p;
}

void *cub_lwip_calloc(unsigned long n, unsigned long size)
{
	if (size && n > (unsigned long)-1 / size)
		return 0;
	void *p = kzalloc(n * size);
	if (p)
		__atomic_add_fetch(&heap_outstanding, 1, __ATOMIC_RELAXED);
	return p;
}

void cub_lwip_free(void *p)
{
	if (p)
		__atomic_sub_fetch(&heap_outstanding, 1, __ATOMIC_RELAXED);
	kfree(p);
}

long net_lwip_heap_outstanding(void)
{
	return __atomic_load_n(&heap_outstanding, __ATOMIC_RELAXED);
}

/* The card's "net.ethN=" setting; DHCP when absent or unreadable. */
static void card_config(const char *cmdline, const struct nic *nic, struct net_ip_config *cfg)
{
	char key[NIC_NAME_MAX + 8], value[64];

	cfg->mode = NET_IP_DHCP;
	ksnprintf(key, sizeof(key), "net.%s", nic->name);
	if (cmdline && cmdline_get(cmdline, key, value, sizeof(value)) &&
	    net_parse_ip_config(value, cfg) < 0)
		pr_warn("net: %s=%s: not dhcp, off or ADDR/PREFIX[,GATEWAY]; using DHCP\n",
		        key, value);
}

void net_stack_init(const char *cmdline)
{
	uint64_t t0 = clock_ns();

	/* lwip_init() runs here, in the boot thread; the tcpip thread starts
	   when the scheduler gets to it.  Nothing waits for it: until then
	   the core lock is free, and whoever takes it (attaching the cards
	   below) is the stack for that while. */
	tcpip_init(0, 0);
	net_lwip_ifaces_init();

	uint64_t us = (clock_ns() - t0) / NSEC_PER_USEC;
	pr_info("net: lwIP %d.%d.%d, lo 127.0.0.1/8 ::1 (%lu.%03lu ms)\n", LWIP_VERSION_MAJOR,
	        LWIP_VERSION_MINOR, LWIP_VERSION_REVISION, (unsigned long)(us / 1000),
	        (unsigned long)(us % 1000));

	for (int i = 0; i < nic_count(); i++) {
		struct nic *nic = nic_get(i);
		struct net_ip_config cfg;
		char mac[18];

		card_config(cmdline, nic, &cfg);
		nic_format_mac(nic->mac, mac);
		if (!net_eth_attach(nic, &cfg)) {
			pr_err("net: %s: out of memory\n", nic->name);
			continue;
		}
		if (cfg.mode == NET_IP_STATIC) {
			const uint8_t *a = (const uint8_t *)&cfg.addr;
			pr_info("net: %s %s %s, %u.%u.%u.%u/%d\n", nic->name, nic->model, mac,
			        a[0], a[1], a[2], a[3], cfg.prefix);
		} else {
			pr_info("net: %s %s %s, %s\n", nic->name, nic->model, mac,
			        cfg.mode == NET_IP_DHCP ? "DHCP" : "no IPv4");
		}
	}
}
