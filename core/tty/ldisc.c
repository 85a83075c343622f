/*
 * ldisc.c - the terminal line discipline, after Linux's n_tty.
 *
 * Input bytes live in a ring; each slot holds the byte plus flag bits:
 * SLOT_DELIM ends a line (newline, VEOL, VEOL2, VEOF) and SLOT_EOF marks a
 * VEOF, which ends a read without being copied.  In canonical mode the
 * slots before `readable` are finished lines and the rest is the line
 * being edited, which VERASE, VWERASE and VKILL shorten.
 */
#include "tty/ldisc.h"

#include "lib/kstring.h"

#include <asm/termbits.h>
#include <linux/signal.h>

#define SLOT_DELIM 0x100
#define SLOT_EOF 0x200

enum erase_kind { ERASE_CHAR, ERASE_WORD, ERASE_LINE };

static bool lflag(const struct ldisc *l, unsigned int f) { return (l->t.c_lflag & f) != 0; }
static bool iflag(const struct ldisc *l, unsigned int f) { return (l->t.c_iflag & f) != 0; }
static bool oflag(const struct ldisc *l, unsigned int f) { return (l->t.c_oflag & f) != 0; }

/* c is the enabled special character cc (0 disables one, as POSIX's
   _POSIX_VDISABLE). */
static bool is_cc(const struct ldisc *l, unsigned char c, int cc)
{
	return l->t.c_cc[cc] != 0 && l->t.c_cc[cc] == c;
}

static bool is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

void ldisc_default_termios(struct termios *t)
{
	memset(t, 0, sizeof(*t));
	t->c_iflag = ICRNL | IXON;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	t->c_cc[VINTR] = 'C' - '@';
	t->c_cc[VQUIT] = '\\' - '@';
	t->c_cc[VERASE] = 0x7f;
	t->c_cc[VKILL] = 'U' - '@';
	t->c_cc[VEOF] = 'D' - '@';
	t->c_cc[VMIN] = 1;
	t->c_cc[VSTART] = 'Q' - '@';
	t->c_cc[VSTOP] = 'S' - '@';
	t->c_cc[VSUSP] = 'Z' - '@';
	t->c_cc[VREPRINT] = 'R' - '@';
	t->c_cc[VWERASE] = 'W' - '@';
	t->c_cc[VLNEXT] = 'V' - '@';
}

void ldisc_init(struct ldisc *l, const struct ldisc_ops *ops, void *ctx)
{
	memset(l, 0, sizeof(*l));
	ldisc_default_termios(&l->t);
	l->ops = ops;
	l->ctx = ctx;
}

/* ---- output ---- */

static void emit(struct ldisc *l, const char *s, size_t n)
{
	if (l->ops && l->ops->emit)
		l->ops->emit(l->ctx, s, n);
}

/* One byte through OPOST processing, keeping the column. */
static void out_char(struct ldisc *l, unsigned char c)
{
	char ch = (char)c;

	if (!oflag(l, OPOST)) {
		emit(l, &ch, 1);
		return;
	}
	switch (c) {
	case '\n':
		if (oflag(l, ONLRET))
			l->column = 0;
		if (oflag(l, ONLCR)) {
			emit(l, "\r\n", 2);
			l->column = 0;
			return;
		}
		break;
	case '\r':
		if (oflag(l, ONOCR) && l->column == 0)
			return;
		if (oflag(l, OCRNL)) {
			ch = '\n';
			if (oflag(l, ONLRET))
				l->column = 0;
			break;
		}
		l->column = 0;
		break;
	case '\t':
		l->column = (l->column | 7) + 1;
		break;
	case '\b':
		if (l->column > 0)
			l->column--;
		break;
	default:
		if (!is_ctl(c))
			l->column++;
		break;
	}
	emit(l, &ch, 1);
}

