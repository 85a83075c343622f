/*
 * inotify.c - inotify's watches and event queues (inotify.h), as Linux's
 * fs/notify/inotify/inotify_fsnotify.c and inotify_user.c.
 */
#include "ipc/inotify.h"

#include "fs/inode.h"
#include "fs/mode.h"
#include "fs/notify.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

#include <linux/errno.h>
#include <linux/inotify.h>
#include <linux/poll.h>

/* The bits a watch keeps besides its events. */
#define WATCH_FLAGS (IN_ONESHOT | IN_EXCL_UNLINK)

/* A name is padded with NULs to a multiple of the header's size, as
   Linux's round_event_name_len. */
static uint32_t
padded_len(size_t len)
{
	size_t h = sizeof(struct inotify_event);

	return len == 0 ? 0 : (uint32_t)((len + 1 + h - 1) / h * h);
}

struct inotify *
inotify_new(uint32_t max_queued)
{
	struct inotify *in = kzalloc(sizeof(*in));

	if (in == NULL)
		return NULL;
	in->max_queued = max_queued;
	poll_head_init(&in->ph);
	return in;
}

static void
queue_add(struct inotify *in, struct inotify_kevent *e)
{
	e->next = NULL;
	if (in->tail != NULL)
		in->tail->next = e;
	else
		in->head = e;
	in->tail = e;
	in->queued++;
	in->bytes += sizeof(struct inotify_event) + e->len;
	poll_head_wake(&in->ph, POLLIN | POLLRDNORM);
	if (in->wake != NULL)
		in->wake(in);
}

/* Whether e equals the newest queued event (Linux's inotify_merge). */
static bool
same_as_last(const struct inotify *in, int32_t wd, uint32_t mask,
    const char *name, size_t len)
{
	const struct inotify_kevent *t = in->tail;

	if (t == NULL || t->mask != mask || t->wd != wd)
		return false;
	if (t->len != padded_len(len))
		return false;
	return len == 0 || (strncmp(t->name, name, len) == 0 && t->name[len] == '\0');
}

/*
 * Queues one event unless it repeats the newest one.  A full queue takes
 * one IN_Q_OVERFLOW (wd -1) instead, and nothing more until read, as
 * Linux's fsnotify_insert_event.
 */
static void
queue_event(struct inotify *in, int32_t wd, uint32_t mask, uint32_t cookie,
    const char *name, size_t len)
{
	struct inotify_kevent *e;

	if (in->queued >= in->max_queued) {
		if (in->tail != NULL && in->tail->mask == IN_Q_OVERFLOW)
			return;
		wd = -1;
		mask = IN_Q_OVERFLOW;
		cookie = 0;
		len = 0;
	} else if (!(mask & IN_IGNORED) && same_as_last(in, wd, mask, name, len)) {
		return;
	}
	e = kzalloc(sizeof(*e) + padded_len(len));
	if (e == NULL)
		return;
	e->wd = wd;
	e->mask = mask;
	e->cookie = cookie;
	e->len = padded_len(len);
	if (len != 0)
		memcpy(e->name, name, len);
	queue_add(in, e);
}

static void
inode_unlink_watch(struct inotify_watch *w)
{
	struct inotify_watch **pp = (struct inotify_watch **)&w->ino->marks;

	while (*pp != NULL && *pp != w)
		pp = &(*pp)->inode_next;
	if (*pp == w)
		*pp = w->inode_next;
	if (S_ISDIR(w->ino->mode))
		fs_notify_watched_dirs--;
}

/*
 * Ends watch w: off its inode and its instance, IN_IGNORED queued when
 * ignored says so, the reference on a dynamic inode dropped last (that
 * may free the inode, which must find the watch gone).
 */
static void
watch_destroy(struct inotify_watch *w, bool ignored)
{
	struct inotify *in = w->in;
	struct inotify_watch **pp = &in->watches;
	struct inode *ino = w->ino;

	inode_unlink_watch(w);
	while (*pp != NULL && *pp != w)
		pp = &(*pp)->next;
	if (*pp == w)
		*pp = w->next;
	if (ignored)
		queue_event(in, w->wd, IN_IGNORED, 0, NULL, 0);
	kfree(w);
	if (ino->sb->dyn != NULL)
		fs_put(ino);
}

