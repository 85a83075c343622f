// sigaction and sigprocmask: installing and querying dispositions, the
// mask during a handler, pending signals, delivery order, the siginfo of
// kill, raise and sigqueue, and what sigreturn restores.
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include <atomic>
#include <thread>

#include "conformance.h"

extern "C" char __executable_start[], etext[];

namespace cub {
namespace {

constexpr size_t kSigsetSize = 8;  // the kernel's sigset_t: 64 bits

volatile sig_atomic_t g_count;
void CountingHandler(int) { g_count = g_count + 1; }

TEST(Sigaction, InstalledHandlerFlagsAndMaskAreReportedBack) {
  SignalGuard guard({SIGUSR1});
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR2);
  sigaddset(&mask, SIGHUP);
  ASSERT_EQ(InstallHandler(SIGUSR1, CountingHandler, SA_RESTART, &mask), 0);
  struct sigaction q;
  ASSERT_EQ(sigaction(SIGUSR1, nullptr, &q), 0);
  EXPECT_EQ(q.sa_handler, CountingHandler);
  EXPECT_TRUE(q.sa_flags & SA_RESTART);
  EXPECT_FALSE(q.sa_flags & SA_SIGINFO);
  EXPECT_TRUE(sigismember(&q.sa_mask, SIGUSR2));
  EXPECT_TRUE(sigismember(&q.sa_mask, SIGHUP));
  EXPECT_FALSE(sigismember(&q.sa_mask, SIGTERM));
}

TEST(Sigaction, ReplacingReturnsThePreviousAction) {
  SignalGuard guard({SIGUSR1});
  ASSERT_EQ(InstallHandler(SIGUSR1, CountingHandler), 0);
  struct sigaction ign = {}, old;
  ign.sa_handler = SIG_IGN;
  ASSERT_EQ(sigaction(SIGUSR1, &ign, &old), 0);
  EXPECT_EQ(old.sa_handler, CountingHandler);
  ASSERT_EQ(sigaction(SIGUSR1, nullptr, &old), 0);
  EXPECT_EQ(old.sa_handler, SIG_IGN);
}

TEST(Sigaction, SigkillAndSigstopCannotBeCaughtOrIgnored) {
  struct sigaction sa = {};
  sa.sa_handler = SIG_IGN;
  EXPECT_ERRNO(sigaction(SIGKILL, &sa, nullptr), EINVAL);
  EXPECT_ERRNO(sigaction(SIGSTOP, &sa, nullptr), EINVAL);
  sa.sa_handler = CountingHandler;
  EXPECT_ERRNO(sigaction(SIGKILL, &sa, nullptr), EINVAL);
  // Querying them is fine.
  struct sigaction q;
  EXPECT_EQ(sigaction(SIGKILL, nullptr, &q), 0);
  EXPECT_EQ(q.sa_handler, SIG_DFL);
}

TEST(Sigaction, SignalNumbersOutsideOneToSixtyFourAreEinval) {
  struct sigaction q;
  EXPECT_ERRNO(sigaction(0, nullptr, &q), EINVAL);
  EXPECT_ERRNO(syscall(SYS_rt_sigaction, 65, nullptr, &q, kSigsetSize), EINVAL);
  EXPECT_ERRNO(syscall(SYS_rt_sigaction, -1, nullptr, &q, kSigsetSize), EINVAL);
  EXPECT_EQ(syscall(SYS_rt_sigaction, 64, nullptr, &q, kSigsetSize), 0);
}

TEST(Sigaction, WrongSigsetSizeIsEinval) {
  struct sigaction q;
  EXPECT_ERRNO(syscall(SYS_rt_sigaction, SIGUSR1, nullptr, &q, 4), EINVAL);
  EXPECT_ERRNO(syscall(SYS_rt_sigaction, SIGUSR1, nullptr, &q, 16), EINVAL);
}

TEST(Sigaction, SaResethandRestoresTheDefaultAfterOneDelivery) {
  SignalGuard guard({SIGUSR1});
  g_count = 0;
  ASSERT_EQ(InstallHandler(SIGUSR1, CountingHandler, SA_RESETHAND), 0);
  raise(SIGUSR1);
  EXPECT_EQ(g_count, 1);
  struct sigaction q;
  ASSERT_EQ(sigaction(SIGUSR1, nullptr, &q), 0);
  EXPECT_EQ(q.sa_handler, SIG_DFL);
}

volatile sig_atomic_t g_self_blocked, g_other_blocked;
void MaskProbeHandler(int sig) {
  sigset_t cur;
  sigprocmask(SIG_SETMASK, nullptr, &cur);
  g_self_blocked = sigismember(&cur, sig);
  g_other_blocked = sigismember(&cur, SIGUSR2);
}

TEST(Sigaction, HandlerRunsWithItsSignalAndSaMaskBlocked) {
  SignalGuard guard({SIGUSR1});
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR2);
  ASSERT_EQ(InstallHandler(SIGUSR1, MaskProbeHandler, 0, &mask), 0);
  g_self_blocked = g_other_blocked = -1;
  raise(SIGUSR1);
  EXPECT_EQ(g_self_blocked, 1);
  EXPECT_EQ(g_other_blocked, 1);
  // After the handler returns, sigreturn restored the old mask.
  sigset_t cur;
  sigprocmask(SIG_SETMASK, nullptr, &cur);
  EXPECT_FALSE(sigismember(&cur, SIGUSR1));
  EXPECT_FALSE(sigismember(&cur, SIGUSR2));
}

