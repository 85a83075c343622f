/*
 * scheme_internal.h - what the schemes share: which scheme and object an
 * inode is, static directory tables, snapshot text files, and the
 * caller's credentials.
 *
 * An inode's number says what it is, so lookup, readdir and open agree on
 * it with nothing stored: bits 56..63 are the scheme (enum scheme_id),
 * bits 48..55 a kind private to that scheme, bits 0..47 an argument (a
 * pid, a vector, a table index, a clock id).  The root alone is 1.
 */
#ifndef CUB_SCHEME_INTERNAL_H
#define CUB_SCHEME_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/dir.h"
#include "fs/inode.h"
#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/procfs_internal.h"

struct file;
struct cred;

enum scheme_id {
	SCHEME_ROOT,
	SCHEME_DEBUG,
	SCHEME_SERIO,
	SCHEME_IRQ,
	SCHEME_MEMORY,
	SCHEME_PROC,
	SCHEME_SYS,
	SCHEME_ACPI,
	SCHEME_EVENT,
	SCHEME_TIME,
	SCHEME_COUNT,
};

/* One scheme: /scheme/NAME and everything below it. */
struct scheme {
	const char *name;
	/* Of /scheme/NAME itself (kind 0, argument 0).  Directories are
	   searchable by all (0555) even in root-only schemes, so that the
	   refusal is the scheme's open with the table's errno, not the path
	   walk's EACCES. */
	uint32_t mode;
	/* Children of one of its directories; NULL: it has none. */
	int (*lookup)(struct inode *dir, const char *name, size_t len,
	    struct inode **out);
	int (*readdir)(struct inode *dir, uint64_t *pos, fs_filldir_fn fill,
	    void *ctx);
	/* The credential check and the open file (fs_dyn_ops.open). */
	int (*open)(struct inode *ino, unsigned int flags, struct file **out);
};

extern const struct scheme scheme_debug, scheme_serio, scheme_irq,
    scheme_memory, scheme_proc, scheme_sys, scheme_acpi, scheme_event,
    scheme_time;

#define SCHEME_ROOT_INO 1
#define SCHEME_ARG_MASK ((1ULL << 48) - 1)

static inline uint64_t
scheme_ino(enum scheme_id id, unsigned kind, uint64_t arg)
{
	return ((uint64_t)id << 56) | ((uint64_t)(kind & 0xff) << 48) |
	    (arg & SCHEME_ARG_MASK);
}

static inline enum scheme_id scheme_ino_id(uint64_t ino)
{
	return ino == SCHEME_ROOT_INO ? SCHEME_ROOT : (enum scheme_id)(ino >> 56);
}

static inline unsigned scheme_ino_kind(uint64_t ino)
{
	return (unsigned)(ino >> 48) & 0xff;
}

static inline uint64_t scheme_ino_arg(uint64_t ino)
{
	return ino & SCHEME_ARG_MASK;
}

/* A fresh inode numbered ino under parent: a directory holds parent (for
   ".."), every file is root's.  0 or -ENOMEM. */
int scheme_make_inode(struct inode *parent, uint64_t ino, uint32_t mode,
    struct inode **out);

/* A directory made of fixed names; each child is (same scheme, kind,
   the directory's argument). */
struct scheme_entry {
	const char *name;
	unsigned kind;
	uint32_t mode;
};
int scheme_lookup_table(struct inode *dir, const struct scheme_entry *tab,
    size_t n, const char *name, size_t len, struct inode **out);
int scheme_readdir_table(struct inode *dir, const struct scheme_entry *tab,
    size_t n, uint64_t *pos, fs_filldir_fn fill, void *ctx);

/* A decimal number as a directory name: digits only, no leading zero,
   at most max; -1 otherwise. */
long scheme_name_number(const char *name, size_t len, long max);

/*
 * The write half of a text file: buf is a NUL-terminated kernel copy of
 * one write(2) (at most SCHEME_WRITE_MAX bytes).  0 when the whole write
 * was taken, or -errno (nothing changed).
 */
#define SCHEME_WRITE_MAX 1024
typedef int (*scheme_write_fn)(struct file *f, char *buf, size_t n);

/*
 * An open file reading text (the snapshot in *text, taken over and freed
 * with the file, may be empty) from its position, seekable, so pread
 * works; writes go to write (NULL: EBADF, as for a file opened read-only,
 * which the open checks already refused).
 */
int scheme_text_open(unsigned int flags, struct procfs_buf *text,
    scheme_write_fn write, struct file **out);

/* fstat of a scheme file: its inode's attributes. */
struct stat;
int scheme_file_stat(struct file *f, struct stat *st);

/* The caller's credentials; NULL for a kernel thread (which may do all). */
const struct cred *scheme_caller(void);
/* The caller is root (euid 0), or is the kernel. */
bool scheme_caller_root(void);
/* The open asks to write / to read (O_WRONLY, O_RDWR). */
bool scheme_open_writes(unsigned int flags);
bool scheme_open_reads(unsigned int flags);

/* Parses a decimal integer at *s (optional '-' when neg_ok), skipping
   leading blanks; false when there is none or it overflows. */
bool scheme_parse_int(const char **s, bool neg_ok, int64_t *out);
/* Only blanks and newlines left at s. */
bool scheme_parse_end(const char *s);

#endif
