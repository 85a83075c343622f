// POSIX message queues (mq_overview(7)): mq_open, mq_unlink,
// mq_timedsend, mq_timedreceive, mq_notify, mq_getsetattr, the limits in
// /proc/sys/fs/mqueue and the mqueue file system.
//
// Host-safe: every queue has a name with this process's pid in it and is
// removed when its test ends; ids change only in forked children; the
// limits files are written only inside cub (RunningInCub), and the mqueue
// file system is mounted only in a child's private mount namespace.
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#include <dirent.h>

#include <fstream>
#include <set>
#include <string>

#include "conformance.h"
#include "mq_common.h"

namespace cub {
namespace {

// Linux's HARD_MSGMAX and HARD_MSGSIZEMAX (ipc/mqueue.c, not in the UAPI
// headers): no attribute may pass them, whoever asks.
constexpr long kHardMsgMax = 65536;
constexpr long kHardMsgSizeMax = 16 * 1024 * 1024;

// A unique queue name for this run: "/cub-mq-<pid>-<n><tag>".
std::string QueueName(const std::string& tag = "") {
  static int counter;
  return "/cub-mq-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + tag;
}

long ReadLimit(const char* name) {
  std::ifstream in(std::string("/proc/sys/fs/mqueue/") + name);
  long v = -1;
  in >> v;
  return v;
}

// Each test's queues are unlinked when it ends, whatever happened.
class Mq : public ::testing::Test {
 protected:
  void TearDown() override {
    for (mqd_t q : open_) mq_close(q);
    for (const std::string& n : names_) mq_unlink(n.c_str());
  }
  // A new name, remembered for unlinking.
  std::string NewName(const std::string& tag = "") {
    names_.push_back(QueueName(tag));
    return names_.back();
  }
  // Creates a queue (O_EXCL) with the given size; -1 on failure.
  mqd_t Create(int flags, long maxmsg = 4, long msgsize = 64, mode_t mode = 0600,
               std::string* name = nullptr) {
    std::string n = NewName();
    struct mq_attr a = {};
    a.mq_maxmsg = maxmsg;
    a.mq_msgsize = msgsize;
    mqd_t q = mq_open(n.c_str(), O_CREAT | O_EXCL | flags, mode, &a);
    if (q != (mqd_t)-1) open_.push_back(q);
    if (name) *name = n;
    return q;
  }
  std::vector<std::string> names_;
  std::vector<mqd_t> open_;
};

struct timespec AbsIn(long ms) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += ms / 1000;
  ts.tv_nsec += (ms % 1000) * 1000000L;
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}

short Revents(int fd, short events) {
  struct pollfd p = {fd, events, 0};
  if (poll(&p, 1, 0) < 0) return -1;
  return p.revents;
}

// ---------------------------------------------------------------------
// Names.  glibc checks the leading slash and hands the rest to the
// kernel, which takes one path component of the queue file system.

struct RawNameCase {
  const char* label;
  std::string name;
  int err;
};

class MqRawName : public ::testing::TestWithParam<RawNameCase> {};

TEST_P(MqRawName, OpenAndUnlinkRefuse) {
  const RawNameCase& c = GetParam();
  EXPECT_ERRNO(syscall(SYS_mq_open, c.name.c_str(), O_RDWR | O_CREAT, 0600, nullptr), c.err);
  EXPECT_ERRNO(syscall(SYS_mq_unlink, c.name.c_str()), c.err);
}

INSTANTIATE_TEST_SUITE_P(
    Mq, MqRawName,
    ::testing::Values(RawNameCase{"Slash", "a/b", EACCES},
                      RawNameCase{"LeadingSlash", "/a", EACCES},
                      RawNameCase{"Dot", ".", EACCES},
                      RawNameCase{"DotDot", "..", EACCES},
                      RawNameCase{"Empty", "", ENOENT},
                      RawNameCase{"TooLong", std::string(NAME_MAX + 1, 'q'), ENAMETOOLONG}),
    [](const ::testing::TestParamInfo<RawNameCase>& i) { return std::string(i.param.label); });

TEST_F(Mq, GlibcNameWithoutSlashIsEinval) {
  EXPECT_ERRNO(mq_open("cub-no-slash", O_RDWR | O_CREAT, 0600, nullptr), EINVAL);
  EXPECT_ERRNO(mq_unlink("cub-no-slash"), EINVAL);
}

TEST_F(Mq, GlibcSlashAloneIsEnoent) {
  EXPECT_ERRNO(mq_open("/", O_RDWR | O_CREAT, 0600, nullptr), ENOENT);
}

TEST_F(Mq, GlibcSecondSlashIsEacces) {
  EXPECT_ERRNO(mq_open("//cub-x", O_RDWR | O_CREAT, 0600, nullptr), EACCES);
}

TEST_F(Mq, LongestNameWorks) {
  std::string n = "/" + std::string(NAME_MAX, 'm');
  n.replace(1, 16, std::to_string(getpid()) + "-cub-long-");
  names_.push_back(n);
  mqd_t q = mq_open(n.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600, nullptr);
  ASSERT_NE(q, (mqd_t)-1) << strerror(errno);
  mq_close(q);
  EXPECT_OK(mq_unlink(n.c_str()));
}

TEST_F(Mq, BadNamePointerIsEfault) {
  EXPECT_ERRNO(syscall(SYS_mq_open, (const char*)1, O_RDWR | O_CREAT, 0600, nullptr), EFAULT);
  EXPECT_ERRNO(syscall(SYS_mq_unlink, (const char*)1), EFAULT);
}

// ---------------------------------------------------------------------
// Opening and creating.

TEST_F(Mq, OpenMissingWithoutCreateIsEnoent) {
  std::string n = NewName();
  EXPECT_ERRNO(mq_open(n.c_str(), O_RDWR), ENOENT);
}

TEST_F(Mq, CreateExclusiveOnExistingIsEexist) {
  std::string n;
  ASSERT_NE(Create(O_RDWR, 4, 64, 0600, &n), (mqd_t)-1);
  EXPECT_ERRNO(mq_open(n.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600, nullptr), EEXIST);
}

TEST_F(Mq, CreateOnExistingOpensItAndIgnoresAttr) {
  std::string n;
  mqd_t q = Create(O_RDWR, 3, 32, 0600, &n);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "x", 1, 0), 0);
  struct mq_attr a = {};
  a.mq_maxmsg = 0;  // would be EINVAL for a new queue
  a.mq_msgsize = 0;
  mqd_t q2 = mq_open(n.c_str(), O_RDONLY | O_CREAT, 0600, &a);
  ASSERT_NE(q2, (mqd_t)-1) << strerror(errno);
  struct mq_attr got;
  ASSERT_EQ(mq_getattr(q2, &got), 0);
  EXPECT_EQ(got.mq_maxmsg, 3);
  EXPECT_EQ(got.mq_msgsize, 32);
  EXPECT_EQ(got.mq_curmsgs, 1);
  mq_close(q2);
}

