/*
 * PCI enumeration tests (drivers/pci.h): QEMU's pc machine always has the
 * i440FX host bridge at 00:00.0; network cards, when the boot adds them,
 * have the BARs and capabilities their drivers rely on.
 */
#include "ktest/ktest.h"

#include <stddef.h>
#include <linux/pci_regs.h>
#include <linux/virtio_pci.h>

#include "drivers/pci.h"
#include "lib/printk.h"

KTEST(pci, finds_the_host_bridge_first)
{
	pci_init(); /* already done at boot: a second call changes nothing */
	KASSERT_GT(pci_count(), 0);
	struct pci_dev *d = pci_get(0);
	KASSERT_NE(d, NULL);
	KEXPECT_EQ(d->bus, 0);
	KEXPECT_EQ(d->slot, 0);
	KEXPECT_EQ(d->func, 0);
	KEXPECT_EQ(d->class_code, 0x06); /* bridge (PCI code and ID assignment spec) */
	KEXPECT_EQ(d->subclass, 0x00);   /* host bridge */
	KEXPECT_EQ(pci_read16(d, PCI_VENDOR_ID), d->vendor);
	KEXPECT_EQ(pci_get(pci_count()), NULL);
	for (int i = 1; i < pci_count(); i++) { /* in bus/slot/function order */
		struct pci_dev *a = pci_get(i - 1), *b = pci_get(i);
		KEXPECT_LT((a->bus << 8) | (a->slot << 3) | a->func,
		           (b->bus << 8) | (b->slot << 3) | b->func);
	}
}

KTEST(pci, network_card_bars_and_capabilities)
{
	/* The transitional virtio-net card (1af4:1000, virtio 1.1 4.1.2). */
	for (int n = 0; pci_find(0x1AF4, 0x1000, n); n++) {
		struct pci_dev *d = pci_find(0x1AF4, 0x1000, n);
		KEXPECT_TRUE(d->bar[0].io);
		KEXPECT_GE(d->bar[0].size, 0x20); /* the legacy register block */
		int types = 0, caps = 0;
		for (uint8_t off = pci_find_cap(d, PCI_CAP_ID_VNDR, 0); off;
		     off = pci_find_cap(d, PCI_CAP_ID_VNDR, off)) {
			uint8_t type = pci_read8(d, (uint8_t)(off + offsetof(struct virtio_pci_cap,
			                                                     cfg_type)));
			if (type >= VIRTIO_PCI_CAP_COMMON_CFG && type <= VIRTIO_PCI_CAP_DEVICE_CFG)
				types |= 1 << type;
			caps++;
		}
		/* Common, notify, ISR and device configuration: the modern interface. */
		KEXPECT_EQ(types, (1 << VIRTIO_PCI_CAP_COMMON_CFG) | (1 << VIRTIO_PCI_CAP_NOTIFY_CFG) |
		                      (1 << VIRTIO_PCI_CAP_ISR_CFG) | (1 << VIRTIO_PCI_CAP_DEVICE_CFG));
		pr_notice("ktest pci: virtio-net %02x:%02x.%x: I/O BAR0 0x%lx, %d virtio capabilities\n",
		          d->bus, d->slot, d->func, (unsigned long)d->bar[0].base, caps);
	}
	/* The 82540EM: a 128 KiB register window in BAR0, I/O in BAR1
	   (Intel 8254x manual 4.1, table 4-2). */
	for (int n = 0; pci_find(0x8086, 0x100E, n); n++) {
		struct pci_dev *d = pci_find(0x8086, 0x100E, n);
		KEXPECT_FALSE(d->bar[0].io);
		KEXPECT_EQ(d->bar[0].size, 0x20000);
		KEXPECT_TRUE(d->bar[1].io);
		KEXPECT_NE(d->irq_pin, 0);
		pr_notice("ktest pci: e1000 %02x:%02x.%x: memory BAR0 0x%lx size 0x%lx, irq %u\n",
		          d->bus, d->slot, d->func, (unsigned long)d->bar[0].base,
		          (unsigned long)d->bar[0].size, d->irq_line);
	}
}
