/*
 * cpio.h - reader for "newc" (SVR4, magic 070701) cpio archives, the
 * initramfs format.
 *
 * Portable: compiled into the kernel and into the host unit tests.  The
 * reader never trusts the archive: every field is checked against the
 * buffer's bounds before it is used, so a truncated or corrupt archive gives
 * an error code and the offset of the bad header, never an out-of-bounds
 * read.
 */
#ifndef CUB_LIB_CPIO_H
#define CUB_LIB_CPIO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest name accepted, including the terminating NUL (Linux PATH_MAX). */
#define CPIO_NAME_MAX 4096

/* Size of the fixed newc header. */
#define CPIO_HEADER_SIZE 110

enum cpio_status {
	CPIO_OK = 0,           /* an entry was returned */
	CPIO_END = 1,          /* the TRAILER!!! entry was reached */
	CPIO_ERR_TRUNCATED = -1,  /* header, name or data runs past the end,
	                             or the archive ends without a trailer */
	CPIO_ERR_MAGIC = -2,      /* header does not start with 070701 */
	CPIO_ERR_HEX = -3,        /* a header field is not 8 hex digits */
	CPIO_ERR_NAME_TOO_LONG = -4, /* namesize > CPIO_NAME_MAX */
	CPIO_ERR_NAME = -5,       /* namesize 0, or name not NUL-terminated
	                             exactly at namesize-1, or embedded NUL */
};

struct cpio_entry {
	const char *name;   /* NUL-terminated, inside the archive buffer */
	size_t name_len;    /* strlen(name) */
	uint32_t ino, mode, uid, gid, nlink, mtime;
	uint32_t dev_major, dev_minor, rdev_major, rdev_minor;
	const void *data;   /* file contents (or symlink target), inside buf */
	size_t size;
	size_t offset;      /* offset of this entry's header in the archive */
};

struct cpio_iter {
	const uint8_t *base;
	size_t size;
	size_t off;         /* offset of the next header */
	int done;           /* set after CPIO_END or an error */
};

void cpio_iter_init(struct cpio_iter *it, const void *base, size_t size);

/*
 * Reads the next entry.  Returns CPIO_OK and fills *e, CPIO_END at the
 * trailer, or a negative enum cpio_status; after an error, it->off is the
 * offset of the header that was bad and further calls return the same
 * error.  Zero padding after the trailer is ignored.
 */
int cpio_next(struct cpio_iter *it, struct cpio_entry *e);

/* A short English description of a status, e.g. "truncated archive". */
const char *cpio_strerror(int status);

/*
 * Walks the whole archive.  Returns the number of entries (trailer not
 * counted) or a negative status; *bad_offset (may be NULL) receives the
 * offset of the bad header on error.
 */
long cpio_validate(const void *base, size_t size, size_t *bad_offset);

#ifdef __cplusplus
}
#endif
#endif
