/*
 * bench.h - what the benchmark programs share: the clock they time with,
 * the line they report ("bench NAME ITERATIONS NANOSECONDS", read by
 * tools/bench_ratio.py), and the ping-pong and full-read helpers.
 */
#ifndef CUB_TESTS_USER_BENCH_H
#define CUB_TESTS_USER_BENCH_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static inline long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline void report(const char *name, long iters, long long ns)
{
	printf("bench %s %ld %lld\n", name, iters, ns);
	fflush(stdout);
}

/* "bench-skip NAME WHAT: strerror(errno)": the benchmark could not run. */
static inline void skip(const char *name, const char *what)
{
	printf("bench-skip %s %s: %s\n", name, what, strerror(errno));
	fflush(stdout);
}

static inline int full_read(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * Round trips of a size-byte message: the parent writes pw and reads pr,
 * the child reads cr and writes cw back (an eventfd's message is its
 * 8-byte counter; pipes and sockets carry one byte).
 */
static inline void ping_pong(const char *name, int pw, int pr, int cr, int cw, size_t size, long n)
{
	uint64_t m = 1;
	pid_t pid = fork();

	if (pid < 0) {
		skip(name, "fork");
		return;
	}
	if (pid == 0) {
		for (long i = 0; i < n; i++)
			if (read(cr, &m, size) != (ssize_t)size || write(cw, &m, size) != (ssize_t)size)
				_exit(1);
		_exit(0);
	}
	long long t = now_ns();
	for (long i = 0; i < n; i++)
		if (write(pw, &m, size) != (ssize_t)size || read(pr, &m, size) != (ssize_t)size)
			break;
	long long ns = now_ns() - t;
	int status;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		report(name, n, ns);
	else
		printf("bench-skip %s the child failed\n", name);
}

#endif
