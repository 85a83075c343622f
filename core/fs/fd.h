/*
 * fd.h - open files and per-process descriptor tables.
 *
 * A struct file is one open file description (Linux's term): an object
 * with operations, a position and status flags, shared by every
 * descriptor dup'ed or inherited from it.  A descriptor table maps small
 * integers to files and keeps the close-on-exec flag per descriptor.
 */
#ifndef CUB_FS_FD_H
#define CUB_FS_FD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <asm/stat.h>

/* Descriptors per table: RLIMIT_NOFILE's default and its ceiling (the
   part of Linux's fs.nr_open; proc/rlimit.c). */
#define FD_MAX 1024

struct file;
struct poll_table;

struct file_ops {
	/* buf is a user pointer; return bytes or -errno. */
	long (*read)(struct file *f, void *buf, size_t n);
	long (*write)(struct file *f, const void *buf, size_t n);
	long (*ioctl)(struct file *f, unsigned int cmd, uint64_t arg);
	int (*stat)(struct file *f, struct stat *st);
	/* Returns the new position or -errno (whence: SEEK_*). */
	int64_t (*llseek)(struct file *f, int64_t off, int whence);
	/* Fills buf (a user pointer) with linux_dirent64 records. */
	long (*getdents)(struct file *f, void *buf, size_t n);
	/* POLL* bits ready now (fs/poll.h); NULL: always ready. */
	unsigned int (*poll)(struct file *f);
	/* Optional: each time a descriptor of the file is closed, by the
	   closing process (Linux's ->flush; mq_notify's owner loses its
	   registration there). */
	void (*flush)(struct file *f);
	/* Hands the heads poll's readiness comes from to pt with
	   poll_table_add (fs/poll.h); NULL: the global head, which
	   poll_notify() wakes. */
	void (*poll_register)(struct file *f, struct poll_table *pt);
	void (*release)(struct file *f);
	/* Optional: a memory area mapping the file appears (mmap, a split,
	   fork) or goes (munmap, exit, exec), as Linux's vm_operations
	   open and close; SysV shared memory counts its attaches so. */
	void (*vm_open)(struct file *f);
	void (*vm_close)(struct file *f);
	/* For an anonymous file, the name /proc/PID/fd shows after
	   "anon_inode:" (Linux's anon_inode_getfile name), or NULL. */
	const char *anon_name;
};

struct inode;

struct file {
	const struct file_ops *ops;
	void *priv;
	struct inode *inode; /* a reference, dropped with the file; or NULL */
	char *path;          /* the absolute path it was opened by (kmalloc),
	                        for /proc/PID/fd; NULL for pipes and such */
	int refs;
	unsigned int flags; /* O_* status flags */
	uint64_t pos;
	struct epitem *epitems; /* the epoll interests in this file (ipc/epoll.c),
	                           dropped when it is released */
};

struct fd_table {
	struct file *files[FD_MAX];
	uint64_t cloexec[FD_MAX / 64];
	int refs;
};

/* Whether the file's access mode allows reading / writing (EBADF
   otherwise, as read(2) and write(2) say). */
bool file_readable(const struct file *f);
bool file_writable(const struct file *f);

/* Whether read(2) / write(2) may go ahead on f (NULL: no such
   descriptor): 0, -EBADF for no file or the wrong access mode, -EINVAL
   for a file that cannot be read or written at all (Linux's missing
   FMODE_CAN_READ / FMODE_CAN_WRITE, a timerfd's write say). */
int file_check_io(const struct file *f, bool write);

/* fstat of an open file (fs/sys_rw.c): its node's attributes, or what
   its stat operation says; 0, -EBADF or -EFAULT. */
struct stat;
long stat_file(struct file *f, struct stat *ust);

/* readv/writev over a file's read or write operation (fs/sys_rw.c). */
struct iovec;
long iov_transfer(struct file *f, const struct iovec *iov, int iovcnt, bool write);

struct file *file_alloc(const struct file_ops *ops, void *priv, unsigned int flags);
void file_get(struct file *f);
void file_put(struct file *f);

struct fd_table *fd_table_create(void);
/* A copy for fork: every file gains a reference. */
struct fd_table *fd_table_copy(const struct fd_table *t);
void fd_table_put(struct fd_table *t);

/* The calling process's descriptor limit: RLIMIT_NOFILE's soft limit
   (at most FD_MAX).  New descriptors must be below it. */
int fd_limit(void);

/* Installs f at the lowest free descriptor >= min and below fd_limit();
   returns it or -EMFILE.  The table takes over the caller's reference. */
int fd_install(struct fd_table *t, struct file *f, int min, bool cloexec);

/* Sets or clears fd's close-on-exec flag (fd must be open). */
void fd_set_cloexec(struct fd_table *t, int fd, bool on);

/* The file at fd (borrowed: valid during the syscall), or NULL. */
struct file *fd_get(struct fd_table *t, int fd);

/* 0 or -EBADF. */
int fd_close(struct fd_table *t, int fd);

/* Closes the descriptors marked close-on-exec (execve). */
void fd_close_on_exec(struct fd_table *t);

#endif
