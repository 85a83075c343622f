// System V message queues (svipc(7)): msgget, msgsnd, msgrcv, msgctl.
//
// Host-safe: every queue is removed (IPC_RMID) when its test ends, keys
// are made from this process's pid, and ids change only in forked
// children.
#include <fcntl.h>
#include <limits.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#include <string>

#include "conformance.h"
#include "mq_common.h"

namespace cub {
namespace {

// Linux's defaults (include/uapi/linux/msg.h: MSGMNI, MSGMAX, MSGMNB).
constexpr int kMsgMni = 32000;
constexpr int kMsgMax = 8192;
constexpr int kMsgMnb = 16384;

struct Msg {
  long mtype;
  char mtext[kMsgMax + 16];
};

// A key no other run uses: the pid in the high bits, a counter below.
key_t NewKey() {
  static int counter;
  return (key_t)((getpid() << 8) | (++counter & 0xff)) & 0x7fffffff;
}

class Msgq : public ::testing::Test {
 protected:
  void TearDown() override {
    for (int id : ids_) msgctl(id, IPC_RMID, nullptr);
  }
  int Get(key_t key, int flags) {
    int id = msgget(key, flags);
    if (id >= 0) ids_.push_back(id);
    return id;
  }
  int Private(int mode = 0600) { return Get(IPC_PRIVATE, IPC_CREAT | mode); }
  static int Send(int id, long type, const std::string& text, int flags = 0) {
    Msg m;
    m.mtype = type;
    memcpy(m.mtext, text.data(), text.size());
    return msgsnd(id, &m, text.size(), flags);
  }
  // Receives into *text; returns msgrcv's result and sets *type.
  static ssize_t Recv(int id, long want, int flags, std::string* text = nullptr,
                      long* type = nullptr, size_t size = sizeof(Msg::mtext)) {
    Msg m;
    ssize_t n = msgrcv(id, &m, size, want, flags);
    if (n >= 0) {
      if (text) *text = std::string(m.mtext, n);
      if (type) *type = m.mtype;
    }
    return n;
  }
  struct msqid_ds Stat(int id) {
    struct msqid_ds ds = {};
    EXPECT_EQ(msgctl(id, IPC_STAT, &ds), 0) << strerror(errno);
    return ds;
  }
  std::vector<int> ids_;
};

// ---------------------------------------------------------------------
// msgget.

TEST_F(Msgq, PrivateMakesANewQueueEachTime) {
  int a = Private(), b = Private();
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  EXPECT_NE(a, b);
}

TEST_F(Msgq, KeyFindsTheSameQueue) {
  key_t k = NewKey();
  int id = Get(k, IPC_CREAT | 0600);
  ASSERT_GE(id, 0);
  EXPECT_EQ(msgget(k, 0), id);
  EXPECT_EQ(msgget(k, IPC_CREAT | 0600), id);
}

TEST_F(Msgq, ExclusiveCreateOnExistingIsEexist) {
  key_t k = NewKey();
  ASSERT_GE(Get(k, IPC_CREAT | 0600), 0);
  EXPECT_ERRNO(msgget(k, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
}

TEST_F(Msgq, MissingKeyIsEnoent) {
  EXPECT_ERRNO(msgget(NewKey(), 0600), ENOENT);
}

TEST_F(Msgq, StatShowsThePermissions) {
  key_t k = NewKey();
  time_t before = time(nullptr);
  mode_t old = umask(077);
  int id = Get(k, IPC_CREAT | 0646 | S_ISUID);
  umask(old);
  ASSERT_GE(id, 0);
  struct msqid_ds ds = Stat(id);
  EXPECT_EQ(ds.msg_perm.__key, k);
  EXPECT_EQ(ds.msg_perm.uid, geteuid());
  EXPECT_EQ(ds.msg_perm.cuid, geteuid());
  EXPECT_EQ(ds.msg_perm.gid, getegid());
  EXPECT_EQ(ds.msg_perm.cgid, getegid());
  EXPECT_EQ(ds.msg_perm.mode, 0646u) << "no umask, only the permission bits";
  EXPECT_EQ(ds.msg_qbytes, (msglen_t)kMsgMnb);
  EXPECT_EQ(ds.msg_qnum, 0u);
  EXPECT_EQ(ds.msg_cbytes, 0u);
  EXPECT_EQ(ds.msg_stime, 0);
  EXPECT_EQ(ds.msg_rtime, 0);
  EXPECT_GE(ds.msg_ctime, before);
  EXPECT_EQ(ds.msg_lspid, 0);
  EXPECT_EQ(ds.msg_lrpid, 0);
}

TEST_F(Msgq, NewQueueBelongsToTheEffectiveIds) {
  key_t k = NewKey();
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setresgid(3000, 2000, 3000) == 0);
    CHILD_CHECK(setresuid(4000, 1000, 4000) == 0);
    int id = msgget(k, IPC_CREAT | 0600);
    CHILD_CHECK(id >= 0);
    struct msqid_ds ds;
    CHILD_CHECK(msgctl(id, IPC_STAT, &ds) == 0);
    CHILD_CHECK(ds.msg_perm.uid == 1000 && ds.msg_perm.cuid == 1000);
    CHILD_CHECK(ds.msg_perm.gid == 2000 && ds.msg_perm.cgid == 2000);
    CHILD_CHECK(msgctl(id, IPC_RMID, nullptr) == 0);
    return 0;
  }));
}

