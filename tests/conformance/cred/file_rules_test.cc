// File permission rules with changed ids: who may chmod and chown, the
// sticky directory, the owner and group of new files (S_ISGID
// directories), the umask for a non-root user, root's overrides (read,
// write and search always; execute only with some x bit), the classes
// (owner, then group, then other: never widened).  All in the test's
// TempDir, every id change in a forked child.  access_test.cc has the
// access/faccessat/open id choices; this file extends them.
//
// The rules are Linux's: fs/attr.c setattr_prepare (chmod, chown),
// fs/open.c chown_ok/chgrp_ok, fs/namei.c check_sticky/may_delete,
// fs/inode.c inode_init_owner/mode_strip_sgid, generic_permission.
#include <fcntl.h>
#include <sys/stat.h>

#include "cred.h"

namespace cub {
namespace {

struct Who {
  unsigned ruid, euid, suid;
  unsigned rgid, egid, sgid;
  std::vector<gid_t> groups;
  unsigned fsuid = N;  // setfsuid(fsuid) afterwards unless -1
};

const Who kUser{1000, 1000, 1000, 1000, 1000, 1000, {}};
const Who kRoot{0, 0, 0, 0, 0, 0, {}};

// In a (root) child: becomes who.
void Become(const Who& w) {
  CHILD_CHECK(setgroups(w.groups.size(), w.groups.data()) == 0);
  CHILD_CHECK(setresgid(w.rgid, w.egid, w.sgid) == 0);
  CHILD_CHECK(setresuid(w.ruid, w.euid, w.suid) == 0);
  if (w.fsuid != N) {
    setfsuid(w.fsuid);
    CHILD_CHECK(Uids().fs == w.fsuid);
  }
}

class CredFileRules : public TempDirTest {
 protected:
  void SetUp() override {
    // mkdtemp makes the directory 0700; other uids must reach the files.
    ASSERT_EQ(chmod(dir().c_str(), 0755), 0);
  }
  std::string File(const char* name, uid_t uid, gid_t gid, mode_t mode) {
    std::string p = WriteFile(name, "data", 0600);
    EXPECT_EQ(chown(p.c_str(), uid, gid), 0);
    EXPECT_EQ(chmod(p.c_str(), mode), 0);
    return p;
  }
  std::string Dir(const char* name, uid_t uid, gid_t gid, mode_t mode) {
    std::string p = Path(name);
    EXPECT_EQ(mkdir(p.c_str(), 0700), 0);
    EXPECT_EQ(chown(p.c_str(), uid, gid), 0);
    EXPECT_EQ(chmod(p.c_str(), mode), 0);
    return p;
  }
};

struct stat Stat(const std::string& p) {
  struct stat st;
  memset(&st, 0, sizeof st);
  EXPECT_EQ(lstat(p.c_str(), &st), 0) << p;
  return st;
}

// The result of an open in a child: 0 or the errno.
int OpenErrno(const std::string& p, int flags) {
  int fd = open(p.c_str(), flags);
  if (fd < 0) return errno;
  close(fd);
  return 0;
}

// ---------------------------------------------------------------------
// chmod(2): "The effective UID of the calling process must match the owner
// of the file, or the process must be privileged" (EPERM).  "If the calling
// process is not privileged ..., and the group of the file does not match
// the effective group ID of the process or one of its supplementary group
// IDs, the S_ISGID bit will be turned off, but this will not cause an error
// to be returned."  Linux uses the fs ids for both.

struct ChmodCase {
  const char* name;
  unsigned uid, gid;  // the file's owner and group
  mode_t mode;        // before
  bool dir;           // a directory instead of a regular file
  Who who;
  mode_t to;          // chmod's argument
  int err;
  mode_t want;        // the mode afterwards
};
void PrintTo(const ChmodCase& c, std::ostream* os) { *os << c.name; }

const ChmodCase kChmodCases[] = {
    {"OwnerChmods", 1000, 1000, 0644, false, kUser, 0600, 0, 0600},
    {"NonOwnerWithWriteAccessIsEperm", 2000, 2000, 0666, false, kUser, 0600, EPERM, 0666},
    {"GroupMemberIsEperm", 2000, 1000, 0664, false, kUser, 0600, EPERM, 0664},
    {"EffectiveUserRealRootIsEperm", 0, 0, 0644, false, {0, 1000, 0, 0, 0, 0, {}}, 0600, EPERM, 0644},
    {"RealOwnerIsEperm", 1000, 0, 0644, false, {1000, 2000, 2000, 0, 0, 0, {}}, 0600, EPERM, 0644},
    {"RootWithUserFsuidIsEperm", 0, 0, 0644, false, {0, 0, 0, 0, 0, 0, {}, 1000}, 0600, EPERM, 0644},
    {"RootWithOwnerFsuidChmods", 1000, 1000, 0644, false, {0, 0, 0, 0, 0, 0, {}, 1000}, 0600, 0, 0600},
    {"RootChmodsAnyFile", 2000, 2000, 0644, false, kRoot, 0600, 0, 0600},
    {"OwnerSetsSetuid", 1000, 1000, 0755, false, kUser, 04755, 0, 04755},
    {"OwnerSetsStickyOnFile", 1000, 1000, 0644, false, kUser, 01644, 0, 01644},
    {"OwnerInGroupSetsSetgid", 1000, 1000, 0755, false, kUser, 02755, 0, 02755},
    {"OwnerNotInGroupLosesSetgid", 1000, 3000, 0755, false, kUser, 02755, 0, 0755},
    {"OwnerNotInGroupLosesOnlySetgid", 1000, 3000, 0755, false, kUser, 07755, 0, 05755},
    {"OwnerNotInGroupLosesSetgidWithoutGroupExec", 1000, 3000, 0755, false, kUser, 02745, 0, 0745},
    {"OwnerInSupplementaryGroupKeepsSetgid", 1000, 3000, 0755, false, {1000, 1000, 1000, 1000, 1000, 1000, {3000}}, 02755, 0, 02755},
    {"OwnerWithEffectiveGidKeepsSetgid", 1000, 3000, 0755, false, {1000, 1000, 1000, 1000, 3000, 1000, {}}, 02755, 0, 02755},
    {"RealGidDoesNotCountForSetgid", 1000, 3000, 0755, false, {1000, 1000, 1000, 3000, 1000, 3000, {}}, 02755, 0, 0755},
    {"RootNotInGroupKeepsSetgid", 1000, 3000, 0755, false, kRoot, 02755, 0, 02755},
    {"OwnerNotInGroupLosesSetgidOnDirectory", 1000, 3000, 0755, true, kUser, 02755, 0, 0755},
    {"OwnerInGroupSetsSetgidOnDirectory", 1000, 1000, 0755, true, kUser, 02775, 0, 02775},
    {"NonOwnerDirectoryIsEperm", 2000, 2000, 0777, true, kUser, 0700, EPERM, 0777},
};

class CredChmod : public CredFileRules,
                  public testing::WithParamInterface<ChmodCase> {};

TEST_P(CredChmod, Chmod) {
  const ChmodCase& c = GetParam();
  std::string p = c.dir ? Dir("x", c.uid, c.gid, c.mode)
                        : File("x", c.uid, c.gid, c.mode);
  EXPECT_EXIT0(RunInChild([&] {
    Become(c.who);
    if (c.err)
      CHILD_CHECK_ERRNO(chmod(p.c_str(), c.to), c.err);
    else
      CHILD_CHECK(chmod(p.c_str(), c.to) == 0);
    return 0;
  }));
  mode_t got = Stat(p).st_mode & 07777;
  EXPECT_EQ(got, c.want) << std::oct << got;
}

INSTANTIATE_TEST_SUITE_P(Cred, CredChmod, testing::ValuesIn(kChmodCases),
                         [](const testing::TestParamInfo<ChmodCase>& i) {
                           return std::string(i.param.name);
                         });

TEST_F(CredFileRules, FchmodByNonOwnerIsEperm) {
  // An open file descriptor gives no right to change the mode.
  std::string p = File("f", 2000, 2000, 0666);
  EXPECT_EXIT0(RunInChild([&] {
    Become(kUser);
    int fd = open(p.c_str(), O_RDWR);
    CHILD_CHECK(fd >= 0);
    CHILD_CHECK_ERRNO(fchmod(fd, 0600), EPERM);
    return 0;
  }));
  EXPECT_EQ(Stat(p).st_mode & 07777, 0666u);
}

// ---------------------------------------------------------------------
// chown(2): "Only a privileged process (Linux: one with the CAP_CHOWN
// capability) may change the owner of a file.  The owner of a file may
// change the group of the file to any group of which that owner is a
// member."  Linux (fs/open.c): the owner is the fs uid; "member" is the fs
// gid or a supplementary group; "changing" to the current value is always
// allowed to the owner.

struct ChownCase {
  const char* name;
  unsigned uid, gid;  // the file's owner and group
  Who who;
  unsigned to_uid, to_gid;
  int err;
  unsigned want_uid, want_gid;
};
void PrintTo(const ChownCase& c, std::ostream* os) { *os << c.name; }

const Who kUserIn50{1000, 1000, 1000, 1000, 1000, 1000, {50}};

const ChownCase kChownCases[] = {
    {"OwnerToItselfSucceeds", 1000, 1000, kUser, 1000, N, 0, 1000, 1000},
    {"OwnerToItselfAndOwnGroupSucceeds", 1000, 1000, kUserIn50, 1000, 50, 0, 1000, 50},
    {"OwnerToItselfAndForeignGroupIsEperm", 1000, 1000, kUserIn50, 1000, 60, EPERM, 1000, 1000},
    {"OwnerToAnotherUserIsEperm", 1000, 1000, kUser, 2000, N, EPERM, 1000, 1000},
    {"OwnerToRootIsEperm", 1000, 1000, kUser, 0, N, EPERM, 1000, 1000},
    {"OwnerChgrpToFsgid", 1000, 1000, {1000, 1000, 1000, 1000, 3000, 1000, {}}, N, 3000, 0, 1000, 3000},
    {"OwnerChgrpToRealGidIsEperm", 1000, 1000, {1000, 1000, 1000, 3000, 1000, 1000, {}}, N, 3000, EPERM, 1000, 1000},
    {"OwnerChgrpToSavedGidIsEperm", 1000, 1000, {1000, 1000, 1000, 1000, 1000, 3000, {}}, N, 3000, EPERM, 1000, 1000},
    {"OwnerChgrpToCurrentGroupWithoutMembership", 1000, 3000, kUser, N, 3000, 0, 1000, 3000},
    {"OwnerMinusOneSucceeds", 1000, 3000, kUser, N, N, 0, 1000, 3000},
    {"NonOwnerChgrpToOwnGroupIsEperm", 2000, 2000, kUser, N, 1000, EPERM, 2000, 2000},
    {"NonOwnerChownToItselfIsEperm", 2000, 2000, kUser, 1000, N, EPERM, 2000, 2000},
    {"RealOwnerIsNotOwner", 1000, 1000, {1000, 2000, 2000, 1000, 1000, 1000, {}}, N, 1000, EPERM, 1000, 1000},
    {"EffectiveUserRealRootIsEperm", 1000, 1000, {0, 1000, 0, 0, 0, 0, {}}, 2000, N, EPERM, 1000, 1000},
    {"RootWithOwnerFsuidCannotChangeOwner", 1000, 1000, {0, 0, 0, 0, 0, 0, {}, 1000}, 2000, N, EPERM, 1000, 1000},
    {"RootWithOwnerFsuidChgrpToFsgid", 1000, 1000, {0, 0, 0, 0, 0, 0, {}, 1000}, N, 0, 0, 1000, 0},
    {"RootChownsToAnyone", 1000, 1000, kRoot, 2000, 3000, 0, 2000, 3000},
    {"RootChownsOnlyTheGroup", 1000, 1000, kRoot, N, 3000, 0, 1000, 3000},
};

class CredChown : public CredFileRules,
                  public testing::WithParamInterface<ChownCase> {};

TEST_P(CredChown, Chown) {
  const ChownCase& c = GetParam();
  std::string p = File("f", c.uid, c.gid, 0644);
  EXPECT_EXIT0(RunInChild([&] {
    Become(c.who);
    if (c.err)
      CHILD_CHECK_ERRNO(chown(p.c_str(), c.to_uid, c.to_gid), c.err);
    else
      CHILD_CHECK(chown(p.c_str(), c.to_uid, c.to_gid) == 0);
    return 0;
  }));
  struct stat st = Stat(p);
  EXPECT_EQ(st.st_uid, c.want_uid);
  EXPECT_EQ(st.st_gid, c.want_gid);
}

INSTANTIATE_TEST_SUITE_P(Cred, CredChown, testing::ValuesIn(kChownCases),
                         [](const testing::TestParamInfo<ChownCase>& i) {
                           return std::string(i.param.name);
                         });

// ---------------------------------------------------------------------
// The sticky directory.  unlink(2): EPERM "The directory containing
// pathname has the sticky bit (S_ISVTX) set and the process's effective UID
// is neither the UID of the file to be deleted nor that of the directory
// containing it, and the process is not privileged".  rename(2) the same,
// for the source and for a replaced target.  Linux compares the fs uid.

enum StickyOp {
  kUnlink,          // unlink(victim)
  kRenameAway,      // rename(victim, dir/new)
  kRenameOver,      // rename(own file, victim)
  kRmdir,           // rmdir(victim), an empty directory
};

struct StickyCase {
  const char* name;
  unsigned dir_uid;
  mode_t dir_mode;
  unsigned victim_uid;
  StickyOp op;
  Who who;
  int err;
};
void PrintTo(const StickyCase& c, std::ostream* os) { *os << c.name; }

const StickyCase kStickyCases[] = {
    {"OtherUserUnlinkIsEperm", 0, 01777, 2000, kUnlink, kUser, EPERM},
    {"OtherUserRenameIsEperm", 0, 01777, 2000, kRenameAway, kUser, EPERM},
    {"OtherUserRenameOverIsEperm", 0, 01777, 2000, kRenameOver, kUser, EPERM},
    {"OtherUserRmdirIsEperm", 0, 01777, 2000, kRmdir, kUser, EPERM},
    {"FileOwnerUnlinks", 0, 01777, 1000, kUnlink, kUser, 0},
    {"FileOwnerRenames", 0, 01777, 1000, kRenameAway, kUser, 0},
    {"FileOwnerRenamesOver", 0, 01777, 1000, kRenameOver, kUser, 0},
    {"DirectoryOwnerUnlinks", 1000, 01777, 2000, kUnlink, kUser, 0},
    {"DirectoryOwnerRenames", 1000, 01777, 2000, kRenameAway, kUser, 0},
    {"DirectoryOwnerRmdirs", 1000, 01777, 2000, kRmdir, kUser, 0},
    {"RootUnlinks", 0, 01777, 2000, kUnlink, kRoot, 0},
    {"RootRenames", 0, 01777, 2000, kRenameAway, kRoot, 0},
    {"RootWithUserFsuidUnlinkIsEperm", 0, 01777, 2000, kUnlink, {0, 0, 0, 0, 0, 0, {}, 1000}, EPERM},
    {"FsuidOwnerUnlinks", 0, 01777, 2000, kUnlink, {0, 0, 0, 0, 0, 0, {}, 2000}, 0},
    {"RealOwnerUnlinkIsEperm", 0, 01777, 2000, kUnlink, {2000, 1000, 1000, 1000, 1000, 1000, {}}, EPERM},
    {"WithoutStickyOtherUserUnlinks", 0, 0777, 2000, kUnlink, kUser, 0},
    {"WithoutStickyOtherUserRenames", 0, 0777, 2000, kRenameAway, kUser, 0},
    // No write permission on the directory: EACCES comes first.
    {"StickyWithoutWriteIsEacces", 0, 01755, 1000, kUnlink, kUser, EACCES},
};

class CredSticky : public CredFileRules,
                   public testing::WithParamInterface<StickyCase> {};

TEST_P(CredSticky, Remove) {
  const StickyCase& c = GetParam();
  std::string d = Dir("d", c.dir_uid, 0, c.dir_mode);
  std::string victim = Path("d/victim");
  if (c.op == kRmdir) {
    ASSERT_EQ(mkdir(victim.c_str(), 0755), 0);
  } else {
    // Mode 0444: the file's own permissions do not matter.
    ASSERT_TRUE(!WriteFile("d/victim", "v", 0444).empty());
  }
  ASSERT_EQ(chown(victim.c_str(), c.victim_uid, c.victim_uid), 0);
  ino_t victim_ino = Stat(victim).st_ino;
  std::string mine = Path("d/mine"), moved = Path("d/new");
  ASSERT_TRUE(!WriteFile("d/mine", "m", 0644).empty());
  ASSERT_EQ(chown(mine.c_str(), c.who.euid, c.who.egid), 0);
  EXPECT_EXIT0(RunInChild([&] {
    Become(c.who);
    long r = -1;
    errno = 0;
    switch (c.op) {
      case kUnlink: r = unlink(victim.c_str()); break;
      case kRenameAway: r = rename(victim.c_str(), moved.c_str()); break;
      case kRenameOver: r = rename(mine.c_str(), victim.c_str()); break;
      case kRmdir: r = rmdir(victim.c_str()); break;
    }
    if (c.err)
      CHILD_CHECK(r == -1 && errno == c.err);
    else
      CHILD_CHECK(r == 0);
    return 0;
  }));
  // A refused call changed nothing.
  struct stat st;
  bool gone = lstat(victim.c_str(), &st) != 0 || st.st_ino != victim_ino;
  EXPECT_EQ(gone, c.err == 0);
}

INSTANTIATE_TEST_SUITE_P(Cred, CredSticky, testing::ValuesIn(kStickyCases),
                         [](const testing::TestParamInfo<StickyCase>& i) {
                           return std::string(i.param.name);
                         });

// ---------------------------------------------------------------------
// New files: owner := fs uid; group := fs gid, or the directory's group
// when the directory has S_ISGID; a new directory there inherits S_ISGID
// (mkdir(2), open(2) "bsdgroups").  A regular file created with S_ISGID and
// S_IXGRP in a S_ISGID directory loses S_ISGID when the creator is not in
// the directory's group (fs/inode.c mode_strip_sgid).  mkdir ignores
// S_ISGID in its mode argument (only the parent's S_ISGID counts).  The
// umask is 0 in these children.

enum CreateOp { kOpen, kMkdir, kMkfifo };

struct CreateCase {
  const char* name;
  mode_t dir_mode;  // the directory, owned by 0:3000
  CreateOp op;
  mode_t mode;      // the create call's mode
  Who who;
  unsigned want_uid, want_gid;
  mode_t want_mode;
};
void PrintTo(const CreateCase& c, std::ostream* os) { *os << c.name; }

const Who kUserIn3000{1000, 1000, 1000, 1000, 1000, 1000, {3000}};

const CreateCase kCreateCases[] = {
    {"FileInPlainDirGetsFsgid", 0777, kOpen, 0644, kUser, 1000, 1000, 0644},
    {"FileInSetgidDirGetsDirGroup", 02777, kOpen, 0644, kUser, 1000, 3000, 0644},
    {"FifoInSetgidDirGetsDirGroup", 02777, kMkfifo, 0644, kUser, 1000, 3000, 0644},
    {"DirInSetgidDirGetsGroupAndSetgid", 02777, kMkdir, 0755, kUser, 1000, 3000, 02755},
    {"DirInPlainDirHasNoSetgid", 0777, kMkdir, 0755, kUser, 1000, 1000, 0755},
    {"MkdirIgnoresSetgidInMode", 0777, kMkdir, 02755, kUser, 1000, 1000, 0755},
    {"MkdirKeepsStickyInMode", 0777, kMkdir, 01777, kUser, 1000, 1000, 01777},
    {"RootFileInSetgidDirGetsDirGroup", 02777, kOpen, 0644, kRoot, 0, 3000, 0644},
    {"FsuidAndSetgidDir", 02777, kOpen, 0644, {0, 0, 0, 0, 0, 0, {}, 1234}, 1234, 3000, 0644},
    {"NonMemberSetgidFileInSetgidDirLosesSetgid", 02777, kOpen, 02755, kUser, 1000, 3000, 0755},
    {"MemberSetgidFileInSetgidDirKeepsSetgid", 02777, kOpen, 02755, kUserIn3000, 1000, 3000, 02755},
    {"RootSetgidFileInSetgidDirKeepsSetgid", 02777, kOpen, 02755, kRoot, 0, 3000, 02755},
    {"NonMemberSetgidWithoutGroupExecKept", 02777, kOpen, 02745, kUser, 1000, 3000, 02745},
    {"SetgidFileInPlainDirKeepsSetgid", 0777, kOpen, 02755, kUser, 1000, 1000, 02755},
    {"UserCreatesSetuidFile", 0777, kOpen, 04755, kUser, 1000, 1000, 04755},
};

class CredCreate : public CredFileRules,
                   public testing::WithParamInterface<CreateCase> {};

TEST_P(CredCreate, NewFile) {
  const CreateCase& c = GetParam();
  Dir("d", 0, 3000, c.dir_mode);
  std::string p = Path("d/new");
  EXPECT_EXIT0(RunInChild([&] {
    umask(0);
    Become(c.who);
    switch (c.op) {
      case kOpen: {
        int fd = open(p.c_str(), O_CREAT | O_EXCL | O_WRONLY, c.mode);
        CHILD_CHECK(fd >= 0);
        close(fd);
        break;
      }
      case kMkdir: CHILD_CHECK(mkdir(p.c_str(), c.mode) == 0); break;
      case kMkfifo: CHILD_CHECK(mknod(p.c_str(), S_IFIFO | c.mode, 0) == 0); break;
    }
    return 0;
  }));
  struct stat st = Stat(p);
  EXPECT_EQ(st.st_uid, c.want_uid);
  EXPECT_EQ(st.st_gid, c.want_gid);
  EXPECT_EQ(st.st_mode & 07777, c.want_mode) << std::oct << (st.st_mode & 07777);
}

INSTANTIATE_TEST_SUITE_P(Cred, CredCreate, testing::ValuesIn(kCreateCases),
                         [](const testing::TestParamInfo<CreateCase>& i) {
                           return std::string(i.param.name);
                         });

TEST_F(CredFileRules, SetgidInheritedTwoLevelsDown) {
  Dir("d", 0, 3000, 02777);
  std::string a = Path("d/a"), b = Path("d/a/b"), f = Path("d/a/b/f");
  EXPECT_EXIT0(RunInChild([&] {
    umask(0);
    Become(kUser);
    CHILD_CHECK(mkdir(a.c_str(), 0777) == 0);
    CHILD_CHECK(mkdir(b.c_str(), 0777) == 0);
    int fd = open(f.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0666);
    CHILD_CHECK(fd >= 0);
    close(fd);
    return 0;
  }));
  EXPECT_EQ(Stat(b).st_gid, 3000u);
  EXPECT_EQ(Stat(b).st_mode & 07777, 02777u);
  EXPECT_EQ(Stat(f).st_gid, 3000u);
  EXPECT_EQ(Stat(f).st_uid, 1000u);
}

// The umask (umask(2)) of a non-root process applies to open, mkdir and
// mknod(S_IFIFO) alike.
struct UmaskCase {
  const char* name;
  mode_t umask;
  CreateOp op;
  mode_t mode, want;
};
void PrintTo(const UmaskCase& c, std::ostream* os) { *os << c.name; }

const UmaskCase kUmaskCases[] = {
    {"Open022", 022, kOpen, 0666, 0644},
    {"Open027", 027, kOpen, 0666, 0640},
    {"Open077", 077, kOpen, 0777, 0700},
    {"OpenKeepsSetuid", 022, kOpen, 04777, 04755},
    {"Mkdir022", 022, kMkdir, 0777, 0755},
    {"Mkdir027", 027, kMkdir, 0777, 0750},
    {"MkdirSticky", 077, kMkdir, 01777, 01700},
    {"Mkfifo022", 022, kMkfifo, 0666, 0644},
    {"Mkfifo007", 007, kMkfifo, 0666, 0660},
    {"ZeroUmask", 0, kOpen, 0666, 0666},
    {"FullUmask", 0777, kMkdir, 0777, 0000},
};

class CredUmask : public CredFileRules,
                  public testing::WithParamInterface<UmaskCase> {};

TEST_P(CredUmask, AppliesToMode) {
  const UmaskCase& c = GetParam();
  ASSERT_EQ(chmod(dir().c_str(), 0777), 0);
  std::string p = Path("new");
  EXPECT_EXIT0(RunInChild([&] {
    Become(kUser);
    umask(c.umask);
    switch (c.op) {
      case kOpen: {
        int fd = open(p.c_str(), O_CREAT | O_EXCL | O_WRONLY, c.mode);
        CHILD_CHECK(fd >= 0);
        close(fd);
        break;
      }
      case kMkdir: CHILD_CHECK(mkdir(p.c_str(), c.mode) == 0); break;
      case kMkfifo: CHILD_CHECK(mkfifo(p.c_str(), c.mode) == 0); break;
    }
    return 0;
  }));
  struct stat st = Stat(p);
  EXPECT_EQ(st.st_uid, 1000u);
  EXPECT_EQ(st.st_mode & 07777, c.want) << std::oct << (st.st_mode & 07777);
}

INSTANTIATE_TEST_SUITE_P(Cred, CredUmask, testing::ValuesIn(kUmaskCases),
                         [](const testing::TestParamInfo<UmaskCase>& i) {
                           return std::string(i.param.name);
                         });

// ---------------------------------------------------------------------
// Root: read, write and search regardless of the mode bits; execute only
// if some x bit is set (path_resolution(7): "the kernel ... grants execute
// permission if at least one of the three execute bits is set").

// Exits 0: the exec worked.
CONFORMANCE_HELPER(rules_true) {
  (void)argc;
  (void)argv;
  return 0;
}

// In a child: execs path as rules_true; returns its exit status, or 1000 +
// errno when execve failed.
int ExecTrue(const std::string& path) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    std::vector<std::string> v{path, "--cub-helper=rules_true"};
    CArgv argv(v);
    execv(path.c_str(), argv.get());
    _exit(errno == EACCES ? 200 : 201);
  }
  int st = WaitStatus(pid);
  if (!WIFEXITED(st)) return -1;
  return WEXITSTATUS(st) == 200 ? 1000 + EACCES : WEXITSTATUS(st);
}

