/*
 * bench_net - TCP costs, the same static binary natively and inside cub
 * (./cub bench net, tools/bench_net.py):
 *
 *   bench_net            over 127.0.0.1: ping-pong latency, stream
 *                        throughput per 64 KiB, connect+accept+close rate
 *   bench_net --sink P   listens on port P of every address, says
 *                        "bench-net: sink ready", takes one connection,
 *                        reads it to EOF and reports the time from the
 *                        first byte to EOF as host_to_image_64k per
 *                        64 KiB (the sender is the host, through QEMU's
 *                        forwarded port; on Linux, a local sender)
 *
 * Lines as tests/user/bench.h; "bench-skip NAME why" when something is
 * missing.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "bench.h"

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


static int sink(int port)
{
	enum { CHUNK = 65536 };
	static char buf[CHUNK];
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int one = 1;
	int l = socket(AF_INET, SOCK_STREAM, 0);

	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 1)) {
		skip("host_to_image_64k", "listen");
		return 1;
	}
	printf("bench-net: sink ready\n");
	fflush(stdout);
	int s = accept(l, 0, 0);
	if (s < 0) {
		skip("host_to_image_64k", "accept");
		return 1;
	}
	long long total = 0, t0 = 0;
	for (;;) {
		ssize_t r = read(s, buf, sizeof(buf));
		if (r < 0) {
			skip("host_to_image_64k", "read");
			return 1;
		}
		if (r == 0)
			break;
		if (total == 0)
			t0 = now_ns();
		total += r;
	}
	long long ns = now_ns() - t0;
	close(s);
	close(l);
	if (total < CHUNK) {
		printf("bench-skip host_to_image_64k only %lld bytes came\n", total);
		return 1;
	}
	report("host_to_image_64k", (long)(total / CHUNK), ns);
	return 0;
}

/* Inside cub this runs from the image's script; on the host, the scratch
   folder bench tools pass as argv[1] is not needed. */
int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--sink") == 0)
		return sink(atoi(argv[2]));
	bench_tcp_pingpong(2000);
	bench_tcp_stream(200);
	bench_tcp_connect(1000);
	return 0;
}
