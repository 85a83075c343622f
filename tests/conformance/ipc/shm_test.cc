// System V shared memory (shmget(2), shmat(2), shmdt, shmctl(2)).
//
// Host-safe: every segment is removed (IPC_RMID) when its test ends,
// keys are made from this process's pid, and ids change only in forked
// children.
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

#include <string>

#include "conformance.h"
#include "mq_common.h"

namespace cub {
namespace {

const size_t kPage = 4096;

// A key no other run uses: the pid in the high bits, a counter below.
key_t NewKey() {
  static int counter;
  return (key_t)(((getpid() << 8) | (++counter & 0xff)) & 0x7fffffff) | 0x10000000;
}

class Shm : public ::testing::Test {
 protected:
  void TearDown() override {
    for (void* p : attached_) shmdt(p);
    for (int id : ids_) shmctl(id, IPC_RMID, nullptr);
  }
  int Get(key_t key, size_t size, int flags) {
    int id = shmget(key, size, flags);
    if (id >= 0) ids_.push_back(id);
    return id;
  }
  int Private(size_t size = kPage, int mode = 0600) {
    return Get(IPC_PRIVATE, size, IPC_CREAT | mode);
  }
  void* Attach(int id, const void* addr = nullptr, int flags = 0) {
    void* p = shmat(id, addr, flags);
    if (p != (void*)-1) attached_.push_back(p);
    return p;
  }
  void Detach(void* p) {
    EXPECT_EQ(shmdt(p), 0) << strerror(errno);
    for (auto it = attached_.begin(); it != attached_.end(); ++it)
      if (*it == p) {
        attached_.erase(it);
        break;
      }
  }
  struct shmid_ds Stat(int id) {
    struct shmid_ds ds = {};
    EXPECT_EQ(shmctl(id, IPC_STAT, &ds), 0) << strerror(errno);
    return ds;
  }
  std::vector<int> ids_;
  std::vector<void*> attached_;
};

// ---------------------------------------------------------------------
// shmget.

TEST_F(Shm, PrivateMakesANewSegmentEachTime) {
  int a = Private(), b = Private();
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  EXPECT_NE(a, b);
}

TEST_F(Shm, KeyFindsTheSameSegment) {
  key_t k = NewKey();
  int id = Get(k, kPage, IPC_CREAT | 0600);
  ASSERT_GE(id, 0);
  EXPECT_EQ(shmget(k, kPage, 0), id);
  EXPECT_EQ(shmget(k, 0, 0), id);  // size 0 fits any existing segment
  EXPECT_EQ(shmget(k, kPage, IPC_CREAT | 0600), id);
}

TEST_F(Shm, MissingKeyIsENOENT) {
  EXPECT_ERRNO(shmget(NewKey(), kPage, 0600), ENOENT);
}

TEST_F(Shm, ExclusiveCreateOfExistingKeyIsEEXIST) {
  key_t k = NewKey();
  ASSERT_GE(Get(k, kPage, IPC_CREAT | 0600), 0);
  EXPECT_ERRNO(shmget(k, kPage, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
}

TEST_F(Shm, SizeZeroIsEINVAL) {
  EXPECT_ERRNO(shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600), EINVAL);
  EXPECT_ERRNO(shmget(NewKey(), 0, IPC_CREAT | 0600), EINVAL);
}

TEST_F(Shm, SizeAboveShmmaxIsEINVAL) {
  EXPECT_ERRNO(shmget(IPC_PRIVATE, (size_t)-1, IPC_CREAT | 0600), EINVAL);
}

TEST_F(Shm, LargerThanExistingIsEINVAL) {
  key_t k = NewKey();
  ASSERT_GE(Get(k, kPage, IPC_CREAT | 0600), 0);
  EXPECT_ERRNO(shmget(k, kPage + 1, 0600), EINVAL);
  EXPECT_ERRNO(shmget(k, 2 * kPage, IPC_CREAT | 0600), EINVAL);
}

TEST_F(Shm, SizeCheckComesBeforePermissionCheck) {
  key_t k = NewKey();
  ASSERT_GE(Get(k, kPage, IPC_CREAT | 0600), 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    CHILD_CHECK_ERRNO(shmget(k, 2 * kPage, 0600), EINVAL);
    CHILD_CHECK_ERRNO(shmget(k, kPage, 0600), EACCES);
    return 0;
  }));
}

TEST_F(Shm, NewSegmentStat) {
  time_t before = time(nullptr);
  int id = Private(10000, 0640);
  ASSERT_GE(id, 0);
  struct shmid_ds ds = Stat(id);
  EXPECT_EQ(ds.shm_segsz, 10000u);
  EXPECT_EQ(ds.shm_perm.mode & 0777, 0640u);
  EXPECT_EQ(ds.shm_perm.uid, geteuid());
  EXPECT_EQ(ds.shm_perm.cuid, geteuid());
  EXPECT_EQ(ds.shm_perm.gid, getegid());
  EXPECT_EQ(ds.shm_perm.__key, IPC_PRIVATE);
  EXPECT_EQ(ds.shm_cpid, getpid());
  EXPECT_EQ(ds.shm_lpid, 0);
  EXPECT_EQ(ds.shm_nattch, 0u);
  EXPECT_EQ(ds.shm_atime, 0);
  EXPECT_EQ(ds.shm_dtime, 0);
  EXPECT_GE(ds.shm_ctime, before);
}

TEST_F(Shm, NewSegmentBelongsToTheEffectiveIds) {
  key_t k = NewKey();
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setresgid(3000, 2000, 3000) == 0);
    CHILD_CHECK(setresuid(4000, 1000, 4000) == 0);
    int id = shmget(k, kPage, IPC_CREAT | 0600);
    CHILD_CHECK(id >= 0);
    struct shmid_ds ds;
    CHILD_CHECK(shmctl(id, IPC_STAT, &ds) == 0);
    CHILD_CHECK(ds.shm_perm.uid == 1000 && ds.shm_perm.cuid == 1000);
    CHILD_CHECK(ds.shm_perm.gid == 2000 && ds.shm_perm.cgid == 2000);
    CHILD_CHECK(shmctl(id, IPC_RMID, nullptr) == 0);
    return 0;
  }));
}