struct RootExecCase {
  const char* name;
  unsigned uid;
  mode_t mode;
  bool runs;
};
void PrintTo(const RootExecCase& c, std::ostream* os) { *os << c.name; }

const RootExecCase kRootExecCases[] = {
    {"OwnerExecuteBitOnly", 1000, 0100, true},
    {"GroupExecuteBitOnly", 1000, 0010, true},
    {"OtherExecuteBitOnly", 1000, 0001, true},
    {"ReadWriteNoExecuteIsEacces", 1000, 0666, false},
    {"ModeZeroIsEacces", 1000, 0000, false},
    {"OwnRootFileWithoutXIsEacces", 0, 0644, false},
};

class CredRootExec : public CredFileRules,
                     public testing::WithParamInterface<RootExecCase> {
 protected:
  void SetUp() override {
    CredFileRules::SetUp();
    int in = open(kSelfExe, O_RDONLY);
    ASSERT_GE(in, 0);
    std::string bytes = ReadAll(in);
    close(in);
    ASSERT_FALSE(bytes.empty());
    exe_ = WriteFile("exe", bytes, 0700);
  }
  std::string exe_;
};

TEST_P(CredRootExec, Exec) {
  const RootExecCase& c = GetParam();
  ASSERT_EQ(chown(exe_.c_str(), c.uid, c.uid), 0);
  ASSERT_EQ(chmod(exe_.c_str(), c.mode), 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(access(exe_.c_str(), X_OK) == (c.runs ? 0 : -1));
    CHILD_CHECK(ExecTrue(exe_) == (c.runs ? 0 : 1000 + EACCES));
    return 0;
  }));
}

