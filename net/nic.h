/*
 * net/nic.h - what a network card driver gives the network stack.
 *
 * A driver (net/drivers/) fills a struct nic for each card it finds and
 * calls nic_register(), which names it eth0, eth1, ... in registration
 * order (PCI bus order).  The stack (net/lwip/) then sets rx and
 * link_changed and sends with ops->transmit.  Frames are whole Ethernet
 * frames without the FCS.
 *
 * Threads: transmit may be called from any kernel thread with interrupts
 * on.  The driver's interrupt handler only acknowledges the card and wakes
 * the driver's receive thread; that thread drains the receive ring and
 * calls rx (so rx runs in thread context, never in an interrupt), and
 * calls link_changed after it updated link_up.
 */
#ifndef CUB_NET_NIC_H
#define CUB_NET_NIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NIC_NAME_MAX 16
#define NIC_MAX 8
#define NIC_ETH_ALEN 6
#define NIC_FRAME_MAX 1514     /* 14-byte header + 1500-byte MTU */

struct nic;

struct nic_ops {
	/* Queues one frame for sending: 0, or -ENOBUFS while the transmit
	   ring is full, -EINVAL for a frame longer than NIC_FRAME_MAX. */
	int (*transmit)(struct nic *nic, const void *frame, size_t len);
};

struct nic {
	char name[NIC_NAME_MAX];       /* set by nic_register */
	int index;                     /* 0 for eth0; set by nic_register */
	const char *model;             /* "virtio-net", "e1000" */
	uint8_t mac[NIC_ETH_ALEN];     /* read from the device */
	uint16_t mtu;                  /* 1500 */
	bool link_up;
	const struct nic_ops *ops;
	void *priv;                    /* the driver's */

	/* Set by the stack before it brings the card up; NULL = drop. */
	void (*rx)(struct nic *nic, const void *frame, size_t len);
	void (*link_changed)(struct nic *nic);
	void *stack_priv;

	/* Counters, kept by the driver. */
	uint64_t rx_packets, rx_bytes, rx_dropped;
	uint64_t tx_packets, tx_bytes, tx_dropped;
};

/* Names the card (eth0, eth1, ...) and adds it: 0, or -ENOSPC after
   NIC_MAX cards. */
int nic_register(struct nic *nic);

/* The registered cards, in order. */
int nic_count(void);
struct nic *nic_get(int index);

/* Formats mac as "52:54:00:12:34:56" into buf (at least 18 bytes). */
void nic_format_mac(const uint8_t mac[NIC_ETH_ALEN], char *buf);

#endif
