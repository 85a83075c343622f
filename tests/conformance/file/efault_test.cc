// Bad user pointers must fail with EFAULT, never crash anything.  The raw
// system calls are used where glibc would touch the pointer itself first
// (or where the vDSO would answer without entering the kernel).
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "conformance.h"

namespace cub {
namespace {

// Address 1: never mapped, not aligned, not NULL.
void* const kBad = reinterpret_cast<void*>(1);
// An address in the kernel half: canonical but not user memory.
void* const kKernel = reinterpret_cast<void*>(0xffffffff81000000ul);

class Efault : public TempDirTest {
 protected:
  void SetUp() override {
    WriteFile("f", "0123456789");
    fd_ = open(Path("f").c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_GE(fd_, 0);
    ASSERT_EQ(pipe2(p_, O_CLOEXEC), 0);
  }
  void TearDown() override {
    close(fd_);
    close(p_[0]);
    close(p_[1]);
  }
  int fd_ = -1;
  int p_[2] = {-1, -1};
};

TEST_F(Efault, ReadIntoABadBufferFromAFile) {
  EXPECT_ERRNO(syscall(SYS_read, fd_, kBad, 10), EFAULT);
  EXPECT_ERRNO(syscall(SYS_read, fd_, kKernel, 10), EFAULT);
}

TEST_F(Efault, ReadIntoABadBufferFromAPipeKeepsTheData) {
  ASSERT_EQ(write(p_[1], "abc", 3), 3);
  EXPECT_ERRNO(syscall(SYS_read, p_[0], kBad, 3), EFAULT);
  char buf[4] = {};
  EXPECT_EQ(read(p_[0], buf, 3), 3) << "nothing was consumed";
  EXPECT_STREQ(buf, "abc");
}

TEST_F(Efault, WriteFromABadBuffer) {
  EXPECT_ERRNO(syscall(SYS_write, fd_, kBad, 10), EFAULT);
  EXPECT_ERRNO(syscall(SYS_write, p_[1], kKernel, 10), EFAULT);
  struct stat st;
  ASSERT_EQ(fstat(fd_, &st), 0);
  EXPECT_EQ(st.st_size, 10) << "the file is unchanged";
}

TEST_F(Efault, PreadAndPwriteWithABadBuffer) {
  EXPECT_ERRNO(syscall(SYS_pread64, fd_, kBad, 4, 0), EFAULT);
  EXPECT_ERRNO(syscall(SYS_pwrite64, fd_, kBad, 4, 0), EFAULT);
}

TEST_F(Efault, ReadvWithABadIovecArrayOrBase) {
  EXPECT_ERRNO(syscall(SYS_readv, fd_, kBad, 1), EFAULT);
  struct iovec iov = {kBad, 4};
  EXPECT_ERRNO(syscall(SYS_readv, fd_, &iov, 1), EFAULT);
  EXPECT_ERRNO(syscall(SYS_writev, fd_, &iov, 1), EFAULT);
}

TEST_F(Efault, OpenWithABadPath) {
  EXPECT_ERRNO(syscall(SYS_open, kBad, O_RDONLY), EFAULT);
  EXPECT_ERRNO(syscall(SYS_openat, AT_FDCWD, kKernel, O_RDONLY), EFAULT);
}

TEST_F(Efault, StatWithABadPathOrBuffer) {
  EXPECT_ERRNO(syscall(SYS_stat, Path("f").c_str(), kBad), EFAULT);
  EXPECT_ERRNO(syscall(SYS_stat, kBad, kBad), EFAULT);
  EXPECT_ERRNO(syscall(SYS_fstat, fd_, kBad), EFAULT);
  EXPECT_ERRNO(syscall(SYS_lstat, Path("f").c_str(), kKernel), EFAULT);
  EXPECT_ERRNO(syscall(SYS_newfstatat, AT_FDCWD, Path("f").c_str(), kBad, 0), EFAULT);
  EXPECT_ERRNO(syscall(SYS_statx, AT_FDCWD, Path("f").c_str(), 0, STATX_BASIC_STATS, kBad),
               EFAULT);
}

TEST_F(Efault, PathTakingCallsWithABadPath) {
  EXPECT_ERRNO(syscall(SYS_mkdir, kBad, 0755), EFAULT);
  EXPECT_ERRNO(syscall(SYS_unlink, kBad), EFAULT);
  EXPECT_ERRNO(syscall(SYS_chdir, kBad), EFAULT);
  EXPECT_ERRNO(syscall(SYS_access, kBad, F_OK), EFAULT);
  EXPECT_ERRNO(syscall(SYS_rename, Path("f").c_str(), kBad), EFAULT);
  EXPECT_ERRNO(syscall(SYS_symlink, kBad, Path("l").c_str()), EFAULT);
  EXPECT_ERRNO(syscall(SYS_execve, kBad, nullptr, nullptr), EFAULT);
}

TEST_F(Efault, ReadlinkIntoABadBuffer) {
  ASSERT_EQ(symlink("target", Path("l").c_str()), 0);
  EXPECT_ERRNO(syscall(SYS_readlink, Path("l").c_str(), kBad, 16), EFAULT);
}

TEST_F(Efault, GetcwdIntoABadBuffer) {
  EXPECT_ERRNO(syscall(SYS_getcwd, kBad, 4096), EFAULT);
}

TEST_F(Efault, Pipe2IntoABadArray) {
  EXPECT_ERRNO(syscall(SYS_pipe2, kBad, 0), EFAULT);
}

TEST_F(Efault, PollWithABadArray) {
  EXPECT_ERRNO(syscall(SYS_poll, kBad, 1, 0), EFAULT);
}

TEST_F(Efault, SelectWithABadSet) {
  EXPECT_ERRNO(syscall(SYS_select, p_[0] + 1, kBad, nullptr, nullptr, nullptr), EFAULT);
}

TEST_F(Efault, TimeCallsWithABadPointer) {
  // The vDSO versions would fault in user space; the system calls must not.
  EXPECT_ERRNO(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, kBad), EFAULT);
  EXPECT_ERRNO(syscall(SYS_gettimeofday, kBad, nullptr), EFAULT);
  EXPECT_ERRNO(syscall(SYS_nanosleep, kBad, nullptr), EFAULT);
  EXPECT_ERRNO(syscall(SYS_clock_getres, CLOCK_MONOTONIC, kBad), EFAULT);
}

TEST_F(Efault, SystemInformationIntoABadBuffer) {
  EXPECT_ERRNO(syscall(SYS_uname, kBad), EFAULT);
  EXPECT_ERRNO(syscall(SYS_sysinfo, kBad), EFAULT);
  EXPECT_ERRNO(syscall(SYS_getrandom, kBad, 16, 0), EFAULT);
  EXPECT_ERRNO(syscall(SYS_getrlimit, RLIMIT_NOFILE, kBad), EFAULT);
  EXPECT_ERRNO(syscall(SYS_getrusage, RUSAGE_SELF, kBad), EFAULT);
  EXPECT_ERRNO(syscall(SYS_times, kBad), EFAULT);
}

TEST_F(Efault, SignalCallsWithABadPointer) {
  EXPECT_ERRNO(syscall(SYS_rt_sigaction, SIGUSR1, kBad, nullptr, 8), EFAULT);
  EXPECT_ERRNO(syscall(SYS_rt_sigprocmask, SIG_BLOCK, kBad, nullptr, 8), EFAULT);
  EXPECT_ERRNO(syscall(SYS_rt_sigpending, kBad, 8), EFAULT);
  EXPECT_ERRNO(syscall(SYS_sigaltstack, kBad, nullptr), EFAULT);
}

TEST_F(Efault, WaitWithABadStatusPointerInAChild) {
  // A fresh child has no children; wait4 checks for a waitable child
  // before writing the status, so a bad pointer is only reported once
  // there is a status to store.
  int status = RunInChild([] {
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    siginfo_t si;
    CHILD_CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0);
    CHILD_CHECK_ERRNO(syscall(SYS_wait4, pid, kBad, 0, nullptr), EFAULT);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST_F(Efault, FcntlLockWithABadStruct) {
  EXPECT_ERRNO(syscall(SYS_fcntl, fd_, F_GETLK, kBad), EFAULT);
  EXPECT_ERRNO(syscall(SYS_fcntl, fd_, F_SETLK, kBad), EFAULT);
}

TEST_F(Efault, IoctlWithABadArgument) {
  EXPECT_ERRNO(syscall(SYS_ioctl, p_[0], FIONREAD, kBad), EFAULT);
}

}  // namespace
}  // namespace cub
