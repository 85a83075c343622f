/*
 * pipe.h - anonymous pipes (pipe2) and, later, FIFOs.
 *
 * A pipe is a 64 KiB ring (Linux's default capacity) with a read end and
 * a write end, each an open file.  Reads block while the pipe is empty
 * and a writer exists; writes of at most PIPE_BUF bytes are atomic; a
 * write with no reader left raises SIGPIPE and fails with EPIPE.
 */
#ifndef CUB_IPC_PIPE_H
#define CUB_IPC_PIPE_H

struct file;

/* Makes a pipe; 0 and both ends, or -ENOMEM.  flags: O_NONBLOCK. */
int pipe_create(unsigned int flags, struct file **rd, struct file **wr);

/* Opens a FIFO node (the pipe hangs on ino->priv); NULL with *err. */
struct inode;
struct file *fifo_open(struct inode *ino, unsigned int flags, int *err);

#endif
