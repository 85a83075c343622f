/*
 * net/lwip/libc/string.h - lwIP's files include <string.h>; the kernel is
 * built with -nostdinc, so this stands in for it (on lwIP's include path
 * only) with the kernel's own string functions.
 */
#ifndef CUB_NET_LWIP_LIBC_STRING_H
#define CUB_NET_LWIP_LIBC_STRING_H
#include "lib/kstring.h"
#endif