// ipcperms(): owner (uid or cuid), then group (gid or cgid, the fsgid or
// a supplementary group), then other; root overrides.
struct PermCase {
  const char* label;
  mode_t mode;  // of a queue made by root, then given gid 3000 (cgid stays 0)
  uid_t uid;
  gid_t gid;
  std::vector<gid_t> groups;
  int requested;  // msgget's permission request
  int err;
};

class MsgPerm : public Msgq, public ::testing::WithParamInterface<PermCase> {};

TEST_P(MsgPerm, Msgget) {
  const PermCase& c = GetParam();
  key_t k = NewKey();
  int id = Get(k, IPC_CREAT | c.mode);
  ASSERT_GE(id, 0);
  struct msqid_ds ds = Stat(id);
  ds.msg_perm.gid = 3000;
  ASSERT_EQ(msgctl(id, IPC_SET, &ds), 0);
  EXPECT_EXIT0(RunInChild([&] {
    if (c.uid != 0) CHILD_CHECK(BecomeUser(c.uid, c.gid, c.groups));
    errno = 0;
    int r = msgget(k, c.requested);
    CHILD_CHECK(c.err ? r == -1 && errno == c.err : r == id);
    return 0;
  }));
}

INSTANTIATE_TEST_SUITE_P(
    Msgq, MsgPerm,
    ::testing::Values(
        PermCase{"OtherNoRequest", 0600, 1000, 1000, {}, 0, 0},
        PermCase{"OtherRead", 0600, 1000, 1000, {}, 0400, EACCES},
        PermCase{"OtherReadAllowed", 0604, 1000, 1000, {}, 0400, 0},
        PermCase{"OtherWrite", 0604, 1000, 1000, {}, 0200, EACCES},
        PermCase{"GroupViaGid", 0660, 1000, 3000, {}, 0600, 0},
        PermCase{"GroupViaSupplementaryGid", 0640, 1000, 1000, {3000}, 0400, 0},
        PermCase{"GroupViaSupplementaryCgid", 0640, 1000, 1000, {0}, 0400, 0},
        PermCase{"GroupWriteRefused", 0640, 1000, 1000, {3000}, 0200, EACCES},
        PermCase{"GroupNotWidenedByOther", 0606, 1000, 1000, {3000}, 0400, EACCES},
        PermCase{"RootOverride", 0000, 0, 0, {}, 0600, 0}),
    [](const ::testing::TestParamInfo<PermCase>& i) { return std::string(i.param.label); });

