// File-backed mappings: MAP_SHARED versus MAP_PRIVATE, msync, the end of
// the file, access modes, and memfd.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "conformance.h"
#include "fault.h"

namespace cub {
namespace {

class FileMapping : public TempDirTest {
 protected:
  // A file of `pages` pages; page i is filled with the letter 'A' + i.
  int MakeFile(int pages, int flags = O_RDWR) {
    std::string contents;
    for (int i = 0; i < pages; i++) contents += std::string(PageSize(), 'A' + i);
    std::string path = WriteFile("data", contents);
    return open(path.c_str(), flags | O_CLOEXEC);
  }

  std::string ReadAt(int fd, off_t off, size_t len) {
    std::string s(len, '\0');
    ssize_t n = pread(fd, &s[0], len, off);
    s.resize(n < 0 ? 0 : n);
    return s;
  }
};

TEST_F(FileMapping, SharedWritesReachTheFileAfterMsync) {
  int fd = MakeFile(2);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, 2 * PageSize(), PROT_READ | PROT_WRITE,
                                    MAP_SHARED, fd, 0));
  ASSERT_NE(p, MAP_FAILED);
  EXPECT_EQ(p[0], 'A');
  EXPECT_EQ(p[PageSize()], 'B');
  memcpy(p + 10, "shared", 6);
  ASSERT_EQ(msync(p, 2 * PageSize(), MS_SYNC), 0);
  EXPECT_EQ(ReadAt(fd, 10, 6), "shared");
  munmap(p, 2 * PageSize());
  close(fd);
}

TEST_F(FileMapping, SharedWritesSurviveUnmapAndClose) {
  int fd = MakeFile(1);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE,
                                    MAP_SHARED, fd, 0));
  ASSERT_NE(p, MAP_FAILED);
  close(fd);  // the mapping keeps the file
  memcpy(p, "after-close", 11);
  munmap(p, PageSize());
  fd = open(Path("data").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadAt(fd, 0, 12), "after-closeA");
  close(fd);
}

TEST_F(FileMapping, PrivateWritesStayOutOfTheFile) {
  int fd = MakeFile(1);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE, fd, 0));
  ASSERT_NE(p, MAP_FAILED);
  memcpy(p, "private", 7);
  EXPECT_EQ(msync(p, PageSize(), MS_SYNC), 0);
  EXPECT_EQ(ReadAt(fd, 0, 7), "AAAAAAA");
  EXPECT_EQ(memcmp(p, "private", 7), 0);
  munmap(p, PageSize());
  close(fd);
}

TEST_F(FileMapping, WriteThroughTheFdIsVisibleInASharedMapping) {
  int fd = MakeFile(1);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ, MAP_SHARED, fd, 0));
  ASSERT_NE(p, MAP_FAILED);
  ASSERT_EQ(pwrite(fd, "fd-write", 8, 100), 8);
  EXPECT_EQ(memcmp(p + 100, "fd-write", 8), 0);
  munmap(p, PageSize());
  close(fd);
}

TEST_F(FileMapping, TwoSharedMappingsOfTheSameFileAlias) {
  int fd = MakeFile(1);
  ASSERT_GE(fd, 0);
  char* a = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
  char* b = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ, MAP_SHARED, fd, 0));
  ASSERT_NE(a, MAP_FAILED);
  ASSERT_NE(b, MAP_FAILED);
  EXPECT_NE(a, b);
  a[5] = 'z';
  EXPECT_EQ(b[5], 'z');
  munmap(a, PageSize());
  munmap(b, PageSize());
  close(fd);
}

TEST_F(FileMapping, SharedFileMappingIsSharedWithAForkedChild) {
  int fd = MakeFile(1);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
  ASSERT_NE(p, MAP_FAILED);
  int status = RunInChild([p] {
    p[0] = 'c';
    return 0;
  });
  EXPECT_EXIT0(status);
  EXPECT_EQ(p[0], 'c');
  EXPECT_EQ(ReadAt(fd, 0, 1), "c");
  munmap(p, PageSize());
  close(fd);
}

