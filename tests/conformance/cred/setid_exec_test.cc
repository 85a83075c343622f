// Set-user-ID and set-group-ID executables: execve of a copy of this binary
// that has been chowned and chmodded, started by a forked child with
// changed ids, prints its ids and AT_SECURE (helper "setid_ids").
//
// execve(2): "If the set-user-ID bit is set on the program file referred
// to by pathname, then the effective user ID of the calling process is
// changed to that of the owner of the program file.  Similarly, if the
// set-group-ID bit is set on the program file, then the effective group ID
// of the calling process is set to the group of the program file."  Then
// "The effective user ID of the process is copied to the saved
// set-user-ID; similarly, the effective group ID is copied to the saved
// set-group-ID."  The fs ids follow the effective ones.  The real ids never
// change.  Linux (fs/exec.c bprm_fill_uid) ignores S_ISGID without S_IXGRP
// (the mandatory-locking marker), ignores both bits on a MS_NOSUID mount,
// under PR_SET_NO_NEW_PRIVS, and on a #! script (the credentials come from
// the interpreter's file).  AT_SECURE (getauxval(3)) is 1 when the new
// effective uid differs from the real uid or the new effective gid from the
// real gid (security/commoncap.c, cap_bprm_creds_from_file); since Linux
// 6.16 also when the exec moved the effective uid, or set an effective gid
// outside the fs gid and the groups (the two cases marked '?').
//
// Then the bits that writes and chown take away (fs/attr.c, fs/open.c
// chown_common; chown(2), write(2)): an unprivileged write or truncate
// clears S_ISUID, and S_ISGID when S_IXGRP is set (or when the writer is
// not in the file's group); chown clears them for everyone, root included.
//
// Host safety: the set-id copies live in a TempDir under /tmp that other
// users can reach for the test's lifetime; common/main.cc refuses to run
// the tests (only the helpers, which print ids) when started set-id.
#include <fcntl.h>
#include <sched.h>
#include <sys/auxv.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "cred.h"

