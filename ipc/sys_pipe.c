/*
 * sys_pipe.c - pipe and pipe2.
 */
#include "fs/fd.h"
#include "ipc/pipe.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "sys/syscall.h"

#include <linux/fcntl.h>

static long do_pipe2(int *ufds, int flags)
{
	struct fd_table *t = process_current()->fds;
	struct file *rd, *wr;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	int r = pipe_create((unsigned)flags, &rd, &wr);
	if (r)
		return r;
	bool cloexec = (flags & O_CLOEXEC) != 0;
	int fds[2];
	fds[0] = fd_install(t, rd, 0, cloexec);
	if (fds[0] < 0) {
		file_put(rd);
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(t, wr, 0, cloexec);
	if (fds[1] < 0) {
		fd_close(t, fds[0]);
		file_put(wr);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		fd_close(t, fds[0]);
		fd_close(t, fds[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE2(pipe2, int *, fds, int, flags)
{
	return do_pipe2(fds, flags);
}

SYSCALL_DEFINE1(pipe, int *, fds)
{
	return do_pipe2(fds, 0);
}
