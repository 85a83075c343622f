/*
 * ldisc.h - the terminal line discipline (Linux's N_TTY): input editing,
 * echo, signal characters and output post-processing, driven by a
 * struct termios.
 *
 * Portable: no locking, no sleeping, no x86.  The kernel's tty (tty.c)
 * feeds received bytes in with ldisc_receive (interrupts off), reads with
 * ldisc_read, and sends output through ldisc_output; the echo and signal
 * callbacks are how the discipline reaches the device and the foreground
 * process group.  The host unit tests drive it the same way.
 */
#ifndef CUB_TTY_LDISC_H
#define CUB_TTY_LDISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <asm/termbits.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The input queue, as Linux's N_TTY_BUF_SIZE. */
#define LDISC_BUF 4096

struct ldisc_ops {
	/* Raw bytes for the device (echo and post-processed output). */
	void (*emit)(void *ctx, const char *s, size_t n);
	/* A signal character was typed: signal the foreground group. */
	void (*signal)(void *ctx, int sig);
};

struct ldisc {
	struct termios t;
	const struct ldisc_ops *ops;
	void *ctx;
	/* Ring of input bytes; each slot keeps flag bits above the byte. */
	uint16_t buf[LDISC_BUF];
	unsigned head;      /* first unread slot */
	unsigned count;     /* slots in use: readable, then the line being edited */
	unsigned readable;  /* slots a reader may take (whole lines in ICANON) */
	unsigned lines;     /* completed lines within readable (ICANON) */
	bool lnext;         /* the next byte is literal (VLNEXT) */
	bool stopped;       /* output stopped by VSTOP (IXON) */
	unsigned column;    /* output column, for erasing tabs */
	unsigned line_column; /* column where the edited line began */
};

/* Sets the defaults of a freshly opened Linux serial terminal. */
void ldisc_init(struct ldisc *l, const struct ldisc_ops *ops, void *ctx);
void ldisc_default_termios(struct termios *t);

/* One received byte. */
void ldisc_receive(struct ldisc *l, unsigned char c);

/* New settings; leaving ICANON makes a partly edited line readable. */
void ldisc_set_termios(struct ldisc *l, const struct termios *t);

/* Drops queued input (TCIFLUSH). */
void ldisc_flush_input(struct ldisc *l);

/* Bytes a read could take now (ICANON: the first line's length, or 1
   for an end-of-file mark so poll reports it readable). */
size_t ldisc_available(const struct ldisc *l);

/* FIONREAD: every readable byte. */
size_t ldisc_readable_bytes(const struct ldisc *l);

/*
 * Takes up to n bytes into out.  ICANON: at most one line, the newline
 * included; an end-of-file mark ends the read and is not copied, so a
 * read of 0 bytes at the start of a line means end of file (*eof true).
 * Returns the number of bytes copied.
 */
size_t ldisc_read(struct ldisc *l, char *out, size_t n, bool *eof);

/* Output post-processing (OPOST, ONLCR, OCRNL, ONOCR, ONLRET) of n bytes,
   sent through ops->emit. */
void ldisc_output(struct ldisc *l, const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif
