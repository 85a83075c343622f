/* Privilege drop: polkitd's order (clear groups, initgroups, setregid,
 * setreuid), then read every id back, because a kernel that silently
 * ignores one of these calls must not leave us running as root. */
#define _GNU_SOURCE
#include "drop.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_GROUPS 256

int drop_to_user(const char *user)
{
	struct passwd *pw = getpwnam(user);
	if (pw == NULL) {
		fprintf(stderr, "polkit-shim: no such user '%s'\n", user);
		return -1;
	}
	uid_t uid = pw->pw_uid;
	gid_t gid = pw->pw_gid;

	if (setgroups(0, NULL) != 0) {
		fprintf(stderr, "polkit-shim: setgroups(0): %s\n", strerror(errno));
		return -1;
	}
	if (initgroups(user, gid) != 0) {
		fprintf(stderr, "polkit-shim: initgroups(%s): %s\n", user, strerror(errno));
		return -1;
	}
	if (setregid(gid, gid) != 0) {
		fprintf(stderr, "polkit-shim: setregid(%u): %s\n", (unsigned)gid, strerror(errno));
		return -1;
	}
	if (setreuid(uid, uid) != 0) {
		fprintf(stderr, "polkit-shim: setreuid(%u): %s\n", (unsigned)uid, strerror(errno));
		return -1;
	}

	/* Read back: every id must be the target, and the group list must be
	 * what initgroups computed (a subset check is not enough: root's
	 * groups must be gone). */
	if (getuid() != uid || geteuid() != uid || getgid() != gid || getegid() != gid) {
		fprintf(stderr, "polkit-shim: drop to %s did not take: uid=%u euid=%u gid=%u egid=%u\n",
			user, (unsigned)getuid(), (unsigned)geteuid(), (unsigned)getgid(),
			(unsigned)getegid());
		return -1;
	}
	gid_t want[MAX_GROUPS], have[MAX_GROUPS];
	int nwant = MAX_GROUPS;
	if (getgrouplist(user, gid, want, &nwant) < 0) {
		fprintf(stderr, "polkit-shim: %s is in too many groups\n", user);
		return -1;
	}
	int nhave = getgroups(MAX_GROUPS, have);
	if (nhave < 0) {
		fprintf(stderr, "polkit-shim: getgroups: %s\n", strerror(errno));
		return -1;
	}
	int ok = 1;
	for (int i = 0; i < nhave && ok; i++) {
		int found = 0;
		for (int j = 0; j < nwant; j++)
			if (have[i] == want[j])
				found = 1;
		ok = found;
	}
	for (int j = 0; j < nwant && ok; j++) {
		int found = 0;
		for (int i = 0; i < nhave; i++)
			if (have[i] == want[j])
				found = 1;
		ok = found;
	}
	if (!ok) {
		fprintf(stderr, "polkit-shim: group list after drop to %s is not the user's\n", user);
		return -1;
	}
	return 0;
}

void describe_ids(char *buf, unsigned len)
{
	gid_t groups[MAX_GROUPS];
	int n = getgroups(MAX_GROUPS, groups);
	int off = snprintf(buf, len, "uid=%u gid=%u groups=", (unsigned)getuid(), (unsigned)getgid());
	for (int i = 0; i < n && off >= 0 && (unsigned)off < len; i++)
		off += snprintf(buf + off, len - off, "%s%u", i ? "," : "", (unsigned)groups[i]);
}
