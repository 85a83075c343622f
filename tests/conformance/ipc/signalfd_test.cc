// signalfd4 (signalfd(2)): pending signals read as signalfd_siginfo
// records instead of being delivered.  Every case runs in a forked child,
// because it blocks signals and changes what is pending.
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>

#include <string>

#include "conformance.h"

namespace cub {
namespace {

sigset_t SetOf(std::initializer_list<int> sigs) {
  sigset_t s;
  sigemptyset(&s);
  for (int sig : sigs) sigaddset(&s, sig);
  return s;
}

// Blocks sigs and opens a signalfd for them (in a child).
int BlockAndOpen(std::initializer_list<int> sigs, int flags) {
  sigset_t s = SetOf(sigs);
  CHILD_CHECK(sigprocmask(SIG_BLOCK, &s, nullptr) == 0);
  int fd = signalfd(-1, &s, flags);
  CHILD_CHECK(fd >= 0);
  return fd;
}

long ReadInfo(int fd, struct signalfd_siginfo* si) {
  return read(fd, si, sizeof(*si));
}

TEST(Signalfd, RecordSizeIs128) {
  EXPECT_EQ(sizeof(struct signalfd_siginfo), 128u);
}

TEST(Signalfd, ReadsAKillWithSenderFields) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1}, 0);
    CHILD_CHECK(kill(getpid(), SIGUSR1) == 0);
    struct signalfd_siginfo si;
    CHILD_CHECK(ReadInfo(fd, &si) == (long)sizeof(si));
    CHILD_CHECK(si.ssi_signo == SIGUSR1);
    CHILD_CHECK(si.ssi_code == SI_USER);
    CHILD_CHECK(si.ssi_pid == (uint32_t)getpid());
    CHILD_CHECK(si.ssi_uid == getuid());
    return 0;
  }));
}

TEST(Signalfd, ReadingTakesTheSignalOffThePendingSet) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1}, SFD_NONBLOCK);
    CHILD_CHECK(kill(getpid(), SIGUSR1) == 0);
    sigset_t pend;
    CHILD_CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
    struct signalfd_siginfo si;
    CHILD_CHECK(ReadInfo(fd, &si) == (long)sizeof(si));
    CHILD_CHECK(sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR1));
    CHILD_CHECK_ERRNO(ReadInfo(fd, &si), EAGAIN);
    return 0;
  }));
}

TEST(Signalfd, NothingPendingIsEagainWithNonblock) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1}, SFD_NONBLOCK);
    struct signalfd_siginfo si;
    CHILD_CHECK_ERRNO(ReadInfo(fd, &si), EAGAIN);
    return 0;
  }));
}

TEST(Signalfd, SignalsOutsideTheMaskAreNotRead) {
  EXPECT_EXIT0(RunInChild([] {
    sigset_t both = SetOf({SIGUSR1, SIGUSR2});
    CHILD_CHECK(sigprocmask(SIG_BLOCK, &both, nullptr) == 0);
    sigset_t one = SetOf({SIGUSR1});
    int fd = signalfd(-1, &one, SFD_NONBLOCK);
    CHILD_CHECK(fd >= 0);
    CHILD_CHECK(kill(getpid(), SIGUSR2) == 0);
    struct signalfd_siginfo si;
    CHILD_CHECK_ERRNO(ReadInfo(fd, &si), EAGAIN);
    sigset_t pend;
    CHILD_CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR2));
    return 0;
  }));
}

TEST(Signalfd, OneReadReturnsSeveralRecords) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1, SIGUSR2}, SFD_NONBLOCK);
    CHILD_CHECK(kill(getpid(), SIGUSR1) == 0);
    CHILD_CHECK(kill(getpid(), SIGUSR2) == 0);
    struct signalfd_siginfo si[3];
    CHILD_CHECK(read(fd, si, sizeof(si)) == (long)(2 * sizeof(si[0])));
    // Lowest signal number first, as delivery would take them.
    CHILD_CHECK(si[0].ssi_signo == SIGUSR1 && si[1].ssi_signo == SIGUSR2);
    return 0;
  }));
}

TEST(Signalfd, BufferShorterThanARecordIsEinval) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1}, SFD_NONBLOCK);
    CHILD_CHECK(kill(getpid(), SIGUSR1) == 0);
    char small[100];
    CHILD_CHECK_ERRNO(read(fd, small, sizeof(small)), EINVAL);
    return 0;
  }));
}

