/*
 * cpio tests in the kernel: the archive linked into the ktest image
 * (images/ktest/manifest) and corrupted copies of it.
 */
#include "boot/initramfs.h"
#include "ktest/ktest.h"
#include "lib/cpio.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

#include <linux/stat.h>

static int find(const char *name, struct cpio_entry *out)
{
	struct cpio_iter it;
	cpio_iter_init(&it, initramfs_data(), initramfs_size());
	while (cpio_next(&it, out) == CPIO_OK)
		if (strcmp(out->name, name) == 0)
			return 1;
	return 0;
}

KTEST(cpio, linked_archive_is_valid)
{
	size_t bad = 0;
	KEXPECT_EQ(cpio_validate(initramfs_data(), initramfs_size(), &bad), 7);
}

KTEST(cpio, regular_file_keeps_mode_owner_and_contents)
{
	struct cpio_entry e;
	/* etc/ktest.txt has a hard link: as in every newc archive, the
	   data travels with the last name of the inode. */
	KASSERT_TRUE(find("etc/ktest.txt", &e));
	KEXPECT_EQ(e.mode, S_IFREG | 0640);
	KEXPECT_EQ(e.uid, 0);
	KEXPECT_EQ(e.gid, 42);
	KEXPECT_EQ(e.size, 0);
	KASSERT_TRUE(find("etc/ktest-hard.txt", &e));
	KEXPECT_EQ(e.mode, S_IFREG | 0640);
	KEXPECT_EQ(e.gid, 42);
	KASSERT_EQ(e.size, 18);
	KEXPECT_EQ(memcmp(e.data, "cub ktest payload\n", 18), 0);
}

KTEST(cpio, symlink_device_and_sticky_directory)
{
	struct cpio_entry e;
	KASSERT_TRUE(find("etc/link", &e));
	KEXPECT_TRUE(S_ISLNK(e.mode));
	KASSERT_EQ(e.size, 9);
	KEXPECT_EQ(memcmp(e.data, "ktest.txt", 9), 0);
	KASSERT_TRUE(find("dev/console", &e));
	KEXPECT_EQ(e.mode, S_IFCHR | 0600);
	KEXPECT_EQ(e.rdev_major, 5);
	KEXPECT_EQ(e.rdev_minor, 1);
	KASSERT_TRUE(find("tmp", &e));
	KEXPECT_EQ(e.mode, S_IFDIR | 01777);
}

KTEST(cpio, hard_link_shares_the_inode)
{
	struct cpio_entry a, b;
	KASSERT_TRUE(find("etc/ktest.txt", &a));
	KASSERT_TRUE(find("etc/ktest-hard.txt", &b));
	KEXPECT_EQ(a.ino, b.ino);
	KEXPECT_EQ(a.nlink, 2);
	KEXPECT_EQ(b.nlink, 2);
}

static size_t align4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

KTEST(cpio, every_truncation_is_reported)
{
	size_t n = initramfs_size();
	uint8_t *copy = kmalloc(n);
	KASSERT_NE(copy, 0);
	memcpy(copy, initramfs_data(), n);
	/* Where the trailer entry ends: after it only padding may follow. */
	struct cpio_iter it;
	struct cpio_entry e;
	size_t trailer = 0;
	cpio_iter_init(&it, copy, n);
	while (cpio_next(&it, &e) == CPIO_OK)
		trailer = align4(align4(e.offset + CPIO_HEADER_SIZE + e.name_len + 1) + e.size);
	size_t trailer_name_end = trailer + CPIO_HEADER_SIZE + sizeof("TRAILER!!!");
	size_t trailer_end = align4(trailer_name_end);
	KASSERT_LE(trailer_end, n);
	for (size_t len = 0; len < n; len++) {
		size_t bad = 0;
		long r = cpio_validate(copy, len, &bad);
		if (len < trailer_name_end) {
			KEXPECT_LT(r, 0);
			/* The offset of the header that was due; it may lie
			   in the missing padding just past the cut. */
			KEXPECT_LE(bad, align4(len));
		} else if (len >= trailer_end) {
			KEXPECT_EQ(r, 7);
		}
	}
	kfree(copy);
}

KTEST(cpio, bad_magic_and_long_name_are_rejected)
{
	size_t n = initramfs_size();
	uint8_t *copy = kmalloc(n);
	KASSERT_NE(copy, 0);
	memcpy(copy, initramfs_data(), n);
	copy[5] = '2'; /* 070701 -> 070702 */
	size_t bad = 99;
	KEXPECT_EQ(cpio_validate(copy, n, &bad), CPIO_ERR_MAGIC);
	KEXPECT_EQ(bad, 0);
	copy[5] = '1';
	/* namesize is the 12th 8-digit field, at offset 94. */
	memcpy(copy + 94, "00001389", 8); /* 5001 */
	KEXPECT_EQ(cpio_validate(copy, n, &bad), CPIO_ERR_NAME_TOO_LONG);
	memcpy(copy + 94, "0000zz01", 8);
	KEXPECT_EQ(cpio_validate(copy, n, &bad), CPIO_ERR_HEX);
	kfree(copy);
}
