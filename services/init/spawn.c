/*
 * spawn.c - fork, drop privileges, exec.
 *
 * Everything after fork runs in the child only; init itself stays root so
 * it can start the next service and signal every service at shutdown.
 */
#define _GNU_SOURCE /* for pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drop.h"
#include "spawn.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* The write end of the pipe that tells the parent the exec failed. */
static int report_fd = -1;

static void child_fail(const struct table_entry *e, int status, const char *what)
{
	char byte = 1;

	dprintf(STDERR_FILENO, "init: %s: %s; not started\n", e->name, what);
	if (write(report_fd, &byte, 1) < 0)
		_exit(status);
	_exit(status);
}

/* The home directory when it exists, else "/", as login(1) does. */
static void enter_home(const struct table_entry *e, const struct ids *ids)
{
	struct stat st;

	if (stat(ids->home, &st) == 0 && S_ISDIR(st.st_mode) && chdir(ids->home) == 0)
		return;
	if (chdir("/") < 0) {
		char err[128];
		snprintf(err, sizeof(err), "chdir(\"/\"): %s", strerror(errno));
		child_fail(e, SPAWN_EXIT_CRED, err);
	}
}

static void run_child(const struct table_entry *e, const struct ids *ids, const sigset_t *mask)
{
	char err[256], home[300], user[80], logname[80];
	char *envp[] = {home, user, logname, "PATH=" DEFAULT_PATH, NULL};

	sigprocmask(SIG_SETMASK, mask, NULL);
	/* Its own session, so a signal to the service's group spares init. */
	setsid();
	if (drop_privileges(ids, err, sizeof(err)) < 0)
		child_fail(e, SPAWN_EXIT_CRED, err);
	enter_home(e, ids);
	snprintf(home, sizeof(home), "HOME=%s", ids->home);
	snprintf(user, sizeof(user), "USER=%s", ids->user);
	snprintf(logname, sizeof(logname), "LOGNAME=%s", ids->user);
	execve(e->argv[0], (char *const *)e->argv, envp);
	snprintf(err, sizeof(err), "execve(%s): %s", e->argv[0], strerror(errno));
	child_fail(e, SPAWN_EXIT_EXEC, err);
}

/*
 * A close-on-exec pipe tells init when the child has reached its program:
 * a successful execve closes the write end (end of file, nothing read),
 * a failure writes one byte first.  So "started" is only logged for a
 * service that runs, with its ids dropped, before the next one starts.
 */
pid_t spawn_entry(const struct table_entry *e, const struct ids *ids, const sigset_t *mask,
		  int *ran)
{
	int fds[2];
	char byte;

	*ran = 0;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		report_fd = fds[1];
		run_child(e, ids, mask);
	}
	int saved = errno;
	close(fds[1]);
	ssize_t n = 0;
	while (pid > 0 && (n = read(fds[0], &byte, 1)) < 0 && errno == EINTR)
		;
	close(fds[0]);
	*ran = pid > 0 && n == 0;
	errno = saved;
	return pid;
}
