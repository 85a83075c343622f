/*
 * bootinfo.c - Multiboot1 and Multiboot2 information parsing.
 *
 * The layouts below come from the Multiboot Specification version 0.6.96,
 * section 3.3 "Boot information format" (Multiboot1), and the Multiboot2
 * Specification version 2.0, section 3.6 "Boot information format".  They
 * are spelled as byte offsets and read with memcpy, because the structures
 * come from the loader: nothing guarantees the alignment a C struct would
 * assume, and every offset must be checked against a size before use.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/bootinfo.h"
#include "lib/format.h"
#include "lib/kstring.h"

/* Multiboot2: fixed header, then tags aligned to 8 bytes. */
#define MB2_HEADER_SIZE    8   /* u32 total_size, u32 reserved */
#define MB2_TAG_HEADER     8   /* u32 type, u32 size */
#define MB2_TAG_END        0
#define MB2_TAG_CMDLINE    1
#define MB2_TAG_LOADER     2
#define MB2_TAG_BASIC_MEM  4   /* u32 mem_lower, u32 mem_upper, in KiB */
#define MB2_TAG_MMAP       6
#define MB2_TAG_ACPI_OLD   14
#define MB2_TAG_ACPI_NEW   15
#define MB2_MMAP_HEADER    16  /* tag header, u32 entry_size, u32 entry_version */
#define MB2_MMAP_ENTRY_MIN 24  /* u64 base, u64 len, u32 type, u32 reserved */
#define ACPI_RSDP_V1_SIZE  20  /* ACPI 1.0 RSDP */
#define ACPI_RSDP_V2_SIZE  36  /* ACPI 2.0+ RSDP with the XSDT address */

/* Multiboot1: offsets into the fixed part of the information structure. */
#define MB1_FLAGS          0
#define MB1_MEM_LOWER      4
#define MB1_MEM_UPPER      8
#define MB1_CMDLINE        16
#define MB1_MMAP_LENGTH    44
#define MB1_MMAP_ADDR      48
#define MB1_LOADER_NAME    64
#define MB1_INFO_SIZE      116 /* through the framebuffer colour info */
#define MB1_FLAG_MEM       (1u << 0)
#define MB1_FLAG_CMDLINE   (1u << 2)
#define MB1_FLAG_MMAP      (1u << 6)
#define MB1_FLAG_LOADER    (1u << 9)
/* A map entry is u32 size, u64 base, u64 len, u32 type; size excludes itself. */
#define MB1_MMAP_ENTRY_MIN 20

