// setresuid/setreuid/setuid and their gid twins, setfsuid/setfsgid and the
// getters: Linux's rules from kernel/sys.c, one table row per case.
//
// "Root" is an effective uid of 0 (CAP_SETUID / CAP_SETGID).  A process
// with a real or saved uid of 0 but another effective uid is not
// privileged.  Supplementary group and gid changes never confer privilege.
#include <sys/mman.h>

#include "cred.h"

namespace cub {
namespace {

enum Call { kSetresuid, kSetreuid, kSetuid, kSetresgid, kSetregid, kSetgid };

struct IdCase {
  const char* name;
  Call call;
  unsigned as_uid;          // gid calls only: r=e=s uid while calling
  unsigned sr, se, ss;      // the starting ids (set by root)
  unsigned a, b, c;         // the call's arguments (b, c unused if absent)
  int err;                  // 0: success expected
  unsigned r, e, s, fs;     // the ids afterwards
};

// Shorthands for the table.
constexpr unsigned R0 = 0;

const IdCase kIdCases[] = {
    // --- setresuid(R, E, S): root may set anything; otherwise each given
    // value must be one of the current r, e, s.  -1 keeps.  fs := new e.
    {"Setresuid_Root_SetsAllThree", kSetresuid, 0, R0, R0, R0, 1000, 2000, 3000, 0, 1000, 2000, 3000, 2000},
    {"Setresuid_Root_OnlyEffective", kSetresuid, 0, R0, R0, R0, N, 1000, N, 0, 0, 1000, 0, 1000},
    {"Setresuid_Root_OnlyReal", kSetresuid, 0, R0, R0, R0, 1000, N, N, 0, 1000, 0, 0, 0},
    {"Setresuid_Root_OnlySaved", kSetresuid, 0, R0, R0, R0, N, N, 1000, 0, 0, 0, 1000, 0},
    {"Setresuid_Root_LargeUid", kSetresuid, 0, R0, R0, R0, 4294967294u, 4294967294u, 4294967294u, 0, 4294967294u, 4294967294u, 4294967294u, 4294967294u},
    {"Setresuid_Root_AllMinusOneChangesNothing", kSetresuid, 0, R0, R0, R0, N, N, N, 0, 0, 0, 0, 0},
    {"Setresuid_EffectiveRootWithOtherRealIsPrivileged", kSetresuid, 0, 1000, 0, 1000, 5000, 6000, 7000, 0, 5000, 6000, 7000, 6000},
    {"Setresuid_User_AllMinusOneChangesNothing", kSetresuid, 0, 1000, 2000, 3000, N, N, N, 0, 1000, 2000, 3000, 2000},
    {"Setresuid_User_RealFromEffective", kSetresuid, 0, 1000, 2000, 3000, 2000, N, N, 0, 2000, 2000, 3000, 2000},
    {"Setresuid_User_RealFromSaved", kSetresuid, 0, 1000, 2000, 3000, 3000, N, N, 0, 3000, 2000, 3000, 2000},
    {"Setresuid_User_EffectiveFromReal", kSetresuid, 0, 1000, 2000, 3000, N, 1000, N, 0, 1000, 1000, 3000, 1000},
    {"Setresuid_User_EffectiveFromSaved", kSetresuid, 0, 1000, 2000, 3000, N, 3000, N, 0, 1000, 3000, 3000, 3000},
    {"Setresuid_User_SavedFromReal", kSetresuid, 0, 1000, 2000, 3000, N, N, 1000, 0, 1000, 2000, 1000, 2000},
    {"Setresuid_User_Permutation", kSetresuid, 0, 1000, 2000, 3000, 3000, 1000, 2000, 0, 3000, 1000, 2000, 1000},
    {"Setresuid_User_UnknownRealIsEperm", kSetresuid, 0, 1000, 2000, 3000, 4000, N, N, EPERM, 1000, 2000, 3000, 2000},
    {"Setresuid_User_UnknownEffectiveIsEperm", kSetresuid, 0, 1000, 2000, 3000, N, 4000, N, EPERM, 1000, 2000, 3000, 2000},
    {"Setresuid_User_UnknownSavedIsEperm", kSetresuid, 0, 1000, 2000, 3000, N, N, 4000, EPERM, 1000, 2000, 3000, 2000},
    {"Setresuid_User_OneBadValueChangesNothing", kSetresuid, 0, 1000, 2000, 3000, 2000, 3000, 4000, EPERM, 1000, 2000, 3000, 2000},
    {"Setresuid_User_RootIsEperm", kSetresuid, 0, 1000, 2000, 3000, N, 0, N, EPERM, 1000, 2000, 3000, 2000},
    {"Setresuid_SavedRootRegainsEffectiveRoot", kSetresuid, 0, 0, 1000, 0, N, 0, N, 0, 0, 0, 0, 0},
    {"Setresuid_RealAndSavedRootAreNotPrivileged", kSetresuid, 0, 0, 1000, 0, N, 5000, N, EPERM, 0, 1000, 0, 1000},

    // --- setreuid(R, E): R must be one of r, e; E one of r, e, s.  The
    // saved uid becomes the new effective uid when R is given, or E is
    // given and differs from the old real uid.  fs := new e.
    {"Setreuid_Root_SetsRealAndEffective", kSetreuid, 0, R0, R0, R0, 1000, 2000, 0, 0, 1000, 2000, 2000, 2000},
    {"Setreuid_Root_RealOnlySavesEffective", kSetreuid, 0, R0, R0, R0, 1000, N, 0, 0, 1000, 0, 0, 0},
    {"Setreuid_Root_EffectiveOnlyDifferentFromRealSetsSaved", kSetreuid, 0, R0, R0, R0, N, 1000, 0, 0, 0, 1000, 1000, 1000},
    {"Setreuid_Root_RealSameWithNewEffectiveSetsSaved", kSetreuid, 0, R0, R0, R0, 0, 1000, 0, 0, 0, 1000, 1000, 1000},
    {"Setreuid_Root_BothMinusOneChangesNothing", kSetreuid, 0, R0, R0, R0, N, N, 0, 0, 0, 0, 0, 0},
    {"Setreuid_EffectiveRootWithOtherRealIsPrivileged", kSetreuid, 0, 1000, 0, 1000, 5000, 6000, 0, 0, 5000, 6000, 6000, 6000},
    {"Setreuid_User_BothMinusOneChangesNothing", kSetreuid, 0, 1000, 2000, 3000, N, N, 0, 0, 1000, 2000, 3000, 2000},
    {"Setreuid_User_RealFromEffectiveSetsSaved", kSetreuid, 0, 1000, 2000, 3000, 2000, N, 0, 0, 2000, 2000, 2000, 2000},
    {"Setreuid_User_RealUnchangedStillSetsSaved", kSetreuid, 0, 1000, 2000, 3000, 1000, N, 0, 0, 1000, 2000, 2000, 2000},
    {"Setreuid_User_RealFromSavedIsEperm", kSetreuid, 0, 1000, 2000, 3000, 3000, N, 0, EPERM, 1000, 2000, 3000, 2000},
    {"Setreuid_User_UnknownRealIsEperm", kSetreuid, 0, 1000, 2000, 3000, 4000, N, 0, EPERM, 1000, 2000, 3000, 2000},
    {"Setreuid_User_EffectiveFromRealKeepsSaved", kSetreuid, 0, 1000, 2000, 3000, N, 1000, 0, 0, 1000, 1000, 3000, 1000},
    {"Setreuid_User_EffectiveFromSavedSetsSaved", kSetreuid, 0, 1000, 2000, 3000, N, 3000, 0, 0, 1000, 3000, 3000, 3000},
    {"Setreuid_User_SameEffectiveSetsSaved", kSetreuid, 0, 1000, 2000, 3000, N, 2000, 0, 0, 1000, 2000, 2000, 2000},
    {"Setreuid_User_UnknownEffectiveIsEperm", kSetreuid, 0, 1000, 2000, 3000, N, 4000, 0, EPERM, 1000, 2000, 3000, 2000},
    {"Setreuid_User_SwapRealAndEffective", kSetreuid, 0, 1000, 2000, 3000, 2000, 1000, 0, 0, 2000, 1000, 1000, 1000},
    {"Setreuid_User_GoodRealBadEffectiveChangesNothing", kSetreuid, 0, 1000, 2000, 3000, 2000, 4000, 0, EPERM, 1000, 2000, 3000, 2000},
    {"Setreuid_User_BadRealGoodEffectiveChangesNothing", kSetreuid, 0, 1000, 2000, 3000, 3000, 1000, 0, EPERM, 1000, 2000, 3000, 2000},
    {"Setreuid_RealRootRegainsEffectiveRoot", kSetreuid, 0, 0, 1000, 1000, N, 0, 0, 0, 0, 0, 1000, 0},

    // --- setuid(U): root sets r = e = s = fs = U; otherwise U must be the
    // real or saved uid and only e (and fs) change.
    {"Setuid_Root_SetsAll", kSetuid, 0, R0, R0, R0, 1000, 0, 0, 0, 1000, 1000, 1000, 1000},
    {"Setuid_Root_ZeroKeepsRoot", kSetuid, 0, R0, R0, R0, 0, 0, 0, 0, 0, 0, 0, 0},
    {"Setuid_EffectiveRootWithOtherRealSetsAll", kSetuid, 0, 1000, 0, 2000, 3000, 0, 0, 0, 3000, 3000, 3000, 3000},
    {"Setuid_User_RealChangesOnlyEffective", kSetuid, 0, 1000, 2000, 3000, 1000, 0, 0, 0, 1000, 1000, 3000, 1000},
    {"Setuid_User_SavedChangesOnlyEffective", kSetuid, 0, 1000, 2000, 3000, 3000, 0, 0, 0, 1000, 3000, 3000, 3000},
    {"Setuid_User_CurrentEffectiveNotRealOrSavedIsEperm", kSetuid, 0, 1000, 2000, 3000, 2000, 0, 0, EPERM, 1000, 2000, 3000, 2000},
    {"Setuid_User_UnknownIsEperm", kSetuid, 0, 1000, 2000, 3000, 4000, 0, 0, EPERM, 1000, 2000, 3000, 2000},
    {"Setuid_User_RootIsEperm", kSetuid, 0, 1000, 2000, 3000, 0, 0, 0, EPERM, 1000, 2000, 3000, 2000},
    {"Setuid_RealRootUnprivilegedChangesOnlyEffective", kSetuid, 0, 0, 1000, 2000, 0, 0, 0, 0, 0, 0, 2000, 0},
    {"Setuid_MinusOneIsEinval", kSetuid, 0, R0, R0, R0, N, 0, 0, EINVAL, 0, 0, 0, 0},

    // --- the gid twins.  Privilege comes from the uid (as_uid), never
    // from a gid of 0.
    {"Setresgid_Root_SetsAllThree", kSetresgid, 0, R0, R0, R0, 10, 20, 30, 0, 10, 20, 30, 20},
    {"Setresgid_Root_OnlyEffective", kSetresgid, 0, R0, R0, R0, N, 10, N, 0, 0, 10, 0, 10},
    {"Setresgid_Root_AllMinusOneChangesNothing", kSetresgid, 0, 1, 2, 3, N, N, N, 0, 1, 2, 3, 2},
    {"Setresgid_User_Permutation", kSetresgid, 1000, 10, 20, 30, 30, 10, 20, 0, 30, 10, 20, 10},
    {"Setresgid_User_EffectiveFromSaved", kSetresgid, 1000, 10, 20, 30, N, 30, N, 0, 10, 30, 30, 30},
    {"Setresgid_User_UnknownRealIsEperm", kSetresgid, 1000, 10, 20, 30, 40, N, N, EPERM, 10, 20, 30, 20},
    {"Setresgid_User_UnknownEffectiveIsEperm", kSetresgid, 1000, 10, 20, 30, N, 40, N, EPERM, 10, 20, 30, 20},
    {"Setresgid_User_UnknownSavedIsEperm", kSetresgid, 1000, 10, 20, 30, N, N, 40, EPERM, 10, 20, 30, 20},
    {"Setresgid_User_OneBadValueChangesNothing", kSetresgid, 1000, 10, 20, 30, 20, 30, 40, EPERM, 10, 20, 30, 20},
    {"Setresgid_User_GidZeroIsNotPrivileged", kSetresgid, 1000, R0, R0, R0, 5, N, N, EPERM, 0, 0, 0, 0},
    {"Setresgid_User_UserGidIsNotPermittedIfNotHeld", kSetresgid, 1000, 10, 20, 30, N, 1000, N, EPERM, 10, 20, 30, 20},
    {"Setresgid_RootWithNonzeroGidsIsPrivileged", kSetresgid, 0, 10, 20, 30, 0, 0, 0, 0, 0, 0, 0, 0},
    {"Setregid_Root_EffectiveOnlySetsSaved", kSetregid, 0, R0, R0, R0, N, 10, 0, 0, 0, 10, 10, 10},
    {"Setregid_Root_RealOnlySavesEffective", kSetregid, 0, R0, R0, R0, 10, N, 0, 0, 10, 0, 0, 0},
    {"Setregid_User_SwapRealAndEffective", kSetregid, 1000, 10, 20, 30, 20, 10, 0, 0, 20, 10, 10, 10},
    {"Setregid_User_EffectiveFromRealKeepsSaved", kSetregid, 1000, 10, 20, 30, N, 10, 0, 0, 10, 10, 30, 10},
    {"Setregid_User_EffectiveFromSavedSetsSaved", kSetregid, 1000, 10, 20, 30, N, 30, 0, 0, 10, 30, 30, 30},
    {"Setregid_User_RealFromSavedIsEperm", kSetregid, 1000, 10, 20, 30, 30, N, 0, EPERM, 10, 20, 30, 20},
    {"Setregid_User_UnknownEffectiveIsEperm", kSetregid, 1000, 10, 20, 30, N, 40, 0, EPERM, 10, 20, 30, 20},
    {"Setregid_User_GoodRealBadEffectiveChangesNothing", kSetregid, 1000, 10, 20, 30, 20, 40, 0, EPERM, 10, 20, 30, 20},
    {"Setgid_Root_SetsAll", kSetgid, 0, R0, R0, R0, 10, 0, 0, 0, 10, 10, 10, 10},
    {"Setgid_User_RealChangesOnlyEffective", kSetgid, 1000, 10, 20, 30, 10, 0, 0, 0, 10, 10, 30, 10},
    {"Setgid_User_SavedChangesOnlyEffective", kSetgid, 1000, 10, 20, 30, 30, 0, 0, 0, 10, 30, 30, 30},
    {"Setgid_User_CurrentEffectiveNotRealOrSavedIsEperm", kSetgid, 1000, 10, 20, 30, 20, 0, 0, EPERM, 10, 20, 30, 20},
    {"Setgid_User_UnknownIsEperm", kSetgid, 1000, 10, 20, 30, 40, 0, 0, EPERM, 10, 20, 30, 20},
    {"Setgid_MinusOneIsEinval", kSetgid, 0, R0, R0, R0, N, 0, 0, EINVAL, 0, 0, 0, 0},
};

// gtest prints a failing parameter through this: its name, not its bytes.
void PrintTo(const IdCase& c, std::ostream* os) { *os << c.name; }

class IdChange : public testing::TestWithParam<IdCase> {};

TEST_P(IdChange, Case) {
  const IdCase& c = GetParam();
  bool gid = c.call == kSetresgid || c.call == kSetregid || c.call == kSetgid;
  int status = RunInChild([&] {
    if (gid) {
      CHILD_CHECK(setgroups(0, nullptr) == 0);
      CHILD_CHECK(RawSetresgid(c.sr, c.se, c.ss) == 0);
      CHILD_CHECK(RawSetresuid(c.as_uid, c.as_uid, c.as_uid) == 0);
    } else {
      CHILD_CHECK(RawSetresuid(c.sr, c.se, c.ss) == 0);
    }
    errno = 0;
    long ret = -2;
    switch (c.call) {
      case kSetresuid: ret = syscall(SYS_setresuid, c.a, c.b, c.c); break;
      case kSetreuid: ret = syscall(SYS_setreuid, c.a, c.b); break;
      case kSetuid: ret = syscall(SYS_setuid, c.a); break;
      case kSetresgid: ret = syscall(SYS_setresgid, c.a, c.b, c.c); break;
      case kSetregid: ret = syscall(SYS_setregid, c.a, c.b); break;
      case kSetgid: ret = syscall(SYS_setgid, c.a); break;
    }
    int e = errno;
    if (c.err == 0) {
      if (ret != 0) {
        dprintf(2, "call returned %ld errno %d (%s), expected 0\n", ret, e,
                strerror(e));
        return kChildCheckFailed;
      }
    } else if (ret != -1 || e != c.err) {
      dprintf(2, "call returned %ld errno %d (%s), expected -1 errno %d\n",
              ret, e, strerror(e), c.err);
      return kChildCheckFailed;
    }
    if (gid) {
      CHECK_GIDS(c.r, c.e, c.s, c.fs);
      CHECK_UIDS(c.as_uid, c.as_uid, c.as_uid, c.as_uid);
    } else {
      CHECK_UIDS(c.r, c.e, c.s, c.fs);
      CHECK_GIDS(0, 0, 0, 0);
    }
    return 0;
  });
  EXPECT_EXIT0(status);
}

INSTANTIATE_TEST_SUITE_P(
    Cred, IdChange, testing::ValuesIn(kIdCases),
    [](const testing::TestParamInfo<IdCase>& info) {
      return std::string(info.param.name);
    });

// ---------------------------------------------------------------------
// Getters.

TEST(CredGet, TestProcessIsRoot) {
  // The suite runs as root on Linux and in cub; the id tests rely on it.
  EXPECT_EQ(getuid(), 0u);
  EXPECT_EQ(geteuid(), 0u);
  EXPECT_EQ(getgid(), 0u);
  EXPECT_EQ(getegid(), 0u);
}

TEST(CredGet, GettersReportEachId) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(getuid() == 1000);
    CHILD_CHECK(geteuid() == 2000);
    CHILD_CHECK(getgid() == 10);
    CHILD_CHECK(getegid() == 20);
    uid_t r, e, s;
    CHILD_CHECK(getresuid(&r, &e, &s) == 0);
    CHILD_CHECK(r == 1000 && e == 2000 && s == 3000);
    gid_t gr, ge, gs;
    CHILD_CHECK(getresgid(&gr, &ge, &gs) == 0);
    CHILD_CHECK(gr == 10 && ge == 20 && gs == 30);
    return 0;
  }));
}