INSTANTIATE_TEST_SUITE_P(Cred, CredRootExec, testing::ValuesIn(kRootExecCases),
                         [](const testing::TestParamInfo<RootExecCase>& i) {
                           return std::string(i.param.name);
                         });

TEST_F(CredFileRules, RootSearchesAndReadsModeZeroDirectory) {
  std::string d = Dir("d", 1000, 1000, 0700);
  std::string f = File("d/f", 1000, 1000, 0000);
  ASSERT_EQ(chmod(d.c_str(), 0000), 0);
  std::string n = Path("d/new");
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(OpenErrno(f, O_RDWR) == 0);
    CHILD_CHECK(OpenErrno(d, O_RDONLY | O_DIRECTORY) == 0);
    int fd = open(n.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600);
    CHILD_CHECK(fd >= 0);
    close(fd);
    CHILD_CHECK(unlink(n.c_str()) == 0);
    CHILD_CHECK(access(d.c_str(), R_OK | W_OK | X_OK) == 0);
    return 0;
  }));
}

TEST_F(CredFileRules, RootWithUserFsuidLosesTheOverrides) {
  // The overrides belong to fs uid 0: with fs uid 1000 root is "other".
  std::string d = Dir("d", 0, 0, 0700);
  std::string f = File("f", 0, 0, 0644);
  EXPECT_EXIT0(RunInChild([&] {
    setfsuid(1000);
    CHILD_CHECK(OpenErrno(d + "/.", O_RDONLY) == EACCES);
    CHILD_CHECK(OpenErrno(f, O_WRONLY) == EACCES);
    CHILD_CHECK(OpenErrno(f, O_RDONLY) == 0);
    return 0;
  }));
}

