/*
 * inet_addr.c - socket addresses (struct sockaddr_in, sockaddr_in6 from
 * linux-libc-dev) to lwIP's ip_addr_t and back.  An AF_INET6 socket
 * takes and reports IPv4 peers as v4-mapped addresses (::ffff:a.b.c.d),
 * as Linux's dual-stack sockets do.
 */
#include "net/inet/inet.h"

#include "lib/kstring.h"

#include <stddef.h>
#include "sched/clock.h"

#include "lwip/netif.h"

#include <linux/errno.h>
#include <linux/in.h>
#include <linux/in6.h>

static bool v4mapped(const struct in6_addr *a)
{
	return a->s6_addr32[0] == 0 && a->s6_addr32[1] == 0 && a->s6_addr32[2] == lwip_htonl(0xffff);
}

bool inet_addr_unspec(const void *sa, size_t len)
{
	const struct sockaddr_in *in = sa;

	return len >= sizeof(in->sin_family) && in->sin_family == CUB_AF_UNSPEC;
}

int inet_addr_from(const struct inet_sock *is, const void *sa, size_t len, ip_addr_t *ip, uint16_t *port)
{
	if (is->sock.family == CUB_AF_INET) {
		const struct sockaddr_in *in = sa;
		if (len < sizeof(*in))
			return -EINVAL;
		if (in->sin_family != CUB_AF_INET)
			return -EAFNOSUPPORT;
		ip_addr_set_ip4_u32_val(*ip, in->sin_addr.s_addr);
		*port = lwip_ntohs(in->sin_port);
		return 0;
	}
	const struct sockaddr_in6 *in6 = sa;
	if (len < offsetof(struct sockaddr_in6, sin6_scope_id))
		return -EINVAL;
	if (in6->sin6_family != CUB_AF_INET6)
		return -EAFNOSUPPORT;
	*port = lwip_ntohs(in6->sin6_port);
	if (v4mapped(&in6->sin6_addr)) {
		if (is->v6only)
			return -ENETUNREACH;
		ip_addr_set_ip4_u32_val(*ip, in6->sin6_addr.s6_addr32[3]);
		return 0;
	}
	memset(ip, 0, sizeof(*ip));
	IP_SET_TYPE(ip, IPADDR_TYPE_V6);
	memcpy(ip_2_ip6(ip)->addr, in6->sin6_addr.s6_addr32, 16);
	ip6_addr_clear_zone(ip_2_ip6(ip));
	if (len >= sizeof(*in6) && in6->sin6_scope_id && ip6_addr_has_scope(ip_2_ip6(ip), IP6_UNKNOWN))
		ip6_addr_set_zone(ip_2_ip6(ip), (u8_t)in6->sin6_scope_id);
	return 0;
}

int inet_addr_to(const struct inet_sock *is, const ip_addr_t *ip, uint16_t port, void *sa)
{
	if (is->sock.family == CUB_AF_INET) {
		struct sockaddr_in *in = sa;
		memset(in, 0, sizeof(*in));
		in->sin_family = CUB_AF_INET;
		in->sin_port = lwip_htons(port);
		if (ip && IP_IS_V4(ip))
			in->sin_addr.s_addr = ip4_addr_get_u32(ip_2_ip4(ip));
		return (int)sizeof(*in);
	}
	struct sockaddr_in6 *in6 = sa;
	memset(in6, 0, sizeof(*in6));
	in6->sin6_family = CUB_AF_INET6;
	in6->sin6_port = lwip_htons(port);
	if (!ip || IP_IS_ANY_TYPE_VAL(*ip))
		return (int)sizeof(*in6);
	if (IP_IS_V4(ip)) {
		/* 0.0.0.0 of a dual-stack socket is the IPv6 wildcard. */
		if (ip4_addr_isany_val(*ip_2_ip4(ip)))
			return (int)sizeof(*in6);
		in6->sin6_addr.s6_addr32[2] = lwip_htonl(0xffff);
		in6->sin6_addr.s6_addr32[3] = ip4_addr_get_u32(ip_2_ip4(ip));
	} else {
		memcpy(in6->sin6_addr.s6_addr32, ip_2_ip6(ip)->addr, 16);
		if (ip6_addr_has_zone(ip_2_ip6(ip)))
			in6->sin6_scope_id = ip6_addr_zone(ip_2_ip6(ip));
	}
	return (int)sizeof(*in6);
}

bool inet_addr_local(const ip_addr_t *ip)
{
	struct netif *n;

	if (ip_addr_isany(ip))
		return true;
	if (IP_IS_V4(ip)) {
		/* All of 127.0.0.0/8 is the loopback interface's, as in Linux. */
		if (ip4_addr_isloopback(ip_2_ip4(ip)))
			return true;
		NETIF_FOREACH(n) {
			if (ip4_addr_cmp(netif_ip4_addr(n), ip_2_ip4(ip)))
				return true;
		}
		return false;
	}
	NETIF_FOREACH(n) {
		if (netif_get_ip6_addr_match(n, ip_2_ip6(ip)) >= 0)
			return true;
	}
	return false;
}

const ip_addr_t *inet_addr_any(const struct inet_sock *is)
{
	if (is->sock.family == CUB_AF_INET)
		return IP4_ADDR_ANY;
	return is->v6only ? IP6_ADDR_ANY : IP_ANY_TYPE;
}

uint64_t inet_deadline(uint64_t timeo)
{
	return timeo ? clock_ns() + timeo : 0;
}
