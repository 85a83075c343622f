/*
 * Network stack tests: lwIP's netconn API over the loopback interface
 * (TCP over 127.0.0.1 and ::1, UDP, refused connections, receive
 * timeouts, many connections without leaks), the "net.ethN=" parser, and
 * the Ethernet glue (net/lwip/netif_eth.c) between two fake cards wired
 * back to back in memory.
 */
#include "ktest/ktest.h"
#include "lib/kstring.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "net/lwip/lwip.h"
#include "net/nic.h"
#include "sched/sched.h"

#include "lwip/api.h"
#include "lwip/ip_addr.h"
#include "lwip/memp.h"
#include "lwip/netif.h"
#include "lwip/stats.h"
#include "lwip/tcpip.h"

#define CHUNK (16 * 1024)
#define RECV_TIMEOUT_MS 10000

/* A byte stream no segment size or offset repeats (reordering, loss and
   duplication all show up). */
static uint8_t pattern(uint32_t seed, size_t i)
{
	uint32_t x = (uint32_t)i * 2654435761u + seed;
	return (uint8_t)((x >> 24) ^ (x >> 11) ^ (uint32_t)(i >> 12));
}

/*
 * The TCP streams are that pattern with a prime period, read out of a
 * table, so sending is a netconn_write straight from the table and
 * checking is a compare: the throughput figure measures the stack, not
 * the test's arithmetic.
 */
#define PERIOD 65521
static uint8_t *stream_table(void)
{
	static uint8_t *table;

	if (!table && (table = kmalloc(PERIOD)))
		for (size_t i = 0; i < PERIOD; i++)
			table[i] = pattern(0x5eed, i);
	return table;
}

static err_t send_pattern(struct netconn *c, uint32_t seed, size_t len)
{
	const uint8_t *table = stream_table();
	err_t err = ERR_OK;

	if (!table)
		return ERR_MEM;
	for (size_t off = 0; off < len && err == ERR_OK;) {
		size_t at = (seed + off) % PERIOD, n = len - off;
		if (n > PERIOD - at)
			n = PERIOD - at;
		if (n > CHUNK)
			n = CHUNK;
		err = netconn_write(c, table + at, n, NETCONN_COPY);
		off += n;
	}
	return err;
}

/* Whether n bytes at data are the stream's bytes from offset off. */
static bool stream_matches(uint32_t seed, size_t off, const uint8_t *data, size_t n)
{
	const uint8_t *table = stream_table();

	while (n) {
		size_t at = (seed + off) % PERIOD, k = n < PERIOD - at ? n : PERIOD - at;
		for (size_t i = 0; i < k; i++)
			if (data[i] != table[at + i])
				return false;
		data += k;
		off += k;
		n -= k;
	}
	return true;
}

/* Bytes received in order and correct; negative after a wrong one. */
static long recv_pattern(struct netconn *c, uint32_t seed, size_t len)
{
	size_t got = 0;

	if (!stream_table())
		return -1;
	while (got < len) {
		struct netbuf *nb;
		if (netconn_recv(c, &nb) != ERR_OK)
			break;
		do {
			void *data;
			u16_t n;
			netbuf_data(nb, &data, &n);
			if (got + n > len || !stream_matches(seed, got, data, n)) {
				netbuf_delete(nb);
				return -(long)got - 1;
			}
			got += n;
		} while (netbuf_next(nb) >= 0);
		netbuf_delete(nb);
	}
	return (long)got;
}

struct server {
	struct netconn *listener;
	uint32_t seed_in, seed_out;
	size_t len;
	err_t accept_err, send_err;
	long received;
	uint64_t received_at;
};

/* Accepts one connection, reads len bytes, then sends len bytes back. */
static void tcp_server(void *arg)
{
	struct server *s = arg;
	struct netconn *c;

	s->accept_err = netconn_accept(s->listener, &c);
	if (s->accept_err != ERR_OK)
		return;
	netconn_set_recvtimeout(c, RECV_TIMEOUT_MS);
	s->received = recv_pattern(c, s->seed_in, s->len);
	s->received_at = clock_ns();
	if (s->received == (long)s->len)
		s->send_err = send_pattern(c, s->seed_out, s->len);
	netconn_close(c);
	netconn_delete(c);
}

