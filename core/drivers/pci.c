/*
 * pci.c - PCI configuration mechanism #1 and bus enumeration (see pci.h).
 *
 * Mechanism #1 (PCI Local Bus specification 3.0, 3.2.2.3.2): write
 * 0x80000000 | bus << 16 | device << 11 | function << 8 | offset to the
 * address port 0xCF8, then read or write the dword at the data port
 * 0xCFC (+ offset & 3 for narrower accesses).
 */
#include "drivers/pci.h"

#include <linux/pci_regs.h>

#include "arch/x86_64/cpu.h"
#include "lib/printk.h"

#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA 0xCFC
#define PCI_CONFIG_ENABLE 0x80000000u
/* Header Type bit 7: a multi-function device (PCI 3.0, 6.2.1); the UAPI
   header has only the layout mask below it. */
#define PCI_HEADER_MULTIFUNC 0x80

static struct pci_dev devs[PCI_MAX_DEVICES];
static int ndevs;
static bool done;

static uint32_t cfg_addr(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
	return PCI_CONFIG_ENABLE | (uint32_t)bus << 16 | (uint32_t)slot << 11 |
	       (uint32_t)func << 8 | (off & 0xFC);
}

/* Each access is address write + data access: interrupts off so an
   interrupt handler's own config access cannot come in between. */
static uint32_t cfg_read(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
	bool on = irq_save();
	outl(PCI_CONFIG_ADDRESS, cfg_addr(bus, slot, func, off));
	uint32_t v = inl(PCI_CONFIG_DATA);
	irq_restore(on);
	return v;
}

static void cfg_write(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off, uint32_t v)
{
	bool on = irq_save();
	outl(PCI_CONFIG_ADDRESS, cfg_addr(bus, slot, func, off));
	outl(PCI_CONFIG_DATA, v);
	irq_restore(on);
}

uint32_t pci_read32(const struct pci_dev *d, uint8_t off)
{
	return cfg_read(d->bus, d->slot, d->func, off);
}

uint16_t pci_read16(const struct pci_dev *d, uint8_t off)
{
	return (uint16_t)(pci_read32(d, off) >> ((off & 2) * 8));
}

uint8_t pci_read8(const struct pci_dev *d, uint8_t off)
{
	return (uint8_t)(pci_read32(d, off) >> ((off & 3) * 8));
}

void pci_write32(const struct pci_dev *d, uint8_t off, uint32_t v)
{
	cfg_write(d->bus, d->slot, d->func, off, v);
}

void pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v)
{
	uint32_t old = pci_read32(d, off);
	unsigned shift = (off & 2) * 8;
	old &= ~(0xFFFFu << shift);
	pci_write32(d, off, old | (uint32_t)v << shift);
}

/* Decodes BAR i (and its upper half for a 64-bit BAR); returns how many
   BAR registers it used.  Decoding is off while the size is probed. */
