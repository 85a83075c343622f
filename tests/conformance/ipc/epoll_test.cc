// epoll (epoll(7), epoll_create(2), epoll_ctl(2), epoll_wait(2)): an
// interest list of (file, descriptor) pairs, level-triggered by default,
// edge-triggered with EPOLLET, one report per EPOLL_CTL_MOD with
// EPOLLONESHOT; epolls nest, loops are ELOOP; an interest lives as long
// as the open file description, not the descriptor.
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>

#include <algorithm>
#include <climits>
#include <set>
#include <string>
#include <vector>

#include "conformance.h"

namespace cub {
namespace {

int Ctl(int ep, int op, int fd, uint32_t events, uint64_t data) {
  struct epoll_event ev = {};
  ev.events = events;
  ev.data.u64 = data;
  return epoll_ctl(ep, op, fd, &ev);
}

int Add(int ep, int fd, uint32_t events, uint64_t data = 0) {
  return Ctl(ep, EPOLL_CTL_ADD, fd, events, data);
}

int Mod(int ep, int fd, uint32_t events, uint64_t data = 0) {
  return Ctl(ep, EPOLL_CTL_MOD, fd, events, data);
}

// The raw call: glibc's fortified wrapper would object to the bad
// arguments some cases pass on purpose.
int Wait(int ep, struct epoll_event* evs, int max, int timeout) {
  return (int)syscall(SYS_epoll_wait, ep, evs, max, timeout);
}

// How many events a wait without sleeping reports (up to 8).
int Ready(int ep) {
  struct epoll_event evs[8];
  return Wait(ep, evs, 8, 0);
}

long Write64(int fd, uint64_t v) { return write(fd, &v, sizeof(v)); }

// Descriptors closed at the end of the test.
class Epoll : public ::testing::Test {
 protected:
  void TearDown() override {
    for (int fd : fds_) close(fd);
  }
  int Track(int fd) {
    if (fd >= 0) fds_.push_back(fd);
    return fd;
  }
  // Closes a tracked descriptor now.
  void CloseNow(int fd) {
    fds_.erase(std::remove(fds_.begin(), fds_.end(), fd), fds_.end());
    close(fd);
  }
  int Ep() { return Track(epoll_create1(0)); }
  int Efd(unsigned init = 0) { return Track(eventfd(init, EFD_NONBLOCK)); }
  void Pipe(int p[2]) {
    ASSERT_EQ(pipe2(p, O_NONBLOCK), 0);
    Track(p[0]);
    Track(p[1]);
  }
  std::vector<int> fds_;
};

// ---------------------------------------------------------------------
// Creation.

TEST_F(Epoll, Create1GivesADescriptorWithoutCloexec) {
  int ep = Ep();
  ASSERT_GE(ep, 0);
  EXPECT_EQ(fcntl(ep, F_GETFD), 0);
}

TEST_F(Epoll, Create1Cloexec) {
  int ep = Track(epoll_create1(EPOLL_CLOEXEC));
  ASSERT_GE(ep, 0);
  EXPECT_EQ(fcntl(ep, F_GETFD), FD_CLOEXEC);
}

TEST_F(Epoll, Create1OtherFlagsAreEinval) {
  EXPECT_ERRNO(epoll_create1(O_NONBLOCK), EINVAL);
  EXPECT_ERRNO(epoll_create1(1), EINVAL);
  EXPECT_ERRNO(epoll_create1(EPOLL_CLOEXEC | 1), EINVAL);
}

TEST_F(Epoll, CreateSizeMustBePositive) {
  EXPECT_ERRNO(syscall(SYS_epoll_create, 0), EINVAL);
  EXPECT_ERRNO(syscall(SYS_epoll_create, -1), EINVAL);
  int ep = Track((int)syscall(SYS_epoll_create, 1));
  EXPECT_GE(ep, 0);
  EXPECT_GE(Track((int)syscall(SYS_epoll_create, 100000)), 0);
}

TEST_F(Epoll, ProcFdNamesTheEventpoll) {
  int ep = Ep();
  std::string link = "/proc/self/fd/" + std::to_string(ep);
  char buf[64] = {};
  ASSERT_GT(readlink(link.c_str(), buf, sizeof(buf) - 1), 0);
  EXPECT_STREQ(buf, "anon_inode:[eventpoll]");
}

TEST_F(Epoll, ReadAndWriteAreEinval) {
  int ep = Ep();
  char c = 0;
  EXPECT_ERRNO(read(ep, &c, 1), EINVAL);
  EXPECT_ERRNO(write(ep, &c, 1), EINVAL);
}

// ---------------------------------------------------------------------
// epoll_ctl's errors.

TEST_F(Epoll, CtlBadDescriptorsAreEbadf) {
  int ep = Ep();
  int e = Efd();
  EXPECT_ERRNO(Add(-1, e, EPOLLIN), EBADF);
  EXPECT_ERRNO(Add(ep, -1, EPOLLIN), EBADF);
  EXPECT_ERRNO(Add(ep, 999, EPOLLIN), EBADF);
}

TEST_F(Epoll, CtlOnARegularFileIsEperm) {
  TempDir dir;
  int ep = Ep();
  int f = Track(open(dir.WriteFile("f", "x").c_str(), O_RDONLY));
  ASSERT_GE(f, 0);
  EXPECT_ERRNO(Add(ep, f, EPOLLIN), EPERM);
}

TEST_F(Epoll, CtlOnDevNullIsEperm) {
  int ep = Ep();
  int f = Track(open("/dev/null", O_RDWR));
  ASSERT_GE(f, 0);
  EXPECT_ERRNO(Add(ep, f, EPOLLIN), EPERM);
}

TEST_F(Epoll, CtlOnANonEpollIsEinval) {
  int p[2];
  Pipe(p);
  int e = Efd();
  EXPECT_ERRNO(Add(p[0], e, EPOLLIN), EINVAL);
}

TEST_F(Epoll, CtlOnItselfIsEinval) {
  int ep = Ep();
  EXPECT_ERRNO(Add(ep, ep, EPOLLIN), EINVAL);
}

TEST_F(Epoll, CtlBadOpIsEinval) {
  int ep = Ep();
  int e = Efd();
  EXPECT_ERRNO(Ctl(ep, 0, e, EPOLLIN, 0), EINVAL);
  EXPECT_ERRNO(Ctl(ep, 4, e, EPOLLIN, 0), EINVAL);
}

TEST_F(Epoll, AddTwiceIsEexist) {
  int ep = Ep();
  int e = Efd();
  ASSERT_EQ(Add(ep, e, EPOLLIN), 0);
  EXPECT_ERRNO(Add(ep, e, EPOLLOUT), EEXIST);
}

TEST_F(Epoll, ModAndDelOfAnUnwatchedFdAreEnoent) {
  int ep = Ep();
  int e = Efd();
  EXPECT_ERRNO(Mod(ep, e, EPOLLIN), ENOENT);
  EXPECT_ERRNO(epoll_ctl(ep, EPOLL_CTL_DEL, e, nullptr), ENOENT);
}

TEST_F(Epoll, CtlBadEventPointerIsEfault) {
  int ep = Ep();
  int e = Efd();
  auto* bad = reinterpret_cast<struct epoll_event*>(8);
  EXPECT_ERRNO(epoll_ctl(ep, EPOLL_CTL_ADD, e, bad), EFAULT);
  ASSERT_EQ(Add(ep, e, EPOLLIN), 0);
  EXPECT_ERRNO(epoll_ctl(ep, EPOLL_CTL_MOD, e, bad), EFAULT);
  // DEL ignores the event (a null one is fine since Linux 2.6.9).
  EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_DEL, e, bad), 0);
}

