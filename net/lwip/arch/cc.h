/*
 * net/lwip/arch/cc.h - the compiler and C-library side of cub's lwIP port.
 *
 * The kernel is freestanding (-nostdinc): it has GCC's <stddef.h>,
 * <stdint.h>, <stdbool.h> and <stdarg.h> and the string functions of
 * core/lib/string.c, but no <inttypes.h>, <limits.h>, <ctype.h>, <stdio.h>
 * or <stdlib.h>.  So this file gives lwIP the printf formats, limits and
 * ssize_t itself, and lets lwIP use its own ctype fallbacks.
 *
 * Diagnostics go to the kernel log; a failed LWIP_ASSERT is a kernel bug
 * and panics (with the message, file and line), as every kernel invariant.
 */
#ifndef CUB_NET_LWIP_ARCH_CC_H
#define CUB_NET_LWIP_ARCH_CC_H

#include <stddef.h>
#include <stdint.h>

#include "lib/kstring.h"

/* x86_64 is little-endian; lwIP's arch.h defines the two constants. */
#define BYTE_ORDER LITTLE_ENDIAN

#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_LIMITS_H 1
#define LWIP_NO_CTYPE_H 1
#define LWIP_NO_UNISTD_H 1

#define X8_F "02x"
#define U16_F "hu"
#define S16_F "hd"
#define X16_F "hx"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "zu"

#ifndef INT_MAX
#define INT_MAX __INT_MAX__
#endif
#define SSIZE_MAX __LONG_MAX__
typedef long ssize_t;

/* Structures lwIP sends on the wire are packed with GCC's attribute. */
#define PACK_STRUCT_STRUCT __attribute__((packed))

/* The kernel's byte swaps: GCC builtins, one instruction each. */
#define lwip_htons(x) ((u16_t)__builtin_bswap16((u16_t)(x)))
#define lwip_htonl(x) ((u32_t)__builtin_bswap32((u32_t)(x)))

/* Random numbers (TCP initial sequence numbers, ports, DHCP xids) from
   the kernel's generator. */
uint64_t random_u64(void);
#define LWIP_RAND() ((u32_t)random_u64())

/* Kernel log and panic, declared here so lwIP's files need no kernel
   headers beyond this one. */
void printk(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
void cub_lwip_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* LWIP_PLATFORM_DIAG((fmt, args)) carries its own parentheses. */
#define LWIP_PLATFORM_DIAG(x) do { cub_lwip_diag x; } while (0)
#define LWIP_PLATFORM_ASSERT(x)                                                  \
	panic("lwIP assertion \"%s\" failed at %s:%d", (x), __FILE__, __LINE__)

#endif
