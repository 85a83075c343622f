/*
 * bench_abi.c - the same static binary measures syscall-heavy operations
 * natively on Linux and inside cub (./cub bench abi prints the ratios).
 *
 * Each benchmark runs for a fixed number of iterations and prints one line
 * "bench NAME ITERATIONS NANOSECONDS", timed with CLOCK_MONOTONIC.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

static void bench_getppid(long n)
{
	long long t = now_ns();
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	report("getppid", n, now_ns() - t);
}

static void bench_fork(long n)
{
	long long t = now_ns();
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
	}
	report("fork_exit_wait", n, now_ns() - t);
}

static void bench_exec(const char *self, long n)
{
	long long t = now_ns();
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			execl(self, self, "--exit", (char *)NULL);
			_exit(127);
		}
		waitpid(pid, NULL, 0);
	}
	report("fork_execve_wait", n, now_ns() - t);
}

static void bench_pipe(long n)
{
	int a[2], b[2];
	char c = 'x';
	if (pipe(a) || pipe(b))
		exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		for (long i = 0; i < n; i++) {
			if (read(a[0], &c, 1) != 1 || write(b[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	long long t = now_ns();
	for (long i = 0; i < n; i++) {
		if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1)
			exit(1);
	}
	report("pipe_pingpong", n, now_ns() - t);
	waitpid(pid, NULL, 0);
}

static void bench_read(const char *dir, long n)
{
	char path[256], buf[4096];
	snprintf(path, sizeof(path), "%s/cub-bench-abi.%d", dir, getpid());
	int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	if (fd < 0)
		exit(1);
	memset(buf, 'a', sizeof(buf));
	if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		exit(1);
	long long t = now_ns();
	for (long i = 0; i < n; i++)
		if (pread(fd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf))
			exit(1);
	report("read_4k", n, now_ns() - t);
	close(fd);
	unlink(path);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--exit") == 0)
		return 0;
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	bench_getppid(200000);
	bench_fork(300);
	bench_exec(argv[0], 100);
	bench_pipe(5000);
	bench_read(dir, 20000);
	return 0;
}
