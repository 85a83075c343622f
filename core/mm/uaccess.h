/*
 * uaccess.h - the only way the kernel touches user memory.
 *
 * A user pointer is checked to lie in the lower half, then used through
 * fault-safe copies (arch/x86_64/uaccess.S): a pointer to nothing, to a
 * protected page or into the kernel gives -EFAULT, never a panic.  Pages
 * not yet present are faulted in as if the process had touched them.
 */
#ifndef CUB_MM_UACCESS_H
#define CUB_MM_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define USER_ADDR_END 0x0000800000000000ULL

static inline bool user_range_ok(uint64_t addr, size_t n)
{
	return addr < USER_ADDR_END && n <= USER_ADDR_END - addr;
}

/* 0 or -EFAULT.  On -EFAULT part of the data may have been copied. */
int copy_from_user(void *dst, const void *usrc, size_t n);
int copy_to_user(void *udst, const void *src, size_t n);
int clear_user(void *udst, size_t n);

/*
 * Copies a NUL-terminated string of at most max-1 characters; returns its
 * length, -ENAMETOOLONG when no NUL comes within max bytes, or -EFAULT.
 */
long strncpy_from_user(char *dst, const char *usrc, size_t max);

/* The fixup address for a faulting kernel rip, or 0 (page-fault handler). */
uint64_t uaccess_fixup(uint64_t rip);

#endif
