/*
 * debug.c - /scheme/debug: a root-only way to write straight to the
 * kernel console (COM1), under whatever the terminal layer is doing, for
 * debugging output that must not be lost to a redirected stdout.
 *
 * Reading gives end of file at once: the console's input belongs to the
 * terminal (tty/), and a second reader would steal its bytes.
 */
#include "scheme/scheme_internal.h"

#include "drivers/uart16550.h"
#include "fs/fd.h"
#include "mm/uaccess.h"

#include <linux/errno.h>

/* Bytes move through a small stack buffer, so a long write needs no
   allocation. */
#define CHUNK 256

static long debug_read(struct file *f, void *buf, size_t n)
{
	(void)f;
	(void)buf;
	(void)n;
	return 0;
}

static long debug_write(struct file *f, const void *ubuf, size_t n)
{
	char buf[CHUNK];
	size_t done = 0;

	(void)f;
	while (done < n) {
		size_t c = n - done < CHUNK ? n - done : CHUNK;
		if (copy_from_user(buf, (const char *)ubuf + done, c))
			return done ? (long)done : -EFAULT;
		/* uart_write turns "\n" into "\r\n", as the console does. */
		uart_write(buf, c);
		done += c;
	}
	return (long)n;
}

static const struct file_ops debug_ops = {
	.read = debug_read,
	.write = debug_write,
	.stat = scheme_file_stat,
};

static int debug_open(struct inode *ino, unsigned int flags, struct file **out)
{
	(void)ino;
	if (!scheme_caller_root())
		return -EPERM;
	*out = file_alloc(&debug_ops, 0, flags);
	return *out ? 0 : -ENOMEM;
}

const struct scheme scheme_debug = {
	.name = "debug",
	.mode = S_IFREG | 0600,
	.open = debug_open,
};
