/*
 * format.c - printf-style formatting without libc.
 *
 * One formatter, kvformat(), writes through a character sink so that the
 * console, the ktest reporter and ksnprintf() share the same code.  The
 * output follows C99 and glibc for every supported combination, because
 * the unit tests compare it with the host's snprintf.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/format.h"
#include "lib/kstring.h"

#define INT_LIMIT ((int)(~0u >> 1))

/* Flags collected from one conversion specification. */
#define F_LEFT  0x01 /* '-' */
#define F_ZERO  0x02 /* '0' */
#define F_PLUS  0x04 /* '+' */
#define F_SPACE 0x08 /* ' ' */
#define F_ALT   0x10 /* '#' */

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct spec {
	int flags;
	int width;      /* 0 when absent */
	int precision;  /* -1 when absent */
	enum length len;
};

struct out {
	format_putc_fn put;
	void *ctx;
	size_t n;       /* counted in size_t so a huge width cannot overflow */
};

static void
emit(struct out *o, char c)
{
	o->put(c, o->ctx);
	o->n++;
}

static void
emit_n(struct out *o, char c, long n)
{
	while (n-- > 0)
		emit(o, c);
}

static void
emit_str(struct out *o, const char *s, size_t len)
{
	while (len-- > 0)
		emit(o, *s++);
}

/*
 * Saturates instead of overflowing, so a silly width in a format string
 * cannot trip undefined behaviour.
 */
static int
parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		int d = **fmt - '0';
		v = v > (INT_LIMIT - d) / 10 ? INT_LIMIT : v * 10 + d;
		(*fmt)++;
	}
	return v;
}

/* Pads a string-like field (%s, %c, %p's "(nil)") to the width. */
static void
emit_padded(struct out *o, const struct spec *sp, const char *s, size_t len)
{
	long pad = (long)sp->width - (long)len;

	if (!(sp->flags & F_LEFT))
		emit_n(o, ' ', pad);
	emit_str(o, s, len);
	if (sp->flags & F_LEFT)
		emit_n(o, ' ', pad);
}

/*
 * Emits an integer: sign or prefix, zeros from the precision or the '0'
 * flag, then the digits, with the field padded as C99 describes.
 */
static void
emit_number(struct out *o, const struct spec *sp, uint64_t v, bool negative,
    unsigned base, bool upper, bool is_signed, bool is_pointer)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24]; /* 22 octal digits hold 2^64 - 1 */
	char prefix[3];
	size_t nprefix = 0, ndigits = 0;
	bool nonzero = v != 0;
	long zeros, pad;

	/* C99: a zero value with precision 0 produces no digits. */
	if (!(v == 0 && sp->precision == 0)) {
		do {
			buf[ndigits++] = digits[v % base];
			v /= base;
		} while (v != 0);
	}

	if (is_signed) {
		if (negative)
			prefix[nprefix++] = '-';
		else if (sp->flags & F_PLUS)
			prefix[nprefix++] = '+';
		else if (sp->flags & F_SPACE)
			prefix[nprefix++] = ' ';
	}
	/* '#' with %x adds "0x" only to a nonzero value; %p always has it. */
	if (base == 16 && (is_pointer || ((sp->flags & F_ALT) && nonzero))) {
		prefix[nprefix++] = '0';
		prefix[nprefix++] = upper ? 'X' : 'x';
	}

	zeros = sp->precision > (long)ndigits ? sp->precision - (long)ndigits : 0;
	/* '#' with %o forces a leading zero, which the precision may give. */
	if (base == 8 && (sp->flags & F_ALT) && zeros == 0 &&
	    (ndigits == 0 || buf[ndigits - 1] != '0'))
		zeros = 1;

	pad = (long)sp->width - (long)(nprefix + ndigits) - zeros;
	/* The '0' flag is ignored with '-' and whenever a precision is given. */
	if ((sp->flags & F_ZERO) && !(sp->flags & F_LEFT) && sp->precision < 0 &&
	    pad > 0) {
		zeros += pad;
		pad = 0;
	}

	if (!(sp->flags & F_LEFT))
		emit_n(o, ' ', pad);
	emit_str(o, prefix, nprefix);
	emit_n(o, '0', zeros);
	while (ndigits > 0)
		emit(o, buf[--ndigits]);
	if (sp->flags & F_LEFT)
		emit_n(o, ' ', pad);
}