/*
 * A TCP connection from client (made by the caller, maybe bound) to
 * server_addr:port, len bytes each way, checked; returns the time the
 * first direction took in ns, or 0 after a failure (reported).
 */
static uint64_t tcp_both_ways(struct ktest_ctx *ktest_ctx, struct netconn *listener,
                              struct netconn *client, const ip_addr_t *server_addr,
                              u16_t port, size_t len)
{
	struct server s = { .listener = listener, .seed_in = 0x1234, .seed_out = 0xbeef,
	                    .len = len, .accept_err = ERR_OK, .send_err = ERR_OK };

	if (netconn_listen(listener) != ERR_OK) {
		KEXPECT_TRUE(!"listen failed");
		return 0;
	}
	struct thread *t = thread_create("kt-tcpsrv", tcp_server, &s);
	if (!t) {
		KEXPECT_TRUE(!"no server thread");
		return 0;
	}
	netconn_set_recvtimeout(client, RECV_TIMEOUT_MS);
	err_t err = netconn_connect(client, server_addr, port);
	KEXPECT_EQ(err, ERR_OK);
	uint64_t start = clock_ns();
	long back = -1;
	if (err == ERR_OK) {
		KEXPECT_EQ(send_pattern(client, s.seed_in, len), ERR_OK);
		back = recv_pattern(client, s.seed_out, len);
	}
	netconn_close(client);
	if (err != ERR_OK)
		netconn_close(listener);   /* ends the accept */
	thread_join(t);
	KEXPECT_EQ(s.accept_err, ERR_OK);
	KEXPECT_EQ(s.received, (long)len);
	KEXPECT_EQ(s.send_err, ERR_OK);
	KEXPECT_EQ(back, (long)len);
	if (s.received != (long)len || back != (long)len)
		return 0;
	return s.received_at - start;
}

KTEST(net, loopback_is_up_with_both_addresses)
{
	LOCK_TCPIP_CORE();
	struct netif *lo = netif_find("lo0");
	UNLOCK_TCPIP_CORE();
	KASSERT_NE(lo, NULL);
	KEXPECT_TRUE(netif_is_up(lo));
	KEXPECT_TRUE(netif_is_link_up(lo));
	KEXPECT_EQ(lwip_ntohl(ip4_addr_get_u32(netif_ip4_addr(lo))), 0x7f000001);
	KEXPECT_TRUE(ip6_addr_isloopback(netif_ip6_addr(lo, 0)));
}

/* lwIP's cyclic timers (ARP, reassembly, ND, MLD, IGMP, DHCP fine) run
   every 100 ms to 1 s: let them all run once, for their assertions. */
KTEST(net, every_cyclic_timer_runs)
{
	sleep_ms(1100);
	LOCK_TCPIP_CORE();
	struct netif *lo = netif_find("lo0");
	UNLOCK_TCPIP_CORE();
	KEXPECT_NE(lo, NULL);
}

KTEST(net, tcp_loopback_ipv4_1mib_each_way)
{
	const size_t len = 1 << 20;
	ip_addr_t lo;
	IP_ADDR4(&lo, 127, 0, 0, 1);

	struct netconn *l = netconn_new(NETCONN_TCP), *c = netconn_new(NETCONN_TCP);
	KASSERT_NE(l, NULL);
	KASSERT_NE(c, NULL);
	KASSERT_EQ(netconn_bind(l, &lo, 5001), ERR_OK);
	uint64_t ns = tcp_both_ways(ktest_ctx, l, c, &lo, 5001, len);
	netconn_delete(c);
	netconn_delete(l);
	if (ns) {
		uint64_t us = ns / 1000 ? ns / 1000 : 1;
		kprintf_raw("net: loopback TCP 1 MiB in %lu ms (%lu MiB/s)\n",
		            (unsigned long)(ns / NSEC_PER_MSEC),
		            (unsigned long)((uint64_t)len * 1000000 / us >> 20));
	}
}

KTEST(net, tcp_loopback_ipv6)
{
	ip_addr_t lo;
	ip_addr_set_loopback(1, &lo);

	struct netconn *l = netconn_new(NETCONN_TCP_IPV6), *c = netconn_new(NETCONN_TCP_IPV6);
	KASSERT_NE(l, NULL);
	KASSERT_NE(c, NULL);
	KASSERT_EQ(netconn_bind(l, &lo, 5002), ERR_OK);
	KEXPECT_NE(tcp_both_ways(ktest_ctx, l, c, &lo, 5002, 256 * 1024), 0);
	netconn_delete(c);
	netconn_delete(l);
}

