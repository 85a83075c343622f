// Tests for core/fs/tmpfs_file.c, pagemap.c and dir.c: file data in
// pages, holes, truncation, space limits, and getdents iteration.
#include "fs_test_util.h"

#include <map>
#include <string>
#include <vector>

namespace {

class FsFile : public FsTest {
protected:
	struct inode *f = nullptr;

	void SetUp() override {
		FsTest::SetUp();
		ASSERT_EQ(Put("f", ""), 0);
		f = Lookup("f");
	}

	void TearDown() override {
		fs_put(f);
		FsTest::TearDown();
	}

	std::string ReadAt(int64_t off, size_t len) {
		std::string buf(len, '?');
		long n = fs_read(f, &buf[0], len, off);
		if (n < 0)
			return "<errno " + std::to_string(-n) + ">";
		buf.resize(static_cast<size_t>(n));
		return buf;
	}

	long WriteAt(int64_t off, const std::string &s) {
		return fs_write(f, s.data(), s.size(), off, nullptr);
	}
};

TEST_F(FsFile, WriteThenReadBack) {
	EXPECT_EQ(WriteAt(0, "hello"), 5);
	EXPECT_EQ(ReadAt(0, 100), "hello") << "short read at the end";
	EXPECT_EQ(ReadAt(5, 10), "");
	EXPECT_EQ(ReadAt(1000, 10), "");
	EXPECT_EQ(WriteAt(3, "LOWORLD"), 7);
	EXPECT_EQ(ReadAt(0, 100), "helLOWORLD");
	EXPECT_EQ(f->size, 10u);
	EXPECT_EQ(fs_write(f, "x", 0, 0, nullptr), 0);
	EXPECT_EQ(ReadAt(0, 0), "");
}

// memfd seals (inode->seals), as Linux's shmem_write_begin and
// shmem_setattr enforce them; checked on Linux by
// tests/conformance/ipc/memfd_seal_test.cc.
TEST_F(FsFile, SealsForbidWritesAndSizeChanges) {
	ASSERT_EQ(WriteAt(0, "abcdef"), 6);
	f->seals = F_SEAL_GROW;
	EXPECT_EQ(WriteAt(2, "XY"), 2) << "inside the file";
	EXPECT_EQ(WriteAt(4, "1234"), 2) << "stops short at the end";
	EXPECT_EQ(WriteAt(6, "z"), -EPERM);
	EXPECT_EQ(fs_truncate(f, 7, nullptr), -EPERM);
	EXPECT_EQ(fs_truncate(f, 6, nullptr), 0);
	f->seals = F_SEAL_SHRINK;
	EXPECT_EQ(fs_truncate(f, 5, nullptr), -EPERM);
	EXPECT_EQ(fs_truncate(f, 8, nullptr), 0);
	f->seals = F_SEAL_WRITE;
	EXPECT_EQ(WriteAt(0, "q"), -EPERM);
	f->seals = F_SEAL_FUTURE_WRITE;
	EXPECT_EQ(WriteAt(0, "q"), -EPERM);
	EXPECT_EQ(fs_write(f, "q", 0, 0, nullptr), 0) << "an empty write is no write";
	f->seals = 0;
	EXPECT_EQ(ReadAt(0, 8), std::string("abXY12\0\0", 8));
}

TEST_F(FsFile, WritesAcrossPageBoundaries) {
	std::string data;
	for (int i = 0; i < 3 * 4096 + 123; i++)
		data.push_back(static_cast<char>('a' + i % 26));
	EXPECT_EQ(WriteAt(4000, data), static_cast<long>(data.size()));
	EXPECT_EQ(ReadAt(4000, data.size()), data);
	EXPECT_EQ(ReadAt(0, 4000), std::string(4000, '\0')) << "the gap reads as zeros";
	EXPECT_EQ(Pages(), 5) << "bytes 4000..16410 touch pages 0..4";
	EXPECT_EQ(Stat("f").blocks, 5u * 8u);
	EXPECT_EQ(Stat("f").blksize, 4096u);
}

TEST_F(FsFile, SparseFilesCostOnlyWhatIsWritten) {
	const int64_t tib = int64_t{1} << 40;
	EXPECT_EQ(WriteAt(tib, "end"), 3);
	EXPECT_EQ(f->size, static_cast<uint64_t>(tib) + 3);
	EXPECT_EQ(Pages(), 1);
	EXPECT_EQ(Stat("f").blocks, 8u);
	EXPECT_EQ(ReadAt(tib - 2, 5), std::string("\0\0end", 5));
	EXPECT_EQ(ReadAt(12345678, 3), std::string(3, '\0'));
	EXPECT_EQ(WriteAt(1, "x"), 1);
	EXPECT_EQ(Pages(), 2);
	long heap_before = fs_shim_allocs;
	ASSERT_EQ(fs_truncate(f, 2, nullptr), 0);
	EXPECT_EQ(Pages(), 1);
	EXPECT_LT(fs_shim_allocs, heap_before) << "the tree shrinks with the file";
	EXPECT_EQ(ReadAt(0, 10), std::string("\0x", 2));
}

TEST_F(FsFile, TruncateShrinksFreesAndZeroesTheTail) {
	EXPECT_EQ(WriteAt(0, std::string(3 * 4096, 'z')), 3 * 4096);
	EXPECT_EQ(Pages(), 3);
	ASSERT_EQ(fs_truncate(f, 5000, nullptr), 0);
	EXPECT_EQ(Pages(), 2);
	EXPECT_EQ(f->size, 5000u);
	ASSERT_EQ(fs_truncate(f, 3 * 4096, nullptr), 0);
	EXPECT_EQ(Pages(), 2) << "growing makes a hole";
	EXPECT_EQ(ReadAt(4990, 10), std::string(10, 'z'));
	EXPECT_EQ(ReadAt(5000, 3 * 4096 - 5000), std::string(3 * 4096 - 5000, '\0'))
	    << "old bytes past the cut must not come back";
	ASSERT_EQ(fs_truncate(f, 4096, nullptr), 0);
	EXPECT_EQ(Pages(), 1) << "an exact page boundary keeps no extra page";
	ASSERT_EQ(fs_truncate(f, 0, nullptr), 0);
	EXPECT_EQ(Pages(), 0);
	EXPECT_EQ(Stat("f").blocks, 0u);
}

TEST_F(FsFile, TruncateAsksTheKernelToUnmapThePagesPastTheNewEnd) {
	EXPECT_EQ(WriteAt(0, std::string(3 * 4096, 'z')), 3 * 4096);
	long calls = fs_shim_unmap_calls;
	ASSERT_EQ(fs_truncate(f, 5000, nullptr), 0);
	EXPECT_EQ(fs_shim_unmap_calls, calls + 1);
	EXPECT_EQ(fs_shim_unmapped_ino, f);
	EXPECT_EQ(fs_shim_unmapped_first, 2u) << "page 1 still holds bytes 4096..4999";
	ASSERT_EQ(fs_truncate(f, 0, nullptr), 0);
	EXPECT_EQ(fs_shim_unmapped_first, 0u);
}

TEST_F(FsFile, UnlinkedFileHasNoNameAndDiesWithItsLastReference) {
	struct inode *u = nullptr;
	uint64_t inodes = sb->ninodes;
	ASSERT_EQ(fs_create_unlinked(sb, 0600 | S_IFDIR, &alice, &u), 0);
	ASSERT_NE(u, nullptr);
	EXPECT_TRUE(S_ISREG(u->mode)) << "only the permission bits are taken";
	EXPECT_EQ(u->mode & 07777, 0600u);
	EXPECT_EQ(u->nlink, 0u);
	EXPECT_EQ(u->uid, alice.fsuid);
	EXPECT_EQ(u->gid, alice.fsgid);
	EXPECT_EQ(sb->ninodes, inodes + 1);
	ASSERT_EQ(fs_truncate(u, 2 * 4096, nullptr), 0);
	EXPECT_EQ(fs_write(u, "memfd", 5, 4096, nullptr), 5);
	void *page = nullptr;
	ASSERT_EQ(fs_get_page(u, 1, false, &page), 0);
	ASSERT_NE(page, nullptr);
	EXPECT_EQ(memcmp(page, "memfd", 5), 0);
	ASSERT_EQ(fs_get_page(u, 0, true, &page), 0);
	EXPECT_NE(page, nullptr) << "a hole is filled for a mapping";
	EXPECT_EQ(Pages(), 2);
	fs_put(u);
	EXPECT_EQ(Pages(), 0);
	EXPECT_EQ(sb->ninodes, inodes);
}

TEST_F(FsFile, TruncateAndIoErrors) {
	ASSERT_EQ(Mkdir("d"), 0);
	ASSERT_EQ(Symlink("f", "l"), 0);
	struct fs_ctx c = Ctx();
	ASSERT_EQ(fs_mknodat(&c, "p", S_IFIFO | 0644, 0, 0), 0);
	struct inode *d = Lookup("d"), *p = Lookup("p"), *l = Lookup("l", 0);
	char b[1];
	EXPECT_EQ(fs_truncate(d, 0, nullptr), -EISDIR);
	EXPECT_EQ(fs_truncate(p, 0, nullptr), -EINVAL);
	EXPECT_EQ(fs_truncate(f, -1, nullptr), -EINVAL);
	EXPECT_EQ(fs_read(d, b, 1, 0), -EISDIR);
	EXPECT_EQ(fs_write(l, b, 1, 0, nullptr), -EINVAL);
	EXPECT_EQ(fs_read(f, b, 1, -1), -EINVAL);
	EXPECT_EQ(fs_write(f, b, 1, -5, nullptr), -EINVAL);
	EXPECT_EQ(fs_truncateat(&c, "d", 0), -EISDIR);
	EXPECT_EQ(fs_truncateat(&c, "p", 0), -EINVAL);
	EXPECT_EQ(fs_truncateat(&c, "f", -1), -EINVAL);
	EXPECT_EQ(fs_truncateat(&c, "l", 7), 0) << "truncate follows symlinks";
	EXPECT_EQ(f->size, 7u);
	struct fs_ctx a = Ctx(&alice);
	EXPECT_EQ(fs_truncateat(&a, "f", 0), -EACCES);
	fs_put(d);
	fs_put(p);
	fs_put(l);
}

TEST_F(FsFile, MaximumFileSize) {
	EXPECT_EQ(WriteAt(FS_MAX_FILE_SIZE, "x"), -EFBIG);
	EXPECT_EQ(WriteAt(FS_MAX_FILE_SIZE - 2, "xyz"), 2) << "clipped at the limit";
	EXPECT_EQ(f->size, static_cast<uint64_t>(FS_MAX_FILE_SIZE));
	EXPECT_EQ(ReadAt(FS_MAX_FILE_SIZE - 2, 10), "xy");
	EXPECT_EQ(Pages(), 1);
	ASSERT_EQ(fs_truncate(f, 0, nullptr), 0);
	EXPECT_EQ(Pages(), 0);
}

TEST_F(FsFile, PageLimitGivesENOSPCAndShortWrites) {
	sb->max_pages = 2;
	EXPECT_EQ(WriteAt(0, std::string(3 * 4096, 'x')), 2 * 4096) << "short write";
	EXPECT_EQ(f->size, 2u * 4096u);
	EXPECT_EQ(WriteAt(2 * 4096, "y"), -ENOSPC);
	EXPECT_EQ(WriteAt(100, "overwrite"), 9) << "existing pages need no space";
	ASSERT_EQ(fs_truncate(f, 4096, nullptr), 0);
	EXPECT_EQ(WriteAt(5000, "y"), 1) << "space freed by truncate is reusable";
	EXPECT_EQ(sb->npages, 2u);
}

TEST_F(FsFile, PageAllocationFailureIsENOMEM) {
	fs_shim_page_fail_after = 1;
	EXPECT_EQ(WriteAt(0, std::string(2 * 4096, 'x')), 4096);
	EXPECT_EQ(WriteAt(8192, "x"), -ENOMEM);
	fs_shim_page_fail_after = -1;
	fs_shim_kmalloc_fail_after = 0;
	EXPECT_EQ(WriteAt(1 << 20, "x"), -ENOMEM) << "no radix node";
	fs_shim_kmalloc_fail_after = -1;
	EXPECT_EQ(Pages(), 1) << "the page that found no slot went back";
	EXPECT_EQ(ReadAt(4095, 2), std::string("x"));
}

TEST_F(FsFile, GetPageForMmap) {
	void *page = reinterpret_cast<void *>(1);
	ASSERT_EQ(fs_get_page(f, 3, false, &page), 0);
	EXPECT_EQ(page, nullptr) << "a hole";
	ASSERT_EQ(fs_get_page(f, 3, true, &page), 0);
	ASSERT_NE(page, nullptr);
	EXPECT_EQ(reinterpret_cast<uintptr_t>(page) % 4096, 0u);
	EXPECT_EQ(static_cast<unsigned char *>(page)[100], 0) << "zeroed";
	ASSERT_EQ(fs_truncate(f, 4 * 4096, nullptr), 0);
	memcpy(static_cast<char *>(page) + 10, "mapped", 6);
	EXPECT_EQ(ReadAt(3 * 4096 + 10, 6), "mapped") << "the same page backs read()";
	void *again = nullptr;
	EXPECT_EQ(WriteAt(3 * 4096, "W"), 1);
	ASSERT_EQ(fs_get_page(f, 3, false, &again), 0);
	EXPECT_EQ(again, page);
	EXPECT_EQ(static_cast<char *>(page)[0], 'W');
	struct inode *d = Lookup("/");
	EXPECT_EQ(fs_get_page(d, 0, true, &page), -EISDIR);
	fs_put(d);
}

// A readdir sink with a room limit, recording d_off and type.
struct Dirents {
	size_t room = SIZE_MAX;
	std::vector<std::string> names;
	std::vector<uint64_t> next;
	std::vector<unsigned> types;
	std::vector<uint64_t> inos;