TEST_F(Mq, DefaultAttrComeFromTheLimitsFiles) {
  std::string n = NewName();
  mqd_t q = mq_open(n.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600, nullptr);
  ASSERT_NE(q, (mqd_t)-1);
  struct mq_attr a;
  ASSERT_EQ(mq_getattr(q, &a), 0);
  EXPECT_EQ(a.mq_maxmsg, ReadLimit("msg_default"));
  EXPECT_EQ(a.mq_msgsize, ReadLimit("msgsize_default"));
  EXPECT_EQ(a.mq_curmsgs, 0);
  EXPECT_EQ(a.mq_flags, 0);
  mq_close(q);
}

struct AttrCase {
  const char* label;
  long maxmsg, msgsize;
  int err;  // 0: created
};

class MqAttr : public Mq, public ::testing::WithParamInterface<AttrCase> {};

TEST_P(MqAttr, Create) {
  const AttrCase& c = GetParam();
  std::string n = NewName();
  struct mq_attr a = {};
  a.mq_maxmsg = c.maxmsg;
  a.mq_msgsize = c.msgsize;
  errno = 0;
  mqd_t q = mq_open(n.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600, &a);
  if (c.err) {
    EXPECT_EQ(q, (mqd_t)-1);
    EXPECT_EQ(errno, c.err) << strerror(errno);
    EXPECT_ERRNO(mq_open(n.c_str(), O_RDWR), ENOENT);  // nothing was created
  } else {
    ASSERT_NE(q, (mqd_t)-1) << strerror(errno);
    struct mq_attr got;
    ASSERT_EQ(mq_getattr(q, &got), 0);
    EXPECT_EQ(got.mq_maxmsg, c.maxmsg);
    EXPECT_EQ(got.mq_msgsize, c.msgsize);
    mq_close(q);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Mq, MqAttr,
    ::testing::Values(AttrCase{"ZeroMaxmsg", 0, 64, EINVAL},
                      AttrCase{"NegativeMaxmsg", -1, 64, EINVAL},
                      AttrCase{"ZeroMsgsize", 4, 0, EINVAL},
                      AttrCase{"NegativeMsgsize", 4, -5, EINVAL},
                      AttrCase{"MaxmsgAboveHardLimit", kHardMsgMax + 1, 1, EINVAL},
                      AttrCase{"MsgsizeAboveHardLimit", 1, kHardMsgSizeMax + 1, EINVAL},
                      AttrCase{"Smallest", 1, 1, 0},
                      AttrCase{"AtTheLimits", 10, 8192, 0}),
    [](const ::testing::TestParamInfo<AttrCase>& i) { return std::string(i.param.label); });

TEST_F(Mq, NonRootAttrAboveMsgMaxIsEinval) {
  std::string n = NewName();
  long msg_max = ReadLimit("msg_max"), msgsize_max = ReadLimit("msgsize_max");
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    struct mq_attr a = {};
    a.mq_maxmsg = msg_max + 1;
    a.mq_msgsize = 16;
    CHILD_CHECK_ERRNO(mq_open(n.c_str(), O_RDWR | O_CREAT, 0600, &a), EINVAL);
    a.mq_maxmsg = 1;
    a.mq_msgsize = msgsize_max + 1;
    CHILD_CHECK_ERRNO(mq_open(n.c_str(), O_RDWR | O_CREAT, 0600, &a), EINVAL);
    a.mq_maxmsg = msg_max;
    a.mq_msgsize = msgsize_max;
    mqd_t q = mq_open(n.c_str(), O_RDWR | O_CREAT, 0600, &a);
    CHILD_CHECK(q != (mqd_t)-1);
    return 0;
  }));
}

TEST_F(Mq, BadAttrPointerIsEfault) {
  std::string n = NewName();
  EXPECT_ERRNO(syscall(SYS_mq_open, n.c_str() + 1, O_RDWR | O_CREAT, 0600, (void*)1), EFAULT);
}

TEST_F(Mq, AccessModeThreeIsEinvalOnExisting) {
  std::string n;
  ASSERT_NE(Create(O_RDWR, 4, 64, 0600, &n), (mqd_t)-1);
  EXPECT_ERRNO(syscall(SYS_mq_open, n.c_str() + 1, O_WRONLY | O_RDWR, 0, nullptr), EINVAL);
}

TEST_F(Mq, DescriptorIsCloseOnExecAndKeepsItsFlags) {
  mqd_t q = Create(O_WRONLY | O_NONBLOCK);
  ASSERT_NE(q, (mqd_t)-1);
  EXPECT_EQ(fcntl(q, F_GETFD), FD_CLOEXEC);
  EXPECT_EQ(fcntl(q, F_GETFL) & O_ACCMODE, O_WRONLY);
  struct mq_attr a;
  ASSERT_EQ(mq_getattr(q, &a), 0);
  EXPECT_EQ(a.mq_flags, O_NONBLOCK);
}

TEST_F(Mq, UmaskAppliesToTheMode) {
  mode_t old = umask(027);
  mqd_t q = Create(O_RDWR, 4, 64, 0666);
  umask(old);
  ASSERT_NE(q, (mqd_t)-1);
  struct stat st;
  ASSERT_EQ(fstat(q, &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_TRUE(S_ISREG(st.st_mode));
}

TEST_F(Mq, FstatShowsOwnerAndLinkCount) {
  std::string n;
  mqd_t q = Create(O_RDWR, 4, 64, 0600, &n);
  ASSERT_NE(q, (mqd_t)-1);
  struct stat st;
  ASSERT_EQ(fstat(q, &st), 0);
  EXPECT_EQ(st.st_uid, geteuid());
  EXPECT_EQ(st.st_gid, getegid());
  EXPECT_EQ(st.st_nlink, 1u);
  ASSERT_EQ(mq_unlink(n.c_str()), 0);
  ASSERT_EQ(fstat(q, &st), 0);
  EXPECT_EQ(st.st_nlink, 0u);
}

TEST_F(Mq, NewQueueBelongsToTheFsIds) {
  std::string n = NewName();
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 2000));
    mqd_t q = mq_open(n.c_str(), O_RDWR | O_CREAT | O_EXCL, 0640, nullptr);
    CHILD_CHECK(q != (mqd_t)-1);
    struct stat st;
    CHILD_CHECK(fstat(q, &st) == 0);
    CHILD_CHECK(st.st_uid == 1000 && st.st_gid == 2000);
    return 0;
  }));
}

// ---------------------------------------------------------------------
// Permissions: the file rule (owner, group incl. supplementary groups,
// other; root overrides), checked by mq_open against the open mode.

