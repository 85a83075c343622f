/*
 * format.h - printf-style formatting without libc.
 *
 * Portable: compiled into the kernel and into the host unit tests.  The
 * kernel's printk and the ktest output are built on kvformat(); everything
 * that needs a string uses ksnprintf().
 *
 * Supported conversions: %d %i %u %x %X %o %c %s %p %%, with the flags
 * '-', '0', '+', ' ' and '#', a field width and a precision (both may be
 * '*'), and the length modifiers hh, h, l, ll, z, t and j.  %p prints
 * "0x" followed by lowercase hex, like glibc ("(nil)" for NULL).  A NULL
 * %s prints "(null)".  Unknown conversions are copied through verbatim so
 * a bad format string is visible rather than silently eaten.
 */
#ifndef CUB_LIB_FORMAT_H
#define CUB_LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A character sink: called once per output character. */
typedef void (*format_putc_fn)(char c, void *ctx);

/* Formats into a sink; returns the number of characters emitted. */
int kvformat(format_putc_fn put, void *ctx, const char *fmt, va_list ap);

/*
 * Like C99 vsnprintf: writes at most size-1 characters plus a NUL (nothing
 * when size is 0) and returns the length the full output would have had.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif
#endif
