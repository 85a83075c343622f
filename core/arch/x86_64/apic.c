/*
 * apic.c - the local APIC and its timer, the scheduler's tick.
 *
 * The legacy 8259 PICs are remapped out of the exception range and masked:
 * every interrupt cub uses comes through the local APIC.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/timer.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "mm/paging.h"
#include "proc/process.h"
#include "sched/sched.h"

#define LAPIC_ID 0x020
#define LAPIC_EOI 0x0B0
#define LAPIC_SVR 0x0F0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE 0x3E0

#define SVR_ENABLE 0x100
#define LVT_MASKED (1u << 16)
#define LVT_PERIODIC (1u << 17)
#define DIVIDE_BY_16 0x3

#define CALIBRATION_US 20000

static volatile uint32_t *lapic;
static uint64_t ticks;
static uint64_t lapic_hz;

static uint32_t lapic_read(uint32_t reg)
{
	return lapic[reg / 4];
}

static void lapic_write(uint32_t reg, uint32_t v)
{
	lapic[reg / 4] = v;
	(void)lapic_read(LAPIC_ID); /* wait for the write to land */
}

static void pic_disable(void)
{
	/* ICW1-4: cascade, vectors 32-47, then mask every line. */
	outb(0x20, 0x11);
	outb(0xA0, 0x11);
	outb(0x21, VEC_PIC_BASE);
	outb(0xA1, VEC_PIC_BASE + 8);
	outb(0x21, 4);
	outb(0xA1, 2);
	outb(0x21, 1);
	outb(0xA1, 1);
	outb(0x21, 0xFF);
	outb(0xA1, 0xFF);
}

void apic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

static void timer_interrupt(struct trap_frame *tf)
{
	bool user = tf->cs & 3;

	ticks++;
	apic_eoi();
	sched_tick(user);
	process_cpu_tick(user);
}

static void spurious_interrupt(struct trap_frame *tf)
{
	(void)tf; /* no EOI for spurious interrupts */
}

void apic_timer_init(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & (1u << 9)))
		panic("apic: this CPU has no local APIC");
	pic_disable();

	uint64_t base = rdmsr(MSR_APIC_BASE) & PTE_ADDR;
	wrmsr(MSR_APIC_BASE, base | (1u << 11)); /* global enable */
	paging_map_mmio(base, PAGE_SIZE);
	lapic = phys_to_virt(base);

	irq_register(VEC_SPURIOUS, spurious_interrupt);
	irq_register(VEC_APIC_TIMER, timer_interrupt);
	lapic_write(LAPIC_SVR, SVR_ENABLE | VEC_SPURIOUS);

	/* Count down from the top for a known time, masked. */
	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | VEC_APIC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, 0xFFFFFFFF);
	if (!pit_wait_us(CALIBRATION_US))
		panic("apic: the PIT does not count; cannot calibrate the timer");
	uint32_t elapsed = 0xFFFFFFFF - lapic_read(LAPIC_TIMER_CURRENT);
	lapic_write(LAPIC_TIMER_INIT, 0);
	if (elapsed == 0)
		panic("apic: the timer does not count");
	lapic_hz = (uint64_t)elapsed * (1000000 / CALIBRATION_US) * 16;

	uint32_t per_tick = (uint32_t)(lapic_hz / 16 / TIMER_HZ);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | VEC_APIC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, per_tick ? per_tick : 1);
	pr_info("apic: timer %lu kHz, %u Hz tick\n", (unsigned long)(lapic_hz / 1000),
	        TIMER_HZ);
}

uint32_t apic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

uint64_t timer_ticks(void)
{
	return ticks;
}

uint64_t apic_timer_hz(void)
{
	return lapic_hz;
}