TEST(CredGet, RawGettersReturnTheId) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(11, 22, 33) == 0);
    CHILD_CHECK(setresuid(1100, 2200, 3300) == 0);
    CHILD_CHECK(syscall(SYS_getuid) == 1100);
    CHILD_CHECK(syscall(SYS_geteuid) == 2200);
    CHILD_CHECK(syscall(SYS_getgid) == 11);
    CHILD_CHECK(syscall(SYS_getegid) == 22);
    return 0;
  }));
}

// An address that is certainly not mapped.
void* UnmappedAddress() {
  void* p = mmap(nullptr, 4096, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  munmap(p, 4096);
  return p;
}

TEST(CredGet, GetresuidNullRealIsEfault) {
  uid_t e, s;
  EXPECT_ERRNO(syscall(SYS_getresuid, nullptr, &e, &s), EFAULT);
}

TEST(CredGet, GetresuidNullEffectiveIsEfault) {
  uid_t r, s;
  EXPECT_ERRNO(syscall(SYS_getresuid, &r, nullptr, &s), EFAULT);
}

TEST(CredGet, GetresuidNullSavedIsEfault) {
  uid_t r, e;
  EXPECT_ERRNO(syscall(SYS_getresuid, &r, &e, nullptr), EFAULT);
}

TEST(CredGet, GetresuidUnmappedIsEfault) {
  uid_t e, s;
  EXPECT_ERRNO(syscall(SYS_getresuid, UnmappedAddress(), &e, &s), EFAULT);
}

TEST(CredGet, GetresgidNullRealIsEfault) {
  gid_t e, s;
  EXPECT_ERRNO(syscall(SYS_getresgid, nullptr, &e, &s), EFAULT);
}

TEST(CredGet, GetresgidNullSavedIsEfault) {
  gid_t r, e;
  EXPECT_ERRNO(syscall(SYS_getresgid, &r, &e, nullptr), EFAULT);
}

TEST(CredGet, GetresgidUnmappedIsEfault) {
  gid_t r, s;
  EXPECT_ERRNO(syscall(SYS_getresgid, &r, UnmappedAddress(), &s), EFAULT);
}

TEST(CredGet, GetresuidReadOnlyMemoryIsEfault) {
  void* p = mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  uid_t r, e;
  EXPECT_ERRNO(syscall(SYS_getresuid, &r, &e, p), EFAULT);
  munmap(p, 4096);
}

// ---------------------------------------------------------------------
// Regressions: setuid() by root must set the saved uid, so root is gone
// for good; seteuid() keeps it in the saved uid, so root comes back.

TEST(CredRegression, RootSetuidCannotRegainRootWithSeteuid) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setuid(1000) == 0);
    CHILD_CHECK_ERRNO(seteuid(0), EPERM);
    CHECK_UIDS(1000, 1000, 1000, 1000);
    return 0;
  }));
}