TEST_F(Epoll, ExclusiveIsAcceptedOnAddAndReports) {
  int ep = Ep();
  int e = Efd(1);
  ASSERT_EQ(Add(ep, e, EPOLLIN | EPOLLEXCLUSIVE, 7), 0);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.events, (uint32_t)EPOLLIN);
  EXPECT_EQ(ev.data.u64, 7u);
}

TEST_F(Epoll, ExclusiveWithModIsEinval) {
  int ep = Ep();
  int e = Efd();
  ASSERT_EQ(Add(ep, e, EPOLLIN), 0);
  EXPECT_ERRNO(Mod(ep, e, EPOLLIN | EPOLLEXCLUSIVE), EINVAL);
}

TEST_F(Epoll, ModOfAnExclusiveItemIsEinval) {
  int ep = Ep();
  int e = Efd();
  ASSERT_EQ(Add(ep, e, EPOLLIN | EPOLLEXCLUSIVE), 0);
  EXPECT_ERRNO(Mod(ep, e, EPOLLIN), EINVAL);
}

TEST_F(Epoll, ExclusiveWithOneshotOrOnAnEpollIsEinval) {
  int ep = Ep();
  int inner = Ep();
  int e = Efd();
  EXPECT_ERRNO(Add(ep, e, EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT), EINVAL);
  EXPECT_ERRNO(Add(ep, inner, EPOLLIN | EPOLLEXCLUSIVE), EINVAL);
}

