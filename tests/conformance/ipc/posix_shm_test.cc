// POSIX shared memory and named semaphores (shm_overview(7),
// sem_overview(7)): glibc's shm_open, shm_unlink and sem_open make files
// in /dev/shm, a tmpfs that is sticky and writable by everyone.
//
// Host-safe: names carry this process's pid and every test unlinks what
// it made; ids change only in forked children.
#include <fcntl.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "conformance.h"
#include "mq_common.h"

namespace cub {
namespace {

const size_t kPage = 4096;

std::string NewName() {
  static int counter;
  return "/cub-shm-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

class PosixShm : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const std::string& n : shm_names_) shm_unlink(n.c_str());
    for (const std::string& n : sem_names_) sem_unlink(n.c_str());
  }
  std::string Shm() {
    shm_names_.push_back(NewName());
    return shm_names_.back();
  }
  std::string Sem() {
    sem_names_.push_back(NewName());
    return sem_names_.back();
  }
  std::vector<std::string> shm_names_, sem_names_;
};

TEST_F(PosixShm, DevShmIsAStickyTmpfs) {
  struct stat st;
  ASSERT_EQ(stat("/dev/shm", &st), 0) << strerror(errno);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 01777u);
  std::ifstream mounts("/proc/mounts");
  std::string line;
  bool found = false;
  while (std::getline(mounts, line)) {
    std::istringstream in(line);
    std::string src, dir, type;
    in >> src >> dir >> type;
    if (dir == "/dev/shm") found = type == "tmpfs";
  }
  EXPECT_TRUE(found) << "no tmpfs at /dev/shm in /proc/mounts";
}

TEST_F(PosixShm, CreateExclusiveAndOpen) {
  std::string n = Shm();
  int fd = shm_open(n.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  ASSERT_GE(fd, 0) << strerror(errno);
  EXPECT_ERRNO(shm_open(n.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600), EEXIST);
  int again = shm_open(n.c_str(), O_RDWR, 0);
  EXPECT_GE(again, 0);
  EXPECT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);  // shm_open sets it
  close(again);
  close(fd);
}

TEST_F(PosixShm, MissingNameIsENOENT) {
  EXPECT_ERRNO(shm_open(NewName().c_str(), O_RDWR, 0), ENOENT);
  EXPECT_ERRNO(shm_unlink(NewName().c_str()), ENOENT);
}

TEST_F(PosixShm, FileIsInDevShmWithTheCallersIds) {
  std::string n = Shm();
  int fd = shm_open(n.c_str(), O_CREAT | O_RDWR, 0640);
  ASSERT_GE(fd, 0);
  struct stat st;
  ASSERT_EQ(stat(("/dev/shm" + n).c_str(), &st), 0) << strerror(errno);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_uid, geteuid());
  EXPECT_EQ(st.st_size, 0);
  close(fd);
}

TEST_F(PosixShm, ModeHonoursTheUmask) {
  std::string n = Shm();
  EXPECT_EXIT0(RunInChild([&] {
    umask(027);
    int fd = shm_open(n.c_str(), O_CREAT | O_EXCL | O_RDWR, 0666);
    CHILD_CHECK(fd >= 0);
    struct stat st;
    CHILD_CHECK(fstat(fd, &st) == 0);
    CHILD_CHECK((st.st_mode & 0777) == 0640);
    return 0;
  }));
}

TEST_F(PosixShm, MmapIsSharedAcrossFork) {
  std::string n = Shm();
  int fd = shm_open(n.c_str(), O_CREAT | O_RDWR, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, kPage), 0);
  char* p = (char*)mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ASSERT_NE(p, MAP_FAILED);
  close(fd);
  EXPECT_EXIT0(RunInChild([&] {
    strcpy(p, "from the child");
    return 0;
  }));
  EXPECT_STREQ(p, "from the child");
  munmap(p, kPage);
}

TEST_F(PosixShm, UnrelatedOpenSeesTheData) {
  std::string n = Shm();
  int fd = shm_open(n.c_str(), O_CREAT | O_RDWR, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, kPage), 0);
  close(fd);
  EXPECT_EXIT0(RunInChild([&] {
    int cfd = shm_open(n.c_str(), O_RDWR, 0);
    CHILD_CHECK(cfd >= 0);
    char* q = (char*)mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
    CHILD_CHECK(q != MAP_FAILED);
    strcpy(q, "by name");
    return 0;
  }));
  fd = shm_open(n.c_str(), O_RDONLY, 0);
  ASSERT_GE(fd, 0);
  char buf[8] = {};
  EXPECT_EQ(pread(fd, buf, 7, 0), 7);
  EXPECT_STREQ(buf, "by name");
  close(fd);
}