KTEST(net, udp_loopback_datagrams_keep_boundaries_and_source)
{
	ip_addr_t lo;
	IP_ADDR4(&lo, 127, 0, 0, 1);
	struct netconn *srv = netconn_new(NETCONN_UDP), *cli = netconn_new(NETCONN_UDP);
	KASSERT_NE(srv, NULL);
	KASSERT_NE(cli, NULL);
	KASSERT_EQ(netconn_bind(srv, &lo, 7001), ERR_OK);
	KASSERT_EQ(netconn_bind(cli, &lo, 7002), ERR_OK);
	netconn_set_recvtimeout(srv, 1000);

	static uint8_t data[1400];
	for (int k = 0; k < 8; k++) {
		u16_t n = (u16_t)(1 + k * 199);
		for (u16_t i = 0; i < n; i++)
			data[i] = pattern((uint32_t)k, i);
		struct netbuf *nb = netbuf_new();
		KASSERT_NE(nb, NULL);
		KEXPECT_EQ(netbuf_ref(nb, data, n), ERR_OK);
		KEXPECT_EQ(netconn_sendto(cli, nb, &lo, 7001), ERR_OK);
		netbuf_delete(nb);

		struct netbuf *in;
		KASSERT_EQ(netconn_recv(srv, &in), ERR_OK);
		KEXPECT_EQ(netbuf_len(in), n);
		KEXPECT_EQ(netbuf_fromport(in), 7002);
		KEXPECT_TRUE(ip_addr_cmp(netbuf_fromaddr(in), &lo));
		uint8_t *copy = kmalloc(n);
		KASSERT_NE(copy, NULL);
		KEXPECT_EQ(netbuf_copy(in, copy, n), n);
		int bad = 0;
		for (u16_t i = 0; i < n; i++)
			bad += copy[i] != pattern((uint32_t)k, i);
		KEXPECT_EQ(bad, 0);
		kfree(copy);
		netbuf_delete(in);
	}
	netconn_delete(cli);
	netconn_delete(srv);
}

KTEST(net, connect_to_closed_port_is_refused_at_once)
{
	ip_addr_t lo;
	IP_ADDR4(&lo, 127, 0, 0, 1);
	struct netconn *c = netconn_new(NETCONN_TCP);
	KASSERT_NE(c, NULL);
	uint64_t start = clock_ns();
	err_t err = netconn_connect(c, &lo, 5999);
	uint64_t took = clock_ns() - start;
	/* lwIP reports the reset; the socket layer turns it into Linux's
	   ECONNREFUSED for connect. */
	KEXPECT_EQ(err, ERR_RST);
	KEXPECT_EQ(err_to_errno(err), ECONNRESET);
	KEXPECT_LT(took, 200 * NSEC_PER_MSEC);
	netconn_delete(c);
}

KTEST(net, recv_timeout_ends_the_wait)
{
	ip_addr_t lo;
	IP_ADDR4(&lo, 127, 0, 0, 1);
	struct netconn *c = netconn_new(NETCONN_UDP);
	KASSERT_NE(c, NULL);
	KASSERT_EQ(netconn_bind(c, &lo, 7003), ERR_OK);
	netconn_set_recvtimeout(c, 50);
	struct netbuf *nb = 0;
	uint64_t start = clock_ns();
	err_t err = netconn_recv(c, &nb);
	uint64_t took = clock_ns() - start;
	KEXPECT_EQ(err, ERR_TIMEOUT);
	KEXPECT_EQ(nb, NULL);
	KEXPECT_GE(took, 50 * NSEC_PER_MSEC);
	KEXPECT_LT(took, 1000 * NSEC_PER_MSEC);
	netconn_delete(c);
}

static long pool_used(int pool)
{
	return lwip_stats.memp[pool]->used;
}

