/*
 * acpi.c - just enough ACPI to power off: find the FADT's PM1a control
 * block and the \_S5 sleep type in the DSDT.
 *
 * The full AML interpreter is not needed for this: the \_S5 object is,
 * in every firmware that matters (QEMU's SeaBIOS tables among them), a
 * Name() holding a Package whose first element is SLP_TYPa, so scanning the
 * DSDT bytes for "_S5_" followed by PackageOp is what small kernels do.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/power.h"
#include "lib/kstring.h"
#include "lib/printk.h"
#include "mm/paging.h"
#include "sched/clock.h"

#include <stdbool.h>
#include <stdint.h>

struct acpi_sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

struct acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_address;
	uint32_t length;
	uint64_t xsdt_address;
	uint8_t extended_checksum;
	uint8_t reserved[3];
} __attribute__((packed));

/* FADT offsets (ACPI specification, table "FADT Format"). */
#define FADT_DSDT 40
#define FADT_PM1A_CNT_BLK 64
#define SLP_EN (1u << 13)
#define AML_PACKAGE_OP 0x12
#define AML_BYTE_PREFIX 0x0A

static const struct acpi_rsdp *rsdp_found;
static uint16_t pm1a_cnt;
static uint16_t slp_typa;
static bool acpi_ready;

/* ACPI tables are below 4 GiB, inside the direct map. */
static const void *acpi_map(uint64_t phys, uint64_t len)
{
	if (phys == 0 || phys + len > DIRECT_MAP_LIMIT)
		return 0;
	return phys_to_virt(phys);
}

static bool checksum_ok(const void *p, uint32_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	for (uint32_t i = 0; i < len; i++)
		sum += b[i];
	return sum == 0;
}

static const struct acpi_rsdp *find_rsdp(uint64_t hint)
{
	if (hint) {
		const struct acpi_rsdp *r = acpi_map(hint, sizeof(*r));
		if (r && memcmp(r->signature, "RSD PTR ", 8) == 0 && checksum_ok(r, 20))
			return r;
	}
	/* The BIOS read-only area, on 16-byte boundaries. */
	for (uint64_t a = 0xE0000; a < 0x100000; a += 16) {
		const struct acpi_rsdp *r = acpi_map(a, sizeof(*r));
		if (r && memcmp(r->signature, "RSD PTR ", 8) == 0 && checksum_ok(r, 20))
			return r;
	}
	return 0;
}

static const struct acpi_sdt_header *map_table(uint64_t phys)
{
	const struct acpi_sdt_header *h = acpi_map(phys, sizeof(*h));

	if (!h || h->length < sizeof(*h) || !acpi_map(phys, h->length))
		return 0;
	if (!checksum_ok(h, h->length))
		return 0;
	return h;
}

static const struct acpi_sdt_header *find_table(const struct acpi_rsdp *rsdp, const char *sig)
{
	bool xsdt = rsdp->revision >= 2 && rsdp->xsdt_address;
	const struct acpi_sdt_header *root =
	    map_table(xsdt ? rsdp->xsdt_address : rsdp->rsdt_address);
	if (!root)
		return 0;
	size_t esize = xsdt ? 8 : 4;
	size_t n = (root->length - sizeof(*root)) / esize;
	const uint8_t *entries = (const uint8_t *)(root + 1);
	for (size_t i = 0; i < n; i++) {
		uint64_t addr = 0;
		memcpy(&addr, entries + i * esize, esize);
		const struct acpi_sdt_header *t = map_table(addr);
		if (t && memcmp(t->signature, sig, 4) == 0)
			return t;
	}
	return 0;
}

/* Reads an AML integer constant the way _S5 packages write them. */
static bool aml_small_int(const uint8_t *p, const uint8_t *end, uint16_t *out)
{
	if (p >= end)
		return false;
	if (*p == AML_BYTE_PREFIX) {
		if (p + 1 >= end)
			return false;
		*out = p[1];
		return true;
	}
	if (*p <= 1 || *p == 0xFF) { /* ZeroOp, OneOp, OnesOp */
		*out = *p == 0xFF ? 0xFF : *p;
		return true;
	}
	return false;
}

static bool find_s5(const struct acpi_sdt_header *dsdt, uint16_t *typ)
{
	const uint8_t *p = (const uint8_t *)(dsdt + 1);
	const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;

	for (; p + 8 < end; p++) {
		if (memcmp(p, "_S5_", 4) != 0 || p[4] != AML_PACKAGE_OP)
			continue;
		/* PkgLength: the top two bits of its first byte say how many
		   more bytes follow. */
		const uint8_t *q = p + 5;
		q += 1 + (*q >> 6);
		q++; /* NumElements */
		return aml_small_int(q, end, typ);
	}
	return false;
}

