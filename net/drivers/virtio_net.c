/*
 * net/drivers/virtio_net.c - virtio-net over the legacy PCI interface.
 *
 * QEMU's -device virtio-net-pci is "transitional": BAR0 is the legacy
 * (virtio 0.9.5) I/O-port register block, next to the modern capabilities.
 * This driver uses the legacy block: features are 32 bits, each queue is a
 * split ring of the size the device says, laid out by vring_init() with
 * 4096-byte alignment in contiguous DMA pages, its page number written to
 * QUEUE_PFN.  Queue 0 receives, queue 1 transmits.  Only VIRTIO_NET_F_MAC
 * and VIRTIO_NET_F_STATUS are negotiated: no offloads and no mergeable
 * buffers, so every buffer starts with the 10-byte struct virtio_net_hdr.
 *
 * Receive: up to VNET_BUFS buffers of VNET_BUF_SIZE bytes, one descriptor
 * each, stay posted.  The interrupt handler reads ISR (which acknowledges
 * the interrupt and lowers the line) and wakes the receive thread, which
 * takes the used entries, hands each frame to nic->rx and posts the
 * buffer again.  Transmit: a free list of descriptors with their own
 * buffers; used ones are taken back on the next transmit (transmit
 * completions do not interrupt).  Ring updates happen with interrupts
 * off (one CPU: see sched.h).
 *
 * All register offsets, bits and layouts come from <linux/virtio_*.h>.
 */
#include "net/drivers/drivers.h"

#include <linux/errno.h>
#include <linux/virtio_config.h>
#include <linux/virtio_net.h>
#include <linux/virtio_pci.h>
#include <linux/virtio_ring.h>

#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/ioapic.h"
#include "drivers/pci.h"
#include "lib/format.h"
#include "lib/kstring.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "net/nic.h"
#include "sched/sched.h"

/* The virtio PCI vendor, and the transitional network device id (virtio
   specification 1.1, 4.1.2.1 and 4.1.2.3: "Transitional PCI Device ID"
   0x1000 for a network card; 0x1041 is the modern-only id). */
#define VIRTIO_PCI_VENDOR 0x1AF4
#define VIRTIO_PCI_DEVICE_NET_LEGACY 0x1000
#define VIRTIO_PCI_DEVICE_NET_MODERN 0x1041

#define VNET_RXQ 0
#define VNET_TXQ 1
#define VNET_BUFS 64           /* buffers per queue (at most the queue size) */
#define VNET_BUF_SIZE 2048     /* header + largest frame, two per page */
#define VNET_HDR_LEN sizeof(struct virtio_net_hdr)

struct vq {
	uint16_t num;          /* the device's queue size */
	uint16_t nbufs;        /* descriptors in use: min(num, VNET_BUFS) */
	struct vring ring;
	uint16_t last_used;    /* next used entry to look at */
	uint16_t avail_idx;    /* our copy of avail->idx */
	uint64_t buf_phys[VNET_BUFS];
	uint8_t *buf[VNET_BUFS];
	/* Transmit only: the free descriptors. */
	uint16_t free[VNET_BUFS];
	uint16_t nfree;
};

struct vnet {
	struct nic nic;
	struct pci_dev *pci;
	uint16_t io;           /* BAR0 */
	uint32_t features;
	struct vq rx, tx;
	struct waitq wq;
	bool config_changed;   /* set by the interrupt, taken by the thread */
	bool woken;
};

bool virtio_net_match(const struct pci_dev *d)
{
	return d->vendor == VIRTIO_PCI_VENDOR &&
	       (d->device == VIRTIO_PCI_DEVICE_NET_LEGACY ||
	        d->device == VIRTIO_PCI_DEVICE_NET_MODERN);
}

static uint8_t cfg8(struct vnet *v, size_t off)
{
	return inb((uint16_t)(v->io + VIRTIO_PCI_CONFIG_OFF(0) + off));
}

static uint16_t cfg16(struct vnet *v, size_t off)
{
	return inw((uint16_t)(v->io + VIRTIO_PCI_CONFIG_OFF(0) + off));
}

static bool read_link(struct vnet *v)
{
	if (!(v->features & (1u << VIRTIO_NET_F_STATUS)))
		return true; /* no status field: the link is always up */
	return cfg16(v, offsetof(struct virtio_net_config, status)) & VIRTIO_NET_S_LINK_UP;
}