TEST_F(Msgq, CreatorKeepsOwnerRightsAfterUidChange) {
  key_t k = NewKey();
  int id = -1;
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    CHILD_CHECK(msgget(k, IPC_CREAT | 0600) >= 0);
    return 0;
  }));
  id = msgget(k, 0);
  ASSERT_GE(id, 0);
  ids_.push_back(id);
  struct msqid_ds ds = Stat(id);
  EXPECT_EQ(ds.msg_perm.cuid, 1000u);
  ds.msg_perm.uid = 2000;
  ASSERT_EQ(msgctl(id, IPC_SET, &ds), 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    CHILD_CHECK(msgget(k, 0600) == id);  // cuid counts as owner
    struct msqid_ds d;
    CHILD_CHECK(msgctl(id, IPC_STAT, &d) == 0);
    CHILD_CHECK(d.msg_perm.uid == 2000);
    d.msg_perm.mode = 0644;
    CHILD_CHECK(msgctl(id, IPC_SET, &d) == 0);  // so may the creator
    return 0;
  }));
  EXPECT_EQ(Stat(id).msg_perm.mode, 0644u);
}

TEST_F(Msgq, SendAndReceiveNeedWriteAndRead) {
  int id = Private(0644);
  ASSERT_GE(id, 0);
  ASSERT_EQ(Send(id, 1, "root's"), 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    Msg m;
    m.mtype = 1;
    CHILD_CHECK_ERRNO(msgsnd(id, &m, 1, IPC_NOWAIT), EACCES);
    CHILD_CHECK(msgrcv(id, &m, sizeof(m.mtext), 0, IPC_NOWAIT) == 6);
    struct msqid_ds ds;
    CHILD_CHECK(msgctl(id, IPC_STAT, &ds) == 0);
    return 0;
  }));
}

TEST_F(Msgq, StatNeedsRead) {
  int id = Private(0600);
  ASSERT_GE(id, 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    struct msqid_ds ds;
    CHILD_CHECK_ERRNO(msgctl(id, IPC_STAT, &ds), EACCES);
    Msg m;
    CHILD_CHECK_ERRNO(msgrcv(id, &m, sizeof(m.mtext), 0, IPC_NOWAIT), EACCES);
    return 0;
  }));
}

// ---------------------------------------------------------------------
// msgsnd and msgrcv.

TEST_F(Msgq, RoundTrip) {
  int id = Private();
  ASSERT_GE(id, 0);
  ASSERT_EQ(Send(id, 42, "payload"), 0);
  std::string text;
  long type = 0;
  EXPECT_EQ(Recv(id, 0, 0, &text, &type), 7);
  EXPECT_EQ(text, "payload");
  EXPECT_EQ(type, 42);
}

struct SelectCase {
  const char* label;
  long msgtyp;
  int flags;
  long want_type;  // 0: ENOMSG
  const char* want_text;
};

class MsgSelect : public Msgq, public ::testing::WithParamInterface<SelectCase> {};

// The queue holds, in order: (5,"a") (3,"b") (7,"c") (3,"d") (1,"e") (9,"f").
TEST_P(MsgSelect, Picks) {
  const SelectCase& c = GetParam();
  int id = Private();
  ASSERT_GE(id, 0);
  const std::pair<long, const char*> msgs[] = {{5, "a"}, {3, "b"}, {7, "c"},
                                               {3, "d"}, {1, "e"}, {9, "f"}};
  for (auto& m : msgs) ASSERT_EQ(Send(id, m.first, m.second), 0);
  std::string text;
  long type = 0;
  if (!c.want_type) {
    EXPECT_ERRNO(Recv(id, c.msgtyp, c.flags | IPC_NOWAIT), ENOMSG);
    return;
  }
  ASSERT_EQ(Recv(id, c.msgtyp, c.flags | IPC_NOWAIT, &text, &type), 1) << strerror(errno);
  EXPECT_EQ(type, c.want_type);
  EXPECT_EQ(text, c.want_text);
}

