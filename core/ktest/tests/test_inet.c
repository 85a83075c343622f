/*
 * test_inet.c - AF_INET sockets (net/inet/) from inside the kernel: a
 * thousand connections over 127.0.0.1 set up and torn down through the
 * socket operations leave no socket, lwIP heap block or segment behind.
 * (Data transfer needs user buffers: the conformance suite covers it.)
 */
#include "ipc/socket.h"
#include "ktest/ktest.h"
#include "lib/kstring.h"
#include "net/lwip/lwip.h"
#include "sched/sched.h"

#include "lwip/memp.h"
#include "lwip/stats.h"

#include <linux/errno.h>
#include <linux/in.h>

static long used(memp_t t)
{
	return lwip_stats.memp[t]->used;
}

KTEST(inet, thousand_connections_free_everything)
{
	struct socket *l, *c, *a;
	struct sockaddr_in sa;
	uint8_t name[128];

	KASSERT_EQ(inet_create(CUB_AF_INET, CUB_SOCK_STREAM, 0, &l), 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = CUB_AF_INET;
	sa.sin_addr.s_addr = __builtin_bswap32(INADDR_LOOPBACK);
	KASSERT_EQ(l->ops->bind(l, &sa, sizeof(sa)), 0);
	KASSERT_EQ(l->ops->listen(l, 16), 0);
	KASSERT_EQ(l->ops->getname(l, name, false), (int)sizeof(sa));
	memcpy(&sa, name, sizeof(sa));
	KASSERT_NE(sa.sin_port, 0);

	long live = inet_sockets_live(), heap = net_lwip_heap_outstanding();
	long segs = used(MEMP_TCP_SEG), pool = used(MEMP_PBUF_POOL);
	int ok = 0;
	for (int i = 0; i < 1000; i++) {
		if (inet_create(CUB_AF_INET, CUB_SOCK_STREAM, 0, &c))
			break;
		int r = c->ops->connect(c, &sa, sizeof(sa));
		if (!r && !l->ops->accept(l, &a)) {
			ok++;
			a->ops->release(a);
		}
		c->ops->release(c);
	}
	KEXPECT_EQ(ok, 1000);
	/* The last closing handshakes may still run in the tcpip thread. */
	for (int i = 0; i < 100 && net_lwip_heap_outstanding() != heap; i++)
		sleep_ms(10);
	KEXPECT_EQ(inet_sockets_live(), live);
	KEXPECT_EQ(net_lwip_heap_outstanding(), heap);
	KEXPECT_EQ(used(MEMP_TCP_SEG), segs);
	KEXPECT_EQ(used(MEMP_PBUF_POOL), pool);
	/* TIME_WAIT PCBs are recycled oldest first: the pool never ran out. */
	KEXPECT_LE(used(MEMP_TCP_PCB), MEMP_NUM_TCP_PCB);
	l->ops->release(l);
	KEXPECT_EQ(inet_sockets_live(), live - 1);
}

static int accept_result;

static void blocked_accept(void *arg)
{
	struct socket *l = arg, *n = 0;

	accept_result = l->ops->accept(l, &n);
	if (!accept_result && n)
		n->ops->release(n);
}

/* A thread sleeping in accept while the listener's file goes away (a
   server shutting down from another thread): the sleeper wakes with
   EBADF and the socket is freed after it left, never under it. */
KTEST(inet, close_while_another_thread_sleeps_in_accept)
{
	struct socket *l;
	struct sockaddr_in sa;

	long live = inet_sockets_live();
	KASSERT_EQ(inet_create(CUB_AF_INET, CUB_SOCK_STREAM, 0, &l), 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = CUB_AF_INET;
	sa.sin_addr.s_addr = __builtin_bswap32(INADDR_LOOPBACK);
	KASSERT_EQ(l->ops->bind(l, &sa, sizeof(sa)), 0);
	KASSERT_EQ(l->ops->listen(l, 4), 0);
	accept_result = 1;
	struct thread *t = thread_create("kt-accept", blocked_accept, l);
	KASSERT_NE(t, 0);
	sleep_ms(20);
	KEXPECT_EQ(accept_result, 1); /* still asleep */
	l->ops->release(l);
	thread_join(t);
	KEXPECT_EQ(accept_result, -EBADF);
	KEXPECT_EQ(inet_sockets_live(), live);
}