/* Sets queue q up: ring memory, buffers, QUEUE_PFN.  0 or -errno. */
static int setup_queue(struct vnet *v, struct vq *q, uint16_t index, bool device_writes)
{
	outw((uint16_t)(v->io + VIRTIO_PCI_QUEUE_SEL), index);
	q->num = inw((uint16_t)(v->io + VIRTIO_PCI_QUEUE_NUM));
	if (q->num == 0)
		return -ENODEV;
	if (inl((uint16_t)(v->io + VIRTIO_PCI_QUEUE_PFN)) != 0)
		return -EBUSY;
	q->nbufs = q->num < VNET_BUFS ? q->num : VNET_BUFS;
	uint64_t bytes = vring_size(q->num, VIRTIO_PCI_VRING_ALIGN);
	uint64_t pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	uint64_t ring_pa = netdrv_dma_alloc(pages);
	if (!ring_pa)
		return -ENOMEM;
	vring_init(&q->ring, q->num, phys_to_virt(ring_pa), VIRTIO_PCI_VRING_ALIGN);
	for (uint16_t i = 0; i < q->nbufs; i += 2) {
		uint64_t pa = netdrv_dma_alloc(1);
		if (!pa)
			return -ENOMEM;
		for (uint16_t j = 0; j < 2 && i + j < q->nbufs; j++) {
			q->buf_phys[i + j] = pa + j * VNET_BUF_SIZE;
			q->buf[i + j] = (uint8_t *)phys_to_virt(pa) + j * VNET_BUF_SIZE;
		}
	}
	for (uint16_t i = 0; i < q->nbufs; i++) {
		struct vring_desc *d = &q->ring.desc[i];
		d->addr = q->buf_phys[i];
		d->len = VNET_BUF_SIZE;
		d->flags = device_writes ? VRING_DESC_F_WRITE : 0;
		d->next = 0;
		if (device_writes) {
			q->ring.avail->ring[q->avail_idx % q->num] = i;
			q->avail_idx++;
		} else {
			q->free[q->nfree++] = i;
		}
	}
	if (!device_writes)
		q->ring.avail->flags = VRING_AVAIL_F_NO_INTERRUPT;
	netdrv_mb();
	q->ring.avail->idx = q->avail_idx;
	outl((uint16_t)(v->io + VIRTIO_PCI_QUEUE_PFN),
	     (uint32_t)(ring_pa >> VIRTIO_PCI_QUEUE_ADDR_SHIFT));
	return 0;
}

/* Takes back the transmit descriptors the device is done with.
   Interrupts off. */
static void tx_reclaim(struct vnet *v)
{
	struct vq *q = &v->tx;
	netdrv_mb();
	while (q->last_used != *(volatile uint16_t *)&q->ring.used->idx) {
		uint32_t id = q->ring.used->ring[q->last_used % q->num].id;
		if (id < q->nbufs && q->nfree < q->nbufs)
			q->free[q->nfree++] = (uint16_t)id;
		q->last_used++;
	}
}

static int vnet_transmit(struct nic *nic, const void *frame, size_t len)
{
	struct vnet *v = nic->priv;
	struct vq *q = &v->tx;

	if (len > NIC_FRAME_MAX)
		return -EINVAL;
	bool on = irq_save();
	tx_reclaim(v);
	if (q->nfree == 0) {
		irq_restore(on);
		return -ENOBUFS;
	}
	uint16_t id = q->free[--q->nfree];
	uint8_t *buf = q->buf[id];
	memset(buf, 0, VNET_HDR_LEN); /* no checksum offload, no GSO */
	memcpy(buf + VNET_HDR_LEN, frame, len);
	q->ring.desc[id].len = (uint32_t)(VNET_HDR_LEN + len);
	q->ring.avail->ring[q->avail_idx % q->num] = id;
	q->avail_idx++;
	netdrv_mb();
	q->ring.avail->idx = q->avail_idx;
	netdrv_mb();
	outw((uint16_t)(v->io + VIRTIO_PCI_QUEUE_NOTIFY), VNET_TXQ);
	nic->tx_packets++;
	nic->tx_bytes += len;
	irq_restore(on);
	return 0;
}

static const struct nic_ops vnet_ops = { .transmit = vnet_transmit };

/* Reading ISR acknowledges the interrupt; 0 means it was another card's. */
static void vnet_interrupt(void *arg)
{
	struct vnet *v = arg;
	uint8_t isr = inb((uint16_t)(v->io + VIRTIO_PCI_ISR));
	if (!isr)
		return;
	if (isr & VIRTIO_PCI_ISR_CONFIG)
		v->config_changed = true;
	v->woken = true;
	waitq_wake_one(&v->wq);
}

static bool rx_pending(struct vnet *v)
{
	return v->rx.last_used != *(volatile uint16_t *)&v->rx.ring.used->idx;
}

