/* net/ifaces.c - who provides the interface snapshot (see ifaces.h). */
#include "net/ifaces.h"

static net_ifaces_fn provider;

net_ifaces_fn net_ifaces_set_provider(net_ifaces_fn fn)
{
	net_ifaces_fn old = provider;
	provider = fn;
	return old;
}

int net_ifaces_snapshot(struct net_if_info *out, int max)
{
	return provider ? provider(out, max) : 0;
}
