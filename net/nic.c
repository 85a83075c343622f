/* net/nic.c - the list of network cards (see nic.h). */
#include "net/nic.h"

#include <linux/errno.h>

#include "lib/format.h"

static struct nic *nics[NIC_MAX];
static int nnics;

int nic_register(struct nic *nic)
{
	if (nnics == NIC_MAX)
		return -ENOSPC;
	nic->index = nnics;
	ksnprintf(nic->name, sizeof(nic->name), "eth%d", nnics);
	nics[nnics++] = nic;
	return 0;
}

int nic_count(void)
{
	return nnics;
}

struct nic *nic_get(int index)
{
	return index >= 0 && index < nnics ? nics[index] : NULL;
}

void nic_format_mac(const uint8_t mac[NIC_ETH_ALEN], char *buf)
{
	ksnprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		  mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}
