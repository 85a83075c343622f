/*
 * tmpfs_file.c - regular file data in pages (file.h).
 */
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/file.h"
#include "fs/hooks.h"
#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/notify.h"
#include "fs/perm.h"
#include "lib/kstring.h"

#include <linux/inotify.h>

/* The error for reading or writing what is not a regular file. */
static int
not_regular(const struct inode *ino)
{
	return S_ISDIR(ino->mode) ? -EISDIR : -EINVAL;
}

void
file_release_pages(struct inode *ino, uint64_t first_page)
{
	fs_pages_unmapping(ino, first_page);
	ino->sb->npages -= pagemap_truncate(&ino->u.pages, first_page);
}

/* A zeroed page at index, counted against the instance's limit. */
static int
page_new(struct inode *ino, uint64_t index, void **out)
{
	struct fs_sb *sb = ino->sb;
	void *page;

	if (sb->max_pages != 0 && sb->npages >= sb->max_pages)
		return -ENOSPC;
	page = fs_page_alloc();
	if (page == NULL)
		return -ENOMEM;
	memset(page, 0, FS_PAGE_SIZE);
	if (pagemap_insert(&ino->u.pages, index, page) != 0) {
		fs_page_free(page);
		return -ENOMEM;
	}
	sb->npages++;
	*out = page;
	return 0;
}

/*
 * A dynamic instance's file (procfs) has no pages: its bytes are made on
 * each read, and it can be neither written, truncated nor mapped.
 */
/* A dynamic file that takes writes (fs_dyn_ops.writable). */
static bool
dyn_writable(const struct inode *ino)
{
	return S_ISREG(ino->mode) && ino->sb->dyn->writable != NULL &&
	    ino->sb->dyn->writable(ino);
}

static long
dyn_read(struct inode *ino, void *buf, size_t len, int64_t off)
{
	if (!S_ISREG(ino->mode))
		return not_regular(ino);
	if (off < 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (len > FS_MAX_RW_COUNT)
		len = FS_MAX_RW_COUNT;
	return ino->sb->dyn->read(ino, buf, len, off);
}

int
fs_get_page(struct inode *ino, uint64_t index, bool create, void **page)
{
	if (!S_ISREG(ino->mode))
		return not_regular(ino);
	/* Linux's mmap of a file without ->mmap. */
	if (ino->sb->dyn != NULL)
		return -ENODEV;
	*page = pagemap_lookup(&ino->u.pages, index);
	if (*page != NULL || !create)
		return 0;
	return page_new(ino, index, page);
}

long
fs_read(struct inode *ino, void *buf, size_t len, int64_t off)
{
	uint8_t *dst = buf;
	uint64_t pos = (uint64_t)off;
	size_t done = 0;

	if (ino->sb->dyn != NULL)
		return dyn_read(ino, buf, len, off);
	if (!S_ISREG(ino->mode))
		return not_regular(ino);
	if (off < 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	inode_touch_atime(ino);
	if (pos >= ino->size)
		return 0;
	if (len > FS_MAX_RW_COUNT)
		len = FS_MAX_RW_COUNT;
	if (len > ino->size - pos)
		len = (size_t)(ino->size - pos);
	while (done < len) {
		size_t in = (size_t)(pos % FS_PAGE_SIZE);
		size_t n = FS_PAGE_SIZE - in;
		const uint8_t *page = pagemap_lookup(&ino->u.pages,
		    pos / FS_PAGE_SIZE);

		if (n > len - done)
			n = len - done;
		if (page != NULL)
			memcpy(dst + done, page + in, n);
		else
			memset(dst + done, 0, n);
		done += n;
		pos += n;
	}
	return (long)done;
}

long
fs_write(struct inode *ino, const void *buf, size_t len, int64_t off,
    const struct fs_cred *cred)
{
	const uint8_t *src = buf;
	uint64_t pos = (uint64_t)off;
	size_t done = 0;

	if (!S_ISREG(ino->mode))
		return not_regular(ino);
	/* Linux's vfs_write() on a file without a write method. */
	if (ino->sb->dyn != NULL) {
		if (!dyn_writable(ino))
			return -EINVAL;
		if (off < 0)
			return -EINVAL;
		if (len > FS_MAX_RW_COUNT)
			len = FS_MAX_RW_COUNT;
		return len ? ino->sb->dyn->write(ino, buf, len, off) : 0;
	}
	if (off < 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (off >= FS_MAX_FILE_SIZE)
		return -EFBIG;
	if (len > FS_MAX_RW_COUNT)
		len = FS_MAX_RW_COUNT;
	if (len > (uint64_t)(FS_MAX_FILE_SIZE - off))
		len = (size_t)(FS_MAX_FILE_SIZE - off);
	/* Linux's shmem_write_begin(): sealed against writes; sealed against
	   growing, a write stops short at the end, and one that would begin
	   there writes nothing. */
	if (ino->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
		return -EPERM;
	if (ino->seals & F_SEAL_GROW) {
		if (pos >= ino->size)
			return -EPERM;
		if (len > ino->size - pos)
			len = (size_t)(ino->size - pos);
	}
	inode_kill_privs(ino, cred);
	inode_touch_mc(ino);
	while (done < len) {
		size_t in = (size_t)(pos % FS_PAGE_SIZE);
		size_t n = FS_PAGE_SIZE - in;
		void *page;

		int r = fs_get_page(ino, pos / FS_PAGE_SIZE, true, &page);

		if (r != 0) {
			if (done == 0)
				return r;
			break;
		}
		if (n > len - done)
			n = len - done;
		memcpy((uint8_t *)page + in, src + done, n);
		done += n;
		pos += n;
	}
	if (pos > ino->size)
		ino->size = pos;
	return (long)done;
}

int
fs_truncate(struct inode *ino, int64_t size, const struct fs_cred *cred)
{
	uint64_t new_size = (uint64_t)size;

	if (!S_ISREG(ino->mode))
		return not_regular(ino);
	/* A /proc/sys file takes O_TRUNC and keeps its value, as Linux's
	   proc_sys_setattr. */
	if (ino->sb->dyn != NULL)
		return dyn_writable(ino) && size >= 0 ? 0 : -EPERM;
	if (size < 0)
		return -EINVAL;
	/* Linux's shmem_setattr(): the seals forbid shrinking or growing. */
	if ((new_size < ino->size && (ino->seals & F_SEAL_SHRINK)) ||
	    (new_size > ino->size && (ino->seals & F_SEAL_GROW)))
		return -EPERM;
	if (new_size < ino->size) {
		size_t tail = (size_t)(new_size % FS_PAGE_SIZE);
		uint8_t *last;

		file_release_pages(ino, (new_size + FS_PAGE_SIZE - 1) /
		    FS_PAGE_SIZE);
		/* Keep "bytes past the size are zero" for a later grow. */
		last = pagemap_lookup(&ino->u.pages, new_size / FS_PAGE_SIZE);
		if (tail != 0 && last != NULL)
			memset(last + tail, 0, FS_PAGE_SIZE - tail);
	}
	ino->size = new_size;
	inode_kill_privs(ino, cred);
	inode_touch_mc(ino);
	fs_notify(ino, IN_MODIFY);
	return 0;
}

int
fs_create_unlinked(struct fs_sb *sb, uint32_t perm, const struct fs_cred *cred,
    struct inode **out)
{
	struct inode *ino = inode_new(sb, S_IFREG | (perm & FS_MODE_PERM));

	if (ino == NULL)
		return -ENOMEM;
	if (cred != NULL) {
		ino->uid = cred->fsuid;
		ino->gid = cred->fsgid;
	}
	*out = ino;
	return 0;
}
