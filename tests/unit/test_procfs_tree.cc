// procfs's tree: lookups, readdir, symlinks, owners, modes, permissions,
// and the dynamic-instance plumbing of the VFS core (inodes made on
// lookup and freed on their last reference).
#include "procfs_test_util.h"

#include <dirent.h>

namespace {

using V = std::vector<std::string>;

TEST_F(ProcfsTest, RootIsReadOnlyDirOwnedByRoot) {
	struct fs_stat st;
	ASSERT_EQ(Stat("/proc", &st), 0);
	EXPECT_EQ(st.mode, (uint32_t)(S_IFDIR | 0555));
	EXPECT_EQ(st.uid, 0u);
	EXPECT_EQ(st.gid, 0u);
	EXPECT_EQ(st.ino, 1u);
	EXPECT_EQ(st.size, 0u);
	EXPECT_EQ(st.dev_major, 0u);
	EXPECT_EQ(st.dev_minor, 7u);
}

TEST_F(ProcfsTest, RootNlinkCountsProcesses) {
	pf::Add(1, "init");
	pf::Add(7, "sh");
	struct fs_stat st;
	ASSERT_EQ(Stat("/proc", &st), 0);
	EXPECT_EQ(st.nlink, 4u);
}

TEST_F(ProcfsTest, ReaddirListsFixedEntriesThenSelfThenPids) {
	pf::Add(1, "init");
	pf::Add(42, "sh");
	pf::Add(300, "dbus-daemon");
	pf::SetSelf(42);
	EXPECT_EQ(Names(List("/proc")),
	    (V{".", "..", "sys", "stat", "mounts", "uptime", "cmdline", "meminfo", "filesystems",
	        "self", "1", "42", "300"}));
}

TEST_F(ProcfsTest, ReaddirOneEntryPerCallGivesTheSameList) {
	pf::Add(1, "init");
	pf::Add(42, "sh");
	pf::SetSelf(1);
	EXPECT_EQ(Names(List("/proc", 1)), Names(List("/proc")));
}

TEST_F(ProcfsTest, ReaddirWithoutCallerOmitsSelf) {
	pf::Add(1, "init");
	auto n = Names(List("/proc"));
	EXPECT_EQ(std::count(n.begin(), n.end(), "self"), 0);
	EXPECT_EQ(std::count(n.begin(), n.end(), "1"), 1);
}

TEST_F(ProcfsTest, ReaddirResumesAcrossExitsAndForks) {
	pf::Add(1, "init");
	pf::Add(5, "a");
	pf::Add(9, "b");
	struct fs_ctx c = Ctx(&rootc);
	struct inode *dir = nullptr;
	ASSERT_EQ(fs_open(&c, "/proc", O_RDONLY | O_DIRECTORY, 0, &dir), 0);
	std::vector<std::string> got;
	uint64_t pos = 0;
	auto take = [&](size_t n) {
		struct B {
			std::vector<std::string> *g;
			size_t left;
		} b = {&got, n};
		ASSERT_EQ(fs_readdir(dir, &pos, [](void *ctx, const char *name,
		    size_t len, uint64_t, unsigned, uint64_t) {
			auto *bb = static_cast<B *>(ctx);
			if (bb->left == 0)
				return false;
			bb->left--;
			bb->g->push_back(std::string(name, len));
			return true;
		}, &b), 0);
	};
	take(10);  // dots, seven fixed entries, then "1"
	ASSERT_EQ(got.back(), "1");
	pf::Remove(5);
	pf::Add(7, "c");
	take(100);
	fs_put(dir);
	EXPECT_EQ(std::vector<std::string>(got.begin() + 10, got.end()),
	    (V{"7", "9"}));
}

TEST_F(ProcfsTest, ReaddirTypesAndInodeNumbersMatchStat) {
	pf::Add(42, "sh");
	pf::SetSelf(42);
	for (auto &e : List("/proc")) {
		if (e.name == "." || e.name == "..")
			continue;
		std::string path = "/proc/" + e.name;
		struct fs_stat st;
		ASSERT_EQ(Stat(path.c_str(), &st, false), 0) << path;
		EXPECT_EQ(e.ino, st.ino) << path;
		EXPECT_EQ(e.type, (st.mode & S_IFMT) >> 12) << path;
	}
	auto l = List("/proc");
	EXPECT_EQ(l[2].name, "sys");
	EXPECT_EQ(l[2].type, (unsigned)DT_DIR);
	EXPECT_EQ(l[9].name, "self");
	EXPECT_EQ(l[9].type, (unsigned)DT_LNK);
	EXPECT_EQ(l[10].type, (unsigned)DT_DIR);
	EXPECT_EQ(l[3].type, (unsigned)DT_REG);
}

TEST_F(ProcfsTest, MissingPidIsENOENT) {
	pf::Add(1, "init");
	struct fs_stat st;
	EXPECT_EQ(Stat("/proc/2", &st), -ENOENT);
	EXPECT_EQ(Stat("/proc/2/status", &st), -ENOENT);
	EXPECT_EQ(Open("/proc/99999/stat", O_RDONLY, &rootc), -ENOENT);
}

TEST_F(ProcfsTest, MalformedPidNamesAreENOENT) {
	pf::Add(1, "init");
	pf::Add(42, "sh");
	struct fs_stat st;
	for (const char *p : {"/proc/01", "/proc/042", "/proc/0", "/proc/-1",
	    "/proc/4x", "/proc/x", "/proc/99999999999", "/proc/1/nosuch"})
		EXPECT_EQ(Stat(p, &st), -ENOENT) << p;
}

TEST_F(ProcfsTest, PidThatExitsVanishesFromOpenDirectory) {
	pf::Add(42, "sh");
	struct fs_ctx c = Ctx(&rootc);
	struct inode *dir = nullptr;
	ASSERT_EQ(fs_open(&c, "/proc/42", O_RDONLY | O_DIRECTORY, 0, &dir), 0);
	pf::Remove(42);
	uint64_t pos = 0;
	EXPECT_EQ(fs_readdir(dir, &pos, [](void *, const char *, size_t,
	    uint64_t, unsigned, uint64_t) { return true; }, nullptr), -ENOENT);
	struct fs_ctx in = {tmp->root, dir, &rootc};
	struct inode *ino = nullptr;
	EXPECT_EQ(fs_lookup(&in, "status", 0, &ino), -ENOENT);
	fs_put(dir);
}

TEST_F(ProcfsTest, ReadAfterExitIsESRCH) {
	pf::Add(42, "sh");
	struct fs_ctx c = Ctx(&rootc);
	struct inode *ino = nullptr;
	ASSERT_EQ(fs_open(&c, "/proc/42/stat", O_RDONLY, 0, &ino), 0);
	pf::Remove(42);
	char buf[64];
	EXPECT_EQ(fs_read(ino, buf, sizeof(buf), 0), -ESRCH);
	fs_put(ino);
}

TEST_F(ProcfsTest, SelfIsSymlinkToCallerPid) {
	pf::Add(42, "sh");
	pf::SetSelf(42);
	EXPECT_EQ(Link("/proc/self"), "42");
	struct fs_stat st;
	ASSERT_EQ(Stat("/proc/self", &st, false), 0);
	EXPECT_EQ(st.mode, (uint32_t)(S_IFLNK | 0777));
	EXPECT_EQ(st.size, 0u);
	EXPECT_EQ(st.uid, 0u);
}

TEST_F(ProcfsTest, SelfFollowsToCallerDirectory) {
	AddDaemon(42);
	pf::Add(43, "other");
	pf::SetSelf(42);
	struct fs_stat a, b;
	ASSERT_EQ(Stat("/proc/self", &a), 0);
	ASSERT_EQ(Stat("/proc/42", &b), 0);
	EXPECT_EQ(a.ino, b.ino);
	EXPECT_TRUE(S_ISDIR(a.mode));
	EXPECT_EQ(Read("/proc/self/comm"), "polkitd\n");
	EXPECT_EQ(Read("/proc/self/status"), Read("/proc/42/status"));
}

TEST_F(ProcfsTest, SelfNamesWhoeverLooksItUp) {
	pf::Add(42, "a");
	pf::Add(43, "b");
	pf::SetSelf(42);
	EXPECT_EQ(Link("/proc/self"), "42");
	pf::SetSelf(43);
	EXPECT_EQ(Link("/proc/self"), "43");
	EXPECT_EQ(Read("/proc/self/comm"), "b\n");
}

TEST_F(ProcfsTest, SelfWithoutCallerIsENOENT) {
	pf::Add(1, "init");
	struct fs_stat st;
	EXPECT_EQ(Stat("/proc/self", &st, false), -ENOENT);
}

TEST_F(ProcfsTest, PidDirectoryOwnedByEffectiveIds) {
	AddDaemon(42);
	struct fs_stat st;
	ASSERT_EQ(Stat("/proc/42", &st), 0);
	EXPECT_EQ(st.mode, (uint32_t)(S_IFDIR | 0555));
	EXPECT_EQ(st.uid, 1001u);
	EXPECT_EQ(st.gid, 101u);
	EXPECT_EQ(st.nlink, 3u);
	EXPECT_EQ(st.size, 0u);
}

TEST_F(ProcfsTest, PidEntriesInLinuxOrder) {
	pf::Add(42, "sh");
	EXPECT_EQ(Names(List("/proc/42")),
	    (V{".", "..", "fd", "environ", "status", "comm", "cmdline", "stat",
	        "statm", "maps", "exe", "mounts"}));
}

TEST_F(ProcfsTest, PidFileModesAndOwners) {
	FakeProc &p = AddDaemon(42);
	p.exe = "/usr/lib/polkit-1/polkitd";
	struct {
		const char *path;
		uint32_t mode;
	} want[] = {
		{"/proc/42/stat", S_IFREG | 0444},
		{"/proc/42/status", S_IFREG | 0444},
		{"/proc/42/statm", S_IFREG | 0444},
		{"/proc/42/cmdline", S_IFREG | 0444},
		{"/proc/42/environ", S_IFREG | 0400},
		{"/proc/42/comm", S_IFREG | 0644},
		{"/proc/42/mounts", S_IFREG | 0444},
		{"/proc/42/maps", S_IFREG | 0444},
		{"/proc/42/fd", S_IFDIR | 0500},
		{"/proc/42/exe", S_IFLNK | 0777},
	};
	for (auto &w : want) {
		struct fs_stat st;
		ASSERT_EQ(Stat(w.path, &st, false), 0) << w.path;
		EXPECT_EQ(st.mode, w.mode) << w.path;
		EXPECT_EQ(st.uid, 1001u) << w.path;
		EXPECT_EQ(st.gid, 101u) << w.path;
		EXPECT_EQ(st.size, 0u) << w.path;
		EXPECT_EQ(st.blocks, 0u) << w.path;
	}
}

TEST_F(ProcfsTest, TopLevelFilesAreRootsAndReadOnly) {
	for (const char *p : {"/proc/meminfo", "/proc/uptime", "/proc/stat",
	    "/proc/filesystems"}) {
		struct fs_stat st;
		ASSERT_EQ(Stat(p, &st), 0) << p;
		EXPECT_EQ(st.mode, (uint32_t)(S_IFREG | 0444)) << p;
		EXPECT_EQ(st.uid, 0u);
		EXPECT_EQ(st.size, 0u);
	}
}

TEST_F(ProcfsTest, OwnerFollowsSetuidOfAnOpenFile) {
	FakeProc &p = AddDaemon(42);
	struct fs_ctx c = Ctx(&rootc);
	struct inode *ino = nullptr;
	ASSERT_EQ(fs_open(&c, "/proc/42/status", O_RDONLY, 0, &ino), 0);
	p.info.euid = 0;
	p.info.egid = 0;
	struct fs_stat st;
	fs_getattr(ino, &st);
	EXPECT_EQ(st.uid, 0u);
	EXPECT_EQ(st.gid, 0u);
	fs_put(ino);
}

TEST_F(ProcfsTest, EnvironIsOwnerOnly) {
	FakeProc &p = pf::Add(42, "sh");
	p.info.euid = 1000;
	p.info.egid = 1000;
	p.env = std::string("HOME=/root\0PATH=/bin\0", 21);
	int err = 0;
	EXPECT_EQ(Read("/proc/42/environ", 4096, &alice, &err), p.env);
	EXPECT_EQ(err, 0);
	Read("/proc/42/environ", 4096, &bob, &err);
	EXPECT_EQ(err, -EACCES);
	EXPECT_EQ(Read("/proc/42/environ", 4096, &rootc, &err), p.env);
	// Everyone may read the rest.
	EXPECT_EQ(Read("/proc/42/comm", 4096, &bob, &err), "sh\n");
	EXPECT_EQ(err, 0);
}

TEST_F(ProcfsTest, FdDirectoryIsOwnerOnly) {
	FakeProc &p = pf::Add(42, "sh");
	p.info.euid = 1000;
	p.info.egid = 1000;
	p.fds[0] = "/dev/console";
	int err = 0;
	EXPECT_EQ(Names(List("/proc/42/fd", 1000, &err, &alice)),
	    (V{".", "..", "0"}));
	EXPECT_EQ(err, 0);
	List("/proc/42/fd", 1000, &err, &bob);
	EXPECT_EQ(err, -EACCES);
	struct fs_stat st;
	EXPECT_EQ(Stat("/proc/42/fd/0", &st, false, &bob), -EACCES);
}

TEST_F(ProcfsTest, WritingIsRefusedEvenToRoot) {
	FakeProc &p = pf::Add(42, "sh");
	p.info.euid = 1000;
	for (const struct fs_cred *c : {&rootc, &alice}) {
		EXPECT_EQ(Open("/proc/42/comm", O_WRONLY, c), -EACCES);
		EXPECT_EQ(Open("/proc/42/stat", O_RDWR, c), -EACCES);
		EXPECT_EQ(Open("/proc/42/status", O_RDONLY | O_TRUNC, c), -EACCES);
		EXPECT_EQ(Open("/proc/meminfo", O_WRONLY, c), -EACCES);
	}
	struct fs_ctx c = Ctx(&rootc);
	EXPECT_EQ(fs_truncateat(&c, "/proc/42/stat", 0), -EACCES);
}

TEST_F(ProcfsTest, NothingCanBeCreatedOrRemoved) {
	pf::Add(42, "sh");
	pf::SetSelf(42);
	for (const struct fs_cred *cr : {&rootc, &alice}) {
		struct fs_ctx c = Ctx(cr);
		EXPECT_EQ(fs_mkdirat(&c, "/proc/new", 0755), -EACCES);
		EXPECT_EQ(fs_mkdirat(&c, "/proc/42/new", 0755), -EACCES);
		EXPECT_EQ(Open("/proc/newfile", O_CREAT | O_WRONLY, cr), -EACCES);
		EXPECT_EQ(fs_symlinkat(&c, "x", "/proc/ln"), -EACCES);
		EXPECT_EQ(fs_unlinkat(&c, "/proc/42/stat", 0), -EACCES);
		EXPECT_EQ(fs_unlinkat(&c, "/proc/self", 0), -EACCES);
		EXPECT_EQ(fs_unlinkat(&c, "/proc/42", AT_REMOVEDIR), -EACCES);
		EXPECT_EQ(fs_renameat2(&c, "/proc/42/stat", &c, "/proc/42/x", 0),
		    -EACCES);
		EXPECT_EQ(fs_mknodat(&c, "/proc/fifo", S_IFIFO | 0644, 0, 0),
		    -EACCES);
	}
	// Linux's order: an existing name is EEXIST before any permission.
	struct fs_ctx a = Ctx(&alice);
	EXPECT_EQ(fs_mkdirat(&a, "/proc/self", 0755), -EEXIST);
	EXPECT_EQ(fs_mkdirat(&a, "/proc/42", 0755), -EEXIST);
	// Hard links out of procfs cross instances.
	struct fs_ctx r = Ctx(&rootc);
	EXPECT_EQ(fs_linkat(&r, "/proc/42/stat", &r, "/tmp/stat", 0), -EXDEV);
	// O_CREAT on a file that exists just opens it, as in Linux.
	EXPECT_EQ(Open("/proc/42/stat", O_CREAT | O_RDONLY, &rootc), 0);
}

TEST_F(ProcfsTest, NoDataPathsBesidesRead) {
	pf::Add(42, "sh");
	struct fs_ctx c = Ctx(&rootc);
	struct inode *ino = nullptr;
	ASSERT_EQ(fs_open(&c, "/proc/42/stat", O_RDONLY, 0, &ino), 0);
	void *page = nullptr;
	EXPECT_EQ(fs_get_page(ino, 0, false, &page), -ENODEV);
	EXPECT_EQ(fs_write(ino, "x", 1, 0, nullptr), -EINVAL);
	EXPECT_EQ(fs_truncate(ino, 0, nullptr), -EPERM);
	char b[4];
	EXPECT_EQ(fs_read(ino, b, sizeof(b), -1), -EINVAL);
	EXPECT_EQ(fs_read(ino, b, 0, 0), 0);
	fs_put(ino);
	struct inode *dir = nullptr;
	ASSERT_EQ(fs_open(&c, "/proc/42", O_RDONLY, 0, &dir), 0);
	EXPECT_EQ(fs_read(dir, b, sizeof(b), 0), -EISDIR);
	fs_put(dir);
}

TEST_F(ProcfsTest, ExeIsSymlinkToExecutable) {
	FakeProc &p = pf::Add(42, "polkitd");
	p.exe = "/usr/lib/polkit-1/polkitd";
	EXPECT_EQ(Link("/proc/42/exe"), "/usr/lib/polkit-1/polkitd");
	pf::Add(43, "kworker");
	long err = 0;
	Link("/proc/43/exe", &err);
	EXPECT_EQ(err, -ENOENT);
}

TEST_F(ProcfsTest, FdDirectoryListsDescriptors) {
	FakeProc &p = pf::Add(42, "sh");
	p.fds[0] = "/dev/console";
	p.fds[1] = "/dev/console";
	p.fds[5] = "pipe:[7]";
	p.fds[63] = "socket:[12]";
	EXPECT_EQ(Names(List("/proc/42/fd")), (V{".", "..", "0", "1", "5", "63"}));
	EXPECT_EQ(Names(List("/proc/42/fd", 1)), Names(List("/proc/42/fd")));
}

TEST_F(ProcfsTest, FdLinksShowTargets) {
	FakeProc &p = pf::Add(42, "sh");
	p.info.euid = 1000;
	p.info.egid = 1000;
	p.fds[0] = "/dev/console";
	p.fds[5] = "pipe:[7]";
	EXPECT_EQ(Link("/proc/42/fd/0"), "/dev/console");
	EXPECT_EQ(Link("/proc/42/fd/5"), "pipe:[7]");
	struct fs_stat st;
	ASSERT_EQ(Stat("/proc/42/fd/5", &st, false), 0);
	EXPECT_EQ(st.mode, (uint32_t)(S_IFLNK | 0700));
	EXPECT_EQ(st.size, 64u);
	EXPECT_EQ(st.uid, 1000u);
	EXPECT_EQ(Stat("/proc/42/fd/4", &st, false), -ENOENT);
	EXPECT_EQ(Stat("/proc/42/fd/05", &st, false), -ENOENT);
	// A pipe target names nothing in the tree.
	EXPECT_EQ(Stat("/proc/42/fd/5", &st, true), -ENOENT);
}

TEST_F(ProcfsTest, FdLinkFollowsIntoTmpfs) {
	struct fs_ctx c = Ctx(&rootc);
	struct inode *f = nullptr;
	ASSERT_EQ(fs_open(&c, "/tmp/data", O_CREAT | O_RDWR, 0600, &f), 0);
	ASSERT_EQ(fs_write(f, "hello", 5, 0, nullptr), 5);
	uint64_t ino = f->ino;
	fs_put(f);
	FakeProc &p = pf::Add(42, "sh");
	p.fds[3] = "/tmp/data";
	struct fs_stat st;
	ASSERT_EQ(Stat("/proc/42/fd/3", &st), 0);
	EXPECT_EQ(st.ino, ino);
	EXPECT_EQ(st.dev_minor, 42u);
	EXPECT_EQ(Read("/proc/42/fd/3"), "hello");
}

TEST_F(ProcfsTest, DotDotClimbsBackOut) {
	pf::Add(42, "sh");
	pf::SetSelf(42);
	EXPECT_EQ(Read("/proc/42/fd/../comm"), "sh\n");
	EXPECT_EQ(Read("/proc/42/../42/fd/../../self/comm"), "sh\n");
	struct fs_stat a, b;
	ASSERT_EQ(Stat("/proc/42/..", &a), 0);
	ASSERT_EQ(Stat("/proc", &b), 0);
	EXPECT_EQ(a.ino, b.ino);
	ASSERT_EQ(Stat("/proc/..", &a), 0);
	ASSERT_EQ(Stat("/", &b), 0);
	EXPECT_EQ(a.ino, b.ino);
	EXPECT_EQ(a.dev_minor, 42u);
}

TEST_F(ProcfsTest, LongWalksThroughProcDoNotLeak) {
	pf::Add(42, "sh");
	pf::SetSelf(42);
	std::string path = "/proc";
	for (int i = 0; i < 200; i++)
		path += "/42/fd/../..";
	path += "/self/comm";
	long before = fs_shim_allocs;
	EXPECT_EQ(Read(path.c_str()), "sh\n");
	EXPECT_EQ(fs_shim_allocs, before);
	EXPECT_EQ(proc->ninodes, 1u);  // only the root stays
}

TEST_F(ProcfsTest, SelfCountsTowardsTheSymlinkLimit) {
	pf::Add(42, "sh");
	pf::SetSelf(42);
	std::string ok = "/proc", loop = "/proc";
	for (int i = 0; i < FS_MAX_SYMLINKS; i++)
		ok += "/self/..";
	for (int i = 0; i <= FS_MAX_SYMLINKS; i++)
		loop += "/self/..";
	struct fs_stat st;
	EXPECT_EQ(Stat(ok.c_str(), &st), 0);
	EXPECT_EQ(Stat(loop.c_str(), &st), -ELOOP);
	EXPECT_EQ(proc->ninodes, 1u);
}

TEST_F(ProcfsTest, InodesLiveAsLongAsTheirReferences) {
	pf::Add(42, "sh");
	struct fs_ctx c = Ctx(&rootc);
	struct inode *fd = nullptr;
	ASSERT_EQ(fs_open(&c, "/proc/42/fd", O_RDONLY | O_DIRECTORY, 0, &fd), 0);
	// fd/ holds /proc/42, which holds nothing else.
	EXPECT_EQ(proc->ninodes, 3u);
	fs_put(fd);
	EXPECT_EQ(proc->ninodes, 1u);
}

TEST_F(ProcfsTest, SymlinkFromTmpfsIntoProc) {
	pf::Add(42, "sh");
	pf::SetSelf(42);
	struct fs_ctx c = Ctx(&rootc);
	ASSERT_EQ(fs_symlinkat(&c, "/proc/self", "/tmp/me"), 0);
	EXPECT_EQ(Read("/tmp/me/comm"), "sh\n");
	ASSERT_EQ(fs_symlinkat(&c, "../proc/self/fd", "/tmp/fds"), 0);
	struct fs_stat st;
	ASSERT_EQ(Stat("/tmp/fds", &st), 0);
	EXPECT_EQ(st.mode, (uint32_t)(S_IFDIR | 0500));
}

TEST_F(ProcfsTest, MountsIsSymlinkToSelfMounts) {
	pf::Add(42, "sh");
	pf::SetSelf(42);
	EXPECT_EQ(Link("/proc/mounts"), "self/mounts");
	procfs_mounts_hook = [](int pid, char *buf, size_t size) -> long {
		std::string s = "proc /proc proc rw,relatime 0 0 pid=" +
		    std::to_string(pid) + "\n";
		memcpy(buf, s.data(), std::min(size, s.size()));
		return (long)s.size();
	};
	EXPECT_EQ(Read("/proc/mounts"), "proc /proc proc rw,relatime 0 0 pid=42\n");
}

TEST_F(ProcfsTest, MountOnAProcSubdirectoryIsRefused) {
	pf::Add(42, "sh");
	struct fs_sb *other = tmpfs_create(0, 50, 0755, 0);
	ASSERT_NE(other, nullptr);
	struct fs_ctx c = Ctx(&rootc);
	struct inode *dir = nullptr;
	ASSERT_EQ(fs_lookup(&c, "/proc/42/fd", 0, &dir), 0);
	EXPECT_EQ(fs_mount(dir, other), -EINVAL);
	fs_put(dir);
	EXPECT_EQ(procfs_destroy(proc), -EBUSY);
	EXPECT_EQ(tmpfs_destroy(other), 0);
}

TEST_F(ProcfsTest, TmpfsBesideProcIsUnaffected) {
	pf::Add(42, "sh");
	struct fs_ctx c = Ctx(&alice);
	struct inode *f = nullptr;
	ASSERT_EQ(fs_open(&c, "/tmp/a", O_CREAT | O_RDWR, 0644, &f), 0);
	EXPECT_EQ(fs_write(f, "abc", 3, 0, &alice), 3);
	fs_put(f);
	EXPECT_EQ(Read("/tmp/a"), "abc");
	struct fs_stat st;
	ASSERT_EQ(Stat("/tmp/a", &st), 0);
	EXPECT_EQ(st.size, 3u);
	EXPECT_EQ(st.uid, 1000u);
	EXPECT_EQ(fs_unlinkat(&c, "/tmp/a", 0), 0);
	EXPECT_EQ(Names(List("/tmp")), (V{".", ".."}));
}

} // namespace