static int64_t
signed_arg(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		/* size_t and ptrdiff_t are both long on every target we build. */
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static uint64_t
unsigned_arg(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static enum length
parse_length(const char **fmt)
{
	switch (**fmt) {
	case 'h':
		(*fmt)++;
		if (**fmt == 'h') {
			(*fmt)++;
			return LEN_HH;
		}
		return LEN_H;
	case 'l':
		(*fmt)++;
		if (**fmt == 'l') {
			(*fmt)++;
			return LEN_LL;
		}
		return LEN_L;
	case 'z':
		(*fmt)++;
		return LEN_Z;
	case 't':
		(*fmt)++;
		return LEN_T;
	case 'j':
		(*fmt)++;
		return LEN_J;
	default:
		return LEN_NONE;
	}
}

/*
 * Handles one specification; *fmt points just past the '%'.  Works on a
 * pointer to a va_list copy because a va_list parameter cannot portably
 * be passed on by address.
 */
static void
convert(struct out *o, const char **fmt, va_list *ap)
{
	const char *start = *fmt - 1;
	struct spec sp = { 0, 0, -1, LEN_NONE };
	const char *s;
	int64_t sv;
	char c;

	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-': sp.flags |= F_LEFT; continue;
		case '0': sp.flags |= F_ZERO; continue;
		case '+': sp.flags |= F_PLUS; continue;
		case ' ': sp.flags |= F_SPACE; continue;
		case '#': sp.flags |= F_ALT; continue;
		}
		break;
	}

	if (**fmt == '*') {
		int w = va_arg(*ap, int);
		(*fmt)++;
		/* A negative '*' width means '-' and the absolute value. */
		if (w < 0) {
			sp.flags |= F_LEFT;
			w = w < -INT_LIMIT ? INT_LIMIT : -w;
		}
		sp.width = w;
	} else {
		sp.width = parse_int(fmt);
	}

	if (**fmt == '.') {
		(*fmt)++;
		if (**fmt == '*') {
			int p = va_arg(*ap, int);
			(*fmt)++;
			/* A negative '*' precision counts as no precision. */
			sp.precision = p < 0 ? -1 : p;
		} else {
			sp.precision = parse_int(fmt);
		}
	}

	sp.len = parse_length(fmt);

	switch ((c = **fmt)) {
	case 'd':
	case 'i':
		sv = signed_arg(ap, sp.len);
		/* Negate in unsigned arithmetic so INT64_MIN is well defined. */
		emit_number(o, &sp, sv < 0 ? -(uint64_t)sv : (uint64_t)sv,
		    sv < 0, 10, false, true, false);
		break;
	case 'u':
		emit_number(o, &sp, unsigned_arg(ap, sp.len), false, 10, false,
		    false, false);
		break;
	case 'x':
	case 'X':
		emit_number(o, &sp, unsigned_arg(ap, sp.len), false, 16, c == 'X',
		    false, false);
		break;
	case 'o':
		emit_number(o, &sp, unsigned_arg(ap, sp.len), false, 8, false,
		    false, false);
		break;
	case 'c': {
		char ch = (char)(unsigned char)va_arg(*ap, int);
		emit_padded(o, &sp, &ch, 1);
		break;
	}
	case 's':
		s = va_arg(*ap, const char *);
		if (s == NULL)
			s = "(null)";
		/* strnlen: with a precision the string need not be terminated. */
		emit_padded(o, &sp, s, sp.precision >= 0 ?
		    strnlen(s, (size_t)sp.precision) : strlen(s));
		break;
	case 'p': {
		const void *p = va_arg(*ap, const void *);
		if (p == NULL) {
			emit_padded(o, &sp, "(nil)", 5);
		} else {
			/*
			 * glibc prints %p like %#lx but honours '+' and ' ',
			 * so it is formatted as a signed, never negative, value.
			 */
			emit_number(o, &sp, (uint64_t)(uintptr_t)p, false, 16,
			    false, true, true);
		}
		break;
	}
	case '%':
		emit(o, '%');
		break;
	default:
		/*
		 * Unknown or missing conversion: copy the specification through
		 * so the mistake shows in the output.
		 */
		emit_str(o, start, (size_t)(*fmt - start));
		if (c == '\0')
			return;
		emit(o, c);
		break;
	}
	(*fmt)++;
}

int
kvformat(format_putc_fn put, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { put, ctx, 0 };
	va_list aq;

	va_copy(aq, ap);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			emit(&o, *fmt++);
			continue;
		}
		fmt++;
		convert(&o, &fmt, &aq);
	}
	va_end(aq);
	return o.n > (size_t)INT_LIMIT ? INT_LIMIT : (int)o.n;
}

struct buf_sink {
	char *buf;
	size_t size;
	size_t pos;
};

static void
buf_put(char c, void *ctx)
{
	struct buf_sink *b = ctx;

	/* Keep the last byte for the terminating NUL. */
	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = { buf, size, 0 };
	int n;

	n = kvformat(buf_put, &b, fmt, ap);
	if (size > 0)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
