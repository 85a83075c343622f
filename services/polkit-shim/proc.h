/* Reading a process's identity from /proc, shared by the daemon and the
 * clients (pkcheck and bench_dbus fill in their own start time). */
#ifndef POLKIT_SHIM_PROC_H
#define POLKIT_SHIM_PROC_H

#include <stdint.h>
#include <sys/types.h>

/* Field 22 of /proc/PID/stat (clock ticks since boot). 0 or -errno. */
int proc_start_time(pid_t pid, uint64_t *out);

/* Real uid, real gid and the Groups: line of /proc/PID/status.
 * *groups is malloc'd (free it). 0 or -errno. */
int proc_ids(pid_t pid, uid_t *uid, gid_t *gid, gid_t **groups, int *ngroups);

#endif
