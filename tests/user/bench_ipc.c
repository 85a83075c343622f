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
	return 0;
}
