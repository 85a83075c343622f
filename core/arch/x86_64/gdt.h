/*
 * gdt.h - segments and the task state segment.
 *
 * Long mode ignores segment bases and limits; the GDT still has to exist
 * for the privilege levels, and the TSS gives the CPU the kernel stack to
 * switch to on an interrupt from user mode (rsp0) and the known-good stacks
 * (IST) for faults that must not trust the current stack, such as a double
 * fault after a kernel stack overflow.
 */
#ifndef CUB_ARCH_GDT_H
#define CUB_ARCH_GDT_H

#include <stdint.h>

#define IST_DOUBLE_FAULT 1
#define IST_NMI 2
#define IST_MACHINE_CHECK 3

void gdt_init(void);

/* The stack the CPU switches to when an interrupt arrives in ring 3. */
void tss_set_rsp0(uint64_t rsp0);

#endif