void ldisc_output(struct ldisc *l, const char *s, size_t n)
{
	if (!oflag(l, OPOST)) {
		emit(l, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		out_char(l, (unsigned char)s[i]);
}

/* Echo of a received byte: control characters as ^X under ECHOCTL. */
static void echo_char(struct ldisc *l, unsigned char c)
{
	if (lflag(l, ECHOCTL) && is_ctl(c) && c != '\t' && c != '\n') {
		char pair[2] = { '^', (char)(c ^ 0x40) };
		emit(l, pair, 2);
		l->column += 2;
		return;
	}
	out_char(l, c);
}

/* ---- the input ring ---- */

static unsigned slot_index(const struct ldisc *l, unsigned i)
{
	return (l->head + i) % LDISC_BUF;
}

static uint16_t slot(const struct ldisc *l, unsigned i)
{
	return l->buf[slot_index(l, i)];
}

/* Appends a slot; a full ring drops the byte, keeping the last slot for
   a delimiter so a full line can still be finished (as n_tty does). */
static bool put(struct ldisc *l, uint16_t v)
{
	unsigned limit = (v & SLOT_DELIM) ? LDISC_BUF : LDISC_BUF - 1;

	if (l->count >= limit)
		return false;
	l->buf[slot_index(l, l->count)] = v;
	l->count++;
	return true;
}

static void commit_line(struct ldisc *l)
{
	l->readable = l->count;
	l->lines++;
}

void ldisc_flush_input(struct ldisc *l)
{
	l->head = l->count = l->readable = l->lines = 0;
	l->lnext = false;
}

/* The column the edited line would end at, for erasing a tab. */
static unsigned edited_column(const struct ldisc *l)
{
	unsigned col = l->line_column;

	for (unsigned i = l->readable; i < l->count; i++) {
		unsigned char c = (unsigned char)slot(l, i);
		if (c == '\t')
			col = (col | 7) + 1;
		else if (is_ctl(c))
			col += lflag(l, ECHOCTL) ? 2 : 0;
		else
			col++;
	}
	return col;
}

static void rub_out(struct ldisc *l, unsigned char c)
{
	if (c == '\t') {
		unsigned to = edited_column(l);
		while (l->column > to)
			out_char(l, '\b');
		return;
	}
	int cells = is_ctl(c) ? (lflag(l, ECHOCTL) ? 2 : 0) : 1;
	for (int i = 0; i < cells; i++) {
		out_char(l, '\b');
		out_char(l, ' ');
		out_char(l, '\b');
	}
}

static bool is_word_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_';
}

static void erase(struct ldisc *l, enum erase_kind kind, unsigned char typed)
{
	if (l->count == l->readable)
		return;
	if (kind == ERASE_LINE) {
		if (!lflag(l, ECHO)) {
			l->count = l->readable;
			return;
		}
		if (!lflag(l, ECHOK) || !lflag(l, ECHOKE) || !lflag(l, ECHOE)) {
			l->count = l->readable;
			echo_char(l, typed);
			if (lflag(l, ECHOK))
				out_char(l, '\n');
			return;
		}
	}
	unsigned word_chars = 0;
	while (l->count > l->readable) {
		unsigned char c = (unsigned char)slot(l, l->count - 1);
		if (kind == ERASE_WORD) {
			if (is_word_char(c))
				word_chars++;
			else if (word_chars)
				break;
		}
		l->count--;
		if (lflag(l, ECHO)) {
			if (kind == ERASE_CHAR && !lflag(l, ECHOE))
				echo_char(l, typed);
			else
				rub_out(l, c);
		}
		if (kind == ERASE_CHAR)
			break;
	}
}

static void reprint(struct ldisc *l, unsigned char typed)
{
	if (!lflag(l, ECHO))
		return;
	echo_char(l, typed);
	out_char(l, '\n');
	l->line_column = l->column;
	for (unsigned i = l->readable; i < l->count; i++)
		echo_char(l, (unsigned char)slot(l, i));
}

/* An ordinary byte: echoed and queued; readable at once unless ICANON. */
static void receive_plain(struct ldisc *l, unsigned char c)
{
	if (l->count == l->readable)
		l->line_column = l->column; /* a new line starts here */
	if (lflag(l, ECHO))
		echo_char(l, c);
	put(l, c);
	if (!lflag(l, ICANON))
		l->readable = l->count;
}

static int signal_for(const struct ldisc *l, unsigned char c)
{
	if (is_cc(l, c, VINTR))
		return SIGINT;
	if (is_cc(l, c, VQUIT))
		return SIGQUIT;
	if (is_cc(l, c, VSUSP))
		return SIGTSTP;
	return 0;
}

/* The ICANON special characters; false when c is not one. */
static bool receive_canon_special(struct ldisc *l, unsigned char c)
{
	bool ext = lflag(l, IEXTEN);

	if (is_cc(l, c, VERASE)) {
		erase(l, ERASE_CHAR, c);
	} else if (is_cc(l, c, VKILL)) {
		erase(l, ERASE_LINE, c);
	} else if (ext && is_cc(l, c, VWERASE)) {
		erase(l, ERASE_WORD, c);
	} else if (ext && is_cc(l, c, VREPRINT)) {
		reprint(l, c);
	} else if (ext && is_cc(l, c, VLNEXT)) {
		l->lnext = true;
		if (lflag(l, ECHO) && lflag(l, ECHOCTL))
			emit(l, "^\b", 2); /* the quoted byte's echo covers it */
	} else if (c == '\n') {
		if (lflag(l, ECHO) || lflag(l, ECHONL))
			out_char(l, '\n');
		if (put(l, '\n' | SLOT_DELIM))
			commit_line(l);
	} else if (is_cc(l, c, VEOF)) {
		if (put(l, c | SLOT_DELIM | SLOT_EOF))
			commit_line(l);
	} else if (is_cc(l, c, VEOL) || (ext && is_cc(l, c, VEOL2))) {
		if (lflag(l, ECHO))
			echo_char(l, c);
		if (put(l, c | SLOT_DELIM))
			commit_line(l);
	} else {
		return false;
	}
	return true;
}

void ldisc_receive(struct ldisc *l, unsigned char c)
{
	if (iflag(l, ISTRIP))
		c &= 0x7f;
	if (l->lnext) {
		l->lnext = false;
		receive_plain(l, c);
		return;
	}
	if (iflag(l, IXON)) {
		if (is_cc(l, c, VSTOP)) {
			l->stopped = true;
			return;
		}
		if (is_cc(l, c, VSTART)) {
			l->stopped = false;
			return;
		}
		if (l->stopped && iflag(l, IXANY))
			l->stopped = false;
	}
	if (lflag(l, ISIG)) {
		int sig = signal_for(l, c);
		if (sig) {
			if (!lflag(l, NOFLSH))
				ldisc_flush_input(l);
			l->stopped = false;
			if (lflag(l, ECHO))
				echo_char(l, c);
			if (l->ops && l->ops->signal)
				l->ops->signal(l->ctx, sig);
			return;
		}
	}
	if (c == '\r') {
		if (iflag(l, IGNCR))
			return;
		if (iflag(l, ICRNL))
			c = '\n';
	} else if (c == '\n' && iflag(l, INLCR)) {
		c = '\r';
	}
	if (lflag(l, ICANON) && receive_canon_special(l, c))
		return;
	receive_plain(l, c);
}

void ldisc_set_termios(struct ldisc *l, const struct termios *t)
{
	bool was_canon = lflag(l, ICANON);

	l->t = *t;
	if (was_canon && !lflag(l, ICANON)) {
		l->readable = l->count; /* the edited line is input now */
		l->lines = 0;
	} else if (!was_canon && lflag(l, ICANON)) {
		/* Input typed ahead in raw mode is pushed to the reader as one
		   line, without waiting for a newline (n_tty does the same). */
		for (unsigned i = 0; i < l->count; i++)
			l->buf[slot_index(l, i)] &= 0xff;
		if (l->count) {
			l->buf[slot_index(l, l->count - 1)] |= SLOT_DELIM;
			l->readable = l->count;
			l->lines = 1;
		} else {
			l->readable = l->lines = 0;
		}
	}
	if (!iflag(l, IXON))
		l->stopped = false;
}

size_t ldisc_available(const struct ldisc *l)
{
	if (lflag(l, ICANON))
		return l->lines ? l->readable : 0;
	return l->readable;
}

size_t ldisc_readable_bytes(const struct ldisc *l)
{
	size_t n = 0;

	for (unsigned i = 0; i < l->readable; i++)
		if (!(slot(l, i) & SLOT_EOF))
			n++;
	return n;
}

static void take(struct ldisc *l)
{
	l->head = (l->head + 1) % LDISC_BUF;
	l->count--;
	l->readable--;
}

size_t ldisc_read(struct ldisc *l, char *out, size_t n, bool *eof)
{
	size_t copied = 0;

	*eof = false;
	if (!lflag(l, ICANON)) {
		while (copied < n && l->readable) {
			out[copied++] = (char)(slot(l, 0) & 0xff);
			take(l);
		}
		return copied;
	}
	if (!l->lines)
		return 0;
	while (copied < n && l->readable) {
		uint16_t v = slot(l, 0);
		if (v & SLOT_EOF) {
			take(l);
			l->lines--;
			*eof = copied == 0;
			break;
		}
		out[copied++] = (char)(v & 0xff);
		take(l);
		if (v & SLOT_DELIM) {
			l->lines--;
			break;
		}
	}
	if (l->count == 0)
		l->head = 0;
	return copied;
}
