/*
 * inet.h - what the files of AF_INET/AF_INET6 (net/inet/) share: the
 * socket on top of an lwIP raw-API PCB.
 *
 * Locking: every field below is read and changed under lwIP's core lock
 * (LOCK_TCPIP_CORE), which lwIP's callbacks also hold when they run (in
 * the tcpip thread).  poll reads a few fields with interrupts off and
 * without the lock: each is one word that the callbacks set before they
 * wake, so a racing poll only sees the old or the new readiness and the
 * wake-up makes it look again.  A blocking call sleeps with inet_sleep(),
 * which drops the core lock with interrupts off and sleeps on the
 * socket's wait queue, so no wake-up is lost between the test and the
 * sleep (one CPU).
 */
#ifndef CUB_NET_INET_H
#define CUB_NET_INET_H

#include "fs/poll.h"
#include "ipc/socket.h"
#include "sched/sched.h"

#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"

struct tcp_pcb;
struct udp_pcb;

enum inet_state {
	INET_NEW,        /* TCP: no connection yet (bound or not) */
	INET_CONNECTING, /* TCP: SYN sent */
	INET_CONNECTED,  /* TCP: established (maybe half closed); UDP: has a peer */
	INET_LISTEN,
	INET_CLOSED,     /* TCP: the connection is gone (reset, refused, closed) */
};

/* A received datagram, or a connection waiting for accept. */
struct inet_dgram {
	struct inet_dgram *next;
	struct pbuf *p;
	ip_addr_t addr;
	uint16_t port;
	ip_addr_t dst; /* UDP: the header's destination and the interface */
	int ifindex;
};

struct inet_sock {
	struct socket sock;
	struct waitq wait;
	struct poll_head poll;
	union {
		struct tcp_pcb *tcp; /* NULL once lwIP freed it (err callback) */
		struct udp_pcb *udp;
	} pcb;
	enum inet_state state;
	int users;           /* calls inside that may sleep (inet.c) */
	bool dead;           /* the file is gone; the last user frees */
	int err;             /* pending SO_ERROR, a positive errno */
	bool rd_shut, wr_shut, peer_fin;
	bool connect_pending; /* a nonblocking connect not yet reported */
	bool v6only, bound;
	/* TCP: the received bytes, not yet read; UDP: datagrams. */
	struct pbuf *rx;
	size_t rx_len;
	struct inet_dgram *dq, *dq_tail;
	/* TCP: free space in lwIP's send buffer, for poll. */
	uint32_t snd_free;
	/* A listener's connections not yet accepted. */
	struct inet_sock *aq, *aq_tail, *aq_next;
	int aq_len, backlog;
	/* The local name (kept when lwIP frees the PCB) and the peer. */
	ip_addr_t laddr, raddr;
	uint16_t lport, rport;
	/* Options. */
	int rcvbuf, sndbuf;
	bool linger_on, nodelay, keepalive, reuseaddr, broadcast;
	bool pktinfo, recvpktinfo6; /* IP_PKTINFO, IPV6_RECVPKTINFO */
	int linger_secs;
	int ttl, tos; /* IP_TTL (0: lwIP's default), IP_TOS */
	uint64_t rcvtimeo, sndtimeo; /* ns, 0: none */
	int keepidle, keepintvl, keepcnt; /* seconds, seconds, probes */
};

static inline struct inet_sock *inet_sk(struct socket *s)
{
	return (struct inet_sock *)s;
}

static inline bool inet_is_tcp(const struct inet_sock *is)
{
	return is->sock.type == CUB_SOCK_STREAM;
}

/* inet.c */
extern const struct socket_ops inet_ops;
struct inet_sock *inet_alloc(int family, int type, int protocol);
/* Frees a socket inet_alloc made (its PCB and queues already gone). */
void inet_free(struct inet_sock *is);
void inet_wake(struct inet_sock *is);
/* With the core lock held: drops it, sleeps until woken, a signal, the
   deadline (clock_ns(), 0: none), and takes it again.  0 to look again,
   -EAGAIN (nonblocking or past the deadline), -ERESTARTSYS or -EINTR. */
int inet_sleep(struct inet_sock *is, bool dontwait, uint64_t deadline, uint64_t timeo);
int inet_errno(int lwip_err);
/* Runs what the loopback interfaces queued, in the calling thread (core
   lock held), so loopback traffic arrives before the call returns, as
   Linux delivers it from the sender's context. */
void inet_loop_flush(void);
int inet_take_err(struct inet_sock *is);
void inet_sigpipe(int flags);

/* inet_addr.c: sockaddr_in/sockaddr_in6 <-> ip_addr_t. */
int inet_addr_from(const struct inet_sock *is, const void *sa, size_t len, ip_addr_t *ip, uint16_t *port);
int inet_addr_to(const struct inet_sock *is, const ip_addr_t *ip, uint16_t port, void *sa);
/* Whether sa is AF_UNSPEC (UDP connect: disconnect). */
bool inet_addr_unspec(const void *sa, size_t len);
/* Whether ip is one of this host's addresses (or the wildcard). */
bool inet_addr_local(const ip_addr_t *ip);
/* The wildcard a socket of is's family binds to: dual stack for
   AF_INET6 without IPV6_V6ONLY. */
const ip_addr_t *inet_addr_any(const struct inet_sock *is);
/* The deadline of a call with timeout timeo (ns; 0 none). */
uint64_t inet_deadline(uint64_t timeo);

/* tcp.c */
void inet_tcp_apply_opts(struct inet_sock *is);
int inet_tcp_init(struct inet_sock *is);
int inet_tcp_bind(struct inet_sock *is, const ip_addr_t *ip, uint16_t port);
int inet_tcp_connect(struct inet_sock *is, const void *addr, size_t len);
int inet_tcp_listen(struct inet_sock *is, int backlog);
int inet_tcp_accept(struct inet_sock *is, struct socket **out);
long inet_tcp_send(struct inet_sock *is, struct sock_msg *m, int flags);
long inet_tcp_recv(struct inet_sock *is, struct sock_msg *m, int flags);
int inet_tcp_shutdown(struct inet_sock *is, int how);
unsigned int inet_tcp_poll(struct inet_sock *is);
void inet_tcp_release(struct inet_sock *is);

/* udp.c */
int inet_udp_init(struct inet_sock *is);
int inet_udp_bind(struct inet_sock *is, const ip_addr_t *ip, uint16_t port);
int inet_udp_connect(struct inet_sock *is, const void *addr, size_t len);
long inet_udp_send(struct inet_sock *is, struct sock_msg *m, int flags);
long inet_udp_recv(struct inet_sock *is, struct sock_msg *m, int flags);
int inet_udp_shutdown(struct inet_sock *is, int how);
unsigned int inet_udp_poll(struct inet_sock *is);
void inet_udp_release(struct inet_sock *is);


/* inet_opt.c */
int inet_setsockopt(struct socket *s, int level, int name, const void *val, unsigned int len);
int inet_getsockopt(struct socket *s, int level, int name, void *val, int *optlen);
long inet_ioctl(struct socket *s, unsigned int cmd, uint64_t arg);

#endif
