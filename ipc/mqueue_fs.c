/*
 * mqueue_fs.c - the mqueue file system (mqueue_fs.h).
 */
#include "ipc/mqueue_fs.h"

#include "fs/attr.h"
#include "fs/internal.h"
#include "fs/mode.h"
#include "ipc/mqueue.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

#include <linux/errno.h>

#define MQFS_ROOT_INO 1
/* Linux's FILENT_SIZE: the size stat shows for a queue. */
#define MQFS_FILE_SIZE 80

/* The one namespace every instance shows. */
static struct mq_ns *mqfs_ns;

static int mqfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if (dir->ino != MQFS_ROOT_INO)
		return -ENOTDIR;
	struct mqueue *q = mq_find(mqfs_ns, name, len);
	if (!q)
		return -ENOENT;
	struct inode *ino = inode_new(dir->sb, S_IFREG | q->mode);
	if (!ino)
		return -ENOMEM;
	ino->ino = q->ino;
	ino->uid = q->uid;
	ino->gid = q->gid;
	ino->nlink = 1;
	ino->size = MQFS_FILE_SIZE;
	*out = ino;
	return 0;
}

static int mqfs_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx)
{
	if (dir->ino != MQFS_ROOT_INO)
		return -ENOTDIR;
	if (!fs_readdir_dots(dir, pos, fill, ctx))
		return 0;
	/* Position FS_DIR_POS_FIRST + n is the n-th queue of the list. */
	for (;;) {
		struct mqueue *q = mq_nth(mqfs_ns, (size_t)(*pos - FS_DIR_POS_FIRST));
		if (!q)
			return 0;
		if (!fill(ctx, q->name, strlen(q->name), q->ino, fs_dtype(S_IFREG), *pos + 1))
			return 0;
		(*pos)++;
	}
}

static long mqfs_read(struct inode *ino, void *buf, size_t len, int64_t off)
{
	struct mqueue *q = mq_find_ino(mqfs_ns, ino->ino);
	char line[128];

	if (!q)
		return 0; /* unlinked since the lookup: nothing to show */
	size_t n = (size_t)mq_status_line(q, line, sizeof(line));
	if ((uint64_t)off >= n)
		return 0;
	if (len > n - (size_t)off)
		len = n - (size_t)off;
	memcpy(buf, line + off, len);
	return (long)len;
}

static const struct fs_dyn_ops mqfs_ops = {
	.lookup = mqfs_lookup,
	.readdir = mqfs_readdir,
	.read = mqfs_read,
};

struct fs_sb *mqueue_fs_create(struct mq_ns *ns, uint32_t dev_major, uint32_t dev_minor)
{
	struct fs_sb *sb = kzalloc(sizeof(*sb));

	if (!sb)
		return 0;
	mqfs_ns = ns;
	sb->dev_major = dev_major;
	sb->dev_minor = dev_minor;
	sb->dyn = &mqfs_ops;
	sb->root = inode_new(sb, S_IFDIR | S_ISVTX | 0777);
	if (!sb->root) {
		kfree(sb);
		return 0;
	}
	sb->root->ino = MQFS_ROOT_INO;
	sb->root->nlink = 2;
	return sb;
}

bool mqueue_fs_is(const struct fs_sb *sb)
{
	return sb->dyn == &mqfs_ops;
}
