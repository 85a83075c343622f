// execve: argv and envp passing, what survives an exec (pid, parent,
// non-close-on-exec fds), its errors, and #! scripts.  The binary
// re-executes itself through /proc/self/exe in helper mode.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "conformance.h"

extern char** environ;

namespace cub {
namespace {

// Helpers print NUL-terminated strings so that empty strings and blanks
// survive the trip.
void PrintStrings(char** v) {
  for (; *v; v++) {
    fputs(*v, stdout);
    fputc('\0', stdout);
  }
}

std::vector<std::string> SplitNul(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '\0') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

CONFORMANCE_HELPER(print_argv) {
  (void)argc;
  PrintStrings(argv);
  return 0;
}

CONFORMANCE_HELPER(print_env) {
  (void)argc;
  (void)argv;
  PrintStrings(environ);
  return 0;
}

CONFORMANCE_HELPER(exit_with) {
  return argc > 2 ? atoi(argv[2]) : 99;
}

CONFORMANCE_HELPER(print_ids) {
  (void)argc;
  (void)argv;
  printf("%d %d", getpid(), getppid());
  return 0;
}

// Prints, for each fd number given, "open" or the errno of F_GETFD.
CONFORMANCE_HELPER(check_fds) {
  for (int i = 2; i < argc; i++) {
    int fd = atoi(argv[i]);
    if (fcntl(fd, F_GETFD) >= 0)
      printf("open ");
    else
      printf("errno%d ", errno);
  }
  return 0;
}

TEST(Execve, PassesArgvExactly) {
  std::string out;
  int status = RunHelper("print_argv", {"one", "", "three with  spaces"}, &out);
  EXPECT_EXIT0(status);
  std::vector<std::string> want{kSelfExe, "--cub-helper=print_argv", "one", "",
                                "three with  spaces"};
  EXPECT_EQ(SplitNul(out), want);
}

TEST(Execve, PassesEnvpExactly) {
  std::vector<std::string> env{"A=1", "EMPTY=", "B=two words", "NOEQUALS"};
  std::string out;
  int status = RunHelper("print_env", {}, &out, &env);
  EXPECT_EXIT0(status);
  EXPECT_EQ(SplitNul(out), env);
}

TEST(Execve, EmptyEnvironmentReachesTheNewImage) {
  std::vector<std::string> env;
  std::string out = "not run";
  int status = RunHelper("print_env", {}, &out, &env);
  EXPECT_EXIT0(status);
  EXPECT_EQ(out, "");
}

TEST(Execve, ArgvZeroNeedNotBeThePath) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  pid_t pid = StartChild([&] {
    dup2(p[1], 1);
    char a0[] = "custom-name";
    char a1[] = "--cub-helper=print_argv";
    char* argv[] = {a0, a1, nullptr};
    execve(kSelfExe, argv, environ);
    return 126;
  });
  close(p[1]);
  std::string out = ReadAll(p[0]);
  close(p[0]);
  EXPECT_EXIT0(WaitStatus(pid));
  std::vector<std::string> want{"custom-name", "--cub-helper=print_argv"};
  EXPECT_EQ(SplitNul(out), want);
}

TEST(Execve, ExitStatusComesFromTheNewImage) {
  EXPECT_EXIT_STATUS(RunHelper("exit_with", {"77"}), 77);
}

TEST(Execve, KeepsPidAndParent) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  pid_t pid = StartChild([&] {
    dup2(p[1], 1);
    ExecHelper("print_ids", {});
    return 126;
  });
  ASSERT_GT(pid, 0);
  close(p[1]);
  std::string out = ReadAll(p[0]);
  close(p[0]);
  EXPECT_EXIT0(WaitStatus(pid));
  char want[64];
  snprintf(want, sizeof want, "%d %d", pid, getpid());
  EXPECT_EQ(out, want);
}

