// Clocks and sleeping: clock_gettime, clock_getres, gettimeofday, time,
// nanosleep, clock_nanosleep, POSIX timers, times, getrusage.
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

#include <thread>

#include "conformance.h"

namespace cub {
namespace {

long long Ns(const struct timespec& ts) { return ts.tv_sec * 1000000000LL + ts.tv_nsec; }

long long ClockNs(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return Ns(ts);
}

// 2020-01-01T00:00:00Z: any sane wall clock is past it.
constexpr time_t kYear2020 = 1577836800;

TEST(ClockGettime, RealtimeIsAPlausibleWallClock) {
  struct timespec ts;
  ASSERT_EQ(clock_gettime(CLOCK_REALTIME, &ts), 0);
  EXPECT_GT(ts.tv_sec, kYear2020);
  EXPECT_GE(ts.tv_nsec, 0);
  EXPECT_LT(ts.tv_nsec, 1000000000);
}

TEST(ClockGettime, EveryCommonClockAnswers) {
  for (clockid_t id : {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME,
                       CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
                       CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE,
                       CLOCK_MONOTONIC_COARSE}) {
    struct timespec ts = {-1, -1};
    EXPECT_EQ(clock_gettime(id, &ts), 0) << "clock " << id;
    EXPECT_GE(ts.tv_sec, 0) << "clock " << id;
    EXPECT_GE(ts.tv_nsec, 0) << "clock " << id;
    EXPECT_LT(ts.tv_nsec, 1000000000) << "clock " << id;
  }
}

TEST(ClockGettime, MonotonicNeverGoesBackwards) {
  long long prev = ClockNs(CLOCK_MONOTONIC);
  for (int i = 0; i < 100000; i++) {
    long long now = ClockNs(CLOCK_MONOTONIC);
    ASSERT_GE(now, prev) << "at iteration " << i;
    prev = now;
  }
}

TEST(ClockGettime, MonotonicNeverGoesBackwardsAcrossThreads) {
  std::atomic<long long> last{0};
  std::atomic<bool> bad{false};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; t++)
    ts.emplace_back([&] {
      for (int i = 0; i < 20000; i++) {
        long long seen = last.load();
        long long now = ClockNs(CLOCK_MONOTONIC);
        if (now < seen) bad = true;
        while (seen < now && !last.compare_exchange_weak(seen, now)) {
        }
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_FALSE(bad.load());
}

TEST(ClockGettime, MonotonicAdvancesAcrossASleep) {
  long long a = ClockNs(CLOCK_MONOTONIC);
  usleep(20 * 1000);
  long long b = ClockNs(CLOCK_MONOTONIC);
  EXPECT_GE(b - a, 20 * 1000 * 1000LL);
  EXPECT_LT(b - a, 10 * 1000000000LL);
}

TEST(ClockGettime, BoottimeIsAtLeastMonotonic) {
  long long mono = ClockNs(CLOCK_MONOTONIC);
  long long boot = ClockNs(CLOCK_BOOTTIME);
  EXPECT_GE(boot, mono);
}

TEST(ClockGettime, ProcessCpuTimeGrowsWhileSpinning) {
  long long a = ClockNs(CLOCK_PROCESS_CPUTIME_ID);
  SpinFor(30);
  long long b = ClockNs(CLOCK_PROCESS_CPUTIME_ID);
  EXPECT_GT(b, a);
  long long ta = ClockNs(CLOCK_THREAD_CPUTIME_ID);
  SpinFor(10);
  EXPECT_GT(ClockNs(CLOCK_THREAD_CPUTIME_ID), ta);
}

TEST(ClockGettime, CpuTimeDoesNotAdvanceMuchWhileSleeping) {
  long long cpu = ClockNs(CLOCK_PROCESS_CPUTIME_ID);
  usleep(100 * 1000);
  // 100 ms asleep should cost well under 100 ms of CPU.
  EXPECT_LT(ClockNs(CLOCK_PROCESS_CPUTIME_ID) - cpu, 50 * 1000 * 1000LL);
}

TEST(ClockGettime, UnknownClockIsEinval) {
  struct timespec ts;
  EXPECT_ERRNO(clock_gettime(12345, &ts), EINVAL);
  EXPECT_ERRNO(syscall(SYS_clock_gettime, 12345, &ts), EINVAL);
  EXPECT_ERRNO(syscall(SYS_clock_gettime, -1000, &ts), EINVAL);
}

TEST(ClockGettime, RawSystemCallAgreesWithTheVdso) {
  struct timespec a, b, c;
  clock_gettime(CLOCK_MONOTONIC, &a);
  ASSERT_EQ(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b), 0);
  clock_gettime(CLOCK_MONOTONIC, &c);
  EXPECT_LE(Ns(a), Ns(b));
  EXPECT_LE(Ns(b), Ns(c));
}

TEST(ClockGetres, ResolutionIsPositiveAndFine) {
  for (clockid_t id : {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME,
                       CLOCK_PROCESS_CPUTIME_ID}) {
    struct timespec res = {-1, -1};
    ASSERT_EQ(clock_getres(id, &res), 0) << "clock " << id;
    EXPECT_EQ(res.tv_sec, 0) << "clock " << id;
    EXPECT_GT(res.tv_nsec, 0) << "clock " << id;
    EXPECT_LE(res.tv_nsec, 10 * 1000 * 1000) << "clock " << id;
  }
  EXPECT_EQ(clock_getres(CLOCK_MONOTONIC, nullptr), 0) << "res may be NULL";
  struct timespec res;
  EXPECT_ERRNO(clock_getres(12345, &res), EINVAL);
}

TEST(Gettimeofday, AgreesWithClockRealtime) {
  struct timespec a, c;
  struct timeval tv;
  clock_gettime(CLOCK_REALTIME, &a);
  ASSERT_EQ(gettimeofday(&tv, nullptr), 0);
  clock_gettime(CLOCK_REALTIME, &c);
  long long us = tv.tv_sec * 1000000LL + tv.tv_usec;
  EXPECT_GE(us, Ns(a) / 1000);
  EXPECT_LE(us, Ns(c) / 1000 + 1);
  EXPECT_LT(tv.tv_usec, 1000000);
}

TEST(Gettimeofday, RawSystemCallAcceptsANullTimezoneAndFillsTheOther) {
  struct timeval tv = {};
  ASSERT_EQ(syscall(SYS_gettimeofday, &tv, nullptr), 0);
  EXPECT_GT(tv.tv_sec, kYear2020);
  struct timezone tz;
  EXPECT_EQ(syscall(SYS_gettimeofday, nullptr, &tz), 0);
}

TEST(Time, AgreesWithGettimeofdayAndStoresItsResult) {
  struct timeval before;
  gettimeofday(&before, nullptr);
  time_t out = 0;
  time_t t = time(&out);
  struct timeval after;
  gettimeofday(&after, nullptr);
  EXPECT_EQ(t, out);
  EXPECT_GE(t, before.tv_sec);
  EXPECT_LE(t, after.tv_sec);
  time_t raw = syscall(SYS_time, nullptr);
  EXPECT_GE(raw, t);
  EXPECT_LE(raw, after.tv_sec + 1);
}

// ---------------------------------------------------------------------
// Sleeping

TEST(Nanosleep, SleepsAtLeastTheRequestedTime) {
  struct timespec req = {0, 30 * 1000 * 1000};
  long long start = MonotonicNs();
  ASSERT_EQ(nanosleep(&req, nullptr), 0);
  long long slept = MonotonicNs() - start;
  EXPECT_GE(slept, 30 * 1000 * 1000LL);
  EXPECT_LT(slept, 10 * 1000000000LL);
}

TEST(Nanosleep, ZeroSleepReturnsAtOnce) {
  struct timespec req = {0, 0};
  EXPECT_EQ(nanosleep(&req, nullptr), 0);
}

TEST(Nanosleep, OutOfRangeNanosecondsOrNegativeSecondsAreEinval) {
  struct timespec a = {0, 1000000000}, b = {0, -1}, c = {-1, 0};
  EXPECT_ERRNO(nanosleep(&a, nullptr), EINVAL);
  EXPECT_ERRNO(nanosleep(&b, nullptr), EINVAL);
  EXPECT_ERRNO(nanosleep(&c, nullptr), EINVAL);
}

volatile sig_atomic_t g_alarm;
void OnAlarm(int) { g_alarm = 1; }

// Arms a one-shot ITIMER_REAL of ms milliseconds with OnAlarm as handler.
void ArmAlarm(int ms, int sa_flags) {
  g_alarm = 0;
  InstallHandler(SIGALRM, OnAlarm, sa_flags);
  struct itimerval it = {{0, 0}, {0, ms * 1000}};
  setitimer(ITIMER_REAL, &it, nullptr);
}

TEST(Nanosleep, InterruptedByAHandlerReturnsEintrAndTheRemainingTime) {
  int status = RunInChild([] {
    ArmAlarm(50, 0);
    struct timespec req = {5, 0}, rem = {-1, -1};
    CHILD_CHECK_ERRNO(nanosleep(&req, &rem), EINTR);
    CHILD_CHECK(g_alarm == 1);
    long long left = Ns(rem);
    CHILD_CHECK(left > 0);
    CHILD_CHECK(left < 5 * 1000000000LL);
    CHILD_CHECK(left > 3 * 1000000000LL);  // roughly 4.95 s
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Nanosleep, IsNotRestartedEvenWithSaRestart) {
  // signal(7): nanosleep is never restarted after a handler, whatever
  // SA_RESTART says; it fails with EINTR.
  int status = RunInChild([] {
    ArmAlarm(30, SA_RESTART);
    struct timespec req = {5, 0};
    long long start = MonotonicNs();
    CHILD_CHECK_ERRNO(nanosleep(&req, nullptr), EINTR);
    CHILD_CHECK(MonotonicNs() - start < 4 * 1000000000LL);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Nanosleep, StopAndContinueDoNotEndTheSleep) {
  // A stop signal is not a handler: after SIGCONT the sleep goes on.
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t pid = StartChild([&] {
    write(ready[1], "r", 1);
    struct timespec req = {0, 300 * 1000 * 1000};
    long long start = MonotonicNs();
    int r = nanosleep(&req, nullptr);
    CHILD_CHECK(r == 0);
    CHILD_CHECK(MonotonicNs() - start >= 300 * 1000 * 1000LL);
    return 0;
  });
  char c;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  usleep(20 * 1000);
  ASSERT_EQ(kill(pid, SIGSTOP), 0);
  int st;
  ASSERT_EQ(waitpid(pid, &st, WUNTRACED), pid);
  ASSERT_EQ(kill(pid, SIGCONT), 0);
  EXPECT_EXIT0(WaitStatus(pid));
  close(ready[0]);
  close(ready[1]);
}

TEST(ClockNanosleep, RelativeSleepOnMonotonic) {
  struct timespec req = {0, 20 * 1000 * 1000};
  long long start = MonotonicNs();
  EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, nullptr), 0);
  EXPECT_GE(MonotonicNs() - start, 20 * 1000 * 1000LL);
}

TEST(ClockNanosleep, AbsoluteDeadlineOnMonotonicAndRealtime) {
  for (clockid_t id : {CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME}) {
    struct timespec deadline;
    clock_gettime(id, &deadline);
    deadline.tv_nsec += 20 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) {
      deadline.tv_sec++;
      deadline.tv_nsec -= 1000000000;
    }
    EXPECT_EQ(clock_nanosleep(id, TIMER_ABSTIME, &deadline, nullptr), 0) << id;
    struct timespec now;
    clock_gettime(id, &now);
    EXPECT_GE(Ns(now), Ns(deadline)) << id;
  }
}

TEST(ClockNanosleep, DeadlineInThePastReturnsAtOnce) {
  struct timespec past = {1, 0};
  long long start = MonotonicNs();
  EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, nullptr), 0);
  EXPECT_LT(MonotonicNs() - start, 1000000000LL);
}

TEST(ClockNanosleep, ErrorsAreReturnedNotPutInErrno) {
  // clock_nanosleep(3) returns the error number itself.
  struct timespec bad = {0, 1000000000};
  EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, nullptr), EINVAL);
  struct timespec ok = {0, 1000};
  EXPECT_EQ(clock_nanosleep(12345, 0, &ok, nullptr), EINVAL);
  // Sleeping on the calling thread's CPU clock is not allowed.
  EXPECT_EQ(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ok, nullptr), EINVAL);
  // The raw call reports through errno as usual.
  EXPECT_ERRNO(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &bad, nullptr), EINVAL);
}