TEST(CredRegression, RootSetuidCannotRegainRootWithSetuid) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setuid(1000) == 0);
    CHILD_CHECK_ERRNO(syscall(SYS_setuid, 0), EPERM);
    CHECK_UIDS(1000, 1000, 1000, 1000);
    return 0;
  }));
}

TEST(CredRegression, RootSetuidCannotRegainRootWithSetresuid) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setuid(1000) == 0);
    CHILD_CHECK_ERRNO(RawSetresuid(N, 0, N), EPERM);
    CHILD_CHECK_ERRNO(RawSetresuid(0, 0, 0), EPERM);
    CHECK_UIDS(1000, 1000, 1000, 1000);
    return 0;
  }));
}

TEST(CredRegression, RootSetuidCannotRegainRootWithSetreuid) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setuid(1000) == 0);
    CHILD_CHECK_ERRNO(syscall(SYS_setreuid, N, 0), EPERM);
    CHILD_CHECK_ERRNO(syscall(SYS_setreuid, 0, N), EPERM);
    CHECK_UIDS(1000, 1000, 1000, 1000);
    return 0;
  }));
}

TEST(CredRegression, RootSetuidCannotSetgroups) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setuid(1000) == 0);
    gid_t g = 0;
    CHILD_CHECK_ERRNO(setgroups(1, &g), EPERM);
    return 0;
  }));
}

