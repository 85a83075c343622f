/*
 * random.h - the kernel's random numbers.
 *
 * A xoshiro256** generator seeded from RDRAND when the CPU has it and the
 * TSC otherwise.  Good enough for AT_RANDOM, stack canaries and hash
 * seeds in tests; not a cryptographic generator (getrandom is marked
 * partial for that reason).
 */
#ifndef CUB_LIB_RANDOM_H
#define CUB_LIB_RANDOM_H

#include <stddef.h>
#include <stdint.h>

void random_init(void);
uint64_t random_u64(void);
void random_fill(void *buf, size_t n);

/* Fills n bytes of user memory; bytes written, or -EFAULT if none. */
long random_to_user(void *ubuf, size_t n);

#endif