INSTANTIATE_TEST_SUITE_P(
    Msgq, MsgSelect,
    ::testing::Values(SelectCase{"AnyTakesTheFirst", 0, 0, 5, "a"},
                      SelectCase{"TypeTakesFirstOfType", 3, 0, 3, "b"},
                      SelectCase{"TypeLast", 9, 0, 9, "f"},
                      SelectCase{"TypeMissing", 4, 0, 0, nullptr},
                      SelectCase{"NegativeTakesLowest", -10, 0, 1, "e"},
                      SelectCase{"NegativeBounded", -4, 0, 1, "e"},
                      SelectCase{"NegativeFirstOfLowest", -3, 0, 1, "e"},
                      SelectCase{"ExceptMissingTypeTakesFirst", 4, MSG_EXCEPT, 5, "a"},
                      SelectCase{"ExceptTakesFirstOther", 5, MSG_EXCEPT, 3, "b"},
                      SelectCase{"ExceptOther", 3, MSG_EXCEPT, 5, "a"},
                      SelectCase{"ExceptWithNegativeIsLowest", -4, MSG_EXCEPT, 1, "e"},
                      SelectCase{"LongMinIsLowest", LONG_MIN, 0, 1, "e"}),
    [](const ::testing::TestParamInfo<SelectCase>& i) { return std::string(i.param.label); });

TEST_F(Msgq, NegativeTypeTakesTheFirstAmongEquals) {
  int id = Private();
  ASSERT_GE(id, 0);
  ASSERT_EQ(Send(id, 4, "x"), 0);
  ASSERT_EQ(Send(id, 2, "first"), 0);
  ASSERT_EQ(Send(id, 2, "second"), 0);
  std::string text;
  EXPECT_EQ(Recv(id, -3, IPC_NOWAIT, &text), 5);
  EXPECT_EQ(text, "first");
  EXPECT_ERRNO(Recv(id, -1, IPC_NOWAIT), ENOMSG);
}

TEST_F(Msgq, TooSmallBufferIsE2bigAndKeepsTheMessage) {
  int id = Private();
  ASSERT_GE(id, 0);
  ASSERT_EQ(Send(id, 1, "0123456789"), 0);
  EXPECT_ERRNO(Recv(id, 0, IPC_NOWAIT, nullptr, nullptr, 4), E2BIG);
  EXPECT_EQ(Stat(id).msg_qnum, 1u);
  std::string text;
  EXPECT_EQ(Recv(id, 0, IPC_NOWAIT | MSG_NOERROR, &text, nullptr, 4), 4);
  EXPECT_EQ(text, "0123");
  EXPECT_EQ(Stat(id).msg_qnum, 0u) << "the rest is dropped";
}

TEST_F(Msgq, NowaitOnEmptyIsEnomsg) {
  int id = Private();
  ASSERT_GE(id, 0);
  EXPECT_ERRNO(Recv(id, 0, IPC_NOWAIT), ENOMSG);
}

TEST_F(Msgq, NowaitSendOnFullIsEagain) {
  int id = Private();
  ASSERT_GE(id, 0);
  struct msqid_ds ds = Stat(id);
  ds.msg_qbytes = 10;
  ASSERT_EQ(msgctl(id, IPC_SET, &ds), 0);
  ASSERT_EQ(Send(id, 1, "12345678"), 0);
  EXPECT_ERRNO(Send(id, 1, "abc", IPC_NOWAIT), EAGAIN);
  EXPECT_EQ(Send(id, 1, "ab", IPC_NOWAIT), 0);
}

TEST_F(Msgq, MessageCountIsBoundedByQbytesToo) {
  int id = Private();
  ASSERT_GE(id, 0);
  struct msqid_ds ds = Stat(id);
  ds.msg_qbytes = 2;
  ASSERT_EQ(msgctl(id, IPC_SET, &ds), 0);
  ASSERT_EQ(Send(id, 1, ""), 0);
  ASSERT_EQ(Send(id, 1, ""), 0);
  EXPECT_ERRNO(Send(id, 1, "", IPC_NOWAIT), EAGAIN);
}

TEST_F(Msgq, TypeBelowOneIsEinval) {
  int id = Private();
  ASSERT_GE(id, 0);
  EXPECT_ERRNO(Send(id, 0, "x"), EINVAL);
  EXPECT_ERRNO(Send(id, -5, "x"), EINVAL);
}

