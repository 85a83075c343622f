/*
 * pmm.c - physical frame allocator: one bit per 4 KiB frame.
 *
 * A bitmap is the simplest structure whose memory is known before any
 * allocation is possible (the kernel places it right after its own image)
 * and it makes contiguous, aligned allocations for DMA buffers and page
 * tables easy.  Ranges are handled a word at a time so that opening up
 * gigabytes of RAM at boot stays cheap.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/pmm.h"

#define WORD_BITS 64u

/*
 * Portable popcount: __builtin_popcountll would become a libgcc call in
 * the kernel, which is built without -mpopcnt and without libgcc.
 */
static uint64_t
popcount64(uint64_t v)
{
	v = v - ((v >> 1) & 0x5555555555555555ULL);
	v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
	v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (v * 0x0101010101010101ULL) >> 56;
}

/* Bits [lo, hi) of a word, 0 <= lo < hi <= 64. */
static uint64_t
bits(unsigned lo, unsigned hi)
{
	uint64_t upto_hi = hi == WORD_BITS ? ~0ULL : (1ULL << hi) - 1;

	return upto_hi & ~((1ULL << lo) - 1);
}

static bool
frame_used(const struct pmm *p, uint64_t f)
{
	return (p->bitmap[f / WORD_BITS] >> (f % WORD_BITS)) & 1;
}

/*
 * Sets (used = true) or clears the bits of frames [first, end) and returns
 * how many bits actually changed, so callers can keep the counters exact
 * however the ranges overlap.
 */
static uint64_t
mark(struct pmm *p, uint64_t first, uint64_t end, bool used)
{
	uint64_t changed = 0;

	while (first < end) {
		uint64_t w = first / WORD_BITS;
		unsigned lo = (unsigned)(first % WORD_BITS);
		unsigned hi = end - w * WORD_BITS >= WORD_BITS ? WORD_BITS :
		    (unsigned)(end - w * WORD_BITS);
		uint64_t m = bits(lo, hi);

		if (used) {
			changed += popcount64(~p->bitmap[w] & m);
			p->bitmap[w] |= m;
		} else {
			changed += popcount64(p->bitmap[w] & m);
			p->bitmap[w] &= ~m;
		}
		first = w * WORD_BITS + hi;
	}
	return changed;
}

/* First frame in [from, to) whose bit equals used, or to when none. */
static uint64_t
find(const struct pmm *p, uint64_t from, uint64_t to, bool used)
{
	while (from < to) {
		uint64_t w = from / WORD_BITS;
		uint64_t word = used ? p->bitmap[w] : ~p->bitmap[w];

		word &= ~0ULL << (from % WORD_BITS);
		if (word != 0) {
			uint64_t f = w * WORD_BITS +
			    (uint64_t)__builtin_ctzll(word);
			return f < to ? f : to;
		}
		from = (w + 1) * WORD_BITS;
	}
	return to;
}

/* The end address of [base, base+len), saturated instead of wrapping. */
static uint64_t
range_end(uint64_t base, uint64_t len)
{
	return len > UINT64_MAX - base ? UINT64_MAX : base + len;
}

size_t
pmm_bitmap_words(uint64_t nframes)
{
	return (size_t)((nframes + WORD_BITS - 1) / WORD_BITS);
}

void
pmm_init(struct pmm *p, uint64_t *bitmap, uint64_t nframes)
{
	size_t i, n = pmm_bitmap_words(nframes);

	/*
	 * Everything starts used, including the bits past nframes in the
	 * last word, which therefore can never be handed out.
	 */
	for (i = 0; i < n; i++)
		bitmap[i] = ~0ULL;
	p->bitmap = bitmap;
	p->nframes = nframes;
	p->free_frames = 0;
	p->total_frames = 0;
	p->hint = 0;
}

void
pmm_add_range(struct pmm *p, uint64_t base, uint64_t len)
{
	uint64_t first, end, n;

	/* Only whole frames: a partial one may share its page with MMIO. */
	first = base / PMM_FRAME_SIZE + (base % PMM_FRAME_SIZE != 0);
	end = range_end(base, len) / PMM_FRAME_SIZE;
	if (end > p->nframes)
		end = p->nframes;
	if (first >= end)
		return;
	n = mark(p, first, end, false);
	p->free_frames += n;
	p->total_frames += n;
}

void
pmm_reserve_range(struct pmm *p, uint64_t base, uint64_t len)
{
	uint64_t first, last_addr, end, n;

	if (len == 0)
		return;
	first = base / PMM_FRAME_SIZE;
	last_addr = range_end(base, len) - 1;
	end = last_addr / PMM_FRAME_SIZE + 1;
	if (end > p->nframes)
		end = p->nframes;
	if (first >= end)
		return;
	n = mark(p, first, end, true);
	p->free_frames -= n;
	p->total_frames -= n;
}

uint64_t
pmm_alloc(struct pmm *p)
{
	uint64_t nwords = pmm_bitmap_words(p->nframes), i;

	if (p->free_frames == 0)
		return PMM_NONE;
	/*
	 * Start where the last allocation succeeded: the frames below are
	 * most likely used, and this keeps a boot-time burst linear.
	 */
	for (i = 0; i < nwords; i++) {
		uint64_t w = (p->hint + i) % nwords;
		uint64_t avail = ~p->bitmap[w];

		if (avail != 0) {
			uint64_t f = w * WORD_BITS +
			    (uint64_t)__builtin_ctzll(avail);
			p->bitmap[w] |= 1ULL << (f % WORD_BITS);
			p->free_frames--;
			p->hint = w;
			return f * PMM_FRAME_SIZE;
		}
	}
	return PMM_NONE;
}

uint64_t
pmm_alloc_contig(struct pmm *p, uint64_t count, uint64_t align_frames)
{
	uint64_t a = align_frames <= 1 ? 1 : align_frames;
	uint64_t f = 0;

	if (count == 0 || count > p->free_frames)
		return PMM_NONE;
	for (;;) {
		uint64_t r = f % a, used;

		if (r != 0) {
			if (a - r > p->nframes - f)
				return PMM_NONE;
			f += a - r;
		}
		if (f >= p->nframes || count > p->nframes - f)
			return PMM_NONE;
		used = find(p, f, f + count, true);
		if (used == f + count)
			break;
		/* Skip the whole used stretch, not just one frame. */
		f = find(p, used, p->nframes, false);
	}
	mark(p, f, f + count, true);
	p->free_frames -= count;
	return f * PMM_FRAME_SIZE;
}

int
pmm_free(struct pmm *p, uint64_t addr, uint64_t count)
{
	uint64_t f = addr / PMM_FRAME_SIZE;

	if (addr % PMM_FRAME_SIZE != 0 || f >= p->nframes ||
	    count > p->nframes - f)
		return -1;
	if (count == 0)
		return 0;
	/* Check every frame before changing any, so a bad call is a no-op. */
	if (find(p, f, f + count, false) != f + count)
		return -1;
	mark(p, f, f + count, false);
	p->free_frames += count;
	p->hint = f / WORD_BITS;
	return 0;
}

bool
pmm_is_free(const struct pmm *p, uint64_t addr)
{
	uint64_t f = addr / PMM_FRAME_SIZE;

	return f < p->nframes && !frame_used(p, f);
}
