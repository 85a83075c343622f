// memfd sealing (memfd_create(2) MFD_ALLOW_SEALING, fcntl(2) F_ADD_SEALS
// and F_GET_SEALS): which seals may be added, and what each forbids.
//
// Host-safe: memfds have no name anywhere and go with their descriptors.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "conformance.h"

namespace cub {
namespace {

const size_t kPage = 4096;

int Sealable(size_t size = kPage) {
  int fd = memfd_create("cub-seal", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd >= 0 && size) {
    EXPECT_EQ(ftruncate(fd, size), 0);
  }
  return fd;
}

TEST(MemfdSeal, WithoutAllowSealingIsSealSealed) {
  int fd = memfd_create("cub-seal", MFD_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_SEAL);
  EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EPERM);
  close(fd);
}

TEST(MemfdSeal, AllowSealingStartsWithNone) {
  int fd = Sealable(0);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(fcntl(fd, F_GET_SEALS), 0);
  close(fd);
}

TEST(MemfdSeal, SealsAccumulate) {
  int fd = Sealable();
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), 0);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, 0), 0);
  EXPECT_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_SHRINK | F_SEAL_GROW);
  close(fd);
}

TEST(MemfdSeal, SealSealStopsFurtherSeals) {
  int fd = Sealable();
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK), 0);
  EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), EPERM);
  EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, 0), EPERM);
  EXPECT_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_SEAL | F_SEAL_SHRINK);
  close(fd);
}

TEST(MemfdSeal, UnknownSealIsEINVAL) {
  int fd = Sealable();
  ASSERT_GE(fd, 0);
  EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, 0x40000), EINVAL);
  EXPECT_EQ(fcntl(fd, F_GET_SEALS), 0);
  close(fd);
}

TEST(MemfdSeal, NonShmemFileIsEINVAL) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  EXPECT_ERRNO(fcntl(p[0], F_GET_SEALS), EINVAL);
  EXPECT_ERRNO(fcntl(p[1], F_ADD_SEALS, F_SEAL_GROW), EINVAL);
  close(p[0]);
  close(p[1]);
}

// Any tmpfs file has seals (Linux's shmem inodes start with F_SEAL_SEAL);
// /dev/shm is a tmpfs.  A descriptor not open for writing may not add
// seals, whatever the file.
TEST(MemfdSeal, TmpfsFileIsSealSealedAndReadOnlyIsEPERM) {
  std::string path = "/dev/shm/cub-seal-" + std::to_string(getpid());
  int fd = open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0) << strerror(errno);
  int ro = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(ro, 0);
  unlink(path.c_str());
  EXPECT_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_SEAL);
  EXPECT_EQ(fcntl(ro, F_GET_SEALS), F_SEAL_SEAL);
  EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), EPERM);
  EXPECT_ERRNO(fcntl(ro, F_ADD_SEALS, 0x40000), EPERM);  // before EINVAL
  close(ro);
  close(fd);
}
TEST(MemfdSeal, SealsBelongToTheFileNotTheDescriptor) {
  int fd = Sealable();
  ASSERT_GE(fd, 0);
  int again = dup(fd);
  ASSERT_GE(again, 0);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), 0);
  EXPECT_EQ(fcntl(again, F_GET_SEALS), F_SEAL_GROW);
  EXPECT_ERRNO(ftruncate(again, 2 * kPage), EPERM);
  close(again);
  close(fd);
}
TEST(MemfdSeal, ShrinkForbidsTruncatingSmaller) {
  int fd = Sealable(2 * kPage);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
  EXPECT_ERRNO(ftruncate(fd, kPage), EPERM);
  EXPECT_ERRNO(ftruncate(fd, 0), EPERM);
  EXPECT_EQ(ftruncate(fd, 2 * kPage), 0);  // same size
  EXPECT_EQ(ftruncate(fd, 3 * kPage), 0);  // growing is fine
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_size, (off_t)(3 * kPage));
  close(fd);
}

TEST(MemfdSeal, GrowForbidsTruncatingLarger) {
  int fd = Sealable(2 * kPage);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), 0);
  EXPECT_ERRNO(ftruncate(fd, 3 * kPage), EPERM);
  EXPECT_EQ(ftruncate(fd, kPage), 0);  // shrinking is fine
  close(fd);
}

TEST(MemfdSeal, GrowForbidsWritesPastTheEnd) {
  int fd = Sealable(kPage);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), 0);
  EXPECT_EQ(pwrite(fd, "abc", 3, 10), 3);  // inside
  EXPECT_EQ(pwrite(fd, "abc", 3, kPage - 1), 1);  // stops at the end
  EXPECT_ERRNO(pwrite(fd, "abc", 3, kPage), EPERM);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_size, (off_t)kPage);
  close(fd);
}

TEST(MemfdSeal, GrowMakesAWriteAcrossPagesShort) {
  int fd = Sealable(kPage);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), 0);
  std::string big(2 * kPage, 'x');
  EXPECT_EQ(pwrite(fd, big.data(), big.size(), 0), (ssize_t)kPage);
  close(fd);
}

