// Credentials and threads.  On Linux each thread has its own credentials,
// and glibc makes a process-wide change by running the same syscall on
// every thread (its SIGSETXID broadcast, nptl_setxid); a program sees
// that all its threads changed together.  cub keeps one set per process.
// Either way a program that calls the libc wrappers must see every
// thread with the new ids, whichever thread made the call, and threads
// started later must start with them.
#include <pthread.h>

#include <atomic>

#include "cred.h"

namespace cub {
namespace {

constexpr int kThreads = 3;

// Threads that wait at a gate, then check their own ids against want.
struct Crowd {
  pthread_t t[kThreads];
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
  bool open = false;
  Ids want_u{}, want_g{};
  std::vector<gid_t> want_groups;
  std::atomic<int> bad{0};
};

void* CrowdThread(void* arg) {
  Crowd* c = static_cast<Crowd*>(arg);
  pthread_mutex_lock(&c->mu);
  while (!c->open) pthread_cond_wait(&c->cv, &c->mu);
  pthread_mutex_unlock(&c->mu);
  // getresuid and friends are plain syscalls: they read this thread's ids.
  Ids u = Uids(), g = Gids();
  if (u.r != c->want_u.r || u.e != c->want_u.e || u.s != c->want_u.s ||
      u.fs != c->want_u.fs || g.r != c->want_g.r || g.e != c->want_g.e ||
      g.s != c->want_g.s || g.fs != c->want_g.fs || Groups() != c->want_groups)
    c->bad++;
  return nullptr;
}

void StartCrowd(Crowd* c) {
  for (int i = 0; i < kThreads; i++)
    CHILD_CHECK(pthread_create(&c->t[i], nullptr, CrowdThread, c) == 0);
}

// Opens the gate with these expectations and joins; true when every
// thread saw them.
bool ReleaseCrowd(Crowd* c, Ids u, Ids g, std::vector<gid_t> groups) {
  pthread_mutex_lock(&c->mu);
  c->want_u = u;
  c->want_g = g;
  c->want_groups = groups;
  c->open = true;
  pthread_cond_broadcast(&c->cv);
  pthread_mutex_unlock(&c->mu);
  for (int i = 0; i < kThreads; i++) pthread_join(c->t[i], nullptr);
  return c->bad == 0;
}

TEST(CredThreads, MainThreadsDropReachesEveryThread) {
  EXPECT_EXIT0(RunInChild([] {
    Crowd c;
    StartCrowd(&c);
    gid_t g[] = {20, 10};
    CHILD_CHECK(setgroups(2, g) == 0);
    CHILD_CHECK(setresgid(100, 100, 100) == 0);
    CHILD_CHECK(setresuid(1000, 1000, 1000) == 0);
    CHILD_CHECK(ReleaseCrowd(&c, {1000, 1000, 1000, 1000},
                             {100, 100, 100, 100}, {10, 20}));
    return 0;
  }));
}

// Run by a second thread: the whole process becomes uid 1000.
void* SetuidThread(void*) {
  long r = setuid(1000);
  return reinterpret_cast<void*>(r);
}

TEST(CredThreads, SetuidInASecondThreadReachesTheMainThread) {
  EXPECT_EXIT0(RunInChild([] {
    pthread_t t;
    void* r = reinterpret_cast<void*>(1L);
    CHILD_CHECK(pthread_create(&t, nullptr, SetuidThread, nullptr) == 0);
    CHILD_CHECK(pthread_join(t, &r) == 0);
    CHILD_CHECK(r == nullptr);
    CHECK_UIDS(1000, 1000, 1000, 1000);
    // Root gave itself up for every thread: no way back from any of them.
    CHILD_CHECK_ERRNO(setuid(0), EPERM);
    return 0;
  }));
}

TEST(CredThreads, NewThreadsStartWithTheChangedIds) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(200, 300, 0) == 0);
    CHILD_CHECK(setresuid(1000, 2000, 0) == 0);
    Crowd c;
    StartCrowd(&c);
    CHILD_CHECK(ReleaseCrowd(&c, {1000, 2000, 0, 2000}, {200, 300, 0, 300},
                             Groups()));
    return 0;
  }));
}

// Run by a second thread: back to euid 0 through the saved uid.
void* SeteuidRootThread(void*) {
  long r = seteuid(0);
  return reinterpret_cast<void*>(r);
}

TEST(CredThreads, SeteuidThroughTheSavedUidInAThreadReachesAll) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresuid(1000, 1000, 0) == 0);
    pthread_t t;
    void* r = reinterpret_cast<void*>(1L);
    CHILD_CHECK(pthread_create(&t, nullptr, SeteuidRootThread, nullptr) == 0);
    CHILD_CHECK(pthread_join(t, &r) == 0);
    CHILD_CHECK(r == nullptr);
    CHECK_UIDS(1000, 0, 0, 0);
    return 0;
  }));
}

TEST(CredThreads, RefusedChangeLeavesEveryThreadAsItWas) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresuid(1000, 1000, 1000) == 0);
    Crowd c;
    StartCrowd(&c);
    CHILD_CHECK_ERRNO(setresuid(0, 0, 0), EPERM);
    gid_t g[] = {5};
    CHILD_CHECK_ERRNO(setgroups(1, g), EPERM);
    CHILD_CHECK(ReleaseCrowd(&c, {1000, 1000, 1000, 1000}, Gids(), Groups()));
    return 0;
  }));
}

}  // namespace
}  // namespace cub
