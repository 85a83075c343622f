// poll, select and ppoll sleeping on the objects they watch: a wake-up
// from another thread or process reaches the sleeper, each object kind
// on its own (cub's per-object readiness heads, fs/poll.h).
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>

#include "conformance.h"

namespace cub {
namespace {

void* WriteLater(void* arg) {
  usleep(50 * 1000);
  uint64_t one = 1;
  (void)!write(*static_cast<int*>(arg), &one, sizeof(one));
  return nullptr;
}

TEST(PollWake, PipeWriteFromAChild) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  pid_t pid = StartChild([&] {
    usleep(50 * 1000);
    return write(p[1], "x", 1) == 1 ? 0 : 1;
  });
  struct pollfd pfd = {p[0], POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 10000), 1);
  EXPECT_EQ(pfd.revents, POLLIN);
  EXPECT_EXIT0(WaitStatus(pid));
  close(p[0]);
  close(p[1]);
}

TEST(PollWake, EventfdWriteFromAThread) {
  int e = eventfd(0, 0);
  ASSERT_GE(e, 0);
  pthread_t t;
  ASSERT_EQ(pthread_create(&t, nullptr, WriteLater, &e), 0);
  struct pollfd pfd = {e, POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 10000), 1);
  EXPECT_EQ(pfd.revents, POLLIN);
  pthread_join(t, nullptr);
  close(e);
}

TEST(PollWake, OnlyTheWokenObjectIsReported) {
  int e1 = eventfd(0, 0), e2 = eventfd(0, 0);
  ASSERT_GE(e1, 0);
  ASSERT_GE(e2, 0);
  pthread_t t;
  ASSERT_EQ(pthread_create(&t, nullptr, WriteLater, &e2), 0);
  struct pollfd pfd[2] = {{e1, POLLIN, 0}, {e2, POLLIN, 0}};
  EXPECT_EQ(poll(pfd, 2, 10000), 1);
  EXPECT_EQ(pfd[0].revents, 0);
  EXPECT_EQ(pfd[1].revents, POLLIN);
  pthread_join(t, nullptr);
  close(e1);
  close(e2);
}

TEST(PollWake, SelectOnATimerfd) {
  int t = timerfd_create(CLOCK_MONOTONIC, 0);
  ASSERT_GE(t, 0);
  struct itimerspec its = {};
  its.it_value.tv_nsec = 30 * 1000000;
  ASSERT_EQ(timerfd_settime(t, 0, &its, nullptr), 0);
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(t, &rd);
  struct timeval tv = {10, 0};
  long long t0 = MonotonicNs();
  EXPECT_EQ(select(t + 1, &rd, nullptr, nullptr, &tv), 1);
  EXPECT_GE(MonotonicNs() - t0, 25 * 1000000LL);
  EXPECT_TRUE(FD_ISSET(t, &rd));
  close(t);
}

TEST(PollWake, SignalfdSignalFromAnotherProcess) {
  EXPECT_EXIT0(RunInChild([] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    CHILD_CHECK(sigprocmask(SIG_BLOCK, &set, nullptr) == 0);
    int s = signalfd(-1, &set, 0);
    CHILD_CHECK(s >= 0);
    pid_t me = getpid();
    pid_t k = fork();
    CHILD_CHECK(k >= 0);
    if (k == 0) {
      usleep(50 * 1000);
      kill(me, SIGUSR2);
      _exit(0);
    }
    struct pollfd pfd = {s, POLLIN, 0};
    CHILD_CHECK(poll(&pfd, 1, 10000) == 1);
    CHILD_CHECK(pfd.revents == POLLIN);
    CHILD_CHECK(WaitStatus(k) == 0);
    return 0;
  }));
}

TEST(PollWake, PpollOnAnEpollWokenThroughIt) {
  int ep = epoll_create1(0);
  int e = eventfd(0, 0);
  ASSERT_GE(ep, 0);
  ASSERT_GE(e, 0);
  struct epoll_event ev = {};
  ev.events = EPOLLIN;
  ASSERT_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev), 0);
  pthread_t t;
  ASSERT_EQ(pthread_create(&t, nullptr, WriteLater, &e), 0);
  struct pollfd pfd = {ep, POLLIN, 0};
  struct timespec ts = {10, 0};
  EXPECT_EQ(ppoll(&pfd, 1, &ts, nullptr), 1);
  EXPECT_EQ(pfd.revents, POLLIN);
  pthread_join(t, nullptr);
  close(e);
  close(ep);
}

TEST(PollWake, HangupWakesAPollerOfThePipe) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  pid_t pid = StartChild([&] {
    usleep(50 * 1000);
    return 0;  // exiting closes its copy of the write end
  });
  close(p[1]);
  struct pollfd pfd = {p[0], POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 10000), 1);
  EXPECT_EQ(pfd.revents, POLLHUP);
  EXPECT_EXIT0(WaitStatus(pid));
  close(p[0]);
}

}  // namespace
}  // namespace cub