// ---------------------------------------------------------------------
// The classes: the owner gets the owner bits and nothing else, a group
// member (not owner) the group bits, everyone else the other bits
// (path_resolution(7), "Permissions").  open for read and write,
// faccessat(AT_EACCESS) for execute, a directory's x bit for search.

enum ClassOp { kRead, kWriteOp, kExecute, kSearch };

struct ClassCase {
  const char* name;
  unsigned uid, gid;
  mode_t mode;
  ClassOp op;
  Who who;
  int err;
};
void PrintTo(const ClassCase& c, std::ostream* os) { *os << c.name; }

const Who kUserIn3000Only{1000, 1000, 1000, 1000, 1000, 1000, {3000}};

const ClassCase kClassCases[] = {
    {"OwnerDeniedWriteThoughGroupAndOtherAllow", 1000, 3000, 0466, kWriteOp, kUserIn3000Only, EACCES},
    {"OwnerDeniedExecuteThoughOtherAllows", 1000, 3000, 0611, kExecute, kUser, EACCES},
    {"OwnerDeniedSearchThoughOtherAllows", 1000, 3000, 0677, kSearch, kUser, EACCES},
    {"OwnerAllowedReadThoughOtherDenies", 1000, 3000, 0400, kRead, kUser, 0},
    {"GroupDeniedWriteThoughOtherAllows", 2000, 3000, 0642, kWriteOp, kUserIn3000Only, EACCES},
    {"GroupDeniedExecuteThoughOtherAllows", 2000, 3000, 0641, kExecute, kUserIn3000Only, EACCES},
    {"GroupDeniedSearchThoughOtherAllows", 2000, 3000, 0761, kSearch, kUserIn3000Only, EACCES},
    {"GroupAllowedExecute", 2000, 3000, 0710, kExecute, kUserIn3000Only, 0},
    {"GroupByFsgidDeniedReadThoughOtherAllows", 2000, 3000, 0604, kRead, {1000, 1000, 1000, 1000, 3000, 1000, {}}, EACCES},
    {"OtherAllowedWrite", 2000, 3000, 0602, kWriteOp, kUser, 0},
    {"OtherAllowedSearch", 2000, 3000, 0701, kSearch, kUser, 0},
    {"OtherDeniedExecute", 2000, 3000, 0776, kExecute, kUser, EACCES},
    {"OwnerByFsuidDeniedReadThoughOtherAllows", 1000, 3000, 0004, kRead, {0, 0, 0, 0, 0, 0, {}, 1000}, EACCES},
};

