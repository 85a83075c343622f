/*
 * net/drivers/e1000.c - Intel 82540EM (QEMU's -device e1000).
 *
 * The registers are memory-mapped through BAR0.  After a device reset the
 * driver reads the MAC address from receive address 0 (RAL0/RAH0, which
 * the EEPROM loads; read the EEPROM through EERD when RAH0 is not valid),
 * sets up one receive and one transmit ring of legacy descriptors in DMA
 * pages with a 2048-byte buffer per descriptor, and enables the RXT0
 * (receive timer), LSC (link status change) and TXDW (transmit descriptor
 * written back) interrupts.  The interrupt handler reads ICR, which
 * acknowledges every cause and tells whether the interrupt was this
 * card's, and wakes the receive thread; the thread drains the receive
 * ring into nic->rx and follows STATUS.LU.  Transmit takes back finished
 * descriptors (DD set) and queues the frame, interrupts off.
 *
 * There is no Linux UAPI header for this device: each register offset and
 * bit below is a named constant citing "PCI/PCI-X Family of Gigabit
 * Ethernet Controllers Software Developer's Manual" (Intel 8254x, 317453),
 * section 13 (registers) and 3 (descriptors).
 */
#include "net/drivers/drivers.h"

#include <linux/errno.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/ioapic.h"
#include "drivers/pci.h"
#include "lib/format.h"
#include "lib/kstring.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "net/nic.h"
#include "sched/clock.h"
#include "sched/sched.h"

/* Vendor and device id of the 82540EM, desktop (manual 5.1, table 5-1). */
#define E1000_VENDOR_INTEL 0x8086
#define E1000_DEV_82540EM 0x100E

/* Register offsets (manual 13.1, table 13-2). */
#define E1000_CTRL 0x0000    /* 13.4.1 Device Control */
#define E1000_STATUS 0x0008  /* 13.4.2 Device Status */
#define E1000_EERD 0x0014    /* 13.4.4 EEPROM Read */
#define E1000_ICR 0x00C0     /* 13.4.17 Interrupt Cause Read */
#define E1000_IMS 0x00D0     /* 13.4.20 Interrupt Mask Set/Read */
#define E1000_IMC 0x00D8     /* 13.4.21 Interrupt Mask Clear */
#define E1000_RCTL 0x0100    /* 13.4.22 Receive Control */
#define E1000_TCTL 0x0400    /* 13.4.33 Transmit Control */
#define E1000_TIPG 0x0410    /* 13.4.34 Transmit IPG */
#define E1000_RDBAL 0x2800   /* 13.4.27 Receive Descriptor Base Low */
#define E1000_RDBAH 0x2804   /* 13.4.28 Receive Descriptor Base High */
#define E1000_RDLEN 0x2808   /* 13.4.29 Receive Descriptor Length */
#define E1000_RDH 0x2810     /* 13.4.30 Receive Descriptor Head */
#define E1000_RDT 0x2818     /* 13.4.31 Receive Descriptor Tail */
#define E1000_TDBAL 0x3800   /* 13.4.37 Transmit Descriptor Base Low */
#define E1000_TDBAH 0x3804   /* 13.4.38 Transmit Descriptor Base High */
#define E1000_TDLEN 0x3808   /* 13.4.39 Transmit Descriptor Length */
#define E1000_TDH 0x3810     /* 13.4.40 Transmit Descriptor Head */
#define E1000_TDT 0x3818     /* 13.4.41 Transmit Descriptor Tail */
#define E1000_MTA 0x5200     /* 13.5.1 Multicast Table Array, 128 dwords */
#define E1000_MTA_LEN 128
#define E1000_RAL0 0x5400    /* 13.5.2 Receive Address Low */
#define E1000_RAH0 0x5404    /* 13.5.3 Receive Address High */