namespace cub {
namespace {

// "r e s fs / r e s fs / groups... / AT_SECURE\n".  With the argument
// "swap" it then prints a second line after seteuid(real) and a third after
// seteuid(saved): the saved id is what lets a set-user-ID program switch
// back and forth.
CONFORMANCE_HELPER(setid_ids) {
  auto print = [] {
    Ids u = Uids(), g = Gids();
    printf("%u %u %u %u / %u %u %u %u /", u.r, u.e, u.s, u.fs, g.r, g.e, g.s,
           g.fs);
    for (gid_t x : Groups()) printf(" %u", x);
    printf(" / %lu\n", getauxval(AT_SECURE));
  };
  print();
  if (argc > 2 && strcmp(argv[2], "swap") == 0) {
    Ids u = Uids();
    if (setresuid(N, u.r, N) != 0) return 3;
    print();
    if (setresuid(N, u.s, N) != 0) return 4;
    print();
  }
  return 0;
}

// The test binary's bytes, read once.
const std::string& SelfBytes() {
  static std::string bytes = [] {
    int in = open(kSelfExe, O_RDONLY);
    std::string b = in >= 0 ? ReadAll(in) : "";
    if (in >= 0) close(in);
    return b;
  }();
  return bytes;
}

// Writes a copy of the binary at path with this owner and mode (chown
// first: chown clears the set-id bits).  Returns false on failure.
bool InstallCopy(const std::string& path, uid_t uid, gid_t gid, mode_t mode) {
  int fd = open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0700);
  if (fd < 0) return false;
  bool ok = WriteAll(fd, SelfBytes());
  ok = close(fd) == 0 && ok;
  return ok && chown(path.c_str(), uid, gid) == 0 &&
         chmod(path.c_str(), mode) == 0;
}

struct Caller {
  unsigned ruid, euid, suid;
  unsigned rgid, egid, sgid;
  std::vector<gid_t> groups;
};

// In a (root) child: becomes the caller.
void BecomeCaller(const Caller& c) {
  CHILD_CHECK(setgroups(c.groups.size(), c.groups.data()) == 0);
  CHILD_CHECK(setresgid(c.rgid, c.egid, c.sgid) == 0);
  CHILD_CHECK(setresuid(c.ruid, c.euid, c.suid) == 0);
}

// In a child: execs path (argv as given) with stdout on a pipe; returns
// the exit status and the output.  The grandchild runs before_exec first.
struct ExecResult {
  int status;
  std::string out;
};
ExecResult ExecCapture(const std::string& path,
                       const std::vector<std::string>& args,
                       const std::function<void()>& before_exec) {
  int p[2];
  if (pipe(p) != 0) return {-1, ""};
  pid_t pid = fork();
  if (pid < 0) return {-1, ""};
  if (pid == 0) {
    close(p[0]);
    before_exec();
    dup2(p[1], 1);
    close(p[1]);
    CArgv argv(args);
    execv(path.c_str(), argv.get());
    dprintf(2, "execv %s: %s\n", path.c_str(), strerror(errno));
    _exit(127);
  }
  close(p[1]);
  std::string out = ReadAll(p[0]);
  close(p[0]);
  return {WaitStatus(pid), out};
}

// Output matches want, where '?' in want matches any character.
bool Matches(const std::string& out, const std::string& want) {
  if (out.size() != want.size()) return false;
  for (size_t i = 0; i < out.size(); i++)
    if (want[i] != '?' && want[i] != out[i]) return false;
  return true;
}

// In a child: checks the helper's status and output.
void CheckExec(const ExecResult& r, const std::string& want, int line) {
  if (!(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0) ||
      !Matches(r.out, want)) {
    dprintf(2, "line %d: exec: %s, output \"%s\", expected \"%s\"\n", line,
            DescribeStatus(r.status).c_str(), r.out.c_str(), want.c_str());
    _exit(kChildCheckFailed);
  }
}

std::vector<std::string> IdsArgv(const std::string& exe,
                                 const std::string& arg = "") {
  std::vector<std::string> v{exe, "--cub-helper=setid_ids"};
  if (!arg.empty()) v.push_back(arg);
  return v;
}

class CredSetid : public TempDirTest {
 protected:
  void SetUp() override {
    // mkdtemp makes the directory 0700; every uid must reach the copies.
    ASSERT_EQ(chmod(dir().c_str(), 0755), 0);
    ASSERT_FALSE(SelfBytes().empty());
  }
};

// ---------------------------------------------------------------------
// The table: a copy with this owner, group and mode, run by this caller.

struct SetidCase {
  const char* name;
  unsigned uid, gid;  // the file's owner and group
  mode_t mode;
  Caller caller;
  const char* want;   // setid_ids' output
};
void PrintTo(const SetidCase& c, std::ostream* os) { *os << c.name; }

const Caller kUser{1000, 1000, 1000, 1000, 1000, 1000, {}};
const Caller kRoot{0, 0, 0, 0, 0, 0, {}};

const SetidCase kSetidCases[] = {
    // Plain files: nothing changes.
    {"NoBitsUserKeepsIds", 0, 0, 0755, kUser,
     "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n"},
    {"NoBitsOtherOwnerKeepsIds", 2000, 3000, 0755, kUser,
     "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n"},
    // Set-user-ID: effective := owner, saved := fs := effective.
    {"SetuidRootByUser", 0, 0, 04755, kUser,
     "1000 0 0 0 / 1000 1000 1000 1000 / / 1\n"},
    {"SetuidOwner2000ByUser", 2000, 0, 04755, kUser,
     "1000 2000 2000 2000 / 1000 1000 1000 1000 / / 1\n"},
    {"SetuidWithoutReadPermission", 0, 0, 04711, kUser,
     "1000 0 0 0 / 1000 1000 1000 1000 / / 1\n"},
    {"SetuidExecutableOnlyThroughGroup", 0, 1000, 04710, kUser,
     "1000 0 0 0 / 1000 1000 1000 1000 / / 1\n"},
    {"SetuidLeavesGroupsAlone", 0, 0, 04755,
     {1000, 1000, 1000, 1000, 1000, 1000, {5, 6}},
     "1000 0 0 0 / 1000 1000 1000 1000 / 5 6 / 1\n"},
    {"SetuidReplacesEffectiveAndSaved", 0, 0, 04755,
     {1000, 2000, 3000, 1000, 1000, 1000, {}},
     "1000 0 0 0 / 1000 1000 1000 1000 / / 1\n"},
    // AT_SECURE when the new effective uid differs from the real uid.  An
    // exec that moves the effective uid back to the real one is secure
    // since Linux 6.16 (security/commoncap.c: "id_changed =
    // !uid_eq(new->euid, old->euid) || !in_group_p(new->egid)"), not
    // before: '?' accepts either.
    {"SetuidBackToRealUidDependsOnVersion", 1000, 0, 04755,
     {1000, 2000, 2000, 1000, 1000, 1000, {}},
     "1000 1000 1000 1000 / 1000 1000 1000 1000 / / ?\n"},
    {"SetuidRunByItsOwnerIsNotSecure", 1000, 0, 04755, kUser,
     "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n"},
    {"SetuidRootByRootIsNotSecure", 0, 0, 04755, kRoot,
     "0 0 0 0 / 0 0 0 0 / / 0\n"},
    {"SetuidUserByRoot", 2000, 0, 04755, kRoot,
     "0 2000 2000 2000 / 0 0 0 0 / / 1\n"},
    {"SetuidRootByEffectiveRootRealUser", 0, 0, 04755,
     {1000, 0, 0, 1000, 1000, 1000, {}},
     "1000 0 0 0 / 1000 1000 1000 1000 / / 1\n"},
    // Set-group-ID (with group execute): effective := group.
    {"SetgidByUser", 0, 3000, 02755, kUser,
     "1000 1000 1000 1000 / 1000 3000 3000 3000 / / 1\n"},
    {"SetgidOwnedByOtherUser", 2000, 3000, 02755, kUser,
     "1000 1000 1000 1000 / 1000 3000 3000 3000 / / 1\n"},
    {"SetgidOfASupplementaryGroupIsSecure", 0, 3000, 02755,
     {1000, 1000, 1000, 1000, 1000, 1000, {3000}},
     "1000 1000 1000 1000 / 1000 3000 3000 3000 / 3000 / 1\n"},
    {"SetgidBackToRealGidDependsOnVersion", 0, 1000, 02755,
     {1000, 1000, 1000, 1000, 2000, 2000, {}},
     "1000 1000 1000 1000 / 1000 1000 1000 1000 / / ?\n"},
    // Back to the real gid when it is also a supplementary group: secure
    // under neither rule.
    {"SetgidBackToRealGidInGroupsIsNotSecure", 0, 3000, 02755,
     {1000, 1000, 1000, 3000, 1000, 1000, {3000}},
     "1000 1000 1000 1000 / 3000 3000 3000 3000 / 3000 / 0\n"},
    {"SetgidOwnGroupIsNotSecure", 0, 1000, 02755, kUser,
     "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n"},
    {"SetgidByRoot", 0, 3000, 02755, kRoot,
     "0 0 0 0 / 0 3000 3000 3000 / / 1\n"},
    // S_ISGID without S_IXGRP marks mandatory locking, not set-group-ID.
    {"SetgidWithoutGroupExecuteIsIgnored", 0, 3000, 02745, kUser,
     "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n"},
    {"SetuidSetgidWithoutGroupExecuteOnlySetuid", 0, 3000, 06745, kUser,
     "1000 0 0 0 / 1000 1000 1000 1000 / / 1\n"},
    // Both bits.
    {"SetuidSetgidRoot", 0, 3000, 06755, kUser,
     "1000 0 0 0 / 1000 3000 3000 3000 / / 1\n"},
    {"SetuidSetgidOtherUser", 2000, 3000, 06755, kUser,
     "1000 2000 2000 2000 / 1000 3000 3000 3000 / / 1\n"},
    // The sticky bit means nothing on an executable.
    {"StickyBitIsIgnored", 0, 3000, 01755, kUser,
     "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n"},
};

class CredSetidExec : public CredSetid,
                      public testing::WithParamInterface<SetidCase> {};

TEST_P(CredSetidExec, Exec) {
  const SetidCase& c = GetParam();
  std::string exe = Path("exe");
  ASSERT_TRUE(InstallCopy(exe, c.uid, c.gid, c.mode));
  struct stat st;
  ASSERT_EQ(stat(exe.c_str(), &st), 0);
  ASSERT_EQ(st.st_mode & 07777, c.mode);
  EXPECT_EXIT0(RunInChild([&] {
    ExecResult r = ExecCapture(exe, IdsArgv(exe), [&] { BecomeCaller(c.caller); });
    CheckExec(r, c.want, __LINE__);
    return 0;
  }));
}

INSTANTIATE_TEST_SUITE_P(Cred, CredSetidExec, testing::ValuesIn(kSetidCases),
                         [](const testing::TestParamInfo<SetidCase>& i) {
                           return std::string(i.param.name);
                         });

// ---------------------------------------------------------------------
// Around the table.

TEST_F(CredSetid, SavedUidLetsTheProgramSwitchBack) {
  std::string exe = Path("exe");
  ASSERT_TRUE(InstallCopy(exe, 2000, 0, 04755));
  EXPECT_EXIT0(RunInChild([&] {
    ExecResult r = ExecCapture(exe, IdsArgv(exe, "swap"),
                               [&] { BecomeCaller(kUser); });
    CheckExec(r,
              "1000 2000 2000 2000 / 1000 1000 1000 1000 / / 1\n"
              "1000 1000 2000 1000 / 1000 1000 1000 1000 / / 1\n"
              "1000 2000 2000 2000 / 1000 1000 1000 1000 / / 1\n",
              __LINE__);
    return 0;
  }));
}

TEST_F(CredSetid, NotExecutableIsEacces) {
  // The set-user-ID bit does not make a file executable.
  std::string exe = Path("exe");
  ASSERT_TRUE(InstallCopy(exe, 0, 0, 04744));
  EXPECT_EXIT0(RunInChild([&] {
    BecomeCaller(kUser);
    CArgv argv(IdsArgv(exe));
    CHILD_CHECK_ERRNO(execv(exe.c_str(), argv.get()), EACCES);
    return 0;
  }));
}

TEST_F(CredSetid, NoNewPrivsIgnoresTheBits) {
  // prctl(2) PR_SET_NO_NEW_PRIVS: "execve(2) promises not to grant
  // privileges ... (e.g., the set-user-ID and set-group-ID mode bits ...
  // will not function)".
  std::string exe = Path("exe");
  ASSERT_TRUE(InstallCopy(exe, 0, 3000, 06755));
  EXPECT_EXIT0(RunInChild([&] {
    ExecResult r = ExecCapture(exe, IdsArgv(exe), [&] {
      BecomeCaller(kUser);
      CHILD_CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0);
    });
    CheckExec(r, "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n",
              __LINE__);
    return 0;
  }));
}

