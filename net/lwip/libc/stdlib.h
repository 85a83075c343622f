/*
 * net/lwip/libc/stdlib.h - lwIP's files include <stdlib.h> for atoi
 * (netif_find) and malloc (mem.c, which cub points at kmalloc through
 * mem_clib_malloc in lwipopts.h); the kernel has no C library, so this
 * is the whole of it lwIP needs.
 */
#ifndef CUB_NET_LWIP_LIBC_STDLIB_H
#define CUB_NET_LWIP_LIBC_STDLIB_H

/* Leading decimal digits, as the C library's atoi for what netif_find
   passes (an interface number). */
static inline int atoi(const char *s)
{
	int n = 0, neg = 0;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return neg ? -n : n;
}

#endif
