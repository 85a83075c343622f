// What mount(2) and umount2(2) need from core/fs/: a read-only instance
// refuses writes with EROFS (Linux's sb_permission), and fs_sb_in_use
// tells umount whether anything still holds one of the instance's inodes.
#include "fs_test_util.h"

class FsMount : public FsTest {};

TEST_F(FsMount, ReadOnlyRefusesWritesWithErofs) {
	ASSERT_EQ(Mkdir("d"), 0);
	ASSERT_EQ(Put("f", "data"), 0);
	ASSERT_EQ(Symlink("f", "l"), 0);
	struct fs_ctx c = Ctx(&rootc);
	ASSERT_EQ(fs_mknodat(&c, "null", S_IFCHR | 0666, 1, 3), 0);
	sb->rdonly = true;

	EXPECT_EQ(Mkdir("e", 0755, &rootc), -EROFS);
	EXPECT_EQ(Open("new", O_CREAT | O_WRONLY, 0644, &rootc), -EROFS);
	EXPECT_EQ(Open("f", O_WRONLY, 0644, &rootc), -EROFS);
	EXPECT_EQ(Open("f", O_RDONLY, 0644, &rootc), 0) << "reading is fine";
	EXPECT_EQ(Unlink("f", &rootc), -EROFS);
	EXPECT_EQ(Rmdir("d", &rootc), -EROFS);
	EXPECT_EQ(Symlink("f", "l2", &rootc), -EROFS);
	struct inode *f = Lookup("f");
	EXPECT_EQ(fs_chmod(f, &rootc, 0600), -EROFS);
	EXPECT_EQ(fs_chown(f, &rootc, 1, 1), -EROFS);
	EXPECT_EQ(fs_utimens(f, &rootc, nullptr), -EROFS);
	EXPECT_EQ(fs_permission(f, &rootc, FS_MAY_WRITE), -EROFS);
	fs_put(f);
	// A device node is written through to the device, not the fs.
	struct inode *n = Lookup("null");
	EXPECT_EQ(fs_permission(n, &rootc, FS_MAY_WRITE), 0);
	fs_put(n);

	sb->rdonly = false;
	EXPECT_EQ(Mkdir("e", 0755, &rootc), 0);
}

TEST_F(FsMount, InUseCountsEveryReferenceButTheRoots) {
	EXPECT_FALSE(fs_sb_in_use(sb, 0)) << "a fresh instance holds only its root";
	ASSERT_EQ(Mkdir("d"), 0);
	ASSERT_EQ(Put("d/f", "x"), 0);
	EXPECT_FALSE(fs_sb_in_use(sb, 0)) << "names are not references";

	struct inode *f = Lookup("d/f");
	EXPECT_TRUE(fs_sb_in_use(sb, 0)) << "an open file";
	EXPECT_FALSE(fs_sb_in_use(sb, 1)) << "the caller's own reference";
	fs_put(f);
	EXPECT_FALSE(fs_sb_in_use(sb, 0));

	// Unlinked while held: still in use until the last reference goes.
	f = Lookup("d/f");
	ASSERT_EQ(Unlink("d/f"), 0);
	EXPECT_TRUE(fs_sb_in_use(sb, 0));
	fs_put(f);
	EXPECT_FALSE(fs_sb_in_use(sb, 0));

	struct inode *d = Lookup("d");
	ASSERT_EQ(Rmdir("d"), 0);
	EXPECT_TRUE(fs_sb_in_use(sb, 0)) << "a removed working directory";
	fs_put(d);
	EXPECT_FALSE(fs_sb_in_use(sb, 0));
}

TEST_F(FsMount, DestroyWhileInUseKeepsTheOpenFile) {
	// MNT_DETACH: the instance goes, an open file lives on until closed.
	struct fs_sb *other = tmpfs_create(0, 60, 0755, 0);
	ASSERT_NE(other, nullptr);
	struct fs_ctx c = {other->root, other->root, nullptr};
	struct inode *f = nullptr;
	ASSERT_EQ(fs_open(&c, "f", O_CREAT | O_RDWR, 0644, &f), 0);
	ASSERT_EQ(fs_write(f, "abc", 3, 0, nullptr), 3);
	EXPECT_TRUE(fs_sb_in_use(other, 0));
	ASSERT_EQ(tmpfs_destroy(other), 0);
	char buf[4] = {};
	EXPECT_EQ(fs_read(f, buf, 3, 0), 3);
	EXPECT_STREQ(buf, "abc");
	fs_put(f); // frees the inode and, with it, the instance
}
