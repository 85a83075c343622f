/*
 * pci.h - PCI configuration space (mechanism #1, ports 0xCF8/0xCFC) and
 * the list of functions found at boot.
 *
 * pci_init() walks every bus/device/function once (multi-function aware)
 * and records each function's ids, class, BARs (I/O or memory, 64-bit
 * BARs joined, sizes by writing all ones) and interrupt line/pin.  Drivers
 * look their cards up with pci_find(), in bus/slot order.  Register
 * offsets and bits come from <linux/pci_regs.h>.
 */
#ifndef CUB_DRIVERS_PCI_H
#define CUB_DRIVERS_PCI_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_MAX_DEVICES 64
#define PCI_NUM_BARS 6

struct pci_bar {
	uint64_t base;   /* physical address or I/O port; 0 = unused */
	uint64_t size;
	bool io;         /* an I/O-port BAR */
	bool is64;       /* the low half of a 64-bit memory BAR */
};

struct pci_dev {
	uint8_t bus, slot, func;
	uint16_t vendor, device;
	uint8_t class_code, subclass, prog_if, revision;
	uint8_t header_type;
	uint8_t irq_line;   /* Interrupt Line as the firmware set it; 0xFF = none */
	uint8_t irq_pin;    /* 0 = none, 1-4 = INTA#-INTD# */
	struct pci_bar bar[PCI_NUM_BARS];
};

uint32_t pci_read32(const struct pci_dev *d, uint8_t off);
uint16_t pci_read16(const struct pci_dev *d, uint8_t off);
uint8_t pci_read8(const struct pci_dev *d, uint8_t off);
void pci_write32(const struct pci_dev *d, uint8_t off, uint32_t v);
void pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v);

/* Enumerates the buses; logs one line per function at debug level and a
   summary at info.  Safe to call twice (the second call does nothing). */
void pci_init(void);

int pci_count(void);
struct pci_dev *pci_get(int i);

/* The n-th (0-based) function with these ids, in bus order, or NULL. */
struct pci_dev *pci_find(uint16_t vendor, uint16_t device, int n);

/*
 * Walks the capability list: the config-space offset of the first
 * capability with this id (PCI_CAP_ID_*) after the one at offset start (0 =
 * from the beginning), or 0 when there is none.
 */
uint8_t pci_find_cap(const struct pci_dev *d, uint8_t cap_id, uint8_t start);

/* Turns on I/O and memory decoding and bus mastering (DMA). */
void pci_enable(const struct pci_dev *d);

#endif
