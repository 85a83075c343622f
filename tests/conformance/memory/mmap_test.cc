// Anonymous mappings: mmap, munmap, mprotect, mremap, madvise, mincore,
// brk, copy-on-write across fork, faults and their siginfo.
#include <sys/mman.h>
#include <sys/syscall.h>

#include "conformance.h"
#include "fault.h"

namespace cub {
namespace {

TEST(Mmap, AnonymousPrivateMappingIsZeroFilledAndWritable) {
  const size_t len = 4 * PageSize();
  char* p = MapPages(4);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % PageSize(), 0u);
  for (size_t i = 0; i < len; i++) ASSERT_EQ(p[i], 0) << "offset " << i;
  memset(p, 0xab, len);
  EXPECT_EQ(static_cast<unsigned char>(p[len - 1]), 0xab);
  EXPECT_EQ(munmap(p, len), 0);
}

TEST(Mmap, LengthIsRoundedUpToAWholePage) {
  char* p = static_cast<char*>(
      mmap(nullptr, 100, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(p, MAP_FAILED);
  p[PageSize() - 1] = 1;  // still inside the mapping
  EXPECT_EQ(munmap(p, 100), 0);
}

TEST(Mmap, SharedAnonymousMemoryIsVisibleAcrossFork) {
  char* p = MapPages(1, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS);
  ASSERT_NE(p, nullptr);
  strcpy(p, "parent");
  int status = RunInChild([p] {
    CHILD_CHECK(strcmp(p, "parent") == 0);
    strcpy(p, "child");
    return 0;
  });
  EXPECT_EXIT0(status);
  EXPECT_STREQ(p, "child");
  munmap(p, PageSize());
}

TEST(Mmap, PrivateAnonymousMemoryIsNotSharedWithTheChild) {
  char* p = MapPages(1);
  ASSERT_NE(p, nullptr);
  strcpy(p, "parent");
  int status = RunInChild([p] {
    CHILD_CHECK(strcmp(p, "parent") == 0);  // inherited copy
    strcpy(p, "child");
    return 0;
  });
  EXPECT_EXIT0(status);
  EXPECT_STREQ(p, "parent");
  munmap(p, PageSize());
}

int g_cow_global = 1;

TEST(Mmap, CopyOnWriteGivesParentAndChildTheirOwnWrites) {
  char* p = MapPages(1);
  ASSERT_NE(p, nullptr);
  p[0] = 'I';
  g_cow_global = 1;
  int stack_var = 1;
  int to_child[2], to_parent[2];
  ASSERT_EQ(pipe(to_child), 0);
  ASSERT_EQ(pipe(to_parent), 0);
  pid_t pid = StartChild([&] {
    char c;
    CHILD_CHECK(read(to_child[0], &c, 1) == 1);  // the parent has written
    CHILD_CHECK(p[0] == 'I');
    CHILD_CHECK(g_cow_global == 1);
    CHILD_CHECK(stack_var == 1);
    p[0] = 'C';
    g_cow_global = 3;
    stack_var = 3;
    CHILD_CHECK(write(to_parent[1], "c", 1) == 1);
    CHILD_CHECK(read(to_child[0], &c, 1) == 1);
    CHILD_CHECK(p[0] == 'C' && g_cow_global == 3 && stack_var == 3);
    return 0;
  });
  ASSERT_GT(pid, 0);
  p[0] = 'P';
  g_cow_global = 2;
  stack_var = 2;
  ASSERT_EQ(write(to_child[1], "p", 1), 1);
  char c;
  ASSERT_EQ(read(to_parent[0], &c, 1), 1);  // the child has written
  EXPECT_EQ(p[0], 'P');
  EXPECT_EQ(g_cow_global, 2);
  EXPECT_EQ(stack_var, 2);
  ASSERT_EQ(write(to_child[1], "p", 1), 1);
  EXPECT_EXIT0(WaitStatus(pid));
  for (int fd : {to_child[0], to_child[1], to_parent[0], to_parent[1]}) close(fd);
  munmap(p, PageSize());
}

TEST(Mmap, ZeroLengthIsEinval) {
  EXPECT_EQ(mmap(nullptr, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);
}

TEST(Mmap, MapFixedAtAnUnalignedAddressIsEinval) {
  char* p = MapPages(2);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(mmap(p + 1, PageSize(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
            MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);
  munmap(p, 2 * PageSize());
}

TEST(Mmap, NeitherPrivateNorSharedIsEinval) {
  EXPECT_EQ(mmap(nullptr, PageSize(), PROT_READ, MAP_ANONYMOUS, -1, 0), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(mmap(nullptr, PageSize(), PROT_READ, MAP_PRIVATE | MAP_SHARED | MAP_ANONYMOUS, -1, 0),
            MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);
}

TEST(Mmap, FileMappingOfAClosedFdIsEbadf) {
  EXPECT_EQ(mmap(nullptr, PageSize(), PROT_READ, MAP_PRIVATE, 999, 0), MAP_FAILED);
  EXPECT_EQ(errno, EBADF);
}

TEST(Mmap, MapFixedReplacesTheOldPagesWithZeroes) {
  char* p = MapPages(3);
  ASSERT_NE(p, nullptr);
  memset(p, 'x', 3 * PageSize());
  void* q = mmap(p + PageSize(), PageSize(), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  ASSERT_EQ(q, p + PageSize());
  EXPECT_EQ(p[0], 'x');
  EXPECT_EQ(p[PageSize()], 0);
  EXPECT_EQ(p[2 * PageSize() - 1], 0);
  EXPECT_EQ(p[2 * PageSize()], 'x');
  munmap(p, 3 * PageSize());
}

TEST(Mmap, MapFixedNoreplaceOverAnExistingMappingIsEexist) {
  char* p = MapPages(2);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(mmap(p + PageSize(), PageSize(), PROT_READ,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0),
            MAP_FAILED);
  EXPECT_EQ(errno, EEXIST);
  ASSERT_EQ(munmap(p + PageSize(), PageSize()), 0);
  EXPECT_EQ(mmap(p + PageSize(), PageSize(), PROT_READ,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0),
            p + PageSize());
  munmap(p, 2 * PageSize());
}

TEST(Mmap, LargeSparseMappingOnlyCostsTheTouchedPages) {
  const size_t len = 64 << 20;
  char* p = static_cast<char*>(mmap(nullptr, len, PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0));
  ASSERT_NE(p, MAP_FAILED);
  for (size_t off = 0; off < len; off += 4 << 20) p[off] = static_cast<char>(off >> 20);
  for (size_t off = 0; off < len; off += 4 << 20)
    EXPECT_EQ(p[off], static_cast<char>(off >> 20));
  unsigned char vec[16];
  // Pages between the touched ones were never faulted in.
  ASSERT_EQ(mincore(p + PageSize(), 16 * PageSize(), vec), 0);
  for (unsigned char v : vec) EXPECT_EQ(v & 1, 0);
  munmap(p, len);
}

// mov eax, 42; ret
const unsigned char kReturn42[] = {0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3};

TEST(Mmap, CodeInAnExecutableMappingRuns) {
  char* p = MapPages(1, PROT_READ | PROT_WRITE | PROT_EXEC);
  ASSERT_NE(p, nullptr);
  memcpy(p, kReturn42, sizeof kReturn42);
  auto fn = reinterpret_cast<int (*)()>(p);
  EXPECT_EQ(fn(), 42);
  // Still runs after dropping write permission.
  ASSERT_EQ(mprotect(p, PageSize(), PROT_READ | PROT_EXEC), 0);
  EXPECT_EQ(fn(), 42);
  munmap(p, PageSize());
}

TEST(Mmap, CallingIntoANonExecutableMappingIsSegvAccerr) {
  char* p = MapPages(1);
  ASSERT_NE(p, nullptr);
  memcpy(p, kReturn42, sizeof kReturn42);
  FaultInfo f = RunFaulting([p] { reinterpret_cast<int (*)()>(p)(); });
  EXPECT_TRUE(f.faulted);
  EXPECT_EQ(f.signo, SIGSEGV);
  EXPECT_EQ(f.code, SEGV_ACCERR);
  EXPECT_EQ(f.addr, p);
  munmap(p, PageSize());
}

// ---------------------------------------------------------------------
// munmap

TEST(Munmap, AccessAfterUnmapIsSegvMaperrAtTheAddress) {
  char* p = MapPages(1);
  ASSERT_NE(p, nullptr);
  p[0] = 1;
  ASSERT_EQ(munmap(p, PageSize()), 0);
  FaultInfo f = RunFaulting([p] { *(volatile char*)(p + 8) = 1; });
  EXPECT_TRUE(f.faulted);
  EXPECT_EQ(f.signo, SIGSEGV);
  EXPECT_EQ(f.code, SEGV_MAPERR);
  EXPECT_EQ(f.addr, p + 8);
}

TEST(Munmap, UnmappingARangeWithNothingMappedSucceeds) {
  char* p = MapPages(4);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(munmap(p, 4 * PageSize()), 0);
  // munmap(2): "It is not an error if the indicated range does not
  // contain any mapped pages."
  EXPECT_EQ(munmap(p, 4 * PageSize()), 0);
  EXPECT_EQ(munmap(p + PageSize(), PageSize()), 0);
}

TEST(Munmap, UnalignedAddressOrZeroLengthIsEinval) {
  char* p = MapPages(1);
  ASSERT_NE(p, nullptr);
  EXPECT_ERRNO(munmap(p + 1, PageSize()), EINVAL);
  EXPECT_ERRNO(munmap(p, 0), EINVAL);
  munmap(p, PageSize());
}

TEST(Munmap, HoleInTheMiddleLeavesBothSidesMapped) {
  char* p = MapPages(3);
  ASSERT_NE(p, nullptr);
  memset(p, 'a', 3 * PageSize());
  ASSERT_EQ(munmap(p + PageSize(), PageSize()), 0);
  EXPECT_EQ(p[0], 'a');
  EXPECT_EQ(p[3 * PageSize() - 1], 'a');
  FaultInfo f = RunFaulting([p] { (void)*(volatile char*)(p + PageSize()); });
  EXPECT_EQ(f.code, SEGV_MAPERR);
  EXPECT_EQ(f.addr, p + PageSize());
  munmap(p, 3 * PageSize());
}

// ---------------------------------------------------------------------
// mprotect and faults

TEST(Mprotect, ReadingProtNoneMemoryIsSegvAccerrAtTheAddress) {
  char* p = MapPages(2);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(mprotect(p + PageSize(), PageSize(), PROT_NONE), 0);
  char* target = p + PageSize() + 123;
  FaultInfo f = RunFaulting([target] { (void)*(volatile char*)target; });
  EXPECT_TRUE(f.faulted);
  EXPECT_EQ(f.signo, SIGSEGV);
  EXPECT_EQ(f.code, SEGV_ACCERR);
  EXPECT_EQ(f.addr, target);
  munmap(p, 2 * PageSize());
}

TEST(Mprotect, WritingReadOnlyMemoryIsSegvAccerrAndReadingWorks) {
  char* p = MapPages(1);
  ASSERT_NE(p, nullptr);
  p[10] = 'r';
  ASSERT_EQ(mprotect(p, PageSize(), PROT_READ), 0);
  EXPECT_EQ(p[10], 'r');
  FaultInfo f = RunFaulting([p] { *(volatile char*)(p + 10) = 'w'; });
  EXPECT_EQ(f.signo, SIGSEGV);
  EXPECT_EQ(f.code, SEGV_ACCERR);
  EXPECT_EQ(f.addr, p + 10);
  EXPECT_EQ(p[10], 'r');
  munmap(p, PageSize());
}

TEST(Mprotect, RestoringWritePermissionKeepsTheContents) {
  char* p = MapPages(1);
  ASSERT_NE(p, nullptr);
  strcpy(p, "kept");
  ASSERT_EQ(mprotect(p, PageSize(), PROT_NONE), 0);
  ASSERT_EQ(mprotect(p, PageSize(), PROT_READ | PROT_WRITE), 0);
  EXPECT_STREQ(p, "kept");
  p[0] = 'K';
  EXPECT_STREQ(p, "Kept");
  munmap(p, PageSize());
}

TEST(Mprotect, UnmappedRangeIsEnomem) {
  char* p = MapPages(2);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(munmap(p + PageSize(), PageSize()), 0);
  // mprotect(2): ENOMEM, addresses in the range are not mapped.
  EXPECT_ERRNO(mprotect(p, 2 * PageSize(), PROT_READ), ENOMEM);
  EXPECT_ERRNO(mprotect(p + PageSize(), PageSize(), PROT_READ), ENOMEM);
  munmap(p, PageSize());
}

TEST(Mprotect, UnalignedAddressOrUnknownProtIsEinval) {
  char* p = MapPages(1);
  ASSERT_NE(p, nullptr);
  EXPECT_ERRNO(mprotect(p + 1, PageSize(), PROT_READ), EINVAL);
  EXPECT_ERRNO(mprotect(p, PageSize(), 0x40), EINVAL);
  munmap(p, PageSize());
}

TEST(Fault, UnmappedLowAddressIsSegvMaperr) {
  auto* target = reinterpret_cast<volatile int*>(0x1008);
  FaultInfo f = RunFaulting([target] { (void)*target; });
  EXPECT_EQ(f.signo, SIGSEGV);
  EXPECT_EQ(f.code, SEGV_MAPERR);
  EXPECT_EQ(f.addr, (void*)0x1008);
}

TEST(Fault, NullDereferenceKillsTheChildWithSigsegv) {
  int status = RunInChild([] {
    signal(SIGSEGV, SIG_DFL);
    *(volatile int*)nullptr = 1;
    return 0;
  });
  EXPECT_KILLED_BY(status, SIGSEGV);
}

TEST(Fault, WritingToTheProgramTextIsSegvAccerr) {
  auto* text = reinterpret_cast<volatile char*>(&PageSize);
  FaultInfo f = RunFaulting([text] { *text = 0; });
  EXPECT_EQ(f.signo, SIGSEGV);
  EXPECT_EQ(f.code, SEGV_ACCERR);
  EXPECT_EQ(f.addr, (void*)text);
}

TEST(Fault, KernelHalfAddressesAreNotReadable) {
  auto* target = reinterpret_cast<volatile char*>(0xffffffff81000000ul);
  FaultInfo f = RunFaulting([target] { (void)*target; });
  EXPECT_TRUE(f.faulted);
  EXPECT_EQ(f.signo, SIGSEGV);
}

TEST(Fault, HandlerCanRepairTheFaultAndTheAccessIsRetried) {
  // After the handler returns, the faulting instruction runs again; if the
  // handler fixed the protection, it now succeeds.
  static char* page;
  page = MapPages(1, PROT_NONE);
  ASSERT_NE(page, nullptr);
  int status = RunInChild([] {
    InstallSigaction(SIGSEGV, [](int, siginfo_t* si, void*) {
      if (si->si_addr != page) _exit(3);
      mprotect(page, PageSize(), PROT_READ | PROT_WRITE);
    });
    *(volatile char*)page = 'z';
    return page[0] == 'z' ? 0 : 4;
  });
  EXPECT_EXIT0(status);
  munmap(page, PageSize());
}

// ---------------------------------------------------------------------
// mremap

TEST(Mremap, GrowingWithMaymoveKeepsTheContents) {
  char* p = MapPages(2);
  ASSERT_NE(p, nullptr);
  memset(p, 'g', 2 * PageSize());
  char* q = static_cast<char*>(mremap(p, 2 * PageSize(), 64 * PageSize(), MREMAP_MAYMOVE));
  ASSERT_NE(q, MAP_FAILED) << strerror(errno);
  EXPECT_EQ(q[0], 'g');
  EXPECT_EQ(q[2 * PageSize() - 1], 'g');
  EXPECT_EQ(q[2 * PageSize()], 0);  // the new part is zero-filled
  q[64 * PageSize() - 1] = 'e';
  munmap(q, 64 * PageSize());
}

TEST(Mremap, ShrinkingKeepsTheAddressAndUnmapsTheTail) {
  char* p = MapPages(4);
  ASSERT_NE(p, nullptr);
  memset(p, 's', 4 * PageSize());
  ASSERT_EQ(mremap(p, 4 * PageSize(), PageSize(), 0), p);
  EXPECT_EQ(p[PageSize() - 1], 's');
  FaultInfo f = RunFaulting([p] { (void)*(volatile char*)(p + PageSize()); });
  EXPECT_EQ(f.code, SEGV_MAPERR);
  munmap(p, PageSize());
}

TEST(Mremap, GrowingInPlaceIntoFreeSpaceKeepsTheAddress) {
  char* p = MapPages(2);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(munmap(p + PageSize(), PageSize()), 0);
  p[0] = 'i';
  ASSERT_EQ(mremap(p, PageSize(), 2 * PageSize(), 0), p);
  EXPECT_EQ(p[0], 'i');
  p[2 * PageSize() - 1] = 'j';
  munmap(p, 2 * PageSize());
}

TEST(Mremap, GrowingInPlaceWithoutRoomAndWithoutMaymoveIsEnomem) {
  char* p = MapPages(3);
  ASSERT_NE(p, nullptr);
  // The page after the first one is mapped, so it cannot grow in place.
  EXPECT_EQ(mremap(p, PageSize(), 2 * PageSize(), 0), MAP_FAILED);
  EXPECT_EQ(errno, ENOMEM);
  munmap(p, 3 * PageSize());
}

TEST(Mremap, MremapFixedMovesToTheGivenAddress) {
  char* src = MapPages(2);
  char* dst = MapPages(4);
  ASSERT_NE(src, nullptr);
  ASSERT_NE(dst, nullptr);
  strcpy(src, "moved");
  char* target = dst + PageSize();
  ASSERT_EQ(mremap(src, 2 * PageSize(), 2 * PageSize(), MREMAP_MAYMOVE | MREMAP_FIXED, target),
            target);
  EXPECT_STREQ(target, "moved");
  FaultInfo f = RunFaulting([src] { (void)*(volatile char*)src; });
  EXPECT_EQ(f.code, SEGV_MAPERR) << "the old range is gone";
  munmap(dst, 4 * PageSize());
}

TEST(Mremap, InvalidArgumentsAreEinval) {
  char* p = MapPages(2);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(mremap(p + 1, PageSize(), 2 * PageSize(), MREMAP_MAYMOVE), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(mremap(p, PageSize(), 2 * PageSize(), 0x80), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);
  // MREMAP_FIXED requires MREMAP_MAYMOVE.
  EXPECT_EQ(syscall(SYS_mremap, p, PageSize(), PageSize(), MREMAP_FIXED, p + PageSize()), -1);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(mremap(p, PageSize(), 0, MREMAP_MAYMOVE), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);
  munmap(p, 2 * PageSize());
}

TEST(Mremap, UnmappedOldAddressIsEfault) {
  char* p = MapPages(1);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(munmap(p, PageSize()), 0);
  EXPECT_EQ(mremap(p, PageSize(), 2 * PageSize(), MREMAP_MAYMOVE), MAP_FAILED);
  EXPECT_EQ(errno, EFAULT);
}

// ---------------------------------------------------------------------
// madvise and mincore

TEST(Madvise, DontneedZeroesPrivateAnonymousPages) {
  char* p = MapPages(2);
  ASSERT_NE(p, nullptr);
  memset(p, 'd', 2 * PageSize());
  ASSERT_EQ(madvise(p, PageSize(), MADV_DONTNEED), 0);
  EXPECT_EQ(p[0], 0);
  EXPECT_EQ(p[PageSize() - 1], 0);
  EXPECT_EQ(p[PageSize()], 'd');
  munmap(p, 2 * PageSize());
}

TEST(Madvise, DontneedKeepsSharedAnonymousContents) {
  char* p = MapPages(1, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS);
  ASSERT_NE(p, nullptr);
  memset(p, 'h', PageSize());
  ASSERT_EQ(madvise(p, PageSize(), MADV_DONTNEED), 0);
  EXPECT_EQ(p[0], 'h');
  munmap(p, PageSize());
}

TEST(Madvise, UnknownAdviceOrUnalignedAddressIsEinval) {
  char* p = MapPages(1);
  ASSERT_NE(p, nullptr);
  EXPECT_ERRNO(madvise(p, PageSize(), 12345), EINVAL);
  EXPECT_ERRNO(madvise(p + 1, PageSize(), MADV_DONTNEED), EINVAL);
  // Harmless advice is accepted.
  EXPECT_EQ(madvise(p, PageSize(), MADV_NORMAL), 0);
  EXPECT_EQ(madvise(p, PageSize(), MADV_WILLNEED), 0);
  munmap(p, PageSize());
}

TEST(Mincore, ReportsTouchedPagesResidentAndUntouchedOnesNot) {
  char* p = MapPages(2);
  ASSERT_NE(p, nullptr);
  p[0] = 1;
  unsigned char vec[2] = {0xff, 0xff};
  ASSERT_EQ(mincore(p, 2 * PageSize(), vec), 0);
  EXPECT_EQ(vec[0] & 1, 1);
  EXPECT_EQ(vec[1] & 1, 0);
  munmap(p, 2 * PageSize());
}

TEST(Mincore, UnmappedRangeIsEnomemAndUnalignedIsEinval) {
  char* p = MapPages(1);
  ASSERT_NE(p, nullptr);
  unsigned char vec[1];
  EXPECT_ERRNO(mincore(p + 1, PageSize(), vec), EINVAL);
  ASSERT_EQ(munmap(p, PageSize()), 0);
  EXPECT_ERRNO(mincore(p, PageSize(), vec), ENOMEM);
}

// ---------------------------------------------------------------------
// brk and the stack

TEST(Brk, SbrkGrowsTheHeapAndShrinksItBack) {
  // In a child: malloc also moves the break.
  int status = RunInChild([] {
    char* start = static_cast<char*>(sbrk(0));
    CHILD_CHECK(start != (char*)-1);
    const long grow = 64 * 1024;
    CHILD_CHECK(sbrk(grow) == start);
    CHILD_CHECK(sbrk(0) == start + grow);
    memset(start, 'b', grow);  // the new memory is usable
    CHILD_CHECK(start[grow - 1] == 'b');
    CHILD_CHECK(sbrk(-grow) == start + grow);
    CHILD_CHECK(sbrk(0) == start);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Brk, RawBrkReturnsTheCurrentBreakWhenItCannotMove) {
  int status = RunInChild([] {
    // brk(2), C library/kernel differences: the system call returns the
    // new break on success and the current one on failure.
    long cur = syscall(SYS_brk, 0);
    CHILD_CHECK(cur > 0);
    CHILD_CHECK(syscall(SYS_brk, 4096) == cur);  // below the data segment
    long want = cur + 3 * 4096;
    CHILD_CHECK(syscall(SYS_brk, want) == want);
    *reinterpret_cast<volatile char*>(want - 1) = 1;
    CHILD_CHECK(syscall(SYS_brk, cur) == cur);
    return 0;
  });
  EXPECT_EXIT0(status);
}

TEST(Brk, MemoryAboveTheBreakIsNotMapped) {
  int status = RunInChild([] {
    long cur = syscall(SYS_brk, 0);
    long grown = syscall(SYS_brk, cur + 2 * 4096);
    CHILD_CHECK(grown == cur + 2 * 4096);
    // Break addresses are not page aligned; round up to the first page
    // that is certainly beyond the heap once it shrinks back.
    long top = (cur + 4095) & ~4095L;
    *reinterpret_cast<volatile char*>(top + 4096) = 1;
    CHILD_CHECK(syscall(SYS_brk, cur) == cur);
    signal(SIGSEGV, SIG_DFL);
    *reinterpret_cast<volatile char*>(top + 4096) = 2;
    return 0;
  });
  EXPECT_KILLED_BY(status, SIGSEGV);
}

__attribute__((noinline)) long RecurseTouching(int depth) {
  volatile char buf[2048];
  for (size_t i = 0; i < sizeof buf; i += 512) buf[i] = static_cast<char>(depth);
  if (depth == 0) return buf[0];
  return RecurseTouching(depth - 1) + buf[512];
}

TEST(Stack, GrowsOnDemandForSeveralHundredKiB) {
  int status = RunInChild([] {
    // 300 frames of more than 2 KiB: about 700 KiB below the start.
    RecurseTouching(300);
    return 0;
  });
  EXPECT_EXIT0(status);
}

}  // namespace
}  // namespace cub