static int read_bar(struct pci_dev *d, int i)
{
	uint8_t off = (uint8_t)(PCI_BASE_ADDRESS_0 + 4 * i);
	uint32_t lo = pci_read32(d, off);
	struct pci_bar *b = &d->bar[i];

	pci_write32(d, off, 0xFFFFFFFFu);
	uint32_t szlo = pci_read32(d, off);
	pci_write32(d, off, lo);
	if (lo & PCI_BASE_ADDRESS_SPACE_IO) {
		uint32_t mask = szlo & PCI_BASE_ADDRESS_IO_MASK & 0xFFFF;
		b->io = true;
		b->base = lo & PCI_BASE_ADDRESS_IO_MASK;
		b->size = mask ? ((~mask + 1) & 0xFFFF) : 0;
		return 1;
	}
	uint64_t base = lo & PCI_BASE_ADDRESS_MEM_MASK;
	uint64_t mask = szlo & PCI_BASE_ADDRESS_MEM_MASK;
	int used = 1;
	if ((lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64 &&
	    i + 1 < PCI_NUM_BARS) {
		uint8_t hoff = (uint8_t)(off + 4);
		uint32_t hi = pci_read32(d, hoff);
		pci_write32(d, hoff, 0xFFFFFFFFu);
		uint32_t szhi = pci_read32(d, hoff);
		pci_write32(d, hoff, hi);
		base |= (uint64_t)hi << 32;
		mask |= (uint64_t)szhi << 32;
		b->is64 = true;
		used = 2;
	} else if (mask) {
		mask |= 0xFFFFFFFF00000000ULL;
	}
	b->base = base;
	b->size = mask ? ~mask + 1 : 0;
	return used;
}

static void add_function(uint8_t bus, uint8_t slot, uint8_t func, uint32_t id)
{
	if (ndevs == PCI_MAX_DEVICES) {
		pr_warn("pci: more than %d functions; %02x:%02x.%x ignored\n",
		        PCI_MAX_DEVICES, bus, slot, func);
		return;
	}
	struct pci_dev *d = &devs[ndevs++];
	*d = (struct pci_dev){ .bus = bus, .slot = slot, .func = func };
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	uint32_t cls = pci_read32(d, PCI_CLASS_REVISION);
	d->revision = (uint8_t)cls;
	d->prog_if = (uint8_t)(cls >> 8);
	d->subclass = (uint8_t)(cls >> 16);
	d->class_code = (uint8_t)(cls >> 24);
	d->header_type = pci_read8(d, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK;
	d->irq_line = pci_read8(d, PCI_INTERRUPT_LINE);
	d->irq_pin = pci_read8(d, PCI_INTERRUPT_PIN);
	if (d->header_type == PCI_HEADER_TYPE_NORMAL) {
		uint16_t cmd = pci_read16(d, PCI_COMMAND);
		pci_write16(d, PCI_COMMAND,
		            cmd & (uint16_t)~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
		for (int i = 0; i < PCI_NUM_BARS;)
			i += read_bar(d, i);
		pci_write16(d, PCI_COMMAND, cmd);
	}
	pr_debug("pci: %02x:%02x.%x %04x:%04x class %02x%02x%02x irq %u pin %u\n", bus,
	         slot, func, d->vendor, d->device, d->class_code, d->subclass, d->prog_if,
	         d->irq_line, d->irq_pin);
	for (int i = 0; i < PCI_NUM_BARS; i++)
		if (d->bar[i].size)
			pr_debug("pci:   BAR%d %s 0x%lx size 0x%lx%s\n", i,
			         d->bar[i].io ? "io" : "mem", (unsigned long)d->bar[i].base,
			         (unsigned long)d->bar[i].size, d->bar[i].is64 ? " 64-bit" : "");
}

void pci_init(void)
{
	if (done)
		return;
	done = true;
	for (unsigned bus = 0; bus < 256; bus++) {
		for (uint8_t slot = 0; slot < 32; slot++) {
			uint32_t id = cfg_read((uint8_t)bus, slot, 0, PCI_VENDOR_ID);
			if ((id & 0xFFFF) == 0xFFFF)
				continue;
			struct pci_dev f0 = { .bus = (uint8_t)bus, .slot = slot, .func = 0 };
			uint8_t ht = pci_read8(&f0, PCI_HEADER_TYPE);
			int nfunc = (ht & PCI_HEADER_MULTIFUNC) ? 8 : 1;
			for (uint8_t f = 0; f < nfunc; f++) {
				uint32_t fid = f ? cfg_read((uint8_t)bus, slot, f, PCI_VENDOR_ID) : id;
				if ((fid & 0xFFFF) != 0xFFFF)
					add_function((uint8_t)bus, slot, f, fid);
			}
		}
	}
	pr_info("pci: %d function%s found\n", ndevs, ndevs == 1 ? "" : "s");
}

int pci_count(void)
{
	return ndevs;
}

struct pci_dev *pci_get(int i)
{
	return i >= 0 && i < ndevs ? &devs[i] : 0;
}

struct pci_dev *pci_find(uint16_t vendor, uint16_t device, int n)
{
	for (int i = 0; i < ndevs; i++)
		if (devs[i].vendor == vendor && devs[i].device == device && n-- == 0)
			return &devs[i];
	return 0;
}

uint8_t pci_find_cap(const struct pci_dev *d, uint8_t cap_id, uint8_t start)
{
	if (!(pci_read16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	uint8_t off = start ? pci_read8(d, (uint8_t)(start + PCI_CAP_LIST_NEXT))
	                    : pci_read8(d, PCI_CAPABILITY_LIST);
	/* At most 48 capabilities fit in 192 bytes: a guard against loops. */
	for (int n = 0; off >= 0x40 && n < 48; n++) {
		off &= 0xFC;
		if (pci_read8(d, (uint8_t)(off + PCI_CAP_LIST_ID)) == cap_id)
			return off;
		off = pci_read8(d, (uint8_t)(off + PCI_CAP_LIST_NEXT));
	}
	return 0;
}

void pci_enable(const struct pci_dev *d)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	cmd |= PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	cmd &= (uint16_t)~PCI_COMMAND_INTX_DISABLE;
	pci_write16(d, PCI_COMMAND, cmd);
}
