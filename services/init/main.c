/*
 * main.c - cub's PID 1: the boot sequence of services/init/README.md.
 *
 * Read the service table, resolve every user and group, start each
 * service as its user, run the check, shut the services down in reverse
 * order and exit with the verdict, which the kernel turns into the QEMU
 * exit status.  Init itself stays root throughout.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"
#include "spawn.h"

#define DEFAULT_TABLE "/etc/cub/services"
#define DEFAULT_RUN_DIR "/run/cub"

static struct table table;
static struct units units;

void init_log(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* One write per line, so lines of services and init do not mix. */
	dprintf(STDERR_FILENO, "init: %s\n", buf);
}

static int verdict(int status, const char *why)
{
	int pass = status == 0 && !why;

	sync();
	if (why)
		init_log("verdict fail (%s)", why);
	else
		init_log("verdict %s (status %d)", pass ? "pass" : "fail", status);
	return pass ? INIT_EXIT_PASS : INIT_EXIT_FAIL;
}

/* The check and every service may read /run/cub/NAME.pid to find a service. */
static void write_pid_file(const char *dir, const struct unit *x)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s.pid", dir, x->e->name);
	FILE *f = fopen(path, "we");
	if (!f || fprintf(f, "%d\n", (int)x->pid) < 0 || fclose(f) != 0)
		init_log("cannot write %s: %s", path, strerror(errno));
}

static int start(struct unit *x, const struct table_entry *e, const sigset_t *mask)
{
	char groups[512];
	int ran;

	x->e = e;
	x->pid = spawn_entry(e, &x->ids, mask, &ran);
	if (x->pid < 0) {
		init_log("cannot start %s: fork: %s", e->name, strerror(errno));
		return -1;
	}
	x->running = 1;
	if (!ran)
		return -1;
	ids_format_groups(&x->ids, groups, sizeof(groups));
	init_log("started %s (pid %d) as %s uid=%u gid=%u groups=%s", e->name, (int)x->pid,
		 x->ids.user, (unsigned)x->ids.uid, (unsigned)x->ids.gid, groups);
	return 0;
}

/* Every user and group is looked up before anything starts. */
static int resolve_all(const char *path)
{
	char err[512];

	for (size_t i = 0; i < table.nservices; i++)
		if (ids_resolve(&table.services[i], path, &units.svc[i].ids, err, sizeof(err)) < 0)
			goto bad;
	if (ids_resolve(&table.check, path, &units.check.ids, err, sizeof(err)) < 0)
		goto bad;
	return 0;
bad:
	dprintf(STDERR_FILENO, "%s\n", err);
	return -1;
}

static void usage(void)
{
	dprintf(STDERR_FILENO, "usage: init [--table PATH] [--run-dir DIR]\n");
	exit(INIT_EXIT_FAIL);
}

int main(int argc, char **argv)
{
	const char *path = DEFAULT_TABLE, *run_dir = DEFAULT_RUN_DIR;
	char err[512];
	sigset_t chld, old;

	for (int i = 1; i < argc; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--table") == 0)
			path = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "--run-dir") == 0)
			run_dir = argv[++i];
		else
			usage();
	}
	/* Off PID 1 (a run on the host), orphans must still come to init. */
	if (getpid() != 1)
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	/* SIGCHLD stays blocked in init so the grace period can wait for it. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);

	if (table_load(path, &table, err, sizeof(err)) < 0) {
		dprintf(STDERR_FILENO, "%s\n", err);
		return verdict(0, "bad service table");
	}
	if (resolve_all(path) < 0)
		return verdict(0, "bad service table");
	if (mkdir(run_dir, 0755) < 0 && errno != EEXIST)
		init_log("cannot make %s: %s", run_dir, strerror(errno));

	const char *why = NULL;
	for (size_t i = 0; i < table.nservices && !why; i++) {
		if (start(&units.svc[i], &table.services[i], &old) < 0)
			why = "a service could not be started";
		else
			write_pid_file(run_dir, &units.svc[i]);
		units.n = i + 1;
		/* Zombies left by the services so far go now, not at the check. */
		while (reap(&units, WNOHANG) > 0)
			;
	}
	if (!why && start(&units.check, &table.check, &old) < 0)
		why = "the check could not be started";
	while (units.check.running)
		if (reap(&units, 0) < 0)
			break;
	init_log("shutting down (grace %u s)", table.grace);
	shutdown_services(&units, table.grace);

	int st = units.check.status;
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return verdict(code, why);
}
