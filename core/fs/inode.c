/*
 * inode.c - inode life cycle and timestamps.
 *
 * An inode is freed only when it has neither names (nlink) nor in-memory
 * references (refs); see inode.h.  A directory holds a reference on its
 * parent, so ".." from a removed working directory never reaches freed
 * memory, and every inode keeps its fs_sb alive through sb->ninodes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/dir.h"
#include "fs/hooks.h"
#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/notify.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

#define NSEC_PER_SEC 1000000000ull
/* relatime refreshes an atime that is older than a day. */
#define RELATIME_MAX_AGE (24 * 60 * 60)

struct fs_time
fs_now(void)
{
	uint64_t ns = fs_now_ns();
	struct fs_time t = {
		.sec = (int64_t)(ns / NSEC_PER_SEC),
		.nsec = (uint32_t)(ns % NSEC_PER_SEC),
	};

	return t;
}

struct inode *
inode_new(struct fs_sb *sb, uint32_t mode)
{
	struct inode *ino = kzalloc(sizeof(*ino));

	if (ino == NULL)
		return NULL;
	ino->sb = sb;
	ino->ino = sb->next_ino++;
	ino->mode = mode;
	ino->refs = 1;
	sb->nrefs++;
	ino->atime = ino->mtime = ino->ctime = ino->btime = fs_now();
	if (S_ISDIR(mode)) {
		ino->size = 2 * FS_BOGO_DIRENT_SIZE;
		ino->u.dir.next_pos = FS_DIR_POS_FIRST;
	}
	sb->ninodes++;
	return ino;
}

/*
 * Frees what the inode owns, then the inode, then maybe its fs_sb.  A
 * directory's reference on its parent is the caller's to drop.
 */
static void
inode_free(struct inode *ino)
{
	struct fs_sb *sb = ino->sb;

	/* Watches hold no reference: they end here, with IN_DELETE_SELF. */
	fs_notify_gone(ino);
	if (S_ISDIR(ino->mode)) {
		dir_release(ino);
	} else if (S_ISREG(ino->mode)) {
		file_release_pages(ino, 0);
	} else if (S_ISLNK(ino->mode)) {
		kfree(ino->u.target);
	}
	kfree(ino);
	if (--sb->ninodes == 0 && sb->dying)
		kfree(sb);
}

struct inode *
fs_get(struct inode *ino)
{
	ino->refs++;
	ino->sb->nrefs++;
	return ino;
}

void
fs_put(struct inode *ino)
{
	/*
	 * A long chain of removed directories, each holding only its child's
	 * reference on its parent, is released by iteration rather than by
	 * recursion through inode_free, so the kernel stack stays flat.
	 */
	while (ino != NULL) {
		struct inode *parent = NULL;

		ino->sb->nrefs--;
		/* A dynamic instance's inodes have no names to keep them. */
		if (--ino->refs != 0 ||
		    (ino->nlink != 0 && ino->sb->dyn == NULL))
			return;
		if (S_ISDIR(ino->mode)) {
			parent = ino->u.dir.parent;
			ino->u.dir.parent = NULL;
			if (parent != NULL)
				parent->sb->nparents--;
		}
		inode_free(ino);
		ino = parent;
	}
}

static void
maybe_free(struct inode *ino)
{
	if (ino->nlink == 0 && ino->refs == 0) {
		/* fs_put does the freeing, parent chain included. */
		ino->refs = 1;
		ino->sb->nrefs++;
		fs_put(ino);
	}
}

void
inode_drop_nlink(struct inode *ino)
{
	if (ino->nlink > 0)
		ino->nlink--;
	maybe_free(ino);
}

void
inode_clear_nlink(struct inode *ino)
{
	ino->nlink = 0;
	maybe_free(ino);
}

void
inode_touch_mc(struct inode *ino)
{
	ino->mtime = ino->ctime = fs_now();
}

void
inode_touch_c(struct inode *ino)
{
	ino->ctime = fs_now();
}

static int
time_cmp(struct fs_time a, struct fs_time b)
{
	if (a.sec != b.sec)
		return a.sec < b.sec ? -1 : 1;
	if (a.nsec != b.nsec)
		return a.nsec < b.nsec ? -1 : 1;
	return 0;
}

void
inode_touch_atime(struct inode *ino)
{
	struct fs_time now = fs_now();

	/*
	 * Linux's relatime: keep atime unless it is not newer than mtime or
	 * ctime (so "was it read since it changed?" still works) or a day old.
	 */
	if (time_cmp(ino->mtime, ino->atime) >= 0 ||
	    time_cmp(ino->ctime, ino->atime) >= 0 ||
	    now.sec - ino->atime.sec >= RELATIME_MAX_AGE)
		ino->atime = now;
}

void
inode_kill_privs(struct inode *ino, const struct fs_cred *cred)
{
	uint32_t kill = 0;

	if (!S_ISREG(ino->mode) || fs_cred_is_root(cred))
		return;
	if (ino->mode & S_ISUID)
		kill |= S_ISUID;
	/* Without group execute, set-group-ID marks mandatory locking. */
	if ((ino->mode & S_ISGID) &&
	    ((ino->mode & S_IXGRP) || !fs_cred_in_group(cred, ino->gid)))
		kill |= S_ISGID;
	if (kill != 0) {
		ino->mode &= ~kill;
		inode_touch_c(ino);
	}
}

void
inode_init_owner(struct inode *ino, const struct inode *dir,
    const struct fs_cred *cred)
{
	ino->uid = cred != NULL ? cred->fsuid : 0;
	ino->gid = cred != NULL ? cred->fsgid : 0;
	if (dir == NULL || !(dir->mode & S_ISGID))
		return;
	ino->gid = dir->gid;
	if (S_ISDIR(ino->mode)) {
		ino->mode |= S_ISGID;
		return;
	}
	/*
	 * A caller outside the directory's group must not make a group-
	 * executable set-group-ID file in it.
	 */
	if ((ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
	    !fs_cred_is_root(cred) && !fs_cred_in_group(cred, dir->gid))
		ino->mode &= ~S_ISGID;
}
