/*
 * net/net.h - networking start-up.
 */
#ifndef CUB_NET_NET_H
#define CUB_NET_NET_H

/* Enumerates PCI and starts a driver for every network card it knows
   (virtio-net, e1000), registering them as eth0, eth1, ... in PCI order.
   Needs the scheduler, the I/O APIC and interrupts on. */
void net_drivers_init(void);

#endif