TEST_F(Msgq, SizeAboveMsgmaxIsEinval) {
  int id = Private();
  ASSERT_GE(id, 0);
  Msg m;
  m.mtype = 1;
  memset(m.mtext, 'z', sizeof(m.mtext));
  EXPECT_ERRNO(msgsnd(id, &m, kMsgMax + 1, IPC_NOWAIT), EINVAL);
  EXPECT_EQ(msgsnd(id, &m, kMsgMax, IPC_NOWAIT), 0);
  EXPECT_EQ(Recv(id, 0, IPC_NOWAIT), kMsgMax);
}

TEST_F(Msgq, BadIdsAreEinval) {
  Msg m;
  m.mtype = 1;
  EXPECT_ERRNO(msgsnd(-1, &m, 1, IPC_NOWAIT), EINVAL);
  EXPECT_ERRNO(msgrcv(-1, &m, 1, 0, IPC_NOWAIT), EINVAL);
  EXPECT_ERRNO(msgctl(-1, IPC_RMID, nullptr), EINVAL);
  int id = Private();
  ASSERT_GE(id, 0);
  EXPECT_ERRNO(msgrcv(id, &m, (size_t)-1, 0, IPC_NOWAIT), EINVAL);
}

TEST_F(Msgq, RemovedIdIsEinval) {
  int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  ASSERT_GE(id, 0);
  ASSERT_EQ(msgctl(id, IPC_RMID, nullptr), 0);
  Msg m;
  m.mtype = 1;
  EXPECT_ERRNO(msgsnd(id, &m, 1, IPC_NOWAIT), EINVAL);
  EXPECT_ERRNO(msgrcv(id, &m, 1, 0, IPC_NOWAIT), EINVAL);
  struct msqid_ds ds;
  EXPECT_ERRNO(msgctl(id, IPC_STAT, &ds), EINVAL);
  EXPECT_ERRNO(msgctl(id, IPC_RMID, nullptr), EINVAL);
}

TEST_F(Msgq, BadBuffersAreEfault) {
  int id = Private();
  ASSERT_GE(id, 0);
  EXPECT_ERRNO(msgsnd(id, (void*)1, 4, IPC_NOWAIT), EFAULT);
  EXPECT_EQ(Stat(id).msg_qnum, 0u);
  ASSERT_EQ(Send(id, 1, "abc"), 0);
  EXPECT_ERRNO(msgrcv(id, (void*)1, 16, 0, IPC_NOWAIT), EFAULT);
  EXPECT_ERRNO(msgctl(id, IPC_STAT, (struct msqid_ds*)1), EFAULT);
  EXPECT_ERRNO(msgctl(id, IPC_SET, (struct msqid_ds*)1), EFAULT);
}

TEST_F(Msgq, StatCountsMessagesAndPids) {
  int id = Private();
  ASSERT_GE(id, 0);
  time_t before = time(nullptr);
  ASSERT_EQ(Send(id, 1, "abc"), 0);
  ASSERT_EQ(Send(id, 2, "de"), 0);
  struct msqid_ds ds = Stat(id);
  EXPECT_EQ(ds.msg_qnum, 2u);
  EXPECT_EQ(ds.msg_cbytes, 5u);
  EXPECT_EQ(ds.msg_lspid, getpid());
  EXPECT_GE(ds.msg_stime, before);
  EXPECT_EQ(ds.msg_rtime, 0);
  pid_t child = StartChild([&] { return Recv(id, 2, IPC_NOWAIT) == 2 ? 0 : 1; });
  EXPECT_EXIT0(WaitStatus(child));
  ds = Stat(id);
  EXPECT_EQ(ds.msg_qnum, 1u);
  EXPECT_EQ(ds.msg_cbytes, 3u);
  EXPECT_EQ(ds.msg_lrpid, child);
  EXPECT_GE(ds.msg_rtime, before);
}

// ---------------------------------------------------------------------
// Blocking.

