// Shared helpers for the conformance suites; see conformance.h.
#include "conformance.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include <map>

extern char** environ;

namespace cub {

std::string DescribeStatus(int status) {
  char buf[128];
  if (status == -1) {
    snprintf(buf, sizeof buf, "no status (fork or wait failed)");
  } else if (WIFEXITED(status)) {
    snprintf(buf, sizeof buf, "exited with status %d", WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    snprintf(buf, sizeof buf, "killed by signal %d (%s)%s", WTERMSIG(status),
             strsignal(WTERMSIG(status)),
             WCOREDUMP(status) ? ", core dumped" : "");
  } else if (WIFSTOPPED(status)) {
    snprintf(buf, sizeof buf, "stopped by signal %d (%s)", WSTOPSIG(status),
             strsignal(WSTOPSIG(status)));
  } else if (WIFCONTINUED(status)) {
    snprintf(buf, sizeof buf, "continued");
  } else {
    snprintf(buf, sizeof buf, "unknown status 0x%x", status);
  }
  return buf;
}

testing::AssertionResult ExitedWith(int status, int code) {
  if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code)
    return testing::AssertionSuccess();
  return testing::AssertionFailure() << "child " << DescribeStatus(status)
                                     << ", expected exit status " << code;
}

testing::AssertionResult KilledBy(int status, int sig) {
  if (status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == sig)
    return testing::AssertionSuccess();
  return testing::AssertionFailure() << "child " << DescribeStatus(status)
                                     << ", expected to be killed by signal "
                                     << sig << " (" << strsignal(sig) << ")";
}

int WaitStatus(pid_t pid) {
  int status;
  pid_t r;
  do {
    r = waitpid(pid, &status, 0);
  } while (r == -1 && errno == EINTR);
  if (r != pid) return -1;
  return status;
}

pid_t StartChild(const std::function<int()>& fn) {
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    int rc = fn();
    _exit(rc);
  }
  return pid;
}

int RunInChild(const std::function<int()>& fn) {
  pid_t pid = StartChild(fn);
  if (pid < 0) {
    ADD_FAILURE() << "fork: " << strerror(errno);
    return -1;
  }
  int status = WaitStatus(pid);
  if (status == -1) ADD_FAILURE() << "waitpid: " << strerror(errno);
  return status;
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, n);
  }
  return out;
}

bool WriteAll(int fd, const void* buf, size_t len) {
  const char* p = static_cast<const char*>(buf);
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= n;
  }
  return true;
}

long long MonotonicNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void SpinFor(int ms) {
  long long end = MonotonicNs() + ms * 1000000LL;
  volatile unsigned long x = 0;
  while (MonotonicNs() < end) {
    for (int i = 0; i < 1000; i++) x = x + i;
  }
}

void SpinCpu(int ms) {
  auto cpu_ns = [] {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
  };
  long long cpu_end = cpu_ns() + ms * 1000000LL;
  long long wall_end = MonotonicNs() + 20'000'000'000LL;
  volatile unsigned long x = 0;
  while (cpu_ns() < cpu_end && MonotonicNs() < wall_end) {
    for (int i = 0; i < 1000; i++) x = x + i;
  }
}

// ---------------------------------------------------------------------
// Helper mode.

namespace {

std::map<std::string, HelperFn>& Helpers() {
  static std::map<std::string, HelperFn> helpers;
  return helpers;
}

constexpr char kHelperFlag[] = "--cub-helper=";

}  // namespace

HelperRegistrar::HelperRegistrar(const char* name, HelperFn fn) {
  Helpers()[name] = fn;
}

bool MaybeRunHelper(int argc, char** argv, int* status) {
  if (argc < 2 || strncmp(argv[1], kHelperFlag, strlen(kHelperFlag)) != 0)
    return false;
  std::string name = argv[1] + strlen(kHelperFlag);
  size_t blank = name.find_first_of(" \t");
  if (blank != std::string::npos) name.resize(blank);
  auto it = Helpers().find(name);
  if (it == Helpers().end()) {
    dprintf(2, "unknown helper %s\n", name.c_str());
    *status = 127;
    return true;
  }
  *status = it->second(argc, argv);
  return true;
}

std::vector<std::string> HelperArgv(const std::string& name,
                                    const std::vector<std::string>& args) {
  std::vector<std::string> v{kSelfExe, kHelperFlag + name};
  v.insert(v.end(), args.begin(), args.end());
  return v;
}

