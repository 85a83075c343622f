/*
 * bench_ipc.c - the same static binary measures IPC natively on Linux and
 * inside cub (./cub bench ipc prints the ratios): ping-pong latency over
 * a pipe pair, an eventfd pair and an AF_UNIX stream socketpair, AF_UNIX
 * stream throughput, POSIX message queue send+receive, and TCP over
 * 127.0.0.1: ping-pong latency, stream throughput and connection setup
 * (connect, accept, close: 1000 of them also show that sockets are freed,
 * since lwIP has a few dozen PCBs).
 *
 * Each benchmark prints "bench NAME ITERATIONS NANOSECONDS" (timed with
 * CLOCK_MONOTONIC), or "bench-skip NAME why" when the system lacks what it
 * needs, so a missing facility shows as such instead of a wrong figure.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

static void skip(const char *name, const char *what)
{
	printf("bench-skip %s %s: %s\n", name, what, strerror(errno));
	fflush(stdout);
}

static int full_read(int fd, void *buf, size_t n)
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
static void ping_pong(const char *name, int pw, int pr, int cr, int cw, size_t size, long n)
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

static void bench_pipe(long n)
{
	int a[2], b[2];
	if (pipe(a) || pipe(b)) {
		skip("pipe_pingpong", "pipe");
		return;
	}
	ping_pong("pipe_pingpong", a[1], b[0], a[0], b[1], 1, n);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
}

static void bench_eventfd(long n)
{
	int to = eventfd(0, 0), back = eventfd(0, 0);
	if (to < 0 || back < 0) {
		skip("eventfd_pingpong", "eventfd");
		return;
	}
	ping_pong("eventfd_pingpong", to, back, to, back, 8, n);
	close(to);
	close(back);
}

static void bench_unix_pingpong(long n)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		skip("unix_pingpong", "socketpair");
		return;
	}
	ping_pong("unix_pingpong", sv[1], sv[1], sv[0], sv[0], 1, n);
	close(sv[0]);
	close(sv[1]);
}

/* Stream throughput: the child sends total bytes in 64 KiB writes; the
   figure is per 64 KiB chunk. */
static void bench_unix_stream(long chunks)
{
	enum { CHUNK = 65536 };
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		skip("unix_stream_64k", "socketpair");
		return;
	}
	static char buf[CHUNK];
	memset(buf, 'u', sizeof(buf));
	long long t = now_ns();
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[1]);
		for (long i = 0; i < chunks; i++)
			if (write(sv[0], buf, CHUNK) != CHUNK)
				_exit(1);
		_exit(0);
	}
	close(sv[0]);
	int ok = 1;
	for (long i = 0; i < chunks && ok; i++)
		ok = full_read(sv[1], buf, CHUNK) == 0;
	long long ns = now_ns() - t;
	int status;
	waitpid(pid, &status, 0);
	if (ok && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		report("unix_stream_64k", chunks, ns);
	else
		printf("bench-skip unix_stream_64k the transfer failed\n");
	close(sv[1]);
}

/* A listener on 127.0.0.1 and a free port; its address in *a. */
static int tcp_listener(struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);
	int l = socket(AF_INET, SOCK_STREAM, 0);

	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (l < 0 || bind(l, (struct sockaddr *)a, sizeof(*a)) || listen(l, 16) ||
	    getsockname(l, (struct sockaddr *)a, &len)) {
		if (l >= 0)
			close(l);
		return -1;
	}
	return l;
}