TEST(Execve, ClosesCloseOnExecDescriptorsOnly) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  pid_t pid = StartChild([&] {
    dup2(p[1], 1);
    int fd = open("/", O_RDONLY | O_DIRECTORY);
    CHILD_CHECK(fd >= 0);
    CHILD_CHECK(fcntl(fd, F_DUPFD_CLOEXEC, 50) == 50);
    CHILD_CHECK(dup2(fd, 51) == 51);
    int fd52 = fcntl(fd, F_DUPFD, 52);
    CHILD_CHECK(fd52 == 52);
    CHILD_CHECK(fcntl(52, F_SETFD, FD_CLOEXEC) == 0);
    ExecHelper("check_fds", {"50", "51", "52", "53"});
    return 126;
  });
  close(p[1]);
  std::string out = ReadAll(p[0]);
  close(p[0]);
  EXPECT_EXIT0(WaitStatus(pid));
  char want[64];
  snprintf(want, sizeof want, "errno%d open errno%d errno%d ", EBADF, EBADF,
           EBADF);
  EXPECT_EQ(out, want);
}

// The error cases run in a child: a failed execve returns, but a wrongly
// successful one must not replace the test process.
int ExecveErrno(const std::string& path, char** argv = nullptr) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) return -1;
  pid_t pid = StartChild([&] {
    char a0[] = "x";
    char* dflt[] = {a0, nullptr};
    execve(path.c_str(), argv ? argv : dflt, environ);
    int e = errno;
    write(p[1], &e, sizeof e);
    return 0;
  });
  close(p[1]);
  int e = -1;
  if (read(p[0], &e, sizeof e) != sizeof e) e = -2;
  close(p[0]);
  WaitStatus(pid);
  return e;
}

class ExecveErrors : public TempDirTest {};

TEST_F(ExecveErrors, MissingFileIsEnoent) {
  EXPECT_EQ(ExecveErrno(Path("missing")), ENOENT);
}

TEST_F(ExecveErrors, EmptyPathIsEnoent) { EXPECT_EQ(ExecveErrno(""), ENOENT); }

TEST_F(ExecveErrors, FileWithoutAnyExecuteBitIsEacces) {
  // Even root needs at least one execute bit (execve(2), EACCES).
  std::string f = WriteFile("noexec", "#!/bin/sh\nexit 0\n", 0644);
  EXPECT_EQ(ExecveErrno(f), EACCES);
}

TEST_F(ExecveErrors, DirectoryIsEacces) {
  EXPECT_EQ(ExecveErrno(dir()), EACCES);
}

TEST_F(ExecveErrors, GarbageIsEnoexec) {
  std::string f = WriteFile("garbage", std::string("not an executable\x01\x02\x03", 20) +
                                           std::string(200, 'z'),
                            0755);
  EXPECT_EQ(ExecveErrno(f), ENOEXEC);
}

TEST_F(ExecveErrors, EmptyFileIsEnoexec) {
  std::string f = WriteFile("empty", "", 0755);
  EXPECT_EQ(ExecveErrno(f), ENOEXEC);
}

TEST_F(ExecveErrors, FileAsPathComponentIsEnotdir) {
  WriteFile("plain", "x", 0755);
  EXPECT_EQ(ExecveErrno(Path("plain/sub")), ENOTDIR);
}

TEST_F(ExecveErrors, MissingShebangInterpreterIsEnoent) {
  std::string f = WriteFile("script", "#!" + Path("no-such-interp") + "\n", 0755);
  EXPECT_EQ(ExecveErrno(f), ENOENT);
}

TEST_F(ExecveErrors, BadArgvPointerIsEfault) {
  EXPECT_EQ(ExecveErrno(kSelfExe, reinterpret_cast<char**>(1)), EFAULT);
}

// #! scripts.  The interpreter is a symlink to this binary inside the temp
// directory, which keeps the #! line short.
class Shebang : public TempDirTest {
 protected:
  void SetUp() override {
    char self[4096];
    ssize_t n = readlink(kSelfExe, self, sizeof self - 1);
    ASSERT_GT(n, 0) << strerror(errno);
    self[n] = '\0';
    interp_ = Path("self");
    ASSERT_EQ(symlink(self, interp_.c_str()), 0);
  }