KTEST(net, fifty_sequential_connections_do_not_leak)
{
	ip_addr_t lo;
	IP_ADDR4(&lo, 127, 0, 0, 1);
	struct netconn *l = netconn_new(NETCONN_TCP);
	KASSERT_NE(l, NULL);
	KASSERT_EQ(netconn_bind(l, &lo, 5003), ERR_OK);
	KASSERT_EQ(netconn_listen(l), ERR_OK);
	netconn_set_recvtimeout(l, RECV_TIMEOUT_MS);

	long netconns = pool_used(MEMP_NETCONN), segs = pool_used(MEMP_TCP_SEG);
	long pool = pool_used(MEMP_PBUF_POOL), netbufs = pool_used(MEMP_NETBUF);
	long heap = net_lwip_heap_outstanding();
	int ok = 0;
	for (int i = 0; i < 50; i++) {
		struct netconn *c = netconn_new(NETCONN_TCP), *a = 0;
		if (!c)
			break;
		netconn_set_recvtimeout(c, RECV_TIMEOUT_MS);
		if (netconn_connect(c, &lo, 5003) == ERR_OK && netconn_accept(l, &a) == ERR_OK) {
			netconn_set_recvtimeout(a, RECV_TIMEOUT_MS);
			if (send_pattern(c, (uint32_t)i, 1000) == ERR_OK &&
			    recv_pattern(a, (uint32_t)i, 1000) == 1000 &&
			    send_pattern(a, (uint32_t)~i, 1000) == ERR_OK &&
			    recv_pattern(c, (uint32_t)~i, 1000) == 1000)
				ok++;
		}
		netconn_close(c);
		netconn_delete(c);
		if (a) {
			netconn_close(a);
			netconn_delete(a);
		}
	}
	KEXPECT_EQ(ok, 50);
	/* The closing handshakes finish in the tcpip thread. */
	for (int i = 0; i < 100 && (pool_used(MEMP_NETCONN) != netconns ||
	                            net_lwip_heap_outstanding() != heap); i++)
		sleep_ms(10);
	KEXPECT_EQ(pool_used(MEMP_NETCONN), netconns);
	KEXPECT_EQ(pool_used(MEMP_TCP_SEG), segs);
	KEXPECT_EQ(pool_used(MEMP_PBUF_POOL), pool);
	KEXPECT_EQ(pool_used(MEMP_NETBUF), netbufs);
	KEXPECT_EQ(net_lwip_heap_outstanding(), heap);
	/* 50 closed connections left up to 100 TIME_WAIT PCBs in a pool of
	   MEMP_NUM_TCP_PCB: lwIP recycles the oldest, so it kept working. */
	KEXPECT_LE(pool_used(MEMP_TCP_PCB), MEMP_NUM_TCP_PCB);
	KEXPECT_EQ(lwip_stats.memp[MEMP_NETCONN]->err, 0);
	netconn_delete(l);
}

KTEST(net, ip_config_parser)
{
	struct net_ip_config cfg;

	KASSERT_EQ(net_parse_ip_config("10.0.2.15/24,10.0.2.2", &cfg), 0);
	KEXPECT_EQ(cfg.mode, NET_IP_STATIC);
	KEXPECT_EQ(lwip_ntohl(cfg.addr), 0x0a00020f);
	KEXPECT_EQ(lwip_ntohl(cfg.netmask), 0xffffff00);
	KEXPECT_EQ(lwip_ntohl(cfg.gateway), 0x0a000202);
	KEXPECT_EQ(cfg.prefix, 24);
	KASSERT_EQ(net_parse_ip_config("192.168.1.7/32", &cfg), 0);
	KEXPECT_EQ(lwip_ntohl(cfg.netmask), 0xffffffff);
	KEXPECT_EQ(cfg.gateway, 0);
	KASSERT_EQ(net_parse_ip_config("dhcp", &cfg), 0);
	KEXPECT_EQ(cfg.mode, NET_IP_DHCP);
	KASSERT_EQ(net_parse_ip_config("off", &cfg), 0);
	KEXPECT_EQ(cfg.mode, NET_IP_OFF);
	KEXPECT_EQ(net_parse_ip_config("10.0.2.15", &cfg), -EINVAL);
	KEXPECT_EQ(net_parse_ip_config("10.0.2.15/33", &cfg), -EINVAL);
	KEXPECT_EQ(net_parse_ip_config("10.0.2.15/0", &cfg), -EINVAL);
	KEXPECT_EQ(net_parse_ip_config("10.2/8", &cfg), -EINVAL);
	KEXPECT_EQ(net_parse_ip_config("10.0.2.15/24,gw", &cfg), -EINVAL);
	KEXPECT_EQ(net_parse_ip_config("10.0.2.x/24", &cfg), -EINVAL);
}

