// Process groups and sessions (setpgid, getpgid, setsid, getsid), orphan
// reparenting, and the auxiliary vector the kernel hands to a new image.
#include <elf.h>
#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "conformance.h"

extern "C" char _start[];

namespace cub {
namespace {

// A pid that certainly names no process: a child that has been reaped.
// (Pids are handed out in increasing order, so it is not reused within a
// test's lifetime unless the pid space wraps.)
pid_t DeadPid() {
  pid_t pid = StartChild([] { return 0; });
  WaitStatus(pid);
  return pid;
}

// Blocks in read() until fd is closed, then returns code.
int BlockOn(int fd, int code = 0) {
  char c;
  while (read(fd, &c, 1) > 0) {
  }
  return code;
}

TEST(Pgrp, ChildStartsInTheParentsProcessGroup) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  pid_t pid = StartChild([&] {
    close(p[1]);
    return BlockOn(p[0]);
  });
  close(p[0]);
  EXPECT_EQ(getpgid(pid), getpgrp());
  EXPECT_EQ(getsid(pid), getsid(0));
  close(p[1]);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST(Pgrp, SetpgidZeroZeroMakesTheCallerAGroupLeader) {
  int status = RunInChild([] {
    CHILD_CHECK(setpgid(0, 0) == 0);
    CHILD_CHECK(getpgrp() == getpid());
    CHILD_CHECK(getpgid(0) == getpid());
    // Doing it again changes nothing and succeeds.
    CHILD_CHECK(setpgid(0, 0) == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Pgrp, ParentCanMoveAChildIntoANewGroup) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  pid_t pid = StartChild([&] {
    close(p[1]);
    return BlockOn(p[0]);
  });
  close(p[0]);
  EXPECT_EQ(setpgid(pid, pid), 0);
  EXPECT_EQ(getpgid(pid), pid);
  // ... and back into the parent's group, which is in the same session.
  EXPECT_EQ(setpgid(pid, getpgrp()), 0);
  EXPECT_EQ(getpgid(pid), getpgrp());
  close(p[1]);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST(Pgrp, NegativePgidIsEinval) {
  EXPECT_ERRNO(setpgid(0, -1), EINVAL);
}

TEST(Pgrp, NonexistentProcessIsEsrch) {
  pid_t dead = DeadPid();
  EXPECT_ERRNO(setpgid(dead, dead), ESRCH);
  EXPECT_ERRNO(getpgid(dead), ESRCH);
  EXPECT_ERRNO(getsid(dead), ESRCH);
}

TEST(Pgrp, ProcessThatIsNeitherSelfNorChildIsEsrch) {
  int status = RunInChild([] {
    // Our parent exists but is not our child.
    CHILD_CHECK_ERRNO(setpgid(getppid(), getppid()), ESRCH);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Pgrp, ChildThatHasExecvedIsEacces) {
  int ready[2], hold[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(hold), 0);
  pid_t pid = StartChild([&] {
    close(ready[0]);
    close(hold[1]);
    dup2(ready[1], 1);
    dup2(hold[0], 0);
    ExecHelper("signal_ready_then_block", {});
    return 126;
  });
  close(ready[1]);
  close(hold[0]);
  char c;
  ASSERT_EQ(read(ready[0], &c, 1), 1);  // the helper runs: exec is done
  // setpgid(2): EACCES, pid is a child that has already performed execve.
  EXPECT_ERRNO(setpgid(pid, pid), EACCES);
  close(hold[1]);
  close(ready[0]);
  EXPECT_EXIT0(WaitStatus(pid));
}

CONFORMANCE_HELPER(signal_ready_then_block) {
  (void)argc;
  (void)argv;
  write(1, "r", 1);
  return BlockOn(0);
}

TEST(Pgrp, MovingIntoAGroupOfAnotherSessionIsEperm) {
  int ready[2], hold[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(hold), 0);
  pid_t pid = StartChild([&] {
    close(ready[0]);
    close(hold[1]);
    if (setsid() != getpid()) return 1;
    write(ready[1], "r", 1);
    return BlockOn(hold[0]);
  });
  close(ready[1]);
  close(hold[0]);
  char c;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  // The child is now in another session (and leads it).
  EXPECT_ERRNO(setpgid(pid, pid), EPERM);
  EXPECT_ERRNO(setpgid(pid, getpgrp()), EPERM);
  close(hold[1]);
  close(ready[0]);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST(Pgrp, JoiningAGroupThatDoesNotExistIsEperm) {
  pid_t dead = DeadPid();
  int status = RunInChild([dead] {
    CHILD_CHECK_ERRNO(setpgid(0, dead), EPERM);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Session, SetsidCreatesANewSessionAndGroupLedByTheCaller) {
  int status = RunInChild([] {
    pid_t old_sid = getsid(0);
    CHILD_CHECK(setsid() == getpid());
    CHILD_CHECK(getsid(0) == getpid());
    CHILD_CHECK(getpgrp() == getpid());
    CHILD_CHECK(getsid(0) != old_sid);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Session, SetsidInAGroupLeaderIsEperm) {
  int status = RunInChild([] {
    CHILD_CHECK(setpgid(0, 0) == 0);
    CHILD_CHECK_ERRNO(setsid(), EPERM);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Session, SessionLeaderCannotChangeItsGroup) {
  int status = RunInChild([] {
    CHILD_CHECK(setsid() == getpid());
    CHILD_CHECK_ERRNO(setpgid(0, 0), EPERM);
    CHILD_CHECK_ERRNO(setsid(), EPERM);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Session, ChildOfASessionLeaderInheritsTheSession) {
  int status = RunInChild([] {
    CHILD_CHECK(setsid() == getpid());
    pid_t leader = getpid();
    int st = RunInChild([leader] {
      CHILD_CHECK(getsid(0) == leader);
      CHILD_CHECK(getpgrp() == leader);
      // Not a group leader, so it may start its own session.
      CHILD_CHECK(setsid() == getpid());
      return 0;
    });
    CHILD_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Session, GetsidAndGetpgidOfAnotherProcess) {
  int ready[2], hold[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(hold), 0);
  pid_t pid = StartChild([&] {
    close(ready[0]);
    close(hold[1]);
    setsid();
    write(ready[1], "r", 1);
    return BlockOn(hold[0]);
  });
  close(ready[1]);
  close(hold[0]);
  char c;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  EXPECT_EQ(getsid(pid), pid);
  EXPECT_EQ(getpgid(pid), pid);
  close(hold[1]);
  close(ready[0]);
  EXPECT_EXIT0(WaitStatus(pid));
}

// ---------------------------------------------------------------------
// Orphans

// The middle process forks a grandchild and exits; the grandchild reports
// its parent pid before and after, through the pipe.
struct OrphanReport {
  pid_t before, after, middle;
};

int RunOrphanScenario(int report_fd) {
  pid_t middle = getpid();
  int go[2], recorded[2];
  if (pipe(go) != 0 || pipe(recorded) != 0) return 1;
  pid_t g = fork();
  if (g == 0) {
    close(go[1]);
    close(recorded[0]);
    OrphanReport r{getppid(), 0, middle};
    close(recorded[1]);  // tells the middle process to exit
    char c;
    read(go[0], &c, 1);  // returns 0 once the middle process is gone
    long long deadline = MonotonicNs() + 10'000'000'000LL;
    while ((r.after = getppid()) == middle && MonotonicNs() < deadline)
      usleep(1000);
    write(report_fd, &r, sizeof r);
    _exit(0);
  }
  if (g < 0) return 1;
  close(recorded[1]);
  char c;
  read(recorded[0], &c, 1);  // wait until the grandchild saw us as parent
  return 0;                  // exiting closes go[1]
}

TEST(Orphan, GrandchildIsReparentedAwayFromItsDeadParent) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  pid_t middle = StartChild([&] { return RunOrphanScenario(p[1]); });
  EXPECT_EXIT0(WaitStatus(middle));
  close(p[1]);
  OrphanReport r{};
  ASSERT_EQ(read(p[0], &r, sizeof r), (ssize_t)sizeof r);
  close(p[0]);
  EXPECT_EQ(r.middle, middle);
  EXPECT_EQ(r.before, middle);
  // The new parent is init or a subreaper; which one depends on the host.
  EXPECT_NE(r.after, middle);
  EXPECT_GT(r.after, 0);
}

TEST(Orphan, ChildSubreaperAdoptsAndReapsOrphanedDescendants) {
  // prctl(2) PR_SET_CHILD_SUBREAPER: orphans below us are reparented to us.
  int status = RunInChild([] {
    CHILD_CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0);
    int flag = 0;
    CHILD_CHECK(prctl(PR_GET_CHILD_SUBREAPER, &flag, 0, 0, 0) == 0);
    CHILD_CHECK(flag == 1);
    int p[2];
    CHILD_CHECK(pipe(p) == 0);
    pid_t middle = fork();
    if (middle == 0) _exit(RunOrphanScenario(p[1]));
    CHILD_CHECK(middle > 0);
    int st;
    CHILD_CHECK(waitpid(middle, &st, 0) == middle);
    CHILD_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(p[1]);
    OrphanReport r{};
    CHILD_CHECK(read(p[0], &r, sizeof r) == (ssize_t)sizeof r);
    CHILD_CHECK(r.before == middle);
    CHILD_CHECK(r.after == getpid());
    // The grandchild is now our child: we reap it.
    pid_t g = waitpid(-1, &st, 0);
    CHILD_CHECK(g > 0 && g != middle);
    CHILD_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHILD_CHECK_ERRNO(waitpid(-1, &st, WNOHANG), ECHILD);
    return 0;
  });
  EXPECT_EXIT0(status);
}

// ---------------------------------------------------------------------
// The auxiliary vector

TEST(Auxv, PageSizeIs4096) {
  EXPECT_EQ(getauxval(AT_PAGESZ), 4096u);
  EXPECT_EQ(sysconf(_SC_PAGESIZE), 4096);
}

TEST(Auxv, IdsMatchTheCredentials) {
  EXPECT_EQ(getauxval(AT_UID), (unsigned long)getuid());
  EXPECT_EQ(getauxval(AT_EUID), (unsigned long)geteuid());
  EXPECT_EQ(getauxval(AT_GID), (unsigned long)getgid());
  EXPECT_EQ(getauxval(AT_EGID), (unsigned long)getegid());
  EXPECT_EQ(getauxval(AT_SECURE), 0u);
}

TEST(Auxv, EntryIsTheStartSymbolOfThisStaticBinary) {
  EXPECT_EQ(getauxval(AT_ENTRY), reinterpret_cast<unsigned long>(_start));
}

TEST(Auxv, ProgramHeadersAreDescribed) {
  EXPECT_NE(getauxval(AT_PHDR), 0u);
  EXPECT_EQ(getauxval(AT_PHENT), sizeof(Elf64_Phdr));
  ASSERT_GT(getauxval(AT_PHNUM), 0u);
  // The PT_LOAD containing the entry point is among them.
  auto* ph = reinterpret_cast<const Elf64_Phdr*>(getauxval(AT_PHDR));
  bool found = false;
  for (unsigned long i = 0; i < getauxval(AT_PHNUM); i++)
    if (ph[i].p_type == PT_LOAD && ph[i].p_vaddr <= getauxval(AT_ENTRY) &&
        getauxval(AT_ENTRY) < ph[i].p_vaddr + ph[i].p_memsz && (ph[i].p_flags & PF_X))
      found = true;
  EXPECT_TRUE(found);
}

TEST(Auxv, RandomPointsAtSixteenReadableBytes) {
  auto* r = reinterpret_cast<const unsigned char*>(getauxval(AT_RANDOM));
  ASSERT_NE(r, nullptr);
  int nonzero = 0;
  for (int i = 0; i < 16; i++) nonzero += r[i] != 0;
  EXPECT_GT(nonzero, 0);
}

CONFORMANCE_HELPER(print_execfn) {
  (void)argc;
  (void)argv;
  const char* fn = reinterpret_cast<const char*>(getauxval(AT_EXECFN));
  fputs(fn ? fn : "(null)", stdout);
  return 0;
}

TEST(Auxv, ExecfnIsThePathGivenToExecve) {
  std::string out;
  EXPECT_EXIT0(RunHelper("print_execfn", {}, &out));
  EXPECT_EQ(out, kSelfExe);
}

}  // namespace
}  // namespace cub
