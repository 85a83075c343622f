/*
 * tsc.c - the monotonic clock: the TSC scaled to nanoseconds.
 *
 * ns = (tsc - tsc0) * mult >> 32, with mult = 10^9 * 2^32 / tsc_hz, so the
 * hot path is one multiplication (a 64x64->128 bit mul, no division).
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/timer.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "sched/clock.h"

#define CALIBRATION_US 20000

static uint64_t tsc0, tsc_hz, tsc_mult;

void tsc_calibrate(void)
{
	uint64_t best = ~0ULL;

	/* The shortest of three windows is the least disturbed one. */
	for (int i = 0; i < 3; i++) {
		uint64_t start = rdtsc();
		if (!pit_wait_us(CALIBRATION_US))
			panic("tsc: the PIT does not count; cannot calibrate");
		uint64_t d = rdtsc() - start;
		if (d < best)
			best = d;
	}
	tsc_hz = best * (1000000 / CALIBRATION_US);
	/* 10^9 * 2^32 < 2^63: plain 64-bit division is enough. */
	tsc_mult = (NSEC_PER_SEC << 32) / tsc_hz;
	tsc0 = rdtsc();
	pr_info("tsc: %lu.%03lu MHz\n", (unsigned long)(tsc_hz / 1000000),
	        (unsigned long)(tsc_hz / 1000 % 1000));
}

uint64_t clock_ns(void)
{
	if (!tsc_mult)
		return 0;
	uint64_t d = rdtsc() - tsc0;
	return (uint64_t)(((unsigned __int128)d * tsc_mult) >> 32);
}

/* Realtime minus monotonic, now and as the first setting (the RTC at
   boot) made it. */
static uint64_t realtime_offset, boot_offset;
static bool boot_offset_set;

uint64_t clock_realtime_ns(void)
{
	return realtime_offset + clock_ns();
}

void clock_set_realtime_ns(uint64_t ns)
{
	realtime_offset = ns - clock_ns();
	if (!boot_offset_set) {
		boot_offset = realtime_offset;
		boot_offset_set = true;
	}
}

int64_t clock_realtime_drift_ns(void)
{
	return (int64_t)(realtime_offset - boot_offset);
}

bool clock_adjust_realtime_ns(int64_t delta)
{
	bool on = irq_save();
	uint64_t now = clock_realtime_ns();
	bool ok = delta >= 0 ? now <= (uint64_t)INT64_MAX - (uint64_t)delta
	                     : now >= (uint64_t)-delta;
	if (ok)
		realtime_offset += (uint64_t)delta;
	irq_restore(on);
	return ok;
}

uint64_t clock_tsc_hz(void)
{
	return tsc_hz;
}
