/*
 * ids.h - who a table entry runs as: its user, primary group and
 * supplementary groups, looked up through glibc's NSS (getpwnam, getgrnam,
 * getgrouplist).  A static PID 1 can only use NSS's built-in "files"
 * module, so images carry an /etc/nsswitch.conf that names files alone.
 */
#ifndef CUB_INIT_IDS_H
#define CUB_INIT_IDS_H

#include <stddef.h>
#include <sys/types.h>

#include "table.h"

struct ids {
	char user[64];
	char home[256];
	uid_t uid;
	gid_t gid;
	int initgroups;    /* 1: the groups come from initgroups(user, gid) */
	gid_t *groups;     /* what getgroups() must show after the drop */
	size_t ngroups;
};

/*
 * Looks up E's user and groups.  Returns 0, or -1 with ERR holding
 * "TABLE:LINE: message" (an unknown user or group names the line).
 */
int ids_resolve(const struct table_entry *e, const char *table, struct ids *out, char *err,
		size_t errlen);

void ids_free(struct ids *ids);

/* Writes "a,b,c" (numbers) or "none" into BUF. */
void ids_format_groups(const struct ids *ids, char *buf, size_t len);

#endif
