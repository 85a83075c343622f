/*
 * cmdline.c - kernel command-line parsing.
 *
 * Quoting follows Linux's next_arg(): a double quote toggles quoting
 * anywhere in a word, so a word ends at the first blank outside quotes; a
 * value that starts with a quote loses that quote and a matching one at its
 * end; and a whole word in quotes ("init=/bin/sh -x", which is how GRUB
 * passes an argument holding a blank) loses both quotes.  As in Linux, the
 * first '=' splits key from value, quoted or not.  Everything returns pointers into the caller's string, because
 * the command line is parsed before there is a heap to copy into.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/cmdline.h"
#include "lib/kstring.h"

#define LONG_LIMIT ((unsigned long)(~0UL >> 1))

/*
 * Newlines and carriage returns count as blanks too: some loaders and
 * hand-written configuration files leave one at the end.
 */
static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool
cmdline_next(const char **cursor, struct cmdline_arg *arg)
{
	const char *p = *cursor, *word, *end, *eq = NULL;
	bool quoted = false, word_quoted = false;

	while (is_blank(*p))
		p++;
	if (*p == '\0') {
		*cursor = p;
		return false;
	}

	if (*p == '"') {
		word_quoted = quoted = true;
		p++;
	}
	word = p;
	for (; *p != '\0' && (quoted || !is_blank(*p)); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '=' && eq == NULL)
			eq = p;
	}
	*cursor = p;
	/* A quoted word loses its closing quote too. */
	end = p;
	if (word_quoted && end > word && end[-1] == '"')
		end--;
	p = end;

	arg->key = word;
	if (eq == NULL) {
		arg->key_len = (size_t)(p - word);
		arg->value = NULL;
		arg->value_len = 0;
		return true;
	}
	arg->key_len = (size_t)(eq - word);
	arg->value = eq + 1;
	arg->value_len = (size_t)(p - arg->value);
	if (arg->value_len > 0 && arg->value[0] == '"') {
		arg->value++;
		arg->value_len--;
		if (arg->value_len > 0 && arg->value[arg->value_len - 1] == '"')
			arg->value_len--;
	}
	return true;
}

static bool
key_is(const struct cmdline_arg *arg, const char *key, size_t key_len)
{
	return arg->key_len == key_len && memcmp(arg->key, key, key_len) == 0;
}

/* Finds the last occurrence of key, since the last one wins. */
static bool
find_last(const char *cmdline, const char *key, struct cmdline_arg *found)
{
	struct cmdline_arg arg;
	size_t key_len;
	bool seen = false;

	*found = (struct cmdline_arg){ NULL, 0, NULL, 0 };
	if (cmdline == NULL || key == NULL)
		return false;
	key_len = strlen(key);
	while (cmdline_next(&cmdline, &arg)) {
		if (key_is(&arg, key, key_len)) {
			*found = arg;
			seen = true;
		}
	}
	return seen;
}

bool
cmdline_has(const char *cmdline, const char *key)
{
	struct cmdline_arg arg;

	return find_last(cmdline, key, &arg);
}

bool
cmdline_get(const char *cmdline, const char *key, char *out, size_t outsz)
{
	struct cmdline_arg arg;
	size_t n;

	if (!find_last(cmdline, key, &arg))
		return false;
	if (outsz == 0)
		return true;
	n = arg.value == NULL ? 0 : arg.value_len;
	if (n > outsz - 1)
		n = outsz - 1;
	if (n > 0)
		memcpy(out, arg.value, n);
	out[n] = '\0';
	return true;
}

static int
digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Parses the whole of [s, s+len) as a number; false when anything is left
 * over or the value does not fit in a long.
 */
static bool
parse_long(const char *s, size_t len, long *out)
{
	const char *end = s + len;
	unsigned long v = 0, limit = LONG_LIMIT;
	unsigned base = 10;
	bool negative = false;

	if (s < end && *s == '-') {
		negative = true;
		limit = LONG_LIMIT + 1; /* the magnitude of LONG_MIN */
		s++;
	}
	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (s == end)
		return false;
	for (; s < end; s++) {
		int d = digit_value(*s);
		if (d < 0 || (unsigned)d >= base)
			return false;
		if (v > (limit - (unsigned long)d) / base)
			return false;
		v = v * base + (unsigned long)d;
	}
	/* Converting -v through unsigned arithmetic keeps LONG_MIN defined. */
	*out = negative ? (long)(0UL - v) : (long)v;
	return true;
}

long
cmdline_get_int(const char *cmdline, const char *key, long dflt)
{
	struct cmdline_arg arg;
	long v;

	if (!find_last(cmdline, key, &arg) || arg.value == NULL)
		return dflt;
	return parse_long(arg.value, arg.value_len, &v) ? v : dflt;
}

/* Case-insensitive, as users type "Yes" and "ON" as often as not. */
static bool
word_is(const char *s, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (word[i] == '\0' || c != word[i])
			return false;
	}
	return word[len] == '\0';
}

bool
cmdline_get_bool(const char *cmdline, const char *key, bool dflt)
{
	static const char *const yes[] = { "1", "y", "yes", "on", "true" };
	static const char *const no[] = { "0", "n", "no", "off", "false" };
	struct cmdline_arg arg;
	size_t i;

	if (!find_last(cmdline, key, &arg))
		return dflt;
	if (arg.value == NULL)
		return true;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (word_is(arg.value, arg.value_len, yes[i]))
			return true;
		if (word_is(arg.value, arg.value_len, no[i]))
			return false;
	}
	return dflt;
}