// ---------------------------------------------------------------------
// epoll_wait's errors.

TEST_F(Epoll, WaitBadMaxeventsIsEinval) {
  int ep = Ep();
  struct epoll_event ev;
  EXPECT_ERRNO(Wait(ep, &ev, 0, 0), EINVAL);
  EXPECT_ERRNO(Wait(ep, &ev, -1, 0), EINVAL);
  EXPECT_ERRNO(Wait(ep, &ev, INT_MAX, 0), EINVAL);
}

TEST_F(Epoll, WaitOnANonEpollIsEinvalAndOnNoFdEbadf) {
  int e = Efd();
  struct epoll_event ev;
  EXPECT_ERRNO(Wait(e, &ev, 1, 0), EINVAL);
  EXPECT_ERRNO(Wait(-1, &ev, 1, 0), EBADF);
}

TEST_F(Epoll, WaitBadEventsPointerIsEfault) {
  int ep = Ep();
  int e = Efd(1);
  ASSERT_EQ(Add(ep, e, EPOLLIN), 0);
  EXPECT_ERRNO(Wait(ep, reinterpret_cast<struct epoll_event*>(8), 1, 0), EFAULT);
}

// ---------------------------------------------------------------------
// Level-triggered reports.

TEST_F(Epoll, LevelTriggeredReportsWhileReady) {
  int ep = Ep();
  int p[2];
  Pipe(p);
  ASSERT_EQ(Add(ep, p[0], EPOLLIN, 1), 0);
  EXPECT_EQ(Ready(ep), 0);
  ASSERT_EQ(write(p[1], "ab", 2), 2);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.events, (uint32_t)EPOLLIN);
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  char buf[4];
  ASSERT_EQ(read(p[0], buf, sizeof(buf)), 2);
  EXPECT_EQ(Ready(ep), 0);
}

TEST_F(Epoll, DataComesBackVerbatim) {
  int ep = Ep();
  int e = Efd(1);
  ASSERT_EQ(Add(ep, e, EPOLLIN, 0xdeadbeefcafef00dULL), 0);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.data.u64, 0xdeadbeefcafef00dULL);
}

TEST_F(Epoll, OnlyTheAskedEventsAreReported) {
  int ep = Ep();
  int e = Efd(1);  // readable and writable
  ASSERT_EQ(Add(ep, e, EPOLLOUT), 0);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.events, (uint32_t)EPOLLOUT);
  ASSERT_EQ(Mod(ep, e, EPOLLIN | EPOLLOUT), 0);
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.events, (uint32_t)(EPOLLIN | EPOLLOUT));
}

TEST_F(Epoll, ZeroTimeoutReturnsAtOnce) {
  int ep = Ep();
  int e = Efd();
  ASSERT_EQ(Add(ep, e, EPOLLIN), 0);
  struct epoll_event ev;
  EXPECT_EQ(Wait(ep, &ev, 1, 0), 0);
}

TEST_F(Epoll, TimeoutExpires) {
  int ep = Ep();
  int e = Efd();
  ASSERT_EQ(Add(ep, e, EPOLLIN), 0);
  struct epoll_event ev;
  long long t0 = MonotonicNs();
  EXPECT_EQ(Wait(ep, &ev, 1, 50), 0);
  EXPECT_GE(MonotonicNs() - t0, 50 * 1000000LL);
}

TEST_F(Epoll, HangupOfThePipeIsReportedUnasked) {
  int ep = Ep();
  int p[2];
  Pipe(p);
  ASSERT_EQ(Add(ep, p[0], EPOLLIN), 0);
  CloseNow(p[1]);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.events, (uint32_t)EPOLLHUP);
}

