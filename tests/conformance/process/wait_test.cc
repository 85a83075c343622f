// fork, wait4/waitpid and waitid: exit statuses, signal deaths, WNOHANG,
// ECHILD and the siginfo that waitid fills in.
#include <fcntl.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include <map>

#include "conformance.h"

namespace cub {
namespace {

// A child that blocks until the returned fd is closed, then exits with
// code.  Lets a test decide when the child ends.
pid_t StartBlockedChild(int* release_fd, int code = 0) {
  int p[2];
  if (pipe(p) != 0) return -1;
  pid_t pid = StartChild([&] {
    close(p[1]);
    char c;
    while (read(p[0], &c, 1) > 0) {
    }
    return code;
  });
  close(p[0]);
  *release_fd = p[1];
  return pid;
}

TEST(Wait, ExitZeroIsReportedAsExitedWithZero) {
  int status = RunInChild([] { return 0; });
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_FALSE(WIFSIGNALED(status));
  EXPECT_FALSE(WIFSTOPPED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(Wait, ExitCodeIsEncodedInBits8To15) {
  // wait(2): the raw status of a normal exit is (code & 0xff) << 8.
  int status = RunInChild([] { return 42; });
  EXPECT_EQ(status, 42 << 8);
}

TEST(Wait, OnlyTheLowEightBitsOfTheExitCodeSurvive) {
  EXPECT_EXIT_STATUS(RunInChild([] { return 256 + 7; }), 7);
  EXPECT_EXIT_STATUS(RunInChild([] { return 255; }), 255);
  EXPECT_EXIT_STATUS(RunInChild([] { return 256; }), 0);
}

TEST(Wait, ExitFromLibcFlushesAndReportsCode) {
  int status = RunInChild([] { exit(3); return 0; });
  EXPECT_EXIT_STATUS(status, 3);
}

TEST(Wait, ChildKilledBySigkillHasRawStatusNine) {
  int release;
  pid_t pid = StartBlockedChild(&release);
  ASSERT_GT(pid, 0);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = WaitStatus(pid);
  close(release);
  EXPECT_KILLED_BY(status, SIGKILL);
  // SIGKILL never dumps core, so the raw status is exactly the signal.
  EXPECT_EQ(status, SIGKILL);
}

TEST(Wait, NullDereferenceKillsChildWithSigsegv) {
  int status = RunInChild([] {
    *(volatile int*)nullptr = 1;
    return 0;
  });
  EXPECT_KILLED_BY(status, SIGSEGV);
}

TEST(Wait, AbortKillsChildWithSigabrt) {
  int status = RunInChild([] {
    abort();
    return 0;
  });
  EXPECT_KILLED_BY(status, SIGABRT);
}

TEST(Wait, WnohangReturnsZeroWhileTheChildRuns) {
  int release;
  pid_t pid = StartBlockedChild(&release, 9);
  ASSERT_GT(pid, 0);
  int status = -1;
  EXPECT_EQ(waitpid(pid, &status, WNOHANG), 0);
  close(release);
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_EXIT_STATUS(status, 9);
}

TEST(Wait, WnohangEventuallyReturnsTheExitedChild) {
  pid_t pid = StartChild([] { return 5; });
  ASSERT_GT(pid, 0);
  int status = -1;
  pid_t r = 0;
  long long deadline = MonotonicNs() + 10'000'000'000LL;
  while ((r = waitpid(pid, &status, WNOHANG)) == 0 && MonotonicNs() < deadline)
    usleep(1000);
  EXPECT_EQ(r, pid);
  EXPECT_EXIT_STATUS(status, 5);
}

TEST(Wait, WaitWithoutChildrenIsEchild) {
  // Checked in a fresh child, which certainly has no children of its own.
  int status = RunInChild([] {
    int st;
    CHILD_CHECK_ERRNO(waitpid(-1, &st, 0), ECHILD);
    CHILD_CHECK_ERRNO(wait(&st), ECHILD);
    CHILD_CHECK_ERRNO(waitpid(-1, &st, WNOHANG), ECHILD);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Wait, WaitForAPidThatIsNotOurChildIsEchild) {
  int st;
  EXPECT_ERRNO(waitpid(getppid(), &st, 0), ECHILD);
  EXPECT_ERRNO(waitpid(getpid(), &st, WNOHANG), ECHILD);
}

TEST(Wait, WaitpidForOnePidLeavesTheOtherChildWaitable) {
  int release_a;
  pid_t a = StartBlockedChild(&release_a, 1);
  pid_t b = StartChild([] { return 2; });
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);
  int status;
  EXPECT_EQ(waitpid(b, &status, 0), b);
  EXPECT_EXIT_STATUS(status, 2);
  close(release_a);
  EXPECT_EQ(waitpid(-1, &status, 0), a);
  EXPECT_EXIT_STATUS(status, 1);
}

TEST(Wait, WaitReapsEveryChildOnceThenEchild) {
  std::map<pid_t, int> expected;
  for (int i = 1; i <= 5; i++) {
    pid_t pid = StartChild([i] { return 10 + i; });
    ASSERT_GT(pid, 0);
    expected[pid] = 10 + i;
  }
  std::map<pid_t, int> got;
  for (int i = 0; i < 5; i++) {
    int status;
    pid_t pid = wait(&status);
    ASSERT_GT(pid, 0) << strerror(errno);
    ASSERT_TRUE(WIFEXITED(status));
    got[pid] = WEXITSTATUS(status);
  }
  EXPECT_EQ(got, expected);
  int status;
  EXPECT_ERRNO(waitpid(-1, &status, WNOHANG), ECHILD);
}

TEST(Wait, NegativePidWaitsForThatProcessGroupOnly) {
  int release_a;
  pid_t a = StartBlockedChild(&release_a, 4);
  ASSERT_GT(a, 0);
  ASSERT_EQ(setpgid(a, a), 0);
  pid_t b = StartChild([] { return 6; });
  ASSERT_GT(b, 0);
  int status;
  // Only a is in group a, and it is still running.
  EXPECT_EQ(waitpid(-a, &status, WNOHANG), 0);
  // Pid 0 means "any child in my own process group": that is b.
  EXPECT_EQ(waitpid(0, &status, 0), b);
  EXPECT_EXIT_STATUS(status, 6);
  close(release_a);
  EXPECT_EQ(waitpid(-a, &status, 0), a);
  EXPECT_EXIT_STATUS(status, 4);
}

TEST(Wait, Wait4FillsRusageOfTheChild) {
  pid_t pid = StartChild([] {
    SpinCpu(50);
    return 0;
  });
  ASSERT_GT(pid, 0);
  struct rusage ru;
  memset(&ru, 0xff, sizeof ru);
  int status;
  ASSERT_EQ(wait4(pid, &status, 0, &ru), pid);
  EXPECT_EXIT0(status);
  long long us = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL +
                 ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
  EXPECT_GT(us, 0);
  EXPECT_LT(ru.ru_utime.tv_usec, 1000000);
  EXPECT_LT(ru.ru_stime.tv_usec, 1000000);
}

TEST(Wait, Wait4RejectsUnknownOptionBitsWithEinval) {
  int status;
  // WEXITED belongs to waitid; wait4 accepts only WNOHANG, WUNTRACED,
  // WCONTINUED and the __W* clone options (kernel/exit.c).
  EXPECT_ERRNO(syscall(SYS_wait4, -1, &status, WEXITED, nullptr), EINVAL);
  EXPECT_ERRNO(syscall(SYS_wait4, -1, &status, 0x10, nullptr), EINVAL);
}

TEST(Wait, Wait4WithIntMinPidIsEsrch) {
  // -INT_MIN cannot be negated into a process group id (kernel/exit.c).
  int status;
  EXPECT_ERRNO(syscall(SYS_wait4, INT_MIN, &status, WNOHANG, nullptr), ESRCH);
}

TEST(Wait, ZombieExistsForKillUntilReaped) {
  pid_t pid = StartChild([] { return 0; });
  ASSERT_GT(pid, 0);
  // Wait for the exit without reaping it.
  siginfo_t si = {};
  ASSERT_EQ(waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0);
  EXPECT_EQ(kill(pid, 0), 0) << "a zombie is still a process for kill()";
  EXPECT_EXIT0(WaitStatus(pid));
  EXPECT_ERRNO(kill(pid, 0), ESRCH);
}

// ---------------------------------------------------------------------
// waitid

TEST(Waitid, ExitedChildFillsSiginfo) {
  pid_t pid = StartChild([] { return 7; });
  ASSERT_GT(pid, 0);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  ASSERT_EQ(waitid(P_PID, pid, &si, WEXITED), 0);
  EXPECT_EQ(si.si_signo, SIGCHLD);
  EXPECT_EQ(si.si_code, CLD_EXITED);
  EXPECT_EQ(si.si_pid, pid);
  EXPECT_EQ(si.si_uid, getuid());
  EXPECT_EQ(si.si_status, 7);
  int st;
  EXPECT_ERRNO(waitpid(pid, &st, WNOHANG), ECHILD);  // waitid reaped it
}

TEST(Waitid, KilledChildReportsCldKilledAndTheSignal) {
  int release;
  pid_t pid = StartBlockedChild(&release);
  ASSERT_GT(pid, 0);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  siginfo_t si = {};
  ASSERT_EQ(waitid(P_PID, pid, &si, WEXITED), 0);
  close(release);
  EXPECT_EQ(si.si_signo, SIGCHLD);
  EXPECT_EQ(si.si_code, CLD_KILLED);
  EXPECT_EQ(si.si_status, SIGKILL);
  EXPECT_EQ(si.si_pid, pid);
}

TEST(Waitid, WnohangWithNothingReadyReturnsZeroAndZeroedSiginfo) {
  int release;
  pid_t pid = StartBlockedChild(&release);
  ASSERT_GT(pid, 0);
  siginfo_t si;
  memset(&si, 0x5a, sizeof si);
  // waitid(2): zero si_pid to tell this case apart; Linux itself writes
  // zeros into si_signo and si_pid when no child is waitable.
  ASSERT_EQ(waitid(P_PID, pid, &si, WEXITED | WNOHANG), 0);
  EXPECT_EQ(si.si_pid, 0);
  EXPECT_EQ(si.si_signo, 0);
  close(release);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST(Waitid, PAllWaitsForAnyChild) {
  pid_t pid = StartChild([] { return 12; });
  ASSERT_GT(pid, 0);
  siginfo_t si = {};
  ASSERT_EQ(waitid(P_ALL, 0, &si, WEXITED), 0);
  EXPECT_EQ(si.si_pid, pid);
  EXPECT_EQ(si.si_status, 12);
  EXPECT_ERRNO(waitid(P_ALL, 0, &si, WEXITED | WNOHANG), ECHILD);
}

TEST(Waitid, PPgidSelectsTheProcessGroup) {
  int release;
  pid_t pid = StartBlockedChild(&release, 3);
  ASSERT_GT(pid, 0);
  ASSERT_EQ(setpgid(pid, pid), 0);
  siginfo_t si = {};
  ASSERT_EQ(waitid(P_PGID, pid, &si, WEXITED | WNOHANG), 0);
  EXPECT_EQ(si.si_pid, 0);
  close(release);
  ASSERT_EQ(waitid(P_PGID, pid, &si, WEXITED), 0);
  EXPECT_EQ(si.si_pid, pid);
  EXPECT_EQ(si.si_status, 3);
}

TEST(Waitid, WnowaitLeavesTheChildWaitable) {
  pid_t pid = StartChild([] { return 21; });
  ASSERT_GT(pid, 0);
  siginfo_t si = {};
  ASSERT_EQ(waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0);
  EXPECT_EQ(si.si_status, 21);
  memset(&si, 0, sizeof si);
  ASSERT_EQ(waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0);
  EXPECT_EQ(si.si_status, 21);
  EXPECT_EXIT_STATUS(WaitStatus(pid), 21);
}

TEST(Waitid, OptionsWithoutAStateAreEinval) {
  siginfo_t si;
  // One of WEXITED, WSTOPPED, WCONTINUED is required.
  EXPECT_ERRNO(waitid(P_ALL, 0, &si, 0), EINVAL);
  EXPECT_ERRNO(waitid(P_ALL, 0, &si, WNOHANG), EINVAL);
}

TEST(Waitid, UnknownIdtypeIsEinval) {
  siginfo_t si;
  EXPECT_ERRNO(syscall(SYS_waitid, 42, 0, &si, WEXITED, nullptr), EINVAL);
}

TEST(Waitid, RawSyscallAcceptsNullInfopAndFillsRusage) {
  pid_t pid = StartChild([] { return 0; });
  ASSERT_GT(pid, 0);
  struct rusage ru;
  memset(&ru, 0xff, sizeof ru);
  // The kernel's waitid takes a fifth argument, a struct rusage *, which
  // glibc does not expose.
  ASSERT_EQ(syscall(SYS_waitid, P_PID, pid, nullptr, WEXITED, &ru), 0);
  EXPECT_GE(ru.ru_utime.tv_sec, 0);
  EXPECT_LT(ru.ru_utime.tv_usec, 1000000);
}

}  // namespace
}  // namespace cub
