/*
 * ksyms.c - symbol lookup for backtraces.
 *
 * This runs inside the panic path, so it allocates nothing, takes no lock
 * and tolerates an empty table (the first of the two kernel links).
 */
#include <stddef.h>
#include <stdint.h>

#include "lib/ksyms.h"
#include "lib/kstring.h"

const char *
ksym_lookup(const struct ksym_table *t, uint64_t addr, uint64_t *offset)
{
	uint64_t lo, hi;

	if (t == NULL || t->count == 0 || addr < t->text_start ||
	    addr >= t->text_end || addr < t->addrs[0])
		return NULL;

	/*
	 * Find the first symbol above addr; the one before it contains addr.
	 * Taking the last of equal addresses makes aliases resolve to the
	 * name the table lists last, deterministically.
	 */
	lo = 0;
	hi = t->count;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (t->addrs[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (offset != NULL)
		*offset = addr - t->addrs[lo - 1];
	return t->names + t->name_offsets[lo - 1];
}

uint64_t
ksym_address(const struct ksym_table *t, const char *name)
{
	uint64_t i;

	if (t == NULL || name == NULL)
		return 0;
	for (i = 0; i < t->count; i++) {
		if (strcmp(t->names + t->name_offsets[i], name) == 0)
			return t->addrs[i];
	}
	return 0;
}
