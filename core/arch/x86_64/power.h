/*
 * power.h - ending the machine: power-off, or an exit status for QEMU.
 *
 * A clean end is an ACPI S5 power-off, which makes QEMU exit with status 0;
 * the kernel prints "cub: power off (status 0)" first so the runner can
 * tell it from a triple fault (which, under -no-reboot, also exits 0).
 * Other outcomes write to QEMU's isa-debug-exit device (port 0xf4), which
 * makes QEMU exit with status (value << 1) | 1.  tools/cubstatus.py holds
 * the same numbers for the host side.
 */
#ifndef CUB_ARCH_POWER_H
#define CUB_ARCH_POWER_H

#define DEBUG_EXIT_PORT 0xf4

enum cub_exit {
	CUB_EXIT_PASS = 0,   /* power off; QEMU status 0 */
	CUB_EXIT_FAIL = 1,   /* QEMU status 3: a test or a check failed */
	CUB_EXIT_PANIC = 50, /* QEMU status 101: kernel panic */
};

/* Powers off (PASS) or exits through isa-debug-exit; never returns. */
__attribute__((noreturn)) void machine_exit(enum cub_exit status);

/* Reads the ACPI tables needed for power-off; call once paging is up. */
void acpi_init(unsigned long long rsdp_phys_hint);

/* A checksummed ACPI table by signature ("APIC" is the MADT), with its
   whole length; NULL when there is none. */
#include <stdint.h>
const void *acpi_find_table(const char *sig, uint32_t *length);

/* The index-th valid table (0 first): those the RSDT/XSDT lists, in its
   order, then the DSDT; NULL past the last.  For /scheme/acpi. */
#include <stddef.h>
const void *acpi_table_at(size_t index, uint32_t *length);

#endif
