/*
 * initramfs.h - the cpio archive linked into the kernel image.
 *
 * Each scenario image links its own archive (images/NAME/manifest, built by
 * tools/mkinitramfs.py) between _initramfs_start and _initramfs_end.  For
 * now the kernel checks and lists it; unpacking it into the root
 * filesystem comes with the VFS.
 */
#ifndef CUB_BOOT_INITRAMFS_H
#define CUB_BOOT_INITRAMFS_H

#include <stddef.h>

/* The archive as linked in. */
const void *initramfs_data(void);
size_t initramfs_size(void);

/*
 * Validates the whole archive, then (when list is set) prints one line per
 * entry like "ls -l".  Returns the number of entries, or a negative
 * cpio_status after printing a message that names the problem and its
 * offset.
 */
long initramfs_check(int list);

#endif
