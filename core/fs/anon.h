/*
 * anon.h - files without an inode of their own (eventfd, timerfd,
 * signalfd...): Linux's anonymous-inode files, whose fstat shows one
 * shared inode with no file type and mode 0600, which seek without
 * moving, and whose /proc/PID/fd link is "anon_inode:NAME"
 * (file_ops.anon_name).
 */
#ifndef CUB_FS_ANON_H
#define CUB_FS_ANON_H

#include <stdbool.h>
#include <stdint.h>

struct file;
struct file_ops;
struct stat;

/* fstat of an anonymous file: Linux's one anon inode (mode 0600, no
   type, inode number 1 standing for its number). */
int anon_stat(struct file *f, struct stat *st);

/* Linux's noop_llseek: seeking succeeds and the position stays. */
int64_t noop_llseek(struct file *f, int64_t off, int whence);

/*
 * A new file of ops and priv (O_RDWR plus the status flags in flags)
 * installed at the caller's lowest free descriptor: the descriptor, or
 * -ENOMEM or -EMFILE.  On failure priv is let go through ops->release,
 * as if the file had been made and closed.
 */
int anon_getfd(const struct file_ops *ops, void *priv, unsigned int flags, bool cloexec);

/* The private object of the caller's descriptor fd, which must be a file
   of ops: 0, -EBADF for no descriptor, -EINVAL for a file of another
   kind (what timerfd_settime, inotify_add_watch and signalfd4 answer). */
int anon_priv_of(int fd, const struct file_ops *ops, void **priv);

/*
 * The wait of a blocking read or write on f that found nothing to do:
 * -EAGAIN under O_NONBLOCK, -ERESTARTSYS with a signal pending, else
 * sleeps on wq until woken and returns 0 to look again.  Interrupts must
 * be off (they are off again on return).
 */
struct waitq;
int file_wait(struct file *f, struct waitq *wq);

/* The same with a deadline on clock_ns() (0: none); wq may be NULL for
   a pure sleep. */
int file_wait_until(struct file *f, struct waitq *wq, uint64_t deadline);

#endif
