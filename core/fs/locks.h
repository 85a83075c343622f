/*
 * locks.h - POSIX advisory record locks (fcntl F_GETLK, F_SETLK,
 * F_SETLKW).
 *
 * Locks belong to a process and a file (inode), cover byte ranges, and
 * follow POSIX: a process never conflicts with itself, a new lock
 * replaces the process's own locks on the range, locks are not inherited
 * by fork, and closing any descriptor of the file drops all of the
 * process's locks on it.  Deadlock detection (EDEADLK) is not done.
 */
#ifndef CUB_FS_LOCKS_H
#define CUB_FS_LOCKS_H

#include <stdint.h>

struct file;
struct inode;
struct process;

/* fcntl's lock commands on f; arg is the user's struct flock. */
long posix_lock_fcntl(struct file *f, int cmd, uint64_t arg);

/* Drops every lock owner holds on ino (a descriptor of it was closed). */
void posix_locks_release(struct process *owner, struct inode *ino);

#endif