TEST(CredRegression, RootSeteuidCanRegainRoot) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(seteuid(1000) == 0);
    CHECK_UIDS(0, 1000, 0, 1000);
    CHILD_CHECK(seteuid(0) == 0);
    CHECK_UIDS(0, 0, 0, 0);
    return 0;
  }));
}

TEST(CredRegression, RootSetresuidEffectiveOnlyCanRegainRootAndSetAll) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(RawSetresuid(N, 1000, N) == 0);
    CHILD_CHECK(RawSetresuid(N, 0, N) == 0);
    // Privileged again: any value is allowed.
    CHILD_CHECK(RawSetresuid(5000, 6000, 7000) == 0);
    CHECK_UIDS(5000, 6000, 7000, 6000);
    return 0;
  }));
}

TEST(CredRegression, SetuidOfOwnEffectiveAfterSeteuidIsEperm) {
  // With r = s = 0 and e = 1000 the caller is unprivileged, and 1000 is
  // neither its real nor its saved uid: setuid(geteuid()) fails.
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(seteuid(1000) == 0);
    CHILD_CHECK_ERRNO(syscall(SYS_setuid, 1000), EPERM);
    CHECK_UIDS(0, 1000, 0, 1000);
    CHILD_CHECK(seteuid(0) == 0);
    CHECK_UIDS(0, 0, 0, 0);
    return 0;
  }));
}