TEST_F(Epoll, ErrorOfAWriteEndWithoutReadersIsReportedUnasked) {
  int ep = Ep();
  int p[2];
  Pipe(p);
  ASSERT_EQ(Add(ep, p[1], 0), 0);
  EXPECT_EQ(Ready(ep), 0);
  CloseNow(p[0]);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.events, (uint32_t)EPOLLERR);
}

TEST_F(Epoll, RdhupIsAcceptedButAPipeReportsHup) {
  int ep = Ep();
  int p[2];
  Pipe(p);
  ASSERT_EQ(Add(ep, p[0], EPOLLIN | EPOLLRDHUP), 0);
  EXPECT_EQ(Ready(ep), 0);
  CloseNow(p[1]);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.events, (uint32_t)EPOLLHUP);
}

TEST_F(Epoll, WritableEndIsReported) {
  int ep = Ep();
  int p[2];
  Pipe(p);
  ASSERT_EQ(Add(ep, p[1], EPOLLOUT, 2), 0);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.events, (uint32_t)EPOLLOUT);
  EXPECT_EQ(ev.data.u64, 2u);
}

TEST_F(Epoll, SmallMaxeventsStillSeesEveryReadyItem) {
  int ep = Ep();
  for (uint64_t i = 0; i < 3; i++) ASSERT_EQ(Add(ep, Efd(1), EPOLLIN, i), 0);
  std::set<uint64_t> seen;
  struct epoll_event evs[2];
  for (int round = 0; round < 2; round++) {
    int n = Wait(ep, evs, 2, 0);
    ASSERT_EQ(n, 2);
    for (int i = 0; i < n; i++) seen.insert(evs[i].data.u64);
  }
  EXPECT_EQ(seen.size(), 3u);
}

TEST_F(Epoll, DelStopsTheReports) {
  int ep = Ep();
  int e = Efd(1);
  ASSERT_EQ(Add(ep, e, EPOLLIN), 0);
  EXPECT_EQ(Ready(ep), 1);
  ASSERT_EQ(epoll_ctl(ep, EPOLL_CTL_DEL, e, nullptr), 0);
  EXPECT_EQ(Ready(ep), 0);
  EXPECT_EQ(Add(ep, e, EPOLLIN), 0);  // and it may be added again
}

// ---------------------------------------------------------------------
// Edge-triggered reports.

TEST_F(Epoll, EdgeIsReportedOncePerWrite) {
  int ep = Ep();
  int p[2];
  Pipe(p);
  ASSERT_EQ(Add(ep, p[0], EPOLLIN | EPOLLET), 0);
  EXPECT_EQ(Ready(ep), 0);
  ASSERT_EQ(write(p[1], "a", 1), 1);
  EXPECT_EQ(Ready(ep), 1);
  EXPECT_EQ(Ready(ep), 0);  // still readable, but no new data
  ASSERT_EQ(write(p[1], "b", 1), 1);
  EXPECT_EQ(Ready(ep), 1);
  EXPECT_EQ(Ready(ep), 0);
}

TEST_F(Epoll, EdgeOfDataPresentAtAddIsReportedOnce) {
  int ep = Ep();
  int e = Efd(3);
  ASSERT_EQ(Add(ep, e, EPOLLIN | EPOLLET), 0);
  EXPECT_EQ(Ready(ep), 1);
  EXPECT_EQ(Ready(ep), 0);
}

TEST_F(Epoll, EdgeOfAnEventfdWrite) {
  int ep = Ep();
  int e = Efd();
  ASSERT_EQ(Add(ep, e, EPOLLIN | EPOLLET, 5), 0);
  EXPECT_EQ(Ready(ep), 0);
  ASSERT_EQ(Write64(e, 1), 8);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.data.u64, 5u);
  EXPECT_EQ(Ready(ep), 0);
  ASSERT_EQ(Write64(e, 1), 8);
  EXPECT_EQ(Ready(ep), 1);
}

TEST_F(Epoll, ReadingIsNoNewEdgeForTheReader) {
  int ep = Ep();
  int p[2];
  Pipe(p);
  ASSERT_EQ(Add(ep, p[0], EPOLLIN | EPOLLET), 0);
  ASSERT_EQ(write(p[1], "ab", 2), 2);
  EXPECT_EQ(Ready(ep), 1);
  char c;
  ASSERT_EQ(read(p[0], &c, 1), 1);
  EXPECT_EQ(Ready(ep), 0);  // one byte left, but nothing new came
}