struct PermCase {
  const char* label;
  mode_t mode;         // of the queue, created by root (uid 0, gid 0)
  uid_t uid;           // the opener
  gid_t gid;
  std::vector<gid_t> groups;
  int oflag;
  int err;             // 0: allowed
};

class MqPerm : public Mq, public ::testing::WithParamInterface<PermCase> {};

TEST_P(MqPerm, Open) {
  const PermCase& c = GetParam();
  std::string n = NewName();
  // No umask, so that the queue has exactly c.mode.
  mode_t old = umask(0);
  mqd_t q = mq_open(n.c_str(), O_RDWR | O_CREAT | O_EXCL, c.mode, nullptr);
  umask(old);
  ASSERT_NE(q, (mqd_t)-1);
  mq_close(q);
  EXPECT_EXIT0(RunInChild([&] {
    if (c.uid != 0) CHILD_CHECK(BecomeUser(c.uid, c.gid, c.groups));
    errno = 0;
    mqd_t r = mq_open(n.c_str(), c.oflag);
    if (c.err) {
      CHILD_CHECK(r == (mqd_t)-1 && errno == c.err);
    } else {
      CHILD_CHECK(r != (mqd_t)-1);
    }
    return 0;
  }));
}

INSTANTIATE_TEST_SUITE_P(
    Mq, MqPerm,
    ::testing::Values(
        PermCase{"OtherNoBitsRead", 0660, 1000, 1000, {}, O_RDONLY, EACCES},
        PermCase{"OtherNoBitsWrite", 0660, 1000, 1000, {}, O_WRONLY, EACCES},
        PermCase{"OtherReadBitRead", 0604, 1000, 1000, {}, O_RDONLY, 0},
        PermCase{"OtherReadBitWrite", 0604, 1000, 1000, {}, O_WRONLY, EACCES},
        PermCase{"OtherReadBitRdwr", 0604, 1000, 1000, {}, O_RDWR, EACCES},
        PermCase{"OtherWriteBitWrite", 0602, 1000, 1000, {}, O_WRONLY, 0},
        PermCase{"SupplementaryGroupRead", 0640, 1000, 1000, {0}, O_RDONLY, 0},
        PermCase{"SupplementaryGroupRdwr", 0640, 1000, 1000, {0}, O_RDWR, EACCES},
        PermCase{"PrimaryGroupRdwr", 0660, 1000, 0, {}, O_RDWR, 0},
        PermCase{"GroupClassNotWidenedByOther", 0606, 1000, 1000, {0}, O_RDONLY, EACCES},
        PermCase{"RootOverridesNoBits", 0000, 0, 0, {}, O_RDWR, 0}),
    [](const ::testing::TestParamInfo<PermCase>& i) { return std::string(i.param.label); });

TEST_F(Mq, OwnerClassNotWidenedByGroupOrOther) {
  std::string n = NewName();
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    umask(0);
    mqd_t q = mq_open(n.c_str(), O_RDWR | O_CREAT | O_EXCL, 0077, nullptr);
    CHILD_CHECK(q != (mqd_t)-1);  // creating needs no permission on the queue
    CHILD_CHECK_ERRNO(mq_open(n.c_str(), O_RDONLY), EACCES);
    return 0;
  }));
}

TEST_F(Mq, UnlinkOthersQueueIsRefused) {
  std::string n;
  ASSERT_NE(Create(O_RDWR, 4, 64, 0666, &n), (mqd_t)-1);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    // The queue directory is sticky (01777): the kernel says EPERM and
    // glibc's mq_unlink turns that into EACCES.
    CHILD_CHECK_ERRNO(syscall(SYS_mq_unlink, n.c_str() + 1), EPERM);
    CHILD_CHECK_ERRNO(mq_unlink(n.c_str()), EACCES);
    return 0;
  }));
  EXPECT_OK(mq_open(n.c_str(), O_RDONLY));  // still there
}

TEST_F(Mq, OwnerMayUnlinkItsQueue) {
  std::string n = NewName();
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    CHILD_CHECK(mq_open(n.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600, nullptr) != (mqd_t)-1);
    CHILD_CHECK(mq_unlink(n.c_str()) == 0);
    CHILD_CHECK_ERRNO(mq_unlink(n.c_str()), ENOENT);
    return 0;
  }));
}

TEST_F(Mq, UnlinkMissingIsEnoent) {
  std::string n = NewName();
  EXPECT_ERRNO(mq_unlink(n.c_str()), ENOENT);
}

// ---------------------------------------------------------------------
// Sending and receiving.

TEST_F(Mq, SendReceiveRoundTrip) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "hello", 5, 7), 0);
  char buf[64];
  unsigned prio = 0;
  ASSERT_EQ(mq_receive(q, buf, sizeof(buf), &prio), 5);
  EXPECT_EQ(std::string(buf, 5), "hello");
  EXPECT_EQ(prio, 7u);
}

TEST_F(Mq, HigherPriorityFirstFifoWithin) {
  mqd_t q = Create(O_RDWR | O_NONBLOCK, 8, 16);
  ASSERT_NE(q, (mqd_t)-1);
  const struct {
    const char* text;
    unsigned prio;
  } sent[] = {{"a1", 1}, {"b5", 5}, {"c3", 3}, {"d5", 5}, {"e0", 0}, {"f32767", 32767}, {"g1", 1}};
  for (auto& s : sent) ASSERT_EQ(mq_send(q, s.text, strlen(s.text), s.prio), 0);
  const char* want[] = {"f32767", "b5", "d5", "c3", "a1", "g1", "e0"};
  for (const char* w : want) {
    char buf[16];
    unsigned prio;
    ssize_t n = mq_receive(q, buf, sizeof(buf), &prio);
    ASSERT_EQ(n, (ssize_t)strlen(w));
    EXPECT_EQ(std::string(buf, n), w);
  }
  char buf[16];
  EXPECT_ERRNO(mq_receive(q, buf, sizeof(buf), nullptr), EAGAIN);
}

TEST_F(Mq, PriorityAtMqPrioMaxIsEinval) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  EXPECT_ERRNO(mq_send(q, "x", 1, MQ_PRIO_MAX), EINVAL);
  // The priority is checked before the descriptor.
  EXPECT_ERRNO(mq_send(-1, "x", 1, MQ_PRIO_MAX), EINVAL);
  EXPECT_EQ(mq_send(q, "x", 1, MQ_PRIO_MAX - 1), 0);
}

TEST_F(Mq, ZeroLengthMessage) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "", 0, 2), 0);
  char buf[64];
  unsigned prio;
  EXPECT_EQ(mq_receive(q, buf, sizeof(buf), &prio), 0);
  EXPECT_EQ(prio, 2u);
}

