/*
 * table.h - the service table of an image, /etc/cub/services.
 *
 * The parser only checks the syntax and turns the text into entries; it
 * does not look up users or groups (ids.h does), so it is plain C over
 * strings and runs in the host unit tests.  The format is documented in
 * services/init/README.md.
 */
#ifndef CUB_INIT_TABLE_H
#define CUB_INIT_TABLE_H

#include <stddef.h>

/* Limits that keep a mistaken table from exhausting PID 1's memory. */
#define TABLE_MAX_BYTES (64 * 1024)
#define TABLE_MAX_SERVICES 64
#define TABLE_MAX_GROUPS 256
#define TABLE_MAX_NAME 32
#define TABLE_MAX_GRACE 3600
#define TABLE_DEFAULT_GRACE 5

/* One service, or the check; the strings point into the entry's own copy. */
struct table_entry {
	int line;            /* line number in the table, from 1 */
	const char *name;    /* the service's name; "check" for the check */
	const char *user;    /* a user name from /etc/passwd */
	const char **groups; /* NULL: initgroups; else ngroups names or numbers */
	size_t ngroups;
	const char **argv;   /* argv[0] is the absolute path to run; NULL-terminated */
	size_t argc;
	char *storage;       /* the words of the line, owned by the entry */
};

struct table {
	struct table_entry services[TABLE_MAX_SERVICES];
	size_t nservices;
	struct table_entry check;
	int has_check;
	unsigned grace;      /* seconds between SIGTERM and SIGKILL at shutdown */
	int grace_line;      /* 0 when the default is in use */
};

/*
 * Parses TEXT (LEN bytes; it need not end in a newline) into *T.  NAME is
 * the file name used in messages.  Returns 0, or -1 with ERR holding
 * "NAME:LINE: message" (or "NAME: message" for a mistake of the whole
 * file, such as a missing check).  *T is valid after a success only and
 * must be released with table_free(); after a failure nothing is kept.
 */
int table_parse(const char *text, size_t len, const char *name, struct table *t,
		char *err, size_t errlen);

/* Reads PATH and parses it as table_parse() does; a read error is an ERR. */
int table_load(const char *path, struct table *t, char *err, size_t errlen);

void table_free(struct table *t);

#endif
