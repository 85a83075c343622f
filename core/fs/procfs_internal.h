/*
 * procfs_internal.h - what the files of procfs share: which file an
 * inode is, and a growing text buffer to format it in.
 *
 * An inode's number says what it shows, so lookup and readdir agree on
 * it and nothing else needs storing: bits 32..63 are the pid (0 outside
 * /proc/PID), bits 16..23 the kind, bits 0..15 the descriptor of an fd
 * link.  The root alone is 1, as in Linux (PROC_ROOT_INO).
 */
#ifndef CUB_FS_PROCFS_INTERNAL_H
#define CUB_FS_PROCFS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/inode.h"
#include "proc/procinfo.h"

enum procfs_kind {
	PK_ROOT,
	/* /proc */
	PK_SELF,
	PK_MOUNTS_LINK,
	PK_MEMINFO,
	PK_UPTIME,
	PK_SYSSTAT,
	PK_FILESYSTEMS,
	PK_KCMDLINE,
	/* /proc/PID */
	PK_PID_DIR,
	PK_FD_DIR,
	PK_ENVIRON,
	PK_STATUS,
	PK_COMM,
	PK_CMDLINE,
	PK_STAT,
	PK_STATM,
	PK_EXE,
	PK_MOUNTS,
	PK_MAPS,
	/* /proc/PID/fd */
	PK_FD_LINK,
	/* /proc/sys, /proc/sys/fs, /proc/sys/fs/mqueue and its files (the
	   fd field is the file's index in procfs_mqueue_sysctls) */
	PK_SYS_DIR,
	PK_SYS_FS_DIR,
	PK_SYS_MQUEUE_DIR,
	PK_SYSCTL,
};

#define PROCFS_ROOT_INO 1

static inline uint64_t
procfs_ino(int pid, enum procfs_kind kind, int fd)
{
	if (kind == PK_ROOT)
		return PROCFS_ROOT_INO;
	return ((uint64_t)(uint32_t)pid << 32) | ((uint64_t)kind << 16) |
	    (uint64_t)(uint16_t)fd;
}

static inline enum procfs_kind
procfs_ino_kind(uint64_t ino)
{
	return (enum procfs_kind)((ino >> 16) & 0xff);
}

static inline int
procfs_ino_pid(uint64_t ino)
{
	return (int)(uint32_t)(ino >> 32);
}

static inline int
procfs_ino_fd(uint64_t ino)
{
	return (int)(ino & 0xffff);
}

/*
 * Text being formatted.  A failed allocation sets oom and later output is
 * dropped, so formatting code need not check each call.
 */
struct procfs_buf {
	char *data;
	size_t len, cap;
	bool oom;
};

void pbuf_init(struct procfs_buf *b);
void pbuf_free(struct procfs_buf *b);
/* Room for n more bytes; false (and oom) when memory is exhausted. */
bool pbuf_reserve(struct procfs_buf *b, size_t n);
void pbuf_putc(struct procfs_buf *b, char c);
void pbuf_puts(struct procfs_buf *b, const char *s);
void pbuf_write(struct procfs_buf *b, const void *p, size_t n);
void pbuf_printf(struct procfs_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The contents of a /proc/PID text file (status, stat, statm, comm,
 * mounts) for process p, whose descriptor table has room for fdsize
 * (status's FDSize); -errno when it cannot be made.
 */
int procfs_pid_text(enum procfs_kind kind, const struct procinfo *p,
    int fdsize, struct procfs_buf *b);

/* The contents of a /proc text file (meminfo, uptime, stat, ...). */
int procfs_sys_text(enum procfs_kind kind, struct procfs_buf *b);

/* Process pid's memory areas (/proc/PID/maps). */
int procfs_maps_text(int pid, struct procfs_buf *b);

/* The mount table as process pid sees it (/proc/PID/mounts). */
int procfs_mounts_text(int pid, struct procfs_buf *b);

#endif
