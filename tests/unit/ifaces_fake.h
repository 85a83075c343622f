// A fake interface snapshot for the enumeration tests: lo (127.0.0.1/8,
// ::1) and eth0 (10.0.2.15/24, fe80::5054:ff:fe12:3456/64 link, and
// 2001:db8::15/64 global), as a Linux guest under QEMU shows them.
#ifndef CUB_TESTS_IFACES_FAKE_H
#define CUB_TESTS_IFACES_FAKE_H

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "net/ifaces.h"

static inline int fake_ifaces(struct net_if_info *out, int max)
{
	struct net_if_info v[2];
	memset(v, 0, sizeof(v));
	strcpy(v[0].name, "lo");
	v[0].index = 1;
	v[0].flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP;
	v[0].mtu = 65536;
	v[0].type = ARPHRD_LOOPBACK;
	v[0].has_ipv4 = true;
	inet_pton(AF_INET, "127.0.0.1", &v[0].ipv4);
	inet_pton(AF_INET, "255.0.0.0", &v[0].netmask);
	v[0].n_ipv6 = 1;
	inet_pton(AF_INET6, "::1", v[0].ipv6[0].addr);
	v[0].ipv6[0].prefixlen = 128;
	v[0].ipv6[0].scope = RT_SCOPE_HOST;
	v[0].ipv6[0].flags = IFA_F_PERMANENT;
	v[0].rx_packets = v[0].tx_packets = 7;
	v[0].rx_bytes = v[0].tx_bytes = 0x1'0000'0123ULL; /* over 32 bits */

	strcpy(v[1].name, "eth0");
	v[1].index = 2;
	v[1].flags = IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | IFF_LOWER_UP;
	v[1].mtu = 1500;
	v[1].type = ARPHRD_ETHER;
	const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	memcpy(v[1].hwaddr, mac, 6);
	memset(v[1].hwbroadcast, 0xff, 6);
	v[1].has_ipv4 = true;
	inet_pton(AF_INET, "10.0.2.15", &v[1].ipv4);
	inet_pton(AF_INET, "255.255.255.0", &v[1].netmask);
	inet_pton(AF_INET, "10.0.2.255", &v[1].broadcast);
	v[1].n_ipv6 = 2;
	inet_pton(AF_INET6, "fe80::5054:ff:fe12:3456", v[1].ipv6[0].addr);
	v[1].ipv6[0].prefixlen = 64;
	v[1].ipv6[0].scope = RT_SCOPE_LINK;
	v[1].ipv6[0].flags = IFA_F_PERMANENT;
	inet_pton(AF_INET6, "2001:db8::15", v[1].ipv6[1].addr);
	v[1].ipv6[1].prefixlen = 64;
	v[1].ipv6[1].scope = RT_SCOPE_UNIVERSE;
	v[1].ipv6[1].flags = IFA_F_NOPREFIXROUTE | IFA_F_MANAGETEMPADDR;
	v[1].rx_packets = 100;
	v[1].tx_packets = 50;
	v[1].rx_bytes = 12345;
	v[1].tx_bytes = 6789;
	v[1].rx_dropped = 1;
	int n = max < 2 ? max : 2;
	memcpy(out, v, sizeof(v[0]) * n);
	return n;
}

#endif