TEST_F(Mq, SendLongerThanMsgsizeIsEmsgsize) {
  mqd_t q = Create(O_RDWR, 4, 8);
  ASSERT_NE(q, (mqd_t)-1);
  EXPECT_ERRNO(mq_send(q, "123456789", 9, 0), EMSGSIZE);
  EXPECT_EQ(mq_send(q, "12345678", 8, 0), 0);
}

TEST_F(Mq, ReceiveBufferSmallerThanMsgsizeIsEmsgsize) {
  mqd_t q = Create(O_RDWR, 4, 8);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "x", 1, 0), 0);
  char buf[8];
  EXPECT_ERRNO(mq_receive(q, buf, 7, nullptr), EMSGSIZE);
  EXPECT_EQ(mq_receive(q, buf, 8, nullptr), 1) << "the message stayed";
}

TEST_F(Mq, NonblockingSendOnFullIsEagain) {
  mqd_t q = Create(O_WRONLY | O_NONBLOCK, 2, 8);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "1", 1, 0), 0);
  ASSERT_EQ(mq_send(q, "2", 1, 0), 0);
  EXPECT_ERRNO(mq_send(q, "3", 1, 0), EAGAIN);
}

TEST_F(Mq, NonblockingReceiveOnEmptyIsEagain) {
  mqd_t q = Create(O_RDONLY | O_NONBLOCK);
  ASSERT_NE(q, (mqd_t)-1);
  char buf[64];
  EXPECT_ERRNO(mq_receive(q, buf, sizeof(buf), nullptr), EAGAIN);
}

TEST_F(Mq, WrongAccessModeIsEbadf) {
  std::string n;
  mqd_t w = Create(O_WRONLY, 4, 64, 0600, &n);
  ASSERT_NE(w, (mqd_t)-1);
  mqd_t r = mq_open(n.c_str(), O_RDONLY);
  ASSERT_NE(r, (mqd_t)-1);
  char buf[64];
  EXPECT_ERRNO(mq_receive(w, buf, sizeof(buf), nullptr), EBADF);
  EXPECT_ERRNO(mq_send(r, "x", 1, 0), EBADF);
  mq_close(r);
}

TEST_F(Mq, NotAQueueIsEbadf) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  char buf[64];
  struct mq_attr a;
  EXPECT_ERRNO(mq_send(p[1], "x", 1, 0), EBADF);
  EXPECT_ERRNO(mq_receive(p[0], buf, sizeof(buf), nullptr), EBADF);
  EXPECT_ERRNO(mq_getattr(p[0], &a), EBADF);
  EXPECT_ERRNO(mq_notify(p[0], nullptr), EBADF);
  close(p[0]);
  close(p[1]);
  EXPECT_ERRNO(mq_send(p[1], "x", 1, 0), EBADF);
}

TEST_F(Mq, BadBuffersAreEfault) {
  mqd_t q = Create(O_RDWR | O_NONBLOCK);
  ASSERT_NE(q, (mqd_t)-1);
  EXPECT_ERRNO(mq_send(q, (const char*)1, 4, 0), EFAULT);
  struct mq_attr a;
  ASSERT_EQ(mq_getattr(q, &a), 0);
  EXPECT_EQ(a.mq_curmsgs, 0) << "nothing was queued";
  ASSERT_EQ(mq_send(q, "abc", 3, 0), 0);
  EXPECT_ERRNO(mq_receive(q, (char*)1, 64, nullptr), EFAULT);
}

TEST_F(Mq, ReceiveCanSkipThePriority) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "ab", 2, 9), 0);
  char buf[64];
  EXPECT_EQ(mq_receive(q, buf, sizeof(buf), nullptr), 2);
}

TEST_F(Mq, CurmsgsCountsTheQueue) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  struct mq_attr a;
  for (int i = 0; i < 3; i++) ASSERT_EQ(mq_send(q, "x", 1, 0), 0);
  ASSERT_EQ(mq_getattr(q, &a), 0);
  EXPECT_EQ(a.mq_curmsgs, 3);
  char buf[64];
  ASSERT_EQ(mq_receive(q, buf, sizeof(buf), nullptr), 1);
  ASSERT_EQ(mq_getattr(q, &a), 0);
  EXPECT_EQ(a.mq_curmsgs, 2);
}

// ---------------------------------------------------------------------
// Timeouts and blocking.

TEST_F(Mq, TimedReceiveOnEmptyTimesOut) {
  mqd_t q = Create(O_RDONLY);
  ASSERT_NE(q, (mqd_t)-1);
  char buf[64];
  long long t0 = MonotonicNs();
  struct timespec ts = AbsIn(100);
  EXPECT_ERRNO(mq_timedreceive(q, buf, sizeof(buf), nullptr, &ts), ETIMEDOUT);
  EXPECT_GE(MonotonicNs() - t0, 90LL * 1000000);
}

TEST_F(Mq, TimedSendOnFullTimesOut) {
  mqd_t q = Create(O_WRONLY, 1, 8);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "1", 1, 0), 0);
  struct timespec ts = AbsIn(100);
  EXPECT_ERRNO(mq_timedsend(q, "2", 1, 0, &ts), ETIMEDOUT);
}

TEST_F(Mq, TimeoutInThePastFailsAtOnce) {
  mqd_t q = Create(O_RDONLY);
  ASSERT_NE(q, (mqd_t)-1);
  char buf[64];
  struct timespec ts = {1, 0};
  EXPECT_ERRNO(mq_timedreceive(q, buf, sizeof(buf), nullptr, &ts), ETIMEDOUT);
}

TEST_F(Mq, TimeoutIgnoredWhenNotBlocking) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  struct timespec past = {1, 0};
  EXPECT_EQ(mq_timedsend(q, "x", 1, 0, &past), 0);
  char buf[64];
  EXPECT_EQ(mq_timedreceive(q, buf, sizeof(buf), nullptr, &past), 1);
}

// Linux checks the timespec before looking at the queue (prepare_timeout
// in ipc/mqueue.c), so a bad one is EINVAL even when the call would not
// have blocked; POSIX allows that ("may fail").
TEST_F(Mq, BadTimespecIsEinval) {
  mqd_t q = Create(O_RDWR, 1, 8);
  ASSERT_NE(q, (mqd_t)-1);
  struct timespec bad = {0, 1000000000L};
  char buf[8];
  EXPECT_ERRNO(mq_timedreceive(q, buf, sizeof(buf), nullptr, &bad), EINVAL);  // would block
  EXPECT_ERRNO(mq_timedsend(q, "x", 1, 0, &bad), EINVAL);  // would not
  struct timespec neg = {-1, 0};
  EXPECT_ERRNO(mq_timedsend(q, "x", 1, 0, &neg), EINVAL);
  EXPECT_ERRNO(syscall(SYS_mq_timedsend, q, "x", 1, 0, (void*)1), EFAULT);
}

