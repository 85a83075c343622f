/*
 * idt.c - the interrupt descriptor table and the C side of every interrupt.
 *
 * An exception with no registered handler is a kernel bug: the registers
 * and a symbolized backtrace are printed and the kernel panics, which ends
 * the QEMU run with the panic status.
 */
#include "arch/x86_64/idt.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/layout.h"
#include "lib/backtrace.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "proc/process.h"
#include "sched/sched.h"

struct idt_entry {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct idt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define IDT_INTERRUPT_GATE 0x8E /* present, DPL 0, 64-bit interrupt gate */

extern const uint64_t isr_stub_table[256];

static struct idt_entry idt[256] __attribute__((aligned(16)));
static irq_handler_fn handlers[256];
/* Interrupts taken per vector since boot (/scheme/irq).  One CPU, and
   the dispatch runs with interrupts off, so a plain increment is exact. */
static uint64_t counts[256];

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault", "general protection fault",
	"page fault", "reserved", "x87 floating-point error", "alignment check",
	"machine check", "SIMD floating-point error", "virtualization exception",
	"control protection exception", "reserved", "reserved", "reserved",
	"reserved", "reserved", "reserved", "hypervisor injection",
	"VMM communication", "security exception", "reserved",
};

static void set_gate(int vec, uint64_t handler, uint8_t ist)
{
	struct idt_entry *e = &idt[vec];

	e->offset_low = handler & 0xFFFF;
	e->selector = GDT_KERNEL_CODE;
	e->ist = ist;
	e->type_attr = IDT_INTERRUPT_GATE;
	e->offset_mid = (handler >> 16) & 0xFFFF;
	e->offset_high = handler >> 32;
	e->reserved = 0;
}

void idt_init(void)
{
	for (int v = 0; v < 256; v++)
		set_gate(v, isr_stub_table[v], 0);
	set_gate(8, isr_stub_table[8], IST_DOUBLE_FAULT);
	set_gate(2, isr_stub_table[2], IST_NMI);
	set_gate(18, isr_stub_table[18], IST_MACHINE_CHECK);

	struct idt_ptr ptr = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

void irq_register(int vector, irq_handler_fn fn)
{
	if (vector < 0 || vector > 255)
		panic("irq_register: bad vector %d", vector);
	handlers[vector] = fn;
}

uint64_t irq_count(int vector)
{
	return vector >= 0 && vector < 256 ? counts[vector] : 0;
}

bool irq_taken(int vector)
{
	return vector >= VEC_PIC_BASE && vector < 256 && handlers[vector] != 0;
}

void trap_frame_dump(const struct trap_frame *tf)
{
	pr_emerg("RIP: %016lx CS: %04lx RFLAGS: %08lx\n", tf->rip, tf->cs, tf->rflags);
	pr_emerg("RSP: %016lx SS: %04lx  ERR: %lx CR2: %016lx CR3: %016lx\n", tf->rsp,
	         tf->ss, tf->error, read_cr2(), read_cr3());
	pr_emerg("RAX: %016lx RBX: %016lx RCX: %016lx\n", tf->rax, tf->rbx, tf->rcx);
	pr_emerg("RDX: %016lx RSI: %016lx RDI: %016lx\n", tf->rdx, tf->rsi, tf->rdi);
	pr_emerg("RBP: %016lx R08: %016lx R09: %016lx\n", tf->rbp, tf->r8, tf->r9);
	pr_emerg("R10: %016lx R11: %016lx R12: %016lx\n", tf->r10, tf->r11, tf->r12);
	pr_emerg("R13: %016lx R14: %016lx R15: %016lx\n", tf->r13, tf->r14, tf->r15);
	backtrace_print_from(tf->rip, tf->rbp);
}

static void page_fault_detail(const struct trap_frame *tf)
{
	uint64_t e = tf->error;

	pr_emerg("page fault at %016lx: %s, %s access, %s mode%s\n", read_cr2(),
	         (e & 1) ? "protection violation" : "page not present",
	         (e & 16) ? "instruction" : (e & 2) ? "write" : "read",
	         (e & 4) ? "user" : "kernel", (e & 8) ? ", reserved bit set" : "");
}

void interrupt_dispatch(struct trap_frame *tf);
void interrupt_dispatch(struct trap_frame *tf)
{
	uint64_t v = tf->vector;

	counts[v & 0xff]++;
	if (handlers[v]) {
		handlers[v](tf);
	} else if (v == VEC_PAGE_FAULT && page_fault_handle(tf)) {
		/* resolved, fixed up, or the process was killed */
	} else if (v < 32 && user_exception_handle(tf)) {
		/* not reached: the process was killed */
	} else if (v < 32) {
		panic_begin();
		pr_emerg("exception %lu (%s) in %s mode\n", v, exception_names[v],
		         (tf->cs & 3) ? "user" : "kernel");
		if (v == VEC_PAGE_FAULT)
			page_fault_detail(tf);
		trap_frame_dump(tf);
		panic_end("unhandled %s", exception_names[v]);
	} else {
		pr_warn("idt: unexpected interrupt vector %lu\n", v);
	}
	if (v >= 32)
		sched_preempt_point();
	if (tf->cs & 3)
		process_return_to_user(tf);
}