TEST(Signalfd, SigqueueValueArrives) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1}, 0);
    union sigval v;
    v.sival_int = 4242;
    CHILD_CHECK(sigqueue(getpid(), SIGUSR1, v) == 0);
    struct signalfd_siginfo si;
    CHILD_CHECK(ReadInfo(fd, &si) == (long)sizeof(si));
    CHILD_CHECK(si.ssi_code == SI_QUEUE);
    CHILD_CHECK(si.ssi_int == 4242);
    return 0;
  }));
}

TEST(Signalfd, RealtimeSignalsQueueEveryInstance) {
  EXPECT_EXIT0(RunInChild([] {
    int sig = SIGRTMIN + 1;
    int fd = BlockAndOpen({sig}, SFD_NONBLOCK);
    for (int i = 1; i <= 3; i++) {
      union sigval v;
      v.sival_int = i;
      CHILD_CHECK(sigqueue(getpid(), sig, v) == 0);
    }
    for (int i = 1; i <= 3; i++) {
      struct signalfd_siginfo si;
      CHILD_CHECK(ReadInfo(fd, &si) == (long)sizeof(si));
      CHILD_CHECK(si.ssi_signo == (uint32_t)sig && si.ssi_int == i);
    }
    struct signalfd_siginfo si;
    CHILD_CHECK_ERRNO(ReadInfo(fd, &si), EAGAIN);
    return 0;
  }));
}

TEST(Signalfd, StandardSignalsCoalesce) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1}, SFD_NONBLOCK);
    CHILD_CHECK(kill(getpid(), SIGUSR1) == 0);
    CHILD_CHECK(kill(getpid(), SIGUSR1) == 0);
    struct signalfd_siginfo si;
    CHILD_CHECK(ReadInfo(fd, &si) == (long)sizeof(si));
    CHILD_CHECK_ERRNO(ReadInfo(fd, &si), EAGAIN);
    return 0;
  }));
}

TEST(Signalfd, MaskCanBeReplacedOnTheSameDescriptor) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1, SIGUSR2}, SFD_NONBLOCK);
    sigset_t two = SetOf({SIGUSR2});
    CHILD_CHECK(signalfd(fd, &two, 0) == fd);
    CHILD_CHECK(kill(getpid(), SIGUSR1) == 0);
    CHILD_CHECK(kill(getpid(), SIGUSR2) == 0);
    struct signalfd_siginfo si;
    CHILD_CHECK(ReadInfo(fd, &si) == (long)sizeof(si));
    CHILD_CHECK(si.ssi_signo == SIGUSR2);
    CHILD_CHECK_ERRNO(ReadInfo(fd, &si), EAGAIN);
    return 0;
  }));
}

TEST(Signalfd, SigkillAndSigstopInTheMaskAreIgnored) {
  EXPECT_EXIT0(RunInChild([] {
    sigset_t s = SetOf({SIGKILL, SIGSTOP, SIGUSR1});
    int fd = signalfd(-1, &s, SFD_NONBLOCK);
    CHILD_CHECK(fd >= 0);
    return 0;
  }));
}

TEST(Signalfd, BadArgumentsAreRefused) {
  EXPECT_EXIT0(RunInChild([] {
    sigset_t s = SetOf({SIGUSR1});
    // The raw call: a mask size other than 8 bytes, unknown flags.
    CHILD_CHECK_ERRNO(syscall(SYS_signalfd4, -1, &s, 4, 0), EINVAL);
    CHILD_CHECK_ERRNO(syscall(SYS_signalfd4, -1, &s, 8, 0x1), EINVAL);
    CHILD_CHECK_ERRNO(syscall(SYS_signalfd4, -1, (void*)8, 8, 0), EFAULT);
    int p[2];
    CHILD_CHECK(pipe(p) == 0);
    CHILD_CHECK_ERRNO(signalfd(p[0], &s, 0), EINVAL);
    CHILD_CHECK_ERRNO(signalfd(1000, &s, 0), EBADF);
    return 0;
  }));
}

TEST(Signalfd, FlagsShowInFcntl) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1}, SFD_NONBLOCK | SFD_CLOEXEC);
    CHILD_CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
    CHILD_CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    CHILD_CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
    return 0;
  }));
}

TEST(Signalfd, PollReportsAPendingSignal) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1}, 0);
    struct pollfd p = {fd, POLLIN, 0};
    CHILD_CHECK(poll(&p, 1, 0) == 0);
    CHILD_CHECK(kill(getpid(), SIGUSR1) == 0);
    CHILD_CHECK(poll(&p, 1, 1000) == 1 && p.revents == POLLIN);
    return 0;
  }));
}