static uint32_t
rd32(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static uint64_t
rd64(const uint8_t *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

/* Copies at most max bytes of src, stopping at a NUL; dst is terminated. */
static void
copy_string(char *dst, size_t dstsz, const uint8_t *src, size_t max)
{
	size_t n = 0;

	if (max > dstsz - 1)
		max = dstsz - 1;
	while (n < max && src[n] != '\0') {
		dst[n] = (char)src[n];
		n++;
	}
	dst[n] = '\0';
}

static void
add_region(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type)
{
	/* Empty regions say nothing and would only use up slots. */
	if (len == 0)
		return;
	if (bi->nmem == BOOT_MEM_MAX) {
		bi->mem_dropped++;
		return;
	}
	bi->mem[bi->nmem].base = base;
	bi->mem[bi->nmem].len = len;
	bi->mem[bi->nmem].type = type;
	bi->nmem++;
}

/* Both protocols report conventional and extended memory in KiB. */
static void
add_basic_memory(struct boot_info *bi, uint32_t lower_kib, uint32_t upper_kib)
{
	add_region(bi, 0, (uint64_t)lower_kib * 1024, BOOT_MEM_AVAILABLE);
	add_region(bi, 0x100000, (uint64_t)upper_kib * 1024, BOOT_MEM_AVAILABLE);
}

/* tag points at a memory map tag of size bytes, size >= the tag header. */
static int
parse_mb2_mmap(struct boot_info *bi, const uint8_t *tag, size_t size)
{
	size_t entry_size, off;

	if (size < MB2_MMAP_HEADER)
		return -1;
	entry_size = rd32(tag, 8);
	if (entry_size < MB2_MMAP_ENTRY_MIN)
		return -1;
	/* A partial entry at the end means the sizes disagree: refuse it. */
	if ((size - MB2_MMAP_HEADER) % entry_size != 0)
		return -1;
	for (off = MB2_MMAP_HEADER; off < size; off += entry_size)
		add_region(bi, rd64(tag, off), rd64(tag, off + 8),
		    rd32(tag, off + 16));
	return 0;
}

int
bootinfo_parse_mb2(uint64_t info_phys, size_t max_size, boot_phys_fn phys,
    void *ctx, struct boot_info *out)
{
	const uint8_t *info;
	size_t total, off, size = 0;
	uint32_t type, basic_lower = 0, basic_upper = 0;
	bool have_mmap = false, have_basic = false, have_new_rsdp = false;
	bool ended = false;

	memset(out, 0, sizeof(*out));
	out->protocol = 2;
	out->info_phys = info_phys;
	if (max_size < MB2_HEADER_SIZE ||
	    (info = phys(info_phys, ctx)) == NULL)
		return -1;
	total = rd32(info, 0);
	if (total < MB2_HEADER_SIZE || total > max_size)
		return -1;
	out->info_size = total;

	for (off = MB2_HEADER_SIZE; !ended; off += (size + 7) & ~(size_t)7) {
		const uint8_t *tag = info + off;

		if (off > total || total - off < MB2_TAG_HEADER)
			return -1; /* no end tag before the end */
		type = rd32(tag, 0);
		size = rd32(tag, 4);
		if (size < MB2_TAG_HEADER || size > total - off)
			return -1;

		switch (type) {
		case MB2_TAG_END:
			ended = true;
			break;
		case MB2_TAG_CMDLINE:
			copy_string(out->cmdline, sizeof(out->cmdline),
			    tag + MB2_TAG_HEADER, size - MB2_TAG_HEADER);
			break;
		case MB2_TAG_LOADER:
			copy_string(out->loader, sizeof(out->loader),
			    tag + MB2_TAG_HEADER, size - MB2_TAG_HEADER);
			break;
		case MB2_TAG_BASIC_MEM:
			if (size >= MB2_TAG_HEADER + 8) {
				basic_lower = rd32(tag, 8);
				basic_upper = rd32(tag, 12);
				have_basic = true;
			}
			break;
		case MB2_TAG_MMAP:
			if (parse_mb2_mmap(out, tag, size) != 0)
				return -1;
			have_mmap = true;
			break;
		/*
		 * A short RSDP tag is ignored rather than fatal: the kernel
		 * can still boot without ACPI.  The newer RSDP wins because
		 * it carries the XSDT.
		 */
		case MB2_TAG_ACPI_OLD:
			if (size >= MB2_TAG_HEADER + ACPI_RSDP_V1_SIZE &&
			    !have_new_rsdp)
				out->rsdp_phys = info_phys + off + MB2_TAG_HEADER;
			break;
		case MB2_TAG_ACPI_NEW:
			if (size >= MB2_TAG_HEADER + ACPI_RSDP_V2_SIZE) {
				out->rsdp_phys = info_phys + off + MB2_TAG_HEADER;
				have_new_rsdp = true;
			}
			break;
		default:
			break; /* framebuffer, modules, ELF sections, ... */
		}
	}

	/* The map is authoritative; the KiB counts are only a fallback. */
	if (!have_mmap && have_basic)
		add_basic_memory(out, basic_lower, basic_upper);
	return 0;
}

/*
 * Walks a Multiboot1 memory map of length bytes.  Each entry's size field
 * does not count itself, and must cover at least base, len and type.
 */
static int
parse_mb1_mmap(struct boot_info *bi, const uint8_t *map, size_t length)
{
	size_t off = 0, size;

	while (off < length) {
		if (length - off < 4)
			return -1;
		size = rd32(map, off);
		if (size < MB1_MMAP_ENTRY_MIN || size > length - off - 4)
			return -1;
		add_region(bi, rd64(map, off + 4), rd64(map, off + 12),
		    rd32(map, off + 20));
		off += 4 + size;
	}
	return 0;
}

int
bootinfo_parse_mb1(uint64_t info_phys, boot_phys_fn phys, void *ctx,
    struct boot_info *out)
{
	const uint8_t *info, *p;
	uint32_t flags;

	memset(out, 0, sizeof(*out));
	out->protocol = 1;
	out->info_phys = info_phys;
	/*
	 * Only the fixed part: the map and the strings live elsewhere, in
	 * low memory the kernel never hands out anyway.
	 */
	out->info_size = MB1_INFO_SIZE;
	if ((info = phys(info_phys, ctx)) == NULL)
		return -1;
	flags = rd32(info, MB1_FLAGS);

	if ((flags & MB1_FLAG_CMDLINE) &&
	    (p = phys(rd32(info, MB1_CMDLINE), ctx)) != NULL)
		copy_string(out->cmdline, sizeof(out->cmdline), p,
		    sizeof(out->cmdline) - 1);
	if ((flags & MB1_FLAG_LOADER) &&
	    (p = phys(rd32(info, MB1_LOADER_NAME), ctx)) != NULL)
		copy_string(out->loader, sizeof(out->loader), p,
		    sizeof(out->loader) - 1);

	if (flags & MB1_FLAG_MMAP) {
		size_t length = rd32(info, MB1_MMAP_LENGTH);

		if (length > 0) {
			if ((p = phys(rd32(info, MB1_MMAP_ADDR), ctx)) == NULL ||
			    parse_mb1_mmap(out, p, length) != 0)
				return -1;
		}
	}
	if (out->nmem == 0 && out->mem_dropped == 0) {
		if (!(flags & MB1_FLAG_MEM))
			return -1;
		add_basic_memory(out, rd32(info, MB1_MEM_LOWER),
		    rd32(info, MB1_MEM_UPPER));
	}
	return 0;
}

uint64_t
bootinfo_available_bytes(const struct boot_info *bi)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < bi->nmem; i++) {
		if (bi->mem[i].type == BOOT_MEM_AVAILABLE)
			sum += bi->mem[i].len;
	}
	return sum;
}

uint64_t
bootinfo_highest_available(const struct boot_info *bi)
{
	uint64_t top = 0, end;
	size_t i;

	for (i = 0; i < bi->nmem; i++) {
		if (bi->mem[i].type != BOOT_MEM_AVAILABLE)
			continue;
		/* A region reaching past 2^64 is nonsense; saturate. */
		end = bi->mem[i].len > UINT64_MAX - bi->mem[i].base ?
		    UINT64_MAX : bi->mem[i].base + bi->mem[i].len;
		if (end > top)
			top = end;
	}
	return top;
}

const char *
bootinfo_mem_type_name(uint32_t type, char *buf, size_t bufsz)
{
	switch (type) {
	case BOOT_MEM_AVAILABLE:
		return "available";
	case BOOT_MEM_RESERVED:
		return "reserved";
	case BOOT_MEM_ACPI_RECLAIMABLE:
		return "ACPI reclaimable";
	case BOOT_MEM_NVS:
		return "ACPI NVS";
	case BOOT_MEM_BAD:
		return "bad";
	default:
		if (buf == NULL || bufsz == 0)
			return "unknown";
		ksnprintf(buf, bufsz, "type %u", (unsigned)type);
		return buf;
	}
}