  // Runs path with extra arguments, returns the helper's argv.
  std::vector<std::string> Run(const std::string& path,
                               std::vector<std::string> args, int* status,
                               const char* cwd = nullptr) {
    int p[2];
    if (pipe(p) != 0) return {};
    std::vector<std::string> full{path};
    full.insert(full.end(), args.begin(), args.end());
    CArgv argv(full);
    pid_t pid = StartChild([&] {
      dup2(p[1], 1);
      if (cwd && chdir(cwd) != 0) return 125;
      execve(path.c_str(), argv.get(), environ);
      return 126;
    });
    close(p[1]);
    std::string out = ReadAll(p[0]);
    close(p[0]);
    *status = WaitStatus(pid);
    return SplitNul(out);
  }

  std::string interp_;
};

TEST_F(Shebang, RestOfLineIsOneArgument) {
  // execve(2): the interpreter gets everything after its name, with the
  // surrounding blanks removed, as a single argument; then the script's
  // path as given to execve; then the script's arguments without argv[0].
  std::string script = WriteFile(
      "script", "#!" + interp_ + "  --cub-helper=print_argv  a  b \n", 0755);
  int status;
  auto argv = Run(script, {"x", "y z"}, &status);
  EXPECT_EXIT0(status);
  std::vector<std::string> want{interp_, "--cub-helper=print_argv  a  b", script,
                                "x", "y z"};
  EXPECT_EQ(argv, want);
}

TEST_F(Shebang, WithoutArgumentTheScriptPathIsArgvOne) {
  // The script is named like the helper flag and run by a relative path
  // (execve does not search PATH, so a bare name is relative to the cwd),
  // so the interpreter, this binary, sees argv[1] == "--cub-helper=...".
  WriteFile("--cub-helper=print_argv", "#!" + interp_ + "\n", 0755);
  int status;
  auto argv = Run("--cub-helper=print_argv", {"arg"}, &status, dir().c_str());
  EXPECT_EXIT0(status);
  std::vector<std::string> want{interp_, "--cub-helper=print_argv", "arg"};
  EXPECT_EQ(argv, want);
}

// ---------------------------------------------------------------------
// vfork and posix_spawn

TEST(Vfork, ChildExitStatusReachesParent) {
  pid_t pid = vfork();
  if (pid == 0) _exit(7);
  ASSERT_GT(pid, 0);
  EXPECT_EXIT_STATUS(WaitStatus(pid), 7);
}

TEST(Vfork, ChildSharesMemoryUntilItExits) {
  // vfork(2): the child borrows the parent's memory and the parent is
  // suspended until the child exits or execs; Linux really shares pages.
  static volatile int shared = 0;
  pid_t pid = vfork();
  if (pid == 0) {
    shared = 42;
    _exit(0);
  }
  ASSERT_GT(pid, 0);
  // Already visible before wait: the parent only resumed after _exit.
  EXPECT_EQ(shared, 42);
  EXPECT_EXIT0(WaitStatus(pid));
}

TEST(Vfork, ChildCanExecve) {
  CArgv argv(HelperArgv("exit_with", {"33"}));
  pid_t pid = vfork();
  if (pid == 0) {
    execve(kSelfExe, argv.get(), environ);
    _exit(126);
  }
  ASSERT_GT(pid, 0);
  EXPECT_EXIT_STATUS(WaitStatus(pid), 33);
}

TEST(PosixSpawn, RunsTheHelperAndReportsItsStatus) {
  CArgv argv(HelperArgv("exit_with", {"44"}));
  pid_t pid;
  ASSERT_EQ(posix_spawn(&pid, kSelfExe, nullptr, nullptr, argv.get(), environ), 0);
  EXPECT_EXIT_STATUS(WaitStatus(pid), 44);
}

TEST(PosixSpawn, MissingFileIsReportedAsEnoent) {
  char a0[] = "x";
  char* argv[] = {a0, nullptr};
  pid_t pid;
  EXPECT_EQ(posix_spawn(&pid, "/nonexistent/cub-conformance", nullptr, nullptr,
                        argv, environ),
            ENOENT);
}

}  // namespace
}  // namespace cub
