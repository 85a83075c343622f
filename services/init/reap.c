/*
 * reap.c - waiting for children and shutting the services down.
 *
 * As PID 1, init is the parent of every orphan, so every wait here is for
 * any child (-1): a zombie nobody else will collect is reaped as soon as
 * init next waits, and it is only logged.
 */
#define _GNU_SOURCE /* for sigabbrev_np */
#include "init.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void describe(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "changed state 0x%x", (unsigned)status);
}

static struct unit *find(struct units *u, pid_t pid)
{
	if (u->check.running && u->check.pid == pid)
		return &u->check;
	for (size_t i = 0; i < u->n; i++)
		if (u->svc[i].running && u->svc[i].pid == pid)
			return &u->svc[i];
	return NULL;
}

pid_t reap(struct units *u, int flags)
{
	int status;
	char what[80];
	pid_t pid;

	do
		pid = waitpid(-1, &status, flags);
	while (pid < 0 && errno == EINTR);
	if (pid <= 0)
		return pid;
	describe(status, what, sizeof(what));
	struct unit *x = find(u, pid);
	if (!x) {
		init_log("reaped orphan pid %d (%s)", (int)pid, what);
		return pid;
	}
	x->running = 0;
	x->status = status;
	init_log("%s%s (pid %d) %s", x == &u->check ? "" : "service ", x->e->name, (int)pid,
		 what);
	return pid;
}

static size_t running(const struct units *u)
{
	size_t n = 0;

	for (size_t i = 0; i < u->n; i++)
		n += (size_t)u->svc[i].running;
	return n;
}

/* The process group first (the service is its leader), then the pid. */
static void signal_unit(struct unit *x, int sig)
{
	init_log("stopping %s (pid %d): %s", x->e->name, (int)x->pid, sigabbrev_np(sig));
	if (kill(-x->pid, sig) < 0 && kill(x->pid, sig) < 0 && errno != ESRCH)
		init_log("kill(%d, %s): %s", (int)x->pid, sigabbrev_np(sig), strerror(errno));
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reaps until no service runs or GRACE seconds have passed. */
static void wait_grace(struct units *u, unsigned grace)
{
	sigset_t chld;
	double deadline = now() + grace;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	while (running(u)) {
		while (reap(u, WNOHANG) > 0)
			;
		double left = deadline - now();
		if (!running(u) || left <= 0)
			break;
		struct timespec ts = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
		sigtimedwait(&chld, NULL, &ts);
	}
}

/*
 * Off PID 1 (a run on the host) kill(-1) would hit the whole machine, so
 * init kills only its own children, found through their /proc/PID/stat.
 */
static void kill_children(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[300], line[512];
		int pid = atoi(de->d_name), ppid = 0;
		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		char *close_paren = fgets(line, sizeof(line), f) ? strrchr(line, ')') : NULL;
		fclose(f);
		if (close_paren && sscanf(close_paren + 1, " %*c %d", &ppid) == 1 &&
		    ppid == getpid())
			kill(pid, SIGKILL);
	}
	closedir(d);
}

/* Processes init did not start itself: left-over children of services. */
static void reap_strays(struct units *u)
{
	siginfo_t si;
	int told = 0;

	for (;;) {
		while (reap(u, WNOHANG) > 0)
			;
		/* WNOWAIT only asks whether a child is left; it reaps none. */
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
			return;
		if (!told++)
			init_log("killing the remaining processes");
		if (getpid() != 1)
			kill_children();
		else if (kill(-1, SIGKILL) < 0 && errno != ESRCH)
			init_log("kill(-1, SIGKILL): %s", strerror(errno));
		/* Their own children become init's once they die: look again. */
		struct timespec pause = {0, 10 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
}

void shutdown_services(struct units *u, unsigned grace)
{
	for (size_t i = u->n; i-- > 0;)
		if (u->svc[i].running)
			signal_unit(&u->svc[i], SIGTERM);
	wait_grace(u, grace);
	for (size_t i = u->n; i-- > 0;)
		if (u->svc[i].running)
			signal_unit(&u->svc[i], SIGKILL);
	while (running(u) && reap(u, 0) > 0)
		;
	reap_strays(u);
}
