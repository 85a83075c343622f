// Tests for core/fs/perm.c and attr.c: Linux's owner/group/other rule,
// root's override, the sticky bit, set-ID bits, and who may change
// attributes.
#include "fs_test_util.h"

#include <string>

namespace {

class FsPerm : public FsTest {
protected:
	// A file or directory owned by uid:gid with mode, made by the kernel.
	void Make(const char *path, uint32_t mode, uint32_t uid, uint32_t gid,
	          bool dir = false) {
		if (dir)
			ASSERT_EQ(Mkdir(path, mode), 0);
		else
			ASSERT_EQ(Put(path, "content", mode), 0);
		struct inode *ino = Lookup(path);
		ASSERT_EQ(fs_chown(ino, nullptr, uid, gid), 0);
		ASSERT_EQ(fs_chmod(ino, nullptr, mode), 0);
		fs_put(ino);
	}

	int Perm(const char *path, const struct fs_cred *cred, int mask) {
		struct inode *ino = Lookup(path);
		int r = fs_permission(ino, cred, mask);
		fs_put(ino);
		return r;
	}
};

TEST_F(FsPerm, OwnerGroupOtherClasses) {
	uint32_t groups[] = {7, 2000};
	struct fs_cred member = {1001, 1001, groups, 2};
	struct fs_cred other = {1002, 1002, nullptr, 0};
	Make("f", 0640, 1000, 2000);
	EXPECT_EQ(Perm("f", &alice, FS_MAY_READ | FS_MAY_WRITE), 0);
	EXPECT_EQ(Perm("f", &alice, FS_MAY_EXEC), -EACCES);
	EXPECT_EQ(Perm("f", &member, FS_MAY_READ), 0) << "a supplementary group";
	EXPECT_EQ(Perm("f", &member, FS_MAY_WRITE), -EACCES);
	EXPECT_EQ(Perm("f", &other, FS_MAY_READ), -EACCES);
	struct fs_cred by_gid = {1003, 2000, nullptr, 0};
	EXPECT_EQ(Perm("f", &by_gid, FS_MAY_READ), 0) << "fsgid counts too";
	// The owner's class is used even when it grants less.
	Make("g", 0077, 1000, 2000);
	EXPECT_EQ(Perm("g", &alice, FS_MAY_READ), -EACCES);
	EXPECT_EQ(Perm("g", &member, FS_MAY_READ), 0);
	EXPECT_EQ(Perm("g", &other, FS_MAY_READ | FS_MAY_WRITE | FS_MAY_EXEC), 0);
	Make("h", 0604, 1000, 2000);
	EXPECT_EQ(Perm("h", &member, FS_MAY_READ), -EACCES)
	    << "a group member never falls through to other";
}

TEST_F(FsPerm, RootOverridesExceptExecuteWithoutAnyXBit) {
	Make("f", 0000, 1000, 1000);
	Make("x", 0001, 1000, 1000);
	Make("d", 0000, 1000, 1000, true);
	EXPECT_EQ(Perm("f", &rootc, FS_MAY_READ | FS_MAY_WRITE), 0);
	EXPECT_EQ(Perm("f", &rootc, FS_MAY_EXEC), -EACCES);
	EXPECT_EQ(Perm("x", &rootc, FS_MAY_EXEC), 0) << "some x bit is enough";
	EXPECT_EQ(Perm("d", &rootc, FS_MAY_EXEC | FS_MAY_READ | FS_MAY_WRITE), 0);
	EXPECT_EQ(Perm("f", nullptr, FS_MAY_EXEC), 0) << "the kernel is not checked";
	EXPECT_EQ(Perm("f", &alice, FS_MAY_READ), -EACCES);
}

TEST_F(FsPerm, CreatingNeedsWriteAndSearchOnTheParent) {
	Make("ro", 0555, 1000, 1000, true);
	Make("wo", 0333, 1000, 1000, true);
	Make("rw", 0755, 1000, 1000, true);
	EXPECT_EQ(Mkdir("ro/x", 0755, &alice), -EACCES);
	EXPECT_EQ(Open("ro/x", O_CREAT | O_WRONLY, 0644, &alice), -EACCES);
	EXPECT_EQ(Symlink("t", "ro/x", &alice), -EACCES);
	EXPECT_EQ(Mkdir("wo/x", 0755, &alice), 0) << "write+search, no read needed";
	EXPECT_EQ(Mkdir("rw/x", 0755, &bob), -EACCES);
	EXPECT_EQ(Mkdir("ro", 0755, &bob), -EEXIST) << "EEXIST before EACCES";
	EXPECT_EQ(Mkdir("ro/x", 0755, &rootc), 0);
	EXPECT_EQ(Unlink("rw/x", &bob), -ENOENT);
	ASSERT_EQ(Put("rw/f", ""), 0);
	EXPECT_EQ(Unlink("rw/f", &bob), -EACCES);
	EXPECT_EQ(Unlink("rw/f", &alice), 0);
}

TEST_F(FsPerm, NewFilesTakeTheCallersIds) {
	Make("pub", 0777, 0, 0, true);
	uint32_t groups[] = {50};
	struct fs_cred u = {1000, 1000, groups, 1};
	ASSERT_EQ(Open("pub/f", O_CREAT | O_WRONLY, 0640, &u), 0);
	struct fs_stat st = Stat("pub/f");
	EXPECT_EQ(st.uid, 1000u);
	EXPECT_EQ(st.gid, 1000u);
	EXPECT_EQ(Open("pub/f0", O_CREAT | O_RDWR, 0000, &u), 0)
	    << "the creator gets its file even with mode 0";
}

TEST_F(FsPerm, SetgidDirectoriesPassOnTheirGroup) {
	Make("shared", 02777, 0, 50, true);
	ASSERT_EQ(Open("shared/f", O_CREAT | O_WRONLY, 0644, &alice), 0);
	EXPECT_EQ(Stat("shared/f").gid, 50u);
	ASSERT_EQ(Mkdir("shared/sub", 0755, &alice), 0);
	struct fs_stat st = Stat("shared/sub");
	EXPECT_EQ(st.gid, 50u);
	EXPECT_TRUE(st.mode & S_ISGID) << "subdirectories inherit the bit";
	ASSERT_EQ(Open("shared/sgid", O_CREAT | O_WRONLY, 02755, &alice), 0);
	EXPECT_FALSE(Stat("shared/sgid").mode & S_ISGID)
	    << "alice is not in group 50: no set-group-ID executable for her";
	uint32_t groups[] = {50};
	struct fs_cred member = {1001, 1001, groups, 1};
	ASSERT_EQ(Open("shared/sgid2", O_CREAT | O_WRONLY, 02755, &member), 0);
	EXPECT_TRUE(Stat("shared/sgid2").mode & S_ISGID);
}

TEST_F(FsPerm, StickyDirectories) {
	Make("tmp", 01777, 0, 0, true);
	ASSERT_EQ(Open("tmp/alice", O_CREAT | O_WRONLY, 0666, &alice), 0);
	ASSERT_EQ(Open("tmp/bob", O_CREAT | O_WRONLY, 0666, &bob), 0);
	EXPECT_EQ(Unlink("tmp/alice", &bob), -EPERM);
	EXPECT_EQ(Rename("tmp/alice", "tmp/mine", 0, &bob), -EPERM);
	EXPECT_EQ(Rename("tmp/bob", "tmp/alice", 0, &bob), -EPERM)
	    << "replacing someone else's file is removing it";
	EXPECT_EQ(Rename("tmp/bob", "tmp/bob2", 0, &bob), 0);
	EXPECT_EQ(Unlink("tmp/bob2", &bob), 0);
	EXPECT_EQ(Unlink("tmp/alice", &rootc), 0) << "root may";
	// The directory's owner may too.
	Make("own", 01777, 1001, 1001, true);
	ASSERT_EQ(Open("own/a", O_CREAT | O_WRONLY, 0666, &alice), 0);
	EXPECT_EQ(Unlink("own/a", &bob), 0);
	ASSERT_EQ(Mkdir("tmp/adir", 0777, &alice), 0);
	EXPECT_EQ(Rmdir("tmp/adir", &bob), -EPERM);
	EXPECT_EQ(Rmdir("tmp/adir", &alice), 0);
}

TEST_F(FsPerm, MovingADirectoryNeedsWriteOnIt) {
	Make("a", 0777, 0, 0, true);
	Make("b", 0777, 0, 0, true);
	Make("a/d", 0555, 1000, 1000, true);
	EXPECT_EQ(Rename("a/d", "b/d", 0, &alice), -EACCES) << "its \"..\" changes";
	EXPECT_EQ(Rename("a/d", "a/e", 0, &alice), 0) << "same parent: fine";
	EXPECT_EQ(Rename("a/e", "b/e", 0, &rootc), 0);
}

TEST_F(FsPerm, ChmodRules) {
	Make("f", 0644, 1000, 1000);
	ASSERT_EQ(Symlink("f", "l"), 0);
	struct inode *f = Lookup("f");
	struct inode *l = Lookup("l", 0);
	EXPECT_EQ(fs_chmod(f, &bob, 0777), -EPERM);
	uint64_t t = fs_shim_now_ns;
	fs_shim_now_ns += 3000000000ull;
	EXPECT_EQ(fs_chmod(f, &alice, S_IFDIR | 04755), 0);
	EXPECT_EQ(f->mode, static_cast<uint32_t>(S_IFREG | 04755)) << "type bits ignored";
	EXPECT_GT(f->ctime.sec, static_cast<int64_t>(t / 1000000000ull));
	EXPECT_EQ(f->mtime.sec, static_cast<int64_t>(t / 1000000000ull));
	EXPECT_EQ(fs_chmod(f, &alice, 02755), 0);
	EXPECT_EQ(f->mode & 07777, 02755u) << "alice is in group 1000";
	ASSERT_EQ(fs_chown(f, nullptr, FS_ID_UNCHANGED, 50), 0);
	EXPECT_EQ(fs_chmod(f, &alice, 02755), 0);
	EXPECT_EQ(f->mode & 07777, 0755u) << "not in group 50: set-group-ID dropped";
	EXPECT_EQ(fs_chmod(f, &rootc, 02755), 0);
	EXPECT_EQ(f->mode & 07777, 02755u);
	EXPECT_EQ(fs_chmod(l, nullptr, 0600), -EOPNOTSUPP);
	fs_put(f);
	fs_put(l);
}

TEST_F(FsPerm, ChownRules) {
	Make("f", 06755, 1000, 1000);
	Make("d", 06755, 1000, 1000, true);
	uint32_t groups[] = {60};
	struct fs_cred a = {1000, 1000, groups, 1};
	struct inode *f = Lookup("f"), *d = Lookup("d");
	EXPECT_EQ(fs_chown(f, &a, 1001, FS_ID_UNCHANGED), -EPERM);
	EXPECT_EQ(fs_chown(f, &bob, FS_ID_UNCHANGED, 1001), -EPERM);
	EXPECT_EQ(fs_chown(f, &a, FS_ID_UNCHANGED, 70), -EPERM) << "not a member";
	EXPECT_EQ(fs_chown(f, &a, 1000, 60), 0) << "own uid, own group";
	EXPECT_EQ(f->gid, 60u);
	EXPECT_EQ(f->mode & 07777, 0755u) << "set-ID bits cleared on a file";
	EXPECT_EQ(fs_chown(d, &a, FS_ID_UNCHANGED, 60), 0);
	EXPECT_EQ(d->mode & 07777, 06755u) << "but not on a directory";
	ASSERT_EQ(fs_chmod(f, nullptr, 06745), 0);
	EXPECT_EQ(fs_chown(f, &rootc, 5, 5), 0);
	EXPECT_EQ(f->mode & 07777, 02745u)
	    << "root clears set-user-ID; set-group-ID without group x stays";
	EXPECT_EQ(f->uid, 5u);
	EXPECT_EQ(fs_chown(f, &rootc, FS_ID_UNCHANGED, FS_ID_UNCHANGED), 0);
	fs_put(f);
	fs_put(d);
}

TEST_F(FsPerm, UtimensRules) {
	Make("f", 0666, 1000, 1000);
	Make("ro", 0644, 1000, 1000);
	struct inode *f = Lookup("f"), *ro = Lookup("ro");
	struct fs_time now2[2] = {{0, static_cast<uint32_t>(FS_UTIME_NOW)},
	                          {0, static_cast<uint32_t>(FS_UTIME_NOW)}};
	struct fs_time set[2] = {{100, 5}, {200, 6}};
	struct fs_time omit2[2] = {{1, static_cast<uint32_t>(FS_UTIME_OMIT)},
	                           {1, static_cast<uint32_t>(FS_UTIME_OMIT)}};
	struct fs_time half[2] = {{0, static_cast<uint32_t>(FS_UTIME_NOW)},
	                          {1, static_cast<uint32_t>(FS_UTIME_OMIT)}};
	struct fs_time bad[2] = {{0, 1000000000u}, {0, 0}};
	fs_shim_now_ns += 7000000000ull;
	int64_t now_s = static_cast<int64_t>(fs_shim_now_ns / 1000000000ull);
	EXPECT_EQ(fs_utimens(f, &bob, nullptr), 0) << "write access may touch";
	EXPECT_EQ(f->mtime.sec, now_s);
	EXPECT_EQ(fs_utimens(f, &bob, now2), 0);
	EXPECT_EQ(fs_utimens(ro, &bob, nullptr), -EACCES);
	EXPECT_EQ(fs_utimens(f, &bob, set), -EPERM) << "explicit times: owner only";
	EXPECT_EQ(fs_utimens(f, &bob, half), -EPERM);
	EXPECT_EQ(fs_utimens(f, &alice, set), 0);
	EXPECT_EQ(f->atime.sec, 100);
	EXPECT_EQ(f->atime.nsec, 5u);
	EXPECT_EQ(f->mtime.sec, 200);
	EXPECT_EQ(f->ctime.sec, now_s) << "ctime is always now";
	EXPECT_EQ(fs_utimens(f, &alice, half), 0);
	EXPECT_EQ(f->atime.sec, now_s);
	EXPECT_EQ(f->mtime.sec, 200) << "omitted";
	fs_shim_now_ns += 7000000000ull;
	EXPECT_EQ(fs_utimens(f, &bob, omit2), 0);
	EXPECT_EQ(f->ctime.sec, now_s) << "nothing at all changes";
	EXPECT_EQ(fs_utimens(f, &alice, bad), -EINVAL);
	fs_put(f);
	fs_put(ro);
}

TEST_F(FsPerm, WritingDropsSetIdBitsForUnprivilegedWriters) {
	Make("suid", 06775, 1000, 1000);
	Make("mand", 02664, 1000, 1000);
	struct inode *s = Lookup("suid"), *m = Lookup("mand");
	EXPECT_EQ(fs_write(s, "x", 1, 0, &rootc), 1);
	EXPECT_EQ(s->mode & 07777, 06775u) << "root keeps them";
	EXPECT_EQ(fs_write(s, "x", 1, 0, &alice), 1);
	EXPECT_EQ(s->mode & 07777, 0775u);
	EXPECT_EQ(fs_write(m, "x", 1, 0, &alice), 1);
	EXPECT_EQ(m->mode & 07777, 02664u) << "no group x, writer in group: kept";
	EXPECT_EQ(fs_truncate(m, 0, &bob), 0);
	EXPECT_EQ(m->mode & 07777, 0664u) << "writer outside the group: dropped";
	fs_put(s);
	fs_put(m);
}

TEST_F(FsPerm, OpenChecksTheAccessMode) {
	Make("r", 0444, 1000, 1000);
	Make("w", 0222, 1000, 1000);
	EXPECT_EQ(Open("r", O_RDONLY, 0, &alice), 0);
	EXPECT_EQ(Open("r", O_WRONLY, 0, &alice), -EACCES);
	EXPECT_EQ(Open("r", O_RDWR, 0, &alice), -EACCES);
	EXPECT_EQ(Open("w", O_WRONLY, 0, &alice), 0);
	EXPECT_EQ(Open("w", O_RDONLY, 0, &alice), -EACCES);
	EXPECT_EQ(Open("r", O_RDWR, 0, &rootc), 0);
	EXPECT_EQ(Open("r", O_RDONLY | O_PATH, 0, &bob), 0) << "O_PATH checks nothing";
}

TEST_F(FsPerm, ProtectedHardlinks) {
	Make("pub", 0777, 0, 0, true);
	Make("pub/secret", 0600, 1000, 1000);
	Make("pub/open", 0666, 1000, 1000);
	Make("pub/suid", 04777, 1000, 1000);
	EXPECT_EQ(Link("pub/secret", "pub/s2", 0, &bob), -EPERM);
	EXPECT_EQ(Link("pub/open", "pub/o2", 0, &bob), 0) << "readable and writable";
	EXPECT_EQ(Link("pub/suid", "pub/u2", 0, &bob), -EPERM);
	EXPECT_EQ(Link("pub/secret", "pub/s3", 0, &alice), 0) << "the owner may";
	EXPECT_EQ(Link("pub/secret", "pub/s4", 0, &rootc), 0);
}

// Restores fs_protect after a test that changes it.
struct ProtectGuard {
	struct fs_protect_policy saved = fs_protect;
	~ProtectGuard() { fs_protect = saved; }
};

TEST_F(FsPerm, ProtectedSymlinksInStickyWorldWritableDirectories) {
	ProtectGuard guard;
	Make("tmp", 01777, 0, 0, true);
	Make("tmp/target", 0666, 1000, 1000);
	ASSERT_EQ(Symlink("target", "tmp/alink", &alice), 0);
	EXPECT_EQ(Open("tmp/alink", O_RDONLY, 0, &bob), -EACCES)
	    << "bob may not follow alice's link in /tmp";
	EXPECT_EQ(Open("tmp/alink", O_RDONLY, 0, &rootc), -EACCES)
	    << "not even root: root is whom the plant is for";
	EXPECT_EQ(Open("tmp/alink", O_RDONLY, 0, &alice), 0) << "its owner may";
	EXPECT_EQ(Open("tmp/alink", O_RDONLY), 0) << "the kernel may";
	EXPECT_EQ(LookupErr("tmp/alink", 0, &bob), 0) << "lstat needs no following";
	ASSERT_EQ(Symlink(".", "tmp/dlink", &alice), 0);
	EXPECT_EQ(LookupErr("tmp/dlink/target", FS_WALK_FOLLOW, &bob), 0)
	    << "only the final component is protected";
	EXPECT_EQ(LookupErr("tmp/dlink/", FS_WALK_FOLLOW, &bob), -EACCES)
	    << "a trailing slash makes it final";
	Make("own", 01777, 1000, 1000, true);
	ASSERT_EQ(Symlink("x", "own/link", &alice), 0);
	ASSERT_EQ(Put("own/x", ""), 0);
	EXPECT_EQ(Open("own/link", O_RDONLY, 0, &bob), 0)
	    << "the directory's owner owns the link: allowed";
	Make("notsticky", 0777, 0, 0, true);
	ASSERT_EQ(Put("notsticky/x", "", 0666), 0);
	ASSERT_EQ(Symlink("x", "notsticky/link", &alice), 0);
	EXPECT_EQ(Open("notsticky/link", O_RDONLY, 0, &bob), 0);
	fs_protect.symlinks = 0;
	EXPECT_EQ(Open("tmp/alink", O_RDONLY, 0, &bob), 0) << "sysctl off";
}

TEST_F(FsPerm, ProtectedRegularAndFifos) {
	ProtectGuard guard;
	Make("tmp", 01777, 0, 0, true);
	Make("grp", 01770, 0, 1000, true);
	Make("tmp/f", 0666, 1000, 1000);
	Make("grp/f", 0666, 1000, 1000);
	struct fs_ctx a = Ctx(&alice);
	ASSERT_EQ(fs_mknodat(&a, "tmp/p", S_IFIFO | 0666, 0, 0), 0);
	uint32_t groups[] = {1000};
	struct fs_cred member = {1001, 1001, groups, 1};
	EXPECT_EQ(Open("tmp/f", O_CREAT | O_WRONLY, 0644, &bob), -EACCES)
	    << "O_CREAT on another's file in /tmp";
	EXPECT_EQ(Open("tmp/f", O_WRONLY, 0, &bob), 0) << "without O_CREAT: fine";
	EXPECT_EQ(Open("tmp/p", O_CREAT | O_RDONLY, 0644, &bob), -EACCES);
	EXPECT_EQ(Open("tmp/f", O_CREAT | O_WRONLY, 0644, &rootc), -EACCES);
	EXPECT_EQ(Open("tmp/f", O_CREAT | O_WRONLY, 0644, &alice), 0);
	EXPECT_EQ(Open("grp/f", O_CREAT | O_WRONLY, 0644, &member), 0)
	    << "level 1 spares group-writable directories";
	fs_protect.regular = 2;
	EXPECT_EQ(Open("grp/f", O_CREAT | O_WRONLY, 0644, &member), -EACCES);
	fs_protect.regular = 0;
	fs_protect.fifos = 0;
	EXPECT_EQ(Open("tmp/f", O_CREAT | O_WRONLY, 0644, &bob), 0);
	EXPECT_EQ(Open("tmp/p", O_CREAT | O_RDONLY, 0644, &bob), 0);
	ASSERT_EQ(Symlink("f", "tmp/l", &alice), 0);
	EXPECT_EQ(Open("tmp/l", O_CREAT | O_NOFOLLOW | O_RDWR, 0644, &bob), -EACCES)
	    << "other types are always protected; EACCES before ELOOP";
	EXPECT_EQ(Open("tmp/l", O_CREAT | O_NOFOLLOW | O_RDWR, 0644, &alice), -ELOOP);
}

TEST_F(FsPerm, ProtectedHardlinksCanBeTurnedOff) {
	ProtectGuard guard;
	Make("pub", 0777, 0, 0, true);
	Make("pub/secret", 0600, 1000, 1000);
	fs_protect.hardlinks = 0;
	EXPECT_EQ(Link("pub/secret", "pub/s2", 0, &bob), 0);
}

TEST_F(FsPerm, DeviceNodesNeedRoot) {
	Make("pub", 0777, 0, 0, true);
	struct fs_ctx a = Ctx(&alice), r = Ctx(&rootc);
	EXPECT_EQ(fs_mknodat(&a, "pub/null", S_IFCHR | 0666, 1, 3), -EPERM);
	EXPECT_EQ(fs_mknodat(&a, "pub/blk", S_IFBLK | 0666, 1, 3), -EPERM);
	EXPECT_EQ(fs_mknodat(&a, "pub/fifo", S_IFIFO | 0666, 0, 0), 0);
	EXPECT_EQ(fs_mknodat(&a, "pub/sock", S_IFSOCK | 0666, 0, 0), 0);
	EXPECT_EQ(fs_mknodat(&r, "pub/null", S_IFCHR | 0666, 1, 3), 0);
	EXPECT_EQ(fs_mknodat(&a, "null", S_IFCHR | 0666, 1, 3), -EACCES)
	    << "EACCES on the parent comes first";
}

} // namespace
