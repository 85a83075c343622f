// The ARP values the kernel spells itself (net/drivers/arp_abi.h) because
// <linux/if_arp.h> needs the C library: each must equal the UAPI's.
#include <gtest/gtest.h>

#include <stddef.h>
#include <linux/if_arp.h>

#include "net/drivers/arp_abi.h"

TEST(ArpAbi, Values) {
	EXPECT_EQ(CUB_ARPHRD_ETHER, ARPHRD_ETHER);
	EXPECT_EQ(CUB_ARPOP_REQUEST, ARPOP_REQUEST);
	EXPECT_EQ(CUB_ARPOP_REPLY, ARPOP_REPLY);
}

TEST(ArpAbi, HeaderLayout) {
	EXPECT_EQ(sizeof(struct cub_arphdr), sizeof(struct arphdr));
	EXPECT_EQ(offsetof(struct cub_arphdr, ar_hrd), offsetof(struct arphdr, ar_hrd));
	EXPECT_EQ(offsetof(struct cub_arphdr, ar_pro), offsetof(struct arphdr, ar_pro));
	EXPECT_EQ(offsetof(struct cub_arphdr, ar_hln), offsetof(struct arphdr, ar_hln));
	EXPECT_EQ(offsetof(struct cub_arphdr, ar_pln), offsetof(struct arphdr, ar_pln));
	EXPECT_EQ(offsetof(struct cub_arphdr, ar_op), offsetof(struct arphdr, ar_op));
}