// ipcperms(), as for message queues: owner, group (with supplementary
// groups), other; root overrides.
struct PermCase {
  const char* label;
  mode_t mode;  // of a segment made by root, then given gid 3000
  uid_t uid;
  gid_t gid;
  std::vector<gid_t> groups;
  int shmflg;     // shmat's flags
  int get_err;    // shmget(key, 0, 0600)
  int at_err;     // shmat(id, 0, shmflg)
};

class ShmPerm : public Shm, public ::testing::WithParamInterface<PermCase> {};

TEST_P(ShmPerm, GetAndAttach) {
  const PermCase& c = GetParam();
  key_t k = NewKey();
  int id = Get(k, kPage, IPC_CREAT | c.mode);
  ASSERT_GE(id, 0);
  struct shmid_ds ds = Stat(id);
  ds.shm_perm.gid = 3000;
  ASSERT_EQ(shmctl(id, IPC_SET, &ds), 0);
  EXPECT_EXIT0(RunInChild([&] {
    if (c.uid != 0) CHILD_CHECK(BecomeUser(c.uid, c.gid, c.groups));
    errno = 0;
    int r = shmget(k, 0, 0600);
    CHILD_CHECK(c.get_err ? r == -1 && errno == c.get_err : r == id);
    errno = 0;
    void* p = shmat(id, nullptr, c.shmflg);
    CHILD_CHECK(c.at_err ? p == (void*)-1 && errno == c.at_err : p != (void*)-1);
    if (!c.at_err) CHILD_CHECK(shmdt(p) == 0);
    return 0;
  }));
}

INSTANTIATE_TEST_SUITE_P(
    Shm, ShmPerm,
    ::testing::Values(
        PermCase{"OtherRefused", 0600, 1000, 1000, {}, 0, EACCES, EACCES},
        PermCase{"OtherReadOnlyAttach", 0604, 1000, 1000, {}, SHM_RDONLY, EACCES, 0},
        PermCase{"OtherWriteAttachRefused", 0604, 1000, 1000, {}, 0, EACCES, EACCES},
        PermCase{"GroupViaGid", 0660, 1000, 3000, {}, 0, 0, 0},
        PermCase{"GroupViaSupplementary", 0660, 1000, 1000, {3000}, 0, 0, 0},
        PermCase{"GroupReadOnly", 0640, 1000, 1000, {3000}, 0, EACCES, EACCES},
        PermCase{"GroupReadOnlyAttach", 0640, 1000, 1000, {3000}, SHM_RDONLY, EACCES, 0},
        PermCase{"RootOverride", 0000, 0, 0, {}, 0, 0, 0}),
    [](const ::testing::TestParamInfo<PermCase>& i) { return std::string(i.param.label); });

