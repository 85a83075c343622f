/*
 * bench.h - what the benchmark programs share: the clock they time with
 * and the line they report ("bench NAME ITERATIONS NANOSECONDS", read by
 * tools/bench_ratio.py).
 */
#ifndef CUB_TESTS_USER_BENCH_H
#define CUB_TESTS_USER_BENCH_H

#include <stdio.h>
#include <time.h>

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

#endif
