/*
 * rtc.h - the CMOS real-time clock, read once at boot for the wall time.
 */
#ifndef CUB_DRIVERS_RTC_H
#define CUB_DRIVERS_RTC_H

#include <stdint.h>

/* Seconds since the Unix epoch (UTC, as QEMU's RTC keeps it), or 0 when
   the clock cannot be read. */
uint64_t rtc_read_epoch(void);

/* Days since 1970-01-01 of a proleptic Gregorian date (portable). */
int64_t rtc_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
