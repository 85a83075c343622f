/*
 * idt.h - interrupt and exception dispatch.
 */
#ifndef CUB_ARCH_IDT_H
#define CUB_ARCH_IDT_H

#include <stdint.h>

/* The frame isr.S builds; the layout is fixed by isr.S's push order. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/* Vectors.  0-31 are exceptions; the legacy PICs are moved out of the way
   to 32-47 and masked; the local APIC's are above. */
#define VEC_PIC_BASE 32
#define VEC_APIC_TIMER 64
/* ISA interrupts routed through the I/O APIC: VEC_ISA_BASE + IRQ. */
#define VEC_ISA_BASE 80
/* PCI interrupt lines (level-triggered GSIs 0-31): VEC_PCI_BASE + GSI. */
#define VEC_PCI_BASE 96
#define VEC_PCI_LINES 32
#define VEC_SPURIOUS 255

#define VEC_PAGE_FAULT 14

typedef void (*irq_handler_fn)(struct trap_frame *tf);

void idt_init(void);

/* Installs the handler for an interrupt vector (>= 32). */
void irq_register(int vector, irq_handler_fn fn);

#include <stdbool.h>

/* Interrupts and exceptions delivered on vector so far (0 for a bad
   vector): what /scheme/irq/N reads. */
uint64_t irq_count(int vector);

/* Whether the kernel has installed a handler for interrupt vector
   (>= 32): the lines /scheme/irq lists. */
bool irq_taken(int vector);

/* Page faults and user-mode exceptions (fault.c): true when handled. */
bool page_fault_handle(struct trap_frame *tf);
bool user_exception_handle(struct trap_frame *tf);

/* Prints every register of a frame, then a backtrace from it. */
void trap_frame_dump(const struct trap_frame *tf);

#endif