class CredClass : public CredFileRules,
                  public testing::WithParamInterface<ClassCase> {};

TEST_P(CredClass, Access) {
  const ClassCase& c = GetParam();
  std::string p = c.op == kSearch ? Dir("x", c.uid, c.gid, c.mode)
                                  : File("x", c.uid, c.gid, c.mode);
  if (c.op == kSearch) {
    // A file inside, readable by all, reached through the directory.
    ASSERT_EQ(chmod(p.c_str(), 0755), 0);
    File("x/f", 0, 0, 0644);
    ASSERT_EQ(chmod(p.c_str(), c.mode), 0);
  }
  EXPECT_EXIT0(RunInChild([&] {
    Become(c.who);
    int got = -1;
    switch (c.op) {
      case kRead: got = OpenErrno(p, O_RDONLY); break;
      case kWriteOp: got = OpenErrno(p, O_WRONLY); break;
      case kExecute:
        got = faccessat(AT_FDCWD, p.c_str(), X_OK, AT_EACCESS) == 0 ? 0 : errno;
        break;
      case kSearch: got = OpenErrno(p + "/f", O_RDONLY); break;
    }
    if (got != c.err) {
      dprintf(2, "got %s, expected %s\n", strerror(got), strerror(c.err));
      return kChildCheckFailed;
    }
    return 0;
  }));
}