void
inotify_free(struct inotify *in)
{
	while (in->watches != NULL)
		watch_destroy(in->watches, false);
	while (in->head != NULL) {
		struct inotify_kevent *e = in->head;

		in->head = e->next;
		kfree(e);
	}
	poll_head_detach_all(&in->ph);
	kfree(in);
}

static struct inotify_watch *
find_by_inode(const struct inotify *in, const struct inode *ino)
{
	struct inotify_watch *w;

	for (w = ino->marks; w != NULL; w = w->inode_next)
		if (w->in == in)
			return w;
	return NULL;
}

int
inotify_add(struct inotify *in, struct inode *ino, uint32_t mask)
{
	uint32_t keep = mask & (IN_ALL_EVENTS | WATCH_FLAGS);
	struct inotify_watch *w = find_by_inode(in, ino);

	if (w != NULL) {
		if (mask & IN_MASK_CREATE)
			return -EEXIST;
		w->mask = (mask & IN_MASK_ADD) ? w->mask | keep : keep;
		return w->wd;
	}
	w = kzalloc(sizeof(*w));
	if (w == NULL)
		return -ENOMEM;
	w->in = in;
	w->ino = ino;
	w->mask = keep;
	/* Linux's idr_alloc_cyclic: wds grow and are not soon reused. */
	if (in->last_wd == INT32_MAX)
		in->last_wd = 0;
	w->wd = ++in->last_wd;
	w->inode_next = ino->marks;
	ino->marks = w;
	w->next = in->watches;
	in->watches = w;
	if (S_ISDIR(ino->mode))
		fs_notify_watched_dirs++;
	if (ino->sb->dyn != NULL)
		fs_get(ino);
	return w->wd;
}

int
inotify_rm(struct inotify *in, int wd)
{
	struct inotify_watch *w;

	for (w = in->watches; w != NULL; w = w->next) {
		if (w->wd == wd) {
			watch_destroy(w, true);
			return 0;
		}
	}
	return -EINVAL;
}

size_t
inotify_next_size(const struct inotify *in)
{
	return in->head == NULL ? 0 : sizeof(struct inotify_event) + in->head->len;
}

void
inotify_take(struct inotify *in, void *out)
{
	struct inotify_kevent *e = in->head;
	struct inotify_event hdr;

	hdr.wd = e->wd;
	hdr.mask = e->mask;
	hdr.cookie = e->cookie;
	hdr.len = e->len;
	memcpy(out, &hdr, sizeof(hdr));
	memcpy((char *)out + sizeof(hdr), e->name, e->len);
	in->head = e->next;
	if (in->head == NULL)
		in->tail = NULL;
	in->queued--;
	in->bytes -= sizeof(hdr) + e->len;
	kfree(e);
}

void
inotify_fs_event(struct inode *ino, uint32_t mask, uint32_t cookie,
    const char *name, size_t len)
{
	struct inotify_watch *w = ino->marks, *next;

	for (; w != NULL; w = next) {
		next = w->inode_next;
		if (!(w->mask & mask & IN_ALL_EVENTS))
			continue;
		queue_event(w->in, w->wd, mask & (IN_ALL_EVENTS | IN_ISDIR),
		    cookie, name, len);
		/* A one-shot watch ends after its first event, as Linux's
		   inotify_handle_inode_event. */
		if (w->mask & IN_ONESHOT)
			watch_destroy(w, true);
	}
}

void
inotify_fs_gone(struct inode *ino)
{
	while (ino->marks != NULL) {
		struct inotify_watch *w = ino->marks;

		/* Linux's fsnotify_inoderemove marks a directory's IN_ISDIR. */
		if (w->mask & IN_DELETE_SELF)
			queue_event(w->in, w->wd, IN_DELETE_SELF |
			    (S_ISDIR(ino->mode) ? IN_ISDIR : 0), 0, NULL, 0);
		watch_destroy(w, true);
	}
}

const struct fs_notify_ops inotify_fs_ops = {
	.event = inotify_fs_event,
	.inode_gone = inotify_fs_gone,
};