TEST(Sigaction, SaNodeferLeavesTheSignalUnblockedInItsHandler) {
  SignalGuard guard({SIGUSR1});
  ASSERT_EQ(InstallHandler(SIGUSR1, MaskProbeHandler, SA_NODEFER), 0);
  g_self_blocked = -1;
  raise(SIGUSR1);
  EXPECT_EQ(g_self_blocked, 0);
}

// ---------------------------------------------------------------------
// Blocking and pending

TEST(Sigprocmask, BlockedSignalStaysPendingAndIsDeliveredOnUnblock) {
  SignalGuard guard({SIGUSR1});
  g_count = 0;
  ASSERT_EQ(InstallHandler(SIGUSR1, CountingHandler), 0);
  BlockSignal(SIGUSR1);
  raise(SIGUSR1);
  EXPECT_EQ(g_count, 0);
  sigset_t pending;
  ASSERT_EQ(sigpending(&pending), 0);
  EXPECT_TRUE(sigismember(&pending, SIGUSR1));
  // sigprocmask(2): an unblocked pending signal is delivered before the
  // call returns.
  UnblockSignal(SIGUSR1);
  EXPECT_EQ(g_count, 1);
  ASSERT_EQ(sigpending(&pending), 0);
  EXPECT_FALSE(sigismember(&pending, SIGUSR1));
}

TEST(Sigprocmask, StandardSignalsCoalesceWhilePending) {
  SignalGuard guard({SIGUSR1});
  g_count = 0;
  ASSERT_EQ(InstallHandler(SIGUSR1, CountingHandler), 0);
  BlockSignal(SIGUSR1);
  kill(getpid(), SIGUSR1);
  kill(getpid(), SIGUSR1);
  kill(getpid(), SIGUSR1);
  UnblockSignal(SIGUSR1);
  EXPECT_EQ(g_count, 1);
}

TEST(Sigprocmask, ThreadAndProcessPendingSetsAreSeparate) {
  // signal(7): a signal is pending either for the process (kill) or for
  // one thread (tgkill, raise).  A standard signal coalesces within each
  // set, but one instance can be pending in each, so both are delivered.
  SignalGuard guard({SIGUSR1});
  g_count = 0;
  ASSERT_EQ(InstallHandler(SIGUSR1, CountingHandler), 0);
  BlockSignal(SIGUSR1);
  raise(SIGUSR1);
  raise(SIGUSR1);
  kill(getpid(), SIGUSR1);
  kill(getpid(), SIGUSR1);
  UnblockSignal(SIGUSR1);
  EXPECT_EQ(g_count, 2);
}

int g_values[16];
std::atomic<int> g_nvalues;
void RecordValue(int, siginfo_t* si, void*) {
  int n = g_nvalues++;
  if (n < 16) g_values[n] = si->si_value.sival_int;
}

