// The namespace: mkdir, rmdir, unlink, rename and renameat2, link,
// symlink and readlink, getdents64 through readdir, chdir, fchdir, getcwd.
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <map>
#include <set>

#include "conformance.h"

namespace cub {
namespace {

class Dir : public TempDirTest {
 protected:
  bool Exists(const std::string& name) {
    struct stat st;
    return lstat(Path(name).c_str(), &st) == 0;
  }
  std::string Contents(const std::string& name) {
    int fd = open(Path(name).c_str(), O_RDONLY | O_CLOEXEC);
    std::string s = fd >= 0 ? ReadAll(fd) : "<missing>";
    if (fd >= 0) close(fd);
    return s;
  }
  nlink_t Links(const std::string& name) {
    struct stat st;
    return lstat(Path(name).c_str(), &st) == 0 ? st.st_nlink : 0;
  }
  std::set<std::string> List(const std::string& path) {
    std::set<std::string> names;
    DIR* d = opendir(path.c_str());
    if (!d) return {"<opendir failed>"};
    while (struct dirent* e = readdir(d)) names.insert(e->d_name);
    closedir(d);
    return names;
  }
};

// ---------------------------------------------------------------------
// mkdir and rmdir

TEST_F(Dir, MkdirCreatesAnEmptyDirectory) {
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  struct stat st;
  ASSERT_EQ(stat(Path("d").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(List(Path("d")), (std::set<std::string>{".", ".."}));
}

TEST_F(Dir, MkdirOverAnExistingNameIsEexist) {
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  WriteFile("f", "x");
  EXPECT_ERRNO(mkdir(Path("d").c_str(), 0755), EEXIST);
  EXPECT_ERRNO(mkdir(Path("f").c_str(), 0755), EEXIST);
  ASSERT_EQ(symlink("nowhere", Path("l").c_str()), 0);
  EXPECT_ERRNO(mkdir(Path("l").c_str(), 0755), EEXIST);
}

TEST_F(Dir, MkdirWithAMissingParentIsEnoent) {
  EXPECT_ERRNO(mkdir(Path("a/b").c_str(), 0755), ENOENT);
}

TEST_F(Dir, RmdirOfANonEmptyDirectoryIsEnotempty) {
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  WriteFile("d/f", "x");
  EXPECT_ERRNO(rmdir(Path("d").c_str()), ENOTEMPTY);
  ASSERT_EQ(unlink(Path("d/f").c_str()), 0);
  EXPECT_EQ(rmdir(Path("d").c_str()), 0);
  EXPECT_FALSE(Exists("d"));
}

TEST_F(Dir, RmdirOfAFileIsEnotdirAndOfDotIsEinval) {
  WriteFile("f", "x");
  EXPECT_ERRNO(rmdir(Path("f").c_str()), ENOTDIR);
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  EXPECT_ERRNO(rmdir(Path("d/.").c_str()), EINVAL);
  EXPECT_ERRNO(rmdir(Path("missing").c_str()), ENOENT);
}

TEST_F(Dir, UnlinkOfADirectoryIsEisdir) {
  // unlink(2): Linux returns EISDIR where POSIX allows EPERM.
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  EXPECT_ERRNO(unlink(Path("d").c_str()), EISDIR);
  EXPECT_ERRNO(unlink(Path("missing").c_str()), ENOENT);
}

TEST_F(Dir, UnlinkatWithRemovedirRemovesDirectoriesOnly) {
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  WriteFile("f", "x");
  int dfd = open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dfd, 0);
  EXPECT_ERRNO(unlinkat(dfd, "f", AT_REMOVEDIR), ENOTDIR);
  EXPECT_EQ(unlinkat(dfd, "d", AT_REMOVEDIR), 0);
  EXPECT_EQ(unlinkat(dfd, "f", 0), 0);
  EXPECT_ERRNO(unlinkat(dfd, "f", 0x1), EINVAL);
  close(dfd);
}

TEST_F(Dir, UnlinkedOpenFileStaysReadable) {
  WriteFile("f", "still here");
  int fd = open(Path("f").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(unlink(Path("f").c_str()), 0);
  EXPECT_FALSE(Exists("f"));
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_nlink, 0u);
  EXPECT_EQ(ReadAll(fd), "still here");
  close(fd);
}

// ---------------------------------------------------------------------
// readdir

TEST_F(Dir, ReaddirListsExactlyTheCreatedNames) {
  std::set<std::string> want{".", ".."};
  for (int i = 0; i < 40; i++) {
    std::string n = "file-" + std::to_string(i);
    WriteFile(n, "x");
    want.insert(n);
  }
  ASSERT_EQ(mkdir(Path("subdir").c_str(), 0755), 0);
  ASSERT_EQ(symlink("x", Path("link").c_str()), 0);
  want.insert("subdir");
  want.insert("link");
  EXPECT_EQ(List(dir()), want);
}

TEST_F(Dir, ReaddirReportsTheFileTypes) {
  WriteFile("f", "x");
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  ASSERT_EQ(symlink("f", Path("l").c_str()), 0);
  ASSERT_EQ(mkfifo(Path("p").c_str(), 0644), 0);
  DIR* d = opendir(dir().c_str());
  ASSERT_NE(d, nullptr);
  std::map<std::string, int> types;
  std::map<std::string, ino_t> inos;
  while (struct dirent* e = readdir(d)) {
    types[e->d_name] = e->d_type;
    inos[e->d_name] = e->d_ino;
  }
  closedir(d);
  // d_type may be DT_UNKNOWN on some file systems; when known it is right.
  auto check = [&](const char* name, int type) {
    EXPECT_TRUE(types[name] == type || types[name] == DT_UNKNOWN) << name;
  };
  check("f", DT_REG);
  check("d", DT_DIR);
  check("l", DT_LNK);
  check("p", DT_FIFO);
  struct stat st;
  ASSERT_EQ(lstat(Path("f").c_str(), &st), 0);
  EXPECT_EQ(inos["f"], st.st_ino);
}

TEST_F(Dir, Getdents64OnAFileIsEnotdir) {
  WriteFile("f", "x");
  int fd = open(Path("f").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  char buf[1024];
  EXPECT_ERRNO(syscall(SYS_getdents64, fd, buf, sizeof buf), ENOTDIR);
  close(fd);
}

TEST_F(Dir, Getdents64WithATooSmallBufferIsEinval) {
  WriteFile("some-file-name", "x");
  int fd = open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  char buf[8];
  EXPECT_ERRNO(syscall(SYS_getdents64, fd, buf, sizeof buf), EINVAL);
  close(fd);
}

TEST_F(Dir, Getdents64ReturnsZeroAtTheEndAndRewindRestarts) {
  int fd = open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  alignas(8) char buf[4096];
  long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
  EXPECT_GT(n, 0);
  EXPECT_EQ(syscall(SYS_getdents64, fd, buf, sizeof buf), 0);
  ASSERT_EQ(lseek(fd, 0, SEEK_SET), 0);
  EXPECT_EQ(syscall(SYS_getdents64, fd, buf, sizeof buf), n);
  close(fd);
}

// ---------------------------------------------------------------------
// rename

TEST_F(Dir, RenameMovesAFileAndReplacesTheTarget) {
  WriteFile("a", "from-a");
  WriteFile("b", "from-b");
  ASSERT_EQ(rename(Path("a").c_str(), Path("b").c_str()), 0);
  EXPECT_FALSE(Exists("a"));
  EXPECT_EQ(Contents("b"), "from-a");
}

TEST_F(Dir, RenameKeepsTheInode) {
  WriteFile("a", "x");
  struct stat before, after;
  ASSERT_EQ(stat(Path("a").c_str(), &before), 0);
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  ASSERT_EQ(rename(Path("a").c_str(), Path("d/moved").c_str()), 0);
  ASSERT_EQ(stat(Path("d/moved").c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino);
}

TEST_F(Dir, RenameNoreplaceOverAnExistingNameIsEexist) {
  WriteFile("a", "A");
  WriteFile("b", "B");
  EXPECT_ERRNO(syscall(SYS_renameat2, AT_FDCWD, Path("a").c_str(), AT_FDCWD,
                       Path("b").c_str(), RENAME_NOREPLACE),
               EEXIST);
  EXPECT_EQ(Contents("b"), "B");
  EXPECT_EQ(syscall(SYS_renameat2, AT_FDCWD, Path("a").c_str(), AT_FDCWD,
                    Path("c").c_str(), RENAME_NOREPLACE),
            0);
  EXPECT_EQ(Contents("c"), "A");
}

TEST_F(Dir, RenameExchangeSwapsTwoNames) {
  WriteFile("a", "A");
  ASSERT_EQ(mkdir(Path("b").c_str(), 0755), 0);
  ASSERT_EQ(syscall(SYS_renameat2, AT_FDCWD, Path("a").c_str(), AT_FDCWD,
                    Path("b").c_str(), RENAME_EXCHANGE),
            0);
  struct stat st;
  ASSERT_EQ(stat(Path("a").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(Contents("b"), "A");
  // Both flags together make no sense.
  EXPECT_ERRNO(syscall(SYS_renameat2, AT_FDCWD, Path("a").c_str(), AT_FDCWD,
                       Path("b").c_str(), RENAME_EXCHANGE | RENAME_NOREPLACE),
               EINVAL);
}

TEST_F(Dir, RenamingADirectoryIntoItsOwnSubtreeIsEinval) {
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  ASSERT_EQ(mkdir(Path("d/sub").c_str(), 0755), 0);
  EXPECT_ERRNO(rename(Path("d").c_str(), Path("d/sub/d").c_str()), EINVAL);
  EXPECT_ERRNO(rename(Path("d").c_str(), Path("d/x").c_str()), EINVAL);
}

TEST_F(Dir, RenameFileOverDirectoryIsEisdirAndDirectoryOverFileEnotdir) {
  WriteFile("f", "x");
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  EXPECT_ERRNO(rename(Path("f").c_str(), Path("d").c_str()), EISDIR);
  EXPECT_ERRNO(rename(Path("d").c_str(), Path("f").c_str()), ENOTDIR);
}

TEST_F(Dir, RenameDirectoryOverANonEmptyDirectoryIsEnotempty) {
  ASSERT_EQ(mkdir(Path("a").c_str(), 0755), 0);
  ASSERT_EQ(mkdir(Path("b").c_str(), 0755), 0);
  WriteFile("b/f", "x");
  EXPECT_ERRNO(rename(Path("a").c_str(), Path("b").c_str()), ENOTEMPTY);
  ASSERT_EQ(unlink(Path("b/f").c_str()), 0);
  EXPECT_EQ(rename(Path("a").c_str(), Path("b").c_str()), 0);
  EXPECT_FALSE(Exists("a"));
}

TEST_F(Dir, RenameOfAMissingSourceIsEnoent) {
  EXPECT_ERRNO(rename(Path("missing").c_str(), Path("x").c_str()), ENOENT);
}

TEST_F(Dir, RenameBetweenTwoLinksOfTheSameFileDoesNothing) {
  // rename(2): if oldpath and newpath are hard links to the same file,
  // rename does nothing and returns success.
  WriteFile("a", "x");
  ASSERT_EQ(link(Path("a").c_str(), Path("b").c_str()), 0);
  EXPECT_EQ(rename(Path("a").c_str(), Path("b").c_str()), 0);
  EXPECT_TRUE(Exists("a"));
  EXPECT_TRUE(Exists("b"));
  EXPECT_EQ(Links("a"), 2u);
}

// ---------------------------------------------------------------------
// link

TEST_F(Dir, LinkAddsANameAndCountsIt) {
  WriteFile("a", "shared");
  EXPECT_EQ(Links("a"), 1u);
  ASSERT_EQ(link(Path("a").c_str(), Path("b").c_str()), 0);
  EXPECT_EQ(Links("a"), 2u);
  EXPECT_EQ(Links("b"), 2u);
  struct stat sa, sb;
  stat(Path("a").c_str(), &sa);
  stat(Path("b").c_str(), &sb);
  EXPECT_EQ(sa.st_ino, sb.st_ino);
  ASSERT_EQ(unlink(Path("a").c_str()), 0);
  EXPECT_EQ(Links("b"), 1u);
  EXPECT_EQ(Contents("b"), "shared");
}

TEST_F(Dir, LinkOverAnExistingNameIsEexist) {
  WriteFile("a", "x");
  WriteFile("b", "y");
  EXPECT_ERRNO(link(Path("a").c_str(), Path("b").c_str()), EEXIST);
}

TEST_F(Dir, LinkToADirectoryIsEperm) {
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  EXPECT_ERRNO(link(Path("d").c_str(), Path("e").c_str()), EPERM);
  EXPECT_ERRNO(link(Path("missing").c_str(), Path("e").c_str()), ENOENT);
}

TEST_F(Dir, LinkatDoesNotFollowASymlinkUnlessAsked) {
  WriteFile("f", "x");
  ASSERT_EQ(symlink("f", Path("l").c_str()), 0);
  ASSERT_EQ(linkat(AT_FDCWD, Path("l").c_str(), AT_FDCWD, Path("l2").c_str(), 0), 0);
  struct stat st;
  ASSERT_EQ(lstat(Path("l2").c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  ASSERT_EQ(linkat(AT_FDCWD, Path("l").c_str(), AT_FDCWD, Path("f2").c_str(),
                   AT_SYMLINK_FOLLOW),
            0);
  ASSERT_EQ(lstat(Path("f2").c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(Links("f"), 2u);
}

// ---------------------------------------------------------------------
// symlink and readlink

TEST_F(Dir, ReadlinkReturnsTheExactBytesWithoutATerminator) {
  ASSERT_EQ(symlink("some/target path", Path("l").c_str()), 0);
  char buf[64];
  memset(buf, 'X', sizeof buf);
  ssize_t n = readlink(Path("l").c_str(), buf, sizeof buf);
  EXPECT_EQ(n, 16);
  EXPECT_EQ(std::string(buf, 16), "some/target path");
  EXPECT_EQ(buf[16], 'X') << "readlink(2) does not append a NUL";
}

TEST_F(Dir, ReadlinkTruncatesToTheBufferSize) {
  ASSERT_EQ(symlink("0123456789", Path("l").c_str()), 0);
  char buf[8];
  memset(buf, 'X', sizeof buf);
  EXPECT_EQ(readlink(Path("l").c_str(), buf, 4), 4);
  EXPECT_EQ(std::string(buf, 5), "0123X");
}

TEST_F(Dir, ReadlinkErrors) {
  WriteFile("f", "x");
  char buf[16];
  EXPECT_ERRNO(readlink(Path("f").c_str(), buf, sizeof buf), EINVAL);
  EXPECT_ERRNO(readlink(Path("missing").c_str(), buf, sizeof buf), ENOENT);
  ASSERT_EQ(symlink("x", Path("l").c_str()), 0);
  EXPECT_ERRNO(readlink(Path("l").c_str(), buf, 0), EINVAL);
}

TEST_F(Dir, SymlinkOverAnExistingNameIsEexistAndEmptyTargetEnoent) {
  WriteFile("f", "x");
  EXPECT_ERRNO(symlink("anything", Path("f").c_str()), EEXIST);
  EXPECT_ERRNO(symlink("", Path("empty").c_str()), ENOENT);
}

TEST_F(Dir, RelativeSymlinkResolvesFromItsOwnDirectory) {
  ASSERT_EQ(mkdir(Path("d").c_str(), 0755), 0);
  WriteFile("d/f", "inner");
  ASSERT_EQ(symlink("f", Path("d/l").c_str()), 0);
  EXPECT_EQ(Contents("d/l"), "inner");
  ASSERT_EQ(symlink("d/../d/f", Path("l2").c_str()), 0);
  EXPECT_EQ(Contents("l2"), "inner");
}

TEST_F(Dir, SymlinkToADirectoryCanBeTraversed) {
  ASSERT_EQ(mkdir(Path("real").c_str(), 0755), 0);
  WriteFile("real/f", "through");
  ASSERT_EQ(symlink(Path("real").c_str(), Path("alias").c_str()), 0);
  EXPECT_EQ(Contents("alias/f"), "through");
}

// ---------------------------------------------------------------------
// Working directory.  chdir is process-wide; these tests restore it.

class Cwd : public TempDirTest {
 protected:
  void SetUp() override { saved_ = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC); }
  void TearDown() override {
    if (saved_ >= 0) {
      fchdir(saved_);
      close(saved_);
    }
  }
  std::string Real(const std::string& p) {
    char buf[PATH_MAX];
    return realpath(p.c_str(), buf) ? buf : "";
  }
  int saved_ = -1;
};

TEST_F(Cwd, ChdirChangesWhatGetcwdReportsAndRelativePaths) {
  ASSERT_EQ(chdir(dir().c_str()), 0);
  char buf[PATH_MAX];
  ASSERT_NE(getcwd(buf, sizeof buf), nullptr);
  EXPECT_EQ(std::string(buf), Real(dir()));
  WriteFile("f", "rel");
  int fd = open("f", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadAll(fd), "rel");
  close(fd);
}

TEST_F(Cwd, FchdirUsesADirectoryDescriptor) {
  ASSERT_EQ(mkdir(Path("sub").c_str(), 0755), 0);
  int dfd = open(Path("sub").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dfd, 0);
  ASSERT_EQ(fchdir(dfd), 0);
  char buf[PATH_MAX];
  ASSERT_NE(getcwd(buf, sizeof buf), nullptr);
  EXPECT_EQ(std::string(buf), Real(Path("sub")));
  close(dfd);
}

TEST_F(Cwd, ChdirToAFileIsEnotdirAndToAMissingPathEnoent) {
  WriteFile("f", "x");
  EXPECT_ERRNO(chdir(Path("f").c_str()), ENOTDIR);
  EXPECT_ERRNO(chdir(Path("missing").c_str()), ENOENT);
  int fd = open(Path("f").c_str(), O_RDONLY | O_CLOEXEC);
  EXPECT_ERRNO(fchdir(fd), ENOTDIR);
  close(fd);
  EXPECT_ERRNO(fchdir(-1), EBADF);
}

TEST_F(Cwd, DotDotFromTheTempDirIsTmp) {
  ASSERT_EQ(chdir(dir().c_str()), 0);
  ASSERT_EQ(chdir(".."), 0);
  char buf[PATH_MAX];
  ASSERT_NE(getcwd(buf, sizeof buf), nullptr);
  EXPECT_EQ(std::string(buf), Real("/tmp"));
  ASSERT_EQ(chdir("/"), 0);
  ASSERT_EQ(chdir(".."), 0) << "/.. is /";
  ASSERT_NE(getcwd(buf, sizeof buf), nullptr);
  EXPECT_STREQ(buf, "/");
}

TEST_F(Cwd, RawGetcwdReturnsTheLengthIncludingTheNul) {
  ASSERT_EQ(chdir(dir().c_str()), 0);
  char buf[PATH_MAX];
  long n = syscall(SYS_getcwd, buf, sizeof buf);
  ASSERT_GT(n, 0);
  EXPECT_EQ((size_t)n, strlen(buf) + 1);
}

TEST_F(Cwd, GetcwdWithATooSmallBufferIsErange) {
  ASSERT_EQ(chdir(dir().c_str()), 0);
  char buf[4];
  EXPECT_ERRNO(syscall(SYS_getcwd, buf, sizeof buf), ERANGE);
  EXPECT_ERRNO(syscall(SYS_getcwd, buf, 0), ERANGE);
  EXPECT_EQ(getcwd(buf, sizeof buf), nullptr);
  EXPECT_EQ(errno, ERANGE);
}

TEST_F(Cwd, CwdOfAChildIsInheritedButSeparate) {
  ASSERT_EQ(chdir(dir().c_str()), 0);
  std::string want = Real(dir());
  int status = RunInChild([&want] {
    char buf[PATH_MAX];
    CHILD_CHECK(getcwd(buf, sizeof buf) != nullptr);
    CHILD_CHECK(want == buf);
    CHILD_CHECK(chdir("/") == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
  char buf[PATH_MAX];
  ASSERT_NE(getcwd(buf, sizeof buf), nullptr);
  EXPECT_EQ(std::string(buf), want);
}

TEST_F(Cwd, RemovedWorkingDirectoryIsEnoentForGetcwd) {
  int status = RunInChild([this] {
    CHILD_CHECK(mkdir(Path("gone").c_str(), 0755) == 0);
    CHILD_CHECK(chdir(Path("gone").c_str()) == 0);
    CHILD_CHECK(rmdir(Path("gone").c_str()) == 0);
    char buf[PATH_MAX];
    CHILD_CHECK_ERRNO(syscall(SYS_getcwd, buf, sizeof buf), ENOENT);
    // Nothing can be created in a removed directory.
    CHILD_CHECK_ERRNO(open("new", O_WRONLY | O_CREAT, 0644), ENOENT);
    return 0;
  });
  EXPECT_EXIT0(status);
}

}  // namespace
}  // namespace cub
