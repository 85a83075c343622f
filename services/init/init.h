/*
 * init.h - what PID 1 knows about each process it started.
 */
#ifndef CUB_INIT_INIT_H
#define CUB_INIT_INIT_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

#include "ids.h"
#include "table.h"

/* The verdicts as exit statuses; the kernel makes them QEMU's status. */
#define INIT_EXIT_PASS 0
#define INIT_EXIT_FAIL 3

struct unit {
	const struct table_entry *e;
	struct ids ids;
	pid_t pid;
	int running;
	int status;          /* the wait status, once it has exited */
};

struct units {
	struct unit svc[TABLE_MAX_SERVICES];
	size_t n;            /* services started, in start order */
	struct unit check;
};

__attribute__((format(printf, 1, 2))) void init_log(const char *fmt, ...);

/*
 * Reaps one child (blocking or not, as FLAGS to waitpid say), records it
 * in U if it is one of ours and logs it.  Returns its pid, 0 when nothing
 * was ready, -1 with errno ECHILD when there are no children left.
 */
pid_t reap(struct units *u, int flags);

/*
 * The ordered shutdown: SIGTERM to every running service in reverse start
 * order, up to GRACE seconds for them to exit, SIGKILL to the rest, then
 * every remaining process reaped.  SIGCHLD must be blocked.
 */
void shutdown_services(struct units *u, unsigned grace);

#endif