TEST_F(FileMapping, OffsetSelectsThePage) {
  int fd = MakeFile(3);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ, MAP_PRIVATE, fd, 2 * PageSize()));
  ASSERT_NE(p, MAP_FAILED);
  EXPECT_EQ(p[0], 'C');
  EXPECT_EQ(p[PageSize() - 1], 'C');
  munmap(p, PageSize());
  close(fd);
}

TEST_F(FileMapping, UnalignedOffsetIsEinval) {
  int fd = MakeFile(2);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(mmap(nullptr, PageSize(), PROT_READ, MAP_PRIVATE, fd, 100), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);
  close(fd);
}

TEST_F(FileMapping, SharedValidateRejectsUnknownFlagsWithEopnotsupp) {
  // mmap(2): MAP_SHARED_VALIDATE fails with EOPNOTSUPP on flags it does
  // not know, where plain MAP_SHARED ignores them.
  int fd = MakeFile(1);
  ASSERT_GE(fd, 0);
  const int unknown = 0x400;
  EXPECT_EQ(mmap(nullptr, PageSize(), PROT_READ, MAP_SHARED_VALIDATE | unknown, fd, 0),
            MAP_FAILED);
  EXPECT_EQ(errno, EOPNOTSUPP);
  void* p = mmap(nullptr, PageSize(), PROT_READ, MAP_SHARED | unknown, fd, 0);
  EXPECT_NE(p, MAP_FAILED);
  if (p != MAP_FAILED) munmap(p, PageSize());
  p = mmap(nullptr, PageSize(), PROT_READ, MAP_SHARED_VALIDATE, fd, 0);
  EXPECT_NE(p, MAP_FAILED);
  if (p != MAP_FAILED) munmap(p, PageSize());
  close(fd);
}

TEST_F(FileMapping, BytesPastTheEndInTheLastPageReadAsZero) {
  std::string path = WriteFile("short", "0123456789");
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ, MAP_PRIVATE, fd, 0));
  ASSERT_NE(p, MAP_FAILED);
  EXPECT_EQ(memcmp(p, "0123456789", 10), 0);
  for (long i = 10; i < PageSize(); i++) ASSERT_EQ(p[i], 0) << i;
  munmap(p, PageSize());
  close(fd);
}

TEST_F(FileMapping, WholePagePastTheEndIsSigbusAdrerr) {
  // mmap(2): SIGBUS, access to a page of the buffer that lies beyond the
  // end of the mapped file.
  std::string path = WriteFile("short", "0123456789");
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, 2 * PageSize(), PROT_READ, MAP_PRIVATE, fd, 0));
  ASSERT_NE(p, MAP_FAILED);
  char* target = p + PageSize() + 16;
  FaultInfo f = RunFaulting([target] { (void)*(volatile char*)target; });
  EXPECT_EQ(f.signo, SIGBUS);
  EXPECT_EQ(f.code, BUS_ADRERR);
  EXPECT_EQ(f.addr, target);
  munmap(p, 2 * PageSize());
  close(fd);
}

TEST_F(FileMapping, SharedWritableMappingOfAReadOnlyFdIsEacces) {
  int fd = MakeFile(1, O_RDONLY);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), MAP_FAILED);
  EXPECT_EQ(errno, EACCES);
  // A private writable mapping is fine: writes never reach the file.
  void* p = mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  EXPECT_NE(p, MAP_FAILED);
  if (p != MAP_FAILED) munmap(p, PageSize());
  close(fd);
}

TEST_F(FileMapping, MappingAWriteOnlyFdIsEacces) {
  int fd = MakeFile(1, O_WRONLY);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(mmap(nullptr, PageSize(), PROT_READ, MAP_SHARED, fd, 0), MAP_FAILED);
  EXPECT_EQ(errno, EACCES);
  close(fd);
}