TEST_F(Mq, BlockedReceiveWokenBySend) {
  std::string n;
  mqd_t q = Create(O_RDWR, 4, 64, 0600, &n);
  ASSERT_NE(q, (mqd_t)-1);
  pid_t pid = StartChild([&] {
    usleep(100 * 1000);
    mqd_t w = mq_open(n.c_str(), O_WRONLY);
    CHILD_CHECK(w != (mqd_t)-1);
    CHILD_CHECK(mq_send(w, "late", 4, 3) == 0);
    return 0;
  });
  char buf[64];
  unsigned prio;
  struct timespec ts = AbsIn(10000);
  EXPECT_EQ(mq_timedreceive(q, buf, sizeof(buf), &prio, &ts), 4);
  EXPECT_EQ(prio, 3u);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST_F(Mq, BlockedSendWokenByReceive) {
  mqd_t q = Create(O_RDWR, 1, 8);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "1", 1, 0), 0);
  pid_t pid = StartChild([&] {
    usleep(100 * 1000);
    char buf[8];
    CHILD_CHECK(mq_receive(q, buf, sizeof(buf), nullptr) == 1);
    return 0;
  });
  struct timespec ts = AbsIn(10000);
  EXPECT_EQ(mq_timedsend(q, "2", 1, 0, &ts), 0);
  EXPECT_EXIT0(WaitStatus(pid));
  struct mq_attr a;
  ASSERT_EQ(mq_getattr(q, &a), 0);
  EXPECT_EQ(a.mq_curmsgs, 1);
}

void NoteSignal(int) {}

TEST_F(Mq, SignalInterruptsReceiveWithEintr) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(InstallHandler(SIGALRM, NoteSignal, 0) == 0);
    struct itimerval it = {{0, 0}, {0, 100 * 1000}};
    CHILD_CHECK(setitimer(ITIMER_REAL, &it, nullptr) == 0);
    char buf[64];
    CHILD_CHECK_ERRNO(mq_receive(q, buf, sizeof(buf), nullptr), EINTR);
    return 0;
  }));
}

TEST_F(Mq, SaRestartRestartsTheReceive) {
  std::string n;
  mqd_t q = Create(O_RDWR, 4, 64, 0600, &n);
  ASSERT_NE(q, (mqd_t)-1);
  pid_t pid = StartChild([&] {
    CHILD_CHECK(InstallHandler(SIGALRM, NoteSignal, SA_RESTART) == 0);
    struct itimerval it = {{0, 0}, {0, 50 * 1000}};
    CHILD_CHECK(setitimer(ITIMER_REAL, &it, nullptr) == 0);
    char buf[64];
    CHILD_CHECK(mq_receive(q, buf, sizeof(buf), nullptr) == 2);
    return 0;
  });
  usleep(300 * 1000);
  ASSERT_EQ(mq_send(q, "ok", 2, 0), 0);
  EXPECT_EXIT0(WaitStatus(pid));
}

// ---------------------------------------------------------------------
// mq_getsetattr: only O_NONBLOCK can change.

TEST_F(Mq, SetattrChangesOnlyNonblock) {
  mqd_t q = Create(O_RDWR, 3, 16);
  ASSERT_NE(q, (mqd_t)-1);
  struct mq_attr a = {}, old;
  a.mq_flags = O_NONBLOCK;
  a.mq_maxmsg = 9;
  a.mq_msgsize = 99;
  ASSERT_EQ(mq_setattr(q, &a, &old), 0);
  EXPECT_EQ(old.mq_flags, 0);
  EXPECT_EQ(old.mq_maxmsg, 3);
  struct mq_attr now;
  ASSERT_EQ(mq_getattr(q, &now), 0);
  EXPECT_EQ(now.mq_flags, O_NONBLOCK);
  EXPECT_EQ(now.mq_maxmsg, 3);
  EXPECT_EQ(now.mq_msgsize, 16);
  EXPECT_TRUE(fcntl(q, F_GETFL) & O_NONBLOCK);
  char buf[16];
  EXPECT_ERRNO(mq_receive(q, buf, sizeof(buf), nullptr), EAGAIN);
  a.mq_flags = 0;
  ASSERT_EQ(mq_setattr(q, &a, nullptr), 0);
  EXPECT_FALSE(fcntl(q, F_GETFL) & O_NONBLOCK);
}

TEST_F(Mq, SetattrOtherFlagIsEinval) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  struct mq_attr a = {};
  a.mq_flags = O_NONBLOCK | O_APPEND;
  EXPECT_ERRNO(mq_setattr(q, &a, nullptr), EINVAL);
}

TEST_F(Mq, GetattrZeroesTheReservedWords) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  struct mq_attr a;
  memset(&a, 0x5a, sizeof(a));
  ASSERT_EQ(syscall(SYS_mq_getsetattr, q, nullptr, &a), 0);
  for (long r : a.__pad) EXPECT_EQ(r, 0);
}

TEST_F(Mq, GetsetattrBadPointersAreEfault) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  EXPECT_ERRNO(syscall(SYS_mq_getsetattr, q, (void*)1, nullptr), EFAULT);
  EXPECT_ERRNO(syscall(SYS_mq_getsetattr, q, nullptr, (void*)1), EFAULT);
}

// ---------------------------------------------------------------------
// mq_notify.

class MqNotify : public Mq {
 protected:
  void SetUp() override { BlockSignal(SIGUSR1); }
  void TearDown() override {
    Mq::TearDown();
    // Take any stray notification so it cannot reach a later test.
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    struct timespec zero = {0, 0};
    while (sigtimedwait(&s, nullptr, &zero) > 0) {
    }
  }
  SignalGuard guard_{SIGUSR1};

  static int Register(mqd_t q, int sig, int value) {
    struct sigevent ev = {};
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = sig;
    ev.sigev_value.sival_int = value;
    return mq_notify(q, &ev);
  }
  // The pending SIGUSR1, waited for up to ms; signo 0 when none came.
  static siginfo_t Take(int ms) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    siginfo_t si = {};
    if (sigtimedwait(&s, &si, &ts) < 0) si.si_signo = 0;
    return si;
  }
};

TEST_F(MqNotify, SignalCarriesTheSendersIdentity) {
  std::string n;
  mode_t old = umask(0);
  mqd_t q = Create(O_RDWR, 4, 64, 0666, &n);
  umask(old);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(Register(q, SIGUSR1, 4242), 0);
  pid_t pid = StartChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    mqd_t w = mq_open(n.c_str(), O_WRONLY);
    CHILD_CHECK(w != (mqd_t)-1);
    CHILD_CHECK(mq_send(w, "x", 1, 0) == 0);
    return 0;
  });
  EXPECT_EXIT0(WaitStatus(pid));
  siginfo_t si = Take(5000);
  EXPECT_EQ(si.si_signo, SIGUSR1);
  EXPECT_EQ(si.si_code, SI_MESGQ);
  EXPECT_EQ(si.si_value.sival_int, 4242);
  EXPECT_EQ(si.si_pid, pid);
  EXPECT_EQ(si.si_uid, 1000u);
}

