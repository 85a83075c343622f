/*
 * drop.c - the privilege drop of a service, in the order Linux requires:
 * groups first (setgroups needs root), then the gid (setresgid needs root
 * once the uid is gone), then the uid.  Each result is read back, because
 * a kernel that quietly ignores one of these calls (Red Bear's setuid()
 * kept the saved uid) would otherwise leave a "dropped" service root.
 */
#define _GNU_SOURCE /* for setresuid and getresuid */
#include "drop.h"

#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt,
						      ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int cmp_gid(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;
	return x < y ? -1 : x > y;
}

/* getgroups() must show the expected list, in any order. */
static int verify_groups(const struct ids *ids, char *err, size_t errlen)
{
	int n = getgroups(0, NULL);
	if (n < 0)
		return fail(err, errlen, "getgroups: %s", strerror(errno));
	if ((size_t)n != ids->ngroups)
		return fail(err, errlen, "getgroups shows %d groups, expected %zu", n, ids->ngroups);
	gid_t *have = calloc((size_t)n + 1, sizeof(gid_t));
	gid_t *want = calloc(ids->ngroups + 1, sizeof(gid_t));
	if (!have || !want)
		return fail(err, errlen, "out of memory");
	int r = getgroups(n, have);
	memcpy(want, ids->groups, ids->ngroups * sizeof(gid_t));
	qsort(have, (size_t)n, sizeof(gid_t), cmp_gid);
	qsort(want, ids->ngroups, sizeof(gid_t), cmp_gid);
	int same = r == n && memcmp(have, want, ids->ngroups * sizeof(gid_t)) == 0;
	free(have);
	free(want);
	if (r != n)
		return fail(err, errlen, "getgroups: %s", r < 0 ? strerror(errno) : "count changed");
	return same ? 0 : fail(err, errlen, "getgroups shows other groups than were set");
}

static int set_groups(const struct ids *ids, char *err, size_t errlen)
{
	if (ids->initgroups) {
		if (initgroups(ids->user, ids->gid) < 0)
			return fail(err, errlen, "initgroups(%s, %u): %s", ids->user,
				    (unsigned)ids->gid, strerror(errno));
	} else if (setgroups(ids->ngroups, ids->groups) < 0) {
		return fail(err, errlen, "setgroups(%zu, ...): %s", ids->ngroups,
			    strerror(errno));
	}
	return verify_groups(ids, err, errlen);
}

static int set_gid(gid_t g, char *err, size_t errlen)
{
	gid_t r, e, s;

	if (setresgid(g, g, g) < 0)
		return fail(err, errlen, "setresgid(%u, %u, %u): %s", (unsigned)g, (unsigned)g,
			    (unsigned)g, strerror(errno));
	if (getresgid(&r, &e, &s) < 0)
		return fail(err, errlen, "getresgid: %s", strerror(errno));
	if (r != g || e != g || s != g)
		return fail(err, errlen, "after setresgid(%u): getresgid shows %u %u %u",
			    (unsigned)g, (unsigned)r, (unsigned)e, (unsigned)s);
	return 0;
}

static int set_uid(uid_t u, char *err, size_t errlen)
{
	uid_t r, e, s;

	if (setresuid(u, u, u) < 0)
		return fail(err, errlen, "setresuid(%u, %u, %u): %s", (unsigned)u, (unsigned)u,
			    (unsigned)u, strerror(errno));
	if (getresuid(&r, &e, &s) < 0)
		return fail(err, errlen, "getresuid: %s", strerror(errno));
	if (r != u || e != u || s != u)
		return fail(err, errlen, "after setresuid(%u): getresuid shows %u %u %u",
			    (unsigned)u, (unsigned)r, (unsigned)e, (unsigned)s);
	return 0;
}

/* A real drop is one-way: no id of root may be left to switch back to. */
static int verify_no_return(const struct ids *ids, char *err, size_t errlen)
{
	if (ids->uid == 0)
		return 0;
	if (setuid(0) == 0)
		return fail(err, errlen, "setuid(0) succeeded after dropping to uid %u",
			    (unsigned)ids->uid);
	if (errno != EPERM)
		return fail(err, errlen, "setuid(0) after the drop: %s, expected EPERM",
			    strerror(errno));
	if (ids->gid != 0 && setgid(0) == 0)
		return fail(err, errlen, "setgid(0) succeeded after dropping to gid %u",
			    (unsigned)ids->gid);
	return 0;
}

int drop_privileges(const struct ids *ids, char *err, size_t errlen)
{
	if (set_groups(ids, err, errlen) < 0 || set_gid(ids->gid, err, errlen) < 0 ||
	    set_uid(ids->uid, err, errlen) < 0)
		return -1;
	return verify_no_return(ids, err, errlen);
}
