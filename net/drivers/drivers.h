/*
 * net/drivers/drivers.h - the PCI network card drivers (virtio_net.c,
 * e1000.c) and what they share.
 */
#ifndef CUB_NET_DRIVERS_H
#define CUB_NET_DRIVERS_H

#include <stdbool.h>
#include <stdint.h>

struct pci_dev;

/* Each sets up one card and registers it (nic_register): 0, or a negative
   errno after printing why the card is skipped. */
int virtio_net_probe(struct pci_dev *d);
int e1000_probe(struct pci_dev *d);

/* Whether the driver handles this PCI function. */
bool virtio_net_match(const struct pci_dev *d);
bool e1000_match(const struct pci_dev *d);

/* count zeroed, physically contiguous pages for DMA: the physical
   address, or 0 when memory runs out.  Reach them with phys_to_virt. */
uint64_t netdrv_dma_alloc(uint64_t count);

/* Full barrier: descriptor writes become visible before the device is
   told, and the device's writes are read after its index. */
static inline void netdrv_mb(void)
{
	__asm__ volatile("mfence" : : : "memory");
}

#endif