TEST_F(CredSetid, ExecResetsRootsFsIds) {
  // The fs ids follow the new effective ids, whatever they were.
  std::string exe = Path("exe");
  ASSERT_TRUE(InstallCopy(exe, 2000, 3000, 06755));
  EXPECT_EXIT0(RunInChild([&] {
    ExecResult r = ExecCapture(exe, IdsArgv(exe), [&] {
      CHILD_CHECK(setgroups(0, nullptr) == 0);
      CHILD_CHECK(setfsgid(1234) == 0);
      CHILD_CHECK(setfsuid(1234) == 0);
    });
    CheckExec(r, "0 2000 2000 2000 / 0 3000 3000 3000 / / 1\n", __LINE__);
    return 0;
  }));
}

TEST_F(CredSetid, ChangedBitsTakeEffectAtTheNextExec) {
  // The bits are read at exec time: a chmod after one exec shows at the
  // next.
  std::string exe = Path("exe");
  ASSERT_TRUE(InstallCopy(exe, 0, 0, 0755));
  EXPECT_EXIT0(RunInChild([&] {
    auto user = [&] { BecomeCaller(kUser); };
    CheckExec(ExecCapture(exe, IdsArgv(exe), user),
              "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n", __LINE__);
    CHILD_CHECK(chmod(exe.c_str(), 04755) == 0);
    CheckExec(ExecCapture(exe, IdsArgv(exe), user),
              "1000 0 0 0 / 1000 1000 1000 1000 / / 1\n", __LINE__);
    CHILD_CHECK(chmod(exe.c_str(), 0755) == 0);
    CheckExec(ExecCapture(exe, IdsArgv(exe), user),
              "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n", __LINE__);
    return 0;
  }));
}