TEST(Sigprocmask, RealtimeSignalsQueueEveryInstanceInOrder) {
  SignalGuard guard({SIGRTMIN});
  g_nvalues = 0;
  ASSERT_EQ(InstallSigaction(SIGRTMIN, RecordValue), 0);
  BlockSignal(SIGRTMIN);
  for (int v = 1; v <= 5; v++) {
    union sigval sv;
    sv.sival_int = v * 11;
    ASSERT_EQ(sigqueue(getpid(), SIGRTMIN, sv), 0);
  }
  EXPECT_EQ(g_nvalues.load(), 0);
  UnblockSignal(SIGRTMIN);
  ASSERT_EQ(g_nvalues.load(), 5);
  for (int i = 0; i < 5; i++) EXPECT_EQ(g_values[i], (i + 1) * 11);
}

int g_order[8];
std::atomic<int> g_norder;
void RecordOrder(int sig) {
  int n = g_norder++;
  if (n < 8) g_order[n] = sig;
}

TEST(Sigprocmask, PendingSignalsAreDeliveredLowestNumberFirst) {
  // Linux dequeues the lowest-numbered pending signal first (standard
  // before real-time).  Each handler blocks all signals (sa_mask full), so
  // the next one waits until the previous handler has returned and the
  // observed order is the dequeue order.
  int rt0 = SIGRTMIN, rt1 = SIGRTMIN + 1;
  SignalGuard guard({SIGUSR1, SIGUSR2, rt0, rt1});
  sigset_t full;
  sigfillset(&full);
  for (int s : {SIGUSR1, SIGUSR2, rt0, rt1})
    ASSERT_EQ(InstallHandler(s, RecordOrder, 0, &full), 0);
  sigset_t block;
  sigemptyset(&block);
  for (int s : {SIGUSR1, SIGUSR2, rt0, rt1}) sigaddset(&block, s);
  sigset_t old;
  sigprocmask(SIG_BLOCK, &block, &old);
  g_norder = 0;
  raise(rt1);
  raise(SIGUSR2);
  raise(rt0);
  raise(SIGUSR1);
  sigprocmask(SIG_SETMASK, &old, nullptr);
  ASSERT_EQ(g_norder.load(), 4);
  EXPECT_EQ(g_order[0], SIGUSR1);
  EXPECT_EQ(g_order[1], SIGUSR2);
  EXPECT_EQ(g_order[2], rt0);
  EXPECT_EQ(g_order[3], rt1);
}

TEST(Sigprocmask, SigkillAndSigstopAreSilentlyNotBlocked) {
  SignalGuard guard({});
  sigset_t all, cur;
  sigfillset(&all);
  ASSERT_EQ(sigprocmask(SIG_SETMASK, &all, nullptr), 0);
  ASSERT_EQ(sigprocmask(SIG_SETMASK, nullptr, &cur), 0);
  EXPECT_FALSE(sigismember(&cur, SIGKILL));
  EXPECT_FALSE(sigismember(&cur, SIGSTOP));
  EXPECT_TRUE(sigismember(&cur, SIGTERM));
  EXPECT_TRUE(sigismember(&cur, SIGUSR1));
}

TEST(Sigprocmask, InvalidHowIsEinval) {
  sigset_t s;
  sigemptyset(&s);
  EXPECT_ERRNO(syscall(SYS_rt_sigprocmask, 42, &s, nullptr, kSigsetSize), EINVAL);
  EXPECT_ERRNO(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, nullptr, 4), EINVAL);
}

TEST(Sigprocmask, EachThreadHasItsOwnMask) {
  SignalGuard guard({});
  UnblockSignal(SIGUSR1);
  std::thread t([] {
    BlockSignal(SIGUSR1);
    sigset_t cur;
    pthread_sigmask(SIG_SETMASK, nullptr, &cur);
    EXPECT_TRUE(sigismember(&cur, SIGUSR1));
  });
  t.join();
  sigset_t cur;
  sigprocmask(SIG_SETMASK, nullptr, &cur);
  EXPECT_FALSE(sigismember(&cur, SIGUSR1));
}

TEST(Sigprocmask, NewThreadInheritsTheCreatorsMask) {
  SignalGuard guard({});
  BlockSignal(SIGUSR2);
  int member = -1;
  std::thread t([&member] {
    sigset_t cur;
    pthread_sigmask(SIG_SETMASK, nullptr, &cur);
    member = sigismember(&cur, SIGUSR2);
  });
  t.join();
  EXPECT_EQ(member, 1);
}

