// POSIX per-process timers beyond the one-shot basics in clock_test.cc:
// interval timers, overruns, absolute expiry, SIGEV_NONE, the kernel's
// default notification, CPU-time clocks, and argument errors.
#include <sys/syscall.h>
#include <time.h>

#include "conformance.h"

namespace cub {
namespace {

long long Ns(const struct timespec& ts) { return ts.tv_sec * 1000000000LL + ts.tv_nsec; }

// Waits up to 10 s for sig (blocked by the caller); its number or -1.
int WaitFor(int sig, siginfo_t* si) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  struct timespec ts = {10, 0};
  return sigtimedwait(&set, si, &ts);
}

// A SIGEV_SIGNAL timer; false if timer_create failed.  (A timer_t may
// well be 0: glibc's is the kernel's id, and the first id is 0.)
bool SignalTimer(clockid_t clock, int sig, int value, timer_t* t) {
  struct sigevent sev = {};
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = sig;
  sev.sigev_value.sival_int = value;
  return timer_create(clock, &sev, t) == 0;
}

TEST(PosixTimer, IntervalTimerKeepsFiringUntilDisarmed) {
  int status = RunInChild([] {
    BlockSignal(SIGRTMIN);
    timer_t t;
    CHILD_CHECK(SignalTimer(CLOCK_MONOTONIC, SIGRTMIN, 5, &t));
    struct itimerspec its = {{0, 10 * 1000 * 1000}, {0, 10 * 1000 * 1000}};
    CHILD_CHECK(timer_settime(t, 0, &its, nullptr) == 0);
    for (int i = 0; i < 3; i++) {
      siginfo_t si;
      CHILD_CHECK(WaitFor(SIGRTMIN, &si) == SIGRTMIN);
      CHILD_CHECK(si.si_code == SI_TIMER);
      CHILD_CHECK(si.si_value.sival_int == 5);
    }
    struct itimerspec cur;
    CHILD_CHECK(timer_gettime(t, &cur) == 0);
    CHILD_CHECK(Ns(cur.it_interval) == 10 * 1000 * 1000LL);
    CHILD_CHECK(Ns(cur.it_value) > 0 && Ns(cur.it_value) <= 10 * 1000 * 1000LL);
    // A zero it_value disarms it, and the old setting comes back.
    struct itimerspec off = {}, old;
    CHILD_CHECK(timer_settime(t, 0, &off, &old) == 0);
    CHILD_CHECK(Ns(old.it_interval) == 10 * 1000 * 1000LL);
    CHILD_CHECK(timer_gettime(t, &cur) == 0);
    CHILD_CHECK(Ns(cur.it_value) == 0 && Ns(cur.it_interval) == 0);
    CHILD_CHECK(timer_delete(t) == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(PosixTimer, ExpiriesWhileTheSignalIsPendingAreOverruns) {
  // timer_getoverrun(2): while the signal is pending, further expiries
  // only raise the overrun count, which the delivered siginfo carries and
  // timer_getoverrun repeats.
  int status = RunInChild([] {
    BlockSignal(SIGRTMIN);
    timer_t t;
    CHILD_CHECK(SignalTimer(CLOCK_MONOTONIC, SIGRTMIN, 0, &t));
    CHILD_CHECK(timer_getoverrun(t) == 0);
    struct itimerspec its = {{0, 2 * 1000 * 1000}, {0, 2 * 1000 * 1000}};
    CHILD_CHECK(timer_settime(t, 0, &its, nullptr) == 0);
    usleep(100 * 1000);  // about 50 periods with the signal blocked
    siginfo_t si;
    CHILD_CHECK(WaitFor(SIGRTMIN, &si) == SIGRTMIN);
    CHILD_CHECK(si.si_overrun >= 10);
    CHILD_CHECK(timer_getoverrun(t) == si.si_overrun);
    CHILD_CHECK(timer_delete(t) == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(PosixTimer, AbsoluteTimeInThePastExpiresAtOnce) {
  int status = RunInChild([] {
    BlockSignal(SIGRTMIN);
    timer_t t;
    CHILD_CHECK(SignalTimer(CLOCK_REALTIME, SIGRTMIN, 7, &t));
    struct itimerspec its = {{0, 0}, {1, 0}};  // 1970, long past
    long long start = MonotonicNs();
    CHILD_CHECK(timer_settime(t, TIMER_ABSTIME, &its, nullptr) == 0);
    siginfo_t si;
    CHILD_CHECK(WaitFor(SIGRTMIN, &si) == SIGRTMIN);
    CHILD_CHECK(MonotonicNs() - start < 5 * 1000000000LL);
    CHILD_CHECK(si.si_value.sival_int == 7);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(PosixTimer, SigevNoneSendsNothingButCountsDown) {
  int status = RunInChild([] {
    struct sigevent sev = {};
    sev.sigev_notify = SIGEV_NONE;
    timer_t t;
    CHILD_CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0);
    struct itimerspec its = {{0, 0}, {10, 0}};
    CHILD_CHECK(timer_settime(t, 0, &its, nullptr) == 0);
    usleep(20 * 1000);
    struct itimerspec cur;
    CHILD_CHECK(timer_gettime(t, &cur) == 0);
    CHILD_CHECK(Ns(cur.it_value) > 5 * 1000000000LL);
    CHILD_CHECK(Ns(cur.it_value) < 10 * 1000000000LL);
    CHILD_CHECK(timer_delete(t) == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(PosixTimer, WithoutASigeventTheKernelSendsSigalrmWithTheTimerId) {
  // timer_create(2): a NULL sevp means SIGEV_SIGNAL, SIGALRM and the timer
  // id as sival_int.  (glibc never passes NULL, so the raw call.)
  int status = RunInChild([] {
    BlockSignal(SIGALRM);
    int id = -1;
    CHILD_CHECK(syscall(SYS_timer_create, CLOCK_MONOTONIC, nullptr, &id) == 0);
    CHILD_CHECK(id >= 0);
    struct itimerspec its = {{0, 0}, {0, 5 * 1000 * 1000}};
    CHILD_CHECK(syscall(SYS_timer_settime, id, 0, &its, nullptr) == 0);
    siginfo_t si;
    CHILD_CHECK(WaitFor(SIGALRM, &si) == SIGALRM);
    CHILD_CHECK(si.si_code == SI_TIMER);
    CHILD_CHECK(si.si_timerid == id);
    CHILD_CHECK(si.si_value.sival_int == id);
    CHILD_CHECK(syscall(SYS_timer_delete, id) == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(PosixTimer, ProcessCpuClockTimerCountsCpuTime) {
  int status = RunInChild([] {
    BlockSignal(SIGRTMIN);
    timer_t t;
    CHILD_CHECK(SignalTimer(CLOCK_PROCESS_CPUTIME_ID, SIGRTMIN, 3, &t));
    struct itimerspec its = {{0, 0}, {0, 20 * 1000 * 1000}};
    CHILD_CHECK(timer_settime(t, 0, &its, nullptr) == 0);
    // Sleeping uses no CPU time: nothing yet.
    usleep(50 * 1000);
    sigset_t pending;
    sigpending(&pending);
    CHILD_CHECK(!sigismember(&pending, SIGRTMIN));
    SpinCpu(100);
    siginfo_t si;
    CHILD_CHECK(WaitFor(SIGRTMIN, &si) == SIGRTMIN);
    CHILD_CHECK(si.si_code == SI_TIMER && si.si_value.sival_int == 3);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(PosixTimer, BadSettingsAndIdsAreEinval) {
  int status = RunInChild([] {
    timer_t t;
    CHILD_CHECK(SignalTimer(CLOCK_MONOTONIC, SIGRTMIN, 0, &t));
    struct itimerspec bad = {{0, 0}, {0, 1000000000}};
    CHILD_CHECK_ERRNO(timer_settime(t, 0, &bad, nullptr), EINVAL);
    struct itimerspec neg = {{0, 0}, {-1, 0}};
    CHILD_CHECK_ERRNO(timer_settime(t, 0, &neg, nullptr), EINVAL);
    CHILD_CHECK(timer_delete(t) == 0);
    struct itimerspec ok = {{0, 0}, {1, 0}}, cur;
    CHILD_CHECK_ERRNO(timer_settime(t, 0, &ok, nullptr), EINVAL);
    CHILD_CHECK_ERRNO(timer_gettime(t, &cur), EINVAL);
    CHILD_CHECK_ERRNO(timer_getoverrun(t), EINVAL);
    // An unknown notification, and a thread outside the process.
    struct sigevent sev = {};
    sev.sigev_notify = 99;
    sev.sigev_signo = SIGRTMIN;
    CHILD_CHECK_ERRNO(timer_create(CLOCK_MONOTONIC, &sev, &t), EINVAL);
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev._sigev_un._tid = getppid();
    CHILD_CHECK_ERRNO(timer_create(CLOCK_MONOTONIC, &sev, &t), EINVAL);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(PosixTimer, ThreadIdNotificationGoesToThatThread) {
  // SIGEV_THREAD_ID (glibc's SIGEV_THREAD machinery uses it): the signal
  // is pending for that thread, not for the process.
  int status = RunInChild([] {
    BlockSignal(SIGRTMIN);
    struct sigevent sev = {};
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = SIGRTMIN;
    sev._sigev_un._tid = static_cast<pid_t>(syscall(SYS_gettid));
    timer_t t;
    CHILD_CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0);
    struct itimerspec its = {{0, 0}, {0, 5 * 1000 * 1000}};
    CHILD_CHECK(timer_settime(t, 0, &its, nullptr) == 0);
    siginfo_t si;
    CHILD_CHECK(WaitFor(SIGRTMIN, &si) == SIGRTMIN);
    CHILD_CHECK(si.si_code == SI_TIMER);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(PosixTimer, TimersAreNotInheritedByFork) {
  int status = RunInChild([] {
    timer_t t;
    CHILD_CHECK(SignalTimer(CLOCK_MONOTONIC, SIGRTMIN, 0, &t));
    int inner = RunInChild([t] {
      struct itimerspec cur;
      CHILD_CHECK_ERRNO(timer_gettime(t, &cur), EINVAL);
      return 0;
    });
    CHILD_CHECK(WIFEXITED(inner) && WEXITSTATUS(inner) == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

}  // namespace
}  // namespace cub
