/*
 * spawn.h - starting one table entry as its user.
 */
#ifndef CUB_INIT_SPAWN_H
#define CUB_INIT_SPAWN_H

#include <signal.h>
#include <sys/types.h>

#include "ids.h"
#include "table.h"

/* The exit statuses of a child that never reached its program. */
#define SPAWN_EXIT_CRED 126 /* the privilege drop failed */
#define SPAWN_EXIT_EXEC 127 /* execve failed */

/*
 * Forks; the child gets MASK as its signal mask, a session of its own,
 * the ids of IDS, a minimal environment and its home directory (or /),
 * then execs E's command.  Returns the child's pid, or -1 with errno set
 * when fork (or the pipe) fails.  Returns only once the child has reached
 * its program (*RAN = 1) or given up (*RAN = 0): such a child says why on
 * stderr and exits with SPAWN_EXIT_CRED or SPAWN_EXIT_EXEC, to be reaped
 * like any other.
 */
pid_t spawn_entry(const struct table_entry *e, const struct ids *ids, const sigset_t *mask,
		  int *ran);

#endif
