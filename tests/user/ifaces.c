/*
 * ifaces - prints the network interfaces as a program sees them through
 * glibc (getifaddrs and if_nameindex, both on NETLINK_ROUTE) and through
 * the SIOCGIFCONF ioctl, one line each, then "ifaces: N interfaces"
 * (N from if_nameindex).  Exits 0 when every call worked.  The same
 * static binary runs on Linux (the ifaces-host test) and in cub
 * (images/ifaces).
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *family_name(int f)
{
	switch (f) {
	case AF_INET: return "inet";
	case AF_INET6: return "inet6";
	case AF_PACKET: return "packet";
	}
	return "other";
}

static void format_addr(const struct sockaddr *sa, char *out, size_t n)
{
	if (!sa) {
		snprintf(out, n, "-");
		return;
	}
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	} else if (sa->sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
	} else if (sa->sa_family == AF_PACKET) {
		const struct sockaddr_ll *ll = (const struct sockaddr_ll *)sa;
		size_t off = 0;
		out[0] = 0;
		for (int i = 0; i < ll->sll_halen && off + 4 < n; i++)
			off += (size_t)snprintf(out + off, n - off, "%s%02x", i ? ":" : "", ll->sll_addr[i]);
		if (!ll->sll_halen)
			snprintf(out, n, "-");
	} else {
		snprintf(out, n, "?");
	}
}

int main(void)
{
	int failed = 0;
	struct ifaddrs *list;

	if (getifaddrs(&list) != 0) {
		perror("ifaces: getifaddrs");
		failed = 1;
	} else {
		for (struct ifaddrs *a = list; a; a = a->ifa_next) {
			char addr[64], mask[64];
			format_addr(a->ifa_addr, addr, sizeof(addr));
			format_addr(a->ifa_netmask, mask, sizeof(mask));
			printf("getifaddrs: %s %s %s %s flags=0x%x\n", a->ifa_name,
			       a->ifa_addr ? family_name(a->ifa_addr->sa_family) : "none", addr, mask,
			       a->ifa_flags);
		}
		freeifaddrs(list);
	}

	int count = 0;
	struct if_nameindex *ni = if_nameindex();
	if (!ni) {
		perror("ifaces: if_nameindex");
		failed = 1;
	} else {
		for (struct if_nameindex *p = ni; p->if_index; p++, count++)
			printf("if_nameindex: %u %s\n", p->if_index, p->if_name);
		if_freenameindex(ni);
	}

	/* Any socket answers SIOCGIFCONF; AF_INET is the usual one, and cub
	   has none until the stack is there. */
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("ifaces: socket");
		failed = 1;
	} else {
		struct ifconf ifc;
		memset(&ifc, 0, sizeof(ifc));
		if (ioctl(fd, SIOCGIFCONF, &ifc) != 0) { /* ifc_buf NULL: the length */
			perror("ifaces: SIOCGIFCONF");
			failed = 1;
		} else {
			struct ifreq reqs[64];
			int need = ifc.ifc_len;
			ifc.ifc_len = sizeof(reqs);
			ifc.ifc_req = reqs;
			if (ioctl(fd, SIOCGIFCONF, &ifc) != 0) {
				perror("ifaces: SIOCGIFCONF");
				failed = 1;
			} else {
				if (need != ifc.ifc_len && need <= (int)sizeof(reqs)) {
					fprintf(stderr, "ifaces: SIOCGIFCONF length %d then %d\n", need, ifc.ifc_len);
					failed = 1;
				}
				for (int i = 0; i < ifc.ifc_len / (int)sizeof(struct ifreq); i++) {
					char addr[64];
					format_addr(&reqs[i].ifr_addr, addr, sizeof(addr));
					printf("siocgifconf: %s %s\n", reqs[i].ifr_name, addr);
				}
			}
		}
		close(fd);
	}
	printf("ifaces: %d interfaces\n", count);
	fflush(stdout);
	return failed;
}