TEST_F(MqNotify, OnlyWhenTheQueueWasEmpty) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "1", 1, 0), 0);
  ASSERT_EQ(Register(q, SIGUSR1, 1), 0);
  ASSERT_EQ(mq_send(q, "2", 1, 0), 0);
  EXPECT_EQ(Take(0).si_signo, 0) << "the queue was not empty";
  char buf[64];
  ASSERT_EQ(mq_receive(q, buf, sizeof(buf), nullptr), 1);
  ASSERT_EQ(mq_receive(q, buf, sizeof(buf), nullptr), 1);
  ASSERT_EQ(mq_send(q, "3", 1, 0), 0);
  EXPECT_EQ(Take(1000).si_signo, SIGUSR1);
}

TEST_F(MqNotify, RegistrationEndsWhenItFires) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(Register(q, SIGUSR1, 1), 0);
  ASSERT_EQ(mq_send(q, "1", 1, 0), 0);
  EXPECT_EQ(Take(1000).si_signo, SIGUSR1);
  char buf[64];
  ASSERT_EQ(mq_receive(q, buf, sizeof(buf), nullptr), 1);
  ASSERT_EQ(mq_send(q, "2", 1, 0), 0);
  EXPECT_EQ(Take(0).si_signo, 0);
  EXPECT_EQ(Register(q, SIGUSR1, 2), 0) << "free again";
}

TEST_F(MqNotify, SecondRegistrationIsEbusy) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(Register(q, SIGUSR1, 1), 0);
  EXPECT_ERRNO(Register(q, SIGUSR1, 2), EBUSY);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK_ERRNO(Register(q, SIGUSR1, 3), EBUSY);
    // A NULL from a process that is not the owner changes nothing.
    CHILD_CHECK(mq_notify(q, nullptr) == 0);
    CHILD_CHECK_ERRNO(Register(q, SIGUSR1, 3), EBUSY);
    return 0;
  }));
}

TEST_F(MqNotify, OwnerCanUnregister) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(Register(q, SIGUSR1, 1), 0);
  ASSERT_EQ(mq_notify(q, nullptr), 0);
  ASSERT_EQ(mq_send(q, "1", 1, 0), 0);
  EXPECT_EQ(Take(0).si_signo, 0);
  EXPECT_EXIT0(RunInChild([&] { return Register(q, SIGUSR1, 3) == 0 ? 0 : 1; }));
}

TEST_F(MqNotify, ClosingADescriptorDropsTheRegistration) {
  std::string n;
  mqd_t q = Create(O_RDWR, 4, 64, 0600, &n);
  ASSERT_NE(q, (mqd_t)-1);
  mqd_t q2 = mq_open(n.c_str(), O_RDONLY);
  ASSERT_NE(q2, (mqd_t)-1);
  ASSERT_EQ(Register(q, SIGUSR1, 1), 0);
  ASSERT_EQ(mq_close(q2), 0);  // any descriptor of the queue, as Linux's flush
  EXPECT_EQ(Register(q, SIGUSR1, 2), 0);
}

TEST_F(MqNotify, ExitDropsTheRegistration) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  EXPECT_EXIT0(RunInChild([&] { return Register(q, SIGUSR1, 1) == 0 ? 0 : 1; }));
  EXPECT_EQ(Register(q, SIGUSR1, 2), 0);
}

TEST_F(MqNotify, NoSignalWhileAReceiverWaits) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(Register(q, SIGUSR1, 1), 0);
  pid_t pid = StartChild([&] {
    char buf[64];
    CHILD_CHECK(mq_receive(q, buf, sizeof(buf), nullptr) == 1);
    return 0;
  });
  usleep(200 * 1000);  // the child is blocked in mq_receive by now
  ASSERT_EQ(mq_send(q, "1", 1, 0), 0);
  EXPECT_EXIT0(WaitStatus(pid));
  EXPECT_EQ(Take(0).si_signo, 0) << "the waiting receiver took it";
  EXPECT_ERRNO(Register(q, SIGUSR1, 2), EBUSY);  // still registered
  ASSERT_EQ(mq_send(q, "2", 1, 0), 0);
  EXPECT_EQ(Take(1000).si_signo, SIGUSR1);
}

TEST_F(MqNotify, SigevNoneRegistersWithoutASignal) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  struct sigevent ev = {};
  ev.sigev_notify = SIGEV_NONE;
  ASSERT_EQ(mq_notify(q, &ev), 0);
  EXPECT_EXIT0(RunInChild([&] { return Register(q, SIGUSR1, 1) == -1 && errno == EBUSY ? 0 : 1; }));
  ASSERT_EQ(mq_send(q, "1", 1, 0), 0);
  EXPECT_EQ(Take(0).si_signo, 0);
  EXPECT_EXIT0(RunInChild([&] { return Register(q, SIGUSR1, 1) == 0 ? 0 : 1; }))
      << "the registration ended with the message";
}

TEST_F(MqNotify, SignalZeroRegistersSilently) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(Register(q, 0, 1), 0);
  EXPECT_ERRNO(Register(q, SIGUSR1, 1), EBUSY);
  ASSERT_EQ(mq_send(q, "1", 1, 0), 0);
  EXPECT_EQ(Register(q, SIGUSR1, 1), 0);
}

TEST_F(MqNotify, BadRequestsAreRefused) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  struct sigevent ev = {};
  ev.sigev_notify = 99;
  EXPECT_ERRNO(mq_notify(q, &ev), EINVAL);
  EXPECT_ERRNO(Register(q, 65, 0), EINVAL);
  EXPECT_ERRNO(Register(q, -1, 0), EINVAL);
  EXPECT_ERRNO(syscall(SYS_mq_notify, q, (void*)1), EFAULT);
  EXPECT_EQ(Register(q, SIGUSR1, 0), 0) << "none of those registered";
}

