/*
 * net/drivers/arp_abi.h - the ARP values the network card tests need.
 *
 * <linux/if_arp.h> cannot be included by the freestanding kernel: it pulls
 * in <linux/if.h>, which includes the C library's <sys/socket.h>.  So the
 * few values are spelled here with Linux's names behind a CUB_ prefix, and
 * tests/unit/test_arp_abi.cc checks each against <linux/if_arp.h>.
 */
#ifndef CUB_NET_ARP_ABI_H
#define CUB_NET_ARP_ABI_H

#include <linux/types.h>

#define CUB_ARPHRD_ETHER 1   /* ARPHRD_ETHER */
#define CUB_ARPOP_REQUEST 1  /* ARPOP_REQUEST */
#define CUB_ARPOP_REPLY 2    /* ARPOP_REPLY */

/* struct arphdr */
struct cub_arphdr {
	__be16 ar_hrd;
	__be16 ar_pro;
	unsigned char ar_hln;
	unsigned char ar_pln;
	__be16 ar_op;
};

#endif
