/*
 * cmdline.h - kernel command-line parsing.
 *
 * Portable: compiled into the kernel and into the host unit tests.
 *
 * The command line is a list of words separated by spaces or tabs.  A word
 * is either a bare flag ("ktest") or key=value ("loglevel=7").  A value may
 * be double-quoted to hold spaces (init="/bin/sh -x"); the quotes are not
 * part of the value.  When a key appears more than once, the last one wins,
 * as in Linux.  Nothing here allocates or modifies the input string.
 */
#ifndef CUB_LIB_CMDLINE_H
#define CUB_LIB_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One parsed word.  Pointers point into the original string. */
struct cmdline_arg {
	const char *key;
	size_t key_len;
	const char *value; /* NULL for a bare flag */
	size_t value_len;  /* excludes the quotes */
};

/*
 * Parses the next word starting at *cursor and advances *cursor past it.
 * Returns false at the end of the string.  An unterminated quote extends to
 * the end of the string.
 */
bool cmdline_next(const char **cursor, struct cmdline_arg *arg);

/* True when key appears, as a flag or with any value. */
bool cmdline_has(const char *cmdline, const char *key);

/*
 * Copies the value of the last occurrence of key into out (always
 * NUL-terminated, truncated to outsz-1) and returns true; a bare flag gives
 * "".  Returns false when key is absent.
 */
bool cmdline_get(const char *cmdline, const char *key, char *out, size_t outsz);

/*
 * Integer value (decimal, or hex with 0x, optional leading '-').  Returns
 * dflt when the key is absent or the value is not a whole number.
 */
long cmdline_get_int(const char *cmdline, const char *key, long dflt);

/*
 * Boolean value: a bare flag, 1, y, yes, on and true are true; 0, n, no,
 * off and false are false; anything else, or an absent key, gives dflt.
 */
bool cmdline_get_bool(const char *cmdline, const char *key, bool dflt);

#ifdef __cplusplus
}
#endif
#endif
