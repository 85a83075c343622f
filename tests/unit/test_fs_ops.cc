// Tests for core/fs/{create,open,remove,rename}.c: the namespace
// operations, their errors in Linux's order, and link counts.
#include "fs_test_util.h"

#include <string>

namespace {

class FsOps : public FsTest {};

TEST_F(FsOps, OpenCreateAndExcl) {
	EXPECT_EQ(Open("f", O_RDONLY), -ENOENT);
	EXPECT_EQ(Open("f", O_RDWR | O_CREAT, 0640), 0);
	EXPECT_EQ(Stat("f").mode, static_cast<uint32_t>(S_IFREG | 0640));
	EXPECT_EQ(Open("f", O_RDWR | O_CREAT), 0) << "O_CREAT alone opens it";
	EXPECT_EQ(Open("f", O_RDWR | O_CREAT | O_EXCL), -EEXIST);
	EXPECT_EQ(Open("f", O_RDWR | O_EXCL), 0) << "O_EXCL without O_CREAT is ignored";
	EXPECT_EQ(Open("nodir/f", O_RDWR | O_CREAT), -ENOENT);
}

TEST_F(FsOps, OpenCreateThroughSymlinks) {
	ASSERT_EQ(Mkdir("d"), 0);
	ASSERT_EQ(Symlink("d/target", "dangle"), 0);
	EXPECT_EQ(Open("dangle", O_WRONLY | O_CREAT | O_EXCL), -EEXIST)
	    << "O_EXCL never follows a final symlink";
	EXPECT_EQ(Open("dangle", O_WRONLY | O_CREAT | O_NOFOLLOW), -ELOOP);
	EXPECT_FALSE(Exists("d/target"));
	EXPECT_EQ(Open("dangle", O_WRONLY | O_CREAT), 0)
	    << "a dangling symlink is created through";
	EXPECT_TRUE(Exists("d/target"));
	EXPECT_EQ(Stat("dangle").ino, Stat("d/target").ino);
	ASSERT_EQ(Symlink("nothere/", "slashy"), 0);
	EXPECT_EQ(Open("slashy", O_WRONLY | O_CREAT), -EISDIR);
}

TEST_F(FsOps, OpenTypeErrors) {
	ASSERT_EQ(Mkdir("d"), 0);
	ASSERT_EQ(Put("f", "x"), 0);
	ASSERT_EQ(Symlink("f", "l"), 0);
	EXPECT_EQ(Open("d", O_RDONLY), 0);
	EXPECT_EQ(Open("d", O_WRONLY), -EISDIR);
	EXPECT_EQ(Open("d", O_RDWR), -EISDIR);
	EXPECT_EQ(Open("d", O_RDONLY | O_TRUNC), -EISDIR);
	EXPECT_EQ(Open("d", O_RDONLY | O_CREAT), -EISDIR);
	EXPECT_EQ(Open("d/", O_RDONLY | O_CREAT), -EISDIR);
	EXPECT_EQ(Open("new/", O_RDONLY | O_CREAT), -EISDIR);
	EXPECT_EQ(Open("f/", O_RDONLY | O_CREAT), -EISDIR);
	EXPECT_FALSE(Exists("new"));
	EXPECT_EQ(Open("f", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	EXPECT_EQ(Open("f/", O_RDONLY), -ENOTDIR);
	EXPECT_EQ(Open("d", O_RDONLY | O_DIRECTORY), 0);
	EXPECT_EQ(Open("x", O_RDONLY | O_CREAT | O_DIRECTORY), -EINVAL);
	EXPECT_EQ(Open("./", O_RDONLY | O_CREAT | O_EXCL), -EEXIST)
	    << "\".\" is resolved before the trailing slash counts";
	EXPECT_EQ(Open("d/../", O_RDONLY | O_CREAT), -EISDIR);
	EXPECT_EQ(Open("/", O_RDONLY | O_CREAT | O_EXCL), -EEXIST);
	EXPECT_EQ(Open("l", O_RDONLY), 0);
	EXPECT_EQ(Open("l", O_RDONLY | O_NOFOLLOW), -ELOOP);
	struct fs_ctx c = Ctx();
	struct inode *ino = nullptr;
	ASSERT_EQ(fs_open(&c, "l", O_PATH | O_NOFOLLOW, 0, &ino), 0);
	EXPECT_TRUE(S_ISLNK(ino->mode)) << "O_PATH|O_NOFOLLOW gives the link";
	fs_put(ino);
}

TEST_F(FsOps, OpenTruncate) {
	ASSERT_EQ(Put("f", std::string(10000, 'z')), 0);
	EXPECT_EQ(Pages(), 3);
	EXPECT_EQ(Open("f", O_RDONLY), 0);
	EXPECT_EQ(Stat("f").size, 10000u);
	fs_shim_now_ns += 5000000000ull;
	EXPECT_EQ(Open("f", O_WRONLY | O_TRUNC), 0);
	struct fs_stat st = Stat("f");
	EXPECT_EQ(st.size, 0u);
	EXPECT_EQ(st.blocks, 0u);
	EXPECT_EQ(Pages(), 0);
	EXPECT_EQ(st.mtime.sec, static_cast<int64_t>(fs_shim_now_ns / 1000000000ull));
	ASSERT_EQ(Put("ro", "data", 0444), 0);
	struct inode *ro = Lookup("ro");
	ASSERT_EQ(fs_chown(ro, nullptr, alice.fsuid, alice.fsgid), 0);
	fs_put(ro);
	EXPECT_EQ(Open("ro", O_RDONLY | O_TRUNC, 0, &alice), -EACCES)
	    << "O_TRUNC needs write permission";
	EXPECT_EQ(Get("ro"), "data");
}

TEST_F(FsOps, OpenTmpfile) {
	ASSERT_EQ(Mkdir("d"), 0);
	struct fs_ctx c = Ctx();
	struct inode *t = nullptr;
	EXPECT_EQ(fs_open(&c, "d", O_TMPFILE | O_RDONLY, 0600, &t), -EINVAL);
	EXPECT_EQ(fs_open(&c, "d", O_TMPFILE | O_RDWR | O_CREAT, 0600, &t), -EINVAL);
	ASSERT_EQ(fs_open(&c, "d", O_TMPFILE | O_RDWR, 0600, &t), 0);
	EXPECT_EQ(t->nlink, 0u);
	EXPECT_EQ(List("d").size(), 2u);
	EXPECT_EQ(fs_write(t, "tmp", 3, 0, nullptr), 3);
	ASSERT_EQ(fs_link(t, &c, "d/named"), 0);
	EXPECT_EQ(t->nlink, 1u);
	EXPECT_EQ(Get("d/named"), "tmp");
	fs_put(t);

	ASSERT_EQ(fs_open(&c, "d", O_TMPFILE | O_WRONLY | O_EXCL, 0600, &t), 0);
	EXPECT_EQ(fs_link(t, &c, "d/never"), -ENOENT) << "O_EXCL: never linkable";
	fs_put(t);
	EXPECT_EQ(Pages(), 1);
}

TEST_F(FsOps, DirectoryLinkCounts) {
	EXPECT_EQ(Stat("/").nlink, 2u);
	ASSERT_EQ(Mkdir("a"), 0);
	ASSERT_EQ(Mkdir("b"), 0);
	EXPECT_EQ(Stat("/").nlink, 4u);
	EXPECT_EQ(Stat("a").nlink, 2u);
	ASSERT_EQ(Mkdir("a/x"), 0);
	ASSERT_EQ(Put("a/f", ""), 0);
	EXPECT_EQ(Stat("a").nlink, 3u) << "files do not count";
	ASSERT_EQ(Rename("a/x", "b/x"), 0);
	EXPECT_EQ(Stat("a").nlink, 2u);
	EXPECT_EQ(Stat("b").nlink, 3u);
	ASSERT_EQ(Rmdir("b/x"), 0);
	EXPECT_EQ(Stat("b").nlink, 2u);
	EXPECT_EQ(Stat("/").nlink, 4u);
}

TEST_F(FsOps, MkdirErrorsAndModes) {
	ASSERT_EQ(Mkdir("d", 07777), 0);
	EXPECT_EQ(Stat("d").mode, static_cast<uint32_t>(S_IFDIR | 01777))
	    << "mkdir keeps the sticky bit, not the set-ID bits";
	EXPECT_EQ(Mkdir("d"), -EEXIST);
	EXPECT_EQ(Mkdir("d/"), -EEXIST);
	EXPECT_EQ(Mkdir("d/."), -EEXIST);
	EXPECT_EQ(Mkdir("d/.."), -EEXIST);
	EXPECT_EQ(Mkdir("/"), -EEXIST);
	EXPECT_EQ(Mkdir("e/"), 0) << "a trailing slash is fine for mkdir";
	ASSERT_EQ(Symlink("nowhere", "dangle"), 0);
	EXPECT_EQ(Mkdir("dangle"), -EEXIST) << "mkdir never follows";
}

TEST_F(FsOps, MknodMakesEveryType) {
	struct fs_ctx c = Ctx();
	EXPECT_EQ(fs_mknodat(&c, "fifo", S_IFIFO | 0600, 0, 0), 0);
	EXPECT_EQ(fs_mknodat(&c, "sock", S_IFSOCK | 0600, 0, 0), 0);
	EXPECT_EQ(fs_mknodat(&c, "null", S_IFCHR | 0666, 1, 3), 0);
	EXPECT_EQ(fs_mknodat(&c, "sda", S_IFBLK | 0660, 8, 0), 0);
	EXPECT_EQ(fs_mknodat(&c, "plain", 0644, 0, 0), 0);
	EXPECT_EQ(fs_mknodat(&c, "dir", S_IFDIR | 0755, 0, 0), -EPERM);
	EXPECT_EQ(fs_mknodat(&c, "bad", 0170000 | 0644, 0, 0), -EINVAL);
	EXPECT_EQ(fs_mknodat(&c, "null", S_IFCHR | 0666, 1, 3), -EEXIST);
	EXPECT_EQ(fs_mknodat(&c, "x/", S_IFIFO | 0600, 0, 0), -ENOENT);
	EXPECT_TRUE(S_ISFIFO(Stat("fifo").mode));
	EXPECT_TRUE(S_ISSOCK(Stat("sock").mode));
	EXPECT_TRUE(S_ISREG(Stat("plain").mode));
	struct fs_stat st = Stat("null");
	EXPECT_TRUE(S_ISCHR(st.mode));
	EXPECT_EQ(st.rdev_major, 1u);
	EXPECT_EQ(st.rdev_minor, 3u);
	st = Stat("sda");
	EXPECT_TRUE(S_ISBLK(st.mode));
	EXPECT_EQ(st.rdev_major, 8u);
	EXPECT_EQ(Open("fifo", O_RDONLY), 0) << "the inode; the kernel makes the pipe";
}

TEST_F(FsOps, SymlinkAndReadlink) {
	ASSERT_EQ(Symlink("some/where", "l"), 0);
	EXPECT_EQ(Readlink("l"), "some/where");
	EXPECT_EQ(Symlink("x", "l"), -EEXIST);
	EXPECT_EQ(Symlink("", "e"), -ENOENT);
	EXPECT_EQ(Symlink("x", "new/"), -ENOENT);
	std::string long_target(4095, 'a');
	EXPECT_EQ(Symlink(long_target.c_str(), "long"), 0);
	EXPECT_EQ(Readlink("long"), long_target);
	std::string too_long(4096, 'a');
	EXPECT_EQ(Symlink(too_long.c_str(), "toolong"), -ENAMETOOLONG);
	ASSERT_EQ(Put("f", ""), 0);
	EXPECT_EQ(Readlink("f"), "<errno " + std::to_string(EINVAL) + ">");
	struct inode *l = Lookup("l", 0);
	char buf[4];
	EXPECT_EQ(fs_readlink(l, buf, sizeof(buf)), 4) << "truncated, no NUL";
	EXPECT_EQ(std::string(buf, 4), "some");
	fs_put(l);
	struct fs_stat st = Stat("l", false);
	EXPECT_EQ(st.mode, static_cast<uint32_t>(S_IFLNK | 0777));
	EXPECT_EQ(st.size, 10u);
}

TEST_F(FsOps, HardLinks) {
	ASSERT_EQ(Mkdir("d"), 0);
	ASSERT_EQ(Put("f", "shared"), 0);
	ASSERT_EQ(Link("f", "d/g"), 0);
	EXPECT_EQ(Stat("f").nlink, 2u);
	EXPECT_EQ(Stat("f").ino, Stat("d/g").ino);
	EXPECT_EQ(Link("f", "d/g"), -EEXIST);
	EXPECT_EQ(Link("d", "d2"), -EPERM);
	EXPECT_EQ(Link("missing", "m"), -ENOENT);
	EXPECT_EQ(Link("f", "nodir/x"), -ENOENT);
	EXPECT_EQ(Link("f", "x/"), -ENOENT);
	EXPECT_EQ(Link("f", "y", 0x1), -EINVAL) << "unknown flag";
	ASSERT_EQ(Symlink("f", "sl"), 0);
	ASSERT_EQ(Link("sl", "sl2"), 0);
	EXPECT_TRUE(S_ISLNK(Stat("sl2", false).mode)) << "linkat does not follow";
	ASSERT_EQ(Link("sl", "f3", AT_SYMLINK_FOLLOW), 0);
	EXPECT_EQ(Stat("f3", false).ino, Stat("f").ino);
	EXPECT_EQ(Stat("f").nlink, 3u);
	ASSERT_EQ(Unlink("f"), 0);
	EXPECT_EQ(Get("d/g"), "shared");
	EXPECT_EQ(Stat("d/g").nlink, 2u);
}

TEST_F(FsOps, UnlinkErrors) {
	ASSERT_EQ(Mkdir("d"), 0);
	ASSERT_EQ(Put("f", "x"), 0);
	EXPECT_EQ(Unlink("d"), -EISDIR);
	EXPECT_EQ(Unlink("d/"), -EISDIR);
	EXPECT_EQ(Unlink("f/"), -ENOTDIR);
	EXPECT_EQ(Unlink("missing/"), -ENOENT);
	EXPECT_EQ(Unlink("missing"), -ENOENT);
	EXPECT_EQ(Unlink("."), -EISDIR);
	EXPECT_EQ(Unlink("d/.."), -EISDIR);
	EXPECT_EQ(Unlink("/"), -EISDIR);
	struct fs_ctx c = Ctx();
	EXPECT_EQ(fs_unlinkat(&c, "f", 0x1), -EINVAL);
	EXPECT_EQ(Unlink("f"), 0);
	EXPECT_FALSE(Exists("f"));
	ASSERT_EQ(Symlink("d", "l"), 0);
	EXPECT_EQ(Unlink("l"), 0) << "unlink removes the link, not its target";
	EXPECT_TRUE(Exists("d"));
}

TEST_F(FsOps, RmdirErrors) {
	ASSERT_EQ(Mkdir("d"), 0);
	ASSERT_EQ(Mkdir("d/sub"), 0);
	ASSERT_EQ(Put("f", "x"), 0);
	ASSERT_EQ(Symlink("d", "l"), 0);
	EXPECT_EQ(Rmdir("d"), -ENOTEMPTY);
	EXPECT_EQ(Rmdir("d/sub/."), -EINVAL);
	EXPECT_EQ(Rmdir("d/sub/.."), -ENOTEMPTY);
	EXPECT_EQ(Rmdir("/"), -EBUSY);
	EXPECT_EQ(Rmdir("f"), -ENOTDIR);
	EXPECT_EQ(Rmdir("l"), -ENOTDIR);
	EXPECT_EQ(Rmdir("l/"), -ENOTDIR) << "the link is not followed";
	EXPECT_EQ(Rmdir("missing"), -ENOENT);
	EXPECT_EQ(Rmdir("d/sub/"), 0);
	EXPECT_EQ(Rmdir("d"), 0);
	EXPECT_EQ(Stat("/").nlink, 2u);
}

TEST_F(FsOps, UnlinkedOpenFileLivesUntilTheLastReference) {
	ASSERT_EQ(Put("f", std::string(9000, 'q')), 0);
	struct inode *f = Lookup("f");
	uint64_t inodes = sb->ninodes;
	ASSERT_EQ(Unlink("f"), 0);
	EXPECT_EQ(f->nlink, 0u);
	EXPECT_EQ(sb->ninodes, inodes) << "still referenced";
	EXPECT_EQ(Pages(), 3);
	char buf[4];
	EXPECT_EQ(fs_read(f, buf, 4, 8990), 4);
	EXPECT_EQ(fs_write(f, "new", 3, 0, nullptr), 3) << "an unlinked file is still a file";
	fs_put(f);
	EXPECT_EQ(sb->ninodes, inodes - 1);
	EXPECT_EQ(Pages(), 0);
}

TEST_F(FsOps, RenameFilesAndReplacement) {
	ASSERT_EQ(Put("a", "A"), 0);
	ASSERT_EQ(Put("b", "B"), 0);
	uint64_t a_ino = Stat("a").ino;
	ASSERT_EQ(Rename("a", "c"), 0);
	EXPECT_FALSE(Exists("a"));
	EXPECT_EQ(Stat("c").ino, a_ino);
	uint64_t inodes = sb->ninodes;
	ASSERT_EQ(Rename("c", "b"), 0) << "replaces b";
	EXPECT_EQ(Get("b"), "A");
	EXPECT_EQ(sb->ninodes, inodes - 1) << "old b is freed";
	EXPECT_EQ(Rename("missing", "x"), -ENOENT);
	EXPECT_EQ(Rename("b", "nodir/x"), -ENOENT);
	EXPECT_EQ(Rename("b", "b/"), -ENOTDIR);
	EXPECT_EQ(Rename("b/", "x"), -ENOTDIR);
	EXPECT_EQ(Rename(".", "x"), -EBUSY);
	EXPECT_EQ(Rename("b", "."), -EBUSY);
	EXPECT_EQ(Rename("b", ".", RENAME_NOREPLACE), -EEXIST);
	EXPECT_EQ(Rename("b", "/"), -EBUSY);
	EXPECT_EQ(Get("b"), "A");
}

TEST_F(FsOps, RenameDirectories) {
	ASSERT_EQ(Mkdir("a"), 0);
	ASSERT_EQ(Mkdir("a/in"), 0);
	ASSERT_EQ(Mkdir("empty"), 0);
	ASSERT_EQ(Mkdir("full"), 0);
	ASSERT_EQ(Put("full/f", ""), 0);
	ASSERT_EQ(Put("file", ""), 0);
	EXPECT_EQ(Rename("a", "full"), -ENOTEMPTY);
	EXPECT_EQ(Rename("a", "file"), -ENOTDIR);
	EXPECT_EQ(Rename("file", "empty"), -EISDIR);
	EXPECT_EQ(Rename("a", "a/in/x"), -EINVAL) << "into its own subtree";
	EXPECT_EQ(Rename("a", "a/x"), -EINVAL);
	EXPECT_EQ(Rename("a/in", "a"), -ENOTEMPTY) << "onto its own ancestor";
	uint64_t inodes = sb->ninodes;
	ASSERT_EQ(Rename("a", "empty/"), 0) << "replaces an empty directory";
	EXPECT_EQ(sb->ninodes, inodes - 1);
	EXPECT_EQ(Stat("/").nlink, 2u + 2u) << "\"empty\" and \"full\"";
	ASSERT_EQ(Rename("empty/in", "full/in"), 0);
	struct inode *up = Lookup("full/in/..");
	struct inode *full = Lookup("full");
	EXPECT_EQ(up, full) << "\"..\" follows the move";
	fs_put(up);
	fs_put(full);
	EXPECT_EQ(Stat("empty").nlink, 2u);
	EXPECT_EQ(Stat("full").nlink, 3u);
	ASSERT_EQ(Rename("full/in", "full/in2"), 0);
	EXPECT_EQ(Stat("full").nlink, 3u);
}

TEST_F(FsOps, RenameOfTwoNamesOfOneInodeIsANoOp) {
	ASSERT_EQ(Put("a", "x"), 0);
	ASSERT_EQ(Link("a", "b"), 0);
	EXPECT_EQ(Rename("a", "b"), 0);
	EXPECT_TRUE(Exists("a")) << "Linux leaves both names";
	EXPECT_TRUE(Exists("b"));
	EXPECT_EQ(Stat("a").nlink, 2u);
	EXPECT_EQ(Rename("a", "a"), 0);
}

TEST_F(FsOps, RenameNoreplaceAndFlags) {
	ASSERT_EQ(Put("a", "A"), 0);
	ASSERT_EQ(Put("b", "B"), 0);
	EXPECT_EQ(Rename("a", "b", RENAME_NOREPLACE), -EEXIST);
	EXPECT_EQ(Rename("a", "c", RENAME_NOREPLACE), 0);
	EXPECT_EQ(Rename("c", "b", RENAME_NOREPLACE | RENAME_EXCHANGE), -EINVAL);
	EXPECT_EQ(Rename("c", "b", RENAME_WHITEOUT), -EINVAL);
	EXPECT_EQ(Rename("c", "b", 0x80), -EINVAL);
	EXPECT_EQ(Get("b"), "B");
	EXPECT_EQ(Get("c"), "A");
}

TEST_F(FsOps, RenameExchange) {
	ASSERT_EQ(Mkdir("d1"), 0);
	ASSERT_EQ(Mkdir("d2"), 0);
	ASSERT_EQ(Mkdir("d1/sub"), 0);
	ASSERT_EQ(Put("d2/file", "F"), 0);
	uint64_t sub = Stat("d1/sub").ino, file = Stat("d2/file").ino;
	EXPECT_EQ(Rename("d1/sub", "d2/none", RENAME_EXCHANGE), -ENOENT);
	EXPECT_EQ(Rename("d1/sub", "d2/file/", RENAME_EXCHANGE), -ENOTDIR);
	ASSERT_EQ(Rename("d1/sub", "d2/file", RENAME_EXCHANGE), 0);
	EXPECT_EQ(Stat("d1/sub").ino, file);
	EXPECT_EQ(Stat("d2/file").ino, sub);
	EXPECT_TRUE(S_ISDIR(Stat("d2/file").mode));
	EXPECT_EQ(Stat("d1").nlink, 2u) << "lost its subdirectory";
	EXPECT_EQ(Stat("d2").nlink, 3u) << "gained one";
	struct inode *up = Lookup("d2/file/..");
	struct inode *d2 = Lookup("d2");
	EXPECT_EQ(up, d2);
	fs_put(up);
	fs_put(d2);
	EXPECT_EQ(Rename("d1", "d1/sub", RENAME_EXCHANGE), -EINVAL);
	ASSERT_EQ(Mkdir("d2/file/deeper"), 0);
	EXPECT_EQ(Rename("d2/file/deeper", "d2", RENAME_EXCHANGE), -EINVAL)
	    << "an ancestor cannot be exchanged with a descendant";
}

TEST_F(FsOps, TimestampsFollowLinux) {
	ASSERT_EQ(Mkdir("d"), 0);
	struct fs_stat d0 = Stat("d");
	fs_shim_now_ns += 2000000000ull;
	ASSERT_EQ(Put("d/f", "x"), 0);
	struct fs_stat d1 = Stat("d");
	EXPECT_GT(d1.mtime.sec, d0.mtime.sec) << "a new name changes the directory";
	EXPECT_GT(d1.ctime.sec, d0.ctime.sec);
	struct fs_stat f0 = Stat("d/f");
	EXPECT_EQ(f0.btime.sec, f0.mtime.sec);

	fs_shim_now_ns += 2000000000ull;
	ASSERT_EQ(Link("d/f", "d/g"), 0);
	struct fs_stat f1 = Stat("d/f");
	EXPECT_GT(f1.ctime.sec, f0.ctime.sec) << "a link changes the inode's ctime";
	EXPECT_EQ(f1.mtime.sec, f0.mtime.sec) << "but not its mtime";

	fs_shim_now_ns += 2000000000ull;
	struct inode *f = Lookup("d/f");
	char c;
	EXPECT_EQ(fs_read(f, &c, 1, 0), 1);
	struct fs_stat f2 = Stat("d/f");
	EXPECT_GT(f2.atime.sec, f1.atime.sec) << "relatime: atime older than mtime";
	uint64_t t = fs_shim_now_ns;
	fs_shim_now_ns += 2000000000ull;
	EXPECT_EQ(fs_read(f, &c, 1, 0), 1);
	EXPECT_EQ(Stat("d/f").atime.sec, static_cast<int64_t>(t / 1000000000ull))
	    << "relatime: not again until it changes or a day passes";
	fs_shim_now_ns += 86400ull * 1000000000ull;
	EXPECT_EQ(fs_read(f, &c, 1, 0), 1);
	EXPECT_EQ(Stat("d/f").atime.sec, static_cast<int64_t>(fs_shim_now_ns / 1000000000ull));
	fs_shim_now_ns += 1000000000ull;
	EXPECT_EQ(fs_write(f, "y", 1, 0, nullptr), 1);
	struct fs_stat f3 = Stat("d/f");
	EXPECT_EQ(f3.mtime.sec, static_cast<int64_t>(fs_shim_now_ns / 1000000000ull));
	EXPECT_EQ(f3.ctime.sec, f3.mtime.sec);
	fs_put(f);
}

TEST_F(FsOps, DestroyingAnInstanceWithOpenFiles) {
	ASSERT_EQ(Mkdir("d"), 0);
	ASSERT_EQ(Mkdir("d/sub"), 0);
	ASSERT_EQ(Put("d/sub/f", std::string(5000, 'k')), 0);
	struct inode *f = Lookup("d/sub/f");
	struct inode *cwd = Lookup("d/sub");
	struct fs_sb *old = sb;
	ASSERT_EQ(tmpfs_destroy(sb), 0);
	sb = nullptr;
	EXPECT_EQ(old->ninodes, 4u)
	    << "the open file, the working directory and, through its \"..\", "
	       "d and the root";
	EXPECT_EQ(f->nlink, 0u);
	EXPECT_EQ(cwd->nlink, 0u);
	char buf[4];
	EXPECT_EQ(fs_read(f, buf, 4, 4996), 4) << "an open file keeps working";
	EXPECT_EQ(fs_write(f, "more", 4, 5000, nullptr), 4);
	uint64_t pos = 0;
	std::vector<std::string> names;
	EXPECT_EQ(fs_readdir(cwd, &pos, Collect, &names), -ENOENT);
	fs_put(cwd);
	fs_put(f);
	EXPECT_EQ(Pages(), 0);
}

TEST_F(FsOps, NewUnlinkedFileForMemfd) {
	struct inode *m = fs_new_unlinked(sb, 0600, &alice);
	ASSERT_NE(m, nullptr);
	EXPECT_EQ(m->nlink, 0u);
	EXPECT_EQ(m->uid, 1000u);
	EXPECT_EQ(fs_write(m, "shm", 3, 8192, &alice), 3);
	EXPECT_EQ(m->size, 8195u);
	fs_put(m);
	EXPECT_EQ(Pages(), 0);
}

} // namespace
