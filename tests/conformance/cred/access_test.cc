// Permission checks with changed ids: access/faccessat use the real ids
// (AT_EACCESS the effective ones), open uses the fs ids, the owner class
// wins over group and other, supplementary groups count, and new files get
// the fs uid and gid.  All files are in the test's TempDir.
#include <fcntl.h>
#include <sys/stat.h>

#include "cred.h"

namespace cub {
namespace {

class CredAccess : public TempDirTest {
 protected:
  void SetUp() override {
    // mkdtemp makes the directory 0700; other uids must reach the files.
    ASSERT_EQ(chmod(dir().c_str(), 0755), 0);
  }

  // A file with this owner, group and mode.
  std::string File(const char* name, uid_t uid, gid_t gid, mode_t mode) {
    std::string p = WriteFile(name, "data", 0600);
    EXPECT_EQ(chown(p.c_str(), uid, gid), 0);
    EXPECT_EQ(chmod(p.c_str(), mode), 0);
    return p;
  }
};

// Opens for reading in the child: 0 or the errno.
int OpenReadErrno(const std::string& p) {
  int fd = open(p.c_str(), O_RDONLY);
  if (fd < 0) return errno;
  close(fd);
  return 0;
}

TEST_F(CredAccess, AccessUsesRealUidRootRealUserEffective) {
  std::string p = File("f", 0, 0, 0600);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setresuid(0, 1000, 0) == 0);
    CHILD_CHECK(access(p.c_str(), R_OK) == 0);
    CHILD_CHECK(faccessat(AT_FDCWD, p.c_str(), R_OK, 0) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, EaccessUsesEffectiveUidRootRealUserEffective) {
  std::string p = File("f", 0, 0, 0600);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setresuid(0, 1000, 0) == 0);
    CHILD_CHECK_ERRNO(faccessat(AT_FDCWD, p.c_str(), R_OK, AT_EACCESS), EACCES);
    CHILD_CHECK(OpenReadErrno(p) == EACCES);
    return 0;
  }));
}

TEST_F(CredAccess, AccessUsesRealUidUserRealRootEffective) {
  std::string p = File("f", 0, 0, 0600);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setresuid(1000, 0, 1000) == 0);
    CHILD_CHECK_ERRNO(access(p.c_str(), R_OK), EACCES);
    CHILD_CHECK_ERRNO(faccessat(AT_FDCWD, p.c_str(), R_OK, 0), EACCES);
    return 0;
  }));
}

TEST_F(CredAccess, EaccessUsesEffectiveUidUserRealRootEffective) {
  std::string p = File("f", 0, 0, 0600);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setresuid(1000, 0, 1000) == 0);
    CHILD_CHECK(faccessat(AT_FDCWD, p.c_str(), R_OK, AT_EACCESS) == 0);
    CHILD_CHECK(OpenReadErrno(p) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, AccessUsesRealUidAsOwner) {
  std::string p = File("f", 1000, 0, 0600);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setresuid(1000, 2000, 2000) == 0);
    CHILD_CHECK(access(p.c_str(), R_OK | W_OK) == 0);
    CHILD_CHECK_ERRNO(faccessat(AT_FDCWD, p.c_str(), R_OK, AT_EACCESS), EACCES);
    CHILD_CHECK(OpenReadErrno(p) == EACCES);
    return 0;
  }));
}

TEST_F(CredAccess, AccessUsesRealGid) {
  std::string p = File("f", 0, 777, 0040);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHILD_CHECK(setresgid(777, 1000, 1000) == 0);
    CHILD_CHECK(setresuid(1000, 1000, 1000) == 0);
    CHILD_CHECK(access(p.c_str(), R_OK) == 0);
    CHILD_CHECK_ERRNO(faccessat(AT_FDCWD, p.c_str(), R_OK, AT_EACCESS), EACCES);
    CHILD_CHECK(OpenReadErrno(p) == EACCES);
    return 0;
  }));
}

TEST_F(CredAccess, EaccessUsesEffectiveGid) {
  std::string p = File("f", 0, 777, 0040);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHILD_CHECK(setresgid(1000, 777, 1000) == 0);
    CHILD_CHECK(setresuid(1000, 1000, 1000) == 0);
    CHILD_CHECK_ERRNO(access(p.c_str(), R_OK), EACCES);
    CHILD_CHECK(faccessat(AT_FDCWD, p.c_str(), R_OK, AT_EACCESS) == 0);
    CHILD_CHECK(OpenReadErrno(p) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, EaccessUsesFsuidNotEffective) {
  // AT_EACCESS checks with the caller's credentials as they are, and file
  // access goes by the fs uid: root with fsuid 1000 is refused.
  std::string p = File("f", 0, 0, 0600);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setfsuid(1000) == 0);
    CHILD_CHECK_ERRNO(faccessat(AT_FDCWD, p.c_str(), R_OK, AT_EACCESS), EACCES);
    CHILD_CHECK(access(p.c_str(), R_OK) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, OpenUsesFsuid) {
  std::string p = File("f", 0, 0, 0600);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setfsuid(1000) == 0);
    CHILD_CHECK(OpenReadErrno(p) == EACCES);
    CHILD_CHECK(setfsuid(0) == 1000);
    CHILD_CHECK(OpenReadErrno(p) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, OpenByFsuidOwner) {
  std::string p = File("f", 1234, 0, 0600);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setfsuid(1234) == 0);
    CHILD_CHECK(OpenReadErrno(p) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, OpenUsesFsgid) {
  std::string p = File("f", 0, 777, 0040);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHILD_CHECK(setresgid(1000, 1000, 777) == 0);
    CHILD_CHECK(setresuid(1000, 1000, 1000) == 0);
    CHILD_CHECK(OpenReadErrno(p) == EACCES);
    CHILD_CHECK(setfsgid(777) == 1000);
    CHILD_CHECK(OpenReadErrno(p) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, SupplementaryGroupGrantsGroupAccess) {
  std::string p = File("f", 0, 777, 0060);
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(1000, 1000, {5, 777, 900});
    CHILD_CHECK(OpenReadErrno(p) == 0);
    CHILD_CHECK(access(p.c_str(), R_OK | W_OK) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, WithoutTheGroupGroupAccessIsDenied) {
  std::string p = File("f", 0, 777, 0060);
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(1000, 1000, {5, 900});
    CHILD_CHECK(OpenReadErrno(p) == EACCES);
    CHILD_CHECK_ERRNO(access(p.c_str(), R_OK), EACCES);
    return 0;
  }));
}