// ---------------------------------------------------------------------
// setfsuid / setfsgid: return the old value, never fail; an unprivileged
// caller may choose only r, e, s or the current fs id.

TEST(CredFs, SetfsuidReturnsOldValue) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setfsuid(1000) == 0);
    CHILD_CHECK(setfsuid(2000) == 1000);
    CHILD_CHECK(setfsuid(N) == 2000);
    CHECK_UIDS(0, 0, 0, 2000);
    return 0;
  }));
}

TEST(CredFs, SetfsuidMinusOneChangesNothing) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setfsuid(N) == 0);
    CHILD_CHECK(setfsuid(N) == 0);
    CHECK_UIDS(0, 0, 0, 0);
    return 0;
  }));
}

TEST(CredFs, SetfsuidRootMaySetAnything) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setfsuid(123456) == 0);
    CHECK_UIDS(0, 0, 0, 123456);
    return 0;
  }));
}

TEST(CredFs, SetfsuidUserMaySetReal) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(setfsuid(1000) == 2000);
    CHECK_UIDS(1000, 2000, 3000, 1000);
    return 0;
  }));
}

TEST(CredFs, SetfsuidUserMaySetSaved) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(setfsuid(3000) == 2000);
    CHECK_UIDS(1000, 2000, 3000, 3000);
    return 0;
  }));
}

