/*
 * kstring.h - the C string and memory functions the kernel provides.
 *
 * Portable modules include this instead of <string.h>: the kernel is built
 * with -nostdinc and implements these in core/lib/string.c, while the host
 * build (CUB_HOST defined) simply uses the C library's.
 */
#ifndef CUB_LIB_KSTRING_H
#define CUB_LIB_KSTRING_H

#include <stddef.h>

#ifdef CUB_HOST
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
#endif

#endif
