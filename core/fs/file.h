/*
 * file.h - regular file data: read, write, truncate, and the pages
 * themselves for mmap.
 *
 * Offsets and sizes are loff_t-like (signed 64-bit).  Buffers are kernel
 * memory: the syscall layer copies between them and user space.  Data
 * lives in FS_PAGE_SIZE pages from fs_page_alloc (hooks.h), indexed by
 * page number; a page never written is a hole and reads as zeros, and the
 * bytes of a file's last page past its size are always zero.
 */
#ifndef CUB_FS_FILE_H
#define CUB_FS_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/hooks.h"

#ifdef __cplusplus
extern "C" {
#endif

struct inode;
struct fs_cred;

/* Linux's MAX_LFS_FILESIZE on 64-bit: writes past it fail with EFBIG. */
#define FS_MAX_FILE_SIZE INT64_MAX

/* Linux's MAX_RW_COUNT: one read or write moves at most this much. */
#define FS_MAX_RW_COUNT ((size_t)INT32_MAX & ~(size_t)(FS_PAGE_SIZE - 1))

/*
 * Reads up to len bytes at off into buf; returns the count (0 at or past
 * the end), -EISDIR for a directory, -EINVAL for another non-regular file
 * or a negative offset.  Updates the access time (relatime).
 */
long fs_read(struct inode *ino, void *buf, size_t len, int64_t off);

/*
 * Writes len bytes from buf at off, extending the file (the gap becomes a
 * hole).  Returns the count written, which is short only when space ran
 * out part way; -ENOSPC (the instance's page limit), -ENOMEM, -EFBIG
 * (off at FS_MAX_FILE_SIZE) or the read errors when nothing was written.
 * Updates mtime and ctime, and drops set-user-ID (and set-group-ID where
 * Linux does) unless cred is root; cred may be NULL (the kernel).
 */
long fs_write(struct inode *ino, const void *buf, size_t len, int64_t off,
    const struct fs_cred *cred);

/*
 * Sets the size, freeing the pages wholly past it and zeroing the tail of
 * the last one; growing adds a hole.  mtime and ctime change even when the
 * size does not, as with Linux's truncate(2) and O_TRUNC.  Does no
 * permission check (truncate(2) checks write permission, ftruncate the
 * open mode: see fs_truncateat in ops.h).  Returns 0, -EISDIR, or -EINVAL
 * for another non-regular file or a negative size.
 */
int fs_truncate(struct inode *ino, int64_t size, const struct fs_cred *cred);

/*
 * The page holding bytes [index * FS_PAGE_SIZE, +FS_PAGE_SIZE) of a
 * regular file, for mmap.  With create, a hole is filled with a zeroed
 * page (-ENOSPC or -ENOMEM on failure); without, *page is NULL for a hole.
 * The page stays the file's: it is freed by truncation (which first asks
 * the kernel to unmap it, fs_pages_unmapping in hooks.h) or when the inode
 * dies, so a mapping keeps a reference on the file.
 */
int fs_get_page(struct inode *ino, uint64_t index, bool create, void **page);

/*
 * A new regular file of sb with no name (nlink 0), permission bits perm,
 * owned by cred's fsuid and fsgid (root when cred is NULL), one reference
 * for the caller: what memfd_create and shared anonymous memory are made
 * of, like Linux's shmem_file_setup().  It is freed with its last
 * reference.  0 or -ENOMEM.
 */
struct fs_sb;
int fs_create_unlinked(struct fs_sb *sb, uint32_t perm, const struct fs_cred *cred,
    struct inode **out);

#ifdef __cplusplus
}
#endif
#endif
