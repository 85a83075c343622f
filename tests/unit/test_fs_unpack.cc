// Tests for core/fs/unpack.c: a cpio newc archive, built here byte by
// byte, unpacked into a tmpfs; corrupt archives must give an error and a
// message, never a crash (ASan checks every access).
#include "fs_test_util.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

struct Entry {
	std::string name;
	std::string data;
	uint32_t mode = S_IFREG | 0644;
	uint32_t uid = 0, gid = 0, ino = 1, nlink = 1, mtime = 1600000000;
	uint32_t dev_major = 0, dev_minor = 0, rdev_major = 0, rdev_minor = 0;
};

void Pad4(std::string &out) {
	while (out.size() % 4 != 0)
		out.push_back('\0');
}

void Append(std::string &out, const Entry &e) {
	char hdr[111];
	snprintf(hdr, sizeof(hdr),
	         "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
	         e.ino, e.mode, e.uid, e.gid, e.nlink, e.mtime,
	         static_cast<uint32_t>(e.data.size()), e.dev_major, e.dev_minor,
	         e.rdev_major, e.rdev_minor,
	         static_cast<uint32_t>(e.name.size() + 1), 0u);
	out.append(hdr, 110);
	out += e.name;
	out.push_back('\0');
	Pad4(out);
	out += e.data;
	Pad4(out);
}

std::string Archive(const std::vector<Entry> &entries) {
	std::string out;
	for (const auto &e : entries)
		Append(out, e);
	Entry t;
	t.name = "TRAILER!!!";
	t.mode = 0;
	t.ino = 0;
	t.mtime = 0;
	Append(out, t);
	return out;
}

Entry Dir(const std::string &name, uint32_t perm = 0755) {
	Entry e;
	e.name = name;
	e.mode = S_IFDIR | perm;
	e.nlink = 2;
	return e;
}

Entry File(const std::string &name, const std::string &data,
           uint32_t perm = 0644) {
	Entry e;
	e.name = name;
	e.data = data;
	e.mode = S_IFREG | perm;
	return e;
}

class FsUnpack : public FsTest {
protected:
	char msg[256];

	// Unpacks s from a heap buffer of exactly its size.
	long Unpack(const std::string &s, size_t n = SIZE_MAX) {
		if (n == SIZE_MAX)
			n = s.size();
		std::unique_ptr<uint8_t[]> buf(new uint8_t[n + 1]);
		memcpy(buf.get(), s.data(), n);
		memset(msg, 'X', sizeof(msg));
		return fs_unpack_cpio(root, buf.get(), n, msg, sizeof(msg));
	}
};

