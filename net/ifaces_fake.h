/*
 * net/ifaces_fake.h - a fixed lo + eth0 snapshot for tests (see
 * ifaces_fake.c); "fake_ifaces" on the kernel command line makes it the
 * provider at boot.
 */
#ifndef CUB_NET_IFACES_FAKE_H
#define CUB_NET_IFACES_FAKE_H

struct net_if_info;

int net_ifaces_fake(struct net_if_info *out, int max);
void net_ifaces_fake_init(const char *cmdline);

#endif