/*
 * Two fake cards wired back to back: what one transmits, the other
 * receives at once.  rx is called from transmit, so in the thread
 * holding the core lock rather than a driver thread; the glue only
 * queues the frame for the tcpip thread, so that is safe.
 */
struct fake_nic {
	struct nic nic;
	struct fake_nic *peer;
};

static int fake_transmit(struct nic *nic, const void *frame, size_t len)
{
	struct fake_nic *f = (struct fake_nic *)nic;
	struct nic *peer = &f->peer->nic;

	if (len > NIC_FRAME_MAX)
		return -EINVAL;
	nic->tx_packets++;
	nic->tx_bytes += len;
	void (*rx)(struct nic *, const void *, size_t) = peer->rx;
	if (rx && peer->link_up) {
		peer->rx_packets++;
		peer->rx_bytes += len;
		rx(peer, frame, len);
	} else {
		peer->rx_dropped++;
	}
	return 0;
}

static const struct nic_ops fake_ops = { .transmit = fake_transmit };

/* Two fake cards (MACs 02:00:00:00:00:01 and :02), wired together. */
static void fake_pair_init(struct fake_nic *a, struct fake_nic *b)
{
	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	struct fake_nic *f[2] = { a, b };
	for (int i = 0; i < 2; i++) {
		memcpy(f[i]->nic.name, i ? "fake1" : "fake0", 6);
		f[i]->nic.index = 100 + i;
		f[i]->nic.model = "fake";
		const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, (uint8_t)(1 + i) };
		memcpy(f[i]->nic.mac, mac, 6);
		f[i]->nic.mtu = 1500;
		f[i]->nic.link_up = true;
		f[i]->nic.ops = &fake_ops;
		f[i]->peer = f[1 - i];
	}
}

/* IPv6 over the fake wire: link-local addresses (after duplicate address
   detection, about a second), neighbour discovery through the
   solicited-node multicast groups MLD joined, TCP with zones. */
KTEST(net, ipv6_link_local_tcp_between_two_fake_cards)
{
	static struct fake_nic a, b;
	fake_pair_init(&a, &b);
	struct net_ip_config off = { .mode = NET_IP_OFF };
	struct netif *na = net_eth_attach(&a.nic, &off);
	struct netif *nb = net_eth_attach(&b.nic, &off);
	KASSERT_NE(na, NULL);
	KASSERT_NE(nb, NULL);
	for (int i = 0; i < 400 && !(ip6_addr_isvalid(netif_ip6_addr_state(na, 0)) &&
	                             ip6_addr_isvalid(netif_ip6_addr_state(nb, 0))); i++)
		sleep_ms(10);
	KEXPECT_TRUE(ip6_addr_isvalid(netif_ip6_addr_state(na, 0)));
	KEXPECT_TRUE(ip6_addr_isvalid(netif_ip6_addr_state(nb, 0)));

	ip_addr_t addr_a, addr_b, to_b;
	ip_addr_copy_from_ip6(addr_a, *netif_ip6_addr(na, 0));
	ip_addr_copy_from_ip6(addr_b, *netif_ip6_addr(nb, 0));
	/* Seen from card a, b's link-local address is in a's zone. */
	ip_addr_copy(to_b, addr_b);
	ip6_addr_set_zone(ip_2_ip6(&to_b), netif_get_index(na));
	struct netconn *l = netconn_new(NETCONN_TCP_IPV6), *c = netconn_new(NETCONN_TCP_IPV6);
	KASSERT_NE(l, NULL);
	KASSERT_NE(c, NULL);
	KEXPECT_EQ(netconn_bind(l, &addr_b, 5005), ERR_OK);
	KEXPECT_EQ(netconn_bind_if(l, netif_get_index(nb)), ERR_OK);
	KEXPECT_EQ(netconn_bind(c, &addr_a, 0), ERR_OK);
	KEXPECT_EQ(netconn_bind_if(c, netif_get_index(na)), ERR_OK);
	uint64_t tx_before = a.nic.tx_packets;
	KEXPECT_NE(tcp_both_ways(ktest_ctx, l, c, &to_b, 5005, 64 * 1024), 0);
	netconn_delete(c);
	netconn_delete(l);
	KEXPECT_GE(a.nic.tx_packets - tx_before, 64 * 1024 / 1460);
	net_eth_detach(&a.nic);
	net_eth_detach(&b.nic);
}