// SIGEV_THREAD goes through a netlink socket named by sigev_signo (glibc
// makes one); the kernel reads the 32-byte cookie, then the socket.
TEST_F(MqNotify, SigevThreadNeedsANetlinkSocket) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  char cookie[64] = {};  // the kernel reads NOTIFY_COOKIE_LEN (32) bytes
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  struct sigevent ev = {};
  ev.sigev_notify = SIGEV_THREAD;
  ev.sigev_value.sival_ptr = cookie;
  ev.sigev_signo = p[0];
  EXPECT_ERRNO(syscall(SYS_mq_notify, q, &ev), ENOTSOCK);
  ev.sigev_signo = -1;
  EXPECT_ERRNO(syscall(SYS_mq_notify, q, &ev), EBADF);
  ev.sigev_signo = p[0];
  ev.sigev_value.sival_ptr = (void*)1;
  EXPECT_ERRNO(syscall(SYS_mq_notify, q, &ev), EFAULT);
  close(p[0]);
  close(p[1]);
}

void NoteThread(union sigval) {}

// glibc's SIGEV_THREAD makes a netlink socket and a helper thread; cub
// has no netlink, so there glibc gives up cleanly with ENOSYS.  Run in a
// child, so that the helper thread never lives in the test process.
TEST_F(MqNotify, GlibcSigevThreadWorksOrFailsCleanly) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  bool cub = RunningInCub();
  EXPECT_EXIT0(RunInChild([&] {
    struct sigevent ev = {};
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = NoteThread;
    errno = 0;
    int r = mq_notify(q, &ev);
    if (cub) {
      CHILD_CHECK(r == -1 && errno == ENOSYS);
    } else {
      CHILD_CHECK(r == 0);
      CHILD_CHECK(mq_notify(q, nullptr) == 0);
    }
    return 0;
  }));
}

// ---------------------------------------------------------------------
// Reading a queue descriptor: Linux's one status line.

std::string StatusLine(int fd) {
  char buf[256];
  ssize_t n = pread(fd, buf, sizeof(buf), 0);
  return n < 0 ? "error " + std::to_string(errno) : std::string(buf, n);
}

std::string Expected(unsigned long qsize, int notify, int signo, int pid) {
  char buf[256];
  snprintf(buf, sizeof(buf), "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n", qsize,
           notify, signo, pid);
  return buf;
}

TEST_F(MqNotify, ReadGivesTheStatusLine) {
  mqd_t q = Create(O_RDWR, 4, 64);
  ASSERT_NE(q, (mqd_t)-1);
  EXPECT_EQ(StatusLine(q), Expected(0, 0, 0, 0));
  ASSERT_EQ(mq_send(q, "hello", 5, 0), 0);
  ASSERT_EQ(mq_send(q, "abc", 3, 1), 0);
  EXPECT_EQ(StatusLine(q), Expected(8, 0, 0, 0));
  char buf[64];
  ASSERT_EQ(mq_receive(q, buf, sizeof(buf), nullptr), 3);
  ASSERT_EQ(mq_receive(q, buf, sizeof(buf), nullptr), 5);
  ASSERT_EQ(Register(q, SIGUSR1, 0), 0);
  EXPECT_EQ(StatusLine(q), Expected(0, SIGEV_SIGNAL, SIGUSR1, getpid()));
  ASSERT_EQ(mq_notify(q, nullptr), 0);
  struct sigevent ev = {};
  ev.sigev_notify = SIGEV_NONE;
  ASSERT_EQ(mq_notify(q, &ev), 0);
  EXPECT_EQ(StatusLine(q), Expected(0, SIGEV_NONE, 0, getpid()));
}

TEST_F(Mq, ReadMovesTheOffsetAndWriteIsEinval) {
  mqd_t q = Create(O_RDONLY);
  ASSERT_NE(q, (mqd_t)-1);
  char buf[256];
  ssize_t n = read(q, buf, sizeof(buf));
  EXPECT_EQ(n, (ssize_t)Expected(0, 0, 0, 0).size());
  EXPECT_EQ(read(q, buf, sizeof(buf)), 0);
  mqd_t w = Create(O_WRONLY);
  ASSERT_NE(w, (mqd_t)-1);
  EXPECT_ERRNO(write(w, "x", 1), EINVAL);
  EXPECT_ERRNO(read(w, buf, sizeof(buf)), EBADF);
}

// ---------------------------------------------------------------------
// poll and select.

TEST_F(Mq, PollEmptyIsWritableOnly) {
  mqd_t q = Create(O_RDWR, 2, 8);
  ASSERT_NE(q, (mqd_t)-1);
  EXPECT_EQ(Revents(q, POLLIN | POLLOUT), POLLOUT);
}

TEST_F(Mq, PollPartlyFullIsBoth) {
  mqd_t q = Create(O_RDWR, 2, 8);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "1", 1, 0), 0);
  EXPECT_EQ(Revents(q, POLLIN | POLLOUT), POLLIN | POLLOUT);
}

TEST_F(Mq, PollFullIsReadableOnly) {
  mqd_t q = Create(O_RDWR, 2, 8);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "1", 1, 0), 0);
  ASSERT_EQ(mq_send(q, "2", 1, 0), 0);
  EXPECT_EQ(Revents(q, POLLIN | POLLOUT), POLLIN);
  EXPECT_EQ(Revents(q, POLLRDNORM | POLLWRNORM), POLLRDNORM);
}

TEST_F(Mq, PollWakesWhenAMessageArrives) {
  std::string n;
  mqd_t q = Create(O_RDONLY, 2, 8, 0600, &n);
  ASSERT_NE(q, (mqd_t)-1);
  pid_t pid = StartChild([&] {
    usleep(100 * 1000);
    mqd_t w = mq_open(n.c_str(), O_WRONLY);
    CHILD_CHECK(w != (mqd_t)-1 && mq_send(w, "x", 1, 0) == 0);
    return 0;
  });
  struct pollfd p = {q, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 10000), 1);
  EXPECT_EQ(p.revents, POLLIN);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST_F(Mq, SelectSeesReadiness) {
  mqd_t q = Create(O_RDWR, 1, 8);
  ASSERT_NE(q, (mqd_t)-1);
  fd_set r, w;
  FD_ZERO(&r);
  FD_ZERO(&w);
  FD_SET(q, &r);
  FD_SET(q, &w);
  struct timeval tv = {0, 0};
  ASSERT_EQ(select(q + 1, &r, &w, nullptr, &tv), 1);
  EXPECT_FALSE(FD_ISSET(q, &r));
  EXPECT_TRUE(FD_ISSET(q, &w));
  ASSERT_EQ(mq_send(q, "1", 1, 0), 0);
  FD_ZERO(&r);
  FD_ZERO(&w);
  FD_SET(q, &r);
  FD_SET(q, &w);
  ASSERT_EQ(select(q + 1, &r, &w, nullptr, &tv), 1);
  EXPECT_TRUE(FD_ISSET(q, &r));
  EXPECT_FALSE(FD_ISSET(q, &w));
}

// ---------------------------------------------------------------------
// Sharing and lifetime.

