// Process identity, threads (clone through pthreads), exit and exit_group,
// and futex-backed waiting.
#include <linux/futex.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "conformance.h"

namespace cub {
namespace {

pid_t Gettid() { return static_cast<pid_t>(syscall(SYS_gettid)); }

TEST(Identity, ChildSeesParentPidAsGetppid) {
  pid_t parent = getpid();
  int status = RunInChild([parent] {
    CHILD_CHECK(getppid() == parent);
    CHILD_CHECK(getpid() != parent);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Identity, ForkReturnsThePidTheChildSeesAsGetpid) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  pid_t pid = StartChild([&] {
    pid_t me = getpid();
    write(p[1], &me, sizeof me);
    return 0;
  });
  close(p[1]);
  pid_t seen = -1;
  ASSERT_EQ(read(p[0], &seen, sizeof seen), (ssize_t)sizeof seen);
  close(p[0]);
  EXPECT_EQ(seen, pid);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST(Identity, MainThreadTidEqualsPid) {
  EXPECT_EQ(Gettid(), getpid());
  EXPECT_EQ(gettid(), getpid());
}

TEST(Identity, SetTidAddressReturnsTheCallersTid) {
  // set_tid_address(2) always succeeds and returns the caller's tid.  Run
  // it in a child so that the test process keeps glibc's own address.
  int status = RunInChild([] {
    static int word;
    CHILD_CHECK(syscall(SYS_set_tid_address, &word) == getpid());
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Identity, ThreadsShareThePidAndParentButNotTheTid) {
  constexpr int kThreads = 8;
  struct Seen {
    pid_t tid, pid, ppid;
  } seen[kThreads];
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; i++)
    threads.emplace_back([&seen, i] { seen[i] = {Gettid(), getpid(), getppid()}; });
  for (auto& t : threads) t.join();
  std::set<pid_t> tids{getpid()};
  for (auto& s : seen) {
    EXPECT_EQ(s.pid, getpid());
    EXPECT_EQ(s.ppid, getppid());
    EXPECT_NE(s.tid, getpid());
    tids.insert(s.tid);
  }
  // Tids of threads that have already exited may be reused, so only "not
  // the main thread's" is certain here; see the next test for distinctness.
  EXPECT_GE(tids.size(), 2u);
}

TEST(Identity, ConcurrentThreadsHaveEightDistinctTids) {
  constexpr int kThreads = 8;
  pthread_barrier_t barrier;
  ASSERT_EQ(pthread_barrier_init(&barrier, nullptr, kThreads), 0);
  pid_t tids[kThreads];
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; i++)
    threads.emplace_back([&, i] {
      tids[i] = Gettid();
      // Nobody exits until all have recorded their tid: no reuse.
      pthread_barrier_wait(&barrier);
    });
  for (auto& t : threads) t.join();
  pthread_barrier_destroy(&barrier);
  std::set<pid_t> distinct(tids, tids + kThreads);
  EXPECT_EQ(distinct.size(), (size_t)kThreads);
  EXPECT_EQ(distinct.count(getpid()), 0u);
}

TEST(Identity, PrctlNameIsPerThreadAndTruncatedTo15Bytes) {
  int status = RunInChild([] {
    CHILD_CHECK(prctl(PR_SET_NAME, "a-very-long-thread-name", 0, 0, 0) == 0);
    char name[32];
    memset(name, 'x', sizeof name);
    CHILD_CHECK(prctl(PR_GET_NAME, name, 0, 0, 0) == 0);
    CHILD_CHECK(strcmp(name, "a-very-long-thr") == 0);
    std::thread t([] {
      char n[32];
      prctl(PR_SET_NAME, "worker", 0, 0, 0);
      prctl(PR_GET_NAME, n, 0, 0, 0);
      if (strcmp(n, "worker") != 0) _exit(3);
    });
    t.join();
    CHILD_CHECK(prctl(PR_GET_NAME, name, 0, 0, 0) == 0);
    CHILD_CHECK(strcmp(name, "a-very-long-thr") == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

// ---------------------------------------------------------------------
// exit, exit_group and the last thread

TEST(ExitGroup, ExitFromASecondaryThreadEndsTheWholeProcess) {
  int status = RunInChild([] {
    std::thread t([] { exit(3); });
    for (;;) pause();
    return 0;
  });
  EXPECT_EXIT_STATUS(status, 3);
}

TEST(ExitGroup, RawExitGroupFromAThreadKillsBlockedSiblings) {
  int status = RunInChild([] {
    std::vector<std::thread> sleepers;
    for (int i = 0; i < 3; i++)
      sleepers.emplace_back([] {
        for (;;) pause();
      });
    std::thread t([] { syscall(SYS_exit_group, 4); });
    for (;;) pause();
    return 0;
  });
  EXPECT_EXIT_STATUS(status, 4);
}

// pthread_exit unwinds the stack with a forced-unwind exception, which
// gtest's catch(...) around a test body would swallow; so it runs in a
// re-executed helper.
CONFORMANCE_HELPER(main_thread_pthread_exit) {
  (void)argc;
  (void)argv;
  pthread_t t;
  pthread_create(
      &t, nullptr,
      [](void*) -> void* {
        usleep(50 * 1000);
        exit(5);
      },
      nullptr);
  pthread_exit(nullptr);
}

TEST(ExitGroup, MainThreadPthreadExitLeavesTheProcessToOtherThreads) {
  // pthread_exit(3): after the main thread exits, the process lives on
  // until the last thread ends; here that thread calls exit(5).
  EXPECT_EXIT_STATUS(RunHelper("main_thread_pthread_exit", {}), 5);
}

TEST(ExitGroup, RawExitOfTheMainThreadLeavesTheProcessToOtherThreads) {
  int status = RunInChild([] {
    std::thread t([] {
      usleep(50 * 1000);
      exit(8);
    });
    t.detach();
    syscall(SYS_exit, 0);
    return 0;
  });
  EXPECT_EXIT_STATUS(status, 8);
}

TEST(ExitGroup, RawExitEndsOnlyTheCallingThread) {
  // SYS_exit ends one thread.  The kernel clears and futex-wakes the
  // thread's tid word (CLONE_CHILD_CLEARTID), which is what pthread_join
  // waits for, so the join still returns.
  int status = RunInChild([] {
    pthread_t t;
    pthread_create(
        &t, nullptr,
        [](void*) -> void* {
          syscall(SYS_exit, 0);
          return nullptr;
        },
        nullptr);
    pthread_join(t, nullptr);
    return 6;
  });
  EXPECT_EXIT_STATUS(status, 6);
}

// ---------------------------------------------------------------------
// pthreads

TEST(Threads, EightThreadsIncrementUnderAMutex) {
  constexpr int kThreads = 8, kIters = 20000;
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  long counter = 0;
  std::vector<pthread_t> ts(kThreads);
  struct Arg {
    pthread_mutex_t* mu;
    long* counter;
  } arg{&mu, &counter};
  for (auto& t : ts)
    ASSERT_EQ(pthread_create(
                  &t, nullptr,
                  [](void* p) -> void* {
                    auto* a = static_cast<Arg*>(p);
                    for (int i = 0; i < kIters; i++) {
                      pthread_mutex_lock(a->mu);
                      ++*a->counter;
                      pthread_mutex_unlock(a->mu);
                    }
                    return nullptr;
                  },
                  &arg),
              0);
  for (auto& t : ts) ASSERT_EQ(pthread_join(t, nullptr), 0);
  EXPECT_EQ(counter, (long)kThreads * kIters);
}

TEST(Threads, JoinReturnsEachThreadsResult) {
  std::vector<pthread_t> ts(8);
  for (size_t i = 0; i < ts.size(); i++)
    ASSERT_EQ(pthread_create(
                  &ts[i], nullptr,
                  [](void* p) -> void* {
                    return reinterpret_cast<void*>(
                        reinterpret_cast<uintptr_t>(p) * 3);
                  },
                  reinterpret_cast<void*>(i)),
              0);
  for (size_t i = 0; i < ts.size(); i++) {
    void* r;
    ASSERT_EQ(pthread_join(ts[i], &r), 0);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(r), i * 3);
  }
}

TEST(Threads, JoiningTheCallingThreadIsEdeadlk) {
  EXPECT_EQ(pthread_join(pthread_self(), nullptr), EDEADLK);
}

TEST(Threads, CondvarBroadcastWakesAllEightWaiters) {
  constexpr int kThreads = 8;
  std::mutex mu;
  std::condition_variable cv;
  bool go = false;
  int waiting = 0, woke = 0;
  std::vector<std::thread> ts;
  for (int i = 0; i < kThreads; i++)
    ts.emplace_back([&] {
      std::unique_lock<std::mutex> lk(mu);
      waiting++;
      cv.notify_all();
      cv.wait(lk, [&] { return go; });
      woke++;
    });
  {
    std::unique_lock<std::mutex> lk(mu);
    ASSERT_TRUE(cv.wait_for(lk, std::chrono::seconds(20),
                            [&] { return waiting == kThreads; }));
    EXPECT_EQ(woke, 0);
    go = true;
  }
  cv.notify_all();
  for (auto& t : ts) t.join();
  EXPECT_EQ(woke, kThreads);
}

TEST(Threads, MutexAndConditionVariablePingPong) {
  std::mutex mu;
  std::condition_variable cv;
  int turn = 0;  // even: main, odd: worker
  constexpr int kRounds = 2000;
  std::thread worker([&] {
    for (int i = 0; i < kRounds; i++) {
      std::unique_lock<std::mutex> lk(mu);
      cv.wait(lk, [&] { return turn % 2 == 1; });
      turn++;
      cv.notify_one();
    }
  });
  for (int i = 0; i < kRounds; i++) {
    std::unique_lock<std::mutex> lk(mu);
    cv.wait(lk, [&] { return turn % 2 == 0; });
    turn++;
    cv.notify_one();
  }
  worker.join();
  EXPECT_EQ(turn, 2 * kRounds);
}

TEST(Threads, CondvarTimedWaitTimesOut) {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_nsec += 20 * 1000 * 1000;
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000;
  }
  long long start = MonotonicNs();
  pthread_mutex_lock(&mu);
  int r = pthread_cond_timedwait(&cv, &mu, &deadline);
  pthread_mutex_unlock(&mu);
  EXPECT_EQ(r, ETIMEDOUT);
  EXPECT_GE(MonotonicNs() - start, 15 * 1000 * 1000LL);
}

TEST(Threads, ThreadLocalStorageIsPerThread) {
  static thread_local int tls_value = 0;
  constexpr int kThreads = 8;
  pthread_barrier_t barrier;
  pthread_barrier_init(&barrier, nullptr, kThreads);
  std::atomic<int> bad{0};
  std::vector<std::thread> ts;
  tls_value = -1;
  for (int i = 0; i < kThreads; i++)
    ts.emplace_back([&, i] {
      if (tls_value != 0) bad++;  // a fresh thread starts from the initializer
      tls_value = i + 1;
      pthread_barrier_wait(&barrier);  // everybody has written
      if (tls_value != i + 1) bad++;
    });
  for (auto& t : ts) t.join();
  pthread_barrier_destroy(&barrier);
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(tls_value, -1);
}

TEST(Threads, BarrierReleasesEightThreadsWithOneSerialThread) {
  constexpr int kThreads = 8;
  pthread_barrier_t barrier;
  ASSERT_EQ(pthread_barrier_init(&barrier, nullptr, kThreads), 0);
  std::atomic<int> serial{0}, before{0}, after_saw_all{0};
  std::vector<std::thread> ts;
  for (int i = 0; i < kThreads; i++)
    ts.emplace_back([&] {
      before++;
      int r = pthread_barrier_wait(&barrier);
      if (r == PTHREAD_BARRIER_SERIAL_THREAD) serial++;
      if (before.load() == kThreads) after_saw_all++;
    });
  for (auto& t : ts) t.join();
  pthread_barrier_destroy(&barrier);
  EXPECT_EQ(serial.load(), 1);
  EXPECT_EQ(after_saw_all.load(), kThreads);
}

TEST(Threads, DetachedThreadRunsToCompletion) {
  static std::atomic<int> done{0};
  done = 0;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  ASSERT_EQ(pthread_create(
                &t, &attr,
                [](void*) -> void* {
                  done = 1;
                  syscall(SYS_futex, &done, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
                  return nullptr;
                },
                nullptr),
            0);
  pthread_attr_destroy(&attr);
  long long deadline = MonotonicNs() + 20'000'000'000LL;
  while (done.load() == 0 && MonotonicNs() < deadline) usleep(1000);
  EXPECT_EQ(done.load(), 1);
}

// ---------------------------------------------------------------------
// futex

long Futex(int* uaddr, int op, int val, const struct timespec* ts = nullptr) {
  return syscall(SYS_futex, uaddr, op, val, ts, nullptr, 0);
}

TEST(Futex, WaitWithAStaleValueIsEagain) {
  int word = 1;
  EXPECT_ERRNO(Futex(&word, FUTEX_WAIT_PRIVATE, 0), EAGAIN);
  EXPECT_ERRNO(Futex(&word, FUTEX_WAIT, 2), EAGAIN);
}

TEST(Futex, WaitWithATimeoutEndsWithEtimedout) {
  int word = 0;
  struct timespec ts = {0, 20 * 1000 * 1000};
  long long start = MonotonicNs();
  EXPECT_ERRNO(Futex(&word, FUTEX_WAIT_PRIVATE, 0, &ts), ETIMEDOUT);
  EXPECT_GE(MonotonicNs() - start, 15 * 1000 * 1000LL);
}

TEST(Futex, WaitWithAnInvalidTimeoutIsEinval) {
  int word = 0;
  struct timespec ts = {0, 1000000000};
  EXPECT_ERRNO(Futex(&word, FUTEX_WAIT_PRIVATE, 0, &ts), EINVAL);
}

TEST(Futex, WakeWithoutWaitersReturnsZero) {
  int word = 0;
  EXPECT_EQ(Futex(&word, FUTEX_WAKE_PRIVATE, 1), 0);
  EXPECT_EQ(Futex(&word, FUTEX_WAKE, INT32_MAX), 0);
}

TEST(Futex, WakeReturnsOneWhenItReleasesAWaiter) {
  static int word;
  word = 0;
  static long wait_result;
  static int wait_errno;
  std::thread waiter([] {
    wait_result = Futex(&word, FUTEX_WAIT_PRIVATE, 0);
    wait_errno = errno;
  });
  // Keep waking until the waiter has gone to sleep and been woken.
  long woke = 0;
  long long deadline = MonotonicNs() + 20'000'000'000LL;
  while ((woke = Futex(&word, FUTEX_WAKE_PRIVATE, 1)) == 0 &&
         MonotonicNs() < deadline)
    usleep(1000);
  waiter.join();
  EXPECT_EQ(woke, 1);
  EXPECT_EQ(wait_result, 0) << strerror(wait_errno);
}

TEST(Futex, UnknownOperationIsEnosys) {
  int word = 0;
  EXPECT_ERRNO(Futex(&word, 0x7f, 0), ENOSYS);
}

}  // namespace
}  // namespace cub
