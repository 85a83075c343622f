// A fixture for the core/fs/ tests: a fresh tmpfs per test, torn down
// afterwards with a check that every page and every heap block came back,
// and short helpers that call the same entry points the syscall layer
// will.  Helpers return 0 or -errno like the functions they wrap.
#ifndef CUB_TESTS_UNIT_FS_TEST_UTIL_H
#define CUB_TESTS_UNIT_FS_TEST_UTIL_H

#include <gtest/gtest.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include "fs_host_shim.h"

extern "C" {
#include "fs/fs.h"
}

class FsTest : public ::testing::Test {
protected:
	struct fs_sb *sb = nullptr;
	struct inode *root = nullptr;
	// Ordinary users for permission tests; groups are set per test.
	struct fs_cred alice = {1000, 1000, nullptr, 0};
	struct fs_cred bob = {1001, 1001, nullptr, 0};
	struct fs_cred rootc = {0, 0, nullptr, 0};
	// Counts before the test, so one test's leak does not fail the next
	// when the whole binary runs in one process.
	long pages_before = 0, allocs_before = 0;

	void SetUp() override {
		fs_shim_page_fail_after = -1;
		fs_shim_kmalloc_fail_after = -1;
		pages_before = fs_shim_pages;
		allocs_before = fs_shim_allocs;
		sb = tmpfs_create(0, 42, 0755, 0);
		ASSERT_NE(sb, nullptr);
		root = sb->root;
	}

	void TearDown() override {
		fs_shim_page_fail_after = -1;
		fs_shim_kmalloc_fail_after = -1;
		if (sb != nullptr) {
			ASSERT_EQ(tmpfs_destroy(sb), 0);
		}
		EXPECT_EQ(fs_shim_pages, pages_before) << "file pages leaked";
		EXPECT_EQ(fs_shim_allocs, allocs_before) << "heap blocks leaked";
	}

	// File pages allocated since the test began.
	long Pages() const {
		return fs_shim_pages - pages_before;
	}

	// The context of a caller with cred (NULL: the kernel) at the root.
	struct fs_ctx Ctx(const struct fs_cred *cred = nullptr,
	                  struct inode *cwd = nullptr) const {
		struct fs_ctx c = {root, cwd != nullptr ? cwd : root, cred};
		return c;
	}

	int Mkdir(const char *path, uint32_t mode = 0755,
	          const struct fs_cred *cred = nullptr) {
		struct fs_ctx c = Ctx(cred);
		return fs_mkdirat(&c, path, mode);
	}

	// open(2) and close: 0 or -errno.
	int Open(const char *path, int flags, uint32_t mode = 0644,
	         const struct fs_cred *cred = nullptr) {
		struct fs_ctx c = Ctx(cred);
		struct inode *ino = nullptr;
		int r = fs_open(&c, path, flags, mode, &ino);
		if (r == 0)
			fs_put(ino);
		return r;
	}

	// Creates (or truncates) a regular file holding data.
	int Put(const char *path, const std::string &data, uint32_t mode = 0644,
	        const struct fs_cred *cred = nullptr) {
		struct fs_ctx c = Ctx(cred);
		struct inode *ino = nullptr;
		int r = fs_open(&c, path, O_WRONLY | O_CREAT | O_TRUNC, mode, &ino);
		if (r != 0)
			return r;
		long n = fs_write(ino, data.data(), data.size(), 0, cred);
		fs_put(ino);
		if (n < 0)
			return static_cast<int>(n);
		return n == static_cast<long>(data.size()) ? 0 : -EIO;
	}

	// The whole content of a regular file ("<errno N>" on failure).
	std::string Get(const char *path) {
		struct inode *ino = Lookup(path);
		if (ino == nullptr)
			return "<missing>";
		std::string out(ino->size, '?');
		long n = fs_read(ino, &out[0], out.size(), 0);
		fs_put(ino);
		if (n < 0)
			return "<errno " + std::to_string(-n) + ">";
		out.resize(static_cast<size_t>(n));
		return out;
	}

	// The inode path names (a reference), or NULL.
	struct inode *Lookup(const char *path, unsigned flags = FS_WALK_FOLLOW,
	                     const struct fs_cred *cred = nullptr) {
		struct fs_ctx c = Ctx(cred);
		struct inode *ino = nullptr;
		return fs_lookup(&c, path, flags, &ino) == 0 ? ino : nullptr;
	}

	int LookupErr(const char *path, unsigned flags = FS_WALK_FOLLOW,
	              const struct fs_cred *cred = nullptr,
	              struct inode *cwd = nullptr) {
		struct fs_ctx c = Ctx(cred, cwd);
		struct inode *ino = nullptr;
		int r = fs_lookup(&c, path, flags, &ino);
		if (r == 0)
			fs_put(ino);
		return r;
	}

	bool Exists(const char *path) {
		return LookupErr(path, 0) == 0;
	}

	struct fs_stat Stat(const char *path, bool follow = true) {
		struct fs_stat st = {};
		struct inode *ino = Lookup(path, follow ? FS_WALK_FOLLOW : 0);
		EXPECT_NE(ino, nullptr) << path;
		if (ino != nullptr) {
			fs_getattr(ino, &st);
			fs_put(ino);
		}
		return st;
	}

	int Unlink(const char *path, const struct fs_cred *cred = nullptr) {
		struct fs_ctx c = Ctx(cred);
		return fs_unlinkat(&c, path, 0);
	}

	int Rmdir(const char *path, const struct fs_cred *cred = nullptr) {
		struct fs_ctx c = Ctx(cred);
		return fs_unlinkat(&c, path, AT_REMOVEDIR);
	}

	int Rename(const char *from, const char *to, unsigned flags = 0,
	           const struct fs_cred *cred = nullptr) {
		struct fs_ctx c = Ctx(cred);
		return fs_renameat2(&c, from, &c, to, flags);
	}

	int Symlink(const char *target, const char *path,
	            const struct fs_cred *cred = nullptr) {
		struct fs_ctx c = Ctx(cred);
		return fs_symlinkat(&c, target, path);
	}

	int Link(const char *from, const char *to, int flags = 0,
	         const struct fs_cred *cred = nullptr) {
		struct fs_ctx c = Ctx(cred);
		return fs_linkat(&c, from, &c, to, flags);
	}

	std::string Readlink(const char *path) {
		struct fs_ctx c = Ctx();
		char buf[4096];
		long n = fs_readlinkat(&c, path, buf, sizeof(buf));
		if (n < 0)
			return "<errno " + std::to_string(-n) + ">";
		return std::string(buf, static_cast<size_t>(n));
	}

	// Names in a directory, in getdents order, "." and ".." included.
	std::vector<std::string> List(const char *path) {
		std::vector<std::string> names;
		struct inode *dir = Lookup(path);
		EXPECT_NE(dir, nullptr) << path;
		if (dir == nullptr)
			return names;
		uint64_t pos = 0;
		EXPECT_EQ(fs_readdir(dir, &pos, Collect, &names), 0);
		fs_put(dir);
		return names;
	}

	static bool Collect(void *ctx, const char *name, size_t len, uint64_t,
	                    unsigned, uint64_t) {
		static_cast<std::vector<std::string> *>(ctx)->push_back(
		    std::string(name, len));
		return true;
	}
};

#endif