TEST_F(FileMapping, MprotectCannotAddWriteToASharedReadOnlyFdMapping) {
  int fd = MakeFile(1, O_RDONLY);
  ASSERT_GE(fd, 0);
  void* p = mmap(nullptr, PageSize(), PROT_READ, MAP_SHARED, fd, 0);
  ASSERT_NE(p, MAP_FAILED);
  EXPECT_ERRNO(mprotect(p, PageSize(), PROT_READ | PROT_WRITE), EACCES);
  munmap(p, PageSize());
  close(fd);
}

TEST_F(FileMapping, DontneedOnAPrivateFileMappingDropsTheCopy) {
  // After MADV_DONTNEED a private file mapping is repopulated from the
  // file (madvise(2)).
  int fd = MakeFile(1);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0));
  ASSERT_NE(p, MAP_FAILED);
  p[0] = 'x';
  ASSERT_EQ(madvise(p, PageSize(), MADV_DONTNEED), 0);
  EXPECT_EQ(p[0], 'A');
  munmap(p, PageSize());
  close(fd);
}

TEST_F(FileMapping, MappingADirectoryIsEnodev) {
  int fd = open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(mmap(nullptr, PageSize(), PROT_READ, MAP_PRIVATE, fd, 0), MAP_FAILED);
  EXPECT_EQ(errno, ENODEV);
  close(fd);
}

TEST_F(FileMapping, PagesCutByFtruncateAreSigbus) {
  // mmap(2): after the file shrinks, its old pages are gone from every
  // mapping; touching one is SIGBUS like any page past the end.
  int fd = MakeFile(2);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, 2 * PageSize(), PROT_READ | PROT_WRITE,
                                    MAP_SHARED, fd, 0));
  ASSERT_NE(p, MAP_FAILED);
  EXPECT_EQ(p[PageSize()], 'B');
  ASSERT_EQ(ftruncate(fd, 100), 0);
  EXPECT_EQ(p[99], 'A');
  EXPECT_EQ(p[100], 0) << "the tail of the last page reads as zero";
  char* target = p + PageSize() + 8;
  FaultInfo f = RunFaulting([target] { (void)*(volatile char*)target; });
  EXPECT_EQ(f.signo, SIGBUS);
  EXPECT_EQ(f.code, BUS_ADRERR);
  EXPECT_EQ(f.addr, target);
  // Growing the file again brings back a page of zeros, not the old one.
  ASSERT_EQ(ftruncate(fd, 2 * PageSize()), 0);
  EXPECT_EQ(p[PageSize()], 0);
  munmap(p, 2 * PageSize());
  close(fd);
}

TEST_F(FileMapping, SharedMappingOutlivesUnlink) {
  int fd = MakeFile(1);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE,
                                    MAP_SHARED, fd, 0));
  ASSERT_NE(p, MAP_FAILED);
  ASSERT_EQ(unlink(Path("data").c_str()), 0);
  memcpy(p, "unlinked", 8);
  EXPECT_EQ(ReadAt(fd, 0, 9), "unlinkedA");
  close(fd);
  EXPECT_EQ(memcmp(p, "unlinkedA", 9), 0);
  munmap(p, PageSize());
}

TEST_F(FileMapping, PrivateMappingIsNotSharedWithAForkedChild) {
  int fd = MakeFile(1);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE, fd, 0));
  ASSERT_NE(p, MAP_FAILED);
  p[1] = 'p';
  int status = RunInChild([p] {
    CHILD_CHECK(p[1] == 'p');
    p[0] = 'c';
    return 0;
  });
  EXPECT_EXIT0(status);
  EXPECT_EQ(p[0], 'A');
  EXPECT_EQ(ReadAt(fd, 0, 2), "AA");
  munmap(p, PageSize());
  close(fd);
}