TEST_F(Msgq, BlockedReceiveWokenBySend) {
  int id = Private();
  ASSERT_GE(id, 0);
  pid_t pid = StartChild([&] {
    usleep(100 * 1000);
    return Send(id, 7, "wake") == 0 ? 0 : 1;
  });
  std::string text;
  long type;
  EXPECT_EQ(Recv(id, 7, 0, &text, &type), 4);
  EXPECT_EQ(type, 7);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST_F(Msgq, BlockedReceiveIgnoresOtherTypes) {
  int id = Private();
  ASSERT_GE(id, 0);
  pid_t pid = StartChild([&] {
    usleep(50 * 1000);
    CHILD_CHECK(Send(id, 1, "one") == 0);
    usleep(50 * 1000);
    CHILD_CHECK(Send(id, 2, "two") == 0);
    return 0;
  });
  std::string text;
  EXPECT_EQ(Recv(id, 2, 0, &text), 3);
  EXPECT_EQ(text, "two");
  EXPECT_EXIT0(WaitStatus(pid));
  EXPECT_EQ(Stat(id).msg_qnum, 1u);
}

TEST_F(Msgq, BlockedSendWokenByReceive) {
  int id = Private();
  ASSERT_GE(id, 0);
  struct msqid_ds ds = Stat(id);
  ds.msg_qbytes = 4;
  ASSERT_EQ(msgctl(id, IPC_SET, &ds), 0);
  ASSERT_EQ(Send(id, 1, "full"), 0);
  pid_t pid = StartChild([&] {
    usleep(100 * 1000);
    return Recv(id, 0, 0) == 4 ? 0 : 1;
  });
  EXPECT_EQ(Send(id, 1, "next"), 0);
  EXPECT_EXIT0(WaitStatus(pid));
}

void NoteSignal(int) {}

// msgrcv and msgsnd are never restarted after a handler, SA_RESTART or
// not (signal(7)).
TEST_F(Msgq, SignalInterruptsReceiveEvenWithSaRestart) {
  int id = Private();
  ASSERT_GE(id, 0);
  for (int flags : {0, SA_RESTART}) {
    EXPECT_EXIT0(RunInChild([&] {
      CHILD_CHECK(InstallHandler(SIGALRM, NoteSignal, flags) == 0);
      struct itimerval it = {{0, 0}, {0, 100 * 1000}};
      CHILD_CHECK(setitimer(ITIMER_REAL, &it, nullptr) == 0);
      CHILD_CHECK_ERRNO(Recv(id, 0, 0), EINTR);
      return 0;
    }));
  }
}

TEST_F(Msgq, SignalInterruptsSend) {
  int id = Private();
  ASSERT_GE(id, 0);
  struct msqid_ds ds = Stat(id);
  ds.msg_qbytes = 1;
  ASSERT_EQ(msgctl(id, IPC_SET, &ds), 0);
  ASSERT_EQ(Send(id, 1, "x"), 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(InstallHandler(SIGALRM, NoteSignal, SA_RESTART) == 0);
    struct itimerval it = {{0, 0}, {0, 100 * 1000}};
    CHILD_CHECK(setitimer(ITIMER_REAL, &it, nullptr) == 0);
    CHILD_CHECK_ERRNO(Send(id, 1, "y"), EINTR);
    return 0;
  }));
}