/* The root table's entry i (checksummed), or NULL (bad or past the end:
   *end says which). */
static const struct acpi_sdt_header *root_entry(const struct acpi_rsdp *rsdp, size_t i, bool *end)
{
	bool xsdt = rsdp->revision >= 2 && rsdp->xsdt_address;
	const struct acpi_sdt_header *root =
	    map_table(xsdt ? rsdp->xsdt_address : rsdp->rsdt_address);
	size_t esize = xsdt ? 8 : 4;
	uint64_t addr = 0;

	*end = !root || i >= (root->length - sizeof(*root)) / esize;
	if (*end)
		return 0;
	memcpy(&addr, (const uint8_t *)(root + 1) + i * esize, esize);
	return map_table(addr);
}

const void *acpi_table_at(size_t index, uint32_t *length)
{
	const struct acpi_sdt_header *t = 0;
	size_t seen = 0;
	bool end = false;

	if (!rsdp_found)
		return 0;
	for (size_t i = 0; !end; i++) {
		t = root_entry(rsdp_found, i, &end);
		if (t && seen++ == index)
			break;
		t = 0;
	}
	/* The DSDT is not in the root table: the FADT points at it. */
	if (!t && seen == index) {
		const struct acpi_sdt_header *fadt = find_table(rsdp_found, "FACP");
		uint32_t dsdt = 0;
		if (fadt && fadt->length >= FADT_DSDT + 4) {
			memcpy(&dsdt, (const uint8_t *)fadt + FADT_DSDT, 4);
			t = map_table(dsdt);
		}
	}
	if (t && length)
		*length = t->length;
	return t;
}

const void *acpi_find_table(const char *sig, uint32_t *length)
{
	const struct acpi_sdt_header *t = rsdp_found ? find_table(rsdp_found, sig) : 0;

	if (t && length)
		*length = t->length;
	return t;
}

void acpi_init(unsigned long long rsdp_hint)
{
	const struct acpi_rsdp *rsdp = find_rsdp(rsdp_hint);
	rsdp_found = rsdp;
	if (!rsdp) {
		pr_warn("acpi: no RSDP found; power-off will use QEMU's fixed port\n");
		return;
	}
	const struct acpi_sdt_header *fadt = find_table(rsdp, "FACP");
	if (!fadt || fadt->length < FADT_PM1A_CNT_BLK + 4) {
		pr_warn("acpi: no usable FADT\n");
		return;
	}
	uint32_t dsdt_phys, cnt;
	memcpy(&dsdt_phys, (const uint8_t *)fadt + FADT_DSDT, 4);
	memcpy(&cnt, (const uint8_t *)fadt + FADT_PM1A_CNT_BLK, 4);
	const struct acpi_sdt_header *dsdt = map_table(dsdt_phys);
	uint16_t typ;
	if (!dsdt || !find_s5(dsdt, &typ)) {
		pr_warn("acpi: no \\_S5 object in the DSDT\n");
		return;
	}
	pm1a_cnt = (uint16_t)cnt;
	slp_typa = typ & 7;
	acpi_ready = true;
	pr_info("acpi: RSDP rev %u, PM1a_CNT 0x%x, S5 SLP_TYP %u\n", rsdp->revision,
	        pm1a_cnt, slp_typa);
}

static void acpi_poweroff(void)
{
	if (acpi_ready)
		outw(pm1a_cnt, (uint16_t)((slp_typa << 10) | SLP_EN));
	/* QEMU's PIIX4 and ICH9 PM blocks, then Bochs' old port. */
	outw(0x604, 0x2000);
	outw(0xB004, 0x2000);
}

void machine_exit(enum cub_exit status)
{
	irq_disable();
	if (status == CUB_EXIT_PASS) {
		kprintf_raw("cub: power off (status 0)\n");
		acpi_poweroff();
		/*
		 * QEMU acts on the power-off request from its main loop, a
		 * moment after the write; give it two seconds before deciding
		 * the request went nowhere.
		 */
		if (clock_tsc_hz()) {
			uint64_t until = clock_ns() + 2 * NSEC_PER_SEC;
			while (clock_ns() < until)
				cpu_relax();
		} else {
			/* Before the clock works: a long, bounded spin. */
			for (volatile uint64_t i = 0; i < 500000000ULL; i++)
				cpu_relax();
		}
		/* Still here: report failure rather than hang or look clean. */
		kprintf_raw("cub: ACPI power-off failed\n");
		status = CUB_EXIT_FAIL;
	} else {
		kprintf_raw("cub: exit (status %d)\n", (int)status * 2 + 1);
	}
	outl(DEBUG_EXIT_PORT, (uint32_t)status);
	for (;;)
		halt();
}
