/*
 * irq.c - /scheme/irq: the interrupt vectors the kernel has taken (those
 * with a handler: the APIC timer, COM1, the i8042, the spurious vector),
 * and /scheme/irq/N, the number of interrupts on vector N since boot as
 * decimal text, from the counter the interrupt dispatch (idt.c) keeps.
 *
 * Root only, EACCES for others: interrupt timing tells an unprivileged
 * process about other users' keystrokes.  The count is read at open, so
 * reopen (or seek and read again: the snapshot is per open) for a new one.
 */
#include "scheme/scheme_internal.h"

#include "arch/x86_64/idt.h"
#include "lib/format.h"

#include <linux/errno.h>

#define NVECTORS 256

enum { IRQ_DIR, IRQ_LINE };

static int irq_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	long v = scheme_name_number(name, len, NVECTORS - 1);

	if (v < 0 || !irq_taken((int)v))
		return -ENOENT;
	return scheme_make_inode(dir, scheme_ino(SCHEME_IRQ, IRQ_LINE, (uint64_t)v), S_IFREG | 0400,
	                         out);
}

/* Position FS_DIR_POS_FIRST + v is vector v, so a reader resumes right
   even if a line is taken meanwhile. */
static int irq_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx)
{
	char name[8];

	if (!fs_readdir_dots(dir, pos, fill, ctx))
		return 0;
	for (uint64_t v = *pos - FS_DIR_POS_FIRST; v < NVECTORS; v++) {
		if (irq_taken((int)v)) {
			int n = ksnprintf(name, sizeof(name), "%d", (int)v);
			if (!fill(ctx, name, (size_t)n, scheme_ino(SCHEME_IRQ, IRQ_LINE, v),
			          fs_dtype(S_IFREG), FS_DIR_POS_FIRST + v + 1))
				return 0;
		}
		*pos = FS_DIR_POS_FIRST + v + 1;
	}
	return 0;
}

static int irq_open(struct inode *ino, unsigned int flags, struct file **out)
{
	struct procfs_buf b;

	if (!scheme_caller_root())
		return -EACCES;
	if (scheme_ino_kind(ino->ino) == IRQ_DIR)
		return 0;
	/* A count is not something to set. */
	if (scheme_open_writes(flags))
		return -EACCES;
	pbuf_init(&b);
	pbuf_printf(&b, "%llu\n", (unsigned long long)irq_count((int)scheme_ino_arg(ino->ino)));
	return scheme_text_open(flags, &b, 0, out);
}

const struct scheme scheme_irq = {
	.name = "irq",
	.mode = S_IFDIR | 0555,
	.lookup = irq_lookup,
	.readdir = irq_readdir,
	.open = irq_open,
};
