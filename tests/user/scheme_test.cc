// scheme_test: the scheme tree (/scheme, core/scheme/README.md) from user
// space, run as init's program in the scheme image.
//
// Schemes do not exist on Linux, so unlike the conformance suites this
// binary runs only in cub.  It runs as root; every refused case forks a
// child that drops to uid and gid 1000 (setgroups, setresgid, setresuid,
// the order init uses) and checks the exact errno of the access table.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <grp.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <cub/scheme.h>

#include "conformance.h"

namespace {

using cub::RunInChild;

constexpr uid_t kUser = 1000;

// In a forked child: become uid/gid 1000 with no supplementary groups.
void DropToUser() {
  CHILD_CHECK(setgroups(0, nullptr) == 0);
  CHILD_CHECK(setresgid(kUser, kUser, kUser) == 0);
  CHILD_CHECK(setresuid(kUser, kUser, kUser) == 0);
}

// Opening path with flags as uid 1000 fails with exactly err.
void ExpectRefused(const char* path, int flags, int err) {
  int status = RunInChild([&] {
    DropToUser();
    CHILD_CHECK_ERRNO(open(path, flags), err);
    return 0;
  });
  EXPECT_EXIT0(status) << path << " flags " << flags;
}

// Opening path for reading as uid 1000 works.
void ExpectUserCanRead(const char* path) {
  int status = RunInChild([&] {
    DropToUser();
    int fd = open(path, O_RDONLY);
    CHILD_CHECK(fd >= 0);
    char buf[64];
    CHILD_CHECK(read(fd, buf, sizeof(buf)) >= 0);
    close(fd);
    return 0;
  });
  EXPECT_EXIT0(status) << path;
}

std::string ReadFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    ADD_FAILURE() << "open " << path << ": " << strerror(errno);
    return "";
  }
  std::string s = cub::ReadAll(fd);
  close(fd);
  return s;
}

// Writes s to path in one write(2); returns 0 or the errno.
int WriteFile(const std::string& path, const std::string& s) {
  int fd = open(path.c_str(), O_WRONLY);
  if (fd < 0) return errno;
  int r = write(fd, s.data(), s.size()) == (ssize_t)s.size() ? 0 : errno;
  close(fd);
  return r;
}

std::vector<std::string> List(const char* dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir);
  if (!d) {
    ADD_FAILURE() << "opendir " << dir << ": " << strerror(errno);
    return names;
  }
  while (struct dirent* e = readdir(d))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names.push_back(e->d_name);
  closedir(d);
  return names;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  for (const auto& x : v)
    if (x == s) return true;
  return false;
}

long long NowNs(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// ---- the tree ----

TEST(SchemeTree, MountedAndListed) {
  std::string mounts = ReadFile("/proc/mounts");
  EXPECT_NE(mounts.find("scheme /scheme scheme rw,nosuid,nodev,noexec"), std::string::npos)
      << mounts;
  auto names = List("/scheme");
  for (const char* n : {"debug", "serio", "irq", "memory", "proc", "sys", "acpi", "event", "time"})
    EXPECT_TRUE(Contains(names, n)) << n;
  EXPECT_ERRNO(open("/scheme/nosuch", O_RDONLY), ENOENT);
  // Nothing can be created in the tree, by root either.
  EXPECT_ERRNO(open("/scheme/sys/new", O_WRONLY | O_CREAT, 0644), EACCES);
}

// ---- debug ----

TEST(SchemeDebug, RootWriteGoesToConsole) {
  int fd = open("/scheme/debug", O_RDWR);
  ASSERT_GE(fd, 0) << strerror(errno);
  const char msg[] = "scheme-test: debug line 4711\n";
  EXPECT_EQ(write(fd, msg, strlen(msg)), (ssize_t)strlen(msg));
  char buf[8];
  EXPECT_EQ(read(fd, buf, sizeof(buf)), 0);
  // A bad buffer is EFAULT (the address is made at run time so the
  // compiler does not see through it).
  const char* bad = reinterpret_cast<const char*>(static_cast<uintptr_t>(getpid() > 0));
  EXPECT_ERRNO(write(fd, bad, 4), EFAULT);
  close(fd);
}

TEST(SchemeDebug, UserRefusedEPERM) {
  ExpectRefused("/scheme/debug", O_WRONLY, EPERM);
  ExpectRefused("/scheme/debug", O_RDONLY, EPERM);
}

// ---- serio ----

// Reads bytes from a non-blocking serio fd for up to ms milliseconds.
std::vector<uint8_t> ReadFor(int fd, int ms, size_t want) {
  std::vector<uint8_t> got;
  long long end = NowNs(CLOCK_MONOTONIC) + ms * 1000000LL;
  while (got.size() < want && NowNs(CLOCK_MONOTONIC) < end) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 50) == 1) {
      uint8_t b[16];
      ssize_t n = read(fd, b, sizeof(b));
      for (ssize_t i = 0; i < n; i++) got.push_back(b[i]);
    }
  }
  return got;
}