// ---------------------------------------------------------------------
// #! scripts: the set-id bits of the script are ignored; those of the
// interpreter count (the credentials come from the file finally executed).

class CredSetidScript : public CredSetid {
 protected:
  // A script "#!<interp> --cub-helper=setid_ids" with this owner and mode.
  std::string Script(const std::string& interp, uid_t uid, gid_t gid,
                     mode_t mode) {
    std::string s = WriteFile(
        "script", "#!" + interp + " --cub-helper=setid_ids\n", 0700);
    EXPECT_EQ(chown(s.c_str(), uid, gid), 0);
    EXPECT_EQ(chmod(s.c_str(), mode), 0);
    return s;
  }
  // In a child: runs the script as uid/gid 1000 and checks the output.
  void RunScript(const std::string& s, const std::string& want) {
    EXPECT_EXIT0(RunInChild([&] {
      CheckExec(ExecCapture(s, {s}, [&] { BecomeCaller(kUser); }), want,
                __LINE__);
      return 0;
    }));
  }
};

TEST_F(CredSetidScript, PlainScriptRunsTheInterpreter) {
  std::string interp = Path("interp");
  ASSERT_TRUE(InstallCopy(interp, 0, 0, 0755));
  RunScript(Script(interp, 0, 0, 0755),
            "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n");
}

