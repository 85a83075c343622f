// Helpers for the cred suite.  Every test that changes an id does it in a
// forked child (RunInChild), never in the test process, and checks with
// CHILD_CHECK / CheckUids / CheckGids there.
#ifndef CUB_CONFORMANCE_CRED_H
#define CUB_CONFORMANCE_CRED_H

#include <grp.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>

#include <vector>

#include "conformance.h"

namespace cub {

// (uid_t)-1: "leave unchanged" for setres*id / setre*id.
constexpr uid_t N = (uid_t)-1;

struct Ids {
  unsigned r, e, s, fs;
};

// The four uids (gids); the fs id comes from setfsuid(-1), which changes
// nothing and returns the current value.
inline Ids Uids() {
  uid_t r = 7777, e = 7777, s = 7777;
  getresuid(&r, &e, &s);
  return Ids{r, e, s, (unsigned)setfsuid(N)};
}
inline Ids Gids() {
  gid_t r = 7777, e = 7777, s = 7777;
  getresgid(&r, &e, &s);
  return Ids{r, e, s, (unsigned)setfsgid(N)};
}

// In a child: ends it with kChildCheckFailed unless the ids are exactly
// these.
inline void CheckIds(const char* what, const Ids& got, unsigned r, unsigned e,
                     unsigned s, unsigned fs, int line) {
  if (got.r != r || got.e != e || got.s != s || got.fs != fs) {
    dprintf(2, "line %d: %s are r=%u e=%u s=%u fs=%u, expected %u %u %u %u\n",
            line, what, got.r, got.e, got.s, got.fs, r, e, s, fs);
    _exit(kChildCheckFailed);
  }
}
#define CHECK_UIDS(r, e, s, fs) \
  ::cub::CheckIds("uids", ::cub::Uids(), (r), (e), (s), (fs), __LINE__)
#define CHECK_GIDS(r, e, s, fs) \
  ::cub::CheckIds("gids", ::cub::Gids(), (r), (e), (s), (fs), __LINE__)

// Raw syscalls: what the kernel does, not what a libc wrapper adds.
inline long RawSetresuid(uid_t r, uid_t e, uid_t s) {
  return syscall(SYS_setresuid, r, e, s);
}
inline long RawSetresgid(gid_t r, gid_t e, gid_t s) {
  return syscall(SYS_setresgid, r, e, s);
}

// The supplementary groups, as getgroups returns them.
inline std::vector<gid_t> Groups() {
  int n = getgroups(0, nullptr);
  if (n < 0) return {};
  std::vector<gid_t> v(n);
  if (n > 0 && getgroups(n, v.data()) != n) return {};
  return v;
}

// Drops a (root) child to r=e=s=fs=uid after setting gid and the groups.
inline void BecomeUser(uid_t uid, gid_t gid,
                       const std::vector<gid_t>& groups = {}) {
  CHILD_CHECK(setgroups(groups.size(), groups.data()) == 0);
  CHILD_CHECK(setresgid(gid, gid, gid) == 0);
  CHILD_CHECK(setresuid(uid, uid, uid) == 0);
}

}  // namespace cub

#endif  // CUB_CONFORMANCE_CRED_H
