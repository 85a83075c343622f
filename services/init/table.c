/*
 * table.c - parsing the service table (format: services/init/README.md).
 *
 * Every mistake is reported with the file name and line, and stops the
 * parse: PID 1 must never start half of a scenario it misunderstood.
 */
#include "table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_WORDS 256

struct parser {
	const char *name;
	int line;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3))) static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n = p->line > 0 ? snprintf(p->err, p->errlen, "%s:%d: ", p->name, p->line)
			    : snprintf(p->err, p->errlen, "%s: ", p->name);

	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Names of services and groups: letters, digits, '.', '_' and '-', not first. */
static int valid_name(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || s[0] == '-' || s[0] == '.')
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789._-") == n;
}

static void entry_free(struct table_entry *e)
{
	free(e->storage);
	free(e->argv);
	free(e->groups);
	memset(e, 0, sizeof(*e));
}

/*
 * Splits the copy of a line at spaces and tabs, in place.  A word that
 * starts with '#' begins a comment, as in image manifests.
 */
static size_t split_words(char *s, char **words, size_t max)
{
	size_t n = 0;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (*s == '\0' || *s == '#')
			break;
		if (n == max)
			return max + 1;
		words[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	return n;
}

/* GROUPS is "-" (initgroups) or a comma list, split in place. */
static int parse_groups(struct parser *p, struct table_entry *e, char *word)
{
	if (strcmp(word, "-") == 0)
		return 0;
	size_t n = 1;
	for (const char *c = word; *c; c++)
		n += *c == ',';
	if (n > TABLE_MAX_GROUPS)
		return fail(p, "%s: %zu groups, more than %d", e->name, n, TABLE_MAX_GROUPS);
	e->groups = calloc(n, sizeof(*e->groups));
	if (!e->groups)
		return fail(p, "out of memory");
	char *s = word;
	for (size_t i = 0; i < n; i++) {
		char *comma = strchr(s, ',');
		if (comma)
			*comma = '\0';
		if (*s == '\0')
			return fail(p, "%s: empty group name in the group list", e->name);
		if (!valid_name(s, TABLE_MAX_NAME))
			return fail(p, "%s: bad group '%s' (expected a group name or number)",
				    e->name, s);
		e->groups[i] = s;
		s = comma ? comma + 1 : s + strlen(s);
	}
	e->ngroups = n;
	return 0;
}

static int parse_command(struct parser *p, struct table_entry *e, char **words, size_t n)
{
	if (words[0][0] != '/')
		return fail(p, "%s: command '%s' is not an absolute path (init does not search PATH)",
			    e->name, words[0]);
	e->argv = calloc(n + 1, sizeof(*e->argv));
	if (!e->argv)
		return fail(p, "out of memory");
	for (size_t i = 0; i < n; i++)
		e->argv[i] = words[i];
	e->argc = n;
	return 0;
}

static const struct table_entry *find_service(const struct table *t, const char *name)
{
	for (size_t i = 0; i < t->nservices; i++)
		if (strcmp(t->services[i].name, name) == 0)
			return &t->services[i];
	return NULL;
}

static int parse_service(struct parser *p, struct table *t, struct table_entry *e,
			 char **w, size_t n)
{
	if (n < 5)
		return fail(p, "service: expected 'service NAME USER GROUPS COMMAND [ARGS...]'");
	if (!valid_name(w[1], TABLE_MAX_NAME))
		return fail(p, "service: bad name '%s' (letters, digits, '.', '_', '-'; at most %d)",
			    w[1], TABLE_MAX_NAME);
	const struct table_entry *dup = find_service(t, w[1]);
	if (dup)
		return fail(p, "service: duplicate name '%s' (first at line %d)", w[1], dup->line);
	if (t->nservices == TABLE_MAX_SERVICES)
		return fail(p, "service: more than %d services", TABLE_MAX_SERVICES);
	e->name = w[1];
	e->user = w[2];
	if (parse_groups(p, e, w[3]) < 0)
		return -1;
	return parse_command(p, e, w + 4, n - 4);
}

static int parse_check(struct parser *p, struct table *t, struct table_entry *e, char **w,
		       size_t n)
{
	if (n < 3)
		return fail(p, "check: expected 'check USER COMMAND [ARGS...]'");
	if (t->has_check)
		return fail(p, "check: duplicate check (first at line %d)", t->check.line);
	e->name = "check";
	e->user = w[1];
	return parse_command(p, e, w + 2, n - 2);
}

static int parse_grace(struct parser *p, struct table *t, char **w, size_t n)
{
	if (n != 2)
		return fail(p, "grace: expected 'grace SECONDS'");
	if (t->grace_line)
		return fail(p, "grace: duplicate grace (first at line %d)", t->grace_line);
	char *end;
	errno = 0;
	unsigned long v = strtoul(w[1], &end, 10);
	if (w[1][0] < '0' || w[1][0] > '9' || *end || errno || v > TABLE_MAX_GRACE)
		return fail(p, "grace: bad number of seconds '%s' (expected 0 to %d)", w[1],
			    TABLE_MAX_GRACE);
	t->grace = (unsigned)v;
	t->grace_line = p->line;
	return 0;
}

static int check_chars(struct parser *p, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r')
			return fail(p, "carriage return in the line (use Unix line ends)");
		if ((c < ' ' && c != '\t') || c == 0x7f)
			return fail(p, "control character 0x%02x in the line", c);
	}
	return 0;
}

