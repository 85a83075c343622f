/*
 * ids.c - looking up the user and groups of a table entry.
 *
 * PID 1 resolves every entry before it starts the first service, so a
 * table that names an unknown user or group fails the boot with that
 * line's number instead of leaving half of the scenario running.
 */
#include "ids.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 5, 6))) static int fail(const char *table, int line, char *err,
						      size_t errlen, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "%s:%d: ", table, line);

	if (n < 0 || (size_t)n >= errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* glibc leaves errno alone or sets one of these when a name is absent. */
static int not_found(int e)
{
	return e == 0 || e == ENOENT || e == ESRCH;
}

/* A group given as a number is used as it is, as setgroups(2) would. */
static int parse_gid(const char *s, gid_t *out)
{
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return 0;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || errno || v >= (gid_t)-1)
		return -1;
	*out = (gid_t)v;
	return 1;
}

static int resolve_list(const struct table_entry *e, const char *table, struct ids *out,
			char *err, size_t errlen)
{
	out->groups = calloc(e->ngroups ? e->ngroups : 1, sizeof(gid_t));
	if (!out->groups)
		return fail(table, e->line, err, errlen, "out of memory");
	for (size_t i = 0; i < e->ngroups; i++) {
		const char *g = e->groups[i];
		int r = parse_gid(g, &out->groups[i]);
		if (r < 0)
			return fail(table, e->line, err, errlen, "%s: bad group number '%s'",
				    e->name, g);
		if (r > 0)
			continue;
		errno = 0;
		struct group *gr = getgrnam(g);
		if (!gr && not_found(errno))
			return fail(table, e->line, err, errlen,
				    "%s: unknown group '%s' (not in /etc/group)", e->name, g);
		if (!gr)
			return fail(table, e->line, err, errlen, "%s: cannot look up group '%s': %s",
				    e->name, g, strerror(errno));
		out->groups[i] = gr->gr_gid;
	}
	out->ngroups = e->ngroups;
	return 0;
}

/* The list initgroups() will set: the user's groups in /etc/group and GID. */
static int resolve_initgroups(const struct table_entry *e, const char *table, struct ids *out,
			      char *err, size_t errlen)
{
	int n = 16;

	out->initgroups = 1;
	for (;;) {
		gid_t *list = realloc(out->groups, (size_t)n * sizeof(gid_t));
		if (!list)
			return fail(table, e->line, err, errlen, "out of memory");
		out->groups = list;
		int want = n;
		if (getgrouplist(out->user, out->gid, list, &want) >= 0) {
			out->ngroups = (size_t)want;
			return 0;
		}
		if (want <= n || want > 65536)
			return fail(table, e->line, err, errlen,
				    "%s: cannot list the groups of '%s'", e->name, out->user);
		n = want;
	}
}

int ids_resolve(const struct table_entry *e, const char *table, struct ids *out, char *err,
		size_t errlen)
{
	memset(out, 0, sizeof(*out));
	errno = 0;
	struct passwd *pw = getpwnam(e->user);
	if (!pw && not_found(errno))
		return fail(table, e->line, err, errlen, "%s: unknown user '%s' (not in /etc/passwd)",
			    e->name, e->user);
	if (!pw)
		return fail(table, e->line, err, errlen, "%s: cannot look up user '%s': %s",
			    e->name, e->user, strerror(errno));
	if (strlen(pw->pw_name) >= sizeof(out->user) || strlen(pw->pw_dir) >= sizeof(out->home))
		return fail(table, e->line, err, errlen, "%s: user '%s' has too long a name or home",
			    e->name, e->user);
	strcpy(out->user, pw->pw_name);
	strcpy(out->home, pw->pw_dir);
	out->uid = pw->pw_uid;
	out->gid = pw->pw_gid;
	int r = e->groups ? resolve_list(e, table, out, err, errlen)
			  : resolve_initgroups(e, table, out, err, errlen);
	if (r < 0)
		ids_free(out);
	return r;
}

void ids_free(struct ids *ids)
{
	free(ids->groups);
	ids->groups = NULL;
	ids->ngroups = 0;
}

void ids_format_groups(const struct ids *ids, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	if (ids->ngroups == 0) {
		snprintf(buf, len, "none");
		return;
	}
	for (size_t i = 0; i < ids->ngroups && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%u", i ? "," : "",
				 (unsigned)ids->groups[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}