TEST(SchemeSerio, KeyboardAndAuxAnswerIdentify) {
  auto names = List("/scheme/serio");
  EXPECT_TRUE(Contains(names, "0"));
  EXPECT_TRUE(Contains(names, "1"));
  for (int port = 0; port < 2; port++) {
    std::string path = "/scheme/serio/" + std::to_string(port);
    int fd = open(path.c_str(), O_RDWR | O_NONBLOCK);
    ASSERT_GE(fd, 0) << path << ": " << strerror(errno);
    ReadFor(fd, 50, 1000);  // whatever was queued before
    uint8_t b;
    EXPECT_ERRNO(read(fd, &b, 1), EAGAIN);
    // 0xF2 "identify": both devices ACK with 0xFA first.
    uint8_t cmd = 0xF2;
    ASSERT_EQ(write(fd, &cmd, 1), 1);
    auto got = ReadFor(fd, 2000, 2);
    ASSERT_FALSE(got.empty()) << path << ": no reply";
    EXPECT_EQ(got[0], 0xFA) << path;
    ReadFor(fd, 50, 1000);
    close(fd);
  }
}

TEST(SchemeSerio, BlockingReadWaitsForTheReply) {
  int fd = open("/scheme/serio/1", O_RDWR);
  ASSERT_GE(fd, 0) << strerror(errno);
  uint8_t cmd = 0xF2;  // aux identify: 0xFA, then the device id 0x00
  ASSERT_EQ(write(fd, &cmd, 1), 1);
  uint8_t b[2] = {0, 0xff};
  size_t n = 0;
  while (n < 2) {
    ssize_t r = read(fd, b + n, 2 - n);
    ASSERT_GT(r, 0) << strerror(errno);
    n += r;
  }
  EXPECT_EQ(b[0], 0xFA);
  EXPECT_EQ(b[1], 0x00);
  close(fd);
}

TEST(SchemeSerio, UserRefusedEPERM) {
  ExpectRefused("/scheme/serio/0", O_RDONLY, EPERM);
  ExpectRefused("/scheme/serio/1", O_RDWR, EPERM);
}

// ---- irq ----

unsigned long long ReadCount(const std::string& path) {
  return strtoull(ReadFile(path).c_str(), nullptr, 10);
}

TEST(SchemeIrq, TimerCountIncreases) {
  auto lines = List("/scheme/irq");
  ASSERT_TRUE(Contains(lines, "64")) << "the APIC timer vector";
  std::string text = ReadFile("/scheme/irq/64");
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  unsigned long long a = ReadCount("/scheme/irq/64");
  usleep(50000);
  unsigned long long b = ReadCount("/scheme/irq/64");
  EXPECT_GT(a, 0u);
  EXPECT_GE(b, a + 20) << "a 1 kHz timer over 50 ms";
  EXPECT_ERRNO(open("/scheme/irq/3", O_RDONLY), ENOENT);  // not taken
}

