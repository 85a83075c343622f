/*
 * backtrace.h - symbolized stack traces from the frame-pointer chain.
 *
 * The kernel is built with -fno-omit-frame-pointer, so every frame starts
 * with the caller's rbp followed by the return address.  Names come from
 * the symbol table that the second link embeds (lib/ksyms.h).
 */
#ifndef CUB_LIB_BACKTRACE_H
#define CUB_LIB_BACKTRACE_H

#include <stddef.h>
#include <stdint.h>

#define BACKTRACE_MAX 32

/* Prints the trace of the caller. */
void backtrace_print(void);

/* Prints rip, then the chain starting at rbp. */
void backtrace_print_from(uint64_t rip, uint64_t rbp);

/* Fills pcs with up to max return addresses from rbp; returns the count. */
size_t backtrace_collect(uint64_t rbp, uint64_t *pcs, size_t max);

/* The symbol containing pc in the running kernel, or NULL. */
const char *ksym_name(uint64_t pc, uint64_t *offset);

#endif
