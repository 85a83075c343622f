/*
 * frame.c - sets up the frame allocator from the boot memory map.
 *
 * The bitmap is static (FRAME_MAX_PHYS / 4 KiB bits, 2 MiB of .bss), so the
 * allocator needs no memory before it exists.  Frames are reserved for
 * everything the boot path still uses: the first megabyte (real-mode
 * structures, the BIOS area with the ACPI RSDP), the kernel image with its
 * .bss, and the boot loader's information structure.
 */
#include "mm/frame.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "boot/bootinfo.h"
#include "lib/panic.h"
#include "lib/printk.h"

#define MAX_FRAMES (FRAME_MAX_PHYS / PMM_FRAME_SIZE)

static uint64_t bitmap[MAX_FRAMES / 64];
static struct pmm pmm;
/* The boot map's usable RAM, kept for frame_ram_extent (the boot
   information itself is not kept). */
static struct boot_mem_region ram[BOOT_MEM_MAX];
static size_t nram;

extern const char __kernel_start[], __kernel_end[];

void frame_init(const struct boot_info *bi)
{
	uint64_t top = bootinfo_highest_available(bi);

	if (top > FRAME_MAX_PHYS) {
		pr_warn("frame: %lu MiB of RAM above %lu GiB is not used\n",
		        (unsigned long)((top - FRAME_MAX_PHYS) >> 20),
		        (unsigned long)(FRAME_MAX_PHYS >> 30));
		top = FRAME_MAX_PHYS;
	}
	pmm_init(&pmm, bitmap, top / PMM_FRAME_SIZE);
	for (size_t i = 0; i < bi->nmem; i++) {
		if (bi->mem[i].type == BOOT_MEM_AVAILABLE) {
			pmm_add_range(&pmm, bi->mem[i].base, bi->mem[i].len);
			ram[nram++] = bi->mem[i];
		}
	}

	pmm_reserve_range(&pmm, 0, 1ULL << 20);
	pmm_reserve_range(&pmm, (uint64_t)__kernel_start - KERNEL_VMA,
	                  (uint64_t)(__kernel_end - __kernel_start));
	if (bi->info_size)
		pmm_reserve_range(&pmm, bi->info_phys, bi->info_size);
	pr_info("frame: %lu frames free of %lu (%lu MiB)\n", (unsigned long)pmm.free_frames,
	        (unsigned long)pmm.nframes,
	        (unsigned long)(pmm.free_frames * PMM_FRAME_SIZE >> 20));
}

uint64_t frame_alloc(void)
{
	bool on = irq_save();
	uint64_t pa = pmm_alloc(&pmm);
	irq_restore(on);
	return pa;
}

uint64_t frame_alloc_contig(uint64_t count, uint64_t align_frames)
{
	bool on = irq_save();
	uint64_t pa = pmm_alloc_contig(&pmm, count, align_frames);
	irq_restore(on);
	return pa;
}

void frame_free(uint64_t pa, uint64_t count)
{
	bool on = irq_save();
	int r = pmm_free(&pmm, pa, count);
	irq_restore(on);
	if (r)
		panic("frame_free: bad or double free of %lu frames at %lx",
		      (unsigned long)count, pa);
}

bool frame_is_free(uint64_t pa)
{
	return pmm_is_free(&pmm, pa);
}

uint64_t frame_free_count(void)
{
	return pmm.free_frames;
}

uint64_t frame_max_frames(void)
{
	return pmm.nframes;
}

uint64_t frame_total_count(void)
{
	return pmm.total_frames;
}

uint64_t frame_ram_extent(uint64_t pa)
{
	for (size_t i = 0; i < nram; i++)
		if (pa >= ram[i].base && pa - ram[i].base < ram[i].len)
			return ram[i].len - (pa - ram[i].base);
	return 0;
}