TEST_F(Msgq, RemovalWakesABlockedReceiverWithEidrm) {
  int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  ASSERT_GE(id, 0);
  pid_t pid = StartChild([&] {
    CHILD_CHECK_ERRNO(Recv(id, 0, 0), EIDRM);
    return 0;
  });
  usleep(200 * 1000);
  ASSERT_EQ(msgctl(id, IPC_RMID, nullptr), 0);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST_F(Msgq, RemovalWakesABlockedSenderWithEidrm) {
  int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  ASSERT_GE(id, 0);
  struct msqid_ds ds = Stat(id);
  ds.msg_qbytes = 1;
  ASSERT_EQ(msgctl(id, IPC_SET, &ds), 0);
  ASSERT_EQ(Send(id, 1, "x"), 0);
  pid_t pid = StartChild([&] {
    CHILD_CHECK_ERRNO(Send(id, 1, "y"), EIDRM);
    return 0;
  });
  usleep(200 * 1000);
  ASSERT_EQ(msgctl(id, IPC_RMID, nullptr), 0);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST_F(Msgq, QueueWorksAcrossFork) {
  int id = Private();
  ASSERT_GE(id, 0);
  EXPECT_EXIT0(RunInChild([&] { return Send(id, 3, "from child") == 0 ? 0 : 1; }));
  std::string text;
  EXPECT_EQ(Recv(id, 3, IPC_NOWAIT, &text), 10);
  EXPECT_EQ(text, "from child");
}

// ---------------------------------------------------------------------
// msgctl.

TEST_F(Msgq, SetChangesOwnerGroupAndMode) {
  int id = Private();
  ASSERT_GE(id, 0);
  struct msqid_ds ds = Stat(id);
  ds.msg_perm.uid = 1000;
  ds.msg_perm.gid = 2000;
  ds.msg_perm.mode = 01640;  // only the permission bits count
  ds.msg_qbytes = 100;
  ASSERT_EQ(msgctl(id, IPC_SET, &ds), 0);
  struct msqid_ds now = Stat(id);
  EXPECT_EQ(now.msg_perm.uid, 1000u);
  EXPECT_EQ(now.msg_perm.gid, 2000u);
  EXPECT_EQ(now.msg_perm.cuid, 0u);
  EXPECT_EQ(now.msg_perm.cgid, 0u);
  EXPECT_EQ(now.msg_perm.mode, 0640u);
  EXPECT_EQ(now.msg_qbytes, 100u);
}

TEST_F(Msgq, SetByOthersIsEperm) {
  int id = Private(0666);
  ASSERT_GE(id, 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 0, {0}));
    struct msqid_ds ds;
    CHILD_CHECK(msgctl(id, IPC_STAT, &ds) == 0);
    CHILD_CHECK_ERRNO(msgctl(id, IPC_SET, &ds), EPERM);
    CHILD_CHECK_ERRNO(msgctl(id, IPC_RMID, nullptr), EPERM);
    return 0;
  }));
}

TEST_F(Msgq, OwnerMayNotRaiseQbytesAboveTheLimit) {
  key_t k = NewKey();
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    int id = msgget(k, IPC_CREAT | 0600);
    CHILD_CHECK(id >= 0);
    struct msqid_ds ds;
    CHILD_CHECK(msgctl(id, IPC_STAT, &ds) == 0);
    ds.msg_qbytes = kMsgMnb + 1;
    CHILD_CHECK_ERRNO(msgctl(id, IPC_SET, &ds), EPERM);
    ds.msg_qbytes = 5;
    CHILD_CHECK(msgctl(id, IPC_SET, &ds) == 0);
    ds.msg_qbytes = kMsgMnb;
    CHILD_CHECK(msgctl(id, IPC_SET, &ds) == 0);
    CHILD_CHECK(msgctl(id, IPC_RMID, nullptr) == 0);
    return 0;
  }));
}

TEST_F(Msgq, SetInvalidIdsIsEinval) {
  int id = Private();
  ASSERT_GE(id, 0);
  struct msqid_ds ds = Stat(id);
  ds.msg_perm.uid = (uid_t)-1;
  EXPECT_ERRNO(msgctl(id, IPC_SET, &ds), EINVAL);
  ds = Stat(id);
  ds.msg_perm.gid = (gid_t)-1;
  EXPECT_ERRNO(msgctl(id, IPC_SET, &ds), EINVAL);
}

TEST_F(Msgq, RootStatsWhatItCannotRead) {
  int id = Private(0000);
  ASSERT_GE(id, 0);
  struct msqid_ds ds;
  EXPECT_EQ(msgctl(id, IPC_STAT, &ds), 0);
  EXPECT_EQ(Send(id, 1, "x"), 0);
  EXPECT_EQ(Recv(id, 0, IPC_NOWAIT), 1);
}