TEST_F(CredSetidScript, SetuidScriptDoesNotChangeIds) {
  std::string interp = Path("interp");
  ASSERT_TRUE(InstallCopy(interp, 0, 0, 0755));
  RunScript(Script(interp, 0, 0, 04755),
            "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n");
}

TEST_F(CredSetidScript, SetgidScriptDoesNotChangeIds) {
  std::string interp = Path("interp");
  ASSERT_TRUE(InstallCopy(interp, 0, 0, 0755));
  RunScript(Script(interp, 2000, 3000, 06755),
            "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n");
}

TEST_F(CredSetidScript, SetuidInterpreterChangesIds) {
  std::string interp = Path("interp");
  ASSERT_TRUE(InstallCopy(interp, 0, 3000, 06755));
  RunScript(Script(interp, 0, 0, 0755),
            "1000 0 0 0 / 1000 3000 3000 3000 / / 1\n");
}

// ---------------------------------------------------------------------
// nosuid: mount(2) MS_NOSUID "Do not honor set-user-ID and set-group-ID
// bits ... when executing programs from this filesystem."  In a forked
// child with a private mount namespace (skipped when not allowed), as in
// file/mount_test.cc; the child unmounts what it mounted (cub has one
// namespace).

constexpr int kNoNamespace = 77;

class CredSetidMount : public CredSetid {
 protected:
  void SetUp() override {
    CredSetid::SetUp();
    ASSERT_EQ(mkdir(Path("m").c_str(), 0755), 0);
  }
  void TearDown() override {
    // In cub a failed child may leave its mount behind; on Linux nothing
    // is mounted here and this is EINVAL.
    while (umount2(Path("m").c_str(), MNT_DETACH) == 0) {
    }
  }

  // Mounts a tmpfs with these flags on m, installs a 06755 root:3000 copy
  // there, runs it as 1000 and checks the output.
  void RunFromTmpfs(unsigned long flags, const std::string& want) {
    std::string m = Path("m"), exe = Path("m/exe");
    int st = RunInChild([&] {
      if (unshare(CLONE_NEWNS) != 0) return errno == EPERM ? kNoNamespace : 1;
      CHILD_CHECK(mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0);
      CHILD_CHECK(mount("cubtest", m.c_str(), "tmpfs", flags, "mode=0755") == 0);
      bool ok = InstallCopy(exe, 0, 3000, 06755);
      ExecResult r{-1, ""};
      if (ok) r = ExecCapture(exe, IdsArgv(exe), [&] { BecomeCaller(kUser); });
      CHILD_CHECK(umount2(m.c_str(), 0) == 0);
      CHILD_CHECK(ok);
      CheckExec(r, want, __LINE__);
      return 0;
    });
    if (WIFEXITED(st) && WEXITSTATUS(st) == kNoNamespace)
      GTEST_SKIP() << "no permission for a private mount namespace";
    EXPECT_EXIT0(st);
  }
};