/* CTRL bits (13.4.1, table 13-3). */
#define E1000_CTRL_ASDE (1u << 5)   /* auto-speed detection */
#define E1000_CTRL_SLU (1u << 6)    /* set link up */
#define E1000_CTRL_RST (1u << 26)   /* device reset, self-clearing */
/* STATUS bits (13.4.2, table 13-5). */
#define E1000_STATUS_LU (1u << 1)   /* link up */
/* EERD fields (13.4.4, table 13-7: 8254x except 82541/82547). */
#define E1000_EERD_START (1u << 0)
#define E1000_EERD_DONE (1u << 4)
#define E1000_EERD_ADDR_SHIFT 8
#define E1000_EERD_DATA_SHIFT 16
/* Interrupt causes, the same bits in ICR/IMS/IMC (13.4.17, table 13-64). */
#define E1000_ICR_TXDW (1u << 0)    /* transmit descriptor written back */
#define E1000_ICR_LSC (1u << 2)     /* link status change */
#define E1000_ICR_RXO (1u << 6)     /* receiver overrun */
#define E1000_ICR_RXT0 (1u << 7)    /* receiver timer (a frame arrived) */
/* RCTL bits (13.4.22, table 13-67). */
#define E1000_RCTL_EN (1u << 1)
#define E1000_RCTL_BAM (1u << 15)   /* accept broadcast */
#define E1000_RCTL_BSIZE_2048 0u    /* bits 17:16 = 00 with BSEX = 0 */
#define E1000_RCTL_SECRC (1u << 26) /* strip the Ethernet CRC */
/* TCTL bits (13.4.33, table 13-76) and the recommended values. */
#define E1000_TCTL_EN (1u << 1)
#define E1000_TCTL_PSP (1u << 3)    /* pad short packets */
#define E1000_TCTL_CT_SHIFT 4
#define E1000_TCTL_CT 0x10          /* collision threshold */
#define E1000_TCTL_COLD_SHIFT 12
#define E1000_TCTL_COLD 0x40        /* collision distance, full duplex */
/* TIPG for the 82540EM on copper (13.4.34, table 13-77). */
#define E1000_TIPG_IPGT 10
#define E1000_TIPG_IPGR1_SHIFT 10
#define E1000_TIPG_IPGR1 8
#define E1000_TIPG_IPGR2_SHIFT 20
#define E1000_TIPG_IPGR2 6
/* RAH (13.5.3): address valid. */
#define E1000_RAH_AV (1u << 31)

/* Legacy receive descriptor (3.2.3, table 3-1) and its status bits. */
struct e1000_rx_desc {
	uint64_t addr;
	uint16_t length;
	uint16_t csum;
	uint8_t status;
	uint8_t errors;
	uint16_t special;
} __attribute__((packed));
#define E1000_RXD_STAT_DD (1u << 0)   /* descriptor done (table 3-2) */
#define E1000_RXD_STAT_EOP (1u << 1)  /* end of packet */

/* Legacy transmit descriptor (3.3.3, table 3-8) and its bits. */
struct e1000_tx_desc {
	uint64_t addr;
	uint16_t length;
	uint8_t cso;
	uint8_t cmd;
	uint8_t status;
	uint8_t css;
	uint16_t special;
} __attribute__((packed));
#define E1000_TXD_CMD_EOP (1u << 0)   /* end of packet (3.3.3.1) */
#define E1000_TXD_CMD_IFCS (1u << 1)  /* insert the FCS */
#define E1000_TXD_CMD_RS (1u << 3)    /* report status: write DD back */
#define E1000_TXD_STAT_DD (1u << 0)   /* (3.3.3.2) */

/* Ring sizes: a multiple of 8 descriptors, so the length is a multiple of
   128 bytes (13.4.29); 64 of them fill 1 KiB. */
#define E1000_NDESC 64
#define E1000_BUF_SIZE 2048

struct e1000 {
	struct nic nic;
	struct pci_dev *pci;
	volatile uint8_t *regs;
	struct e1000_rx_desc *rx;   /* E1000_NDESC each */
	struct e1000_tx_desc *tx;
	uint8_t *rx_buf[E1000_NDESC], *tx_buf[E1000_NDESC];
	uint16_t rx_next;           /* next receive descriptor to look at */
	uint16_t tx_tail;           /* our copy of TDT */
	uint16_t tx_clean;          /* oldest descriptor not yet taken back */
	struct waitq wq;
	uint32_t icr;               /* causes seen by the interrupt, not yet handled */
};