TEST_F(Msgq, IpcInfoGivesTheLimits) {
  ASSERT_GE(Private(), 0);
  struct msginfo mi;
  memset(&mi, 0x55, sizeof(mi));
  int max = msgctl(0, IPC_INFO, (struct msqid_ds*)&mi);
  EXPECT_GE(max, 0);
  EXPECT_EQ(mi.msgmni, kMsgMni);
  EXPECT_EQ(mi.msgmax, kMsgMax);
  EXPECT_EQ(mi.msgmnb, kMsgMnb);
  EXPECT_EQ(mi.msgssz, 16);
  EXPECT_EQ(mi.msgseg, 0xffff);
  EXPECT_EQ(mi.msgmap, kMsgMnb);
  EXPECT_EQ(mi.msgtql, kMsgMnb);
  EXPECT_EQ(mi.msgpool, kMsgMni * kMsgMnb / 1024);
}

TEST_F(Msgq, MsgInfoCountsWhatIsInUse) {
  int id = Private();
  ASSERT_GE(id, 0);
  ASSERT_EQ(Send(id, 1, "12345"), 0);
  struct msginfo mi;
  int max = msgctl(0, MSG_INFO, (struct msqid_ds*)&mi);
  EXPECT_GE(max, 0);
  EXPECT_GE(mi.msgpool, 1) << "queues in use";
  EXPECT_GE(mi.msgmap, 1) << "messages";
  EXPECT_GE(mi.msgtql, 5) << "bytes";
  EXPECT_EQ(mi.msgmax, kMsgMax);
}

TEST_F(Msgq, MsgStatTakesAnIndex) {
  int id = Private(0640);
  ASSERT_GE(id, 0);
  struct msginfo mi;
  int max = msgctl(0, MSG_INFO, (struct msqid_ds*)&mi);
  ASSERT_GE(max, 0);
  bool found = false;
  for (int i = 0; i <= max; i++) {
    struct msqid_ds ds;
    int r = msgctl(i, MSG_STAT, &ds);
    if (r == id) {
      found = true;
      EXPECT_EQ(ds.msg_perm.mode, 0640u);
    }
  }
  EXPECT_TRUE(found);
  struct msqid_ds ds;
  EXPECT_ERRNO(msgctl(max + 1, MSG_STAT, &ds), EINVAL);
}

// x86-64 Linux takes the 64-bit layouts with no IPC_64 flag: glibc
// passes the bare command there, and the flag is an unknown command.
TEST_F(Msgq, Ipc64FlagIsEinvalOnX86_64) {
  int id = Private();
  ASSERT_GE(id, 0);
  struct msqid_ds ds;
  EXPECT_ERRNO(syscall(SYS_msgctl, id, IPC_STAT | 0x100, &ds), EINVAL);
  EXPECT_EQ(syscall(SYS_msgctl, id, IPC_STAT, &ds), 0);
}

TEST_F(Msgq, UnknownCommandIsEinval) {
  int id = Private();
  ASSERT_GE(id, 0);
  struct msqid_ds ds;
  EXPECT_ERRNO(msgctl(id, 99, &ds), EINVAL);
  EXPECT_ERRNO(syscall(SYS_msgctl, id, -1, &ds), EINVAL);
}

TEST_F(Msgq, RemoveDropsTheMessagesAndTheKey) {
  key_t k = NewKey();
  int id = msgget(k, IPC_CREAT | 0600);
  ASSERT_GE(id, 0);
  ASSERT_EQ(Send(id, 1, "gone"), 0);
  ASSERT_EQ(msgctl(id, IPC_RMID, nullptr), 0);
  EXPECT_ERRNO(msgget(k, 0), ENOENT);
  int id2 = Get(k, IPC_CREAT | 0600);
  ASSERT_GE(id2, 0);
  EXPECT_NE(id2, id) << "a new id";
  EXPECT_ERRNO(Recv(id2, 0, IPC_NOWAIT), ENOMSG);
}

}  // namespace
}  // namespace cub