// ---------------------------------------------------------------------
// shmat and shmdt.

TEST_F(Shm, AttachIsZeroFilledAndShared) {
  int id = Private(3 * kPage);
  ASSERT_GE(id, 0);
  char* a = (char*)Attach(id);
  char* b = (char*)Attach(id);
  ASSERT_NE(a, (char*)-1);
  ASSERT_NE(b, (char*)-1);
  EXPECT_NE(a, b);
  EXPECT_EQ((uintptr_t)a % kPage, 0u);
  for (size_t i = 0; i < 3 * kPage; i += 512) EXPECT_EQ(a[i], 0);
  strcpy(a + kPage, "hello");
  EXPECT_STREQ(b + kPage, "hello");
  EXPECT_EQ(Stat(id).shm_nattch, 2u);
}

TEST_F(Shm, AttachUpdatesTimesAndPid) {
  int id = Private();
  ASSERT_GE(id, 0);
  time_t before = time(nullptr);
  void* p = Attach(id);
  ASSERT_NE(p, (void*)-1);
  struct shmid_ds ds = Stat(id);
  EXPECT_EQ(ds.shm_nattch, 1u);
  EXPECT_GE(ds.shm_atime, before);
  EXPECT_EQ(ds.shm_dtime, 0);
  EXPECT_EQ(ds.shm_lpid, getpid());
  Detach(p);
  ds = Stat(id);
  EXPECT_EQ(ds.shm_nattch, 0u);
  EXPECT_GE(ds.shm_dtime, before);
}