bool e1000_match(const struct pci_dev *d)
{
	return d->vendor == E1000_VENDOR_INTEL && d->device == E1000_DEV_82540EM;
}

static uint32_t rd(struct e1000 *e, uint32_t reg)
{
	return *(volatile uint32_t *)(e->regs + reg);
}

static void wr(struct e1000 *e, uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(e->regs + reg) = v;
}

static bool link_is_up(struct e1000 *e)
{
	return rd(e, E1000_STATUS) & E1000_STATUS_LU;
}

/* Reads one EEPROM word; false when the read never completes. */
static bool eeprom_read(struct e1000 *e, uint8_t addr, uint16_t *out)
{
	wr(e, E1000_EERD, E1000_EERD_START | (uint32_t)addr << E1000_EERD_ADDR_SHIFT);
	for (int i = 0; i < 100000; i++) {
		uint32_t v = rd(e, E1000_EERD);
		if (v & E1000_EERD_DONE) {
			*out = (uint16_t)(v >> E1000_EERD_DATA_SHIFT);
			return true;
		}
		cpu_relax();
	}
	return false;
}

static bool read_mac(struct e1000 *e, uint8_t mac[NIC_ETH_ALEN])
{
	uint32_t ral = rd(e, E1000_RAL0), rah = rd(e, E1000_RAH0);
	if (rah & E1000_RAH_AV) {
		for (int i = 0; i < 4; i++)
			mac[i] = (uint8_t)(ral >> (8 * i));
		mac[4] = (uint8_t)rah;
		mac[5] = (uint8_t)(rah >> 8);
		return true;
	}
	/* EEPROM words 0-2 hold the Ethernet address (manual 5.6.1). */
	for (uint8_t w = 0; w < 3; w++) {
		uint16_t v;
		if (!eeprom_read(e, w, &v))
			return false;
		mac[2 * w] = (uint8_t)v;
		mac[2 * w + 1] = (uint8_t)(v >> 8);
	}
	wr(e, E1000_RAL0, (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 |
	                  (uint32_t)mac[3] << 24);
	wr(e, E1000_RAH0, (uint32_t)mac[4] | (uint32_t)mac[5] << 8 | E1000_RAH_AV);
	return true;
}

/* Takes back sent descriptors.  Interrupts off. */
static void tx_reclaim(struct e1000 *e)
{
	while (e->tx_clean != e->tx_tail &&
	       (*(volatile uint8_t *)&e->tx[e->tx_clean].status & E1000_TXD_STAT_DD))
		e->tx_clean = (uint16_t)((e->tx_clean + 1) % E1000_NDESC);
}

static int e1000_transmit(struct nic *nic, const void *frame, size_t len)
{
	struct e1000 *e = nic->priv;

	if (len > NIC_FRAME_MAX)
		return -EINVAL;
	bool on = irq_save();
	tx_reclaim(e);
	uint16_t next = (uint16_t)((e->tx_tail + 1) % E1000_NDESC);
	if (next == e->tx_clean) { /* one slot stays empty: TDT == TDH means empty */
		irq_restore(on);
		return -ENOBUFS;
	}
	struct e1000_tx_desc *d = &e->tx[e->tx_tail];
	memcpy(e->tx_buf[e->tx_tail], frame, len);
	d->length = (uint16_t)len;
	d->cso = 0;
	d->css = 0;
	d->special = 0;
	d->status = 0;
	d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS;
	e->tx_tail = next;
	netdrv_mb();
	wr(e, E1000_TDT, e->tx_tail);
	nic->tx_packets++;
	nic->tx_bytes += len;
	irq_restore(on);
	return 0;
}

static const struct nic_ops e1000_ops = { .transmit = e1000_transmit };

/* Reading ICR acknowledges every cause; 0 means another card's interrupt. */
static void e1000_interrupt(void *arg)
{
	struct e1000 *e = arg;
	uint32_t icr = rd(e, E1000_ICR);
	if (!icr)
		return;
	e->icr |= icr;
	waitq_wake_one(&e->wq);
}

static bool rx_ready(struct e1000 *e)
{
	return *(volatile uint8_t *)&e->rx[e->rx_next].status & E1000_RXD_STAT_DD;
}

static void e1000_rx_thread(void *arg)
{
	struct e1000 *e = arg;
	struct nic *nic = &e->nic;

	for (;;) {
		bool on = irq_save();
		while (!e->icr && !rx_ready(e))
			waitq_block(&e->wq, 0);
		uint32_t icr = e->icr;
		e->icr = 0;
		irq_restore(on);

		while (rx_ready(e)) {
			netdrv_mb();
			struct e1000_rx_desc *d = &e->rx[e->rx_next];
			void (*rx)(struct nic *, const void *, size_t) = nic->rx;
			/* Frames never span descriptors: 2048-byte buffers and no
			   long-packet receive, so EOP is always set. */
			if (rx && (d->status & E1000_RXD_STAT_EOP) && !d->errors && d->length) {
				nic->rx_packets++;
				nic->rx_bytes += d->length;
				rx(nic, e->rx_buf[e->rx_next], d->length);
			} else {
				nic->rx_dropped++;
			}
			d->status = 0;
			uint16_t done = e->rx_next;
			e->rx_next = (uint16_t)((e->rx_next + 1) % E1000_NDESC);
			netdrv_mb();
			wr(e, E1000_RDT, done); /* the buffer is the device's again */
		}
		if (icr & E1000_ICR_LSC) {
			bool up = link_is_up(e);
			if (up != nic->link_up) {
				nic->link_up = up;
				pr_info("net: %s: link %s\n", nic->name, up ? "up" : "down");
				if (nic->link_changed)
					nic->link_changed(nic);
			}
		}
	}
}

static void fail(struct pci_dev *d, const char *why, int err)
{
	pr_warn("net: e1000 at %02x:%02x.%x: %s (error %d); card skipped\n", d->bus, d->slot,
	        d->func, why, -err);
}

static int setup_rings(struct e1000 *e)
{
	uint64_t rx_pa = netdrv_dma_alloc(1), tx_pa = netdrv_dma_alloc(1);
	if (!rx_pa || !tx_pa)
		return -ENOMEM;
	e->rx = phys_to_virt(rx_pa);
	e->tx = phys_to_virt(tx_pa);
	for (int i = 0; i < E1000_NDESC; i += 2) {
		uint64_t rpa = netdrv_dma_alloc(1), tpa = netdrv_dma_alloc(1);
		if (!rpa || !tpa)
			return -ENOMEM;
		for (int j = 0; j < 2; j++) {
			e->rx[i + j].addr = rpa + (uint64_t)j * E1000_BUF_SIZE;
			e->rx_buf[i + j] = (uint8_t *)phys_to_virt(rpa) + j * E1000_BUF_SIZE;
			e->tx[i + j].addr = tpa + (uint64_t)j * E1000_BUF_SIZE;
			e->tx_buf[i + j] = (uint8_t *)phys_to_virt(tpa) + j * E1000_BUF_SIZE;
			e->tx[i + j].status = E1000_TXD_STAT_DD;
		}
	}
	uint32_t ring_len = E1000_NDESC * sizeof(struct e1000_rx_desc);
	wr(e, E1000_RDBAL, (uint32_t)rx_pa);
	wr(e, E1000_RDBAH, (uint32_t)(rx_pa >> 32));
	wr(e, E1000_RDLEN, ring_len);
	wr(e, E1000_RDH, 0);
	wr(e, E1000_RDT, E1000_NDESC - 1); /* every buffer but one is the device's */
	wr(e, E1000_TDBAL, (uint32_t)tx_pa);
	wr(e, E1000_TDBAH, (uint32_t)(tx_pa >> 32));
	wr(e, E1000_TDLEN, E1000_NDESC * sizeof(struct e1000_tx_desc));
	wr(e, E1000_TDH, 0);
	wr(e, E1000_TDT, 0);
	return 0;
}

int e1000_probe(struct pci_dev *d)
{
	if (d->bar[0].io || !d->bar[0].base || d->bar[0].size < 0x20000) {
		fail(d, "BAR0 is not the register window", -ENODEV);
		return -ENODEV;
	}
	struct e1000 *e = kmalloc(sizeof(*e));
	if (!e) {
		fail(d, "out of memory", -ENOMEM);
		return -ENOMEM;
	}
	memset(e, 0, sizeof(*e));
	e->pci = d;
	waitq_init(&e->wq);
	paging_map_mmio(d->bar[0].base, d->bar[0].size);
	e->regs = phys_to_virt(d->bar[0].base);
	pci_enable(d);

	/* Reset (13.4.1: RST self-clears), then mask and clear interrupts. */
	wr(e, E1000_IMC, 0xFFFFFFFFu);
	wr(e, E1000_CTRL, rd(e, E1000_CTRL) | E1000_CTRL_RST);
	uint64_t deadline = clock_ns() + 100 * NSEC_PER_MSEC;
	while (rd(e, E1000_CTRL) & E1000_CTRL_RST) {
		if (clock_ns() > deadline) {
			fail(d, "the reset does not finish", -ETIMEDOUT);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	wr(e, E1000_IMC, 0xFFFFFFFFu);
	(void)rd(e, E1000_ICR);
	wr(e, E1000_CTRL, rd(e, E1000_CTRL) | E1000_CTRL_SLU | E1000_CTRL_ASDE);

	struct nic *nic = &e->nic;
	if (!read_mac(e, nic->mac)) {
		fail(d, "cannot read the MAC address", -EIO);
		return -EIO;
	}
	for (int i = 0; i < E1000_MTA_LEN; i++)
		wr(e, E1000_MTA + 4 * (uint32_t)i, 0);
	int r = setup_rings(e);
	if (r < 0) {
		fail(d, "cannot allocate the rings", r);
		return r;
	}
	nic->model = "e1000";
	nic->mtu = 1500;
	nic->ops = &e1000_ops;
	nic->priv = e;
	nic->link_up = link_is_up(e);

	if (d->irq_pin == 0 || d->irq_line == 0 || d->irq_line == 0xFF ||
	    !ioapic_route_pci(d->irq_line, e1000_interrupt, e)) {
		fail(d, "no usable interrupt line", -ENODEV);
		return -ENODEV;
	}
	r = nic_register(nic);
	if (r < 0) {
		fail(d, "too many cards", r);
		return r;
	}
	char tname[THREAD_NAME_MAX];
	ksnprintf(tname, sizeof(tname), "%s-rx", nic->name);
	if (!thread_create(tname, e1000_rx_thread, e)) {
		pr_warn("net: %s: cannot start the receive thread\n", nic->name);
		return -ENOMEM;
	}
	wr(e, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_BSIZE_2048 |
	                  E1000_RCTL_SECRC);
	wr(e, E1000_TIPG, E1000_TIPG_IPGT | E1000_TIPG_IPGR1 << E1000_TIPG_IPGR1_SHIFT |
	                  E1000_TIPG_IPGR2 << E1000_TIPG_IPGR2_SHIFT);
	wr(e, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP |
	                  E1000_TCTL_CT << E1000_TCTL_CT_SHIFT |
	                  E1000_TCTL_COLD << E1000_TCTL_COLD_SHIFT);
	wr(e, E1000_IMS, E1000_ICR_RXT0 | E1000_ICR_LSC | E1000_ICR_TXDW | E1000_ICR_RXO);

	char mac[18];
	nic_format_mac(nic->mac, mac);
	pr_info("net: %s: e1000 at %02x:%02x.%x, MAC %s, irq %u, link %s\n", nic->name,
	        d->bus, d->slot, d->func, mac, d->irq_line, nic->link_up ? "up" : "down");
	return 0;
}
