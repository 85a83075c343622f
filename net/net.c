/*
 * net/net.c - starts the network card drivers at boot (net.h).
 */
#include "net/net.h"

#include "drivers/pci.h"
#include "lib/kstring.h"
#include "mm/frame.h"
#include "mm/paging.h"
#include "net/drivers/drivers.h"
#include "net/nic.h"

uint64_t netdrv_dma_alloc(uint64_t count)
{
	uint64_t pa = frame_alloc_contig(count, 1);
	if (pa == FRAME_NONE)
		return 0;
	memset(phys_to_virt(pa), 0, count * PAGE_SIZE);
	return pa;
}

void net_drivers_init(void)
{
	pci_init();
	for (int i = 0; i < pci_count(); i++) {
		struct pci_dev *d = pci_get(i);
		if (virtio_net_match(d))
			virtio_net_probe(d);
		else if (e1000_match(d))
			e1000_probe(d);
	}
}