INSTANTIATE_TEST_SUITE_P(Cred, CredClass, testing::ValuesIn(kClassCases),
                         [](const testing::TestParamInfo<ClassCase>& i) {
                           return std::string(i.param.name);
                         });

// ---------------------------------------------------------------------
// access(2) checks the whole path with the real ids, open with the fs ids.

TEST_F(CredFileRules, AccessWalksThePathWithRealIds) {
  std::string d = Dir("d", 0, 0, 0700);
  std::string f = File("d/f", 0, 0, 0644);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setresuid(1000, 0, 0) == 0);
    CHILD_CHECK_ERRNO(access(f.c_str(), F_OK), EACCES);
    CHILD_CHECK_ERRNO(access(f.c_str(), R_OK), EACCES);
    CHILD_CHECK(faccessat(AT_FDCWD, f.c_str(), R_OK, AT_EACCESS) == 0);
    CHILD_CHECK(OpenErrno(f, O_RDONLY) == 0);
    return 0;
  }));
}

TEST_F(CredFileRules, OpenWalksThePathWithFsIds) {
  std::string d = Dir("d", 1000, 1000, 0700);
  std::string f = File("d/f", 1000, 1000, 0600);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHILD_CHECK(setresuid(1000, 2000, 0) == 0);
    CHILD_CHECK(access(f.c_str(), R_OK) == 0);
    CHILD_CHECK(OpenErrno(f, O_RDONLY) == EACCES);
    CHILD_CHECK(setfsuid(1000) == 2000);
    CHILD_CHECK(OpenErrno(f, O_RDONLY) == 0);
    return 0;
  }));
}

