/*
 * panic.c - stop the kernel loudly.
 */
#include "lib/panic.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/power.h"
#include "lib/backtrace.h"
#include "lib/format.h"
#include "lib/printk.h"

#include <stdarg.h>

static int panic_depth;

void panic_begin(void)
{
	irq_disable();
	if (++panic_depth > 1) {
		kprintf_raw("\nnested panic; giving up\n");
		machine_exit(CUB_EXIT_PANIC);
	}
	/* Whatever the log level, a panic is shown. */
	printk_set_level(LOG_DEBUG);
}

__attribute__((noreturn)) static void vpanic_end(const char *fmt, va_list ap)
{
	char msg[256];

	kvsnprintf(msg, sizeof(msg), fmt, ap);
	pr_emerg("Kernel panic - not syncing: %s\n", msg);
	machine_exit(CUB_EXIT_PANIC);
}

void panic_end(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic_end(fmt, ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	panic_begin();
	backtrace_print();
	va_start(ap, fmt);
	vpanic_end(fmt, ap);
}
