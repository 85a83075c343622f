/*
 * Network card tests: every registered card (net/nic.h) has a sane MAC
 * address and its link up, answers a real ARP round trip with QEMU's
 * user-mode network (slirp: the guest is 10.0.2.15, the gateway 10.0.2.2
 * answers ARP), and survives a burst of 300 full-size broadcast frames.
 *
 * ktest has no "skipped" result: without a card (the ordinary ktest boots)
 * each test passes trivially after saying so; the boot tests that add
 * cards (tests/boot/CMakeLists.txt, ktest-nics-*) check the lines these
 * tests print, including the MAC addresses they were given.
 */
#include "ktest/ktest.h"

#include <asm/byteorder.h>
#include <linux/errno.h>
#include <linux/if_ether.h>

#include "lib/kstring.h"
#include "lib/printk.h"
#include "net/drivers/arp_abi.h"
#include "net/nic.h"
#include "sched/clock.h"
#include "sched/sched.h"

#define GUEST_IP 0x0A00020Fu   /* 10.0.2.15, slirp's default guest address */
#define GATEWAY_IP 0x0A000202u /* 10.0.2.2, slirp's gateway */
#define ARP_TIMEOUT_NS (2 * NSEC_PER_SEC)

/* The Ethernet/IPv4 body of an ARP packet after struct arphdr (RFC 826;
   struct arphdr leaves these fields out). */
struct arp_eth_ipv4 {
	unsigned char sha[ETH_ALEN];
	unsigned char sip[4];
	unsigned char tha[ETH_ALEN];
	unsigned char tip[4];
} __attribute__((packed));

struct arp_frame {
	struct ethhdr eth;
	struct cub_arphdr arp;
	struct arp_eth_ipv4 body;
} __attribute__((packed));

static struct {
	struct waitq wq;
	struct nic *nic;
	volatile bool got_reply;
	unsigned char gateway_mac[ETH_ALEN];
	volatile uint64_t frames;
} probe;

static void put_ip(unsigned char *p, uint32_t ip)
{
	p[0] = (unsigned char)(ip >> 24);
	p[1] = (unsigned char)(ip >> 16);
	p[2] = (unsigned char)(ip >> 8);
	p[3] = (unsigned char)ip;
}

static bool same_ip(const unsigned char *p, uint32_t ip)
{
	unsigned char want[4];
	put_ip(want, ip);
	return memcmp(p, want, 4) == 0;
}

/* The rx callback while a test runs: looks for the gateway's ARP reply. */
static void probe_rx(struct nic *nic, const void *frame, size_t len)
{
	const struct arp_frame *f = frame;
	probe.frames++;
	if (nic != probe.nic || len < sizeof(*f))
		return;
	if (f->eth.h_proto != __cpu_to_be16(ETH_P_ARP) ||
	    f->arp.ar_op != __cpu_to_be16(CUB_ARPOP_REPLY) ||
	    f->arp.ar_hrd != __cpu_to_be16(CUB_ARPHRD_ETHER) ||
	    f->arp.ar_pro != __cpu_to_be16(ETH_P_IP) ||
	    !same_ip(f->body.sip, GATEWAY_IP) || !same_ip(f->body.tip, GUEST_IP) ||
	    memcmp(f->body.tha, nic->mac, ETH_ALEN) || memcmp(f->eth.h_dest, nic->mac, ETH_ALEN))
		return;
	memcpy(probe.gateway_mac, f->body.sha, ETH_ALEN);
	probe.got_reply = true;
	waitq_wake_all(&probe.wq);
}

/* Sends "who has 10.0.2.2? tell 10.0.2.15"; true when the reply came
   within ARP_TIMEOUT_NS.  *ms is how long it took. */
static bool arp_round_trip(struct nic *nic, uint64_t *ms)
{
	unsigned char buf[ETH_ZLEN];
	struct arp_frame *f = (struct arp_frame *)buf;

	memset(buf, 0, sizeof(buf));
	memset(f->eth.h_dest, 0xFF, ETH_ALEN);
	memcpy(f->eth.h_source, nic->mac, ETH_ALEN);
	f->eth.h_proto = __cpu_to_be16(ETH_P_ARP);
	f->arp.ar_hrd = __cpu_to_be16(CUB_ARPHRD_ETHER);
	f->arp.ar_pro = __cpu_to_be16(ETH_P_IP);
	f->arp.ar_hln = ETH_ALEN;
	f->arp.ar_pln = 4;
	f->arp.ar_op = __cpu_to_be16(CUB_ARPOP_REQUEST);
	memcpy(f->body.sha, nic->mac, ETH_ALEN);
	put_ip(f->body.sip, GUEST_IP);
	put_ip(f->body.tip, GATEWAY_IP);

	waitq_init(&probe.wq);
	probe.nic = nic;
	probe.got_reply = false;
	void (*old_rx)(struct nic *, const void *, size_t) = nic->rx;
	nic->rx = probe_rx;
	uint64_t start = clock_ns();
	int r = nic->ops->transmit(nic, buf, sizeof(buf));
	/* A full ring (after a burst) empties quickly: retry for a while. */
	while (r == -ENOBUFS && clock_ns() - start < ARP_TIMEOUT_NS) {
		sleep_ms(1);
		r = nic->ops->transmit(nic, buf, sizeof(buf));
	}
	if (r == 0)
		wait_event_timeout(&probe.wq, probe.got_reply, ARP_TIMEOUT_NS);
	nic->rx = old_rx;
	*ms = (clock_ns() - start) / NSEC_PER_MSEC;
	return r == 0 && probe.got_reply;
}

