// timerfd_create, timerfd_settime, timerfd_gettime (timerfd_create(2)):
// a timer whose expirations are read as a 64-bit count.
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>

#include <string>

#include "conformance.h"

namespace cub {
namespace {

constexpr long kMs = 1000 * 1000;

uint64_t NowNs(clockid_t clk) {
  struct timespec ts;
  clock_gettime(clk, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

struct timespec Ns(uint64_t ns) {
  struct timespec ts;
  ts.tv_sec = (time_t)(ns / 1000000000ULL);
  ts.tv_nsec = (long)(ns % 1000000000ULL);
  return ts;
}

uint64_t ToNs(const struct timespec& ts) {
  return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

struct itimerspec Spec(uint64_t value_ns, uint64_t interval_ns) {
  struct itimerspec s;
  s.it_value = Ns(value_ns);
  s.it_interval = Ns(interval_ns);
  return s;
}

class Timerfd : public ::testing::Test {
 protected:
  void TearDown() override {
    if (fd_ >= 0) close(fd_);
  }
  int Make(clockid_t clk, int flags) {
    fd_ = timerfd_create(clk, flags);
    return fd_;
  }
  int fd_ = -1;
};

long Read64(int fd, uint64_t* v) { return read(fd, v, sizeof(*v)); }

TEST_F(Timerfd, NewTimerIsDisarmed) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, TFD_NONBLOCK), 0);
  struct itimerspec cur = Spec(1, 1);
  ASSERT_EQ(timerfd_gettime(fd_, &cur), 0);
  EXPECT_EQ(ToNs(cur.it_value), 0u);
  EXPECT_EQ(ToNs(cur.it_interval), 0u);
  uint64_t v;
  EXPECT_ERRNO(Read64(fd_, &v), EAGAIN);
}

TEST_F(Timerfd, CreateFlagsShowInFcntl) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC), 0);
  EXPECT_TRUE(fcntl(fd_, F_GETFL) & O_NONBLOCK);
  EXPECT_EQ(fcntl(fd_, F_GETFL) & O_ACCMODE, O_RDWR);
  EXPECT_EQ(fcntl(fd_, F_GETFD), FD_CLOEXEC);
}

TEST_F(Timerfd, UnknownCreateFlagsAreEinval) {
  EXPECT_ERRNO(timerfd_create(CLOCK_MONOTONIC, 0x1), EINVAL);
}

TEST_F(Timerfd, ClocksWithoutTimerfdsAreEinval) {
  EXPECT_ERRNO(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0), EINVAL);
  EXPECT_ERRNO(timerfd_create(CLOCK_THREAD_CPUTIME_ID, 0), EINVAL);
  EXPECT_ERRNO(timerfd_create(CLOCK_MONOTONIC_RAW, 0), EINVAL);
  EXPECT_ERRNO(timerfd_create(12345, 0), EINVAL);
}

TEST_F(Timerfd, EachSupportedClockWorks) {
  for (clockid_t clk : {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME}) {
    int fd = timerfd_create(clk, 0);
    ASSERT_GE(fd, 0) << clk;
    struct itimerspec s = Spec(10 * kMs, 0);
    ASSERT_EQ(timerfd_settime(fd, 0, &s, nullptr), 0) << clk;
    uint64_t v = 0;
    EXPECT_EQ(Read64(fd, &v), 8) << clk;
    EXPECT_EQ(v, 1u) << clk;
    close(fd);
  }
}

TEST_F(Timerfd, OneShotExpiresOnceAndBlockingReadWaitsForIt) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  uint64_t start = NowNs(CLOCK_MONOTONIC);
  struct itimerspec s = Spec(50 * kMs, 0);
  ASSERT_EQ(timerfd_settime(fd_, 0, &s, nullptr), 0);
  uint64_t v = 0;
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_EQ(v, 1u);
  EXPECT_GE(NowNs(CLOCK_MONOTONIC) - start, 50u * kMs);
  ASSERT_EQ(fcntl(fd_, F_SETFL, O_NONBLOCK), 0);
  EXPECT_ERRNO(Read64(fd_, &v), EAGAIN);
  struct itimerspec cur = Spec(1, 1);
  ASSERT_EQ(timerfd_gettime(fd_, &cur), 0);
  EXPECT_EQ(ToNs(cur.it_value), 0u);
}

TEST_F(Timerfd, IntervalCountsEveryExpiration) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  struct itimerspec s = Spec(10 * kMs, 10 * kMs);
  ASSERT_EQ(timerfd_settime(fd_, 0, &s, nullptr), 0);
  usleep(65 * 1000);
  uint64_t v = 0;
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_GE(v, 5u);
  // The read reset the count; the next one waits for one more period.
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_GE(v, 1u);
  EXPECT_LT(v, 5u);
}

