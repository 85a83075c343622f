/*
 * pipe.h - anonymous pipes (pipe2) and FIFOs.
 *
 * A pipe is a ring of 64 KiB (Linux's default capacity; F_SETPIPE_SZ
 * changes it) with a read end and a write end, each an open file.  Reads
 * block while the pipe is empty and a writer exists; writes of at most
 * PIPE_BUF bytes are atomic; a write with no reader left raises SIGPIPE
 * and fails with EPIPE.
 */
#ifndef CUB_IPC_PIPE_H
#define CUB_IPC_PIPE_H

#include <stdint.h>

struct file;

/* Makes a pipe; 0 and both ends, or -ENOMEM.  flags: O_NONBLOCK. */
int pipe_create(unsigned int flags, struct file **rd, struct file **wr);

/* F_GETPIPE_SZ and F_SETPIPE_SZ: the capacity in bytes or -errno
   (EBADF when f is not a pipe or FIFO). */
long pipe_fcntl(struct file *f, unsigned int cmd, uint64_t arg);

/* Opens a FIFO node (the pipe hangs on ino->priv); NULL with *err. */
struct inode;
struct file *fifo_open(struct inode *ino, unsigned int flags, int *err);

#endif
