// A fixture for the procfs tests: a tmpfs root with /tmp and a procfs
// mounted on /proc, over the fake process table of procinfo_fake.h, torn
// down with a check that every heap block came back (procfs inodes live
// only as long as their references).  Helpers call the entry points the
// syscall layer calls and return 0 or -errno like them.
#ifndef CUB_TESTS_UNIT_PROCFS_TEST_UTIL_H
#define CUB_TESTS_UNIT_PROCFS_TEST_UTIL_H

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include "fs_host_shim.h"
#include "procinfo_fake.h"

extern "C" {
#include "fs/fs.h"
#include "fs/procfs.h"
}

namespace pf = procinfo_fake;

class ProcfsTest : public ::testing::Test {
protected:
	struct fs_sb *tmp = nullptr;
	struct fs_sb *proc = nullptr;
	struct fs_cred rootc = {0, 0, nullptr, 0};
	struct fs_cred alice = {1000, 1000, nullptr, 0};
	struct fs_cred bob = {1001, 1001, nullptr, 0};
	long allocs_before = 0;

	void SetUp() override {
		allocs_before = fs_shim_allocs;
		pf::Reset();
		procfs_mounts_hook = nullptr;
		tmp = tmpfs_create(0, 42, 0755, 0);
		ASSERT_NE(tmp, nullptr);
		struct fs_ctx k = {tmp->root, nullptr, nullptr};
		ASSERT_EQ(fs_mkdirat(&k, "/proc", 0555), 0);
		ASSERT_EQ(fs_mkdirat(&k, "/tmp", 01777), 0);
		proc = procfs_create(0, 7);
		ASSERT_NE(proc, nullptr);
		struct inode *dir = nullptr;
		ASSERT_EQ(fs_lookup(&k, "/proc", 0, &dir), 0);
		ASSERT_EQ(fs_mount(dir, proc), 0);
		fs_put(dir);
	}

	void TearDown() override {
		if (proc != nullptr) {
			EXPECT_EQ(fs_umount(proc), 0);
			EXPECT_EQ(procfs_destroy(proc), 0);
		}
		if (tmp != nullptr) {
			EXPECT_EQ(tmpfs_destroy(tmp), 0);
		}
		procfs_mounts_hook = nullptr;
		EXPECT_EQ(fs_shim_allocs, allocs_before) << "heap blocks leaked";
	}

	struct fs_ctx Ctx(const struct fs_cred *cred) {
		struct fs_ctx c = {tmp->root, nullptr, cred};
		return c;
	}

	// The whole file at path, read chunk bytes at a time; -errno as a
	// number in *err (0 on success).
	std::string Read(const char *path, size_t chunk = 4096,
	    const struct fs_cred *cred = nullptr, int *err = nullptr) {
		struct fs_ctx c = Ctx(cred != nullptr ? cred : &rootc);
		struct inode *ino = nullptr;
		std::string out;
		int r = fs_open(&c, path, O_RDONLY, 0, &ino);
		if (err != nullptr)
			*err = r;
		if (r != 0)
			return out;
		std::vector<char> buf(chunk);
		for (;;) {
			long n = fs_read(ino, buf.data(), chunk, (int64_t)out.size());
			if (n < 0 && err != nullptr)
				*err = (int)n;
			if (n <= 0)
				break;
			out.append(buf.data(), (size_t)n);
		}
		fs_put(ino);
		return out;
	}

	int Open(const char *path, int flags, const struct fs_cred *cred) {
		struct fs_ctx c = Ctx(cred);
		struct inode *ino = nullptr;
		int r = fs_open(&c, path, flags, 0644, &ino);
		if (r == 0)
			fs_put(ino);
		return r;
	}

	std::string Link(const char *path, long *err = nullptr) {
		struct fs_ctx c = Ctx(&rootc);
		char buf[4096];
		long n = fs_readlinkat(&c, path, buf, sizeof(buf));
		if (err != nullptr)
			*err = n < 0 ? n : 0;
		return n < 0 ? std::string() : std::string(buf, (size_t)n);
	}

	// stat (follow) or lstat; 0 or -errno.
	int Stat(const char *path, struct fs_stat *st, bool follow = true,
	    const struct fs_cred *cred = nullptr) {
		struct fs_ctx c = Ctx(cred != nullptr ? cred : &rootc);
		struct inode *ino = nullptr;
		int r = fs_lookup(&c, path, follow ? FS_WALK_FOLLOW : 0, &ino);
		if (r != 0)
			return r;
		fs_getattr(ino, st);
		fs_put(ino);
		return 0;
	}

	struct Dirent {
		std::string name;
		uint64_t ino;
		unsigned type;
	};

	// The directory's entries, per entries a getdents call takes at most.
	std::vector<Dirent> List(const char *path, size_t per_call = 1000,
	    int *err = nullptr, const struct fs_cred *cred = nullptr) {
		struct fs_ctx c = Ctx(cred != nullptr ? cred : &rootc);
		struct inode *dir = nullptr;
		std::vector<Dirent> out;
		int r = fs_open(&c, path, O_RDONLY | O_DIRECTORY, 0, &dir);
		if (err != nullptr)
			*err = r;
		if (r != 0)
			return out;
		uint64_t pos = 0;
		for (;;) {
			struct Batch {
				std::vector<Dirent> *out;
				size_t left;
			} b = {&out, per_call};
			size_t before = out.size();
			r = fs_readdir(dir, &pos, [](void *ctx, const char *name,
			    size_t len, uint64_t ino, unsigned type, uint64_t) {
				auto *bb = static_cast<Batch *>(ctx);
				if (bb->left == 0)
					return false;
				bb->left--;
				bb->out->push_back({std::string(name, len), ino, type});
				return true;
			}, &b);
			if (r != 0) {
				if (err != nullptr)
					*err = r;
				break;
			}
			if (out.size() == before)
				break;
		}
		fs_put(dir);
		return out;
	}

	static std::vector<std::string> Names(const std::vector<Dirent> &d) {
		std::vector<std::string> n;
		for (auto &e : d)
			n.push_back(e.name);
		return n;
	}

	// A typical desktop daemon: distinct real, effective, saved and fs ids.
	FakeProc &AddDaemon(int pid) {
		FakeProc &p = pf::Add(pid, "polkitd");
		p.info.ppid = 1;
		p.info.pgid = pid;
		p.info.sid = pid;
		p.info.ruid = 1000;
		p.info.euid = 1001;
		p.info.suid = 1002;
		p.info.fsuid = 1001;
		p.info.rgid = 100;
		p.info.egid = 101;
		p.info.sgid = 102;
		p.info.fsgid = 101;
		p.groups = {4, 24, 1000};
		p.info.start_ticks = 12345;
		p.info.utime_ticks = 7;
		p.info.stime_ticks = 3;
		p.info.vm_size = 8u << 20;
		p.info.vm_rss = 2u << 20;
		p.info.nthreads = 2;
		p.info.umask = 022;
		p.info.sig_pending = 1ull << 0;            // SIGHUP
		p.info.sig_blocked = 1ull << 14;           // SIGALRM
		p.info.sig_ignored = 1ull << 12;           // SIGPIPE
		p.info.sig_caught = (1ull << 1) | (1ull << 14) | (1ull << 33);
		return p;
	}
};

#endif