/* One line: LEN bytes at S, without its newline. */
static int parse_line(struct parser *p, struct table *t, const char *s, size_t len)
{
	struct table_entry e = {.line = p->line};
	char *words[MAX_WORDS];

	if (check_chars(p, s, len) < 0)
		return -1;
	e.storage = strndup(s, len);
	if (!e.storage)
		return fail(p, "out of memory");
	size_t n = split_words(e.storage, words, MAX_WORDS);
	int r = 0;
	if (n > MAX_WORDS) {
		r = fail(p, "more than %d words", MAX_WORDS);
	} else if (n == 0) {
		/* A blank or comment line. */
	} else if (strcmp(words[0], "service") == 0) {
		r = parse_service(p, t, &e, words, n);
		if (r == 0) {
			t->services[t->nservices++] = e;
			return 0;
		}
	} else if (strcmp(words[0], "check") == 0) {
		r = parse_check(p, t, &e, words, n);
		if (r == 0) {
			t->check = e;
			t->has_check = 1;
			return 0;
		}
	} else if (strcmp(words[0], "grace") == 0) {
		r = parse_grace(p, t, words, n);
	} else {
		r = fail(p, "unknown directive '%s' (expected one of: service, check, grace)",
			 words[0]);
	}
	entry_free(&e);
	return r;
}

int table_parse(const char *text, size_t len, const char *name, struct table *t, char *err,
		size_t errlen)
{
	struct parser p = {.name = name, .line = 0, .err = err, .errlen = errlen};

	memset(t, 0, sizeof(*t));
	t->grace = TABLE_DEFAULT_GRACE;
	if (len > TABLE_MAX_BYTES)
		return fail(&p, "%zu bytes, more than %d", len, TABLE_MAX_BYTES);
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		p.line++;
		if (parse_line(&p, t, text + pos, end - pos) < 0) {
			table_free(t);
			return -1;
		}
		pos = end + 1;
	}
	if (!t->has_check) {
		p.line = 0;
		fail(&p, "no check line (add 'check USER COMMAND [ARGS...]': its exit status is "
			 "the verdict)");
		table_free(t);
		return -1;
	}
	return 0;
}

int table_load(const char *path, struct table *t, char *err, size_t errlen)
{
	struct parser p = {.name = path, .err = err, .errlen = errlen};
	static char buf[TABLE_MAX_BYTES + 1];
	size_t len = 0;

	memset(t, 0, sizeof(*t));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(&p, "cannot open: %s", strerror(errno));
	for (;;) {
		ssize_t r = read(fd, buf + len, sizeof(buf) - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			return fail(&p, "cannot read: %s", strerror(e));
		}
		if (r == 0 || (len += (size_t)r) == sizeof(buf))
			break;
	}
	close(fd);
	return table_parse(buf, len, path, t, err, errlen);
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nservices; i++)
		entry_free(&t->services[i]);
	if (t->has_check)
		entry_free(&t->check);
	t->nservices = 0;
	t->has_check = 0;
}
