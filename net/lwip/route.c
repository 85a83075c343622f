/* net/lwip/route.c - IPv4 interface choice (arch/cub_hooks.h). */
#include "arch/cub_hooks.h"

#include "lwip/netif.h"

struct netif *cub_ip4_route_src(const ip4_addr_t *src, const ip4_addr_t *dest)
{
	struct netif *best = NULL, *n;

	(void)src;
	NETIF_FOREACH(n) {
		if (!netif_is_up(n) || !netif_is_link_up(n) || ip4_addr_isany_val(*netif_ip4_addr(n)))
			continue;
		if (!ip4_addr_netcmp(dest, netif_ip4_addr(n), netif_ip4_netmask(n)))
			continue;
		if (!best || netif_get_index(n) < netif_get_index(best))
			best = n;
	}
	return best;
}
