// The optional open hook of struct fs_dyn_ops (fs/inode.h), which the
// scheme tree uses: an instance with one decides its opens itself, so
// fs_open skips the mode-bit check (and O_TRUNC) there, while creating
// and the directory rule stay the VFS core's.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

#include "fs_host_shim.h"

extern "C" {
#include "fs/fs.h"
#include "fs/internal.h"
}

namespace {

constexpr uint64_t kFileIno = 2;

int Lookup(struct inode *dir, const char *name, size_t len, struct inode **out) {
	if (len != 1 || name[0] != 'f')
		return -ENOENT;
	struct inode *ino = inode_new(dir->sb, S_IFREG | 0400);
	if (ino == nullptr)
		return -ENOMEM;
	ino->ino = kFileIno;
	ino->nlink = 1;
	ino->size = 5;
	*out = ino;
	return 0;
}

int Readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx) {
	fs_readdir_dots(dir, pos, fill, ctx);
	return 0;
}

long Read(struct inode *, void *, size_t, int64_t) { return 0; }

// Never called by fs/: the kernel's vfs_file_open calls it.
int Open(struct inode *, unsigned int, struct file **) { return -EIO; }

const struct fs_dyn_ops with_open = {Lookup, Readdir, Read, nullptr, Open, nullptr, nullptr};
const struct fs_dyn_ops without_open = {Lookup, Readdir, Read, nullptr, nullptr, nullptr, nullptr};

class DynOpenTest : public ::testing::TestWithParam<bool> {
protected:
	struct fs_sb sb = {};
	struct fs_cred user = {1000, 1000, nullptr, 0};

	void SetUp() override {
		sb.dyn = GetParam() ? &with_open : &without_open;
		sb.root = inode_new(&sb, S_IFDIR | 0555);
		ASSERT_NE(sb.root, nullptr);
		sb.root->ino = 1;
		sb.root->nlink = 2;
	}
	void TearDown() override { fs_put(sb.root); }

	int OpenAs(const char *path, int flags, const struct fs_cred *cred) {
		struct fs_ctx c = {sb.root, sb.root, cred};
		struct inode *ino = nullptr;
		int r = fs_open(&c, path, flags, 0644, &ino);
		if (r == 0) {
			EXPECT_EQ(ino->size, 5u) << "O_TRUNC must not truncate here";
			fs_put(ino);
		}
		return r;
	}
};

TEST_P(DynOpenTest, ModeBitsDecideOnlyWithoutTheHook) {
	int want = GetParam() ? 0 : -EACCES;
	EXPECT_EQ(OpenAs("/f", O_WRONLY, &user), want);
	EXPECT_EQ(OpenAs("/f", O_RDWR | O_TRUNC, &user), want);
	EXPECT_EQ(OpenAs("/f", O_RDONLY, &user), GetParam() ? 0 : -EACCES);
	EXPECT_EQ(OpenAs("/f", O_RDONLY, nullptr), 0);
}

TEST_P(DynOpenTest, CreatingAndWritingDirectoriesStayRefused) {
	EXPECT_EQ(OpenAs("/new", O_WRONLY | O_CREAT, nullptr), -EACCES);
	EXPECT_EQ(OpenAs("/", O_WRONLY, nullptr), -EISDIR);
	EXPECT_EQ(OpenAs("/nosuch", O_RDONLY, &user), -ENOENT);
}

INSTANTIATE_TEST_SUITE_P(Hook, DynOpenTest, ::testing::Bool());

}  // namespace
