/*
 * panic.h - the end of the road for a kernel bug.
 *
 * A panic prints "Kernel panic - not syncing: <message>" (Linux's words, so
 * people and scripts recognise it), a backtrace, and ends the QEMU run with
 * the panic status (CUB_EXIT_PANIC), distinct from pass and fail, so a test
 * run always ends and says why.  A panic while panicking exits at once.
 */
#ifndef CUB_LIB_PANIC_H
#define CUB_LIB_PANIC_H

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/* For callers that print their own details (the exception handler):
   panic_begin(), print, then panic_end(), which does not print a backtrace. */
void panic_begin(void);
__attribute__((noreturn, format(printf, 1, 2))) void panic_end(const char *fmt, ...);

/* Panics with file and line when cond is false: for kernel invariants. */
#define BUG_ON(cond)                                                             \
	do {                                                                     \
		if (__builtin_expect(!!(cond), 0))                               \
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond);    \
	} while (0)

#endif
