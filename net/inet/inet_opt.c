/*
 * inet_opt.c - options and ioctls of CUB_AF_INET/CUB_AF_INET6 sockets, as Linux's
 * net/core/sock.c, net/ipv4/tcp.c and net/ipv6/ipv6_sockglue.c answer
 * them.
 */
#include "net/inet/inet.h"

#include "lib/kstring.h"
#include "mm/uaccess.h"

#include "lwip/ip.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"
#include "lwip/udp.h"

#include <asm/ioctls.h>
#include <asm/socket.h>
#include <linux/errno.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <linux/time_types.h>

/* net.core.rmem_max and wmem_max, and Linux's floors (SOCK_MIN_RCVBUF,
   SOCK_MIN_SNDBUF with a 4 KiB page's sk_buff overhead). */
#define BUF_MAX 212992
#define MIN_RCVBUF 2304
#define MIN_SNDBUF 4608
/* TCP_KEEPIDLE and TCP_KEEPINTVL's ceiling, TCP_KEEPCNT's (MAX_TCP_*). */
#define MAX_KEEPIDLE 32767
#define MAX_KEEPCNT 127

static int get_int_arg(const void *val, unsigned int len, int *v)
{
	if (len < sizeof(int))
		return -EINVAL;
	return copy_from_user(v, val, sizeof(*v)) ? -EFAULT : 0;
}

static int set_timeo(uint64_t *timeo, const void *val, unsigned int len)
{
	struct __kernel_old_timeval tv;

	if (len < sizeof(tv))
		return -EINVAL;
	if (copy_from_user(&tv, val, sizeof(tv)))
		return -EFAULT;
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EDOM;
	if (tv.tv_sec < 0) {
		*timeo = 0;
		return 0;
	}
	*timeo = (uint64_t)tv.tv_sec * 1000000000ull + (uint64_t)tv.tv_usec * 1000ull;
	return 0;
}

static void apply(struct inet_sock *is)
{
	if (inet_is_tcp(is)) {
		inet_tcp_apply_opts(is);
	} else if (is->pcb.udp) {
		if (is->broadcast)
			ip_set_option(is->pcb.udp, SOF_BROADCAST);
		else
			ip_reset_option(is->pcb.udp, SOF_BROADCAST);
		if (is->reuseaddr)
			ip_set_option(is->pcb.udp, SOF_REUSEADDR);
		else
			ip_reset_option(is->pcb.udp, SOF_REUSEADDR);
	}
}

static int set_socket(struct inet_sock *is, int name, const void *val, unsigned int len)
{
	int v, r;

	switch (name) {
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		return set_timeo(&is->rcvtimeo, val, len);
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		return set_timeo(&is->sndtimeo, val, len);
	case SO_LINGER: {
		struct cub_linger lg;
		if (len < sizeof(lg))
			return -EINVAL;
		if (copy_from_user(&lg, val, sizeof(lg)))
			return -EFAULT;
		is->linger_on = lg.l_onoff != 0;
		is->linger_secs = lg.l_linger < 0 ? 0 : lg.l_linger;
		return 0;
	}
	}
	if ((r = get_int_arg(val, len, &v)))
		return r;
	uint32_t b = (uint32_t)v < BUF_MAX ? (uint32_t)v : BUF_MAX;
	switch (name) {
	case SO_REUSEADDR:
		is->reuseaddr = v != 0;
		break;
	case SO_REUSEPORT:
		break;
	case SO_KEEPALIVE:
		is->keepalive = v != 0;
		break;
	case SO_BROADCAST:
		is->broadcast = v != 0;
		break;
	case SO_RCVBUF:
		is->rcvbuf = (int)(b * 2 > MIN_RCVBUF ? b * 2 : MIN_RCVBUF);
		break;
	case SO_SNDBUF:
		is->sndbuf = (int)(b * 2 > MIN_SNDBUF ? b * 2 : MIN_SNDBUF);
		break;
	case SO_OOBINLINE:
	case SO_PRIORITY:
	case SO_RCVLOWAT:
	case SO_DONTROUTE:
		break; /* accepted without effect */
	default:
		return -ENOPROTOOPT;
	}
	apply(is);
	return 0;
}

static int set_tcp(struct inet_sock *is, int name, const void *val, unsigned int len)
{
	int v, r;

	if (!inet_is_tcp(is))
		return -ENOPROTOOPT;
	if ((r = get_int_arg(val, len, &v)))
		return r;
	switch (name) {
	case TCP_NODELAY:
		is->nodelay = v != 0;
		break;
	case TCP_KEEPIDLE:
	case TCP_KEEPINTVL:
		if (v < 1 || v > MAX_KEEPIDLE)
			return -EINVAL;
		if (name == TCP_KEEPIDLE)
			is->keepidle = v;
		else
			is->keepintvl = v;
		break;
	case TCP_KEEPCNT:
		if (v < 1 || v > MAX_KEEPCNT)
			return -EINVAL;
		is->keepcnt = v;
		break;
	case TCP_CORK:
	case TCP_QUICKACK:
		break; /* accepted without effect */
	default:
		return -ENOPROTOOPT;
	}
	apply(is);
	return 0;
}

