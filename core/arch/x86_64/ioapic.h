/*
 * ioapic.h - the I/O APIC: routes device interrupt lines (ISA IRQs and
 * PCI GSIs) to local-APIC vectors on the boot CPU.
 */
#ifndef CUB_ARCH_IOAPIC_H
#define CUB_ARCH_IOAPIC_H

#include "arch/x86_64/idt.h"

/* Finds the I/O APIC (ACPI MADT, else the PC default address) and masks
   every input.  Call after acpi_init and apic_timer_init. */
void ioapic_init(void);

/*
 * Routes ISA interrupt irq (0-15) to vector and installs handler; the
 * MADT's interrupt source overrides decide the GSI, polarity and trigger.
 * The handler must call apic_eoi().  Returns false without an I/O APIC.
 */
bool ioapic_route_isa(int irq, int vector, irq_handler_fn handler);

/*
 * Adds handler(arg) to PCI interrupt line gsi (the Interrupt Line the
 * firmware wrote to the device's config space) and unmasks it, routed
 * level-triggered, active high to vector VEC_PCI_BASE + gsi.  A line may be
 * shared: every handler on it runs on each interrupt (each checks its own
 * device's status register), then the line is acknowledged (EOI); handlers
 * must not call apic_eoi().  Returns false without an I/O APIC, for a GSI
 * the I/O APIC does not have, or when the line has PCI_IRQ_SHARERS already.
 */
#define PCI_IRQ_SHARERS 8
typedef void (*pci_irq_fn)(void *arg);
bool ioapic_route_pci(int gsi, pci_irq_fn handler, void *arg);

#endif
