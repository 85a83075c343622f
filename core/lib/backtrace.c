/*
 * backtrace.c - walking and naming kernel stack frames.
 */
#include "lib/backtrace.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "lib/ksyms.h"
#include "lib/printk.h"

/* Emitted by tools/ksyms.py into the second link (empty in the first). */
extern const uint64_t ksyms_count;
extern const uint64_t ksyms_addrs[];
extern const uint32_t ksyms_name_offsets[];
extern const char ksyms_names[];
extern const char __kernel_start[], __text_end[];

const char *ksym_name(uint64_t pc, uint64_t *offset)
{
	struct ksym_table t = {
		.count = ksyms_count,
		.addrs = ksyms_addrs,
		.name_offsets = ksyms_name_offsets,
		.names = ksyms_names,
		.text_start = (uint64_t)__kernel_start,
		.text_end = (uint64_t)__text_end,
	};
	return ksym_lookup(&t, pc, offset);
}

/*
 * A frame pointer is followed only while it points into the kernel's half
 * of the address space, is aligned and moves up the stack, so a corrupt
 * chain ends the trace instead of faulting inside the panic path.
 */
static int frame_ok(uint64_t rbp, uint64_t prev)
{
	return rbp >= DIRECT_MAP_BASE && (rbp & 7) == 0 && rbp > prev &&
	       rbp < (uint64_t)-16;
}

size_t backtrace_collect(uint64_t rbp, uint64_t *pcs, size_t max)
{
	size_t n = 0;
	uint64_t prev = 0;

	while (n < max && frame_ok(rbp, prev)) {
		const uint64_t *frame = (const uint64_t *)rbp;
		uint64_t ret = frame[1];
		if (ret == 0)
			break;
		pcs[n++] = ret;
		prev = rbp;
		rbp = frame[0];
	}
	return n;
}

/* A return address points after its call: name the call (pc - 1). */
static void print_pc(int i, uint64_t pc, uint64_t lookup)
{
	uint64_t off = 0;
	const char *name = ksym_name(lookup, &off);

	if (name)
		pr_emerg("  #%-2d %016lx %s+0x%lx\n", i, pc, name, off + (pc - lookup));
	else
		pr_emerg("  #%-2d %016lx ?\n", i, pc);
}

void backtrace_print_from(uint64_t rip, uint64_t rbp)
{
	uint64_t pcs[BACKTRACE_MAX];
	size_t n = backtrace_collect(rbp, pcs, BACKTRACE_MAX);

	pr_emerg("Call Trace:\n");
	print_pc(0, rip, rip);
	for (size_t i = 0; i < n; i++)
		print_pc((int)i + 1, pcs[i], pcs[i] - 1);
}

void backtrace_print(void)
{
	uint64_t rbp = read_rbp();
	const uint64_t *frame = (const uint64_t *)rbp;

	backtrace_print_from(frame[1], frame[0]);
}
