/*
 * notify.h - the file system's notification hooks (Linux's fsnotify),
 * for inotify.
 *
 * fs/ calls these at every change a watcher may want to hear of; they
 * cost one test of inode->marks when nobody watches.  What happens next
 * is up to the one backend that registers itself with fs_notify_set_ops
 * (ipc/inotify.c); without one (the host unit tests of fs/ alone) the
 * calls do nothing.  The masks are inotify's IN_* bits from
 * <linux/inotify.h>, which Linux's fsnotify bits equal.
 */
#ifndef CUB_FS_NOTIFY_H
#define CUB_FS_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct inode;

struct fs_notify_ops {
	/*
	 * An event on ino (which has marks): with name NULL about ino
	 * itself, otherwise about its child name (len bytes) of a directory.
	 * cookie ties IN_MOVED_FROM to IN_MOVED_TO (0 otherwise).
	 */
	void (*event)(struct inode *ino, uint32_t mask, uint32_t cookie,
	    const char *name, size_t len);
	/* ino (which has marks) is being freed: its watches must go. */
	void (*inode_gone)(struct inode *ino);
};

/* Installs the backend (NULL: none). */
void fs_notify_set_ops(const struct fs_notify_ops *ops);

/* An event about ino itself; IN_ISDIR is added for a directory. */
void fs_notify(struct inode *ino, uint32_t mask);

/*
 * An event about child (may be NULL) named name in directory dir:
 * IN_ISDIR is added when child is a directory.
 */
void fs_notify_child(struct inode *dir, struct inode *child, uint32_t mask,
    const char *name, size_t len, uint32_t cookie);

/* A fresh cookie for a rename's IN_MOVED_FROM and IN_MOVED_TO. */
uint32_t fs_notify_cookie(void);

/* ino is being freed (inode.c): its marks go with IN_DELETE_SELF. */
void fs_notify_gone(struct inode *ino);

/* Directories with marks on them, so that the kernel's file layer looks
   for a watched parent only while there can be one. */
extern uint32_t fs_notify_watched_dirs;

#ifdef __cplusplus
}
#endif
#endif
