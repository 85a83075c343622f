/*
 * ioapic.c - the I/O APIC, found through the ACPI MADT.
 *
 * The MADT lists each I/O APIC (its MMIO address and first GSI) and the
 * "interrupt source overrides" that say where an ISA IRQ really arrives:
 * on QEMU's PC the PIT's IRQ 0 is GSI 2, and a few PCI lines are
 * level-triggered.  An ISA IRQ without an override is the GSI of the same
 * number, edge-triggered, active high.
 *
 * PCI INTx lines: on QEMU's i440fx/PIIX the firmware (SeaBIOS) routes the
 * four PIRQ links to IRQs 5, 9, 10 and 11 and writes the result into each
 * device's Interrupt Line; the PIIX passes them to the I/O APIC input of
 * that number, level-triggered and active high (the ACPI _PRT link
 * devices' _CRS say Interrupt (Level, ActiveHigh, Shared), and the MADT
 * overrides for 5/9/10/11 say the same; Linux lists them as IO-APIC
 * "fasteoi").  So ioapic_route_pci programs the GSI level/active-high and
 * runs every handler sharing the line.
 */
#include "arch/x86_64/ioapic.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/timer.h"
#include "lib/kstring.h"
#include "lib/printk.h"
#include "mm/paging.h"

#define IOAPIC_DEFAULT_BASE 0xFEC00000ULL
#define IOREGSEL 0x00
#define IOWIN 0x10
#define REG_VERSION 0x01
#define REG_REDTBL(n) (0x10 + 2 * (n))

#define RTE_ACTIVE_LOW (1u << 13)
#define RTE_LEVEL (1u << 15)
#define RTE_MASKED (1u << 16)

/* MADT entry types and the MPS INTI flags (ACPI specification 5.2.12). */
#define MADT_HEADER_LEN 44
#define MADT_IOAPIC 1
#define MADT_OVERRIDE 2
#define INTI_POLARITY_MASK 0x3
#define INTI_POLARITY_LOW 0x3
#define INTI_TRIGGER_MASK 0xC
#define INTI_TRIGGER_LEVEL 0xC

struct isa_route {
	uint32_t gsi;
	uint16_t flags; /* INTI flags */
};

struct pci_line {
	int n;
	pci_irq_fn fn[PCI_IRQ_SHARERS];
	void *arg[PCI_IRQ_SHARERS];
};

static volatile uint32_t *ioapic;
static struct pci_line pci_lines[VEC_PCI_LINES];
static uint32_t gsi_base, gsi_count;
static struct isa_route isa[16];

static uint32_t ioapic_read(uint32_t reg)
{
	ioapic[IOREGSEL / 4] = reg;
	return ioapic[IOWIN / 4];
}

static void ioapic_write(uint32_t reg, uint32_t v)
{
	ioapic[IOREGSEL / 4] = reg;
	ioapic[IOWIN / 4] = v;
}

/* Reads the MADT: the first I/O APIC and the ISA overrides. */
static uint64_t parse_madt(void)
{
	uint32_t len = 0;
	const uint8_t *madt = acpi_find_table("APIC", &len);
	uint64_t base = 0;

	if (!madt)
		return 0;
	for (uint32_t off = MADT_HEADER_LEN; off + 2 <= len;) {
		uint8_t type = madt[off], elen = madt[off + 1];
		if (elen < 2 || off + elen > len)
			break;
		if (type == MADT_IOAPIC && elen >= 12 && !base) {
			uint32_t addr, gbase;
			memcpy(&addr, madt + off + 4, 4);
			memcpy(&gbase, madt + off + 8, 4);
			base = addr;
			gsi_base = gbase;
		} else if (type == MADT_OVERRIDE && elen >= 10 && madt[off + 3] < 16) {
			struct isa_route *r = &isa[madt[off + 3]];
			memcpy(&r->gsi, madt + off + 4, 4);
			memcpy(&r->flags, madt + off + 8, 2);
		}
		off += elen;
	}
	return base;
}

void ioapic_init(void)
{
	for (int i = 0; i < 16; i++)
		isa[i] = (struct isa_route){ .gsi = (uint32_t)i, .flags = 0 };
	uint64_t base = parse_madt();
	if (!base) {
		pr_warn("ioapic: no MADT entry; assuming the PC default at 0x%lx\n",
		        (unsigned long)IOAPIC_DEFAULT_BASE);
		base = IOAPIC_DEFAULT_BASE;
		isa[0].gsi = 2; /* the PIT, on every PC chipset */
	}
	paging_map_mmio(base, PAGE_SIZE);
	ioapic = phys_to_virt(base);
	uint32_t ver = ioapic_read(REG_VERSION);
	if (ver == 0xFFFFFFFF) {
		pr_warn("ioapic: nothing answers at 0x%lx; device interrupts are off\n",
		        (unsigned long)base);
		ioapic = 0;
		return;
	}
	gsi_count = ((ver >> 16) & 0xFF) + 1;
	for (uint32_t i = 0; i < gsi_count; i++) {
		ioapic_write(REG_REDTBL(i), RTE_MASKED);
		ioapic_write(REG_REDTBL(i) + 1, 0);
	}
	pr_info("ioapic: at 0x%lx, GSIs %u-%u\n", (unsigned long)base, gsi_base,
	        gsi_base + gsi_count - 1);
}

bool ioapic_route_isa(int irq, int vector, irq_handler_fn handler)
{
	if (!ioapic || irq < 0 || irq >= 16)
		return false;
	const struct isa_route *r = &isa[irq];
	if (r->gsi < gsi_base || r->gsi >= gsi_base + gsi_count)
		return false;
	uint32_t pin = r->gsi - gsi_base;
	uint32_t low = (uint32_t)vector; /* fixed delivery, physical destination */
	if ((r->flags & INTI_POLARITY_MASK) == INTI_POLARITY_LOW)
		low |= RTE_ACTIVE_LOW;
	if ((r->flags & INTI_TRIGGER_MASK) == INTI_TRIGGER_LEVEL)
		low |= RTE_LEVEL;
	irq_register(vector, handler);
	ioapic_write(REG_REDTBL(pin) + 1, apic_id() << 24);
	ioapic_write(REG_REDTBL(pin), low);
	return true;
}

/* Every handler on the line, then the EOI that lets the level-triggered
   line fire again (still asserted if some card was not acknowledged). */
static void pci_interrupt(struct trap_frame *tf)
{
	struct pci_line *l = &pci_lines[tf->vector - VEC_PCI_BASE];
	for (int i = 0; i < l->n; i++)
		l->fn[i](l->arg[i]);
	apic_eoi();
}

bool ioapic_route_pci(int gsi, pci_irq_fn handler, void *arg)
{
	if (!ioapic || gsi < 0 || gsi >= VEC_PCI_LINES || (uint32_t)gsi < gsi_base ||
	    (uint32_t)gsi >= gsi_base + gsi_count)
		return false;
	bool on = irq_save();
	struct pci_line *l = &pci_lines[gsi];
	if (l->n == PCI_IRQ_SHARERS) {
		irq_restore(on);
		return false;
	}
	l->fn[l->n] = handler;
	l->arg[l->n] = arg;
	l->n++;
	if (l->n == 1) {
		int vector = VEC_PCI_BASE + gsi;
		uint32_t pin = (uint32_t)gsi - gsi_base;
		irq_register(vector, pci_interrupt);
		ioapic_write(REG_REDTBL(pin) + 1, apic_id() << 24);
		ioapic_write(REG_REDTBL(pin), (uint32_t)vector | RTE_LEVEL);
	}
	irq_restore(on);
	return true;
}