TEST_F(Mq, DescriptorWorksAcrossFork) {
  mqd_t q = Create(O_RDWR);
  ASSERT_NE(q, (mqd_t)-1);
  EXPECT_EXIT0(RunInChild([&] { return mq_send(q, "from child", 10, 4) == 0 ? 0 : 1; }));
  char buf[64];
  unsigned prio;
  ASSERT_EQ(mq_receive(q, buf, sizeof(buf), &prio), 10);
  EXPECT_EQ(std::string(buf, 10), "from child");
  EXPECT_EQ(prio, 4u);
}

TEST_F(Mq, ChildOpensByName) {
  std::string n;
  mqd_t q = Create(O_RDONLY, 4, 64, 0600, &n);
  ASSERT_NE(q, (mqd_t)-1);
  EXPECT_EXIT0(RunInChild([&] {
    mqd_t w = mq_open(n.c_str(), O_WRONLY);
    CHILD_CHECK(w != (mqd_t)-1);
    CHILD_CHECK(mq_send(w, "hi", 2, 0) == 0);
    return 0;
  }));
  char buf[64];
  EXPECT_EQ(mq_receive(q, buf, sizeof(buf), nullptr), 2);
}

TEST_F(Mq, UnlinkedQueueLivesForItsHolders) {
  std::string n;
  mqd_t q = Create(O_RDWR, 4, 64, 0600, &n);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "kept", 4, 0), 0);
  ASSERT_EQ(mq_unlink(n.c_str()), 0);
  EXPECT_ERRNO(mq_open(n.c_str(), O_RDWR), ENOENT);
  mqd_t fresh = mq_open(n.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NONBLOCK, 0600, nullptr);
  ASSERT_NE(fresh, (mqd_t)-1) << "the name is free again";
  char buf[8192];
  EXPECT_ERRNO(mq_receive(fresh, buf, sizeof(buf), nullptr), EAGAIN);  // a different queue
  mq_close(fresh);
  EXPECT_EQ(mq_receive(q, buf, sizeof(buf), nullptr), 4);
  ASSERT_EQ(mq_send(q, "more", 4, 0), 0);
  EXPECT_EQ(mq_receive(q, buf, sizeof(buf), nullptr), 4);
}

// ---------------------------------------------------------------------
// The limits in /proc/sys/fs/mqueue.

TEST(MqLimits, FilesShowLinuxDefaults) {
  EXPECT_EQ(ReadLimit("msg_max"), 10);
  EXPECT_EQ(ReadLimit("msgsize_max"), 8192);
  EXPECT_EQ(ReadLimit("queues_max"), 256);
  EXPECT_EQ(ReadLimit("msg_default"), 10);
  EXPECT_EQ(ReadLimit("msgsize_default"), 8192);
}

TEST(MqLimits, FilesBelongToRootMode0644) {
  for (const char* f : {"msg_max", "msgsize_max", "queues_max", "msg_default", "msgsize_default"}) {
    struct stat st;
    ASSERT_EQ(stat((std::string("/proc/sys/fs/mqueue/") + f).c_str(), &st), 0) << f;
    EXPECT_EQ(st.st_mode, S_IFREG | 0644u) << f;
    EXPECT_EQ(st.st_uid, 0u) << f;
  }
}

TEST(MqLimits, NonRootMayNotWrite) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    CHILD_CHECK_ERRNO(open("/proc/sys/fs/mqueue/msg_max", O_WRONLY), EACCES);
    CHILD_CHECK(open("/proc/sys/fs/mqueue/msg_max", O_RDONLY) >= 0);
    return 0;
  }));
}

// Writing changes the whole machine, so only inside the cub VM.
TEST(MqLimits, RootWritesInCub) {
  if (!RunningInCub()) GTEST_SKIP() << "would change the host's limits";
  auto write_limit = [](const char* v) {
    int fd = open("/proc/sys/fs/mqueue/msg_max", O_WRONLY | O_TRUNC);
    if (fd < 0) return false;
    bool ok = write(fd, v, strlen(v)) == (ssize_t)strlen(v);
    close(fd);
    return ok;
  };
  ASSERT_TRUE(write_limit("20\n"));
  EXPECT_EQ(ReadLimit("msg_max"), 20);
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    struct mq_attr a = {};
    a.mq_maxmsg = 20;
    a.mq_msgsize = 8;
    std::string n = QueueName("-limit");
    mqd_t q = mq_open(n.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600, &a);
    CHILD_CHECK(q != (mqd_t)-1);
    mq_unlink(n.c_str());
    return 0;
  }));
  EXPECT_FALSE(write_limit("0\n")) << "below the minimum";
  EXPECT_FALSE(write_limit("abc\n"));
  ASSERT_TRUE(write_limit("10\n"));
  EXPECT_EQ(ReadLimit("msg_max"), 10);
}

// ---------------------------------------------------------------------
// The mqueue file system, mounted in a child's private mount namespace.

constexpr int kNoNamespace = 77;

TEST_F(Mq, FileSystemListsTheQueues) {
  std::string n;
  mqd_t q = Create(O_RDWR, 4, 64, 0640, &n);
  ASSERT_NE(q, (mqd_t)-1);
  ASSERT_EQ(mq_send(q, "abc", 3, 0), 0);
  TempDir dir;
  int st = RunInChild([&] {
    if (unshare(CLONE_NEWNS) != 0) return errno == EPERM ? kNoNamespace : 1;
    CHILD_CHECK(mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0);
    CHILD_CHECK(mount("none", dir.path().c_str(), "mqueue", 0, nullptr) == 0);
    std::string file = dir.path() + "/" + n.substr(1);
    struct stat sb;
    CHILD_CHECK(stat(dir.path().c_str(), &sb) == 0);
    CHILD_CHECK(sb.st_mode == (S_IFDIR | 01777));
    CHILD_CHECK(stat(file.c_str(), &sb) == 0);
    CHILD_CHECK(sb.st_mode == (S_IFREG | 0640));
    DIR* d = opendir(dir.path().c_str());
    CHILD_CHECK(d != nullptr);
    bool seen = false;
    for (struct dirent* e; (e = readdir(d)) != nullptr;)
      if (n.substr(1) == e->d_name) seen = true;
    closedir(d);
    CHILD_CHECK(seen);
    int fd = open(file.c_str(), O_RDONLY);
    CHILD_CHECK(fd >= 0);
    char buf[256];
    ssize_t len = read(fd, buf, sizeof(buf));
    CHILD_CHECK(std::string(buf, len > 0 ? len : 0) == Expected(3, 0, 0, 0));
    close(fd);
    CHILD_CHECK(umount(dir.path().c_str()) == 0);
    return 0;
  });
  if (WIFEXITED(st) && WEXITSTATUS(st) == kNoNamespace) GTEST_SKIP() << "no mount namespace";
  EXPECT_EXIT0(st);
}

}  // namespace
}  // namespace cub