TEST_F(CredSetidMount, SetidHonouredOnTmpfs) {
  RunFromTmpfs(0, "1000 0 0 0 / 1000 3000 3000 3000 / / 1\n");
}

TEST_F(CredSetidMount, NosuidMountIgnoresTheBits) {
  RunFromTmpfs(MS_NOSUID, "1000 1000 1000 1000 / 1000 1000 1000 1000 / / 0\n");
}

// ---------------------------------------------------------------------
// What writes, truncation and chown do to the set-id bits.

enum Op {
  kWrite,      // write(2) one byte at offset 0
  kFtruncate,  // ftruncate(fd, 1) on an open file
  kOpenTrunc,  // open(O_WRONLY | O_TRUNC)
  kChown,      // chown(path, to_uid, to_gid)
};

struct BitsCase {
  const char* name;
  unsigned uid, gid;  // the file's owner and group
  mode_t mode;
  Caller caller;      // fsuid/fsgid follow euid/egid unless fsuid given
  Op op;
  unsigned to_uid, to_gid;  // kChown only
  mode_t want;        // the mode afterwards
  unsigned fsuid = N; // setfsuid(fsuid) before the operation when not -1
  int err = 0;        // kChown only: the expected errno
};
void PrintTo(const BitsCase& c, std::ostream* os) { *os << c.name; }

const Caller kUserIn50{1000, 1000, 1000, 1000, 1000, 1000, {50}};

const BitsCase kBitsCases[] = {
    // An unprivileged write clears S_ISUID; S_ISGID too when S_IXGRP is set.
    {"WriteByOwnerClearsSetuid", 1000, 1000, 04755, kUser, kWrite, 0, 0, 0755},
    {"WriteByOwnerClearsSetgid", 1000, 1000, 02775, kUser, kWrite, 0, 0, 0775},
    {"WriteByOwnerClearsBoth", 1000, 1000, 06755, kUser, kWrite, 0, 0, 0755},
    {"WriteByOtherClearsSetuid", 0, 0, 04777, kUser, kWrite, 0, 0, 0777},
    {"WriteByGroupMemberClearsBoth", 0, 1000, 06775, kUser, kWrite, 0, 0, 0775},
    {"WriteKeepsStickyBit", 1000, 1000, 01755, kUser, kWrite, 0, 0, 01755},
    // S_ISGID without S_IXGRP stays when the writer is in the file's group
    // and goes when it is not (fs/attr.c setattr_should_drop_sgid).
    {"WriteKeepsSetgidWithoutGroupExecForMember", 1000, 1000, 02745, kUser, kWrite, 0, 0, 02745},
    {"WriteClearsSetgidWithoutGroupExecForNonMember", 1000, 3000, 02745, kUser, kWrite, 0, 0, 0745},
    // Root (CAP_FSETID) keeps the bits; an fsuid other than 0 drops the
    // file capabilities.
    {"WriteByRootKeepsBits", 1000, 1000, 06755, kRoot, kWrite, 0, 0, 06755},
    {"WriteByRootWithFsuidUserClearsBits", 1000, 1000, 06755, kRoot, kWrite, 0, 0, 0755, 1000},
    {"WriteByEffectiveUserRealRootClearsBits", 1000, 1000, 06755,
     {0, 1000, 0, 0, 0, 0, {}}, kWrite, 0, 0, 0755},
    // Truncation counts as a write.
    {"FtruncateByOwnerClearsBoth", 1000, 1000, 06755, kUser, kFtruncate, 0, 0, 0755},
    {"OpenTruncByOwnerClearsBoth", 1000, 1000, 06755, kUser, kOpenTrunc, 0, 0, 0755},
    {"OpenTruncByRootKeepsBits", 1000, 1000, 06755, kRoot, kOpenTrunc, 0, 0, 06755},
    // chown of a non-directory clears S_ISUID, and S_ISGID with S_IXGRP,
    // whoever does it (fs/open.c chown_common).
    {"ChgrpByOwnerClearsSetuid", 1000, 1000, 04755, kUserIn50, kChown, N, 50, 0755},
    {"ChgrpByOwnerClearsBoth", 1000, 1000, 06755, kUserIn50, kChown, N, 50, 0755},
    {"ChgrpByOwnerKeepsSetgidWithoutGroupExec", 1000, 1000, 02745, kUserIn50, kChown, N, 50, 02745},
    {"ChownToSelfByOwnerClearsBoth", 1000, 1000, 06755, kUser, kChown, 1000, 1000, 0755},
    {"ChownByRootClearsSetuid", 1000, 1000, 04755, kRoot, kChown, 2000, N, 0755},
    {"ChownByRootClearsBoth", 1000, 1000, 06755, kRoot, kChown, 2000, 3000, 0755},
    {"ChownByRootKeepsSetgidWithoutGroupExec", 1000, 1000, 02745, kRoot, kChown, 2000, 3000, 02745},
    {"ChownByRootMinusOneClearsBoth", 1000, 1000, 06755, kRoot, kChown, N, N, 0755},
    {"ChownByRootKeepsSticky", 1000, 1000, 01755, kRoot, kChown, 2000, N, 01755},
    // A failed chown changes nothing.
    {"FailedChgrpKeepsBits", 1000, 1000, 06755, kUser, kChown, N, 3000, 06755, N, EPERM},
};