TEST(SchemeIrq, UserRefusedEACCES) {
  ExpectRefused("/scheme/irq", O_RDONLY | O_DIRECTORY, EACCES);
  ExpectRefused("/scheme/irq/64", O_RDONLY, EACCES);
}

// ---- memory ----

TEST(SchemeMemory, InfoParsesForAnyone) {
  std::string s = ReadFile("/scheme/memory/info");
  unsigned long long total = 0, free_ = 0;
  ASSERT_EQ(sscanf(s.c_str(), "total %llu\nfree %llu\n", &total, &free_), 2) << s;
  EXPECT_GT(total, 16ull << 20);
  EXPECT_GT(free_, 0u);
  EXPECT_LE(free_, total);
  ExpectUserCanRead("/scheme/memory/info");
  EXPECT_ERRNO(open("/scheme/memory/info", O_WRONLY), EACCES);
}

TEST(SchemeMemory, PhysicalReadsTheKernelImage) {
  int fd = open("/scheme/memory/physical", O_RDONLY);
  ASSERT_GE(fd, 0) << strerror(errno);
  // The kernel is loaded at physical 1 MiB and starts with its Multiboot2
  // header (8-byte aligned magic 0xE85250D6 in the first 32 KiB).
  std::vector<uint32_t> page(8192);
  ASSERT_EQ(pread(fd, page.data(), 32768, 0x100000), 32768) << strerror(errno);
  bool found = false;
  for (size_t i = 0; i < page.size(); i += 2)
    if (page[i] == 0xE85250D6u) found = true;
  EXPECT_TRUE(found) << "no Multiboot2 header at 1 MiB";
  // Outside usable RAM: the VGA hole, and far beyond any RAM.
  char b[16];
  EXPECT_ERRNO(pread(fd, b, sizeof(b), 0xA0000), EFAULT);
  EXPECT_ERRNO(pread(fd, b, sizeof(b), 1ll << 45), EFAULT);
  close(fd);
  EXPECT_ERRNO(open("/scheme/memory/physical", O_RDWR), EACCES);
}

TEST(SchemeMemory, PhysicalUserRefusedEACCES) {
  ExpectRefused("/scheme/memory/physical", O_RDONLY, EACCES);
}

// ---- proc ----

