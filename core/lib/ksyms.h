/*
 * ksyms.h - the kernel's symbol table, for symbolized backtraces.
 *
 * The build links the kernel twice: the first link has an empty table;
 * tools/ksyms.py turns that kernel's text symbols into a table (sorted
 * addresses, offsets into a blob of NUL-terminated names) which the second
 * link places after .text, so no code address moves between the two links.
 *
 * Portable: the lookup is unit-tested on the host with made-up tables.
 */
#ifndef CUB_LIB_KSYMS_H
#define CUB_LIB_KSYMS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ksym_table {
	uint64_t count;
	const uint64_t *addrs;        /* ascending */
	const uint32_t *name_offsets; /* into names */
	const char *names;
	uint64_t text_start, text_end; /* lookups outside give NULL */
};

/*
 * Name of the symbol containing addr (the last one whose address is <= addr)
 * and addr's offset from it; NULL when addr is outside [text_start,
 * text_end) or before the first symbol.
 */
const char *ksym_lookup(const struct ksym_table *t, uint64_t addr, uint64_t *offset);

/* Address of the symbol called name, or 0. Linear: for tests and debugging. */
uint64_t ksym_address(const struct ksym_table *t, const char *name);

#ifdef __cplusplus
}
#endif
#endif
