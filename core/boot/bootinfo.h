/*
 * bootinfo.h - what the boot loader told us, in one loader-neutral form.
 *
 * GRUB hands over a Multiboot2 information structure; QEMU's -kernel hands
 * over a Multiboot1 one.  Both are parsed here into struct boot_info so the
 * rest of the kernel never looks at either format.
 *
 * Portable: the parsers take the information structure as a pointer plus a
 * function that maps a physical address to a readable pointer (Multiboot1
 * stores physical addresses in its fields), so the host unit tests feed
 * them hand-built structures.  Every length is checked against the
 * structure's own size: a malformed structure gives an error, not a read
 * past its end.
 */
#ifndef CUB_BOOT_BOOTINFO_H
#define CUB_BOOT_BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Magic values the loader leaves in EAX (Multiboot specifications). */
#define MULTIBOOT1_LOADER_MAGIC 0x2BADB002u
#define MULTIBOOT2_LOADER_MAGIC 0x36d76289u

/* Memory region types, as in the E820 map and both Multiboot versions. */
enum boot_mem_type {
	BOOT_MEM_AVAILABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI_RECLAIMABLE = 3,
	BOOT_MEM_NVS = 4,
	BOOT_MEM_BAD = 5,
};

#define BOOT_MEM_MAX 64
#define BOOT_CMDLINE_MAX 1024
#define BOOT_LOADER_MAX 64

struct boot_mem_region {
	uint64_t base;
	uint64_t len;
	uint32_t type; /* enum boot_mem_type; unknown types are kept as is */
};

struct boot_info {
	int protocol;                 /* 1 or 2 */
	char cmdline[BOOT_CMDLINE_MAX]; /* "" when the loader gave none */
	char loader[BOOT_LOADER_MAX];   /* boot loader name, or "" */
	struct boot_mem_region mem[BOOT_MEM_MAX];
	size_t nmem;                  /* regions beyond BOOT_MEM_MAX are dropped
	                                 and counted in mem_dropped */
	size_t mem_dropped;
	uint64_t rsdp_phys;           /* 0 when the loader gave no RSDP; for
	                                 Multiboot2 this is the physical address
	                                 of the RSDP copy inside the info */
	uint64_t info_phys, info_size; /* the structure itself, to reserve */
};

/* Maps a physical address to a pointer the parser may read. */
typedef const void *(*boot_phys_fn)(uint64_t phys, void *ctx);

/*
 * Parses a Multiboot2 information structure located at physical address
 * info_phys.  Returns 0, or -1 when the structure is malformed (total size
 * smaller than 8 or larger than max_size, a tag that runs past the end, no
 * end tag).
 */
int bootinfo_parse_mb2(uint64_t info_phys, size_t max_size, boot_phys_fn phys,
                       void *ctx, struct boot_info *out);

/*
 * Parses a Multiboot1 information structure at physical address info_phys.
 * Uses the memory map (flags bit 6) when present, otherwise mem_lower and
 * mem_upper (bit 0).  Returns 0, or -1 when the structure is unusable (no
 * memory information at all, or a map whose entries are malformed).
 */
int bootinfo_parse_mb1(uint64_t info_phys, boot_phys_fn phys, void *ctx,
                       struct boot_info *out);

/* Sum of the lengths of BOOT_MEM_AVAILABLE regions. */
uint64_t bootinfo_available_bytes(const struct boot_info *bi);

/* Highest end address of any BOOT_MEM_AVAILABLE region. */
uint64_t bootinfo_highest_available(const struct boot_info *bi);

/* "available", "reserved", "ACPI reclaimable", "ACPI NVS", "bad", "type N". */
const char *bootinfo_mem_type_name(uint32_t type, char *buf, size_t bufsz);

#ifdef __cplusplus
}
#endif
#endif
