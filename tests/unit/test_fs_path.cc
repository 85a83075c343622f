// Tests for core/fs/namei.c: path resolution as Linux does it.
#include "fs_test_util.h"

#include <string>

namespace {

class FsPath : public FsTest {};

TEST_F(FsPath, AbsoluteAndRelativePaths) {
	ASSERT_EQ(Mkdir("a"), 0);
	ASSERT_EQ(Mkdir("/a/b"), 0);
	struct inode *a = Lookup("/a");
	struct inode *b = Lookup("a/b");
	ASSERT_NE(a, nullptr);
	ASSERT_NE(b, nullptr);
	EXPECT_EQ(LookupErr("b", FS_WALK_FOLLOW, nullptr, a), 0);
	EXPECT_EQ(LookupErr("a", FS_WALK_FOLLOW, nullptr, a), -ENOENT);
	EXPECT_EQ(LookupErr("/a", FS_WALK_FOLLOW, nullptr, a), 0)
	    << "an absolute path ignores the start directory";
	fs_put(a);
	fs_put(b);
}

TEST_F(FsPath, DotAndDotDot) {
	ASSERT_EQ(Mkdir("a"), 0);
	ASSERT_EQ(Mkdir("a/b"), 0);
	struct inode *b = Lookup("a/b");
	struct inode *x;
	x = Lookup("/a/./b/../b/.");
	EXPECT_EQ(x, b);
	fs_put(x);
	x = Lookup("/..");
	EXPECT_EQ(x, root) << "\"..\" at the root stays at the root";
	fs_put(x);
	x = Lookup("a/b/../../../..");
	EXPECT_EQ(x, root);
	fs_put(x);
	x = Lookup(".");
	EXPECT_EQ(x, root);
	fs_put(x);
	fs_put(b);
}

TEST_F(FsPath, RepeatedAndTrailingSlashes) {
	ASSERT_EQ(Mkdir("a"), 0);
	ASSERT_EQ(Mkdir("a/b"), 0);
	ASSERT_EQ(Put("a/f", "x"), 0);
	EXPECT_EQ(LookupErr("//a///b//"), 0);
	EXPECT_EQ(LookupErr("a/b/"), 0);
	EXPECT_EQ(LookupErr("a/f"), 0);
	EXPECT_EQ(LookupErr("a/f/"), -ENOTDIR) << "a trailing slash wants a directory";
	EXPECT_EQ(LookupErr("a/f//"), -ENOTDIR);
	EXPECT_EQ(LookupErr("a/f/."), -ENOTDIR);
	struct inode *x = Lookup("///");
	EXPECT_EQ(x, root);
	fs_put(x);
}

TEST_F(FsPath, EmptyPathIsENOENT) {
	EXPECT_EQ(LookupErr(""), -ENOENT);
	struct fs_ctx c = Ctx();
	struct fs_nameidata nd;
	EXPECT_EQ(fs_walk(&c, "", FS_WALK_PARENT, &nd), -ENOENT);
}

TEST_F(FsPath, NameAndPathLengthLimits) {
	std::string max(255, 'n'), over(256, 'n');
	ASSERT_EQ(Put(max.c_str(), "x"), 0) << "NAME_MAX itself is fine";
	EXPECT_EQ(LookupErr(max.c_str()), 0);
	EXPECT_EQ(LookupErr(over.c_str()), -ENAMETOOLONG);
	EXPECT_EQ(Mkdir(over.c_str()), -ENAMETOOLONG);
	EXPECT_EQ(Open(over.c_str(), O_CREAT | O_WRONLY), -ENAMETOOLONG);
	// PATH_MAX counts the NUL: 4095 characters resolve, 4096 do not.
	std::string p4095(4095, '/'), p4096(4096, '/');
	EXPECT_EQ(LookupErr(p4095.c_str()), 0);
	EXPECT_EQ(LookupErr(p4096.c_str()), -ENAMETOOLONG);
	std::string longp = "./" + std::string(4094, '/') + "x";
	EXPECT_EQ(LookupErr(longp.c_str()), -ENAMETOOLONG);
}

TEST_F(FsPath, IntermediateComponentsMustBeDirectories) {
	ASSERT_EQ(Put("f", "x"), 0);
	EXPECT_EQ(LookupErr("f/x"), -ENOTDIR);
	EXPECT_EQ(LookupErr("f/.."), -ENOTDIR);
	EXPECT_EQ(LookupErr("missing/x"), -ENOENT);
	EXPECT_EQ(Mkdir("f/d"), -ENOTDIR);
	EXPECT_EQ(Mkdir("missing/d"), -ENOENT);
}

TEST_F(FsPath, RelativePathFromAFileIsENOTDIR) {
	ASSERT_EQ(Put("f", "x"), 0);
	struct inode *f = Lookup("f");
	EXPECT_EQ(LookupErr("x", FS_WALK_FOLLOW, nullptr, f), -ENOTDIR);
	EXPECT_EQ(LookupErr("/f", FS_WALK_FOLLOW, nullptr, f), 0);
	fs_put(f);
}

TEST_F(FsPath, SymlinksAreFollowed) {
	ASSERT_EQ(Mkdir("a"), 0);
	ASSERT_EQ(Mkdir("a/b"), 0);
	ASSERT_EQ(Put("a/b/f", "data"), 0);
	ASSERT_EQ(Symlink("a/b", "rel"), 0);
	ASSERT_EQ(Symlink("/a/b/f", "abs"), 0);
	ASSERT_EQ(Symlink("../b/f", "a/b/up"), 0);
	ASSERT_EQ(Symlink("rel", "chain"), 0);
	EXPECT_EQ(Get("rel/f"), "data");
	EXPECT_EQ(Get("abs"), "data");
	EXPECT_EQ(Get("a/b/up"), "data") << "relative to the link's directory";
	EXPECT_EQ(Get("chain/f"), "data");
	EXPECT_EQ(Get("chain/up"), "data");
	struct fs_stat st = Stat("abs", false);
	EXPECT_TRUE(S_ISLNK(st.mode)) << "no FS_WALK_FOLLOW: the link itself";
	EXPECT_EQ(st.size, strlen("/a/b/f"));
	st = Stat("chain/", false);
	EXPECT_TRUE(S_ISDIR(st.mode)) << "a trailing slash follows the link";
	EXPECT_EQ(LookupErr("abs/", 0), -ENOTDIR);
	EXPECT_EQ(LookupErr("rel", FS_WALK_FOLLOW | FS_WALK_DIRECTORY), 0);
	EXPECT_EQ(LookupErr("rel", FS_WALK_DIRECTORY), -ENOTDIR)
	    << "the unfollowed link is not a directory";
}

TEST_F(FsPath, DanglingSymlinks) {
	ASSERT_EQ(Symlink("nowhere", "dangle"), 0);
	EXPECT_EQ(LookupErr("dangle"), -ENOENT);
	EXPECT_EQ(LookupErr("dangle", 0), 0);
	EXPECT_EQ(LookupErr("dangle/x", 0), -ENOENT);
}

TEST_F(FsPath, SymlinkLoopsAreELOOP) {
	ASSERT_EQ(Symlink("b", "a"), 0);
	ASSERT_EQ(Symlink("a", "b"), 0);
	ASSERT_EQ(Symlink("self", "self"), 0);
	ASSERT_EQ(Symlink("self/x", "deep"), 0);
	EXPECT_EQ(LookupErr("a"), -ELOOP);
	EXPECT_EQ(LookupErr("a/x", 0), -ELOOP);
	EXPECT_EQ(LookupErr("self"), -ELOOP);
	EXPECT_EQ(LookupErr("deep", 0), 0);
	EXPECT_EQ(LookupErr("deep"), -ELOOP);
	EXPECT_EQ(Open("a", O_RDONLY), -ELOOP);
	EXPECT_EQ(Open("a", O_RDONLY | O_CREAT), -ELOOP);
}

TEST_F(FsPath, FortySymlinksAreAllowedFortyOneAreNot) {
	ASSERT_EQ(Put("target", "end"), 0);
	// l0 -> target, l1 -> l0, ..., l40 -> l39.
	ASSERT_EQ(Symlink("target", "l0"), 0);
	for (int i = 1; i <= 40; i++) {
		std::string name = "l" + std::to_string(i);
		std::string to = "l" + std::to_string(i - 1);
		ASSERT_EQ(Symlink(to.c_str(), name.c_str()), 0);
	}
	EXPECT_EQ(Get("l39"), "end") << "40 links followed";
	EXPECT_EQ(LookupErr("l40"), -ELOOP) << "41 links followed";
}

TEST_F(FsPath, SymlinkToRootAndDotDot) {
	ASSERT_EQ(Mkdir("a"), 0);
	ASSERT_EQ(Symlink("/", "a/toroot"), 0);
	ASSERT_EQ(Symlink("..", "a/up"), 0);
	struct inode *x = Lookup("a/toroot");
	EXPECT_EQ(x, root);
	fs_put(x);
	x = Lookup("a/up/a/up");
	EXPECT_EQ(x, root);
	fs_put(x);
}

TEST_F(FsPath, SearchPermissionOnEveryDirectory) {
	ASSERT_EQ(Mkdir("priv", 0700), 0);
	ASSERT_EQ(Put("priv/f", "x"), 0);
	ASSERT_EQ(Mkdir("xonly", 0711), 0);
	ASSERT_EQ(Put("xonly/f", "x"), 0);
	EXPECT_EQ(LookupErr("priv/f", FS_WALK_FOLLOW, &alice), -EACCES);
	EXPECT_EQ(LookupErr("priv/missing", FS_WALK_FOLLOW, &alice), -EACCES)
	    << "EACCES comes before the lookup";
	EXPECT_EQ(LookupErr("priv/..", FS_WALK_FOLLOW, &alice), -EACCES)
	    << "\"..\" needs search permission too";
	EXPECT_EQ(LookupErr("priv", FS_WALK_FOLLOW, &alice), 0)
	    << "the final component itself needs none";
	EXPECT_EQ(LookupErr("xonly/f", FS_WALK_FOLLOW, &alice), 0);
	EXPECT_EQ(LookupErr("priv/f", FS_WALK_FOLLOW, &rootc), 0);
	ASSERT_EQ(Symlink("priv/f", "via"), 0);
	EXPECT_EQ(LookupErr("via", FS_WALK_FOLLOW, &alice), -EACCES)
	    << "symlink targets are checked the same way";
}

TEST_F(FsPath, ChrootStopsDotDotAndAnchorsAbsolutePaths) {
	ASSERT_EQ(Mkdir("jail"), 0);
	ASSERT_EQ(Mkdir("jail/sub"), 0);
	ASSERT_EQ(Put("jail/f", "inside"), 0);
	ASSERT_EQ(Put("f", "outside"), 0);
	ASSERT_EQ(Symlink("/f", "jail/abs"), 0);
	struct inode *jail = Lookup("jail");
	struct inode *sub = Lookup("jail/sub");
	struct fs_ctx c = {jail, sub, nullptr};
	struct inode *x = nullptr;
	ASSERT_EQ(fs_lookup(&c, "../../..", FS_WALK_FOLLOW, &x), 0);
	EXPECT_EQ(x, jail);
	fs_put(x);
	ASSERT_EQ(fs_lookup(&c, "/abs", FS_WALK_FOLLOW, &x), 0);
	char buf[16];
	long n = fs_read(x, buf, sizeof(buf), 0);
	EXPECT_EQ(std::string(buf, n > 0 ? n : 0), "inside");
	fs_put(x);
	fs_put(sub);
	fs_put(jail);
}

TEST_F(FsPath, ParentModeReportsTheLastComponent) {
	ASSERT_EQ(Mkdir("a"), 0);
	ASSERT_EQ(Put("a/f", "x"), 0);
	struct fs_ctx c = Ctx();
	struct fs_nameidata nd;
	struct inode *a = Lookup("a");

	ASSERT_EQ(fs_walk(&c, "a/newname/", FS_WALK_PARENT, &nd), 0);
	EXPECT_EQ(nd.dir, a);
	EXPECT_EQ(nd.inode, nullptr);
	EXPECT_EQ(std::string(nd.name, nd.len), "newname");
	EXPECT_EQ(nd.type, FS_LAST_NORM);
	EXPECT_TRUE(nd.slash);
	fs_nd_put(&nd);

	ASSERT_EQ(fs_walk(&c, "a/f", FS_WALK_PARENT, &nd), 0);
	EXPECT_NE(nd.inode, nullptr);
	EXPECT_FALSE(nd.slash);
	fs_nd_put(&nd);

	ASSERT_EQ(fs_walk(&c, "/", FS_WALK_PARENT, &nd), 0);
	EXPECT_EQ(nd.type, FS_LAST_ROOT);
	EXPECT_EQ(nd.dir, root);
	fs_nd_put(&nd);

	ASSERT_EQ(fs_walk(&c, "a/.", FS_WALK_PARENT, &nd), 0);
	EXPECT_EQ(nd.type, FS_LAST_DOT);
	EXPECT_EQ(nd.dir, a);
	fs_nd_put(&nd);

	ASSERT_EQ(fs_walk(&c, "a/..", FS_WALK_PARENT, &nd), 0);
	EXPECT_EQ(nd.type, FS_LAST_DOTDOT);
	fs_nd_put(&nd);

	ASSERT_EQ(Symlink("a", "link"), 0);
	ASSERT_EQ(fs_walk(&c, "link", FS_WALK_PARENT, &nd), 0);
	EXPECT_TRUE(S_ISLNK(nd.inode->mode)) << "the final link is not followed";
	fs_nd_put(&nd);
	fs_put(a);
}

TEST_F(FsPath, MountsAreCrossedBothWays) {
	ASSERT_EQ(Mkdir("mnt"), 0);
	ASSERT_EQ(Put("mnt/hidden", "under"), 0);
	struct fs_sb *other = tmpfs_create(0, 43, 01777, 0);
	ASSERT_NE(other, nullptr);
	struct inode *mnt = Lookup("mnt");
	ASSERT_EQ(fs_mount(mnt, other), 0);
	EXPECT_EQ(fs_mount(mnt, other), -EBUSY);

	EXPECT_EQ(LookupErr("mnt/hidden"), -ENOENT) << "covered by the mount";
	ASSERT_EQ(Mkdir("mnt/d"), 0);
	ASSERT_EQ(Put("mnt/d/f", "over"), 0);
	struct fs_stat st = Stat("mnt/d/f");
	EXPECT_EQ(st.dev_minor, 43u);
	st = Stat("mnt");
	EXPECT_EQ(st.mode & 07777, 01777u) << "the mounted root, not the directory";
	struct inode *x = Lookup("mnt/d/../..");
	EXPECT_EQ(x, root) << "\"..\" from a mounted root leaves the mount";
	fs_put(x);
	x = Lookup("mnt/..");
	EXPECT_EQ(x, root);
	fs_put(x);
	EXPECT_EQ(Rmdir("mnt"), -EBUSY);
	EXPECT_EQ(Rename("mnt", "moved"), -EBUSY);
	EXPECT_EQ(Link("mnt/d/f", "f2"), -EXDEV);
	EXPECT_EQ(Rename("mnt/d/f", "f2"), -EXDEV);
	EXPECT_EQ(tmpfs_destroy(other), -EBUSY) << "still mounted";
	EXPECT_EQ(tmpfs_destroy(sb), -EBUSY) << "has a mount inside";

	ASSERT_EQ(fs_umount(other), 0);
	EXPECT_EQ(fs_umount(other), -EINVAL);
	EXPECT_EQ(Get("mnt/hidden"), "under");
	ASSERT_EQ(tmpfs_destroy(other), 0);
	fs_put(mnt);
}

TEST_F(FsPath, NestedMountsAndLoopsRefused) {
	ASSERT_EQ(Mkdir("m1"), 0);
	struct fs_sb *a = tmpfs_create(0, 50, 0755, 0);
	struct fs_sb *b = tmpfs_create(0, 51, 0755, 0);
	struct inode *m1 = Lookup("m1");
	ASSERT_EQ(fs_mount(m1, a), 0);
	ASSERT_EQ(Mkdir("m1/m2"), 0);
	struct inode *m2 = Lookup("m1/m2");
	ASSERT_EQ(fs_mount(m2, b), 0);
	ASSERT_EQ(Put("m1/m2/f", "deep"), 0);
	EXPECT_EQ(Stat("m1/m2/f").dev_minor, 51u);
	struct inode *x = Lookup("m1/m2/../..");
	EXPECT_EQ(x, root);
	fs_put(x);
	// Mounting an instance inside itself, at any depth, would loop.
	ASSERT_EQ(fs_umount(b), 0);
	EXPECT_EQ(fs_mount(m2, a), -EBUSY) << "a is already mounted";
	struct fs_sb *c = tmpfs_create(0, 52, 0755, 0);
	ASSERT_EQ(fs_mount(c->root, b), 0);
	EXPECT_EQ(fs_mount(b->root, c), -EINVAL);
	ASSERT_EQ(fs_mount(m2, b), -EBUSY) << "b is mounted on c";
	ASSERT_EQ(fs_umount(b), 0);
	ASSERT_EQ(fs_mount(m2, b), 0);
	EXPECT_EQ(fs_umount(a), -EBUSY) << "b is mounted inside a";
	ASSERT_EQ(fs_umount(b), 0);
	fs_put(m2);
	ASSERT_EQ(fs_umount(a), 0);
	ASSERT_EQ(tmpfs_destroy(a), 0);
	ASSERT_EQ(tmpfs_destroy(b), 0);
	ASSERT_EQ(tmpfs_destroy(c), 0);
	fs_put(m1);
}

TEST_F(FsPath, RemovedWorkingDirectory) {
	ASSERT_EQ(Mkdir("a"), 0);
	ASSERT_EQ(Mkdir("a/gone"), 0);
	struct inode *cwd = Lookup("a/gone");
	ASSERT_EQ(Rmdir("a/gone"), 0);
	EXPECT_EQ(cwd->nlink, 0u);
	struct fs_ctx c = Ctx(nullptr, cwd);
	struct inode *x = nullptr;
	ASSERT_EQ(fs_lookup(&c, "..", FS_WALK_FOLLOW, &x), 0);
	EXPECT_EQ(x, Stat("a").ino == x->ino ? x : nullptr);
	fs_put(x);
	EXPECT_EQ(fs_mkdirat(&c, "new", 0755), -ENOENT) << "a dead directory";
	EXPECT_EQ(fs_open(&c, "f", O_CREAT | O_WRONLY, 0644, &x), -ENOENT);
	uint64_t pos = 0;
	std::vector<std::string> names;
	EXPECT_EQ(fs_readdir(cwd, &pos, Collect, &names), -ENOENT);
	// Removing the parent too: the child's reference keeps it valid.
	ASSERT_EQ(Rmdir("a"), 0);
	ASSERT_EQ(fs_lookup(&c, "..", FS_WALK_FOLLOW, &x), 0);
	EXPECT_EQ(x->nlink, 0u);
	fs_put(x);
	fs_put(cwd);
}

} // namespace