TEST_F(Timerfd, AbsoluteDeadline) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  uint64_t when = NowNs(CLOCK_MONOTONIC) + 40 * kMs;
  struct itimerspec s = Spec(when, 0);
  ASSERT_EQ(timerfd_settime(fd_, TFD_TIMER_ABSTIME, &s, nullptr), 0);
  uint64_t v = 0;
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_EQ(v, 1u);
  EXPECT_GE(NowNs(CLOCK_MONOTONIC), when);
}

TEST_F(Timerfd, AbsoluteDeadlineOnTheRealtimeClock) {
  ASSERT_GE(Make(CLOCK_REALTIME, 0), 0);
  uint64_t when = NowNs(CLOCK_REALTIME) + 30 * kMs;
  struct itimerspec s = Spec(when, 0);
  ASSERT_EQ(timerfd_settime(fd_, TFD_TIMER_ABSTIME, &s, nullptr), 0);
  uint64_t v = 0;
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_EQ(v, 1u);
  EXPECT_GE(NowNs(CLOCK_REALTIME), when);
}

TEST_F(Timerfd, AbsoluteDeadlineInThePastExpiresAtOnce) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, TFD_NONBLOCK), 0);
  struct itimerspec s = Spec(1, 0);  // one nanosecond after boot
  ASSERT_EQ(timerfd_settime(fd_, TFD_TIMER_ABSTIME, &s, nullptr), 0);
  struct pollfd p = {fd_, POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 1000), 1);
  uint64_t v = 0;
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_EQ(v, 1u);
}

TEST_F(Timerfd, AbsoluteIntervalInThePastCountsTheMissedPeriods) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, TFD_NONBLOCK), 0);
  uint64_t now = NowNs(CLOCK_MONOTONIC);
  // Started 100 periods of 1 ms ago.
  struct itimerspec s = Spec(now - 100 * kMs, 1 * kMs);
  ASSERT_EQ(timerfd_settime(fd_, TFD_TIMER_ABSTIME, &s, nullptr), 0);
  uint64_t v = 0;
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_GE(v, 100u);
}

TEST_F(Timerfd, GettimeReportsTimeLeftAndInterval) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  struct itimerspec s = Spec(10000 * kMs, 500 * kMs);
  ASSERT_EQ(timerfd_settime(fd_, 0, &s, nullptr), 0);
  struct itimerspec cur;
  ASSERT_EQ(timerfd_gettime(fd_, &cur), 0);
  EXPECT_GT(ToNs(cur.it_value), 0u);
  EXPECT_LE(ToNs(cur.it_value), 10000u * kMs);
  EXPECT_GT(ToNs(cur.it_value), 5000u * kMs);
  EXPECT_EQ(ToNs(cur.it_interval), 500u * kMs);
}

TEST_F(Timerfd, GettimeOfAnAbsoluteTimerIsRelative) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  struct itimerspec s = Spec(NowNs(CLOCK_MONOTONIC) + 10000 * kMs, 0);
  ASSERT_EQ(timerfd_settime(fd_, TFD_TIMER_ABSTIME, &s, nullptr), 0);
  struct itimerspec cur;
  ASSERT_EQ(timerfd_gettime(fd_, &cur), 0);
  EXPECT_LE(ToNs(cur.it_value), 10000u * kMs);
  EXPECT_GT(ToNs(cur.it_value), 5000u * kMs);
}

TEST_F(Timerfd, SettimeReturnsTheOldSetting) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  struct itimerspec s = Spec(10000 * kMs, 250 * kMs);
  ASSERT_EQ(timerfd_settime(fd_, 0, &s, nullptr), 0);
  struct itimerspec zero = Spec(0, 0), old = Spec(1, 1);
  ASSERT_EQ(timerfd_settime(fd_, 0, &zero, &old), 0);
  EXPECT_GT(ToNs(old.it_value), 5000u * kMs);
  EXPECT_EQ(ToNs(old.it_interval), 250u * kMs);
  // Disarmed now: nothing left, nothing to read.
  struct itimerspec cur = Spec(1, 1);
  ASSERT_EQ(timerfd_gettime(fd_, &cur), 0);
  EXPECT_EQ(ToNs(cur.it_value), 0u);
  EXPECT_EQ(ToNs(cur.it_interval), 0u);
}

TEST_F(Timerfd, RearmingClearsTheCount) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, TFD_NONBLOCK), 0);
  struct itimerspec s = Spec(1 * kMs, 0);
  ASSERT_EQ(timerfd_settime(fd_, 0, &s, nullptr), 0);
  usleep(20 * 1000);
  struct itimerspec later = Spec(10000 * kMs, 0);
  ASSERT_EQ(timerfd_settime(fd_, 0, &later, nullptr), 0);
  uint64_t v;
  EXPECT_ERRNO(Read64(fd_, &v), EAGAIN);
}