KTEST(net, ethernet_glue_between_two_fake_cards)
{
	static struct fake_nic a, b;
	fake_pair_init(&a, &b);
	struct net_ip_config ca, cb;
	KASSERT_EQ(net_parse_ip_config("10.99.0.1/24", &ca), 0);
	KASSERT_EQ(net_parse_ip_config("10.99.0.2/24", &cb), 0);
	struct netif *old_default = netif_default;
	struct netif *na = net_eth_attach(&a.nic, &ca);
	struct netif *nb = net_eth_attach(&b.nic, &cb);
	KASSERT_NE(na, NULL);
	KASSERT_NE(nb, NULL);
	KEXPECT_TRUE(netif_is_up(na) && netif_is_link_up(na));
	KEXPECT_EQ(memcmp(na->hwaddr, a.nic.mac, 6), 0);
	KEXPECT_EQ(na->mtu, 1500);
	KEXPECT_TRUE(ip6_addr_islinklocal(netif_ip6_addr(na, 0)));
	KEXPECT_EQ(a.nic.rx != NULL, 1);
	if (!old_default)
		KEXPECT_EQ(netif_default, na);   /* the first card attached */

	/* Both addresses are this stack's own: bind each end to its card, or
	   lwIP would short-cut through loopback. */
	ip_addr_t addr_a, addr_b;
	IP_ADDR4(&addr_a, 10, 99, 0, 1);
	IP_ADDR4(&addr_b, 10, 99, 0, 2);
	struct netconn *l = netconn_new(NETCONN_TCP), *c = netconn_new(NETCONN_TCP);
	KASSERT_NE(l, NULL);
	KASSERT_NE(c, NULL);
	KEXPECT_EQ(netconn_bind(l, &addr_b, 5004), ERR_OK);
	KEXPECT_EQ(netconn_bind_if(l, netif_get_index(nb)), ERR_OK);
	KEXPECT_EQ(netconn_bind(c, &addr_a, 0), ERR_OK);
	KEXPECT_EQ(netconn_bind_if(c, netif_get_index(na)), ERR_OK);
	const size_t len = 256 * 1024;
	uint64_t ns = tcp_both_ways(ktest_ctx, l, c, &addr_b, 5004, len);
	KEXPECT_NE(ns, 0);
	netconn_delete(c);
	netconn_delete(l);
	/* Every byte crossed the fake wire, in full-size frames. */
	KEXPECT_GE(a.nic.tx_packets, len / 1460);
	KEXPECT_GE(b.nic.tx_packets, len / 1460);
	KEXPECT_GE(a.nic.tx_bytes, len);
	if (ns)
		kprintf_raw("net: fake-card TCP 256 KiB in %lu ms, %lu frames each way\n",
		            (unsigned long)(ns / NSEC_PER_MSEC), (unsigned long)a.nic.tx_packets);

	/* Link down and up again reach the interface through tcpip_callback. */
	b.nic.link_up = false;
	b.nic.link_changed(&b.nic);
	for (int i = 0; i < 100 && netif_is_link_up(nb); i++)
		sleep_ms(1);
	KEXPECT_FALSE(netif_is_link_up(nb));
	b.nic.link_up = true;
	b.nic.link_changed(&b.nic);
	for (int i = 0; i < 100 && !netif_is_link_up(nb); i++)
		sleep_ms(1);
	KEXPECT_TRUE(netif_is_link_up(nb));

	net_eth_detach(&a.nic);
	net_eth_detach(&b.nic);
	KEXPECT_EQ(a.nic.rx, NULL);
	int listed = 0;
	LOCK_TCPIP_CORE();
	struct netif *n;
	NETIF_FOREACH(n)
		listed += n == na || n == nb;
	UNLOCK_TCPIP_CORE();
	KEXPECT_EQ(listed, 0);
	KEXPECT_EQ(netif_default, old_default);
}