	static bool Fill(void *ctx, const char *name, size_t len, uint64_t ino,
	                 unsigned type, uint64_t next_pos) {
		auto *d = static_cast<Dirents *>(ctx);
		if (d->names.size() >= d->room)
			return false;
		d->names.push_back(std::string(name, len));
		d->next.push_back(next_pos);
		d->types.push_back(type);
		d->inos.push_back(ino);
		return true;
	}
};

TEST_F(FsFile, ReaddirGivesInsertionOrderTypesAndInodes) {
	ASSERT_EQ(Mkdir("d"), 0);
	ASSERT_EQ(Put("d/zeta", ""), 0);
	ASSERT_EQ(Mkdir("d/alpha"), 0);
	ASSERT_EQ(Symlink("x", "d/mid"), 0);
	struct inode *d = Lookup("d");
	Dirents out;
	uint64_t pos = 0;
	ASSERT_EQ(fs_readdir(d, &pos, Dirents::Fill, &out), 0);
	std::vector<std::string> want = {".", "..", "zeta", "alpha", "mid"};
	ASSERT_EQ(out.names, want);
	EXPECT_EQ(out.types[0], static_cast<unsigned>(S_IFDIR >> 12));
	EXPECT_EQ(out.types[2], static_cast<unsigned>(S_IFREG >> 12));
	EXPECT_EQ(out.types[3], static_cast<unsigned>(S_IFDIR >> 12));
	EXPECT_EQ(out.types[4], static_cast<unsigned>(S_IFLNK >> 12));
	EXPECT_EQ(out.inos[0], d->ino);
	EXPECT_EQ(out.inos[1], root->ino);
	EXPECT_EQ(out.inos[2], Stat("d/zeta").ino);
	Dirents more;
	ASSERT_EQ(fs_readdir(d, &pos, Dirents::Fill, &more), 0);
	EXPECT_TRUE(more.names.empty()) << "at the end stays at the end";
	EXPECT_EQ(Stat("d").size, 5u * 20u) << "tmpfs's 20 bytes per entry";
	struct inode *fi = Lookup("f");
	EXPECT_EQ(fs_readdir(fi, &pos, Dirents::Fill, &more), -ENOTDIR);
	fs_put(fi);
	fs_put(d);
}

TEST_F(FsFile, ReaddirResumesFromCookiesAcrossChanges) {
	ASSERT_EQ(Mkdir("d"), 0);
	for (int i = 0; i < 6; i++)
		ASSERT_EQ(Put(("d/e" + std::to_string(i)).c_str(), ""), 0);
	struct inode *d = Lookup("d");
	Dirents first;
	first.room = 3; // ".", "..", "e0"
	uint64_t pos = 0;
	ASSERT_EQ(fs_readdir(d, &pos, Dirents::Fill, &first), 0);
	ASSERT_EQ(first.names.size(), 3u);
	EXPECT_EQ(pos, first.next.back());
	// Meanwhile: the next entry and an earlier one go, one is added.
	ASSERT_EQ(Unlink("d/e1"), 0);
	ASSERT_EQ(Unlink("d/e0"), 0);
	ASSERT_EQ(Put("d/late", ""), 0);
	Dirents rest;
	ASSERT_EQ(fs_readdir(d, &pos, Dirents::Fill, &rest), 0);
	std::vector<std::string> want = {"e2", "e3", "e4", "e5", "late"};
	EXPECT_EQ(rest.names, want);
	// A saved d_off (telldir/seekdir) resumes right after its entry.
	Dirents all;
	uint64_t p0 = 0;
	ASSERT_EQ(fs_readdir(d, &p0, Dirents::Fill, &all), 0);
	ASSERT_EQ(all.names.size(), 7u); // ".", "..", e2..e5, late
	uint64_t after_e3 = all.next[3];
	ASSERT_EQ(all.names[3], "e3");
	ASSERT_EQ(Unlink("d/e4"), 0);
	Dirents tail;
	ASSERT_EQ(fs_readdir(d, &after_e3, Dirents::Fill, &tail), 0);
	std::vector<std::string> want_tail = {"e5", "late"};
	EXPECT_EQ(tail.names, want_tail);
	// Position 1 resumes at "..", 2 at the first real entry.
	Dirents dd;
	uint64_t one = 1;
	dd.room = 1;
	ASSERT_EQ(fs_readdir(d, &one, Dirents::Fill, &dd), 0);
	EXPECT_EQ(dd.names, std::vector<std::string>{".."});
	fs_put(d);
}

TEST_F(FsFile, ReaddirFullBufferLosesNothing) {
	ASSERT_EQ(Mkdir("d"), 0);
	for (int i = 0; i < 50; i++)
		ASSERT_EQ(Put(("d/n" + std::to_string(i)).c_str(), ""), 0);
	struct inode *d = Lookup("d");
	std::vector<std::string> got;
	uint64_t pos = 0;
	for (int round = 0; round < 100; round++) {
		Dirents batch;
		batch.room = 7;
		ASSERT_EQ(fs_readdir(d, &pos, Dirents::Fill, &batch), 0);
		if (batch.names.empty())
			break;
		got.insert(got.end(), batch.names.begin(), batch.names.end());
	}
	ASSERT_EQ(got.size(), 52u);
	for (int i = 0; i < 50; i++)
		EXPECT_EQ(got[i + 2], "n" + std::to_string(i));
	fs_put(d);
}

TEST_F(FsFile, LargeDirectoryLookupsAndRemoval) {
	ASSERT_EQ(Mkdir("big"), 0);
	const int n = 5000;
	for (int i = 0; i < n; i++)
		ASSERT_EQ(Open(("big/file-" + std::to_string(i)).c_str(),
		               O_CREAT | O_EXCL | O_WRONLY), 0);
	for (int i = 0; i < n; i += 7)
		EXPECT_TRUE(Exists(("big/file-" + std::to_string(i)).c_str())) << i;
	EXPECT_FALSE(Exists("big/file-5000"));
	EXPECT_EQ(List("big").size(), static_cast<size_t>(n) + 2);
	for (int i = 0; i < n; i += 2)
		ASSERT_EQ(Unlink(("big/file-" + std::to_string(i)).c_str()), 0);
	EXPECT_EQ(List("big").size(), static_cast<size_t>(n / 2) + 2);
	EXPECT_FALSE(Exists("big/file-0"));
	EXPECT_TRUE(Exists("big/file-1"));
}

} // namespace
