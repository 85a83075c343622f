/*
 * net/rtnl.h - NETLINK_ROUTE's answers, encoded from an interface
 * snapshot (net/ifaces.h).
 *
 * Portable: no kernel dependency, so tests/unit/test_rtnl.cc runs it on
 * the host.  net/netlink.c hands it what a socket sent and queues what
 * it emits; each emitted datagram is one recv, as one skb is on Linux.
 */
#ifndef CUB_NET_RTNL_H
#define CUB_NET_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/ifaces.h"

/* The most one datagram of a dump holds, about Linux's NLMSG_GOODSIZE
   for 4 KiB pages: a 4 KiB recv buffer (glibc's) never truncates one. */
#define RTNL_PART_MAX 3776

/* Where the answers go: a scratch buffer (at least RTNL_PART_MAX) in
   which one datagram is built, and emit, which takes it (0 or -errno,
   which stops the answer). */
struct rtnl_sink {
	uint8_t *buf;
	size_t cap;
	int (*emit)(void *ctx, const void *data, size_t len);
	void *ctx;
	int err;                     /* rtnl_handle's: emit's first failure */
};

/* Who sent the request: its port id (echoed in nlmsg_pid) and whether
   it may change the configuration (CAP_NET_ADMIN: root in cub). */
struct rtnl_caller {
	uint32_t portid;
	bool net_admin;
	bool cap_ack;                /* NETLINK_CAP_ACK: errors without the request */
};

/*
 * Answers every netlink message in req[0..len), as Linux's
 * netlink_rcv_skb and rtnetlink_rcv_msg do, from ifs[0..n).  Returns 0,
 * or the first -errno of sink->emit.
 */
int rtnl_handle(const void *req, size_t len, const struct rtnl_caller *who,
                const struct net_if_info *ifs, int n, struct rtnl_sink *sink);

/* One RTM_NEWLINK/RTM_DELLINK (type) message for ifi into buf[0..cap):
   its length, or 0 when it does not fit. */
size_t rtnl_link_msg(void *buf, size_t cap, uint16_t type, uint16_t flags, uint32_t seq,
                     uint32_t portid, unsigned int change, const struct net_if_info *ifi);

/* One RTM_NEWADDR/RTM_DELADDR message for ifi's IPv4 address (v6 < 0)
   or its IPv6 address number v6: its length, or 0 when it does not fit. */
size_t rtnl_addr_msg(void *buf, size_t cap, uint16_t type, uint16_t flags, uint32_t seq,
                     uint32_t portid, const struct net_if_info *ifi, int v6);

/* The transmit queue length reported for every interface (Linux's
   DEFAULT_TX_QUEUE_LEN, which lo and Ethernet devices have). */
#define RTNL_TXQLEN 1000

#endif
