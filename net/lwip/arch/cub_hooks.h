/*
 * net/lwip/arch/cub_hooks.h - the lwIP hooks cub implements (lwipopts.h
 * names this file as LWIP_HOOK_FILENAME).
 */
#ifndef CUB_LWIP_HOOKS_H
#define CUB_LWIP_HOOKS_H

#include "lwip/ip4_addr.h"

struct netif;

/*
 * The interface for a packet from src to dest: the lowest-numbered
 * interface that is up, has its link and is on dest's subnet, as Linux
 * takes the first of equal routes.  lwIP alone takes the newest such
 * interface, so with two cards on the same subnet (QEMU gives each of its
 * user networks 10.0.2.0/24) the replies to eth0's connections went out
 * eth1.  NULL: lwIP's own choice (the default interface).
 */
struct netif *cub_ip4_route_src(const ip4_addr_t *src, const ip4_addr_t *dest);

#endif