TEST(CredFs, SetfsuidUserMaySetEffectiveBack) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(setfsuid(3000) == 2000);
    CHILD_CHECK(setfsuid(2000) == 3000);
    CHECK_UIDS(1000, 2000, 3000, 2000);
    return 0;
  }));
}

TEST(CredFs, SetfsuidUserUnknownValueIsIgnored) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresuid(1000, 2000, 3000) == 0);
    CHILD_CHECK(setfsuid(4000) == 2000);
    CHILD_CHECK(setfsuid(N) == 2000);
    CHILD_CHECK(setfsuid(0) == 2000);
    CHECK_UIDS(1000, 2000, 3000, 2000);
    return 0;
  }));
}

TEST(CredFs, SetfsuidRootWithFsuidSetIsStillPrivileged) {
  // A non-zero fsuid drops only the file-system capabilities.
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setfsuid(1000) == 0);
    CHILD_CHECK(RawSetresuid(5000, 6000, 7000) == 0);
    CHECK_UIDS(5000, 6000, 7000, 6000);
    return 0;
  }));
}

TEST(CredFs, FsuidFollowsSetresuidEffective) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setfsuid(5000) == 0);
    CHILD_CHECK(RawSetresuid(N, 1000, N) == 0);
    CHECK_UIDS(0, 1000, 0, 1000);
    return 0;
  }));
}

