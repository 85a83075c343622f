/*
 * Architecture tests: interrupt dispatch and symbolized backtraces.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "ktest/ktest.h"
#include "lib/backtrace.h"
#include "lib/format.h"
#include "lib/kstring.h"

static volatile int breakpoints;

static void on_breakpoint(struct trap_frame *tf)
{
	(void)tf;
	breakpoints++;
}

KTEST(arch, registered_exception_handler_returns)
{
	breakpoints = 0;
	irq_register(3, on_breakpoint);
	__asm__ volatile("int3");
	__asm__ volatile("int3");
	irq_register(3, 0);
	KEXPECT_EQ(breakpoints, 2);
}

__attribute__((noinline)) static size_t collect_here(uint64_t *pcs, size_t max)
{
	size_t n = backtrace_collect(read_rbp(), pcs, max);
	/* Work after the call keeps it from becoming a tail call, which
	   would drop this frame. */
	__asm__ volatile("" : : : "memory");
	return n;
}

KTEST(arch, backtrace_names_the_calling_function)
{
	uint64_t pcs[8];
	size_t n = collect_here(pcs, 8);
	KASSERT_GE(n, 2);
	uint64_t off = 0;
	const char *name = ksym_name(pcs[0] - 1, &off);
	KEXPECT_STREQ(name, "ktest_fn_arch_backtrace_names_the_calling_function");
	KEXPECT_GT(off, 0);
	KEXPECT_EQ(ksym_name(0x1234, &off), 0);
}

KTEST(arch, kernel_formatter_works_without_sse)
{
	char buf[64];
	int n = ksnprintf(buf, sizeof(buf), "%s|%5d|%-4x|%08lx|%c", "cub", -42, 0xbeef,
	                  0x123456789aUL, 'z');
	KEXPECT_STREQ(buf, "cub|  -42|beef|123456789a|z");
	KEXPECT_EQ(n, (int)strlen(buf));
}