/* lwIP's PCBs share their first fields (IP_PCB): TTL and TOS are there. */
static struct ip_pcb *ip_pcb_of(struct inet_sock *is)
{
	return inet_is_tcp(is) ? (struct ip_pcb *)is->pcb.tcp : (struct ip_pcb *)is->pcb.udp;
}

static int set_ip(struct inet_sock *is, int name, const void *val, unsigned int len)
{
	int v, r;

	if ((r = get_int_arg(val, len, &v)))
		return r;
	struct ip_pcb *p = ip_pcb_of(is);
	switch (name) {
	case IP_PKTINFO:
		is->pktinfo = v != 0;
		return 0;
	case IP_TTL:
		/* -1 is the default (64, IP_DEFAULT_TTL); 0 and above 255 EINVAL. */
		if (v == -1)
			v = IP_DEFAULT_TTL;
		if (v < 1 || v > 255)
			return -EINVAL;
		is->ttl = v;
		if (p)
			p->ttl = (u8_t)v;
		return 0;
	case IP_TOS:
		is->tos = v & 0xff;
		if (p)
			p->tos = (u8_t)is->tos;
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static int set_ipv6(struct inet_sock *is, int name, const void *val, unsigned int len)
{
	int v, r;

	if (is->sock.family != CUB_AF_INET6)
		return -ENOPROTOOPT;
	if ((r = get_int_arg(val, len, &v)))
		return r;
	switch (name) {
	case IPV6_RECVPKTINFO:
		is->recvpktinfo6 = v != 0;
		return 0;
	case IPV6_V6ONLY:
		if (is->bound || is->state != INET_NEW)
			return -EINVAL;
		is->v6only = v != 0;
		{
			u8_t t = is->v6only ? IPADDR_TYPE_V6 : IPADDR_TYPE_ANY;
			if (inet_is_tcp(is) && is->pcb.tcp) {
				IP_SET_TYPE_VAL(is->pcb.tcp->local_ip, t);
				IP_SET_TYPE_VAL(is->pcb.tcp->remote_ip, t);
			} else if (!inet_is_tcp(is) && is->pcb.udp) {
				IP_SET_TYPE_VAL(is->pcb.udp->local_ip, t);
				IP_SET_TYPE_VAL(is->pcb.udp->remote_ip, t);
			}
		}
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

int inet_setsockopt(struct socket *s, int level, int name, const void *val, unsigned int len)
{
	struct inet_sock *is = inet_sk(s);
	int r;

	LOCK_TCPIP_CORE();
	switch (level) {
	case SOL_SOCKET:
		r = set_socket(is, name, val, len);
		break;
	case IPPROTO_TCP:
		r = set_tcp(is, name, val, len);
		break;
	case IPPROTO_IPV6:
		r = set_ipv6(is, name, val, len);
		break;
	case IPPROTO_IP:
		r = set_ip(is, name, val, len);
		break;
	default:
		r = -ENOPROTOOPT;
		break;
	}
	UNLOCK_TCPIP_CORE();
	return r;
}

/* Copies min(len, n) bytes of v out and the length back. */
static int put_opt(void *uval, int *ulen, int len, const void *v, int n)
{
	if (len > n)
		len = n;
	if (copy_to_user(uval, v, (size_t)len) || copy_to_user(ulen, &len, sizeof(len)))
		return -EFAULT;
	return 0;
}

static int get_timeo(uint64_t timeo, void *uval, int *ulen, int len)
{
	struct __kernel_old_timeval tv;

	tv.tv_sec = (long)(timeo / 1000000000ull);
	tv.tv_usec = (long)(timeo % 1000000000ull / 1000);
	return put_opt(uval, ulen, len, &tv, (int)sizeof(tv));
}

/* The option's int value, 1 when it is not an int option (handled by the
   caller), or -errno. */
static int get_socket(struct inet_sock *is, int name, void *uval, int *ulen, int len, int *v)
{
	switch (name) {
	case SO_TYPE:
		*v = is->sock.type;
		return 0;
	case SO_DOMAIN:
		*v = is->sock.family;
		return 0;
	case SO_PROTOCOL:
		*v = is->sock.protocol;
		return 0;
	case SO_ERROR:
		*v = inet_take_err(is);
		return 0;
	case SO_ACCEPTCONN:
		*v = is->state == INET_LISTEN;
		return 0;
	case SO_REUSEADDR:
		*v = is->reuseaddr;
		return 0;
	case SO_REUSEPORT:
	case SO_OOBINLINE:
	case SO_PRIORITY:
	case SO_DONTROUTE:
		*v = 0;
		return 0;
	case SO_RCVLOWAT:
		*v = 1;
		return 0;
	case SO_KEEPALIVE:
		*v = is->keepalive;
		return 0;
	case SO_BROADCAST:
		*v = is->broadcast;
		return 0;
	case SO_RCVBUF:
		*v = is->rcvbuf;
		return 0;
	case SO_SNDBUF:
		*v = is->sndbuf;
		return 0;
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		return get_timeo(is->rcvtimeo, uval, ulen, len) ?: 1;
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		return get_timeo(is->sndtimeo, uval, ulen, len) ?: 1;
	case SO_LINGER: {
		struct cub_linger lg = {is->linger_on, is->linger_secs};
		return put_opt(uval, ulen, len, &lg, (int)sizeof(lg)) ?: 1;
	}
	case SO_PEERCRED: {
		/* An IP peer has no credentials: Linux's empty ones. */
		struct cub_ucred uc = {0, (uint32_t)-1, (uint32_t)-1};
		return put_opt(uval, ulen, len, &uc, (int)sizeof(uc)) ?: 1;
	}
	case SO_PEERGROUPS:
		return -ENODATA;
	default:
		return -ENOPROTOOPT;
	}
}

int inet_getsockopt(struct socket *s, int level, int name, void *uval, int *ulen)
{
	struct inet_sock *is = inet_sk(s);
	int len, v = 0, r;

	if (copy_from_user(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	LOCK_TCPIP_CORE();
	switch (level) {
	case SOL_SOCKET:
		r = get_socket(is, name, uval, ulen, len, &v);
		break;
	case IPPROTO_TCP:
		r = 0;
		if (!inet_is_tcp(is))
			r = -ENOPROTOOPT;
		else if (name == TCP_NODELAY)
			v = is->nodelay;
		else if (name == TCP_KEEPIDLE)
			v = is->keepidle;
		else if (name == TCP_KEEPINTVL)
			v = is->keepintvl;
		else if (name == TCP_KEEPCNT)
			v = is->keepcnt;
		else if (name == TCP_MAXSEG)
			v = is->pcb.tcp && is->state == INET_CONNECTED ? tcp_mss(is->pcb.tcp) : 536;
		else
			r = -ENOPROTOOPT;
		break;
	case IPPROTO_IP:
		r = 0;
		if (name == IP_PKTINFO)
			v = is->pktinfo;
		else if (name == IP_TTL)
			v = is->ttl ? is->ttl : IP_DEFAULT_TTL;
		else if (name == IP_TOS)
			v = is->tos;
		else
			r = -ENOPROTOOPT;
		break;
	case IPPROTO_IPV6:
		r = 0;
		if (is->sock.family != CUB_AF_INET6)
			r = -ENOPROTOOPT;
		else if (name == IPV6_V6ONLY)
			v = is->v6only;
		else if (name == IPV6_RECVPKTINFO)
			v = is->recvpktinfo6;
		else
			r = -ENOPROTOOPT;
		break;
	default:
		r = -ENOPROTOOPT;
		break;
	}
	UNLOCK_TCPIP_CORE();
	if (r < 0)
		return r;
	if (r == 1)
		return 0;
	return put_opt(uval, ulen, len, &v, (int)sizeof(v));
}

long inet_ioctl(struct socket *s, unsigned int cmd, uint64_t arg)
{
	struct inet_sock *is = inet_sk(s);
	int v;

	LOCK_TCPIP_CORE();
	switch (cmd) {
	case FIONREAD: /* SIOCINQ */
		if (inet_is_tcp(is)) {
			if (is->state == INET_LISTEN) {
				UNLOCK_TCPIP_CORE();
				return -EINVAL;
			}
			v = (int)is->rx_len;
		} else {
			v = is->dq ? is->dq->p->tot_len : 0;
		}
		break;
	case SIOCOUTQ:
		if (inet_is_tcp(is) && is->state == INET_LISTEN) {
			UNLOCK_TCPIP_CORE();
			return -EINVAL;
		}
		v = inet_is_tcp(is) && is->pcb.tcp ? TCP_SND_BUF - tcp_sndbuf(is->pcb.tcp) : 0;
		break;
	default:
		UNLOCK_TCPIP_CORE();
		return -ENOTTY;
	}
	UNLOCK_TCPIP_CORE();
	return copy_to_user((void *)arg, &v, sizeof(v)) ? -EFAULT : 0;
}
