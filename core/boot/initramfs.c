/*
 * initramfs.c - checking and listing the linked-in cpio archive.
 */
#include "boot/initramfs.h"

#include "lib/cpio.h"
#include "lib/printk.h"

#include <linux/stat.h>

extern const char _initramfs_start[], _initramfs_end[];

const void *initramfs_data(void)
{
	return _initramfs_start;
}

size_t initramfs_size(void)
{
	return (size_t)(_initramfs_end - _initramfs_start);
}

/* "drwxr-xr-x"-style mode string, as ls prints it. */
static void mode_string(uint32_t mode, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	char type = '?';

	switch (mode & S_IFMT) {
	case S_IFREG: type = '-'; break;
	case S_IFDIR: type = 'd'; break;
	case S_IFLNK: type = 'l'; break;
	case S_IFCHR: type = 'c'; break;
	case S_IFBLK: type = 'b'; break;
	case S_IFIFO: type = 'p'; break;
	case S_IFSOCK: type = 's'; break;
	}
	out[0] = type;
	for (int i = 0; i < 9; i++)
		out[1 + i] = (mode & (0400 >> i)) ? rwx[i] : '-';
	if (mode & S_ISUID)
		out[3] = (mode & S_IXUSR) ? 's' : 'S';
	if (mode & S_ISGID)
		out[6] = (mode & S_IXGRP) ? 's' : 'S';
	if (mode & S_ISVTX)
		out[9] = (mode & S_IXOTH) ? 't' : 'T';
	out[10] = 0;
}

static void list_entry(const struct cpio_entry *e)
{
	char mode[11];

	mode_string(e->mode, mode);
	if (S_ISLNK(e->mode)) {
		int n = e->size > 200 ? 200 : (int)e->size;
		pr_info("  %s %4u %4u %8lu /%s -> %.*s\n", mode, e->uid, e->gid,
		        (unsigned long)e->size, e->name, n, (const char *)e->data);
	} else if (S_ISCHR(e->mode) || S_ISBLK(e->mode)) {
		pr_info("  %s %4u %4u %4u, %3u /%s\n", mode, e->uid, e->gid, e->rdev_major,
		        e->rdev_minor, e->name);
	} else {
		pr_info("  %s %4u %4u %8lu /%s\n", mode, e->uid, e->gid,
		        (unsigned long)e->size, e->name);
	}
}

long initramfs_check(int list)
{
	size_t bad = 0;
	long n = cpio_validate(initramfs_data(), initramfs_size(), &bad);

	if (n < 0) {
		pr_err("initramfs: corrupt archive: %s at offset %lu (archive is %lu bytes)\n",
		       cpio_strerror((int)n), (unsigned long)bad,
		       (unsigned long)initramfs_size());
		return n;
	}
	pr_info("initramfs: %lu bytes, %ld entries\n", (unsigned long)initramfs_size(), n);
	if (!list)
		return n;
	struct cpio_iter it;
	struct cpio_entry e;
	cpio_iter_init(&it, initramfs_data(), initramfs_size());
	while (cpio_next(&it, &e) == CPIO_OK)
		list_entry(&e);
	return n;
}
