// What the message queue suites (mqueue_test.cc, msg_test.cc) share:
// becoming another user in a forked child, and telling cub from Linux
// where a test may change state only inside the disposable cub VM.
#ifndef CUB_CONFORMANCE_IPC_MQ_COMMON_H
#define CUB_CONFORMANCE_IPC_MQ_COMMON_H

#include <grp.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace cub {

// Drops to uid/gid with the given supplementary groups, in the order
// init uses (groups, then gids, then uids), so a forked child can check
// what a user who is neither owner nor group member may do.  Only ever
// call this in a forked child.
inline bool BecomeUser(uid_t uid, gid_t gid, const std::vector<gid_t>& groups = {}) {
  if (setgroups(groups.size(), groups.empty() ? nullptr : groups.data()) != 0) return false;
  if (setresgid(gid, gid, gid) != 0) return false;
  return setresuid(uid, uid, uid) == 0;
}

// True inside cub, whose uname release ends in "-cub": only there may a
// test write machine-wide settings such as /proc/sys/fs/mqueue/*.
inline bool RunningInCub() {
  struct utsname u;
  if (uname(&u) != 0) return false;
  std::string r = u.release;
  return r.size() >= 4 && r.compare(r.size() - 4, 4, "-cub") == 0;
}

}  // namespace cub

#endif