namespace {
long fake_value = 10;
long FakeGet() { return fake_value; }
int FakeSet(long v) {
	if (v < 1)
		return -EINVAL;
	fake_value = v;
	return 0;
}
const struct procfs_sysctl fake_sysctls[] = {{"msg_max", FakeGet, FakeSet}};
}  // namespace

// /proc/sys/fs/mqueue: files from the kernel's table, writable by root.
TEST_F(ProcfsTest, SysctlFilesReadAndWrite) {
	procfs_mqueue_sysctls = fake_sysctls;
	procfs_mqueue_nsysctls = 1;
	fake_value = 10;
	EXPECT_EQ(Names(List("/proc/sys")), (V{".", "..", "fs"}));
	EXPECT_EQ(Names(List("/proc/sys/fs/mqueue")), (V{".", "..", "msg_max"}));
	EXPECT_EQ(Read("/proc/sys/fs/mqueue/msg_max"), "10\n");
	EXPECT_EQ(Open("/proc/sys/fs/mqueue/msg_max", O_WRONLY, &alice), -EACCES);
	struct fs_ctx c = Ctx(&rootc);
	struct inode *ino = nullptr;
	ASSERT_EQ(fs_open(&c, "/proc/sys/fs/mqueue/msg_max", O_WRONLY | O_TRUNC, 0, &ino), 0);
	EXPECT_EQ(fs_write(ino, " 25\n", 4, 0, nullptr), 4);
	EXPECT_EQ(fake_value, 25);
	EXPECT_EQ(fs_write(ino, "0\n", 2, 0, nullptr), -EINVAL);
	EXPECT_EQ(fs_write(ino, "12x", 3, 0, nullptr), -EINVAL);
	EXPECT_EQ(fs_write(ino, "\n", 1, 0, nullptr), -EINVAL);
	EXPECT_EQ(fake_value, 25);
	fs_put(ino);
	EXPECT_EQ(Read("/proc/sys/fs/mqueue/msg_max"), "25\n");
	procfs_mqueue_sysctls = nullptr;
	procfs_mqueue_nsysctls = 0;
}