TEST(ClockNanosleep, RelativeSleepInterruptedReportsTheRemainder) {
  int status = RunInChild([] {
    ArmAlarm(50, 0);
    struct timespec req = {5, 0}, rem = {-1, -1};
    CHILD_CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem) == EINTR);
    CHILD_CHECK(Ns(rem) > 3 * 1000000000LL && Ns(rem) < 5 * 1000000000LL);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(ClockNanosleep, AbsoluteSleepInterruptedLeavesRemainUntouched) {
  int status = RunInChild([] {
    ArmAlarm(50, 0);
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += 5;
    struct timespec rem = {-7, -7};
    CHILD_CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, &rem) == EINTR);
    CHILD_CHECK(rem.tv_sec == -7 && rem.tv_nsec == -7);
    return 0;
  });
  EXPECT_EXIT0(status);
}

// ---------------------------------------------------------------------
// POSIX per-process timers

TEST(PosixTimer, OneShotTimerDeliversItsSignalWithSiTimer) {
  int status = RunInChild([] {
    BlockSignal(SIGRTMIN);
    struct sigevent sev = {};
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN;
    sev.sigev_value.sival_int = 99;
    timer_t t;
    CHILD_CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0);
    struct itimerspec its = {{0, 0}, {0, 30 * 1000 * 1000}};
    long long start = MonotonicNs();
    CHILD_CHECK(timer_settime(t, 0, &its, nullptr) == 0);
    struct itimerspec cur;
    CHILD_CHECK(timer_gettime(t, &cur) == 0);
    // (It may already have expired on a very busy machine: then 0.)
    CHILD_CHECK(Ns(cur.it_value) >= 0 && Ns(cur.it_value) <= 30 * 1000 * 1000LL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN);
    siginfo_t si;
    struct timespec ts = {10, 0};
    CHILD_CHECK(sigtimedwait(&set, &si, &ts) == SIGRTMIN);
    CHILD_CHECK(MonotonicNs() - start >= 30 * 1000 * 1000LL);
    CHILD_CHECK(si.si_code == SI_TIMER);
    CHILD_CHECK(si.si_value.sival_int == 99);
    CHILD_CHECK(timer_gettime(t, &cur) == 0);
    CHILD_CHECK(Ns(cur.it_value) == 0);
    CHILD_CHECK(timer_delete(t) == 0);
    CHILD_CHECK_ERRNO(timer_delete(t), EINVAL);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(PosixTimer, InvalidArgumentsAreEinval) {
  struct sigevent sev = {};
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = 200;
  timer_t t;
  EXPECT_ERRNO(timer_create(CLOCK_MONOTONIC, &sev, &t), EINVAL);
  sev.sigev_signo = SIGRTMIN;
  EXPECT_ERRNO(timer_create(12345, &sev, &t), EINVAL);
}

// ---------------------------------------------------------------------
// times and getrusage

TEST(Times, ReturnsIncreasingTicksAndOwnCpuTime) {
  EXPECT_EQ(sysconf(_SC_CLK_TCK), 100);
  struct tms a, b;
  clock_t t1 = times(&a);
  ASSERT_NE(t1, (clock_t)-1);
  SpinCpu(50);
  clock_t t2 = times(&b);
  EXPECT_GE(t2, t1);
  EXPECT_GE(b.tms_utime + b.tms_stime, a.tms_utime + a.tms_stime);
  EXPECT_GE(b.tms_utime, 0);
}

TEST(Times, ChildTimesArriveAfterTheWait) {
  struct tms before;
  times(&before);
  int status = RunInChild([] {
    SpinCpu(100);
    return 0;
  });
  EXPECT_EXIT0(status);
  struct tms after;
  times(&after);
  EXPECT_GT(after.tms_cutime + after.tms_cstime, before.tms_cutime + before.tms_cstime);
}

TEST(Getrusage, SelfCountsCpuTimeAndMemory) {
  SpinCpu(30);
  struct rusage ru;
  ASSERT_EQ(getrusage(RUSAGE_SELF, &ru), 0);
  EXPECT_GT(ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec +
                ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec,
            0);
  EXPECT_LT(ru.ru_utime.tv_usec, 1000000);
  EXPECT_GT(ru.ru_maxrss, 0);
  ASSERT_EQ(getrusage(RUSAGE_THREAD, &ru), 0);
}

TEST(Getrusage, ChildrenIncludesWaitedChildrenOnly) {
  int status = RunInChild([] {
    struct rusage ru;
    CHILD_CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0);
    CHILD_CHECK(ru.ru_utime.tv_sec == 0 && ru.ru_utime.tv_usec == 0);
    pid_t pid = fork();
    if (pid == 0) {
      SpinCpu(60);
      _exit(0);
    }
    CHILD_CHECK(WaitStatus(pid) == 0);
    CHILD_CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0);
    long long us = ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec +
                   ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec;
    CHILD_CHECK(us > 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Getrusage, UnknownWhoIsEinval) {
  struct rusage ru;
  EXPECT_ERRNO(getrusage(static_cast<__rusage_who>(42), &ru), EINVAL);
}

}  // namespace
}  // namespace cub
