/*
 * timer.h - the PIT (only for calibration), the TSC clock and the local
 * APIC timer that drives the scheduler tick.
 */
#ifndef CUB_ARCH_TIMER_H
#define CUB_ARCH_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#define TIMER_HZ 1000

/* Busy-waits us microseconds (at most 50000) on PIT channel 2; returns
   false when the PIT does not count (no PIT: the caller must cope). */
bool pit_wait_us(uint32_t us);

/* Measures the TSC against the PIT; clock_ns() works afterwards. */
void tsc_calibrate(void);

/* Masks the legacy PICs, enables the local APIC, calibrates its timer and
   starts it at TIMER_HZ. */
void apic_timer_init(void);

/* Timer interrupts since apic_timer_init(). */
uint64_t timer_ticks(void);

/* The APIC timer's input frequency, measured. */
uint64_t apic_timer_hz(void);

void apic_eoi(void);

/* The boot CPU's local APIC id, where device interrupts are sent. */
uint32_t apic_id(void);

#endif
