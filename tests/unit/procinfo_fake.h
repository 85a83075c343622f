// A settable process table behind core/proc/procinfo.h, for the procfs
// tests (tests/unit/procinfo_fake.cc implements procinfo.h on it).
#ifndef CUB_TESTS_UNIT_PROCINFO_FAKE_H
#define CUB_TESTS_UNIT_PROCINFO_FAKE_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

extern "C" {
#include "proc/procinfo.h"
}

struct FakeProc {
	struct procinfo info;           // groups/ngroups are filled from below
	std::vector<uint32_t> groups;
	std::string exe;                // empty: procinfo_exe says -ENOENT
	std::string args, env;          // NUL-separated, as in memory
	std::map<int, std::string> fds; // descriptor -> link target
	std::vector<struct procinfo_map> maps; // memory areas, in order
};

namespace procinfo_fake {

// Empties the table, the caller ("self" = 0) and the system figures.
void Reset();
// A sleeping process with made-up defaults; returns it for editing.
FakeProc &Add(int pid, const char *comm);
FakeProc &Get(int pid);
void Remove(int pid);
void SetSelf(int pid);
struct sysinfo_snapshot &System();

} // namespace procinfo_fake

#endif