TEST(CredFs, FsuidResetBySetresuidOfSameEffective) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setfsuid(5000) == 0);
    CHILD_CHECK(RawSetresuid(N, 0, N) == 0);
    CHECK_UIDS(0, 0, 0, 0);
    return 0;
  }));
}

TEST(CredFs, FsuidFollowsSetreuid) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setfsuid(5000) == 0);
    CHILD_CHECK(syscall(SYS_setreuid, N, 1000) == 0);
    CHECK_UIDS(0, 1000, 1000, 1000);
    return 0;
  }));
}

TEST(CredFs, FsuidFollowsSetuid) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setfsuid(5000) == 0);
    CHILD_CHECK(setuid(1000) == 0);
    CHECK_UIDS(1000, 1000, 1000, 1000);
    return 0;
  }));
}

TEST(CredFs, SetfsuidDoesNotChangeGids) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setfsuid(1000) == 0);
    CHECK_GIDS(0, 0, 0, 0);
    return 0;
  }));
}

TEST(CredFs, SetfsgidReturnsOldValue) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setfsgid(10) == 0);
    CHILD_CHECK(setfsgid(20) == 10);
    CHILD_CHECK(setfsgid(N) == 20);
    CHECK_GIDS(0, 0, 0, 20);
    CHECK_UIDS(0, 0, 0, 0);
    return 0;
  }));
}

TEST(CredFs, SetfsgidUserMaySetSaved) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setresuid(1000, 1000, 1000) == 0);
    CHILD_CHECK(setfsgid(30) == 20);
    CHECK_GIDS(10, 20, 30, 30);
    return 0;
  }));
}

TEST(CredFs, SetfsgidUserUnknownValueIsIgnored) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setresgid(10, 20, 30) == 0);
    CHILD_CHECK(setresuid(1000, 1000, 1000) == 0);
    CHILD_CHECK(setfsgid(40) == 20);
    CHILD_CHECK(setfsgid(0) == 20);
    CHECK_GIDS(10, 20, 30, 20);
    return 0;
  }));
}

TEST(CredFs, SetfsgidUserSupplementaryGroupIsNotEnough) {
  EXPECT_EXIT0(RunInChild([] {
    BecomeUser(1000, 1000, {50});
    CHILD_CHECK(setfsgid(50) == 1000);
    CHECK_GIDS(1000, 1000, 1000, 1000);
    return 0;
  }));
}

TEST(CredFs, FsgidFollowsSetresgidEffective) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setfsgid(50) == 0);
    CHILD_CHECK(RawSetresgid(N, 10, N) == 0);
    CHECK_GIDS(0, 10, 0, 10);
    return 0;
  }));
}

TEST(CredFs, FsgidFollowsSetgid) {
  EXPECT_EXIT0(RunInChild([] {
    CHILD_CHECK(setfsgid(50) == 0);
    CHILD_CHECK(setgid(10) == 0);
    CHECK_GIDS(10, 10, 10, 10);
    return 0;
  }));
}

}  // namespace
}  // namespace cub
