/*
 * fpu.c - enabling SSE/AVX for user mode and saving their state.
 */
#include "arch/x86_64/fpu.h"

#include "arch/x86_64/cpu.h"
#include "lib/kstring.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "mm/frame.h"
#include "mm/paging.h"

#include <stdint.h>

/* XCR0 feature bits (Intel SDM vol. 1, 13.3). */
#define XCR0_X87 (1ULL << 0)
#define XCR0_SSE (1ULL << 1)
#define XCR0_AVX (1ULL << 2)

#define CPUID1_ECX_XSAVE (1u << 26)
#define CPUID1_ECX_AVX (1u << 28)
#define CPUID1_EDX_FXSR (1u << 24)

/* MXCSR with every exception masked, as Linux starts processes. */
#define MXCSR_DEFAULT 0x1F80

static int use_xsave;
static size_t state_size;
static uint64_t xcr0;
/* The state every process starts from, captured after fninit. */
static uint8_t initial_state[4096] __attribute__((aligned(64)));

static void xsetbv(uint32_t reg, uint64_t v)
{
	__asm__ volatile("xsetbv" : : "c"(reg), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

void fpu_save(void *area)
{
	if (use_xsave)
		__asm__ volatile("xsave64 (%0)" : : "r"(area), "a"(~0u), "d"(~0u) : "memory");
	else
		__asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void fpu_restore(const void *area)
{
	if (use_xsave)
		__asm__ volatile("xrstor64 (%0)" : : "r"(area), "a"(~0u), "d"(~0u) : "memory");
	else
		__asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

void fpu_init(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & CPUID1_EDX_FXSR))
		panic("fpu: the CPU has no FXSAVE; SSE cannot be enabled");
	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (c & CPUID1_ECX_XSAVE) {
		write_cr4(cr4 | CR4_OSXSAVE);
		xcr0 = XCR0_X87 | XCR0_SSE | ((c & CPUID1_ECX_AVX) ? XCR0_AVX : 0);
		xsetbv(0, xcr0);
		cpuid(0xD, 0, &a, &b, &c, &d);
		state_size = b; /* for the features enabled in XCR0 */
		use_xsave = 1;
	} else {
		write_cr4(cr4);
		state_size = 512;
	}
	if (state_size > sizeof(initial_state))
		panic("fpu: state of %lu bytes does not fit a page", (unsigned long)state_size);

	uint32_t mxcsr = MXCSR_DEFAULT;
	__asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
	memset(initial_state, 0, sizeof(initial_state));
	fpu_save(initial_state);
	pr_info("fpu: %s, %lu bytes of state%s\n", use_xsave ? "XSAVE" : "FXSAVE",
	        (unsigned long)state_size, (xcr0 & XCR0_AVX) ? ", AVX" : "");
}

void *fpu_alloc(void)
{
	uint64_t pa = frame_alloc();

	if (pa == FRAME_NONE)
		return 0;
	void *area = phys_to_virt(pa);
	memcpy(area, initial_state, PAGE_SIZE);
	return area;
}

void fpu_reset(void *area)
{
	memcpy(area, initial_state, PAGE_SIZE);
}

void fpu_free(void *area)
{
	if (area)
		frame_free(virt_to_phys(area), 1);
}

void fpu_copy(void *dst, const void *src)
{
	memcpy(dst, src, PAGE_SIZE);
}

size_t fpu_state_size(void)
{
	return state_size;
}

uint64_t fpu_xfeatures(void)
{
	return xcr0;
}

int fpu_uses_xsave(void)
{
	return use_xsave;
}