TEST_F(Epoll, EdgeOfATimerfdExpiry) {
  int ep = Ep();
  int t = Track(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK));
  ASSERT_GE(t, 0);
  ASSERT_EQ(Add(ep, t, EPOLLIN | EPOLLET, 9), 0);
  struct itimerspec its = {};
  its.it_value.tv_nsec = 20 * 1000000;
  ASSERT_EQ(timerfd_settime(t, 0, &its, nullptr), 0);
  long long t0 = MonotonicNs();
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 5000), 1);
  EXPECT_GE(MonotonicNs() - t0, 15 * 1000000LL);
  EXPECT_EQ(ev.events, (uint32_t)EPOLLIN);
  EXPECT_EQ(ev.data.u64, 9u);
  EXPECT_EQ(Ready(ep), 0);
}

// ---------------------------------------------------------------------
// EPOLLONESHOT and EPOLL_CTL_MOD.

TEST_F(Epoll, OneshotReportsOnce) {
  int ep = Ep();
  int e = Efd(1);
  ASSERT_EQ(Add(ep, e, EPOLLIN | EPOLLONESHOT), 0);
  EXPECT_EQ(Ready(ep), 1);
  EXPECT_EQ(Ready(ep), 0);
  ASSERT_EQ(Write64(e, 1), 8);  // new data does not re-arm it
  EXPECT_EQ(Ready(ep), 0);
}

TEST_F(Epoll, ModRearmsAOneshot) {
  int ep = Ep();
  int e = Efd(1);
  ASSERT_EQ(Add(ep, e, EPOLLIN | EPOLLONESHOT, 1), 0);
  EXPECT_EQ(Ready(ep), 1);
  EXPECT_EQ(Ready(ep), 0);
  ASSERT_EQ(Mod(ep, e, EPOLLIN | EPOLLONESHOT, 2), 0);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.data.u64, 2u);
  EXPECT_EQ(Ready(ep), 0);
}

TEST_F(Epoll, OneshotItemStillEexistAndDeletable) {
  int ep = Ep();
  int e = Efd(1);
  ASSERT_EQ(Add(ep, e, EPOLLIN | EPOLLONESHOT), 0);
  EXPECT_EQ(Ready(ep), 1);
  EXPECT_ERRNO(Add(ep, e, EPOLLIN), EEXIST);
  EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_DEL, e, nullptr), 0);
}

// dbus-daemon turns a watch off with events 0 and on again with MOD; the
// MOD must report what is ready already.
TEST_F(Epoll, ModRechecksReadinessAtOnce) {
  int ep = Ep();
  int p[2];
  Pipe(p);
  ASSERT_EQ(Add(ep, p[0], 0), 0);
  ASSERT_EQ(write(p[1], "x", 1), 1);
  EXPECT_EQ(Ready(ep), 0);
  ASSERT_EQ(Mod(ep, p[0], EPOLLIN, 3), 0);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.events, (uint32_t)EPOLLIN);
  EXPECT_EQ(ev.data.u64, 3u);
}

TEST_F(Epoll, ModOfAnEdgeItemGivesANewEdge) {
  int ep = Ep();
  int e = Efd(1);
  ASSERT_EQ(Add(ep, e, EPOLLIN | EPOLLET), 0);
  EXPECT_EQ(Ready(ep), 1);
  EXPECT_EQ(Ready(ep), 0);
  ASSERT_EQ(Mod(ep, e, EPOLLIN | EPOLLET), 0);
  EXPECT_EQ(Ready(ep), 1);
}

struct WaitArgs {
  int ep;
  int n;
  struct epoll_event ev;
};

void* WaitForever(void* arg) {
  auto* a = static_cast<WaitArgs*>(arg);
  a->n = epoll_wait(a->ep, &a->ev, 1, 10000);
  return nullptr;
}

TEST_F(Epoll, ModWakesASleepingWaiter) {
  int ep = Ep();
  int e = Efd(1);
  ASSERT_EQ(Add(ep, e, 0), 0);
  WaitArgs a = {ep, -2, {}};
  pthread_t t;
  ASSERT_EQ(pthread_create(&t, nullptr, WaitForever, &a), 0);
  usleep(50 * 1000);
  ASSERT_EQ(Mod(ep, e, EPOLLIN, 4), 0);
  pthread_join(t, nullptr);
  EXPECT_EQ(a.n, 1);
  EXPECT_EQ(a.ev.data.u64, 4u);
}

