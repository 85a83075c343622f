/*
 * notify.c - the notification hooks (notify.h): the fast "nobody
 * watches" test and the hand-over to the backend.
 */
#include "fs/notify.h"
#include "fs/inode.h"
#include "fs/mode.h"

#include <linux/inotify.h>

static const struct fs_notify_ops *backend;
static uint32_t last_cookie;
uint32_t fs_notify_watched_dirs;

void
fs_notify_set_ops(const struct fs_notify_ops *ops)
{
	backend = ops;
}

void
fs_notify(struct inode *ino, uint32_t mask)
{
	if (ino == NULL || ino->marks == NULL || backend == NULL)
		return;
	if (S_ISDIR(ino->mode))
		mask |= IN_ISDIR;
	backend->event(ino, mask, 0, NULL, 0);
}

void
fs_notify_child(struct inode *dir, struct inode *child, uint32_t mask,
    const char *name, size_t len, uint32_t cookie)
{
	if (dir == NULL || dir->marks == NULL || backend == NULL)
		return;
	if (child != NULL && S_ISDIR(child->mode))
		mask |= IN_ISDIR;
	backend->event(dir, mask, cookie, name, len);
}

uint32_t
fs_notify_cookie(void)
{
	/* Zero means "no cookie", so it is skipped when the count wraps. */
	if (++last_cookie == 0)
		last_cookie = 1;
	return last_cookie;
}

void
fs_notify_gone(struct inode *ino)
{
	if (ino->marks != NULL && backend != NULL)
		backend->inode_gone(ino);
}
