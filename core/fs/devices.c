/*
 * devices.c - /dev/null, zero, full, random, urandom; tty, console and
 * ttyS0 open the serial terminal (tty/tty.c).
 */
#include "fs/devices.h"

#include "fs/fd.h"
#include "lib/kstring.h"
#include "lib/random.h"
#include "mm/uaccess.h"
#include "tty/tty.h"

#include <linux/errno.h>
#include <linux/stat.h>

#define MEM_MAJOR 1
#define TTY_MAJOR 4
#define TTYAUX_MAJOR 5

static long null_read(struct file *f, void *buf, size_t n)
{
	(void)f;
	(void)buf;
	(void)n;
	return 0;
}

static long sink_write(struct file *f, const void *buf, size_t n)
{
	(void)f;
	(void)buf;
	return (long)n;
}

static long zero_read(struct file *f, void *buf, size_t n)
{
	(void)f;
	return clear_user(buf, n) ? -EFAULT : (long)n;
}

static long full_write(struct file *f, const void *buf, size_t n)
{
	(void)f;
	(void)buf;
	(void)n;
	return -ENOSPC;
}

static long random_read(struct file *f, void *buf, size_t n)
{
	(void)f;
	return random_to_user(buf, n);
}

static const struct file_ops null_ops = { .read = null_read, .write = sink_write };
static const struct file_ops zero_ops = { .read = zero_read, .write = sink_write };
static const struct file_ops full_ops = { .read = zero_read, .write = full_write };
static const struct file_ops random_ops = { .read = random_read, .write = sink_write };

bool chrdev_is_zero(const struct file *f)
{
	return f->ops == &zero_ops;
}

struct file *chrdev_open(uint32_t major, uint32_t minor, unsigned int flags, int *err)
{
	const struct file_ops *ops = 0;

	*err = 0;
	if (major == MEM_MAJOR) {
		switch (minor) {
		case 3: ops = &null_ops; break;
		case 5: ops = &zero_ops; break;
		case 7: ops = &full_ops; break;
		case 8:
		case 9: ops = &random_ops; break;
		}
	} else if (tty_is_device(major, minor)) {
		return tty_open(major, minor, flags, err);
	}
	if (!ops) {
		*err = -ENXIO;
		return 0;
	}
	struct file *f = file_alloc(ops, 0, flags);
	if (!f)
		*err = -ENOMEM;
	return f;
}

const struct devnode dev_nodes[] = {
	{ "null", S_IFCHR | 0666, MEM_MAJOR, 3 },
	{ "zero", S_IFCHR | 0666, MEM_MAJOR, 5 },
	{ "full", S_IFCHR | 0666, MEM_MAJOR, 7 },
	{ "random", S_IFCHR | 0666, MEM_MAJOR, 8 },
	{ "urandom", S_IFCHR | 0666, MEM_MAJOR, 9 },
	{ "tty", S_IFCHR | 0666, TTYAUX_MAJOR, 0 },
	{ "console", S_IFCHR | 0600, TTYAUX_MAJOR, 1 },
	{ "ttyS0", S_IFCHR | 0620, TTY_MAJOR, 64 },
};
const int dev_nodes_count = sizeof(dev_nodes) / sizeof(dev_nodes[0]);
