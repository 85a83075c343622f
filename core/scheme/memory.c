/*
 * memory.c - /scheme/memory: "physical", physical memory read through the
 * direct map (root only, EACCES for others), and "info", the frame
 * allocator's total and free bytes (anyone).
 *
 * physical is read with pread at offset = physical address.  Only usable
 * RAM from the boot memory map is readable; anything else (a hole, the
 * ROM area, device registers, whose reads can have side effects) is
 * EFAULT, as a bad user address is, and a read stops at the end of its
 * RAM region.  Writing physical memory is refused to everyone, root
 * included (EACCES): nothing in cub needs it, and it would let one write
 * corrupt the kernel.
 */
#include "scheme/scheme_internal.h"

#include "fs/fd.h"
#include "mm/frame.h"
#include "mm/paging.h"
#include "mm/uaccess.h"

#include <asm-generic/fcntl.h>
#include <linux/errno.h>
#include <linux/fs.h>

/* One read moves at most this much (Linux's /dev/mem reads page by page
   too; this only bounds the time with interrupts on). */
#define PHYS_READ_MAX (1u << 20)

enum { MEM_DIR, MEM_PHYSICAL, MEM_INFO };

static const struct scheme_entry entries[] = {
	{ "physical", MEM_PHYSICAL, S_IFREG | 0400 },
	{ "info", MEM_INFO, S_IFREG | 0444 },
};

#define NENTRIES (sizeof(entries) / sizeof(entries[0]))

static long phys_read(struct file *f, void *ubuf, size_t n)
{
	uint64_t pa = f->pos;
	uint64_t extent = frame_ram_extent(pa);

	if (n == 0)
		return 0;
	if (extent == 0 || pa >= DIRECT_MAP_LIMIT)
		return -EFAULT;
	if (n > extent)
		n = (size_t)extent;
	if (n > DIRECT_MAP_LIMIT - pa)
		n = (size_t)(DIRECT_MAP_LIMIT - pa);
	if (n > PHYS_READ_MAX)
		n = PHYS_READ_MAX;
	if (copy_to_user(ubuf, phys_to_virt(pa), n))
		return -EFAULT;
	f->pos += n;
	return (long)n;
}

static int64_t phys_llseek(struct file *f, int64_t off, int whence)
{
	if (whence == SEEK_SET && off >= 0)
		f->pos = (uint64_t)off;
	else if (whence == SEEK_CUR && (off >= 0 ? f->pos <= (uint64_t)(INT64_MAX - off)
	                                        : f->pos >= (uint64_t)-off))
		f->pos += (uint64_t)off;
	else
		return -EINVAL;
	return (int64_t)f->pos;
}

static const struct file_ops phys_ops = {
	.read = phys_read,
	.stat = scheme_file_stat,
	.llseek = phys_llseek,
};

static int memory_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	return scheme_lookup_table(dir, entries, NENTRIES, name, len, out);
}

static int memory_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx)
{
	return scheme_readdir_table(dir, entries, NENTRIES, pos, fill, ctx);
}

static int memory_open(struct inode *ino, unsigned int flags, struct file **out)
{
	struct procfs_buf b;

	switch (scheme_ino_kind(ino->ino)) {
	case MEM_DIR:
		return 0;
	case MEM_PHYSICAL:
		if (!scheme_caller_root() || scheme_open_writes(flags))
			return -EACCES;
		*out = file_alloc(&phys_ops, 0, flags);
		return *out ? 0 : -ENOMEM;
	case MEM_INFO:
		if (scheme_open_writes(flags))
			return -EACCES;
		pbuf_init(&b);
		pbuf_printf(&b, "total %llu\nfree %llu\n",
		            (unsigned long long)(frame_total_count() * PMM_FRAME_SIZE),
		            (unsigned long long)(frame_free_count() * PMM_FRAME_SIZE));
		return scheme_text_open(flags, &b, 0, out);
	default:
		return -ENOENT;
	}
}

const struct scheme scheme_memory = {
	.name = "memory",
	.mode = S_IFDIR | 0555,
	.lookup = memory_lookup,
	.readdir = memory_readdir,
	.open = memory_open,
};