TEST_F(Shm, AttachAtAnAddress) {
  int id = Private(2 * kPage);
  ASSERT_GE(id, 0);
  void* hole = mmap(nullptr, 4 * kPage, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(hole, MAP_FAILED);
  ASSERT_EQ(munmap(hole, 4 * kPage), 0);
  char* want = (char*)hole + kPage;
  char* p = (char*)Attach(id, want);
  EXPECT_EQ(p, want);
  if (p == want) p[0] = 1;
}

TEST_F(Shm, UnalignedAddressIsEINVALWithoutRnd) {
  int id = Private();
  ASSERT_GE(id, 0);
  void* hole = mmap(nullptr, 4 * kPage, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(hole, MAP_FAILED);
  ASSERT_EQ(munmap(hole, 4 * kPage), 0);
  char* odd = (char*)hole + kPage + 100;
  EXPECT_ERRNO((long)shmat(id, odd, 0), EINVAL);
  char* p = (char*)Attach(id, odd, SHM_RND);
  EXPECT_EQ(p, (char*)hole + kPage);
}

TEST_F(Shm, AttachOverAMappingIsEINVALWithoutRemap) {
  int id = Private(kPage);
  ASSERT_GE(id, 0);
  char* m = (char*)mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(m, MAP_FAILED);
  m[0] = 7;
  EXPECT_ERRNO((long)shmat(id, m, 0), EINVAL);
  EXPECT_EQ(m[0], 7);
  char* p = (char*)Attach(id, m, SHM_REMAP);
  EXPECT_EQ(p, m);
  if (p == m) EXPECT_EQ(m[0], 0);  // the segment replaced the mapping
}

TEST_F(Shm, RemapWithoutAddressIsEINVAL) {
  int id = Private();
  ASSERT_GE(id, 0);
  EXPECT_ERRNO((long)shmat(id, nullptr, SHM_REMAP), EINVAL);
}

TEST_F(Shm, AttachBadIdIsEINVAL) {
  EXPECT_ERRNO((long)shmat(-1, nullptr, 0), EINVAL);
  int id = Private();
  ASSERT_GE(id, 0);
  ASSERT_EQ(shmctl(id, IPC_RMID, nullptr), 0);
  EXPECT_ERRNO((long)shmat(id, nullptr, 0), EINVAL);  // stale id
}

static sigjmp_buf segv_jump;
static void OnSegv(int) { siglongjmp(segv_jump, 1); }

TEST_F(Shm, ReadOnlyAttachCannotBeWritten) {
  int id = Private();
  ASSERT_GE(id, 0);
  char* w = (char*)Attach(id);
  ASSERT_NE(w, (char*)-1);
  w[0] = 'x';
  EXPECT_EXIT0(RunInChild([&] {
    char* r = (char*)shmat(id, nullptr, SHM_RDONLY);
    CHILD_CHECK(r != (char*)-1);
    CHILD_CHECK(r[0] == 'x');
    CHILD_CHECK_ERRNO(mprotect(r, kPage, PROT_READ | PROT_WRITE), EACCES);
    signal(SIGSEGV, OnSegv);
    if (sigsetjmp(segv_jump, 1) == 0) {
      *(volatile char*)r = 'y';
      return 3;  // the write went through
    }
    return 0;
  }));
  EXPECT_EQ(w[0], 'x');
}

TEST_F(Shm, DetachOfNonAttachIsEINVAL) {
  int id = Private(2 * kPage);
  ASSERT_GE(id, 0);
  char* p = (char*)Attach(id);
  ASSERT_NE(p, (char*)-1);
  EXPECT_ERRNO(shmdt(p + kPage), EINVAL);  // inside, not the start
  EXPECT_ERRNO(shmdt(p + 1), EINVAL);
  char* m = (char*)mmap(nullptr, kPage, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(m, MAP_FAILED);
  EXPECT_ERRNO(shmdt(m), EINVAL);
  munmap(m, kPage);
  Detach(p);
  EXPECT_ERRNO(shmdt(p), EINVAL);  // already detached
}

TEST_F(Shm, DetachUnmaps) {
  int id = Private(2 * kPage);
  ASSERT_GE(id, 0);
  char* p = (char*)Attach(id);
  ASSERT_NE(p, (char*)-1);
  Detach(p);
  unsigned char v[2];
  EXPECT_ERRNO(mincore(p, 2 * kPage, v), ENOMEM);
}

TEST_F(Shm, SplitAttachCountsAndDetachesWhole) {
  int id = Private(3 * kPage);
  ASSERT_GE(id, 0);
  char* p = (char*)Attach(id);
  ASSERT_NE(p, (char*)-1);
  ASSERT_EQ(mprotect(p + kPage, kPage, PROT_READ), 0);
  EXPECT_GE(Stat(id).shm_nattch, 1u);
  Detach(p);
  EXPECT_EQ(Stat(id).shm_nattch, 0u);
  unsigned char v[3];
  EXPECT_ERRNO(mincore(p, 3 * kPage, v), ENOMEM);
}

TEST_F(Shm, MunmapEndsTheAttach) {
  int id = Private();
  ASSERT_GE(id, 0);
  void* p = shmat(id, nullptr, 0);
  ASSERT_NE(p, (void*)-1);
  EXPECT_EQ(Stat(id).shm_nattch, 1u);
  ASSERT_EQ(munmap(p, kPage), 0);
  EXPECT_EQ(Stat(id).shm_nattch, 0u);
}

// ---------------------------------------------------------------------
// Across processes.

TEST_F(Shm, ForkInheritsTheAttach) {
  int id = Private();
  ASSERT_GE(id, 0);
  char* p = (char*)Attach(id);
  ASSERT_NE(p, (char*)-1);
  EXPECT_EXIT0(RunInChild([&] {
    struct shmid_ds ds;
    CHILD_CHECK(shmctl(id, IPC_STAT, &ds) == 0);
    CHILD_CHECK(ds.shm_nattch == 2);
    strcpy(p, "child wrote");
    return 0;
  }));
  EXPECT_STREQ(p, "child wrote");
  EXPECT_EQ(Stat(id).shm_nattch, 1u);  // the child's went on exit
}

TEST_F(Shm, UnrelatedProcessesShareThroughTheKey) {
  key_t k = NewKey();
  int id = Get(k, kPage, IPC_CREAT | 0600);
  ASSERT_GE(id, 0);
  EXPECT_EXIT0(RunInChild([&] {
    int cid = shmget(k, kPage, 0);
    CHILD_CHECK(cid == id);
    char* q = (char*)shmat(cid, nullptr, 0);
    CHILD_CHECK(q != (char*)-1);
    strcpy(q, "via key");
    CHILD_CHECK(shmdt(q) == 0);
    return 0;
  }));
  char* p = (char*)Attach(id);
  ASSERT_NE(p, (char*)-1);
  EXPECT_STREQ(p, "via key");
  struct shmid_ds ds = Stat(id);
  EXPECT_EQ(ds.shm_nattch, 1u);
  EXPECT_EQ(ds.shm_lpid, getpid());
}

TEST_F(Shm, ExecDetaches) {
  int id = Private();
  ASSERT_GE(id, 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(shmat(id, nullptr, 0) != (void*)-1);
    execl("/bin/true", "true", (char*)nullptr);
    ExecHelper("shm_true", {});
    return 5;
  }));
  EXPECT_EQ(Stat(id).shm_nattch, 0u);
}

CONFORMANCE_HELPER(shm_true) {
  (void)argc;
  (void)argv;
  return 0;
}

// ---------------------------------------------------------------------
// shmctl.

TEST_F(Shm, RemoveWithoutAttachIsImmediate) {
  int id = Private();
  ASSERT_GE(id, 0);
  ASSERT_EQ(shmctl(id, IPC_RMID, nullptr), 0);
  struct shmid_ds ds;
  EXPECT_ERRNO(shmctl(id, IPC_STAT, &ds), EINVAL);
  EXPECT_ERRNO(shmctl(id, IPC_RMID, nullptr), EINVAL);
}

TEST_F(Shm, RemovedSegmentLivesUntilLastDetach) {
  key_t k = NewKey();
  int id = Get(k, kPage, IPC_CREAT | 0600);
  ASSERT_GE(id, 0);
  char* p = (char*)Attach(id);
  ASSERT_NE(p, (char*)-1);
  strcpy(p, "still here");
  ASSERT_EQ(shmctl(id, IPC_RMID, nullptr), 0);
  struct shmid_ds ds = Stat(id);
  EXPECT_TRUE(ds.shm_perm.mode & SHM_DEST);
  EXPECT_EQ(ds.shm_perm.__key, IPC_PRIVATE);
  EXPECT_EQ(ds.shm_nattch, 1u);
  EXPECT_STREQ(p, "still here");
  // The key is free for a new segment.
  int other = Get(k, kPage, IPC_CREAT | IPC_EXCL | 0600);
  EXPECT_GE(other, 0);
  EXPECT_NE(other, id);
  Detach(p);
  EXPECT_ERRNO(shmctl(id, IPC_STAT, &ds), EINVAL);
}

TEST_F(Shm, RemovedSegmentGoesWhenTheLastChildExits) {
  int id = Private();
  ASSERT_GE(id, 0);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = StartChild([&] {
    close(fds[0]);
    char* q = (char*)shmat(id, nullptr, 0);
    CHILD_CHECK(q != (char*)-1);
    CHILD_CHECK(write(fds[1], "a", 1) == 1);
    pause();
    return 0;
  });
  close(fds[1]);
  char c;
  ASSERT_EQ(read(fds[0], &c, 1), 1);
  close(fds[0]);
  ASSERT_EQ(shmctl(id, IPC_RMID, nullptr), 0);
  EXPECT_EQ(Stat(id).shm_nattch, 1u);
  kill(pid, SIGKILL);
  WaitStatus(pid);
  struct shmid_ds ds;
  EXPECT_ERRNO(shmctl(id, IPC_STAT, &ds), EINVAL);
}

TEST_F(Shm, SetChangesOwnerAndMode) {
  int id = Private(kPage, 0600);
  ASSERT_GE(id, 0);
  struct shmid_ds ds = Stat(id);
  ds.shm_perm.uid = 1234;
  ds.shm_perm.gid = 5678;
  ds.shm_perm.mode = 0777 | SHM_DEST;  // only the permission bits take
  ds.shm_segsz = 1;                    // ignored
  ASSERT_EQ(shmctl(id, IPC_SET, &ds), 0);
  ds = Stat(id);
  EXPECT_EQ(ds.shm_perm.uid, 1234u);
  EXPECT_EQ(ds.shm_perm.gid, 5678u);
  EXPECT_EQ(ds.shm_perm.cuid, geteuid());
  EXPECT_EQ(ds.shm_perm.mode, 0777u);
  EXPECT_EQ(ds.shm_segsz, kPage);
}

TEST_F(Shm, SetAndRemoveNeedOwnerCreatorOrRoot) {
  int id = Private(kPage, 0666);
  ASSERT_GE(id, 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    struct shmid_ds ds;
    CHILD_CHECK(shmctl(id, IPC_STAT, &ds) == 0);
    CHILD_CHECK_ERRNO(shmctl(id, IPC_SET, &ds), EPERM);
    CHILD_CHECK_ERRNO(shmctl(id, IPC_RMID, nullptr), EPERM);
    CHILD_CHECK_ERRNO(shmctl(id, SHM_LOCK, nullptr), EPERM);
    return 0;
  }));
  // Given to user 1000, the segment may be changed by that user.
  struct shmid_ds ds = Stat(id);
  ds.shm_perm.uid = 1000;
  ASSERT_EQ(shmctl(id, IPC_SET, &ds), 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    struct shmid_ds d;
    CHILD_CHECK(shmctl(id, IPC_STAT, &d) == 0);
    d.shm_perm.mode = 0640;
    CHILD_CHECK(shmctl(id, IPC_SET, &d) == 0);
    return 0;
  }));
  EXPECT_EQ(Stat(id).shm_perm.mode & 0777, 0640u);
}