void* KillLater(void*) {
  usleep(50 * 1000);
  kill(getpid(), SIGUSR1);
  return nullptr;
}

TEST(Signalfd, BlockingReadWaitsForASignal) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1}, 0);
    pthread_t t;
    // The thread inherits the blocked mask, so the signal stays pending
    // for the reader.
    CHILD_CHECK(pthread_create(&t, nullptr, KillLater, nullptr) == 0);
    struct signalfd_siginfo si;
    CHILD_CHECK(ReadInfo(fd, &si) == (long)sizeof(si));
    CHILD_CHECK(si.ssi_signo == SIGUSR1);
    pthread_join(t, nullptr);
    return 0;
  }));
}

TEST(Signalfd, ChildExitReportsItsStatus) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGCHLD}, 0);
    pid_t pid = fork();
    CHILD_CHECK(pid >= 0);
    if (pid == 0) _exit(7);
    struct signalfd_siginfo si;
    CHILD_CHECK(ReadInfo(fd, &si) == (long)sizeof(si));
    CHILD_CHECK(si.ssi_signo == SIGCHLD);
    CHILD_CHECK(si.ssi_code == CLD_EXITED);
    CHILD_CHECK(si.ssi_pid == (uint32_t)pid);
    CHILD_CHECK(si.ssi_status == 7);
    CHILD_CHECK(waitpid(pid, nullptr, 0) == pid);
    return 0;
  }));
}

TEST(Signalfd, TimerSignalCarriesTheTimerFields) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGALRM}, 0);
    struct sigevent ev = {};
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGALRM;
    ev.sigev_value.sival_int = 99;
    timer_t tid;
    CHILD_CHECK(timer_create(CLOCK_MONOTONIC, &ev, &tid) == 0);
    struct itimerspec its = {};
    its.it_value.tv_nsec = 10 * 1000 * 1000;
    CHILD_CHECK(timer_settime(tid, 0, &its, nullptr) == 0);
    struct signalfd_siginfo si;
    CHILD_CHECK(ReadInfo(fd, &si) == (long)sizeof(si));
    CHILD_CHECK(si.ssi_signo == SIGALRM);
    CHILD_CHECK(si.ssi_code == SI_TIMER);
    CHILD_CHECK(si.ssi_int == 99);
    return 0;
  }));
}

TEST(Signalfd, TgkillReadsAsSiTkill) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR2}, 0);
    CHILD_CHECK(syscall(SYS_tgkill, getpid(), gettid(), SIGUSR2) == 0);
    struct signalfd_siginfo si;
    CHILD_CHECK(ReadInfo(fd, &si) == (long)sizeof(si));
    CHILD_CHECK(si.ssi_signo == SIGUSR2 && si.ssi_code == SI_TKILL);
    return 0;
  }));
}

// A signalfd reads the signals of the process that reads it: a child
// that inherited the descriptor sees its own, not its parent's.
TEST(Signalfd, AForkedChildReadsItsOwnSignals) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1, SIGUSR2}, SFD_NONBLOCK);
    CHILD_CHECK(kill(getpid(), SIGUSR1) == 0);
    pid_t pid = fork();
    CHILD_CHECK(pid >= 0);
    if (pid == 0) {
      struct signalfd_siginfo si;
      // The parent's pending SIGUSR1 is not the child's.
      CHILD_CHECK_ERRNO(ReadInfo(fd, &si), EAGAIN);
      CHILD_CHECK(kill(getpid(), SIGUSR2) == 0);
      CHILD_CHECK(ReadInfo(fd, &si) == (long)sizeof(si));
      CHILD_CHECK(si.ssi_signo == SIGUSR2);
      _exit(0);
    }
    int status;
    CHILD_CHECK(waitpid(pid, &status, 0) == pid);
    CHILD_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    struct signalfd_siginfo si;
    CHILD_CHECK(ReadInfo(fd, &si) == (long)sizeof(si));
    CHILD_CHECK(si.ssi_signo == SIGUSR1);
    return 0;
  }));
}

TEST(Signalfd, FdLinkNamesTheSignalfd) {
  EXPECT_EXIT0(RunInChild([] {
    int fd = BlockAndOpen({SIGUSR1}, 0);
    char buf[64] = {};
    std::string link = "/proc/self/fd/" + std::to_string(fd);
    CHILD_CHECK(readlink(link.c_str(), buf, sizeof(buf) - 1) > 0);
    CHILD_CHECK(std::string(buf) == "anon_inode:[signalfd]");
    return 0;
  }));
}

}  // namespace
}  // namespace cub
