/*
 * inotify.h - inotify instances (Linux's fs/notify/inotify): watches on
 * inodes, one queue of events per instance, coalescing and overflow.
 *
 * An instance keeps state and never sleeps.  The file system reports
 * changes through the notify hooks (core/fs/notify.h); inotify_fs_ops
 * turns them into events on every watch of the inode.  A watch holds no
 * reference on a tmpfs inode (a deleted file must be able to die): the
 * inode's death (fs_notify_gone) ends its watches with IN_DELETE_SELF
 * and IN_IGNORED.  Inodes of dynamic instances (procfs) live only while
 * referenced, so a watch on one holds a reference.
 *
 * Portable: no x86, no scheduler; unit-tested on the host
 * (tests/unit/test_ipc_inotify.cc).  Callers hold interrupts off.
 */
#ifndef CUB_IPC_INOTIFY_H
#define CUB_IPC_INOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/poll.h"

#ifdef __cplusplus
extern "C" {
#endif

struct inode;
struct inotify;
struct inotify_event;
struct fs_notify_ops;

/* Linux's default /proc/sys/fs/inotify/max_queued_events. */
#define INOTIFY_MAX_QUEUED 16384u

struct inotify_watch {
	struct inotify *in;
	struct inode *ino;
	int wd;
	uint32_t mask;                   /* IN_* events and IN_ONESHOT,
	                                    IN_EXCL_UNLINK */
	struct inotify_watch *inode_next; /* on ino->marks */
	struct inotify_watch *next;       /* on in->watches */
};

struct inotify_kevent {
	struct inotify_kevent *next;
	int32_t wd;
	uint32_t mask, cookie;
	uint32_t len;                    /* the padded name length, or 0 */
	char name[];
};

struct inotify {
	struct inotify_watch *watches;
	int last_wd;                     /* wds count up from 1 */
	struct inotify_kevent *head, *tail;
	uint32_t queued, max_queued;
	size_t bytes;                    /* what a read could take: FIONREAD */
	struct poll_head ph;             /* POLLIN while events wait */
	/* Called after an event is queued (the kernel wakes its readers). */
	void (*wake)(struct inotify *in);
	void *wake_ctx;
};

/* A new instance with no watches (NULL without memory). */
struct inotify *inotify_new(uint32_t max_queued);

/* The instance's last file is closed: its watches and events go. */
void inotify_free(struct inotify *in);

/*
 * inotify_add_watch on ino after the syscall's checks: the watch's wd
 * (the existing one for an inode watched already, its mask replaced or,
 * with IN_MASK_ADD, extended), -EEXIST for IN_MASK_CREATE on a watched
 * inode, -ENOMEM.
 */
int inotify_add(struct inotify *in, struct inode *ino, uint32_t mask);

/* inotify_rm_watch: 0 (IN_IGNORED is queued) or -EINVAL. */
int inotify_rm(struct inotify *in, int wd);

/* The size a read takes for the next event, 0 with none queued. */
size_t inotify_next_size(const struct inotify *in);

/*
 * Takes the next event, as a struct inotify_event header followed by its
 * name padded with NULs into out (inotify_next_size bytes).
 */
void inotify_take(struct inotify *in, void *out);

/* The backend's two calls (notify.h's struct fs_notify_ops); the
   kernel wraps them to hold interrupts off. */
void inotify_fs_event(struct inode *ino, uint32_t mask, uint32_t cookie,
    const char *name, size_t len);
void inotify_fs_gone(struct inode *ino);

/* The backend as is, for fs_notify_set_ops on the host. */
extern const struct fs_notify_ops inotify_fs_ops;

#ifdef __cplusplus
}
#endif
#endif
