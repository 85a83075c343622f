/* /proc readers. The kernel's view, not /etc/group: a process that
 * called setgroups() is judged by the groups it actually holds. */
#define _GNU_SOURCE
#include "proc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* /proc/PID/stat field number of starttime (proc(5)). */
#define STAT_STARTTIME_FIELD 22

int proc_start_time(pid_t pid, uint64_t *out)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -errno;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* comm (field 2) may hold spaces and ')', so count from the last ')'. */
	char *p = strrchr(buf, ')');
	if (p == NULL)
		return -EINVAL;
	p++;
	/* After ')' comes field 3; skip to field 22. */
	for (int field = 3; field < STAT_STARTTIME_FIELD; field++) {
		while (*p == ' ')
			p++;
		while (*p && *p != ' ')
			p++;
		if (*p == '\0')
			return -EINVAL;
	}
	char *end;
	errno = 0;
	unsigned long long v = strtoull(p, &end, 10);
	if (end == p || errno != 0)
		return -EINVAL;
	*out = v;
	return 0;
}

int proc_ids(pid_t pid, uid_t *uid, gid_t *gid, gid_t **groups, int *ngroups)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -errno;
	char *line = NULL;
	size_t cap = 0;
	int have_uid = 0, have_gid = 0, have_groups = 0;
	*groups = NULL;
	*ngroups = 0;
	while (getline(&line, &cap, f) >= 0) {
		unsigned long v;
		if (sscanf(line, "Uid: %lu", &v) == 1) {
			*uid = (uid_t)v;
			have_uid = 1;
		} else if (sscanf(line, "Gid: %lu", &v) == 1) {
			*gid = (gid_t)v;
			have_gid = 1;
		} else if (strncmp(line, "Groups:", 7) == 0) {
			char *p = line + 7;
			have_groups = 1;
			for (;;) {
				char *end;
				v = strtoul(p, &end, 10);
				if (end == p)
					break;
				gid_t *g = realloc(*groups, (*ngroups + 1) * sizeof *g);
				if (g == NULL) {
					free(line);
					fclose(f);
					free(*groups);
					*groups = NULL;
					return -ENOMEM;
				}
				*groups = g;
				g[(*ngroups)++] = (gid_t)v;
				p = end;
			}
		}
	}
	free(line);
	fclose(f);
	if (!have_uid || !have_gid || !have_groups) {
		free(*groups);
		*groups = NULL;
		*ngroups = 0;
		return -EINVAL;
	}
	return 0;
}