TEST_F(FsUnpack, EveryEntryTypeWithItsAttributes) {
	std::vector<Entry> es;
	es.push_back(Dir("etc", 0750));
	es.back().uid = 3;
	es.back().gid = 4;
	es.back().mtime = 1500000000;
	es.push_back(File("etc/passwd", "root:x:0:0::/root:/bin/sh\n", 04711));
	es.back().uid = 5;
	es.back().gid = 6;
	es.back().mtime = 1234567890;
	Entry link;
	link.name = "sh";
	link.data = "/bin/busybox";
	link.mode = S_IFLNK | 0777;
	link.uid = 7;
	es.push_back(link);
	Entry chr, blk, fifo, sock;
	chr.name = "console";
	chr.mode = S_IFCHR | 0600;
	chr.rdev_major = 5;
	chr.rdev_minor = 1;
	blk.name = "vda";
	blk.mode = S_IFBLK | 0660;
	blk.rdev_major = 254;
	blk.rdev_minor = 0;
	fifo.name = "fifo";
	fifo.mode = S_IFIFO | 0620;
	sock.name = "sock";
	sock.mode = S_IFSOCK | 0777;
	es.push_back(chr);
	es.push_back(blk);
	es.push_back(fifo);
	es.push_back(sock);
	ASSERT_EQ(Unpack(Archive(es)), 7) << msg;
	EXPECT_EQ(msg[0], '\0');

	struct fs_stat st = Stat("etc");
	EXPECT_EQ(st.mode, static_cast<uint32_t>(S_IFDIR | 0750));
	EXPECT_EQ(st.uid, 3u);
	EXPECT_EQ(st.gid, 4u);
	EXPECT_EQ(st.mtime.sec, 1500000000) << "kept although a file was added";
	st = Stat("etc/passwd");
	EXPECT_EQ(st.mode, static_cast<uint32_t>(S_IFREG | 04711));
	EXPECT_EQ(st.uid, 5u);
	EXPECT_EQ(st.gid, 6u);
	EXPECT_EQ(st.mtime.sec, 1234567890);
	EXPECT_EQ(Get("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
	st = Stat("sh", false);
	EXPECT_TRUE(S_ISLNK(st.mode));
	EXPECT_EQ(st.uid, 7u);
	EXPECT_EQ(Readlink("sh"), "/bin/busybox");
	st = Stat("console");
	EXPECT_EQ(st.mode, static_cast<uint32_t>(S_IFCHR | 0600));
	EXPECT_EQ(st.rdev_major, 5u);
	EXPECT_EQ(st.rdev_minor, 1u);
	st = Stat("vda");
	EXPECT_TRUE(S_ISBLK(st.mode));
	EXPECT_EQ(st.rdev_major, 254u);
	EXPECT_EQ(Stat("fifo").mode, static_cast<uint32_t>(S_IFIFO | 0620));
	EXPECT_TRUE(S_ISSOCK(Stat("sock").mode));
	EXPECT_EQ(Stat("/").nlink, 3u);
}

TEST_F(FsUnpack, HardLinksShareOneInodeAndTheLastNamesData) {
	std::vector<Entry> es;
	es.push_back(Dir("bin"));
	for (const char *n : {"bin/a", "bin/b", "bin/c"}) {
		Entry e = File(n, "", 0755);
		e.ino = 77;
		e.nlink = 3;
		es.push_back(e);
	}
	es.back().data = "busybox binary";
	// Same inode number but another type: not a link.
	Entry node;
	node.name = "bin/fifo";
	node.mode = S_IFIFO | 0600;
	node.ino = 77;
	node.nlink = 2;
	es.push_back(node);
	ASSERT_EQ(Unpack(Archive(es)), 5) << msg;
	struct fs_stat a = Stat("bin/a"), b = Stat("bin/b"), c = Stat("bin/c");
	EXPECT_EQ(a.ino, b.ino);
	EXPECT_EQ(b.ino, c.ino);
	EXPECT_EQ(a.nlink, 3u);
	EXPECT_EQ(Get("bin/a"), "busybox binary");
	EXPECT_NE(Stat("bin/fifo").ino, a.ino);
	EXPECT_EQ(Stat("bin/fifo").nlink, 1u);
}

TEST_F(FsUnpack, ExistingDirectoriesAreMergedAndFilesReplaced) {
	ASSERT_EQ(Mkdir("etc", 0755), 0);
	ASSERT_EQ(Put("etc/keep", "old"), 0);
	ASSERT_EQ(Put("etc/hosts", "old hosts"), 0);
	ASSERT_EQ(Symlink("x", "etc/link"), 0);
	std::vector<Entry> es = {Dir("etc", 0700), File("etc/hosts", "new"),
	                         File("etc/link", "now a file")};
	ASSERT_EQ(Unpack(Archive(es)), 3) << msg;
	EXPECT_EQ(Stat("etc").mode & 07777, 0700u);
	EXPECT_EQ(Get("etc/keep"), "old");
	EXPECT_EQ(Get("etc/hosts"), "new");
	EXPECT_TRUE(S_ISREG(Stat("etc/link", false).mode));
	EXPECT_EQ(List("etc").size(), 5u);
}

TEST_F(FsUnpack, DotEntriesAndDotSlashNames) {
	Entry dot = Dir(".", 0711);
	dot.uid = 9;
	std::vector<Entry> es = {dot, Dir("./usr"), File("./usr/x", "data")};
	ASSERT_EQ(Unpack(Archive(es)), 3) << msg;
	struct fs_stat st = Stat("/");
	EXPECT_EQ(st.mode & 07777, 0711u);
	EXPECT_EQ(st.uid, 9u);
	EXPECT_EQ(Get("usr/x"), "data");
}

TEST_F(FsUnpack, MissingParentIsAnErrorNamingTheEntry) {
	std::vector<Entry> es = {Dir("a"), File("b/c", "x")};
	std::string s = Archive(es);
	size_t second = s.find("070701", 4);
	EXPECT_EQ(Unpack(s), -ENOENT);
	std::string m = msg;
	EXPECT_NE(m.find("\"b/c\""), std::string::npos) << m;
	EXPECT_NE(m.find("offset " + std::to_string(second)), std::string::npos) << m;
	EXPECT_TRUE(Exists("a")) << "what came before stays";
}

TEST_F(FsUnpack, EntriesThatCannotBeMadeAreErrors) {
	Entry weird = File("weird", "");
	weird.mode = 0170644;
	EXPECT_EQ(Unpack(Archive({weird})), -EINVAL);
	EXPECT_NE(std::string(msg).find("unknown file type"), std::string::npos);

	Entry empty_link;
	empty_link.name = "l";
	empty_link.mode = S_IFLNK | 0777;
	EXPECT_EQ(Unpack(Archive({empty_link})), -ENOENT);

	ASSERT_EQ(Mkdir("d"), 0);
	EXPECT_EQ(Unpack(Archive({File("d", "x")})), -EISDIR);
	EXPECT_EQ(Unpack(Archive({File("f/", "x")})), -ENOTDIR);
	ASSERT_EQ(Put("plain", ""), 0);
	EXPECT_EQ(Unpack(Archive({Dir("plain")})), -EEXIST);
	EXPECT_EQ(Unpack(Archive({Dir("d/..")})), -EINVAL);
	EXPECT_EQ(Unpack(Archive({File("", "x")})), -ENOENT);
}

TEST_F(FsUnpack, NamesCannotClimbOutOfTheTarget) {
	ASSERT_EQ(Mkdir("target"), 0);
	struct inode *t = Lookup("target");
	std::string s = Archive({File("../../escape", "x"), File("/abs", "y")});
	char m[128];
	ASSERT_EQ(fs_unpack_cpio(t, s.data(), s.size(), m, sizeof(m)), 2) << m;
	EXPECT_TRUE(Exists("target/escape"));
	EXPECT_TRUE(Exists("target/abs"));
	EXPECT_FALSE(Exists("escape"));
	fs_put(t);
}

TEST_F(FsUnpack, ConcatenatedArchives) {
	std::string s = Archive({Dir("a"), File("a/one", "1")});
	s += std::string(512, '\0');
	s += Archive({File("a/two", "2"), File("a/one", "replaced")});
	ASSERT_EQ(Unpack(s), 4) << msg;
	EXPECT_EQ(Get("a/one"), "replaced");
	EXPECT_EQ(Get("a/two"), "2");
}

TEST_F(FsUnpack, CorruptArchivesFailCleanly) {
	std::string s = Archive({Dir("d"), File("d/f", std::string(5000, 'q')),
	                         File("g", "tail")});
	size_t bad = s.find("070701", 4);
	std::string broken = s;
	broken[bad + 1] = 'Z';
	EXPECT_EQ(Unpack(broken), -EINVAL);
	std::string m = msg;
	EXPECT_NE(m.find("offset " + std::to_string(bad)), std::string::npos) << m;
	EXPECT_NE(m.find("bad magic"), std::string::npos) << m;
	// Cut at every length: an error each time, nothing read out of bounds.
	for (size_t n = 0; n < s.size(); n += 3) {
		ASSERT_EQ(tmpfs_destroy(sb), 0);
		sb = tmpfs_create(0, 42, 0755, 0);
		root = sb->root;
		EXPECT_LT(Unpack(s, n), 0) << "cut at " << n;
		EXPECT_NE(msg[0], '\0');
		EXPECT_NE(memchr(msg, '\0', sizeof(msg)), nullptr);
	}
}

TEST_F(FsUnpack, RandomCorruptionNeverCrashes) {
	std::vector<Entry> es = {Dir("a"), Dir("a/b"), File("a/b/f", "data"),
	                         File("a/g", std::string(300, 'g'))};
	Entry l;
	l.name = "a/l";
	l.mode = S_IFLNK | 0777;
	l.data = "b/f";
	es.push_back(l);
	Entry h1 = File("a/h1", ""), h2 = File("a/h2", "hard");
	h1.ino = h2.ino = 9;
	h1.nlink = h2.nlink = 2;
	es.push_back(h1);
	es.push_back(h2);
	const std::string good = Archive(es);
	std::mt19937 rng(99);
	for (int round = 0; round < 400; round++) {
		std::string s = good;
		for (int i = 0; i < 3; i++) {
			size_t at = rng() % s.size();
			switch (rng() % 3) {
			case 0: s[at] = static_cast<char>(rng()); break;
			case 1: s[at] = "0123456789abcdef/."[rng() % 18]; break;
			default: s[at] = '\0'; break;
			}
		}
		ASSERT_EQ(tmpfs_destroy(sb), 0);
		sb = tmpfs_create(0, 42, 0755, 0);
		root = sb->root;
		long r = Unpack(s);
		if (r < 0) {
			EXPECT_NE(msg[0], '\0') << "round " << round;
		}
	}
}

TEST_F(FsUnpack, OutOfMemoryAtEveryStep) {
	std::vector<Entry> es = {Dir("a"), File("a/f", std::string(9000, 'f')),
	                         File("a/h1", ""), File("a/h2", "x")};
	es[2].ino = es[3].ino = 5;
	es[2].nlink = es[3].nlink = 2;
	Entry l;
	l.name = "a/l";
	l.mode = S_IFLNK | 0777;
	l.data = "f";
	es.push_back(l);
	for (int i = 0; i < 40; i++)
		es.push_back(Dir("a/d" + std::to_string(i)));
	const std::string s = Archive(es);
	bool succeeded = false;
	for (long n = 0; n < 200 && !succeeded; n++) {
		ASSERT_EQ(tmpfs_destroy(sb), 0);
		sb = tmpfs_create(0, 42, 0755, 0);
		root = sb->root;
		fs_shim_kmalloc_fail_after = n;
		long r = Unpack(s);
		fs_shim_kmalloc_fail_after = -1;
		if (r >= 0) {
			succeeded = true;
			EXPECT_EQ(r, static_cast<long>(es.size()));
		} else {
			EXPECT_EQ(r, -ENOMEM) << msg;
		}
	}
	EXPECT_TRUE(succeeded);
	EXPECT_EQ(Get("a/h1"), "x");
}

} // namespace
