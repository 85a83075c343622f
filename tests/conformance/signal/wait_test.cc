// Signals meeting blocking calls: EINTR versus SA_RESTART, sigsuspend,
// sigtimedwait and sigwaitinfo; and the alternate signal stack.
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/time.h>

#include "conformance.h"

namespace cub {
namespace {

volatile sig_atomic_t g_alarms;
int g_wake_fd = -1;

void AlarmCounter(int) { g_alarms = g_alarms + 1; }

// After the third SIGALRM the handler makes the pipe readable.
void AlarmThenWrite(int) {
  g_alarms = g_alarms + 1;
  if (g_alarms == 3) write(g_wake_fd, "x", 1);
}

// A periodic ITIMER_REAL (every 20 ms) interrupts a read() that blocks on
// an empty pipe.
void StartPeriodicAlarm() {
  struct itimerval it = {{0, 20000}, {0, 20000}};
  setitimer(ITIMER_REAL, &it, nullptr);
}

TEST(Restart, ReadWithoutSaRestartFailsWithEintr) {
  int status = RunInChild([] {
    CHILD_CHECK(InstallHandler(SIGALRM, AlarmCounter, 0) == 0);
    int p[2];
    CHILD_CHECK(pipe(p) == 0);
    StartPeriodicAlarm();
    char c;
    // A signal that arrives before read() blocks only runs the handler;
    // the next one interrupts the read.
    CHILD_CHECK_ERRNO(read(p[0], &c, 1), EINTR);
    CHILD_CHECK(g_alarms >= 1);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Restart, ReadWithSaRestartIsRestartedTransparently) {
  int status = RunInChild([] {
    CHILD_CHECK(InstallHandler(SIGALRM, AlarmThenWrite, SA_RESTART) == 0);
    int p[2];
    CHILD_CHECK(pipe(p) == 0);
    g_wake_fd = p[1];
    StartPeriodicAlarm();
    char c = 0;
    ssize_t n = read(p[0], &c, 1);
    CHILD_CHECK(n == 1);
    CHILD_CHECK(c == 'x');
    CHILD_CHECK(g_alarms >= 3);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Restart, IgnoredSignalDoesNotInterruptRead) {
  // A signal whose action is SIG_IGN is discarded without waking the
  // reader; the read returns the data written later.
  int status = RunInChild([] {
    signal(SIGUSR1, SIG_IGN);
    int p[2];
    CHILD_CHECK(pipe(p) == 0);
    pid_t reader = getpid();
    pid_t pid = fork();
    if (pid == 0) {
      for (int i = 0; i < 5; i++) {
        usleep(5000);
        kill(reader, SIGUSR1);
      }
      write(p[1], "y", 1);
      _exit(0);
    }
    char c = 0;
    CHILD_CHECK(read(p[0], &c, 1) == 1);
    CHILD_CHECK(c == 'y');
    CHILD_CHECK(WaitStatus(pid) == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

// ---------------------------------------------------------------------
// sigsuspend, sigtimedwait, sigwaitinfo

volatile sig_atomic_t g_usr1;
void Usr1Handler(int) { g_usr1 = g_usr1 + 1; }

TEST(Sigsuspend, RunsThePendingHandlerReturnsEintrAndRestoresTheMask) {
  SignalGuard guard({SIGUSR1});
  g_usr1 = 0;
  ASSERT_EQ(InstallHandler(SIGUSR1, Usr1Handler), 0);
  BlockSignal(SIGUSR1);
  raise(SIGUSR1);
  sigset_t empty;
  sigemptyset(&empty);
  EXPECT_ERRNO(sigsuspend(&empty), EINTR);
  EXPECT_EQ(g_usr1, 1);
  sigset_t cur;
  sigprocmask(SIG_SETMASK, nullptr, &cur);
  EXPECT_TRUE(sigismember(&cur, SIGUSR1)) << "the old mask is back";
}

TEST(Sigsuspend, WaitsForASignalFromAnotherProcess) {
  SignalGuard guard({SIGUSR1});
  g_usr1 = 0;
  ASSERT_EQ(InstallHandler(SIGUSR1, Usr1Handler), 0);
  BlockSignal(SIGUSR1);  // no lost wake-up: it stays pending until sigsuspend
  pid_t parent = getpid();
  pid_t pid = StartChild([parent] {
    usleep(20000);
    return kill(parent, SIGUSR1);
  });
  sigset_t empty;
  sigemptyset(&empty);
  EXPECT_ERRNO(sigsuspend(&empty), EINTR);
  EXPECT_EQ(g_usr1, 1);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST(Sigtimedwait, TimeoutWithNothingPendingIsEagain) {
  SignalGuard guard({});
  BlockSignal(SIGUSR2);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  struct timespec ts = {0, 30 * 1000 * 1000};
  long long start = MonotonicNs();
  EXPECT_ERRNO(sigtimedwait(&set, nullptr, &ts), EAGAIN);
  EXPECT_GE(MonotonicNs() - start, 25 * 1000 * 1000LL);
}

TEST(Sigtimedwait, ZeroTimeoutPollsWithoutBlocking) {
  SignalGuard guard({});
  BlockSignal(SIGUSR2);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  struct timespec ts = {0, 0};
  EXPECT_ERRNO(sigtimedwait(&set, nullptr, &ts), EAGAIN);
}

TEST(Sigtimedwait, InvalidTimeoutIsEinval) {
  SignalGuard guard({});
  BlockSignal(SIGUSR2);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  struct timespec ts = {0, 1000000000};
  EXPECT_ERRNO(sigtimedwait(&set, nullptr, &ts), EINVAL);
}

TEST(Sigtimedwait, ConsumesThePendingSignalAndReturnsItsInfo) {
  SignalGuard guard({SIGUSR1});
  g_usr1 = 0;
  ASSERT_EQ(InstallHandler(SIGUSR1, Usr1Handler), 0);
  BlockSignal(SIGUSR1);
  union sigval sv;
  sv.sival_int = 77;
  ASSERT_EQ(sigqueue(getpid(), SIGUSR1, sv), 0);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  siginfo_t si;
  struct timespec ts = {5, 0};
  EXPECT_EQ(sigtimedwait(&set, &si, &ts), SIGUSR1);
  EXPECT_EQ(si.si_signo, SIGUSR1);
  EXPECT_EQ(si.si_code, SI_QUEUE);
  EXPECT_EQ(si.si_pid, getpid());
  EXPECT_EQ(si.si_value.sival_int, 77);
  sigset_t pending;
  sigpending(&pending);
  EXPECT_FALSE(sigismember(&pending, SIGUSR1));
  UnblockSignal(SIGUSR1);
  EXPECT_EQ(g_usr1, 0) << "the handler never ran";
}

TEST(Sigwaitinfo, ReturnsASignalSentLaterByAChild) {
  SignalGuard guard({});
  BlockSignal(SIGUSR2);
  pid_t parent = getpid();
  pid_t pid = StartChild([parent] {
    usleep(20000);
    return kill(parent, SIGUSR2);
  });
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  siginfo_t si;
  EXPECT_EQ(sigwaitinfo(&set, &si), SIGUSR2);
  EXPECT_EQ(si.si_code, SI_USER);
  EXPECT_EQ(si.si_pid, pid);
  EXPECT_EQ(si.si_uid, getuid());
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST(Sigwaitinfo, ReturnsTheLowestPendingSignalFirst) {
  SignalGuard guard({});
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  sigaddset(&set, SIGHUP);
  sigprocmask(SIG_BLOCK, &set, nullptr);
  raise(SIGUSR2);
  raise(SIGHUP);
  raise(SIGUSR1);
  EXPECT_EQ(sigwaitinfo(&set, nullptr), SIGHUP);
  EXPECT_EQ(sigwaitinfo(&set, nullptr), SIGUSR1);
  EXPECT_EQ(sigwaitinfo(&set, nullptr), SIGUSR2);
}

// ---------------------------------------------------------------------
// sigaltstack

constexpr size_t kAltSize = 64 * 1024;
char* g_alt_base;
volatile uintptr_t g_handler_sp;
volatile int g_onstack_flags;
volatile int g_change_errno;

void AltstackProbe(int) {
  char local;
  g_handler_sp = reinterpret_cast<uintptr_t>(&local);
  stack_t cur;
  sigaltstack(nullptr, &cur);
  g_onstack_flags = cur.ss_flags;
  // sigaltstack(2): EPERM, an attempt to change the stack while on it.
  stack_t other = {};
  other.ss_sp = g_alt_base;
  other.ss_size = kAltSize;
  g_change_errno = sigaltstack(&other, nullptr) == 0 ? 0 : errno;
}

bool OnAltStack(uintptr_t sp) {
  auto base = reinterpret_cast<uintptr_t>(g_alt_base);
  return sp >= base && sp < base + kAltSize;
}

// Alternate stacks are per thread; the tests run in children so that the
// test process keeps none.
TEST(Sigaltstack, SaOnstackHandlerRunsOnTheAlternateStack) {
  int status = RunInChild([] {
    g_alt_base = static_cast<char*>(malloc(kAltSize));
    stack_t ss = {};
    ss.ss_sp = g_alt_base;
    ss.ss_size = kAltSize;
    CHILD_CHECK(sigaltstack(&ss, nullptr) == 0);
    CHILD_CHECK(InstallHandler(SIGUSR1, AltstackProbe, SA_ONSTACK) == 0);
    raise(SIGUSR1);
    CHILD_CHECK(OnAltStack(g_handler_sp));
    CHILD_CHECK(g_onstack_flags == SS_ONSTACK);
    CHILD_CHECK(g_change_errno == EPERM);
    // Back on the normal stack, the alternate stack is idle again.
    stack_t cur;
    CHILD_CHECK(sigaltstack(nullptr, &cur) == 0);
    CHILD_CHECK(cur.ss_flags == 0);
    CHILD_CHECK(cur.ss_sp == g_alt_base);
    CHILD_CHECK(cur.ss_size == kAltSize);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Sigaltstack, HandlerWithoutSaOnstackUsesTheNormalStack) {
  int status = RunInChild([] {
    g_alt_base = static_cast<char*>(malloc(kAltSize));
    stack_t ss = {};
    ss.ss_sp = g_alt_base;
    ss.ss_size = kAltSize;
    CHILD_CHECK(sigaltstack(&ss, nullptr) == 0);
    CHILD_CHECK(InstallHandler(SIGUSR1, AltstackProbe, 0) == 0);
    raise(SIGUSR1);
    CHILD_CHECK(!OnAltStack(g_handler_sp));
    CHILD_CHECK(g_onstack_flags == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Sigaltstack, StackSmallerThanMinsigstkszIsEnomem) {
  int status = RunInChild([] {
    static char small[1024];
    stack_t ss = {};
    ss.ss_sp = small;
    ss.ss_size = sizeof small;  // MINSIGSTKSZ is 2048
    CHILD_CHECK_ERRNO(sigaltstack(&ss, nullptr), ENOMEM);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Sigaltstack, UnknownFlagsAreEinval) {
  int status = RunInChild([] {
    stack_t ss = {};
    ss.ss_sp = malloc(kAltSize);
    ss.ss_size = kAltSize;
    ss.ss_flags = 0x1234;
    CHILD_CHECK_ERRNO(sigaltstack(&ss, nullptr), EINVAL);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Sigaltstack, NoneByDefaultAndSsDisableRemovesIt) {
  int status = RunInChild([] {
    stack_t cur;
    CHILD_CHECK(sigaltstack(nullptr, &cur) == 0);
    CHILD_CHECK(cur.ss_flags == SS_DISABLE);
    stack_t ss = {};
    ss.ss_sp = malloc(kAltSize);
    ss.ss_size = kAltSize;
    CHILD_CHECK(sigaltstack(&ss, nullptr) == 0);
    stack_t off = {};
    off.ss_flags = SS_DISABLE;
    stack_t old;
    CHILD_CHECK(sigaltstack(&off, &old) == 0);
    CHILD_CHECK(old.ss_sp == ss.ss_sp);
    CHILD_CHECK(sigaltstack(nullptr, &cur) == 0);
    CHILD_CHECK(cur.ss_flags == SS_DISABLE);
    return 0;
  });
  EXPECT_EXIT0(status);
}

void OverflowHandler(int) { _exit(42); }

#pragma GCC diagnostic ignored "-Winfinite-recursion"
__attribute__((noinline)) int Recurse(int depth) {
  volatile char buf[1024];
  buf[0] = static_cast<char>(depth);
  return Recurse(depth + 1) + buf[0];
}

TEST(Sigaltstack, StackOverflowSigsegvIsHandledOnTheAlternateStack) {
  // The classic use: the normal stack is exhausted, so only a handler on
  // the alternate stack can run.
  int status = RunInChild([] {
    stack_t ss = {};
    ss.ss_sp = malloc(kAltSize);
    ss.ss_size = kAltSize;
    CHILD_CHECK(sigaltstack(&ss, nullptr) == 0);
    CHILD_CHECK(InstallHandler(SIGSEGV, OverflowHandler, SA_ONSTACK) == 0);
    return Recurse(0);
  });
  EXPECT_EXIT_STATUS(status, 42);
}

TEST(Sigaltstack, StackOverflowWithoutAlternateStackKillsWithSigsegv) {
  int status = RunInChild([] {
    CHILD_CHECK(InstallHandler(SIGSEGV, OverflowHandler, 0) == 0);
    return Recurse(0);
  });
  EXPECT_KILLED_BY(status, SIGSEGV);
}

}  // namespace
}  // namespace cub