TEST(MemfdSeal, WriteForbidsWrite) {
  int fd = Sealable();
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "before", 6), 6);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), 0);
  EXPECT_ERRNO(pwrite(fd, "x", 1, 0), EPERM);
  EXPECT_ERRNO(write(fd, "x", 1), EPERM);
  char buf[6];
  EXPECT_EQ(pread(fd, buf, 6, 0), 6);  // reading still works
  EXPECT_EQ(std::string(buf, 6), "before");
  close(fd);
}

TEST(MemfdSeal, WriteForbidsWritableSharedMapping) {
  int fd = Sealable();
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), 0);
  EXPECT_EQ(mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), MAP_FAILED);
  EXPECT_EQ(errno, EPERM);
  void* r = mmap(nullptr, kPage, PROT_READ, MAP_SHARED, fd, 0);
  ASSERT_NE(r, MAP_FAILED);
  // The read-only shared mapping may never become writable.
  EXPECT_ERRNO(mprotect(r, kPage, PROT_READ | PROT_WRITE), EACCES);
  munmap(r, kPage);
  // A private mapping is a copy: it may be writable.
  char* p = (char*)mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  ASSERT_NE(p, MAP_FAILED);
  p[0] = 'z';
  char c = 0;
  EXPECT_EQ(pread(fd, &c, 1, 0), 1);
  EXPECT_EQ(c, 0);
  munmap(p, kPage);
  close(fd);
}

TEST(MemfdSeal, WriteSealIsBusyWhileMappedWritable) {
  int fd = Sealable();
  ASSERT_GE(fd, 0);
  void* p = mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ASSERT_NE(p, MAP_FAILED);
  EXPECT_ERRNO(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY);
  EXPECT_EQ(fcntl(fd, F_GET_SEALS), 0);
  ASSERT_EQ(munmap(p, kPage), 0);
  EXPECT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), 0);
  close(fd);
}

TEST(MemfdSeal, WriteSealAllowedWithPrivateMapping) {
  int fd = Sealable();
  ASSERT_GE(fd, 0);
  void* p = mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  ASSERT_NE(p, MAP_FAILED);
  EXPECT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), 0);
  munmap(p, kPage);
  close(fd);
}

TEST(MemfdSeal, FutureWriteKeepsExistingMappingWritable) {
  int fd = Sealable();
  ASSERT_GE(fd, 0);
  char* p = (char*)mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ASSERT_NE(p, MAP_FAILED);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE), 0);
  p[0] = 'm';  // the mapping made before the seal still writes
  char c = 0;
  EXPECT_EQ(pread(fd, &c, 1, 0), 1);
  EXPECT_EQ(c, 'm');
  EXPECT_ERRNO(pwrite(fd, "x", 1, 0), EPERM);
  EXPECT_EQ(mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), MAP_FAILED);
  EXPECT_EQ(errno, EPERM);
  void* r = mmap(nullptr, kPage, PROT_READ, MAP_SHARED, fd, 0);
  ASSERT_NE(r, MAP_FAILED);
  EXPECT_ERRNO(mprotect(r, kPage, PROT_READ | PROT_WRITE), EACCES);
  munmap(r, kPage);
  munmap(p, kPage);
  EXPECT_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_FUTURE_WRITE);
  close(fd);
}

TEST(MemfdSeal, SealsSurviveFork) {
  int fd = Sealable();
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_SEAL), 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(fcntl(fd, F_GET_SEALS) == (F_SEAL_SHRINK | F_SEAL_SEAL));
    CHILD_CHECK_ERRNO(ftruncate(fd, 0), EPERM);
    return 0;
  }));
  close(fd);
}

// fcntl's argument is an unsigned int to F_ADD_SEALS: the high bits of
// the long go.
TEST(MemfdSeal, AddSealsTakesAnUnsignedInt) {
  int fd = Sealable();
  ASSERT_GE(fd, 0);
  EXPECT_EQ(fcntl(fd, F_ADD_SEALS, (long)((1UL << 32) | F_SEAL_GROW)), 0);
  EXPECT_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_GROW);
  close(fd);
}
TEST(MemfdSeal, SealedAgainstAllStillReadable) {
  int fd = Sealable();
  ASSERT_GE(fd, 0);
  ASSERT_EQ(pwrite(fd, "sealed", 6, 0), 6);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS,
                  F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE), 0);
  char* r = (char*)mmap(nullptr, kPage, PROT_READ, MAP_SHARED, fd, 0);
  ASSERT_NE(r, MAP_FAILED);
  EXPECT_EQ(std::string(r, 6), "sealed");
  munmap(r, kPage);
  EXPECT_ERRNO(ftruncate(fd, kPage * 2), EPERM);
  EXPECT_ERRNO(ftruncate(fd, 1), EPERM);
  close(fd);
}

// F_SEAL_WRITE is about the data, not the size: ftruncate still works.
TEST(MemfdSeal, WriteSealAloneAllowsTruncate) {
  int fd = Sealable(2 * kPage);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), 0);
  EXPECT_EQ(ftruncate(fd, kPage), 0);
  EXPECT_EQ(ftruncate(fd, 3 * kPage), 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_size, (off_t)(3 * kPage));
  close(fd);
}
}  // namespace
}  // namespace cub
