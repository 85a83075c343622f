/*
 * acpi.c - /scheme/acpi/tables/SIG: the raw bytes of each ACPI table the
 * kernel found (those the RSDT or XSDT lists, then the DSDT the FADT
 * points at), root only, EACCES for others: the tables describe the
 * machine's hardware, which an unprivileged user has no need to probe.
 *
 * A table is named by its signature ("APIC", "FACP", "DSDT"...); a second
 * table with the same signature (several SSDTs) is SIG-1, the next SIG-2.
 * Only tables whose checksum is right are listed, so every file reads a
 * whole, valid table.  The bytes are read in place through the direct map
 * (firmware tables do not move), the length being the table's own.
 */
#include "scheme/scheme_internal.h"

#include "arch/x86_64/power.h"
#include "fs/fd.h"
#include "lib/format.h"
#include "lib/kstring.h"
#include "mm/uaccess.h"

#include <asm-generic/fcntl.h>
#include <linux/errno.h>
#include <linux/fs.h>

enum { ACPI_DIR, ACPI_TABLES, ACPI_TABLE };

/* More would mean a broken root table; listing stops there. */
#define MAX_TABLES 256

static const struct scheme_entry top[] = {
	{ "tables", ACPI_TABLES, S_IFDIR | 0555 },
};

/* Table index's name; false past the last table. */
static bool table_name(size_t index, char name[16], uint32_t *length)
{
	const char *t = acpi_table_at(index, length);
	int dup = 0;

	if (!t)
		return false;
	for (size_t i = 0; i < index; i++) {
		const char *u = acpi_table_at(i, 0);
		if (u && !memcmp(u, t, 4))
			dup++;
	}
	memcpy(name, t, 4);
	name[4] = 0;
	/* Signatures are four printable bytes; anything else would make a
	   name no shell could type. */
	for (int i = 0; i < 4; i++)
		if (name[i] <= ' ' || name[i] > '~' || name[i] == '/')
			name[i] = '_';
	if (dup)
		ksnprintf(name + 4, 12, "-%d", dup);
	return true;
}

static int acpi_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	char n[16];
	uint32_t length;

	if (scheme_ino_kind(dir->ino) == ACPI_DIR)
		return scheme_lookup_table(dir, top, 1, name, len, out);
	for (size_t i = 0; i < MAX_TABLES && table_name(i, n, &length); i++) {
		if (strlen(n) == len && !memcmp(n, name, len)) {
			int r = scheme_make_inode(dir, scheme_ino(SCHEME_ACPI, ACPI_TABLE, i),
			                          S_IFREG | 0400, out);
			if (!r)
				(*out)->size = length;
			return r;
		}
	}
	return -ENOENT;
}

static int acpi_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx)
{
	char n[16];
	uint32_t length;

	if (scheme_ino_kind(dir->ino) == ACPI_DIR)
		return scheme_readdir_table(dir, top, 1, pos, fill, ctx);
	if (!fs_readdir_dots(dir, pos, fill, ctx))
		return 0;
	for (size_t i = *pos - FS_DIR_POS_FIRST; i < MAX_TABLES && table_name(i, n, &length); i++) {
		if (!fill(ctx, n, strlen(n), scheme_ino(SCHEME_ACPI, ACPI_TABLE, i), fs_dtype(S_IFREG),
		          FS_DIR_POS_FIRST + i + 1))
			return 0;
		*pos = FS_DIR_POS_FIRST + i + 1;
	}
	return 0;
}

static long table_read(struct file *f, void *ubuf, size_t n)
{
	uint32_t length = 0;
	const uint8_t *t = acpi_table_at(scheme_ino_arg(f->inode->ino), &length);

	if (!t)
		return -EIO;
	if (f->pos >= length)
		return 0;
	if (n > length - f->pos)
		n = (size_t)(length - f->pos);
	if (copy_to_user(ubuf, t + f->pos, n))
		return -EFAULT;
	f->pos += n;
	return (long)n;
}

static int64_t table_llseek(struct file *f, int64_t off, int whence)
{
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)f->pos :
	               whence == SEEK_END ? (int64_t)f->inode->size : -1;

	if (base < 0 || (off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (int64_t)f->pos;
}

static const struct file_ops table_ops = {
	.read = table_read,
	.stat = scheme_file_stat,
	.llseek = table_llseek,
};

static int acpi_open(struct inode *ino, unsigned int flags, struct file **out)
{
	if (!scheme_caller_root())
		return -EACCES;
	if (scheme_ino_kind(ino->ino) != ACPI_TABLE)
		return 0;
	/* Firmware tables are not for rewriting, root's or not. */
	if (scheme_open_writes(flags))
		return -EACCES;
	*out = file_alloc(&table_ops, 0, flags);
	return *out ? 0 : -ENOMEM;
}

const struct scheme scheme_acpi = {
	.name = "acpi",
	.mode = S_IFDIR | 0555,
	.lookup = acpi_lookup,
	.readdir = acpi_readdir,
	.open = acpi_open,
};
