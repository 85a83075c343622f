/*
 * net/lwip/lwipopts.h - how cub builds lwIP (2.1.3, Debian's source).
 *
 * Everything not set here is lwIP's default (src/include/lwip/opt.h).
 * net/lwip/README.md says why each group is what it is.
 */
#ifndef CUB_NET_LWIP_LWIPOPTS_H
#define CUB_NET_LWIP_LWIPOPTS_H

/* An operating system underneath: threads, the tcpip thread, the netconn
   API.  Callers take the core lock and call the stack directly
   (LWIP_TCPIP_CORE_LOCKING, lwIP's default) instead of posting a message
   and waiting for the tcpip thread: two context switches fewer per call. */
#define NO_SYS 0
#define SYS_LIGHTWEIGHT_PROT 1
#define LWIP_TCPIP_CORE_LOCKING 1
void sys_check_core_locking(void);
void sys_mark_tcpip_thread(void);
#define LWIP_ASSERT_CORE_LOCKED() sys_check_core_locking()
#define LWIP_MARK_TCPIP_THREAD() sys_mark_tcpip_thread()
#define TCPIP_THREAD_NAME "tcpip"
#define TCPIP_MBOX_SIZE 512
#define DEFAULT_TCP_RECVMBOX_SIZE 256
#define DEFAULT_UDP_RECVMBOX_SIZE 64
#define DEFAULT_RAW_RECVMBOX_SIZE 64
#define DEFAULT_ACCEPTMBOX_SIZE 64
#define DEFAULT_THREAD_STACKSIZE 16384

/* APIs: netconn for cub's own AF_INET sockets (net/, later); lwIP's BSD
   socket layer is not used. */
#define LWIP_NETCONN 1
#define LWIP_SOCKET 0
#define LWIP_NETIF_API 0
#define LWIP_SO_RCVTIMEO 1
#define LWIP_SO_SNDTIMEO 1
#define LWIP_SO_RCVBUF 1
#define LWIP_SO_LINGER 1
#define SO_REUSE 1
#define LWIP_TCP_KEEPALIVE 1
#define LWIP_NETCONN_FULLDUPLEX 0

/* Memory: lwIP's heap (PBUF_RAM pbufs, the loopback queue) is the kernel
   heap; the fixed-size objects are lwIP's own static pools, so their use
   is counted (MEMP_STATS) and bounded. */
#define MEM_LIBC_MALLOC 1
#define MEM_ALIGNMENT 8
void *cub_lwip_malloc(unsigned long size);
void *cub_lwip_calloc(unsigned long n, unsigned long size);
void cub_lwip_free(void *p);
#define mem_clib_malloc cub_lwip_malloc
#define mem_clib_calloc cub_lwip_calloc
#define mem_clib_free cub_lwip_free
#define MEMP_MEM_MALLOC 0
#define MEMP_OVERFLOW_CHECK 0
#define MEMP_NUM_PBUF 256
#define MEMP_NUM_RAW_PCB 8
/* Every AF_INET socket (net/inet) owns a PCB from its creation, so a
   server with many clients needs many: a few hundred bytes each. */
#define MEMP_NUM_UDP_PCB 64
#define MEMP_NUM_TCP_PCB 256
#define MEMP_NUM_TCP_PCB_LISTEN 64
#define MEMP_NUM_TCP_SEG 1024
#define MEMP_NUM_REASSDATA 16
#define IP_REASS_MAX_PBUFS 64
#define MEMP_NUM_FRAG_PBUF 32
#define MEMP_NUM_ARP_QUEUE 64
#define MEMP_NUM_NETBUF 64
#define MEMP_NUM_NETCONN 48
#define MEMP_NUM_TCPIP_MSG_API 64
#define MEMP_NUM_TCPIP_MSG_INPKT 512
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)
#define PBUF_POOL_SIZE 256
#define PBUF_POOL_BUFSIZE LWIP_MEM_ALIGN_SIZE(TCP_MSS + 40 + PBUF_LINK_ENCAPSULATION_HLEN + PBUF_LINK_HLEN)

