// Shared helpers for the conformance suites.
//
// Every conformance binary runs twice: natively on Linux (the reference)
// and inside a cub image.  So the helpers below depend on nothing outside
// what a test creates itself: a fresh directory under /tmp, its own
// children, and its own executable (re-entered through /proc/self/exe in
// "helper mode", see CONFORMANCE_HELPER).
#ifndef CUB_CONFORMANCE_H
#define CUB_CONFORMANCE_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cub {

// ---------------------------------------------------------------------
// Checks inside forked children.
//
// A forked child must not use gtest's ASSERT/EXPECT macros: a failure would
// be recorded in the child's copy of gtest and lost.  CHILD_CHECK prints the
// failed condition and errno to stderr and ends the child with status
// kChildCheckFailed, which the parent's EXPECT_EXIT0 then reports.
constexpr int kChildCheckFailed = 100;

#define CHILD_CHECK(cond)                                                  \
  do {                                                                     \
    if (!(cond)) {                                                         \
      int cub_saved_errno_ = errno;                                        \
      dprintf(2, "%s:%d: child check failed: %s (errno %d: %s)\n",         \
              __FILE__, __LINE__, #cond, cub_saved_errno_,                 \
              strerror(cub_saved_errno_));                                 \
      _exit(::cub::kChildCheckFailed);                                     \
    }                                                                      \
  } while (0)

// Checks that a call failed with exactly this errno.
#define CHILD_CHECK_ERRNO(call, err)                                       \
  do {                                                                     \
    errno = 0;                                                             \
    long cub_r_ = (long)(call);                                            \
    int cub_e_ = errno;                                                    \
    if (cub_r_ != -1 || cub_e_ != (err)) {                                 \
      dprintf(2, "%s:%d: child check failed: %s returned %ld errno %d "    \
              "(%s), expected -1 errno %d (%s)\n", __FILE__, __LINE__,     \
              #call, cub_r_, cub_e_, strerror(cub_e_), (int)(err),         \
              strerror(err));                                              \
      _exit(::cub::kChildCheckFailed);                                     \
    }                                                                      \
  } while (0)

// ---------------------------------------------------------------------
// Errno and wait-status assertions for the test process itself.

// EXPECT_ERRNO(call, EINVAL): the call returns -1 and sets errno to EINVAL.
#define EXPECT_ERRNO(call, err)                                            \
  do {                                                                     \
    errno = 0;                                                             \
    long cub_r_ = (long)(call);                                            \
    int cub_e_ = errno;                                                    \
    EXPECT_EQ(cub_r_, -1) << #call;                                        \
    EXPECT_EQ(cub_e_, (err)) << #call << ": got " << strerror(cub_e_)      \
                             << ", want " << strerror(err);                \
  } while (0)

#define ASSERT_ERRNO(call, err)                                            \
  do {                                                                     \
    errno = 0;                                                             \
    long cub_r_ = (long)(call);                                            \
    int cub_e_ = errno;                                                    \
    ASSERT_EQ(cub_r_, -1) << #call;                                        \
    ASSERT_EQ(cub_e_, (err)) << #call << ": got " << strerror(cub_e_)      \
                             << ", want " << strerror(err);                \
  } while (0)

// EXPECT_OK(call): the call does not return -1 (prints errno if it does).
#define EXPECT_OK(call)                                                    \
  do {                                                                     \
    errno = 0;                                                             \
    long cub_r_ = (long)(call);                                            \
    EXPECT_NE(cub_r_, -1) << #call << ": " << strerror(errno);             \
  } while (0)

#define ASSERT_OK(call)                                                    \
  do {                                                                     \
    errno = 0;                                                             \
    long cub_r_ = (long)(call);                                            \
    ASSERT_NE(cub_r_, -1) << #call << ": " << strerror(errno);             \
  } while (0)

// "exited with status 3", "killed by signal 9 (Killed)", ...
std::string DescribeStatus(int status);

testing::AssertionResult ExitedWith(int status, int code);
testing::AssertionResult KilledBy(int status, int sig);

#define EXPECT_EXIT_STATUS(status, code) \
  EXPECT_TRUE(::cub::ExitedWith((status), (code)))
#define EXPECT_EXIT0(status) EXPECT_TRUE(::cub::ExitedWith((status), 0))
#define EXPECT_KILLED_BY(status, sig) \
  EXPECT_TRUE(::cub::KilledBy((status), (sig)))

// ---------------------------------------------------------------------
// Children.

// Forks; the child runs fn and _exit()s with its return value.  The
// parent waits (blocking waitpid) and returns the raw wait status, or -1
// if fork or waitpid failed (the failure is recorded with ADD_FAILURE).
int RunInChild(const std::function<int()>& fn);

// Forks; the child runs fn and _exit()s with its return value.  Returns
// the child's pid (or -1).  The caller waits for it.
pid_t StartChild(const std::function<int()>& fn);

