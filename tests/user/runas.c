/* runas UID GID GROUPS COMMAND [ARGS...]
 *
 * Runs COMMAND with exactly these ids: setgroups(GROUPS), then setresgid,
 * then setresuid, as root must do it (the groups first, while it still may
 * change them).  GROUPS is a comma list of numbers or "-" for none.  The
 * desktop scenarios use it for a client whose kernel groups differ from
 * what /etc/group says about its user, which busybox cannot make (its
 * setpriv has no id options).  Exit status 127 if a step fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_GROUPS 64

static int parse_id(const char *s, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > 0xfffffffeUL)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int parse_groups(const char *s, gid_t *groups)
{
	if (strcmp(s, "-") == 0)
		return 0;
	char buf[1024];
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	int n = 0;
	for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		unsigned g;
		if (n == MAX_GROUPS || parse_id(tok, &g))
			return -1;
		groups[n++] = g;
	}
	return n;
}

int main(int argc, char **argv)
{
	unsigned uid, gid;
	gid_t groups[MAX_GROUPS];
	int n;

	if (argc < 5 || parse_id(argv[1], &uid) || parse_id(argv[2], &gid) ||
	    (n = parse_groups(argv[3], groups)) < 0) {
		fprintf(stderr, "usage: runas UID GID GROUPS|- COMMAND [ARGS...]\n");
		return 127;
	}
	if (setgroups((size_t)n, groups) != 0) {
		perror("runas: setgroups");
		return 127;
	}
	if (setresgid(gid, gid, gid) != 0) {
		perror("runas: setresgid");
		return 127;
	}
	if (setresuid(uid, uid, uid) != 0) {
		perror("runas: setresuid");
		return 127;
	}
	execvp(argv[4], argv + 4);
	fprintf(stderr, "runas: %s: %s\n", argv[4], strerror(errno));
	return 127;
}