/* core/fs/procfs has its own global pbuf_free (its print buffers); lwIP's
   is renamed at the link level, so every lwIP user still writes
   pbuf_free(). */
#define pbuf_free lwip_pbuf_free

/* Protocols. */
#define LWIP_IPV4 1
#define LWIP_IPV6 1
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 1
#define LWIP_UDP 1
#define LWIP_UDPLITE 0
#define LWIP_TCP 1
#define LWIP_DHCP 1
#define LWIP_DHCP_DOES_ACD_CHECK 0
#define DHCP_DOES_ARP_CHECK 0
#define LWIP_AUTOIP 0
#define LWIP_IGMP 1
#define LWIP_DNS 0
#define IP_FORWARD 0
#define IP_REASSEMBLY 1
#define IP_FRAG 1
#define LWIP_IPV6_MLD 1
#define LWIP_IPV6_AUTOCONFIG 1
#define LWIP_IPV6_DHCP6 0
#define LWIP_IPV6_FRAG 1
#define LWIP_IPV6_REASS 1
/* On 64 bits lwIP's reassembly bookkeeping (two pointers) does not fit
   in the 8-byte fragment header it would overwrite; lwIP asserts it. */
#define IPV6_FRAG_COPYHEADER 1
#define LWIP_IPV6_NUM_ADDRESSES 3
#define LWIP_ND6_NUM_NEIGHBORS 16
#define LWIP_ND6_NUM_DESTINATIONS 16
#define ARP_TABLE_SIZE 16
#define ARP_QUEUEING 1
#define ETHARP_SUPPORT_STATIC_ENTRIES 1

/* TCP, tuned for throughput: a full Ethernet segment, 64 KiB send buffer
   and a 192 KiB receive window (window scaling, shift 2). */
#define TCP_MSS 1460
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 2
#define TCP_WND (192 * 1024)
#define TCP_SND_BUF (64 * 1024)
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define TCP_SNDLOWAT (TCP_SND_BUF / 4)
#define TCP_OVERSIZE TCP_MSS
#define TCP_QUEUE_OOSEQ 1
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG 16
#define LWIP_TCP_TIMESTAMPS 0
#define LWIP_TCP_SACK_OUT 0
#define TCP_MSL 60000UL

/* Checksums: lwIP's 32-bit algorithm; the loopback interface skips them
   (set per interface in lwip.c, as Linux's lo does). */
#define LWIP_CHKSUM_ALGORITHM 3
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1

/* Interfaces. */
#define LWIP_HAVE_LOOPIF 1
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_LOOPBACK_MAX_PBUFS 0
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1
#define LWIP_NETIF_HOSTNAME 1
#define LWIP_NETIF_EXT_STATUS_CALLBACK 1
#define LWIP_NUM_NETIF_CLIENT_DATA 1
#define LWIP_SINGLE_NETIF 0
#define ETH_PAD_SIZE 0

/* Statistics: the pools' use (tests look for leaks with it) and the
   protocol counters, for /proc/net/snmp-style reporting later. */
#define LWIP_STATS 1
#define LWIP_STATS_DISPLAY 0
#define MEMP_STATS 1
#define MEM_STATS 0
#define LINK_STATS 1
#define IP_STATS 1
#define TCP_STATS 1
#define UDP_STATS 1

/* Diagnostics: LWIP_DEBUG turns lwIP's own checks' messages on; the
   per-module debug output stays off. */
#define LWIP_DEBUG 1
#define LWIP_DBG_MIN_LEVEL LWIP_DBG_LEVEL_SERIOUS
#define LWIP_DBG_TYPES_ON LWIP_DBG_OFF

/* err_to_errno() gives Linux's errno values, from linux-libc-dev's
   header (never lwIP's own table). */
#define LWIP_ERRNO_INCLUDE <asm/errno.h>   /* not <linux/...>: "linux" is a macro */

/* With two cards on one subnet, the first one carries its traffic, as on
   Linux (net/lwip/route.c). */
#define LWIP_HOOK_FILENAME "arch/cub_hooks.h"
#define LWIP_HOOK_IP4_ROUTE_SRC(src, dest) cub_ip4_route_src((src), (dest))

#endif