void* WriteEventfdLater(void* arg) {
  usleep(50 * 1000);
  Write64(*static_cast<int*>(arg), 1);
  return nullptr;
}

TEST_F(Epoll, EventfdWriteFromAThreadWakesTheWaiter) {
  int ep = Ep();
  int e = Efd();
  ASSERT_EQ(Add(ep, e, EPOLLIN, 6), 0);
  pthread_t t;
  ASSERT_EQ(pthread_create(&t, nullptr, WriteEventfdLater, &e), 0);
  struct epoll_event ev = {};
  EXPECT_EQ(Wait(ep, &ev, 1, 10000), 1);
  EXPECT_EQ(ev.data.u64, 6u);
  pthread_join(t, nullptr);
}

TEST_F(Epoll, PipeWriteFromAChildWakesTheWaiter) {
  int ep = Ep();
  int p[2];
  Pipe(p);
  ASSERT_EQ(Add(ep, p[0], EPOLLIN | EPOLLET), 0);
  pid_t pid = StartChild([&] {
    usleep(50 * 1000);
    return write(p[1], "z", 1) == 1 ? 0 : 1;
  });
  struct epoll_event ev = {};
  EXPECT_EQ(Wait(ep, &ev, 1, 10000), 1);
  EXPECT_EQ(ev.events, (uint32_t)EPOLLIN);
  EXPECT_EXIT0(WaitStatus(pid));
}

// ---------------------------------------------------------------------
// Closing watched descriptors.

TEST_F(Epoll, ClosingTheOnlyDescriptorRemovesTheInterest) {
  int ep = Ep();
  int e = eventfd(1, EFD_NONBLOCK);
  ASSERT_EQ(Add(ep, e, EPOLLIN), 0);
  EXPECT_EQ(Ready(ep), 1);
  close(e);
  EXPECT_EQ(Ready(ep), 0);
  // A new file at the same number is a new interest.
  int e2 = Efd(1);
  ASSERT_EQ(e2, e);
  EXPECT_EQ(Add(ep, e2, EPOLLIN), 0);
}

TEST_F(Epoll, ADupKeepsTheInterestAlive) {
  int ep = Ep();
  int p[2];
  Pipe(p);
  ASSERT_EQ(Add(ep, p[0], EPOLLIN, 11), 0);
  int d = Track(dup(p[0]));
  ASSERT_GE(d, 0);
  CloseNow(p[0]);
  ASSERT_EQ(write(p[1], "q", 1), 1);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(ep, &ev, 1, 0), 1);
  EXPECT_EQ(ev.data.u64, 11u);
  // The interest is keyed by the old number: the dup is not watched.
  EXPECT_ERRNO(epoll_ctl(ep, EPOLL_CTL_DEL, d, nullptr), ENOENT);
  CloseNow(d);
  EXPECT_EQ(Ready(ep), 0);
}

TEST_F(Epoll, ClosingTheEpollLeavesTheWatchedFileAlone) {
  int ep = epoll_create1(0);
  int e = Efd(1);
  ASSERT_EQ(Add(ep, e, EPOLLIN), 0);
  ASSERT_EQ(close(ep), 0);
  struct pollfd pfd = {e, POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 0), 1);
}

TEST_F(Epoll, ForkedChildSharesTheInterestList) {
  int ep = Ep();
  int e = Efd();
  ASSERT_EQ(Add(ep, e, EPOLLIN, 12), 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(Write64(e, 1) == 8);
    struct epoll_event ev = {};
    CHILD_CHECK(epoll_wait(ep, &ev, 1, 0) == 1);
    CHILD_CHECK(ev.data.u64 == 12u);
    return 0;
  }));
  EXPECT_EQ(Ready(ep), 1);  // the child's write is ours too
}

// ---------------------------------------------------------------------
// Nested epolls.

