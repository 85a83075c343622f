/*
 * fpu.h - x87/SSE/AVX state of user threads.
 *
 * Kernel code is compiled with general registers only, so the FPU and
 * vector registers always hold user state: they are saved when the
 * scheduler switches away from a user thread and restored when it
 * switches back.  XSAVE is used where the CPU has it (covering AVX),
 * FXSAVE otherwise.  Each user thread owns one page for its state.
 */
#ifndef CUB_ARCH_FPU_H
#define CUB_ARCH_FPU_H

#include <stddef.h>
#include <stdint.h>

void fpu_init(void);

/* A fresh state area (the state a new process starts with), or NULL. */
void *fpu_alloc(void);
void fpu_free(void *area);
void fpu_copy(void *dst, const void *src);
/* Back to the state a new process starts with (execve). */
void fpu_reset(void *area);

void fpu_save(void *area);
void fpu_restore(const void *area);

/* Bytes of state the CPU saves (for diagnostics and tests). */
size_t fpu_state_size(void);
int fpu_uses_xsave(void);
/* The state components enabled in XCR0. */
uint64_t fpu_xfeatures(void);

#endif