CArgv::CArgv(const std::vector<std::string>& v) : strs_(v) {
  for (auto& s : strs_) ptrs_.push_back(&s[0]);
  ptrs_.push_back(nullptr);
}

int ExecHelper(const std::string& name, const std::vector<std::string>& args,
               const std::vector<std::string>* env) {
  CArgv argv(HelperArgv(name, args));
  if (env) {
    CArgv envp(*env);
    return execve(kSelfExe, argv.get(), envp.get());
  }
  return execve(kSelfExe, argv.get(), environ);
}

int RunHelper(const std::string& name, const std::vector<std::string>& args,
              std::string* out, const std::vector<std::string>* env) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2: " << strerror(errno);
    return -1;
  }
  // Build argv/envp before fork: the child only calls async-signal-safe
  // functions.
  CArgv argv(HelperArgv(name, args));
  std::vector<std::string> env_copy;
  if (env) env_copy = *env;
  CArgv envp(env_copy);
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    execve(kSelfExe, argv.get(), env ? envp.get() : environ);
    _exit(126);
  }
  close(p[1]);
  if (pid < 0) {
    close(p[0]);
    ADD_FAILURE() << "fork: " << strerror(errno);
    return -1;
  }
  std::string o = ReadAll(p[0]);
  close(p[0]);
  if (out) *out = o;
  return WaitStatus(pid);
}

// ---------------------------------------------------------------------
// Temporary directories.

void RemoveTree(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    // A test may have left the directory without search permission.
    chmod(path.c_str(), 0700);
    DIR* d = opendir(path.c_str());
    if (d) {
      std::vector<std::string> names;
      while (struct dirent* e = readdir(d)) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
          continue;
        names.push_back(e->d_name);
      }
      closedir(d);
      for (auto& n : names) RemoveTree(path + "/" + n);
    }
    rmdir(path.c_str());
  } else {
    unlink(path.c_str());
  }
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/cub-conformance-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    ADD_FAILURE() << "mkdtemp: " << strerror(errno);
    return;
  }
  path_ = tmpl;
}

TempDir::~TempDir() {
  if (!path_.empty()) RemoveTree(path_);
}

std::string TempDir::WriteFile(const std::string& name,
                               const std::string& contents,
                               mode_t mode) const {
  std::string p = Path(name);
  unlink(p.c_str());
  int fd = open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) {
    ADD_FAILURE() << "open " << p << ": " << strerror(errno);
    return p;
  }
  if (!WriteAll(fd, contents)) ADD_FAILURE() << "write " << p;
  // The umask may have removed bits; set exactly what was asked.
  fchmod(fd, mode);
  close(fd);
  return p;
}

// ---------------------------------------------------------------------
// Signals.

SignalGuard::SignalGuard(std::initializer_list<int> sigs) {
  for (int s : sigs) {
    struct sigaction sa;
    sigaction(s, nullptr, &sa);
    saved_.emplace_back(s, sa);
  }
  sigprocmask(SIG_SETMASK, nullptr, &mask_);
}

SignalGuard::~SignalGuard() {
  // Block the signals first, so that nothing is delivered to a restored
  // default action (which might kill the test process); then drop
  // anything still pending by ignoring it, then restore.
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, nullptr);
  for (auto& [sig, sa] : saved_) {
    struct sigaction ign = {};
    ign.sa_handler = SIG_IGN;
    sigaction(sig, &ign, nullptr);
    sigaction(sig, &sa, nullptr);
  }
  sigprocmask(SIG_SETMASK, &mask_, nullptr);
}

int InstallHandler(int sig, void (*handler)(int), int flags,
                   const sigset_t* mask) {
  struct sigaction sa = {};
  sa.sa_handler = handler;
  sa.sa_flags = flags;
  if (mask)
    sa.sa_mask = *mask;
  else
    sigemptyset(&sa.sa_mask);
  return sigaction(sig, &sa, nullptr);
}

int InstallSigaction(int sig, void (*action)(int, siginfo_t*, void*),
                     int flags, const sigset_t* mask) {
  struct sigaction sa = {};
  sa.sa_sigaction = action;
  sa.sa_flags = flags | SA_SIGINFO;
  if (mask)
    sa.sa_mask = *mask;
  else
    sigemptyset(&sa.sa_mask);
  return sigaction(sig, &sa, nullptr);
}

void BlockSignal(int sig) {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, sig);
  sigprocmask(SIG_BLOCK, &s, nullptr);
}

void UnblockSignal(int sig) {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, sig);
  sigprocmask(SIG_UNBLOCK, &s, nullptr);
}

}  // namespace cub
