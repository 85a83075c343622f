/*
 * clock.h - the kernel's monotonic clock.
 *
 * Backed by the TSC, calibrated against the PIT at boot (arch/x86_64/tsc.c).
 * Before calibration clock_ns() returns 0, so early log lines show 0.000000.
 */
#ifndef CUB_SCHED_CLOCK_H
#define CUB_SCHED_CLOCK_H

#include <stdint.h>

#define NSEC_PER_SEC 1000000000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_USEC 1000ULL

/* Nanoseconds since the TSC was calibrated. */
uint64_t clock_ns(void);

/* Wall-clock time: the RTC's reading at boot plus clock_ns(). */
uint64_t clock_realtime_ns(void);
/* Sets the wall clock (settimeofday, or the RTC at boot).  The first
   call, at boot, fixes the boot wall-clock offset that
   clock_realtime_drift_ns measures from. */
void clock_set_realtime_ns(uint64_t ns);

/* How far the wall clock has been moved since boot: realtime minus
   (boot wall-clock time plus monotonic time), in ns. */
int64_t clock_realtime_drift_ns(void);

/* Moves the wall clock by delta ns at once (an adjtime(2)-like step,
   for /scheme/sys/update_time_offset); false, and no change, when the
   result would fall before the epoch or past 2^63 ns. */
#include <stdbool.h>
bool clock_adjust_realtime_ns(int64_t delta);

/*
 * Reads a user struct __kernel_timespec as nanoseconds: 0, -EFAULT, or
 * -EINVAL for a negative time or tv_nsec out of [0, 10^9).  Times past
 * 2^63 ns saturate (a sleep that long is forever).
 */
struct __kernel_timespec;
int timespec_from_user(const struct __kernel_timespec *uts, uint64_t *ns);

/* The same for a timespec already copied in: 0 or -EINVAL. */
int timespec_to_ns(const struct __kernel_timespec *ts, uint64_t *ns);

/* Nanoseconds as a timespec. */
void ns_to_timespec(uint64_t ns, struct __kernel_timespec *ts);

/* TSC ticks per second, or 0 before calibration. */
uint64_t clock_tsc_hz(void);

#endif