TEST_F(Epoll, InnerEpollIsReadableWhenItHasEvents) {
  int outer = Ep();
  int inner = Ep();
  int e = Efd();
  ASSERT_EQ(Add(inner, e, EPOLLIN), 0);
  ASSERT_EQ(Add(outer, inner, EPOLLIN, 21), 0);
  EXPECT_EQ(Ready(outer), 0);
  ASSERT_EQ(Write64(e, 1), 8);
  struct epoll_event ev = {};
  ASSERT_EQ(Wait(outer, &ev, 1, 0), 1);
  EXPECT_EQ(ev.events, (uint32_t)EPOLLIN);
  EXPECT_EQ(ev.data.u64, 21u);
}

TEST_F(Epoll, PollOfAnEpoll) {
  int ep = Ep();
  int e = Efd();
  ASSERT_EQ(Add(ep, e, EPOLLIN), 0);
  struct pollfd pfd = {ep, POLLIN | POLLOUT, 0};
  EXPECT_EQ(poll(&pfd, 1, 0), 0);
  ASSERT_EQ(Write64(e, 1), 8);
  EXPECT_EQ(poll(&pfd, 1, 0), 1);
  EXPECT_EQ(pfd.revents, POLLIN);
}

TEST_F(Epoll, AnEpollInItselfThroughAnotherIsEloop) {
  int a = Ep();
  int b = Ep();
  ASSERT_EQ(Add(a, b, EPOLLIN), 0);
  EXPECT_ERRNO(Add(b, a, EPOLLIN), ELOOP);
}

TEST_F(Epoll, ALongerLoopIsEloop) {
  int a = Ep();
  int b = Ep();
  int c = Ep();
  ASSERT_EQ(Add(a, b, EPOLLIN), 0);
  ASSERT_EQ(Add(b, c, EPOLLIN), 0);
  EXPECT_ERRNO(Add(c, a, EPOLLIN), ELOOP);
  EXPECT_EQ(Add(a, c, EPOLLIN), 0);  // a diamond is no loop
}

void* WaitOuter(void* arg) { return WaitForever(arg); }

TEST_F(Epoll, InnerEventWakesAWaiterOnTheOuter) {
  int outer = Ep();
  int inner = Ep();
  int e = Efd();
  ASSERT_EQ(Add(inner, e, EPOLLIN), 0);
  ASSERT_EQ(Add(outer, inner, EPOLLIN | EPOLLET, 22), 0);
  WaitArgs a = {outer, -2, {}};
  pthread_t t;
  ASSERT_EQ(pthread_create(&t, nullptr, WaitOuter, &a), 0);
  usleep(50 * 1000);
  ASSERT_EQ(Write64(e, 1), 8);
  pthread_join(t, nullptr);
  EXPECT_EQ(a.n, 1);
  EXPECT_EQ(a.ev.data.u64, 22u);
}

// ---------------------------------------------------------------------
// Signalfds.

TEST_F(Epoll, SignalfdIsReportedWhileASignalIsPending) {
  EXPECT_EXIT0(RunInChild([] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHILD_CHECK(sigprocmask(SIG_BLOCK, &set, nullptr) == 0);
    int s = signalfd(-1, &set, SFD_NONBLOCK);
    int ep = epoll_create1(0);
    CHILD_CHECK(s >= 0 && ep >= 0);
    CHILD_CHECK(Add(ep, s, EPOLLIN, 31) == 0);
    CHILD_CHECK(Ready(ep) == 0);
    CHILD_CHECK(kill(getpid(), SIGUSR1) == 0);
    struct epoll_event ev = {};
    CHILD_CHECK(epoll_wait(ep, &ev, 1, 0) == 1);
    CHILD_CHECK(ev.data.u64 == 31u && ev.events == EPOLLIN);
    struct signalfd_siginfo si;
    CHILD_CHECK(read(s, &si, sizeof(si)) == (long)sizeof(si));
    CHILD_CHECK(Ready(ep) == 0);
    return 0;
  }));
}

