/*
 * mode.h - file type and permission bits for fs/, from the Linux UAPI.
 *
 * <linux/stat.h> defines S_IF* only when the C library is not glibc, so
 * the host build (CUB_HOST, glibc) falls back to <sys/stat.h>, whose values
 * are the same ABI.  The kernel build never sees a C library.
 */
#ifndef CUB_FS_MODE_H
#define CUB_FS_MODE_H

#include <linux/stat.h>
#if defined(CUB_HOST) && !defined(S_IFMT)
#include <sys/stat.h>
#endif

/* Every permission bit, including set-user-ID, set-group-ID and sticky. */
#define FS_MODE_PERM (S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO)
#define FS_MODE_XUGO (S_IXUSR | S_IXGRP | S_IXOTH)

/*
 * utimensat's special tv_nsec values.  The UAPI headers do not export
 * them (glibc defines them in <bits/stat.h>); these are the ABI values, so
 * the syscall layer can pass tv_nsec through unchanged.
 */
#define FS_UTIME_NOW ((1l << 30) - 1l)
#define FS_UTIME_OMIT ((1l << 30) - 2l)

/*
 * The d_type of getdents64: the DT_* values are the S_IF* type bits
 * shifted down by twelve, which is how Linux computes them too.
 */
static inline unsigned
fs_dtype(unsigned mode)
{
	return (mode & S_IFMT) >> 12;
}

#endif