TEST(Sigqueue, RealtimeSignalsComeLowestFirstAndInOrderWithTheirValues) {
  // signal(7): pending real-time signals are delivered lowest number
  // first, and several instances of one signal in the order they were
  // sent, each with its own value.
  int status = RunInChild([] {
    int lo = SIGRTMIN, hi = SIGRTMIN + 1;
    BlockSignal(lo);
    BlockSignal(hi);
    const int sent[][2] = {{hi, 1}, {lo, 2}, {hi, 3}, {lo, 4}, {lo, 5}};
    for (auto& s : sent) {
      union sigval sv;
      sv.sival_int = s[1];
      CHILD_CHECK(sigqueue(getpid(), s[0], sv) == 0);
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, lo);
    sigaddset(&set, hi);
    const int want[][2] = {{lo, 2}, {lo, 4}, {lo, 5}, {hi, 1}, {hi, 3}};
    for (auto& w : want) {
      siginfo_t si;
      CHILD_CHECK(sigwaitinfo(&set, &si) == w[0]);
      CHILD_CHECK(si.si_code == SI_QUEUE);
      CHILD_CHECK(si.si_value.sival_int == w[1]);
    }
    struct timespec zero = {0, 0};
    CHILD_CHECK_ERRNO(sigtimedwait(&set, nullptr, &zero), EAGAIN);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Sigqueue, ThreadDirectedQueuedSignalIsPendingForThatThreadOnly) {
  // rt_tgsigqueueinfo(2) queues for one thread: sigpending(2) in another
  // thread does not show it.
  int status = RunInChild([] {
    BlockSignal(SIGRTMIN);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGRTMIN;
    si.si_code = SI_QUEUE;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = 77;
    CHILD_CHECK(syscall(SYS_rt_tgsigqueueinfo, getpid(), syscall(SYS_gettid), SIGRTMIN, &si) ==
                0);
    int seen_in_thread = -1;
    std::thread t([&seen_in_thread] {
      sigset_t p;
      sigpending(&p);
      seen_in_thread = sigismember(&p, SIGRTMIN);
    });
    t.join();
    CHILD_CHECK(seen_in_thread == 0);
    sigset_t pending;
    sigpending(&pending);
    CHILD_CHECK(sigismember(&pending, SIGRTMIN));
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN);
    siginfo_t got;
    CHILD_CHECK(sigwaitinfo(&set, &got) == SIGRTMIN);
    CHILD_CHECK(got.si_code == SI_QUEUE && got.si_value.sival_int == 77);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Sigqueue, QueueLimitIsEagain) {
  // sigqueue(3): EAGAIN when the RLIMIT_SIGPENDING limit on queued
  // signals is reached.  (Linux counts per user, so other processes of
  // the same user may make it come sooner; never later.)
  struct rlimit rl;
  ASSERT_EQ(getrlimit(RLIMIT_SIGPENDING, &rl), 0);
  if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (1u << 20))
    GTEST_SKIP() << "RLIMIT_SIGPENDING too large to fill";
  rlim_t limit = rl.rlim_cur;
  int status = RunInChild([limit] {
    BlockSignal(SIGRTMIN);
    union sigval sv;
    sv.sival_int = 0;
    rlim_t queued = 0;
    while (queued <= limit && sigqueue(getpid(), SIGRTMIN, sv) == 0) queued++;
    CHILD_CHECK(queued <= limit);
    CHILD_CHECK(errno == EAGAIN);
    return 0;
  });
  EXPECT_EXIT0(status);
}

// ---------------------------------------------------------------------
// siginfo

siginfo_t g_info;
pid_t g_handler_tid;
void SaveInfo(int, siginfo_t* si, void*) {
  g_info = *si;
  g_handler_tid = static_cast<pid_t>(syscall(SYS_gettid));
}

TEST(Siginfo, KillReportsSiUserWithTheSendersPidAndUid) {
  SignalGuard guard({SIGUSR1});
  ASSERT_EQ(InstallSigaction(SIGUSR1, SaveInfo), 0);
  memset(&g_info, 0, sizeof g_info);
  ASSERT_EQ(kill(getpid(), SIGUSR1), 0);
  EXPECT_EQ(g_info.si_signo, SIGUSR1);
  EXPECT_EQ(g_info.si_code, SI_USER);
  EXPECT_EQ(g_info.si_pid, getpid());
  EXPECT_EQ(g_info.si_uid, getuid());
}

TEST(Siginfo, KillFromAnotherProcessReportsThatProcess) {
  SignalGuard guard({SIGUSR1});
  ASSERT_EQ(InstallSigaction(SIGUSR1, SaveInfo), 0);
  BlockSignal(SIGUSR1);
  memset(&g_info, 0, sizeof g_info);
  pid_t parent = getpid();
  pid_t child = StartChild([parent] { return kill(parent, SIGUSR1) == 0 ? 0 : 1; });
  EXPECT_EXIT0(WaitStatus(child));
  UnblockSignal(SIGUSR1);
  EXPECT_EQ(g_info.si_signo, SIGUSR1);
  EXPECT_EQ(g_info.si_code, SI_USER);
  EXPECT_EQ(g_info.si_pid, child);
  EXPECT_EQ(g_info.si_uid, getuid());
}

TEST(Siginfo, RaiseReportsSiTkill) {
  SignalGuard guard({SIGUSR1});
  ASSERT_EQ(InstallSigaction(SIGUSR1, SaveInfo), 0);
  memset(&g_info, 0, sizeof g_info);
  ASSERT_EQ(raise(SIGUSR1), 0);  // glibc: tgkill(getpid(), gettid(), sig)
  EXPECT_EQ(g_info.si_signo, SIGUSR1);
  EXPECT_EQ(g_info.si_code, SI_TKILL);
  EXPECT_EQ(g_info.si_pid, getpid());
  EXPECT_EQ(g_info.si_uid, getuid());
}

TEST(Siginfo, SigqueueReportsSiQueueAndTheValue) {
  SignalGuard guard({SIGUSR1});
  ASSERT_EQ(InstallSigaction(SIGUSR1, SaveInfo), 0);
  memset(&g_info, 0, sizeof g_info);
  union sigval sv;
  sv.sival_int = 0x1234567;
  ASSERT_EQ(sigqueue(getpid(), SIGUSR1, sv), 0);
  EXPECT_EQ(g_info.si_signo, SIGUSR1);
  EXPECT_EQ(g_info.si_code, SI_QUEUE);
  EXPECT_EQ(g_info.si_pid, getpid());
  EXPECT_EQ(g_info.si_uid, getuid());
  EXPECT_EQ(g_info.si_value.sival_int, 0x1234567);
}

TEST(Siginfo, SigqueueCarriesAPointerValue) {
  SignalGuard guard({SIGRTMIN});
  ASSERT_EQ(InstallSigaction(SIGRTMIN, SaveInfo), 0);
  static int target;
  union sigval sv;
  sv.sival_ptr = &target;
  ASSERT_EQ(sigqueue(getpid(), SIGRTMIN, sv), 0);
  EXPECT_EQ(g_info.si_signo, SIGRTMIN);
  EXPECT_EQ(g_info.si_value.sival_ptr, &target);
}

TEST(Siginfo, RtSigqueueinfoWithAKernelCodeIsEperm) {
  // rt_sigqueueinfo(2): sending to another process, one may not claim a
  // kernel origin (si_code >= 0) or impersonate tgkill (SI_TKILL): EPERM.
  // The target is this test process; it ignores SIGUSR2 meanwhile, so a
  // wrongly accepted signal fails the test instead of killing the run.
  SignalGuard guard({SIGUSR2});
  signal(SIGUSR2, SIG_IGN);
  int status = RunInChild([] {
    pid_t parent = getppid();
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR2;
    si.si_code = SI_USER;  // 0: reserved for the kernel
    CHILD_CHECK_ERRNO(syscall(SYS_rt_sigqueueinfo, parent, SIGUSR2, &si), EPERM);
    si.si_code = SI_KERNEL;
    CHILD_CHECK_ERRNO(syscall(SYS_rt_sigqueueinfo, parent, SIGUSR2, &si), EPERM);
    si.si_code = SI_TKILL;
    CHILD_CHECK_ERRNO(syscall(SYS_rt_sigqueueinfo, parent, SIGUSR2, &si), EPERM);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Siginfo, TgkillToAnotherThreadRunsTheHandlerThere) {
  SignalGuard guard({SIGUSR1});
  ASSERT_EQ(InstallSigaction(SIGUSR1, SaveInfo), 0);
  g_handler_tid = 0;
  std::atomic<pid_t> tid{0};
  std::atomic<bool> done{false};
  std::thread t([&] {
    tid = static_cast<pid_t>(syscall(SYS_gettid));
    while (!done) usleep(1000);
  });
  while (tid.load() == 0) usleep(1000);
  ASSERT_EQ(syscall(SYS_tgkill, getpid(), tid.load(), SIGUSR1), 0);
  long long deadline = MonotonicNs() + 10'000'000'000LL;
  while (g_handler_tid == 0 && MonotonicNs() < deadline) usleep(1000);
  done = true;
  t.join();
  EXPECT_EQ(g_handler_tid, tid.load());
  EXPECT_EQ(g_info.si_code, SI_TKILL);
}

TEST(Siginfo, RaiseFromAThreadRunsTheHandlerInThatThread) {
  SignalGuard guard({SIGUSR1});
  ASSERT_EQ(InstallSigaction(SIGUSR1, SaveInfo), 0);
  g_handler_tid = 0;
  pid_t thread_tid = 0;
  std::thread t([&thread_tid] {
    thread_tid = static_cast<pid_t>(syscall(SYS_gettid));
    raise(SIGUSR1);
  });
  t.join();
  EXPECT_EQ(g_handler_tid, thread_tid);
  EXPECT_NE(g_handler_tid, getpid());
}

TEST(Siginfo, ProcessSignalGoesToAThreadThatDoesNotBlockIt) {
  int status = RunInChild([] {
    InstallSigaction(SIGUSR1, SaveInfo);
    BlockSignal(SIGUSR1);  // the main thread blocks it; new threads inherit
    static std::atomic<pid_t> tid{0};
    static std::atomic<bool> done{false};
    std::thread t([] {
      UnblockSignal(SIGUSR1);
      tid = static_cast<pid_t>(syscall(SYS_gettid));
      while (!done) usleep(1000);
    });
    while (tid.load() == 0) usleep(1000);
    g_handler_tid = 0;
    CHILD_CHECK(kill(getpid(), SIGUSR1) == 0);
    long long deadline = MonotonicNs() + 10'000'000'000LL;
    while (g_handler_tid == 0 && MonotonicNs() < deadline) usleep(1000);
    done = true;
    t.join();
    CHILD_CHECK(g_handler_tid == tid.load());
    return 0;
  });
  EXPECT_EXIT0(status);
}

void SetRaxHandler(int, siginfo_t*, void* uc) {
  auto* ctx = static_cast<ucontext_t*>(uc);
  ctx->uc_mcontext.gregs[REG_RAX] = 12345;
}

TEST(Sigreturn, RestoresRegistersFromTheFrameTheHandlerModified) {
  // The handler changes the saved rax, which holds the result of the
  // interrupted tgkill system call; sigreturn must restore the modified
  // value, so the call appears to return 12345.
  int status = RunInChild([] {
    CHILD_CHECK(InstallSigaction(SIGUSR1, SetRaxHandler) == 0);
    long r = syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
    CHILD_CHECK(r == 12345);
    return 0;
  });
  EXPECT_EXIT0(status);
}

volatile unsigned long g_saved_rip;
void SaveRipHandler(int, siginfo_t*, void* uc) {
  g_saved_rip = static_cast<ucontext_t*>(uc)->uc_mcontext.gregs[REG_RIP];
}

TEST(Sigreturn, UcontextHoldsTheInterruptedInstructionPointer) {
  SignalGuard guard({SIGUSR1});
  ASSERT_EQ(InstallSigaction(SIGUSR1, SaveRipHandler), 0);
  g_saved_rip = 0;
  raise(SIGUSR1);
  // The signal arrived on the way out of the tgkill system call, inside
  // this (static) binary's text.
  EXPECT_GE(g_saved_rip, reinterpret_cast<unsigned long>(__executable_start));
  EXPECT_LT(g_saved_rip, reinterpret_cast<unsigned long>(etext));
}

}  // namespace
}  // namespace cub
