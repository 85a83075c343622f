/*
 * pit.c - the 8254 PIT, used only as a known-frequency reference for
 * calibrating the TSC and the local APIC timer.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/timer.h"

#define PIT_HZ 1193182u
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61 /* bit 0: channel 2 gate, bit 1: speaker, bit 5: OUT2 */

bool pit_wait_us(uint32_t us)
{
	uint32_t count = (uint32_t)((uint64_t)PIT_HZ * us / 1000000);

	if (count == 0 || count > 0xFFFF)
		return false;
	uint8_t gate = inb(PIT_GATE);
	outb(PIT_GATE, (gate & ~0x03) | 0x00);
	/* Channel 2, low then high byte, mode 0 (interrupt on terminal count). */
	outb(PIT_CMD, 0xB0);
	outb(PIT_CH2, count & 0xFF);
	outb(PIT_CH2, count >> 8);
	outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01); /* start counting */
	/* Bounded, so a machine without a PIT cannot hang the boot. */
	for (uint32_t spins = 0; spins < 100000000u; spins++)
		if (inb(PIT_GATE) & 0x20)
			return true;
	return false;
}