TEST_F(FileMapping, MremapMovesTheMappingWithItsFileOffset) {
  int fd = MakeFile(3);
  ASSERT_GE(fd, 0);
  char* p = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE,
                                    MAP_SHARED, fd, PageSize()));
  ASSERT_NE(p, MAP_FAILED);
  // Keep the page after p busy so that growing has to move.
  void* block = mmap(p + PageSize(), PageSize(), PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  char* q = static_cast<char*>(mremap(p, PageSize(), 2 * PageSize(), MREMAP_MAYMOVE));
  ASSERT_NE(q, MAP_FAILED);
  EXPECT_EQ(q[0], 'B');
  EXPECT_EQ(q[PageSize()], 'C') << "the second page is the file's next page";
  q[PageSize()] = 'm';
  EXPECT_EQ(ReadAt(fd, 2 * PageSize(), 1), "m");
  munmap(q, 2 * PageSize());
  if (block != MAP_FAILED) munmap(block, PageSize());
  close(fd);
}

TEST(Msync, InvalidArgumentsAreRejected) {
  char* p = MapPages(1);
  ASSERT_NE(p, nullptr);
  EXPECT_ERRNO(msync(p, PageSize(), MS_SYNC | MS_ASYNC), EINVAL);
  EXPECT_ERRNO(msync(p + 1, PageSize(), MS_SYNC), EINVAL);
  EXPECT_ERRNO(msync(p, PageSize(), 0x100), EINVAL);
  EXPECT_EQ(msync(p, PageSize(), MS_ASYNC), 0);
  ASSERT_EQ(munmap(p, PageSize()), 0);
  EXPECT_ERRNO(msync(p, PageSize(), MS_SYNC), ENOMEM);
}

TEST(Memfd, SizeComesFromFtruncateAndMappingsShareTheData) {
  int fd = memfd_create("cub-conformance", MFD_CLOEXEC);
  ASSERT_GE(fd, 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_size, 0);
  ASSERT_EQ(ftruncate(fd, 2 * PageSize()), 0);
  char* a = static_cast<char*>(mmap(nullptr, 2 * PageSize(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
  ASSERT_NE(a, MAP_FAILED);
  EXPECT_EQ(a[PageSize()], 0);
  strcpy(a + PageSize(), "memfd");
  char buf[6] = {};
  ASSERT_EQ(pread(fd, buf, 5, PageSize()), 5);
  EXPECT_STREQ(buf, "memfd");
  munmap(a, 2 * PageSize());
  close(fd);
}

TEST(Memfd, IsAnUnlinkedReadWriteFile) {
  int fd = memfd_create("cub-conformance", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  ASSERT_GE(fd, 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_nlink, 0u);
  EXPECT_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
  EXPECT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  ASSERT_EQ(write(fd, "data", 4), 4);
  char buf[4];
  ASSERT_EQ(pread(fd, buf, 4, 0), 4);
  EXPECT_EQ(memcmp(buf, "data", 4), 0);
  close(fd);
}

TEST(Memfd, BadFlagsOrNameAreRejected) {
  // memfd_create(2): EINVAL for unknown flags or a name longer than 249
  // bytes; EFAULT for a bad name pointer.
  EXPECT_ERRNO(memfd_create("x", 0x100), EINVAL);
  EXPECT_ERRNO(memfd_create(std::string(250, 'n').c_str(), 0), EINVAL);
  int fd = memfd_create(std::string(249, 'n').c_str(), 0);
  EXPECT_GE(fd, 0);
  if (fd >= 0) close(fd);
  EXPECT_ERRNO(memfd_create(reinterpret_cast<const char*>(8), 0), EFAULT);
}

TEST(Memfd, SharedMappingIsSharedWithAForkedChild) {
  int fd = memfd_create("cub-conformance", MFD_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, PageSize()), 0);
  char* p = static_cast<char*>(mmap(nullptr, PageSize(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
  ASSERT_NE(p, MAP_FAILED);
  close(fd);
  int status = RunInChild([p] {
    strcpy(p, "child");
    return 0;
  });
  EXPECT_EXIT0(status);
  EXPECT_STREQ(p, "child");
  munmap(p, PageSize());
}

}  // namespace
}  // namespace cub