TEST_F(Shm, SetWithInvalidIdIsEINVAL) {
  int id = Private();
  ASSERT_GE(id, 0);
  struct shmid_ds ds = Stat(id);
  ds.shm_perm.uid = (uid_t)-1;
  EXPECT_ERRNO(shmctl(id, IPC_SET, &ds), EINVAL);
}

TEST_F(Shm, StatNeedsRead) {
  int id = Private(kPage, 0600);
  ASSERT_GE(id, 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    struct shmid_ds ds;
    CHILD_CHECK_ERRNO(shmctl(id, IPC_STAT, &ds), EACCES);
    return 0;
  }));
}

TEST_F(Shm, StatBadPointerIsEFAULT) {
  int id = Private();
  ASSERT_GE(id, 0);
  EXPECT_ERRNO(shmctl(id, IPC_STAT, (struct shmid_ds*)8), EFAULT);
  EXPECT_ERRNO(shmctl(id, IPC_SET, (struct shmid_ds*)8), EFAULT);
}

TEST_F(Shm, UnknownCommandAndBadIdAreEINVAL) {
  int id = Private();
  ASSERT_GE(id, 0);
  struct shmid_ds ds;
  EXPECT_ERRNO(shmctl(id, 12345, &ds), EINVAL);
  EXPECT_ERRNO(shmctl(-1, IPC_STAT, &ds), EINVAL);
}