TEST_F(PosixShm, UnlinkRemovesTheNameNotTheMapping) {
  std::string n = NewName();
  int fd = shm_open(n.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, kPage), 0);
  char* p = (char*)mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ASSERT_NE(p, MAP_FAILED);
  ASSERT_EQ(shm_unlink(n.c_str()), 0);
  EXPECT_ERRNO(shm_open(n.c_str(), O_RDWR, 0), ENOENT);
  p[0] = 'k';
  char c = 0;
  EXPECT_EQ(pread(fd, &c, 1, 0), 1);
  EXPECT_EQ(c, 'k');
  munmap(p, kPage);
  close(fd);
}

TEST_F(PosixShm, FilePermissionsApply) {
  std::string n = Shm();
  int fd = shm_open(n.c_str(), O_CREAT | O_RDWR, 0604);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(fchmod(fd, 0604), 0);  // whatever the umask was
  close(fd);
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    CHILD_CHECK_ERRNO(shm_open(n.c_str(), O_RDWR, 0), EACCES);
    int ro = shm_open(n.c_str(), O_RDONLY, 0);
    CHILD_CHECK(ro >= 0);
    // /dev/shm is sticky: only the owner (or root) may unlink; the
    // kernel says EPERM and glibc's shm_unlink turns that into EACCES.
    CHILD_CHECK_ERRNO(shm_unlink(n.c_str()), EACCES);
    CHILD_CHECK_ERRNO(unlink(("/dev/shm" + n).c_str()), EPERM);
    return 0;
  }));
}

TEST_F(PosixShm, AnyUserMayCreate) {
  std::string n = Shm();
  EXPECT_EXIT0(RunInChild([&] {
    CHILD_CHECK(BecomeUser(1000, 1000));
    int fd = shm_open(n.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    CHILD_CHECK(fd >= 0);
    struct stat st;
    CHILD_CHECK(fstat(fd, &st) == 0 && st.st_uid == 1000);
    CHILD_CHECK(shm_unlink(n.c_str()) == 0);
    return 0;
  }));
}

TEST_F(PosixShm, NameWithInnerSlashIsEINVAL) {
  EXPECT_ERRNO(shm_open("/cub/inner", O_CREAT | O_RDWR, 0600), EINVAL);
}

TEST_F(PosixShm, SemaphorePostAndWaitAcrossFork) {
  std::string n = Sem();
  sem_t* s = sem_open(n.c_str(), O_CREAT | O_EXCL, 0600, 0);
  ASSERT_NE(s, SEM_FAILED) << strerror(errno);
  EXPECT_ERRNO(sem_trywait(s), EAGAIN);
  pid_t pid = StartChild([&] {
    usleep(100 * 1000);  // let the parent block first
    CHILD_CHECK(sem_post(s) == 0);
    return 0;
  });
  EXPECT_EQ(sem_wait(s), 0);
  EXPECT_EXIT0(WaitStatus(pid));
  int v = -1;
  EXPECT_EQ(sem_getvalue(s, &v), 0);
  EXPECT_EQ(v, 0);
  sem_close(s);
}

TEST_F(PosixShm, SemaphoreOpenedByNameInAChild) {
  std::string n = Sem();
  sem_t* s = sem_open(n.c_str(), O_CREAT | O_EXCL, 0600, 2);
  ASSERT_NE(s, SEM_FAILED);
  EXPECT_EXIT0(RunInChild([&] {
    sem_t* c = sem_open(n.c_str(), 0);
    CHILD_CHECK(c != SEM_FAILED);
    CHILD_CHECK(sem_trywait(c) == 0);
    CHILD_CHECK(sem_trywait(c) == 0);
    CHILD_CHECK(sem_trywait(c) == -1 && errno == EAGAIN);
    CHILD_CHECK(sem_post(c) == 0);
    return 0;
  }));
  int v = -1;
  EXPECT_EQ(sem_getvalue(s, &v), 0);
  EXPECT_EQ(v, 1);
  EXPECT_ERRNO((long)(sem_open(n.c_str(), O_CREAT | O_EXCL, 0600, 0) == SEM_FAILED ? -1 : 0), EEXIST);
  sem_close(s);
  struct stat st;
  EXPECT_EQ(stat(("/dev/shm/sem." + n.substr(1)).c_str(), &st), 0);
  EXPECT_EQ(sem_unlink(n.c_str()), 0);
  EXPECT_ERRNO((long)(sem_open(n.c_str(), 0) == SEM_FAILED ? -1 : 0), ENOENT);
}

}  // namespace
}  // namespace cub
