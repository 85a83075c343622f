/* net/ifaces.c - who provides the interface snapshot (see ifaces.h). */
#include "net/ifaces.h"

static net_ifaces_fn provider;

void net_ifaces_set_provider(net_ifaces_fn fn)
{
	provider = fn;
}

int net_ifaces_snapshot(struct net_if_info *out, int max)
{
	return provider ? provider(out, max) : 0;
}
