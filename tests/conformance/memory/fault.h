// Running code that is expected to fault, in a child, and reporting the
// siginfo of the fault.
#ifndef CUB_CONFORMANCE_MEMORY_FAULT_H
#define CUB_CONFORMANCE_MEMORY_FAULT_H

#include <sys/mman.h>

#include <new>

#include "conformance.h"

namespace cub {

struct FaultInfo {
  int signo = 0;
  int code = 0;
  void* addr = nullptr;
  bool faulted = false;  // false: fn returned without a fault
};

constexpr int kFaultedStatus = 77;

// The page the child records its fault in is shared with the parent.  It
// is mapped once, before main(), so that it never lands in a hole a test
// has just unmapped on purpose.
inline FaultInfo* const g_fault_slot = [] {
  void* page = mmap(nullptr, 4096, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  return page == MAP_FAILED ? nullptr : new (page) FaultInfo();
}();

inline void RecordFault(int sig, siginfo_t* si, void*) {
  g_fault_slot->signo = sig;
  g_fault_slot->code = si->si_code;
  g_fault_slot->addr = si->si_addr;
  g_fault_slot->faulted = true;
  _exit(kFaultedStatus);
}

// Runs fn in a child with SIGSEGV and SIGBUS handlers that record the
// signal, si_code and si_addr in shared memory and exit.  Returns what was
// recorded; *status_out (if given) receives the child's wait status.
inline FaultInfo RunFaulting(const std::function<void()>& fn,
                             int* status_out = nullptr) {
  FaultInfo result;
  if (g_fault_slot == nullptr) {
    ADD_FAILURE() << "no shared page for fault reports";
    return result;
  }
  *g_fault_slot = FaultInfo();
  int status = RunInChild([&] {
    InstallSigaction(SIGSEGV, RecordFault);
    InstallSigaction(SIGBUS, RecordFault);
    fn();
    return 0;
  });
  if (status_out) *status_out = status;
  result = *g_fault_slot;
  if (result.faulted)
    EXPECT_EXIT_STATUS(status, kFaultedStatus);
  else
    EXPECT_EXIT0(status);
  return result;
}

inline long PageSize() { return sysconf(_SC_PAGESIZE); }

// An anonymous private read-write mapping of n pages (nullptr on failure).
inline char* MapPages(size_t n, int prot = PROT_READ | PROT_WRITE,
                      int flags = MAP_PRIVATE | MAP_ANONYMOUS) {
  void* p = mmap(nullptr, n * PageSize(), prot, flags, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<char*>(p);
}

}  // namespace cub

#endif  // CUB_CONFORMANCE_MEMORY_FAULT_H
