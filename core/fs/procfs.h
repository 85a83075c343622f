/*
 * procfs.h - /proc, made up on each read from the process snapshots of
 * proc/procinfo.h, in the formats of Linux's fs/proc/.
 *
 * An instance is an ordinary struct fs_sb with dynamic contents (struct
 * fs_dyn_ops in inode.h): mount it with fs_mount (super.h) and the path
 * walk, fs_open, fs_read, fs_readdir, fs_readlink and fs_getattr serve it
 * with no help from the syscall layer.  Everything but the settings
 * under /proc/sys is read-only: opening it for writing is EACCES, even
 * for root.
 *
 * Contents: self (a symlink to the caller's pid), mounts (a symlink to
 * self/mounts, as in Linux), meminfo, uptime, stat, filesystems, and a
 * directory per process with stat, status, statm, cmdline, environ,
 * comm, exe, mounts and fd/N; and /proc/sys/fs/mqueue, the one sysctl
 * directory cub has, whose files the kernel supplies (procfs_sysctl
 * below): the only files here that root may write.
 */
#ifndef CUB_FS_PROCFS_H
#define CUB_FS_PROCFS_H

#include <stddef.h>
#include <stdint.h>

#include "fs/inode.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A new procfs instance whose files report st_dev major:minor (Linux
 * gives proc an anonymous device, 0:N).  NULL when memory is exhausted.
 */
struct fs_sb *procfs_create(uint32_t dev_major, uint32_t dev_minor);

/*
 * Drops the instance; inodes still open live on and the fs_sb goes with
 * the last of them.  -EBUSY while it is mounted.
 */
int procfs_destroy(struct fs_sb *sb);

/*
 * Set by the kernel: writes the mount table as process pid sees it, in
 * /proc/PID/mounts's format ("proc /proc proc rw,relatime 0 0\n" per
 * mount), into buf (size bytes at most, no NUL needed) and returns the
 * full length, like snprintf, so a longer table is asked for again with
 * a bigger buffer.  While NULL, the mounts files are empty.
 */
extern long (*procfs_mounts_hook)(int pid, char *buf, size_t size);

/* /proc/cmdline: the kernel's command line, set at boot (empty until). */
extern const char *procfs_cmdline;

/*
 * The lines of /proc/filesystems, in registration order, NULL-terminated:
 * "nodev\ttmpfs" and so on.  Add a line here when the kernel gains a file
 * system type.
 */
extern const char *const procfs_filesystems[];

/*
 * A setting under /proc/sys/fs/mqueue: reads give "%ld\n", a write of
 * one decimal number (blanks and a newline around it allowed) calls set,
 * which answers 0 or -EINVAL for a value out of range.  Mode 0644, owned
 * by root, as Linux's.
 */
struct procfs_sysctl {
	const char *name;
	long (*get)(void);
	int (*set)(long value);
};

/* Set by the kernel (ipc/sys_mqueue.c); while NULL the directory is
   empty. */
extern const struct procfs_sysctl *procfs_mqueue_sysctls;
extern size_t procfs_mqueue_nsysctls;

#ifdef __cplusplus
}
#endif
#endif