TEST_F(CredFileRules, AccessWithRealRootSearchesModeZeroDirectory) {
  std::string d = Dir("d", 1000, 1000, 0700);
  std::string f = File("d/f", 1000, 1000, 0000);
  ASSERT_EQ(chmod(d.c_str(), 0000), 0);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setresuid(0, 2000, 0) == 0);
    CHILD_CHECK(access(f.c_str(), R_OK | W_OK) == 0);
    CHILD_CHECK_ERRNO(access(f.c_str(), X_OK), EACCES);
    CHILD_CHECK(OpenErrno(f, O_RDONLY) == EACCES);
    return 0;
  }));
}

TEST_F(CredFileRules, AccessWriteUsesRealGroupOnDirectory) {
  std::string d = Dir("d", 0, 3000, 0070);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHILD_CHECK(setresgid(3000, 1000, 1000) == 0);
    CHILD_CHECK(setresuid(1000, 1000, 1000) == 0);
    CHILD_CHECK(access(d.c_str(), W_OK | X_OK) == 0);
    CHILD_CHECK_ERRNO(faccessat(AT_FDCWD, d.c_str(), W_OK, AT_EACCESS), EACCES);
    std::string n = d + "/n";
    CHILD_CHECK_ERRNO(mkdir(n.c_str(), 0700), EACCES);
    return 0;
  }));
}

}  // namespace
}  // namespace cub
