/*
 * printk.c - the kernel log on the serial console.
 */
#include "lib/printk.h"

#include "arch/x86_64/cpu.h"
#include "drivers/uart16550.h"
#include "lib/format.h"
#include "sched/clock.h"

static int console_level = LOG_INFO;

void printk_set_level(int level)
{
	if (level < LOG_EMERG)
		level = LOG_EMERG;
	if (level > LOG_DEBUG)
		level = LOG_DEBUG;
	console_level = level;
}

int printk_get_level(void)
{
	return console_level;
}

static void console_putc(char c, void *ctx)
{
	(void)ctx;
	uart_putc(c);
}

static void console_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvformat(console_putc, 0, fmt, ap);
	va_end(ap);
}

void vprintk(int level, const char *fmt, va_list ap)
{
	if (level > console_level)
		return;
	bool on = irq_save();
	uint64_t ns = clock_ns();
	console_printf("[%5lu.%06lu] ", (unsigned long)(ns / 1000000000),
	               (unsigned long)(ns % 1000000000 / 1000));
	kvformat(console_putc, 0, fmt, ap);
	irq_restore(on);
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}

void kprintf_raw(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bool on = irq_save();
	kvformat(console_putc, 0, fmt, ap);
	irq_restore(on);
	va_end(ap);
}
