/*
 * net/netlink.h - AF_NETLINK sockets (NETLINK_ROUTE) and the change
 * notifications the stack sends through them.
 *
 * netlink_create() (declared in ipc/socket.h with the other families)
 * makes the socket; requests are answered at once by net/rtnl.c from
 * the interface snapshot (net/ifaces.h).
 */
#ifndef CUB_NET_NETLINK_H
#define CUB_NET_NETLINK_H

#include <stdbool.h>
#include <stdint.h>

/* RTM_NEWLINK (gone false: RTM_DELLINK) for the interface with this
   index to the sockets in RTNLGRP_LINK; change is ifi_change.  The
   interface is looked up in the snapshot; a deleted one is passed in
   whole by netlink_notify_link_info. */
void netlink_notify_link(int index, unsigned int change);
struct net_if_info;
void netlink_notify_link_info(const struct net_if_info *ifi, bool gone, unsigned int change);

/* RTM_NEWADDR (gone: RTM_DELADDR) for ifi's IPv4 address (v6 < 0) or
   its IPv6 address number v6, to RTNLGRP_IPV4_IFADDR or
   RTNLGRP_IPV6_IFADDR. */
void netlink_notify_addr(const struct net_if_info *ifi, int v6, bool gone);

#endif