/* A connected pair over 127.0.0.1: *c the client, *s the server side. */
static int tcp_pair(int *c, int *s)
{
	struct sockaddr_in a;
	int l = tcp_listener(&a);

	if (l < 0)
		return -1;
	*c = socket(AF_INET, SOCK_STREAM, 0);
	if (*c < 0 || connect(*c, (struct sockaddr *)&a, sizeof(a)) || (*s = accept(l, 0, 0)) < 0) {
		close(l);
		return -1;
	}
	close(l);
	int one = 1;
	setsockopt(*c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(*s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return 0;
}

static void bench_tcp_pingpong(long n)
{
	int c, s;

	if (tcp_pair(&c, &s)) {
		skip("tcp_pingpong", "connect over 127.0.0.1");
		return;
	}
	ping_pong("tcp_pingpong", c, c, s, s, 1, n);
	close(c);
	close(s);
}

/* TCP stream throughput over 127.0.0.1, per 64 KiB chunk, as
   unix_stream_64k. */
static void bench_tcp_stream(long chunks)
{
	enum { CHUNK = 65536 };
	int c, s;
	if (tcp_pair(&c, &s)) {
		skip("tcp_stream_64k", "connect over 127.0.0.1");
		return;
	}
	static char buf[CHUNK];
	memset(buf, 't', sizeof(buf));
	long long t = now_ns();
	pid_t pid = fork();
	if (pid == 0) {
		close(s);
		for (long i = 0; i < chunks; i++)
			if (write(c, buf, CHUNK) != CHUNK)
				_exit(1);
		_exit(0);
	}
	close(c);
	int ok = 1;
	for (long i = 0; i < chunks && ok; i++)
		ok = full_read(s, buf, CHUNK) == 0;
	long long ns = now_ns() - t;
	int status;
	waitpid(pid, &status, 0);
	if (ok && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		report("tcp_stream_64k", chunks, ns);
	else
		printf("bench-skip tcp_stream_64k the transfer failed\n");
	close(s);
}

/* connect + accept + one byte each way + close, n times. */
static void bench_tcp_connect(long n)
{
	struct sockaddr_in a;
	int l = tcp_listener(&a);
	long i;

	if (l < 0) {
		skip("tcp_connect_close", "listen on 127.0.0.1");
		return;
	}
	long long t = now_ns();
	for (i = 0; i < n; i++) {
		char b = 'x';
		int c = socket(AF_INET, SOCK_STREAM, 0);
		if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a))) {
			if (c >= 0)
				close(c);
			break;
		}
		int s = accept(l, 0, 0);
		int ok = s >= 0 && write(c, &b, 1) == 1 && read(s, &b, 1) == 1 &&
		         write(s, &b, 1) == 1 && read(c, &b, 1) == 1;
		close(c);
		if (s >= 0)
			close(s);
		if (!ok)
			break;
	}
	long long ns = now_ns() - t;
	if (i == n)
		report("tcp_connect_close", n, ns);
	else
		printf("bench-skip tcp_connect_close connection %ld failed: %s\n", i, strerror(errno));
	close(l);
}

/* One mq_send and one mq_receive of a 64-byte message, in one process. */
static void bench_mq(long n)
{
	char name[64], msg[64] = "m";
	struct mq_attr attr = { .mq_maxmsg = 8, .mq_msgsize = sizeof(msg) };

	snprintf(name, sizeof(name), "/cub-bench-ipc-%d", (int)getpid());
	mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1) {
		skip("mq_send_receive", "mq_open");
		return;
	}
	mq_unlink(name);
	long long t = now_ns();
	long i;
	for (i = 0; i < n; i++) {
		unsigned prio;
		if (mq_send(q, msg, sizeof(msg), 1) || mq_receive(q, msg, sizeof(msg), &prio) < 0)
			break;
	}
	long long ns = now_ns() - t;
	if (i == n)
		report("mq_send_receive", n, ns);
	else
		skip("mq_send_receive", "mq_send/mq_receive");
	mq_close(q);
}

/* Inside cub this is init: one pass, then exit (the run powers off).  The
   scratch folder the host runner passes as argv[1] is not needed. */
int main(void)
{
	bench_pipe(2000);
	bench_eventfd(2000);
	bench_unix_pingpong(2000);
	bench_unix_stream(200);
	bench_mq(5000);
	bench_tcp_pingpong(2000);
	bench_tcp_stream(200);
	bench_tcp_connect(1000);
	return 0;
}
