/*
 * pmm.h - physical frame allocator.
 *
 * Portable: the allocator works on plain numbers (physical addresses), keeps
 * its state in a caller-provided bitmap and never touches the memory it
 * manages, so it is unit-tested on the host with made-up memory maps.  The
 * kernel feeds it the boot memory map, then reserves the kernel image, the
 * boot information and the bitmap itself.
 *
 * A set bit means "not available" (used, reserved or not RAM).  Every frame
 * starts unavailable; pmm_add_range() opens up RAM, pmm_reserve_range()
 * closes parts of it again.  Order does not matter for the result except
 * that a later call overrides an earlier one for the frames both touch.
 */
#ifndef CUB_MM_PMM_H
#define CUB_MM_PMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PMM_FRAME_SIZE 4096ULL
#define PMM_NONE UINT64_MAX /* returned when nothing can be allocated */

struct pmm {
	uint64_t *bitmap;     /* one bit per frame, 1 = unavailable */
	uint64_t nframes;     /* frames covered: [0, nframes * 4096) */
	uint64_t free_frames; /* frames currently available */
	uint64_t total_frames;/* frames ever added as RAM and not reserved */
	uint64_t hint;        /* word index where the next search starts */
};

/* Number of uint64_t words the bitmap needs for nframes frames. */
size_t pmm_bitmap_words(uint64_t nframes);

/* Takes a bitmap of pmm_bitmap_words(nframes) words; marks all used. */
void pmm_init(struct pmm *p, uint64_t *bitmap, uint64_t nframes);

/*
 * Makes the frames that lie wholly inside [base, base+len) available
 * (partial frames at either end are left alone; frames beyond nframes are
 * ignored).
 */
void pmm_add_range(struct pmm *p, uint64_t base, uint64_t len);

/* Makes every frame that [base, base+len) touches unavailable. */
void pmm_reserve_range(struct pmm *p, uint64_t base, uint64_t len);

/* One frame; returns its physical address or PMM_NONE. */
uint64_t pmm_alloc(struct pmm *p);

/*
 * count contiguous frames whose first frame number is a multiple of
 * align_frames (0 or 1: no alignment); returns the address or PMM_NONE.
 */
uint64_t pmm_alloc_contig(struct pmm *p, uint64_t count, uint64_t align_frames);

/*
 * Frees count frames starting at addr.  Returns 0, or -1 without changing
 * anything when addr is not frame-aligned, out of range, or any of the
 * frames is already free (a double free: the caller treats it as a bug).
 */
int pmm_free(struct pmm *p, uint64_t addr, uint64_t count);

/* True when the frame holding addr is available. */
bool pmm_is_free(const struct pmm *p, uint64_t addr);

#ifdef __cplusplus
}
#endif
#endif