static void vnet_rx_thread(void *arg)
{
	struct vnet *v = arg;
	struct nic *nic = &v->nic;
	struct vq *q = &v->rx;

	for (;;) {
		bool on = irq_save();
		while (!v->woken && !rx_pending(v))
			waitq_block(&v->wq, 0);
		v->woken = false;
		bool cfg = v->config_changed;
		v->config_changed = false;
		irq_restore(on);

		bool posted = false;
		while (rx_pending(v)) {
			netdrv_mb();
			struct vring_used_elem e = q->ring.used->ring[q->last_used % q->num];
			q->last_used++;
			if (e.id >= q->nbufs)
				continue;
			void (*rx)(struct nic *, const void *, size_t) = nic->rx;
			if (e.len > VNET_HDR_LEN && rx) {
				size_t len = e.len - VNET_HDR_LEN;
				nic->rx_packets++;
				nic->rx_bytes += len;
				rx(nic, q->buf[e.id] + VNET_HDR_LEN, len);
			} else {
				nic->rx_dropped++;
			}
			on = irq_save();
			q->ring.avail->ring[q->avail_idx % q->num] = (uint16_t)e.id;
			q->avail_idx++;
			netdrv_mb();
			q->ring.avail->idx = q->avail_idx;
			irq_restore(on);
			posted = true;
		}
		if (posted) {
			netdrv_mb();
			outw((uint16_t)(v->io + VIRTIO_PCI_QUEUE_NOTIFY), VNET_RXQ);
		}
		if (cfg) {
			bool up = read_link(v);
			if (up != nic->link_up) {
				nic->link_up = up;
				pr_info("net: %s: link %s\n", nic->name, up ? "up" : "down");
				if (nic->link_changed)
					nic->link_changed(nic);
			}
		}
	}
}

static void fail(struct pci_dev *d, struct vnet *v, const char *why, int err)
{
	pr_warn("net: virtio-net at %02x:%02x.%x: %s (error %d); card skipped\n", d->bus,
	        d->slot, d->func, why, -err);
	if (v && v->io)
		outb((uint16_t)(v->io + VIRTIO_PCI_STATUS), VIRTIO_CONFIG_S_FAILED);
}

int virtio_net_probe(struct pci_dev *d)
{
	if (d->device != VIRTIO_PCI_DEVICE_NET_LEGACY || !d->bar[0].io || !d->bar[0].base) {
		fail(d, 0, "no legacy I/O BAR (modern-only devices are not supported)", -ENODEV);
		return -ENODEV;
	}
	struct vnet *v = kmalloc(sizeof(*v));
	if (!v) {
		fail(d, 0, "out of memory", -ENOMEM);
		return -ENOMEM;
	}
	memset(v, 0, sizeof(*v));
	v->pci = d;
	v->io = (uint16_t)d->bar[0].base;
	waitq_init(&v->wq);
	pci_enable(d);

	uint16_t status = v->io + VIRTIO_PCI_STATUS;
	outb(status, 0); /* reset */
	outb(status, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	outb(status, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	uint32_t host = inl((uint16_t)(v->io + VIRTIO_PCI_HOST_FEATURES));
	v->features = host & ((1u << VIRTIO_NET_F_MAC) | (1u << VIRTIO_NET_F_STATUS));
	outl((uint16_t)(v->io + VIRTIO_PCI_GUEST_FEATURES), v->features);
	if (!(v->features & (1u << VIRTIO_NET_F_MAC))) {
		fail(d, v, "the device offers no MAC address", -ENODEV);
		return -ENODEV;
	}

	int r = setup_queue(v, &v->rx, VNET_RXQ, true);
	if (r == 0)
		r = setup_queue(v, &v->tx, VNET_TXQ, false);
	if (r < 0) {
		fail(d, v, "cannot set up the queues", r);
		return r;
	}

	struct nic *nic = &v->nic;
	nic->model = "virtio-net";
	nic->mtu = 1500;
	nic->ops = &vnet_ops;
	nic->priv = v;
	for (size_t i = 0; i < NIC_ETH_ALEN; i++)
		nic->mac[i] = cfg8(v, offsetof(struct virtio_net_config, mac) + i);
	nic->link_up = read_link(v);

	if (d->irq_pin == 0 || d->irq_line == 0 || d->irq_line == 0xFF ||
	    !ioapic_route_pci(d->irq_line, vnet_interrupt, v)) {
		fail(d, v, "no usable interrupt line", -ENODEV);
		return -ENODEV;
	}
	r = nic_register(nic);
	if (r < 0) {
		fail(d, v, "too many cards", r);
		return r;
	}
	char mac[18];
	nic_format_mac(nic->mac, mac);
	char tname[THREAD_NAME_MAX];
	ksnprintf(tname, sizeof(tname), "%s-rx", nic->name);
	if (!thread_create(tname, vnet_rx_thread, v)) {
		pr_warn("net: %s: cannot start the receive thread\n", nic->name);
		return -ENOMEM;
	}
	outb(status, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
	                     VIRTIO_CONFIG_S_DRIVER_OK);
	outw((uint16_t)(v->io + VIRTIO_PCI_QUEUE_NOTIFY), VNET_RXQ);
	pr_info("net: %s: virtio-net at %02x:%02x.%x, MAC %s, irq %u, link %s\n", nic->name,
	        d->bus, d->slot, d->func, mac, d->irq_line, nic->link_up ? "up" : "down");
	return 0;
}
