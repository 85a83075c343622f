/*
 * uaccess.c - range checks around the fault-safe copy routines.
 */
#include "mm/uaccess.h"

#include <linux/errno.h>

struct extable_entry {
	uint64_t insn, fixup;
};

extern const struct extable_entry __ex_table_start[], __ex_table_end[];
extern size_t uaccess_copy(void *dst, const void *src, size_t n);
extern long uaccess_strncpy(char *dst, const char *src, size_t n);
extern size_t uaccess_zero(void *dst, size_t n);

uint64_t uaccess_fixup(uint64_t rip)
{
	for (const struct extable_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if (e->insn == rip)
			return e->fixup;
	return 0;
}

int copy_from_user(void *dst, const void *usrc, size_t n)
{
	if (!user_range_ok((uint64_t)usrc, n))
		return -EFAULT;
	return uaccess_copy(dst, usrc, n) ? -EFAULT : 0;
}

int copy_to_user(void *udst, const void *src, size_t n)
{
	if (!user_range_ok((uint64_t)udst, n))
		return -EFAULT;
	return uaccess_copy(udst, src, n) ? -EFAULT : 0;
}

int clear_user(void *udst, size_t n)
{
	if (!user_range_ok((uint64_t)udst, n))
		return -EFAULT;
	return uaccess_zero(udst, n) ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, const char *usrc, size_t max)
{
	uint64_t a = (uint64_t)usrc;

	if (max == 0)
		return -ENAMETOOLONG;
	if (a >= USER_ADDR_END)
		return -EFAULT;
	/* Never read past the end of user space. */
	size_t n = max;
	if (n > USER_ADDR_END - a)
		n = USER_ADDR_END - a;
	long r = uaccess_strncpy(dst, usrc, n);
	if (r < 0)
		return -EFAULT;
	if ((size_t)r == n) {
		/* No NUL: at the end of user space that is a fault, else too long. */
		return n < max ? -EFAULT : -ENAMETOOLONG;
	}
	return r;
}