TEST(SchemeProc, OwnerReadsItsOwnIds) {
  int status = RunInChild([] {
    DropToUser();
    std::string dir = "/scheme/proc/" + std::to_string(getpid()) + "/";
    int fd = open((dir + "uids").c_str(), O_RDONLY);
    CHILD_CHECK(fd >= 0);
    std::string s = cub::ReadAll(fd);
    close(fd);
    CHILD_CHECK(s == "1000 1000 1000 1000\n");
    fd = open((dir + "gids").c_str(), O_RDONLY);
    CHILD_CHECK(fd >= 0);
    CHILD_CHECK(cub::ReadAll(fd) == "1000 1000 1000 1000\n");
    close(fd);
    fd = open((dir + "groups").c_str(), O_RDONLY);
    CHILD_CHECK(fd >= 0);
    CHILD_CHECK(cub::ReadAll(fd) == "\n");
    close(fd);
    fd = open((dir + "name").c_str(), O_RDONLY);
    CHILD_CHECK(fd >= 0);
    CHILD_CHECK(cub::ReadAll(fd) == "scheme_test\n");
    close(fd);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(SchemeProc, RootReadsAnyProcessAndListsThem) {
  auto pids = List("/scheme/proc");
  EXPECT_TRUE(Contains(pids, "1"));
  EXPECT_TRUE(Contains(pids, std::to_string(getpid())));
  EXPECT_EQ(ReadFile("/scheme/proc/1/uids"), "0 0 0 0\n");
  auto files = List(("/scheme/proc/" + std::to_string(getpid())).c_str());
  for (const char* n : {"uids", "gids", "groups", "name"}) EXPECT_TRUE(Contains(files, n)) << n;
}

TEST(SchemeProc, OthersAndSetuidLikeRefusedEPERM) {
  ExpectRefused("/scheme/proc/1/uids", O_RDONLY, EPERM);
  ExpectRefused("/scheme/proc/1/name", O_RDONLY, EPERM);
  // A process whose saved uid is still 0 is not its invoker's to inspect
  // (Linux's ptrace rule), even by itself once its euid is 1000.
  int status = RunInChild([] {
    CHILD_CHECK(setresuid(kUser, kUser, 0) == 0);
    std::string path = "/scheme/proc/" + std::to_string(getpid()) + "/uids";
    CHILD_CHECK_ERRNO(open(path.c_str(), O_RDONLY), EPERM);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(SchemeProc, UserWriteRefusedEACCESEvenForOwner) {
  int status = RunInChild([] {
    DropToUser();
    std::string dir = "/scheme/proc/" + std::to_string(getpid()) + "/";
    CHILD_CHECK_ERRNO(open((dir + "uids").c_str(), O_WRONLY), EACCES);
    CHILD_CHECK_ERRNO(open((dir + "groups").c_str(), O_RDWR), EACCES);
    CHILD_CHECK_ERRNO(open("/scheme/proc/1/gids", O_WRONLY), EACCES);
    return 0;
  });
  EXPECT_EXIT0(status);
}

// A child that waits for a byte on a pipe, then checks its credentials
// against what root wrote meanwhile.
TEST(SchemeProc, RootWriteReplacesTheTargetsCredentials) {
  int go[2];
  ASSERT_EQ(pipe(go), 0);
  pid_t child = cub::StartChild([&] {
    close(go[1]);
    char c;
    CHILD_CHECK(read(go[0], &c, 1) == 1);
    uid_t r, e, s;
    CHILD_CHECK(getresuid(&r, &e, &s) == 0);
    CHILD_CHECK(r == 1000 && e == 1001 && s == 1002);
    CHILD_CHECK(setfsuid(-1) == 1003);
    gid_t gr, ge, gs;
    CHILD_CHECK(getresgid(&gr, &ge, &gs) == 0);
    CHILD_CHECK(gr == 2000 && ge == 2001 && gs == 2002);
    CHILD_CHECK(setfsgid(-1) == 2003);
    gid_t list[8];
    CHILD_CHECK(getgroups(8, list) == 3);
    CHILD_CHECK(list[0] == 3 && list[1] == 5 && list[2] == 9);
    // No way back to root: the saved uid went too.
    CHILD_CHECK_ERRNO(setuid(0), EPERM);
    return 0;
  });
  ASSERT_GT(child, 0);
  close(go[0]);
  std::string dir = "/scheme/proc/" + std::to_string(child) + "/";
  EXPECT_EQ(WriteFile(dir + "gids", "2000 2001 2002 2003\n"), 0);
  EXPECT_EQ(WriteFile(dir + "groups", "9 5 3\n"), 0);
  EXPECT_EQ(WriteFile(dir + "uids", "1000 1001 1002 1003"), 0);
  EXPECT_EQ(ReadFile(dir + "uids"), "1000 1001 1002 1003\n");
  EXPECT_EQ(ReadFile(dir + "groups"), "3 5 9\n");
  ASSERT_EQ(write(go[1], "g", 1), 1);
  close(go[1]);
  EXPECT_EXIT0(cub::WaitStatus(child));
}

TEST(SchemeProc, MalformedWriteEINVALChangesNothing) {
  int go[2];
  ASSERT_EQ(pipe(go), 0);
  pid_t child = cub::StartChild([&] {
    close(go[1]);
    char c;
    CHILD_CHECK(read(go[0], &c, 1) == 1);
    uid_t r, e, s;
    CHILD_CHECK(getresuid(&r, &e, &s) == 0);
    CHILD_CHECK(r == 0 && e == 0 && s == 0);
    CHILD_CHECK(getgroups(0, nullptr) == 0);
    return 0;
  });
  ASSERT_GT(child, 0);
  close(go[0]);
  std::string dir = "/scheme/proc/" + std::to_string(child) + "/";
  for (const char* bad : {"1 2 3", "1 2 3 4 5", "a b c d", "1 2 3 4x", "-1 0 0 0",
                          "4294967295 0 0 0", "99999999999 0 0 0", ""}) {
    EXPECT_EQ(WriteFile(dir + "uids", bad), EINVAL) << "'" << bad << "'";
    EXPECT_EQ(WriteFile(dir + "gids", bad), EINVAL) << "'" << bad << "'";
  }
  EXPECT_EQ(WriteFile(dir + "groups", "1 x 3"), EINVAL);
  EXPECT_EQ(WriteFile(dir + "groups", "-5"), EINVAL);
  EXPECT_EQ(ReadFile(dir + "uids"), "0 0 0 0\n");
  ASSERT_EQ(write(go[1], "g", 1), 1);
  close(go[1]);
  EXPECT_EXIT0(cub::WaitStatus(child));
}

TEST(SchemeProc, ExitedTargetESRCH) {
  int go[2];
  ASSERT_EQ(pipe(go), 0);
  pid_t child = cub::StartChild([&] {
    close(go[1]);
    char c;
    (void)!read(go[0], &c, 1);
    return 0;
  });
  ASSERT_GT(child, 0);
  close(go[0]);
  std::string path = "/scheme/proc/" + std::to_string(child) + "/uids";
  int fd = open(path.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0) << strerror(errno);
  close(go[1]);
  EXPECT_EXIT0(cub::WaitStatus(child));
  EXPECT_ERRNO(write(fd, "1 1 1 1", 7), ESRCH);
  close(fd);
  EXPECT_ERRNO(open(path.c_str(), O_RDONLY), ENOENT);
}

// ---- sys ----

TEST(SchemeSys, ContextListsTheCallerWithItsIds) {
  std::string s = ReadFile("/scheme/sys/context");
  EXPECT_EQ(s.rfind("PID PPID RUID EUID RGID EGID GROUPS NAME\n", 0), 0u) << s;
  std::string me = std::to_string(getpid()) + " " + std::to_string(getppid()) +
                   " 0 0 0 0 - scheme_test\n";
  EXPECT_NE(s.find("\n" + me), std::string::npos) << s;
  int status = RunInChild([] {
    const gid_t groups[] = {7, 4};
    CHILD_CHECK(setgroups(2, groups) == 0);
    CHILD_CHECK(setresgid(1000, 1005, 1000) == 0);
    CHILD_CHECK(setresuid(1000, 1006, 1000) == 0);
    int fd = open("/scheme/sys/context", O_RDONLY);
    CHILD_CHECK(fd >= 0);
    std::string t = cub::ReadAll(fd);
    std::string line = "\n" + std::to_string(getpid()) + " " + std::to_string(getppid()) +
                       " 1000 1006 1000 1005 4,7 scheme_test\n";
    CHILD_CHECK(t.find(line) != std::string::npos);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(SchemeSys, UnameMatchesTheSyscall) {
  struct utsname u;
  ASSERT_EQ(uname(&u), 0);
  EXPECT_EQ(ReadFile("/scheme/sys/uname"),
            std::string(u.sysname) + "\n" + u.release + "\n" + u.machine + "\n");
  ExpectUserCanRead("/scheme/sys/uname");
}

TEST(SchemeSys, RootMovesTheWallClock) {
  long long before = atoll(ReadFile("/scheme/sys/update_time_offset").c_str());
  long long rt0 = NowNs(CLOCK_REALTIME), mono0 = NowNs(CLOCK_MONOTONIC);
  ASSERT_EQ(WriteFile("/scheme/sys/update_time_offset", "5000000000\n"), 0);
  long long rt1 = NowNs(CLOCK_REALTIME), mono1 = NowNs(CLOCK_MONOTONIC);
  long long after = atoll(ReadFile("/scheme/sys/update_time_offset").c_str());
  EXPECT_EQ(after, before + 5000000000LL);
  long long jump = (rt1 - rt0) - (mono1 - mono0);
  EXPECT_GT(jump, 4900000000LL);
  EXPECT_LT(jump, 5100000000LL);
  ASSERT_EQ(WriteFile("/scheme/sys/update_time_offset", "-5000000000"), 0);
  EXPECT_EQ(atoll(ReadFile("/scheme/sys/update_time_offset").c_str()), before);
  EXPECT_EQ(WriteFile("/scheme/sys/update_time_offset", "soon"), EINVAL);
  EXPECT_EQ(WriteFile("/scheme/sys/update_time_offset", "-99999999999999999999"), EINVAL);
}

TEST(SchemeSys, UserReadsButWritesAreEPERM) {
  ExpectUserCanRead("/scheme/sys/context");
  ExpectUserCanRead("/scheme/sys/update_time_offset");
  ExpectRefused("/scheme/sys/update_time_offset", O_WRONLY, EPERM);
  ExpectRefused("/scheme/sys/update_time_offset", O_RDWR, EPERM);
  ExpectRefused("/scheme/sys/kstop", O_WRONLY, EPERM);
}

TEST(SchemeSys, KstopIsWriteOnlyAndContextReadOnly) {
  EXPECT_ERRNO(open("/scheme/sys/kstop", O_RDONLY), EACCES);
  EXPECT_ERRNO(open("/scheme/sys/context", O_WRONLY), EACCES);
}

// ---- acpi ----

TEST(SchemeAcpi, TablesAreWholeAndValid) {
  auto tables = List("/scheme/acpi/tables");
  EXPECT_TRUE(Contains(tables, "APIC"));
  EXPECT_TRUE(Contains(tables, "FACP"));
  EXPECT_TRUE(Contains(tables, "DSDT"));
  for (const auto& name : tables) {
    std::string t = ReadFile("/scheme/acpi/tables/" + name);
    ASSERT_GE(t.size(), 36u) << name;
    EXPECT_EQ(t.substr(0, 4), name.substr(0, 4));
    uint32_t len;
    memcpy(&len, t.data() + 4, 4);
    EXPECT_EQ(len, t.size()) << name;
    uint8_t sum = 0;
    for (unsigned char c : t) sum += c;
    EXPECT_EQ(sum, 0) << name << ": checksum";
    struct stat st;
    ASSERT_EQ(stat(("/scheme/acpi/tables/" + name).c_str(), &st), 0);
    EXPECT_EQ((size_t)st.st_size, t.size());
  }
}

TEST(SchemeAcpi, UserRefusedEACCES) {
  ExpectRefused("/scheme/acpi/tables/APIC", O_RDONLY, EACCES);
  ExpectRefused("/scheme/acpi/tables", O_RDONLY | O_DIRECTORY, EACCES);
}

// ---- event ----

int WriteRecord(int q, int fd, uint32_t events, uint64_t data) {
  struct cub_scheme_event r = {fd, events, data};
  return write(q, &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : errno;
}

TEST(SchemeEvent, ReportsAPipeBecomingReadable) {
  static_assert(sizeof(struct cub_scheme_event) == 16, "record layout");
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  int q = open("/scheme/event", O_RDWR | O_NONBLOCK);
  ASSERT_GE(q, 0) << strerror(errno);
  ASSERT_EQ(WriteRecord(q, p[0], POLLIN, 42), 0);
  struct cub_scheme_event out[4];
  EXPECT_ERRNO(read(q, out, sizeof(out)), EAGAIN);
  struct pollfd pq = {q, POLLIN, 0};
  EXPECT_EQ(poll(&pq, 1, 0), 0);
  ASSERT_EQ(write(p[1], "x", 1), 1);
  EXPECT_EQ(poll(&pq, 1, 0), 1);
  ASSERT_EQ(read(q, out, sizeof(out)), (ssize_t)sizeof(out[0]));
  EXPECT_EQ(out[0].fd, p[0]);
  EXPECT_EQ(out[0].events & POLLIN, (uint32_t)POLLIN);
  EXPECT_EQ(out[0].data, 42u);
  // A short buffer cannot hold a record.
  EXPECT_ERRNO(read(q, out, 8), EINVAL);
  close(q);
  close(p[0]);
  close(p[1]);
}

TEST(SchemeEvent, BlockingReadWaitsForAWriter) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  int q = open("/scheme/event", O_RDWR);
  ASSERT_GE(q, 0);
  ASSERT_EQ(WriteRecord(q, p[0], POLLIN, 7), 0);
  pid_t child = cub::StartChild([&] {
    usleep(50000);
    CHILD_CHECK(write(p[1], "y", 1) == 1);
    return 0;
  });
  long long t0 = NowNs(CLOCK_MONOTONIC);
  struct cub_scheme_event out;
  ASSERT_EQ(read(q, &out, sizeof(out)), (ssize_t)sizeof(out));
  EXPECT_GE(NowNs(CLOCK_MONOTONIC) - t0, 40000000LL);
  EXPECT_EQ(out.data, 7u);
  EXPECT_EXIT0(cub::WaitStatus(child));
  close(q);
  close(p[0]);
  close(p[1]);
}

TEST(SchemeEvent, PrivatePerOpenAndForAnyone) {
  int status = RunInChild([] {
    DropToUser();
    int p[2];
    CHILD_CHECK(pipe(p) == 0);
    int a = open("/scheme/event", O_RDWR | O_NONBLOCK);
    int b = open("/scheme/event", O_RDWR | O_NONBLOCK);
    CHILD_CHECK(a >= 0 && b >= 0);
    CHILD_CHECK(WriteRecord(a, p[1], POLLOUT, 1) == 0);
    struct cub_scheme_event out;
    CHILD_CHECK(read(a, &out, sizeof(out)) == sizeof(out));
    CHILD_CHECK(out.fd == p[1] && (out.events & POLLOUT));
    CHILD_CHECK_ERRNO(read(b, &out, sizeof(out)), EAGAIN);  // the other queue
    // Removing, then removing again; bad descriptors; the queue itself.
    CHILD_CHECK(WriteRecord(a, p[1], 0, 0) == 0);
    CHILD_CHECK_ERRNO(read(a, &out, sizeof(out)), EAGAIN);
    CHILD_CHECK(WriteRecord(a, p[1], 0, 0) == ENOENT);
    CHILD_CHECK(WriteRecord(a, 999, POLLIN, 0) == EBADF);
    CHILD_CHECK(WriteRecord(a, a, POLLIN, 0) == EINVAL);
    CHILD_CHECK_ERRNO(write(a, "abc", 3), EINVAL);
    // A closed descriptor reports POLLNVAL until it is removed.
    int d = dup(p[0]);
    CHILD_CHECK(WriteRecord(a, d, POLLIN, 5) == 0);
    close(d);
    CHILD_CHECK(read(a, &out, sizeof(out)) == sizeof(out));
    CHILD_CHECK(out.fd == d && (out.events & POLLNVAL) && out.data == 5);
    return 0;
  });
  EXPECT_EXIT0(status);
}

// ---- time ----

struct __kernel_ts {
  long long sec, nsec;
};
static_assert(sizeof(__kernel_ts) == 16, "struct __kernel_timespec on x86-64");

long long ReadTimer(int fd) {
  __kernel_ts ts;
  if (read(fd, &ts, sizeof(ts)) != sizeof(ts)) return -1;
  return ts.sec * 1000000000LL + ts.nsec;
}

TEST(SchemeTime, ReadsFollowTheClock) {
  auto clocks = List("/scheme/time");
  for (int c : {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME})
    EXPECT_TRUE(Contains(clocks, std::to_string(c))) << c;
  int fd = open(("/scheme/time/" + std::to_string(CLOCK_MONOTONIC)).c_str(), O_RDWR);
  ASSERT_GE(fd, 0) << strerror(errno);
  long long before = NowNs(CLOCK_MONOTONIC);
  long long a = ReadTimer(fd);
  long long b = ReadTimer(fd);
  long long after = NowNs(CLOCK_MONOTONIC);
  EXPECT_LE(before, a);
  EXPECT_LE(a, b);
  EXPECT_LE(b, after);
  char small[8];
  EXPECT_ERRNO(read(fd, small, sizeof(small)), EINVAL);
  close(fd);
  fd = open(("/scheme/time/" + std::to_string(CLOCK_REALTIME)).c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  long long rt = ReadTimer(fd);
  EXPECT_LT(llabs(rt - NowNs(CLOCK_REALTIME)), 1000000000LL);
  close(fd);
}

TEST(SchemeTime, DeadlineWaitLastsTheArmedInterval) {
  int status = RunInChild([] {
    DropToUser();  // anyone may
    int fd = open(("/scheme/time/" + std::to_string(CLOCK_MONOTONIC)).c_str(),
                  O_RDWR | O_NONBLOCK);
    CHILD_CHECK(fd >= 0);
    long long start = NowNs(CLOCK_MONOTONIC), deadline = start + 100000000LL;
    __kernel_ts ts = {deadline / 1000000000LL, deadline % 1000000000LL};
    CHILD_CHECK(write(fd, &ts, sizeof(ts)) == sizeof(ts));
    __kernel_ts out;
    CHILD_CHECK_ERRNO(read(fd, &out, sizeof(out)), EAGAIN);
    struct pollfd p = {fd, POLLIN, 0};
    CHILD_CHECK(poll(&p, 1, 0) == 0);
    // poll wakes at the deadline.
    CHILD_CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLIN));
    CHILD_CHECK(NowNs(CLOCK_MONOTONIC) >= deadline);
    // A blocking read on a re-armed timer waits the interval.
    int flags = fcntl(fd, F_GETFL);
    CHILD_CHECK(fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0);
    start = NowNs(CLOCK_MONOTONIC);
    deadline = start + 100000000LL;
    ts = {deadline / 1000000000LL, deadline % 1000000000LL};
    CHILD_CHECK(write(fd, &ts, sizeof(ts)) == sizeof(ts));
    long long got = ReadTimer(fd);
    CHILD_CHECK(got >= deadline);
    CHILD_CHECK(NowNs(CLOCK_MONOTONIC) - start >= 100000000LL);
    // Bad deadlines.
    __kernel_ts bad = {0, 1000000000LL};
    CHILD_CHECK_ERRNO(write(fd, &bad, sizeof(bad)), EINVAL);
    CHILD_CHECK_ERRNO(write(fd, &bad, 8), EINVAL);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(SchemeTime, UnknownClockENOENT) {
  EXPECT_ERRNO(open("/scheme/time/99", O_RDONLY), ENOENT);
  EXPECT_ERRNO(open(("/scheme/time/" + std::to_string(CLOCK_PROCESS_CPUTIME_ID)).c_str(),
                    O_RDONLY), ENOENT);
  EXPECT_ERRNO(open("/scheme/time/01", O_RDONLY), ENOENT);
}

}  // namespace
