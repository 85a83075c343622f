// net/ifioctl.c: the SIOCGIF* answers from a fake snapshot, and the
// errors Linux gives (dev_ioctl.c, devinet.c).
#include <gtest/gtest.h>

#include <errno.h>
#include <linux/sockios.h>
#include <stddef.h>
#include <string.h>

#include "ifaces_fake.h"

extern "C" {
#include "net/ifioctl.h"
}

namespace {

class IfIoctl : public ::testing::Test {
protected:
	struct net_if_info ifs[NET_IF_MAX];
	int n = 0;
	void SetUp() override { n = fake_ifaces(ifs, NET_IF_MAX); }

	long get(unsigned cmd, const char *name, struct ifreq *r, bool inet = true, bool admin = false)
	{
		memset(r, 0x5a, sizeof(*r));
		strncpy(r->ifr_name, name, IFNAMSIZ);
		return ifioctl(cmd, r, inet, admin, ifs, n);
	}
};

uint32_t in_addr_of(const struct sockaddr *sa)
{
	const auto *sin = (const struct sockaddr_in *)sa;
	EXPECT_EQ(sin->sin_family, AF_INET);
	EXPECT_EQ(sin->sin_port, 0);
	for (size_t i = 0; i < sizeof(sin->sin_zero); i++)
		EXPECT_EQ(sin->sin_zero[i], 0);
	return sin->sin_addr.s_addr;
}

TEST_F(IfIoctl, Layout)
{
	// struct ifreq is the UAPI's; the kernel's stand-in struct sockaddr
	// must give it glibc's size.
	EXPECT_EQ(sizeof(struct ifreq), 40u);
	EXPECT_EQ(sizeof(struct sockaddr), 16u);
	EXPECT_EQ(offsetof(struct ifreq, ifr_ifru), (size_t)IFNAMSIZ);
}

TEST_F(IfIoctl, FlagsMtuIndexTxqlen)
{
	struct ifreq r;
	ASSERT_EQ(get(SIOCGIFFLAGS, "eth0", &r), 0);
	EXPECT_EQ((unsigned short)r.ifr_flags, (unsigned short)ifs[1].flags);
	ASSERT_EQ(get(SIOCGIFFLAGS, "lo", &r, false), 0); // any socket family
	EXPECT_TRUE(r.ifr_flags & IFF_LOOPBACK);
	ASSERT_EQ(get(SIOCGIFMTU, "lo", &r, false), 0);
	EXPECT_EQ(r.ifr_mtu, 65536);
	ASSERT_EQ(get(SIOCGIFINDEX, "eth0", &r, false), 0);
	EXPECT_EQ(r.ifr_ifindex, 2);
	ASSERT_EQ(get(SIOCGIFTXQLEN, "eth0", &r, false), 0);
	EXPECT_EQ(r.ifr_qlen, 1000);
	ASSERT_EQ(get(SIOCGIFMETRIC, "eth0", &r, false), 0);
	EXPECT_EQ(r.ifr_metric, 0);
	EXPECT_STREQ(r.ifr_name, "eth0");
}

TEST_F(IfIoctl, HwAddr)
{
	struct ifreq r;
	ASSERT_EQ(get(SIOCGIFHWADDR, "eth0", &r, false), 0);
	EXPECT_EQ(r.ifr_hwaddr.sa_family, ARPHRD_ETHER);
	EXPECT_EQ(memcmp(r.ifr_hwaddr.sa_data, ifs[1].hwaddr, 6), 0);
	for (int i = 6; i < 14; i++)
		EXPECT_EQ(r.ifr_hwaddr.sa_data[i], 0);
	ASSERT_EQ(get(SIOCGIFHWADDR, "lo", &r, false), 0);
	EXPECT_EQ(r.ifr_hwaddr.sa_family, ARPHRD_LOOPBACK);
	for (int i = 0; i < 14; i++)
		EXPECT_EQ(r.ifr_hwaddr.sa_data[i], 0);
}

TEST_F(IfIoctl, Addresses)
{
	struct ifreq r;
	ASSERT_EQ(get(SIOCGIFADDR, "eth0", &r), 0);
	EXPECT_EQ(in_addr_of(&r.ifr_addr), ifs[1].ipv4);
	ASSERT_EQ(get(SIOCGIFNETMASK, "eth0", &r), 0);
	EXPECT_EQ(in_addr_of(&r.ifr_netmask), ifs[1].netmask);
	ASSERT_EQ(get(SIOCGIFBRDADDR, "eth0", &r), 0);
	EXPECT_EQ(in_addr_of(&r.ifr_broadaddr), ifs[1].broadcast);
	ASSERT_EQ(get(SIOCGIFDSTADDR, "eth0", &r), 0);
	EXPECT_EQ(in_addr_of(&r.ifr_dstaddr), ifs[1].ipv4);
	ASSERT_EQ(get(SIOCGIFBRDADDR, "lo", &r), 0);
	EXPECT_EQ(in_addr_of(&r.ifr_broadaddr), 0u);
}

TEST_F(IfIoctl, AddressErrors)
{
	struct ifreq r;
	ifs[1].has_ipv4 = false;
	EXPECT_EQ(get(SIOCGIFADDR, "eth0", &r), -EADDRNOTAVAIL);
	EXPECT_EQ(get(SIOCGIFNETMASK, "eth0", &r), -EADDRNOTAVAIL);
	EXPECT_EQ(get(SIOCGIFADDR, "lo:1", &r), -EADDRNOTAVAIL); // no aliases
	EXPECT_EQ(get(SIOCGIFADDR, "eth9", &r), -ENODEV);
	EXPECT_EQ(get(SIOCGIFADDR, "lo", &r, false), -ENOTTY); // not an AF_INET socket
}

TEST_F(IfIoctl, UnknownNameAndUnterminated)
{
	struct ifreq r;
	EXPECT_EQ(get(SIOCGIFFLAGS, "wlan0", &r), -ENODEV);
	EXPECT_EQ(get(SIOCGIFINDEX, "", &r), -ENODEV);
	memset(&r, 'e', sizeof(r)); // no NUL: cut at IFNAMSIZ - 1
	EXPECT_EQ(ifioctl(SIOCGIFFLAGS, &r, true, false, ifs, n), -ENODEV);
	EXPECT_EQ(ifioctl(SIOCGIFCONF, &r, true, false, ifs, n), -ENOTTY);
	EXPECT_EQ(ifioctl(SIOCGSTAMP, &r, true, false, ifs, n), -ENOTTY);
	EXPECT_FALSE(ifioctl_is_ifcmd(SIOCGSTAMP));
	EXPECT_TRUE(ifioctl_is_ifcmd(SIOCGIFCONF));
}

TEST_F(IfIoctl, NameByIndex)
{
	struct ifreq r;
	memset(&r, 0x5a, sizeof(r));
	r.ifr_ifindex = 2;
	ASSERT_EQ(ifioctl(SIOCGIFNAME, &r, false, false, ifs, n), 0);
	EXPECT_STREQ(r.ifr_name, "eth0");
	r.ifr_ifindex = 3;
	EXPECT_EQ(ifioctl(SIOCGIFNAME, &r, false, false, ifs, n), -ENODEV);
}

TEST_F(IfIoctl, SetsAreRefused)
{
	struct ifreq r;
	for (unsigned cmd : {SIOCSIFFLAGS, SIOCSIFMTU, SIOCSIFADDR, SIOCSIFNETMASK, SIOCSIFHWADDR,
	                     SIOCSIFTXQLEN, SIOCSIFNAME, SIOCSIFBRDADDR}) {
		EXPECT_EQ(get(cmd, "eth0", &r, true, false), -EPERM) << cmd;
		EXPECT_EQ(get(cmd, "nope", &r, true, false), -EPERM) << cmd; // before the lookup
		EXPECT_EQ(get(cmd, "eth0", &r, true, true), -EOPNOTSUPP) << cmd;
		EXPECT_EQ(get(cmd, "nope", &r, true, true), -ENODEV) << cmd;
	}
}

TEST_F(IfIoctl, Conf)
{
	EXPECT_EQ(ifioctl_conf(nullptr, 0, ifs, n), 2 * (int)sizeof(struct ifreq));
	struct ifreq out[3];
	memset(out, 0x5a, sizeof(out));
	ASSERT_EQ(ifioctl_conf(out, sizeof(out), ifs, n), 2 * (int)sizeof(struct ifreq));
	EXPECT_STREQ(out[0].ifr_name, "lo");
	EXPECT_EQ(in_addr_of(&out[0].ifr_addr), ifs[0].ipv4);
	EXPECT_STREQ(out[1].ifr_name, "eth0");
	EXPECT_EQ(in_addr_of(&out[1].ifr_addr), ifs[1].ipv4);
	EXPECT_EQ((uint8_t)out[2].ifr_name[0], 0x5a); // untouched

	// Whole entries only.
	memset(out, 0x5a, sizeof(out));
	EXPECT_EQ(ifioctl_conf(out, sizeof(struct ifreq) * 2 - 1, ifs, n), (int)sizeof(struct ifreq));
	EXPECT_EQ((uint8_t)out[1].ifr_name[0], 0x5a);
	EXPECT_EQ(ifioctl_conf(out, 10, ifs, n), 0);
	EXPECT_EQ(ifioctl_conf(out, -5, ifs, n), 0);

	// Interfaces without IPv4 are not listed.
	ifs[0].has_ipv4 = false;
	EXPECT_EQ(ifioctl_conf(nullptr, 0, ifs, n), (int)sizeof(struct ifreq));
	ASSERT_EQ(ifioctl_conf(out, sizeof(out), ifs, n), (int)sizeof(struct ifreq));
	EXPECT_STREQ(out[0].ifr_name, "eth0");
	EXPECT_EQ(ifioctl_conf(nullptr, 0, ifs, 0), 0);
}

} // namespace