class CredSetidBits : public CredSetid,
                      public testing::WithParamInterface<BitsCase> {};

TEST_P(CredSetidBits, ModeAfter) {
  const BitsCase& c = GetParam();
  std::string p = WriteFile("f", "data", 0600);
  ASSERT_EQ(chown(p.c_str(), c.uid, c.gid), 0);
  ASSERT_EQ(chmod(p.c_str(), c.mode), 0);
  EXPECT_EXIT0(RunInChild([&] {
    BecomeCaller(c.caller);
    if (c.fsuid != N) CHILD_CHECK(setfsuid(c.fsuid) >= 0 && Uids().fs == c.fsuid);
    int fd;
    switch (c.op) {
      case kWrite:
        fd = open(p.c_str(), O_WRONLY);
        CHILD_CHECK(fd >= 0);
        CHILD_CHECK(write(fd, "x", 1) == 1);
        close(fd);
        break;
      case kFtruncate:
        fd = open(p.c_str(), O_WRONLY);
        CHILD_CHECK(fd >= 0);
        CHILD_CHECK(ftruncate(fd, 1) == 0);
        close(fd);
        break;
      case kOpenTrunc:
        fd = open(p.c_str(), O_WRONLY | O_TRUNC);
        CHILD_CHECK(fd >= 0);
        close(fd);
        break;
      case kChown:
        if (c.err)
          CHILD_CHECK_ERRNO(chown(p.c_str(), c.to_uid, c.to_gid), c.err);
        else
          CHILD_CHECK(chown(p.c_str(), c.to_uid, c.to_gid) == 0);
        break;
    }
    return 0;
  }));
  struct stat st;
  ASSERT_EQ(stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, c.want) << std::oct << (st.st_mode & 07777);
}

INSTANTIATE_TEST_SUITE_P(Cred, CredSetidBits, testing::ValuesIn(kBitsCases),
                         [](const testing::TestParamInfo<BitsCase>& i) {
                           return std::string(i.param.name);
                         });

TEST_F(CredSetid, ChownOfDirectoryKeepsSetgid) {
  // chown_common clears the bits of non-directories only.
  std::string d = Path("d");
  ASSERT_EQ(mkdir(d.c_str(), 0755), 0);
  ASSERT_EQ(chmod(d.c_str(), 02755), 0);
  ASSERT_EQ(chown(d.c_str(), 2000, 3000), 0);
  struct stat st;
  ASSERT_EQ(stat(d.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 02755u) << std::oct << (st.st_mode & 07777);
}

}  // namespace
}  // namespace cub