TEST_F(CredAccess, OwnerClassWinsOverOther) {
  // The owner gets the owner bits only, even if "other" would allow more.
  std::string p = File("f", 1000, 0, 0066);
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(1000, 1000);
    CHILD_CHECK(OpenReadErrno(p) == EACCES);
    return 0;
  }));
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(2000, 2000);
    CHILD_CHECK(OpenReadErrno(p) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, GroupClassWinsOverOther) {
  std::string p = File("f", 0, 777, 0604);
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(1000, 1000, {777});
    CHILD_CHECK(OpenReadErrno(p) == EACCES);
    return 0;
  }));
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(1000, 1000);
    CHILD_CHECK(OpenReadErrno(p) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, UserCannotReadRootFile) {
  std::string p = File("f", 0, 0, 0600);
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(65534, 65534);
    CHILD_CHECK(OpenReadErrno(p) == EACCES);
    CHILD_CHECK_ERRNO(access(p.c_str(), F_OK | R_OK), EACCES);
    CHILD_CHECK(access(p.c_str(), F_OK) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, RootReadsModeZeroFile) {
  std::string p = File("f", 1000, 1000, 0000);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(OpenReadErrno(p) == 0);
    CHILD_CHECK(access(p.c_str(), R_OK | W_OK) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, RootNeedsSomeExecuteBit) {
  std::string p = File("f", 0, 0, 0644);
  std::string x = File("x", 1000, 1000, 0100);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK_ERRNO(access(p.c_str(), X_OK), EACCES);
    CHILD_CHECK(access(x.c_str(), X_OK) == 0);
    return 0;
  }));
}

TEST_F(CredAccess, UserSearchNeedsExecuteOnDirectory) {
  ASSERT_EQ(mkdir(Path("d").c_str(), 0700), 0);
  ASSERT_EQ(chmod(Path("d").c_str(), 0754), 0);
  std::string p = File("d/f", 0, 0, 0644);
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(1000, 1000);
    CHILD_CHECK(OpenReadErrno(p) == EACCES);
    CHILD_CHECK_ERRNO(access(p.c_str(), F_OK), EACCES);
    return 0;
  }));
}

TEST_F(CredAccess, NewFileGetsFsuidAndFsgid) {
  ASSERT_EQ(chmod(dir().c_str(), 0777), 0);
  std::string p = Path("new");
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setfsgid(567) == 0);
    CHILD_CHECK(setfsuid(1234) == 0);
    int fd = open(p.c_str(), O_CREAT | O_WRONLY, 0600);
    CHILD_CHECK(fd >= 0);
    close(fd);
    return 0;
  }));
  struct stat st;
  ASSERT_EQ(stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 1234u);
  EXPECT_EQ(st.st_gid, 567u);
}

TEST_F(CredAccess, NewFileGetsEffectiveIdsNotReal) {
  ASSERT_EQ(chmod(dir().c_str(), 0777), 0);
  std::string p = Path("new");
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(setgroups(0, nullptr) == 0);
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(mkdir(p.c_str(), 0700) == 0);
    return 0;
  }));
  struct stat st;
  ASSERT_EQ(stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 2000u);
  EXPECT_EQ(st.st_gid, 20u);
}

TEST_F(CredAccess, UserCannotChownToAnotherUser) {
  std::string p = File("f", 1000, 1000, 0644);
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(1000, 1000, {50});
    CHILD_CHECK_ERRNO(chown(p.c_str(), 2000, -1), EPERM);
    // The owner may change the group to one of its groups.
    CHILD_CHECK(chown(p.c_str(), -1, 50) == 0);
    CHILD_CHECK_ERRNO(chown(p.c_str(), -1, 60), EPERM);
    return 0;
  }));
}

TEST_F(CredAccess, UserCannotChmodOthersFile) {
  std::string p = File("f", 2000, 2000, 0644);
  EXPECT_EXIT0(RunInChild([&] {
    BecomeUser(1000, 1000);
    CHILD_CHECK_ERRNO(chmod(p.c_str(), 0600), EPERM);
    return 0;
  }));
}

}  // namespace
}  // namespace cub