TEST_F(Epoll, SignalFromAnotherProcessWakesTheWaiter) {
  EXPECT_EXIT0(RunInChild([] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHILD_CHECK(sigprocmask(SIG_BLOCK, &set, nullptr) == 0);
    int s = signalfd(-1, &set, SFD_NONBLOCK);
    int ep = epoll_create1(0);
    CHILD_CHECK(s >= 0 && ep >= 0);
    CHILD_CHECK(Add(ep, s, EPOLLIN | EPOLLET, 32) == 0);
    pid_t me = getpid();
    pid_t k = fork();
    CHILD_CHECK(k >= 0);
    if (k == 0) {
      usleep(50 * 1000);
      kill(me, SIGUSR1);
      _exit(0);
    }
    struct epoll_event ev = {};
    CHILD_CHECK(epoll_wait(ep, &ev, 1, 10000) == 1);
    CHILD_CHECK(ev.data.u64 == 32u);
    CHILD_CHECK(WaitStatus(k) == 0);
    return 0;
  }));
}

// ---------------------------------------------------------------------
// epoll_pwait and epoll_pwait2.

volatile sig_atomic_t g_usr1;
void OnUsr1(int) { g_usr1 = 1; }

TEST_F(Epoll, PwaitMaskLetsAPendingSignalInAndComesBack) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(InstallHandler(SIGUSR1, OnUsr1, SA_RESTART) == 0);
    sigset_t set, empty, now;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigemptyset(&empty);
    CHILD_CHECK(sigprocmask(SIG_BLOCK, &set, nullptr) == 0);
    int ep = epoll_create1(0);
    CHILD_CHECK(ep >= 0);
    CHILD_CHECK(kill(getpid(), SIGUSR1) == 0);
    CHILD_CHECK(g_usr1 == 0);
    struct epoll_event ev;
    // Interrupted by a handler: EINTR even with SA_RESTART (signal(7)).
    CHILD_CHECK_ERRNO(epoll_pwait(ep, &ev, 1, 5000, &empty), EINTR);
    CHILD_CHECK(g_usr1 == 1);
    CHILD_CHECK(sigprocmask(SIG_BLOCK, nullptr, &now) == 0);
    CHILD_CHECK(sigismember(&now, SIGUSR1) == 1);
    return 0;
  }));
}

TEST_F(Epoll, PwaitBadSigsetSizeIsEinval) {
  int ep = Ep();
  sigset_t empty;
  sigemptyset(&empty);
  struct epoll_event ev;
  EXPECT_ERRNO(syscall(SYS_epoll_pwait, ep, &ev, 1, 0, &empty, 4), EINVAL);
  EXPECT_EQ(syscall(SYS_epoll_pwait, ep, &ev, 1, 0, nullptr, 4), 0);
}

TEST_F(Epoll, PwaitWithoutAMaskIsEpollWait) {
  int ep = Ep();
  int e = Efd(1);
  ASSERT_EQ(Add(ep, e, EPOLLIN, 41), 0);
  struct epoll_event ev = {};
  ASSERT_EQ(epoll_pwait(ep, &ev, 1, 0, nullptr), 1);
  EXPECT_EQ(ev.data.u64, 41u);
}

long Pwait2(int ep, struct epoll_event* ev, int max, const struct timespec* ts) {
  return syscall(SYS_epoll_pwait2, ep, ev, max, ts, nullptr, 8);
}

TEST_F(Epoll, Pwait2TakesATimespec) {
  int ep = Ep();
  int e = Efd();
  ASSERT_EQ(Add(ep, e, EPOLLIN, 42), 0);
  struct epoll_event ev = {};
  struct timespec ts = {0, 30 * 1000000};
  long long t0 = MonotonicNs();
  EXPECT_EQ(Pwait2(ep, &ev, 1, &ts), 0);
  EXPECT_GE(MonotonicNs() - t0, 30 * 1000000LL);
  ASSERT_EQ(Write64(e, 1), 8);
  EXPECT_EQ(Pwait2(ep, &ev, 1, nullptr), 1);  // no timeout: blocks, ready now
  EXPECT_EQ(ev.data.u64, 42u);
}

TEST_F(Epoll, Pwait2BadTimespecIsEinvalOrEfault) {
  int ep = Ep();
  struct epoll_event ev;
  struct timespec bad = {0, 1000000000};
  EXPECT_ERRNO(Pwait2(ep, &ev, 1, &bad), EINVAL);
  struct timespec neg = {-1, 0};
  EXPECT_ERRNO(Pwait2(ep, &ev, 1, &neg), EINVAL);
  EXPECT_ERRNO(Pwait2(ep, &ev, 1, reinterpret_cast<struct timespec*>(8)), EFAULT);
}

}  // namespace
}  // namespace cub
