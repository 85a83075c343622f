/*
 * rtc.c - reading the MC146818-compatible CMOS clock.
 *
 * The registers change once a second; reading twice until two readings
 * agree (and never during an update) gives a consistent time without
 * waiting for the update-ended interrupt.
 */
#include "drivers/rtc.h"

#include "arch/x86_64/cpu.h"

#include <stdbool.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define REG_SECONDS 0x00
#define REG_MINUTES 0x02
#define REG_HOURS 0x04
#define REG_DAY 0x07
#define REG_MONTH 0x08
#define REG_YEAR 0x09
#define REG_CENTURY 0x32
#define REG_STATUS_A 0x0A
#define REG_STATUS_B 0x0B
#define STATUS_A_UPDATING 0x80
#define STATUS_B_BINARY 0x04
#define STATUS_B_24H 0x02

struct rtc_time {
	unsigned sec, min, hour, day, mon, year, century;
};

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static void read_raw(struct rtc_time *t)
{
	for (int i = 0; i < 100000 && (cmos_read(REG_STATUS_A) & STATUS_A_UPDATING); i++)
		cpu_relax();
	t->sec = cmos_read(REG_SECONDS);
	t->min = cmos_read(REG_MINUTES);
	t->hour = cmos_read(REG_HOURS);
	t->day = cmos_read(REG_DAY);
	t->mon = cmos_read(REG_MONTH);
	t->year = cmos_read(REG_YEAR);
	t->century = cmos_read(REG_CENTURY);
}

static bool same(const struct rtc_time *a, const struct rtc_time *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour && a->day == b->day &&
	       a->mon == b->mon && a->year == b->year && a->century == b->century;
}

static unsigned bcd(unsigned v)
{
	return (v & 0x0F) + (v >> 4) * 10;
}

/* Howard Hinnant's days_from_civil. */
int64_t rtc_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

uint64_t rtc_read_epoch(void)
{
	struct rtc_time a, b;
	int tries = 0;

	read_raw(&a);
	do {
		b = a;
		read_raw(&a);
	} while (!same(&a, &b) && ++tries < 10);

	uint8_t status_b = cmos_read(REG_STATUS_B);
	bool pm = (a.hour & 0x80) != 0;
	a.hour &= 0x7F;
	if (!(status_b & STATUS_B_BINARY)) {
		a.sec = bcd(a.sec);
		a.min = bcd(a.min);
		a.hour = bcd(a.hour);
		a.day = bcd(a.day);
		a.mon = bcd(a.mon);
		a.year = bcd(a.year);
		a.century = bcd(a.century);
	}
	if (!(status_b & STATUS_B_24H) && pm)
		a.hour = (a.hour % 12) + 12;
	unsigned year = (a.century >= 19 && a.century <= 30) ? a.century * 100 + a.year
	                                                      : 2000 + a.year;
	if (a.mon < 1 || a.mon > 12 || a.day < 1 || a.day > 31 || a.hour > 23 || a.min > 59 ||
	    a.sec > 60)
		return 0;
	int64_t days = rtc_days_from_civil(year, a.mon, a.day);
	return (uint64_t)(days * 86400 + a.hour * 3600 + a.min * 60 + a.sec);
}