static bool no_cards(void)
{
	if (nic_count() == 0) {
		/* Nothing to test: this boot has no network card. */
		pr_notice("ktest net: no network cards; nothing to test\n");
		return true;
	}
	return false;
}

KTEST(nic, cards_have_a_mac_and_link_up)
{
	if (no_cards())
		return;
	for (int i = 0; i < nic_count(); i++) {
		struct nic *nic = nic_get(i);
		KASSERT_NE(nic, NULL);
		static const uint8_t zero[NIC_ETH_ALEN];
		KEXPECT_NE(memcmp(nic->mac, zero, NIC_ETH_ALEN), 0);
		KEXPECT_EQ(nic->mac[0] & 1, 0); /* unicast */
		KEXPECT_EQ(nic->mtu, 1500);
		KASSERT_NE(nic->ops, NULL);
		/* The link comes up at once on QEMU; allow a little time anyway. */
		uint64_t deadline = clock_ns() + 2 * NSEC_PER_SEC;
		while (!nic->link_up && clock_ns() < deadline)
			sleep_ms(10);
		KEXPECT_TRUE(nic->link_up);
		char mac[18];
		nic_format_mac(nic->mac, mac);
		pr_notice("ktest net: %s %s MAC %s link %s\n", nic->name, nic->model, mac,
		          nic->link_up ? "up" : "down");
	}
}

KTEST(nic, arp_round_trip_with_the_gateway)
{
	if (no_cards())
		return;
	for (int i = 0; i < nic_count(); i++) {
		struct nic *nic = nic_get(i);
		uint64_t rx_before = nic->rx_packets, tx_before = nic->tx_packets, ms = 0;
		bool ok = arp_round_trip(nic, &ms);
		KEXPECT_TRUE(ok);
		KEXPECT_GT(nic->tx_packets, tx_before);
		KEXPECT_GT(nic->rx_packets, rx_before);
		if (ok) {
			char mac[18];
			nic_format_mac(probe.gateway_mac, mac);
			pr_notice("ktest net: %s ARP reply: 10.0.2.2 is at %s (%lu ms)\n",
			          nic->name, mac, (unsigned long)ms);
		}
	}
}

KTEST(nic, burst_of_300_full_frames_then_arp_still_works)
{
	if (no_cards())
		return;
	static uint8_t frame[NIC_FRAME_MAX];
	for (int i = 0; i < nic_count(); i++) {
		struct nic *nic = nic_get(i);
		struct ethhdr *h = (struct ethhdr *)frame;
		memset(frame, 0x5A, sizeof(frame));
		memset(h->h_dest, 0xFF, ETH_ALEN);
		memcpy(h->h_source, nic->mac, ETH_ALEN);
		h->h_proto = __cpu_to_be16(ETH_P_802_EX1);
		/* Oversized frames are refused, not queued. */
		KEXPECT_EQ(nic->ops->transmit(nic, frame, NIC_FRAME_MAX + 1), -EINVAL);
		int sent = 0, full = 0;
		uint64_t deadline = clock_ns() + 10 * NSEC_PER_SEC;
		while (sent < 300 && clock_ns() < deadline) {
			int r = nic->ops->transmit(nic, frame, sizeof(frame));
			if (r == 0) {
				sent++;
			} else {
				KASSERT_EQ(r, -ENOBUFS);
				full++;
				sleep_ms(1);
			}
		}
		KEXPECT_EQ(sent, 300);
		uint64_t ms = 0;
		bool ok = arp_round_trip(nic, &ms);
		KEXPECT_TRUE(ok);
		if (ok)
			pr_notice("ktest net: %s sent 300 frames (ring full %d times), then ARP "
			          "in %lu ms\n", nic->name, full, (unsigned long)ms);
	}
}