// waitpid(pid, &status, 0), retrying on EINTR.  Returns the status, or -1.
int WaitStatus(pid_t pid);

// Reads everything from fd until end of file.
std::string ReadAll(int fd);

// Writes all of s to fd; returns false on error.
bool WriteAll(int fd, const void* buf, size_t len);
inline bool WriteAll(int fd, const std::string& s) {
  return WriteAll(fd, s.data(), s.size());
}

// Monotonic time in nanoseconds.
long long MonotonicNs();

// Burns CPU in user mode for about ms milliseconds of wall time.
void SpinFor(int ms);

// Burns CPU until the calling thread has used ms milliseconds of CPU time
// (or 20 s of wall time have passed): for tests about CPU accounting,
// which must not depend on how busy the machine is.
void SpinCpu(int ms);

// ---------------------------------------------------------------------
// Helper mode: the binary re-executes itself.
//
// CONFORMANCE_HELPER(name) { ... return status; } defines a function that
// runs instead of the tests when the binary is started as
//     <binary> --cub-helper=name [args...]
// with argc/argv being the whole command line (argv[1] is the helper flag).
// The name ends at the first blank, so "--cub-helper=name x y" (one
// argument, as a #! line passes it) still selects "name".
using HelperFn = int (*)(int argc, char** argv);

struct HelperRegistrar {
  HelperRegistrar(const char* name, HelperFn fn);
};

#define CONFORMANCE_HELPER(name)                                           \
  static int cub_helper_##name(int argc, char** argv);                     \
  static ::cub::HelperRegistrar cub_helper_registrar_##name(               \
      #name, cub_helper_##name);                                           \
  static int cub_helper_##name(int argc, char** argv)

// Called by main() before InitGoogleTest.  If argv selects a helper, runs
// it and sets *status to its return value; returns true.  Otherwise
// returns false.  Unknown helper names exit with status 127.
bool MaybeRunHelper(int argc, char** argv, int* status);

// The path the binary re-executes itself through.
constexpr const char kSelfExe[] = "/proc/self/exe";

// argv for execve() of kSelfExe in helper mode: {kSelfExe,
// "--cub-helper=NAME", args...}.  Strings are owned by the vector.
std::vector<std::string> HelperArgv(const std::string& name,
                                    const std::vector<std::string>& args);

// execve()s the binary in helper mode; returns only on failure (-1).
// env == nullptr passes the current environment.
int ExecHelper(const std::string& name, const std::vector<std::string>& args,
               const std::vector<std::string>* env = nullptr);

// Forks, execs the helper with its stdout on a pipe, collects the output
// and returns the wait status.  *out receives stdout if non-null.
int RunHelper(const std::string& name, const std::vector<std::string>& args,
              std::string* out = nullptr,
              const std::vector<std::string>* env = nullptr);

// A NULL-terminated char* array over a vector of strings.
class CArgv {
 public:
  explicit CArgv(const std::vector<std::string>& v);
  char** get() { return ptrs_.data(); }

 private:
  std::vector<std::string> strs_;
  std::vector<char*> ptrs_;
};

// ---------------------------------------------------------------------
// A fresh directory under /tmp, removed (recursively) afterwards.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Path(const std::string& name) const { return path_ + "/" + name; }

  // Creates (or replaces) a regular file with these contents and mode.
  std::string WriteFile(const std::string& name, const std::string& contents,
                        mode_t mode = 0644) const;

 private:
  std::string path_;
};

// Fixture giving each test a TempDir.
class TempDirTest : public testing::Test {
 protected:
  std::string Path(const std::string& name) const { return dir_.Path(name); }
  const std::string& dir() const { return dir_.path(); }
  std::string WriteFile(const std::string& name, const std::string& contents,
                        mode_t mode = 0644) const {
    return dir_.WriteFile(name, contents, mode);
  }

  TempDir dir_;
};

// Removes a file tree (best effort; used by TempDir).
void RemoveTree(const std::string& path);

// ---------------------------------------------------------------------
// Signal state that a test changes, restored when the test ends.
class SignalGuard {
 public:
  // Saves the disposition of each listed signal and the signal mask.
  explicit SignalGuard(std::initializer_list<int> sigs);
  ~SignalGuard();

 private:
  std::vector<std::pair<int, struct sigaction>> saved_;
  sigset_t mask_;
};

// Installs a handler with sigaction; flags as given, sa_mask empty unless
// mask is non-null.  Returns sigaction's result.
int InstallHandler(int sig, void (*handler)(int), int flags = 0,
                   const sigset_t* mask = nullptr);
int InstallSigaction(int sig, void (*action)(int, siginfo_t*, void*),
                     int flags = 0, const sigset_t* mask = nullptr);

// Blocks (how == SIG_BLOCK) or unblocks one signal.
void BlockSignal(int sig);
void UnblockSignal(int sig);

}  // namespace cub

#endif  // CUB_CONFORMANCE_H
