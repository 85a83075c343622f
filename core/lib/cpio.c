/*
 * cpio.c - reader for "newc" cpio archives.
 *
 * A newc entry is a 110-byte ASCII header (the magic "070701" and thirteen
 * 8-digit hex fields), the name and its NUL padded to a multiple of four
 * bytes, then the data padded the same way; the archive ends with an entry
 * named "TRAILER!!!".  The initramfs is input the kernel did not produce,
 * so every size is checked against the bytes that remain before it is
 * used, with subtractions that cannot overflow.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/cpio.h"
#include "lib/kstring.h"

#define CPIO_MAGIC "070701"
#define CPIO_MAGIC_LEN 6
#define CPIO_TRAILER "TRAILER!!!"

/* Field order in the header, after the magic. */
enum {
	H_INO, H_MODE, H_UID, H_GID, H_NLINK, H_MTIME, H_FILESIZE,
	H_DEVMAJOR, H_DEVMINOR, H_RDEVMAJOR, H_RDEVMINOR, H_NAMESIZE, H_CHECK,
	H_NFIELDS
};

void
cpio_iter_init(struct cpio_iter *it, const void *base, size_t size)
{
	it->base = base;
	it->size = size;
	it->off = 0;
	it->done = 0;
}

/* Exactly eight hex digits, nothing else (no sign, no blanks). */
static bool
parse_hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		uint8_t c = p[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

/*
 * Rounds up to a multiple of four; false when that would pass the end of
 * the address space (only possible for absurd sizes, but checked anyway).
 */
static bool
align4(size_t v, size_t *out)
{
	if (v > (size_t)-1 - 3)
		return false;
	*out = (v + 3) & ~(size_t)3;
	return true;
}

/* Records the error so every later call repeats it, as promised. */
static int
fail(struct cpio_iter *it, int status)
{
	it->done = status;
	return status;
}

int
cpio_next(struct cpio_iter *it, struct cpio_entry *e)
{
	const uint8_t *h;
	uint32_t f[H_NFIELDS];
	size_t rem, namesize, name_end, data_off, data_end, next;
	int i;

	if (it->done != 0)
		return it->done;

	/* The archive must end with a trailer, not just stop. */
	if (it->off >= it->size)
		return fail(it, CPIO_ERR_TRUNCATED);
	rem = it->size - it->off;
	h = it->base + it->off;

	if (rem >= CPIO_MAGIC_LEN && memcmp(h, CPIO_MAGIC, CPIO_MAGIC_LEN) != 0)
		return fail(it, CPIO_ERR_MAGIC);
	if (rem < CPIO_HEADER_SIZE)
		return fail(it, CPIO_ERR_TRUNCATED);
	for (i = 0; i < H_NFIELDS; i++) {
		if (!parse_hex8(h + CPIO_MAGIC_LEN + 8 * i, &f[i]))
			return fail(it, CPIO_ERR_HEX);
	}

	namesize = f[H_NAMESIZE];
	if (namesize == 0)
		return fail(it, CPIO_ERR_NAME);
	if (namesize > CPIO_NAME_MAX)
		return fail(it, CPIO_ERR_NAME_TOO_LONG);
	if (namesize > rem - CPIO_HEADER_SIZE)
		return fail(it, CPIO_ERR_TRUNCATED);
	/* One NUL, exactly at the end: no embedded NUL, no missing one. */
	if (strnlen((const char *)h + CPIO_HEADER_SIZE, namesize) !=
	    namesize - 1)
		return fail(it, CPIO_ERR_NAME);

	/* Offsets below are relative to the header; all stay <= rem. */
	name_end = CPIO_HEADER_SIZE + namesize;
	if (!align4(it->off + name_end, &data_off) || data_off > it->size)
		return fail(it, CPIO_ERR_TRUNCATED);
	data_off -= it->off;
	if (f[H_FILESIZE] > rem - data_off)
		return fail(it, CPIO_ERR_TRUNCATED);
	data_end = data_off + f[H_FILESIZE];
	if (!align4(it->off + data_end, &next))
		return fail(it, CPIO_ERR_TRUNCATED);

	e->name = (const char *)h + CPIO_HEADER_SIZE;
	e->name_len = namesize - 1;
	e->ino = f[H_INO];
	e->mode = f[H_MODE];
	e->uid = f[H_UID];
	e->gid = f[H_GID];
	e->nlink = f[H_NLINK];
	e->mtime = f[H_MTIME];
	e->dev_major = f[H_DEVMAJOR];
	e->dev_minor = f[H_DEVMINOR];
	e->rdev_major = f[H_RDEVMAJOR];
	e->rdev_minor = f[H_RDEVMINOR];
	e->data = h + data_off;
	e->size = f[H_FILESIZE];
	e->offset = it->off;

	if (e->name_len == sizeof(CPIO_TRAILER) - 1 &&
	    memcmp(e->name, CPIO_TRAILER, sizeof(CPIO_TRAILER) - 1) == 0) {
		it->done = CPIO_END;
		return CPIO_END;
	}
	/*
	 * The next header may start past the end when the last data lacks
	 * its padding; the next call then reports the truncation.
	 */
	it->off = next;
	return CPIO_OK;
}

const char *
cpio_strerror(int status)
{
	switch (status) {
	case CPIO_OK:
		return "ok";
	case CPIO_END:
		return "end of archive";
	case CPIO_ERR_TRUNCATED:
		return "truncated archive";
	case CPIO_ERR_MAGIC:
		return "bad magic (not a newc archive)";
	case CPIO_ERR_HEX:
		return "header field is not hexadecimal";
	case CPIO_ERR_NAME_TOO_LONG:
		return "file name too long";
	case CPIO_ERR_NAME:
		return "malformed file name";
	default:
		return "unknown cpio error";
	}
}

long
cpio_validate(const void *base, size_t size, size_t *bad_offset)
{
	struct cpio_iter it;
	struct cpio_entry e;
	long count = 0;
	int r;

	cpio_iter_init(&it, base, size);
	while ((r = cpio_next(&it, &e)) == CPIO_OK)
		count++;
	if (r == CPIO_END)
		return count;
	if (bad_offset != NULL)
		*bad_offset = it.off;
	return r;
}