TEST_F(Shm, IpcInfoGivesTheLimits) {
  int id = Private();
  ASSERT_GE(id, 0);
  struct shminfo info;
  int max = shmctl(0, IPC_INFO, (struct shmid_ds*)&info);
  ASSERT_GE(max, 0);
  EXPECT_GE(max, id % 32768);
  EXPECT_EQ(info.shmmin, 1u);
  EXPECT_GT(info.shmmax, 1u << 30);
  EXPECT_GT(info.shmmni, 0u);
  EXPECT_GT(info.shmall, 0u);
}

TEST_F(Shm, ShmInfoCountsSegments) {
  int id = Private(3 * kPage);
  ASSERT_GE(id, 0);
  struct shm_info info;
  int max = shmctl(0, SHM_INFO, (struct shmid_ds*)&info);
  ASSERT_GE(max, 0);
  EXPECT_GE(max, id % 32768);
  EXPECT_GE(info.used_ids, 1);
  EXPECT_GE(info.shm_tot, 3u);
}

TEST_F(Shm, ShmStatTakesAnIndex) {
  int id = Private(kPage, 0600);
  ASSERT_GE(id, 0);
  struct shmid_ds ds;
  EXPECT_EQ(shmctl(id % 32768, SHM_STAT, &ds), id);
  EXPECT_EQ(ds.shm_segsz, kPage);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    struct shmid_ds d;
    CHILD_CHECK_ERRNO(shmctl(id % 32768, SHM_STAT, &d), EACCES);
    CHILD_CHECK(shmctl(id % 32768, SHM_STAT_ANY, &d) == id);
    return 0;
  }));
}

TEST_F(Shm, LockAndUnlockForRoot) {
  int id = Private();
  ASSERT_GE(id, 0);
  ASSERT_EQ(shmctl(id, SHM_LOCK, nullptr), 0);
  EXPECT_TRUE(Stat(id).shm_perm.mode & SHM_LOCKED);
  ASSERT_EQ(shmctl(id, SHM_UNLOCK, nullptr), 0);
  EXPECT_FALSE(Stat(id).shm_perm.mode & SHM_LOCKED);
}

TEST_F(Shm, Ipc64CommandIsEINVAL) {
  int id = Private();
  ASSERT_GE(id, 0);
  struct shmid_ds ds;
  // glibc passes the bare command on x86-64; the kernel knows no IPC_64.
  EXPECT_ERRNO(syscall(SYS_shmctl, id, IPC_STAT | 0x0100, &ds), EINVAL);
}

}  // namespace
}  // namespace cub
