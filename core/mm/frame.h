/*
 * frame.h - the kernel's physical frame allocator (mm/pmm.c) fed by the
 * boot memory map.
 */
#ifndef CUB_MM_FRAME_H
#define CUB_MM_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/pmm.h"

#define FRAME_NONE PMM_NONE

/* The largest physical address the allocator manages; RAM above it is
   reported and left unused. */
#define FRAME_MAX_PHYS (64ULL << 30)

struct boot_info;

void frame_init(const struct boot_info *bi);

uint64_t frame_alloc(void);
uint64_t frame_alloc_contig(uint64_t count, uint64_t align_frames);
/* Panics on a double free or a bad address: either is a kernel bug. */
void frame_free(uint64_t pa, uint64_t count);

/* Whether the frame holding pa is available (for tests and checks). */
bool frame_is_free(uint64_t pa);

uint64_t frame_free_count(void);
/* Frames the allocator covers: [0, frame_max_frames() * 4 KiB). */
uint64_t frame_max_frames(void);
uint64_t frame_total_count(void);

/*
 * The bytes of usable RAM (an "available" region of the boot memory map)
 * from pa to the end of its region, or 0 when pa is not in one: which
 * physical addresses /scheme/memory/physical may read.
 */
uint64_t frame_ram_extent(uint64_t pa);

#endif