TEST_F(Timerfd, BadSettimeArgumentsAreEinval) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  struct itimerspec s = Spec(kMs, 0);
  EXPECT_ERRNO(timerfd_settime(fd_, 0x4, &s, nullptr), EINVAL);
  s.it_value.tv_nsec = 1000000000;
  EXPECT_ERRNO(timerfd_settime(fd_, 0, &s, nullptr), EINVAL);
  s = Spec(kMs, 0);
  s.it_interval.tv_nsec = -1;
  EXPECT_ERRNO(timerfd_settime(fd_, 0, &s, nullptr), EINVAL);
  s = Spec(kMs, 0);
  s.it_value.tv_sec = -1;
  EXPECT_ERRNO(timerfd_settime(fd_, 0, &s, nullptr), EINVAL);
}

TEST_F(Timerfd, CancelOnSetIsAcceptedWithoutEffectOffTheRealtimeClock) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  struct itimerspec s = Spec(10 * kMs, 0);
  ASSERT_EQ(timerfd_settime(fd_, TFD_TIMER_CANCEL_ON_SET, &s, nullptr), 0);
  uint64_t v = 0;
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_EQ(v, 1u);
}

TEST_F(Timerfd, CancelOnSetWithAbsoluteRealtimeStillExpires) {
  ASSERT_GE(Make(CLOCK_REALTIME, 0), 0);
  struct itimerspec s = Spec(NowNs(CLOCK_REALTIME) + 20 * kMs, 0);
  ASSERT_EQ(timerfd_settime(fd_, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
                            &s, nullptr),
            0);
  uint64_t v = 0;
  ASSERT_EQ(Read64(fd_, &v), 8);
  EXPECT_EQ(v, 1u);
}

TEST_F(Timerfd, BadPointersAreEfault) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  auto* bad = reinterpret_cast<struct itimerspec*>(8);
  EXPECT_ERRNO(timerfd_settime(fd_, 0, bad, nullptr), EFAULT);
  EXPECT_ERRNO(timerfd_gettime(fd_, bad), EFAULT);
  struct itimerspec s = Spec(10000 * kMs, 0);
  EXPECT_ERRNO(timerfd_settime(fd_, 0, &s, bad), EFAULT);
}

TEST_F(Timerfd, OtherDescriptorsAreEinvalOrEbadf) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  struct itimerspec s = Spec(kMs, 0), cur;
  EXPECT_ERRNO(timerfd_settime(p[0], 0, &s, nullptr), EINVAL);
  EXPECT_ERRNO(timerfd_gettime(p[0], &cur), EINVAL);
  close(p[0]);
  close(p[1]);
  EXPECT_ERRNO(timerfd_settime(p[0], 0, &s, nullptr), EBADF);
  EXPECT_ERRNO(timerfd_gettime(p[0], &cur), EBADF);
}

TEST_F(Timerfd, ShortReadIsEinval) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, TFD_NONBLOCK), 0);
  uint32_t small;
  EXPECT_ERRNO(read(fd_, &small, sizeof(small)), EINVAL);
}

TEST_F(Timerfd, WriteIsEinval) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  uint64_t v = 1;
  EXPECT_ERRNO(write(fd_, &v, sizeof(v)), EINVAL);
}

TEST_F(Timerfd, PollReportsExpiry) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  struct pollfd p = {fd_, POLLIN | POLLOUT, 0};
  ASSERT_EQ(poll(&p, 1, 0), 0);
  struct itimerspec s = Spec(20 * kMs, 0);
  ASSERT_EQ(timerfd_settime(fd_, 0, &s, nullptr), 0);
  ASSERT_EQ(poll(&p, 1, 5000), 1);
  EXPECT_EQ(p.revents, POLLIN);
}

TEST_F(Timerfd, ForkedChildSharesTheTimer) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  struct itimerspec s = Spec(10 * kMs, 0);
  ASSERT_EQ(timerfd_settime(fd_, 0, &s, nullptr), 0);
  EXPECT_EXIT0(RunInChild([this] {
    uint64_t v = 0;
    CHILD_CHECK(Read64(fd_, &v) == 8 && v == 1);
    return 0;
  }));
  // The child's read took the expiration.
  ASSERT_EQ(fcntl(fd_, F_SETFL, O_NONBLOCK), 0);
  uint64_t v;
  EXPECT_ERRNO(Read64(fd_, &v), EAGAIN);
}

TEST_F(Timerfd, FdLinkNamesTheTimerfd) {
  ASSERT_GE(Make(CLOCK_MONOTONIC, 0), 0);
  char buf[64] = {};
  std::string link = "/proc/self/fd/" + std::to_string(fd_);
  ASSERT_GT(readlink(link.c_str(), buf, sizeof(buf) - 1), 0);
  EXPECT_STREQ(buf, "anon_inode:[timerfd]");
}

}  // namespace
}  // namespace cub
