/*
 * upage.c - reference counts of user frames, one 16-bit count per frame.
 */
#include "mm/upage.h"

#include "lib/kstring.h"
#include "lib/panic.h"
#include "mm/frame.h"
#include "mm/paging.h"

static uint16_t *refs;
static uint64_t nframes;
static uint64_t in_use;

void upage_init(void)
{
	nframes = frame_max_frames();
	uint64_t bytes = nframes * sizeof(uint16_t);
	uint64_t pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	uint64_t pa = frame_alloc_contig(pages, 1);
	if (pa == FRAME_NONE)
		panic("upage: no memory for %lu reference counts", (unsigned long)nframes);
	refs = phys_to_virt(pa);
	memset(refs, 0, pages * PAGE_SIZE);
}

static uint16_t *ref_of(uint64_t pa)
{
	uint64_t n = pa / PAGE_SIZE;

	if (n >= nframes)
		panic("upage: frame %lx is outside memory", pa);
	return &refs[n];
}

uint64_t upage_alloc(void)
{
	uint64_t pa = frame_alloc();

	if (pa == FRAME_NONE)
		return 0;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	*ref_of(pa) = 1;
	in_use++;
	return pa;
}

void upage_get(uint64_t pa)
{
	uint16_t *r = ref_of(pa);

	if (*r == 0 || *r == UINT16_MAX)
		panic("upage_get: frame %lx has %u references", pa, *r);
	(*r)++;
}

bool upage_try_get(uint64_t pa)
{
	if (*ref_of(pa) == UINT16_MAX)
		return false;
	upage_get(pa);
	return true;
}

void upage_put(uint64_t pa)
{
	uint16_t *r = ref_of(pa);

	if (*r == 0)
		panic("upage_put: frame %lx has no references", pa);
	if (--*r == 0) {
		in_use--;
		frame_free(pa, 1);
	}
}

unsigned upage_refs(uint64_t pa)
{
	return *ref_of(pa);
}

uint64_t upage_in_use(void)
{
	return in_use;
}
