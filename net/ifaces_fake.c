/*
 * net/ifaces_fake.c - a fixed interface snapshot for tests: lo
 * (127.0.0.1/8, ::1) and eth0 (52:54:00:12:34:56, 10.0.2.15/24,
 * fe80::5054:ff:fe12:3456/64, fec0::5054:ff:fe12:3456/64), with the
 * flags a Linux guest under QEMU shows.  The netlink ktests register it;
 * "fake_ifaces" on the command line registers it at boot, so a user
 * program sees interfaces without a network stack (images/ifaces-fake).
 */
#include "net/ifaces.h"

#include "lib/cmdline.h"
#include "lib/kstring.h"

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>

#include "net/ifaces_fake.h"

static const uint8_t eth0_mac[NET_HWADDR_MAX] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

int net_ifaces_fake(struct net_if_info *out, int max)
{
	struct net_if_info v[2];

	memset(v, 0, sizeof(v));
	memcpy(v[0].name, "lo", 3);
	v[0].index = 1;
	v[0].flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP;
	v[0].mtu = 65536;
	v[0].type = ARPHRD_LOOPBACK;
	v[0].has_ipv4 = true;
	const uint8_t lo4[4] = {127, 0, 0, 1}, lomask[4] = {255, 0, 0, 0};
	memcpy(&v[0].ipv4, lo4, 4);
	memcpy(&v[0].netmask, lomask, 4);
	v[0].n_ipv6 = 1;
	v[0].ipv6[0].addr[15] = 1;
	v[0].ipv6[0].prefixlen = 128;
	v[0].ipv6[0].scope = RT_SCOPE_HOST;
	v[0].ipv6[0].flags = IFA_F_PERMANENT;

	memcpy(v[1].name, "eth0", 5);
	v[1].index = 2;
	v[1].flags = IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | IFF_LOWER_UP;
	v[1].mtu = 1500;
	v[1].type = ARPHRD_ETHER;
	memcpy(v[1].hwaddr, eth0_mac, NET_HWADDR_MAX);
	memset(v[1].hwbroadcast, 0xff, NET_HWADDR_MAX);
	v[1].has_ipv4 = true;
	const uint8_t e4[4] = {10, 0, 2, 15}, emask[4] = {255, 255, 255, 0}, ebc[4] = {10, 0, 2, 255};
	memcpy(&v[1].ipv4, e4, 4);
	memcpy(&v[1].netmask, emask, 4);
	memcpy(&v[1].broadcast, ebc, 4);
	v[1].n_ipv6 = 2;
	/* EUI-64 from the MAC: 5054:00ff:fe12:3456 */
	const uint8_t iid[8] = {0x50, 0x54, 0x00, 0xff, 0xfe, 0x12, 0x34, 0x56};
	v[1].ipv6[0].addr[0] = 0xfe;
	v[1].ipv6[0].addr[1] = 0x80;
	memcpy(&v[1].ipv6[0].addr[8], iid, 8);
	v[1].ipv6[0].prefixlen = 64;
	v[1].ipv6[0].scope = RT_SCOPE_LINK;
	v[1].ipv6[0].flags = IFA_F_PERMANENT;
	v[1].ipv6[1].addr[0] = 0xfe;
	v[1].ipv6[1].addr[1] = 0xc0;
	memcpy(&v[1].ipv6[1].addr[8], iid, 8);
	v[1].ipv6[1].prefixlen = 64;
	v[1].ipv6[1].scope = RT_SCOPE_UNIVERSE;
	v[1].ipv6[1].flags = IFA_F_MANAGETEMPADDR;
	v[1].rx_packets = 3;
	v[1].tx_packets = 2;

	int n = max < 2 ? max : 2;
	memcpy(out, v, sizeof(v[0]) * (size_t)(n > 0 ? n : 0));
	return n;
}

void net_ifaces_fake_init(const char *cmdline)
{
	if (cmdline_get_bool(cmdline, "fake_ifaces", false))
		net_ifaces_set_provider(net_ifaces_fake);
}
