/*
 * super.c - tmpfs instances and mounts (super.h).
 */
#include <linux/errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/super.h"
#include "mm/kmalloc.h"

/* Linux's tmpfs numbers its root 1; so does every cub instance. */
#define ROOT_INO 1

struct fs_sb *
tmpfs_create(uint32_t dev_major, uint32_t dev_minor, uint32_t root_mode,
    uint64_t max_pages)
{
	struct fs_sb *sb = kzalloc(sizeof(*sb));

	if (sb == NULL)
		return NULL;
	sb->dev_major = dev_major;
	sb->dev_minor = dev_minor;
	sb->max_pages = max_pages;
	sb->next_ino = ROOT_INO;
	sb->root = inode_new(sb, S_IFDIR | (root_mode & FS_MODE_PERM));
	if (sb->root == NULL) {
		kfree(sb);
		return NULL;
	}
	/* "." and the root's own ".." (it is its own parent). */
	sb->root->nlink = 2;
	return sb;
}

/*
 * Removes one name from dir: the oldest entry.  Only called on entries
 * that are not non-empty directories.
 */
static void
remove_first(struct inode *dir)
{
	const char *name;
	size_t len;
	struct inode *child = dir_first(dir, &name, &len);

	dir_remove(dir, name, len);
	if (S_ISDIR(child->mode)) {
		dir->nlink--;
		inode_clear_nlink(child);
	} else {
		inode_drop_nlink(child);
	}
}

/*
 * Empties the tree without recursion (a deep tree must not overflow the
 * kernel stack): go down through the oldest entry while it is a
 * non-empty directory, remove it once it is not, climb when a directory
 * is empty.  Every directory on the way down stays named, so climbing
 * back through parent pointers is safe.
 */
static void
empty_tree(struct inode *root)
{
	struct inode *dir = root;

	for (;;) {
		const char *name;
		size_t len;
		struct inode *child = dir_first(dir, &name, &len);

		if (child == NULL) {
			if (dir == root)
				return;
			dir = dir->u.dir.parent;
		} else if (S_ISDIR(child->mode) && child->u.dir.count != 0) {
			dir = child;
		} else {
			remove_first(dir);
		}
	}
}

int
tmpfs_destroy(struct fs_sb *sb)
{
	struct inode *root = sb->root;

	if (sb->mountpoint != NULL || sb->nmounts != 0)
		return -EBUSY;
	empty_tree(root);
	sb->root = NULL;
	sb->dying = true;
	/* The fs_sb goes with its last inode, which may be the root now. */
	root->nlink = 0;
	fs_put(root);
	return 0;
}

/* Whether sb is dir's instance or one that instance is mounted under. */
static bool
mounted_above(const struct inode *dir, const struct fs_sb *sb)
{
	const struct fs_sb *s = dir->sb;

	for (;;) {
		if (s == sb)
			return true;
		if (s->mountpoint == NULL)
			return false;
		s = s->mountpoint->sb;
	}
}

int
fs_mount(struct inode *dir, struct fs_sb *sb)
{
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir->mounted != NULL || sb->mountpoint != NULL)
		return -EBUSY;
	/*
	 * A dynamic instance's directories below its root are remade by each
	 * lookup, so a mount on one would vanish with the inode.
	 */
	if (dir->sb->dyn != NULL && dir != dir->sb->root)
		return -EINVAL;
	/* ".." climbs from a root to its mountpoint: that must not loop. */
	if (mounted_above(dir, sb))
		return -EINVAL;
	dir->mounted = sb->root;
	sb->mountpoint = fs_get(dir);
	dir->sb->nmounts++;
	return 0;
}

int
fs_umount(struct fs_sb *sb)
{
	struct inode *dir = sb->mountpoint;

	if (dir == NULL)
		return -EINVAL;
	if (sb->nmounts != 0)
		return -EBUSY;
	dir->mounted = NULL;
	dir->sb->nmounts--;
	sb->mountpoint = NULL;
	fs_put(dir);
	return 0;
}

bool
fs_sb_in_use(const struct fs_sb *sb, uint64_t held)
{
	/* The instance's own reference on its root stays, and each
	   directory holds its parent (inode.h): neither is a user. */
	return sb->nrefs > held + sb->nparents + (sb->root != NULL ? 1 : 0);
}
