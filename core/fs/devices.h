/*
 * devices.h - character devices: what opening a device node gives.
 *
 * Numbers are Linux's (Documentation/admin-guide/devices.txt) so that
 * programs which check st_rdev see what they expect.
 */
#ifndef CUB_FS_DEVICES_H
#define CUB_FS_DEVICES_H

#include <stdbool.h>
#include <stdint.h>

struct file;

/* The file for char device major:minor, or NULL with *err = -ENXIO. */
struct file *chrdev_open(uint32_t major, uint32_t minor, unsigned int flags, int *err);

/* Whether f is /dev/zero, whose mappings are anonymous memory (mmap). */
bool chrdev_is_zero(const struct file *f);

/* The nodes vfs_init() creates in /dev: name, mode, major, minor. */
struct devnode {
	const char *name;
	uint32_t mode, major, minor;
};
extern const struct devnode dev_nodes[];
extern const int dev_nodes_count;

#endif
