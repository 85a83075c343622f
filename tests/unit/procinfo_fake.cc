// A fake of core/proc/procinfo.h for the host tests: a process table the
// tests fill in (procinfo_fake.h).  procinfo_get hands out its groups in
// one shared buffer that every later procinfo call scribbles over, as
// "valid until the next procinfo call" allows, so a caller that keeps the
// pointer too long reads garbage and its test fails.
#include "procinfo_fake.h"

#include <cerrno>
#include <cstring>

namespace {

std::map<int, FakeProc> table;
int self_pid = 0;
struct sysinfo_snapshot sys;
uint32_t groups_buf[64];

void Scribble() {
	memset(groups_buf, 0xa5, sizeof(groups_buf));
}

FakeProc *Find(int pid) {
	auto it = table.find(pid);
	return it == table.end() ? nullptr : &it->second;
}

long CopyOut(const std::string &s, char *buf, size_t size) {
	size_t n = s.size() < size ? s.size() : size;
	memcpy(buf, s.data(), n);
	return (long)n;
}

} // namespace

namespace procinfo_fake {

void Reset() {
	table.clear();
	self_pid = 0;
	memset(&sys, 0, sizeof(sys));
}

FakeProc &Add(int pid, const char *comm) {
	FakeProc &p = table[pid];
	p = FakeProc();
	memset(&p.info, 0, sizeof(p.info));
	p.info.pid = pid;
	p.info.ppid = 1;
	p.info.pgid = pid;
	p.info.sid = pid;
	strncpy(p.info.comm, comm, PROCINFO_COMM_MAX - 1);
	p.info.state = 'S';
	p.info.nthreads = 1;
	p.info.umask = 022;
	return p;
}

FakeProc &Get(int pid) {
	return table.at(pid);
}

void Remove(int pid) {
	table.erase(pid);
}

void SetSelf(int pid) {
	self_pid = pid;
}

struct sysinfo_snapshot &System() {
	return sys;
}

} // namespace procinfo_fake

extern "C" int procinfo_get(int pid, struct procinfo *out) {
	Scribble();
	FakeProc *p = Find(pid);
	if (p == nullptr)
		return -ESRCH;
	*out = p->info;
	size_t n = p->groups.size();
	if (n > sizeof(groups_buf) / sizeof(groups_buf[0]))
		n = sizeof(groups_buf) / sizeof(groups_buf[0]);
	if (n != 0)
		memcpy(groups_buf, p->groups.data(), n * sizeof(uint32_t));
	out->groups = groups_buf;
	out->ngroups = n;
	return 0;
}

extern "C" int procinfo_self(void) {
	Scribble();
	return self_pid;
}

extern "C" int procinfo_pids(int *pids, int max) {
	Scribble();
	int n = 0;
	for (auto &e : table) {
		if (n == max)
			break;
		pids[n++] = e.first;
	}
	return n;
}

extern "C" long procinfo_exe(int pid, char *buf, size_t size) {
	Scribble();
	FakeProc *p = Find(pid);
	if (p == nullptr)
		return -ESRCH;
	if (p->exe.empty())
		return -ENOENT;
	return CopyOut(p->exe, buf, size);
}

extern "C" long procinfo_args(int pid, int env, char *buf, size_t size) {
	Scribble();
	FakeProc *p = Find(pid);
	if (p == nullptr)
		return -ESRCH;
	return CopyOut(env ? p->env : p->args, buf, size);
}

extern "C" int procinfo_fds(int pid, int *fds, int max) {
	Scribble();
	FakeProc *p = Find(pid);
	if (p == nullptr)
		return -ESRCH;
	int n = 0;
	for (auto &e : p->fds) {
		if (n == max)
			break;
		fds[n++] = e.first;
	}
	return n;
}

extern "C" long procinfo_fd_target(int pid, int fd, char *buf, size_t size) {
	Scribble();
	FakeProc *p = Find(pid);
	if (p == nullptr)
		return -ESRCH;
	auto it = p->fds.find(fd);
	if (it == p->fds.end())
		return -EBADF;
	return CopyOut(it->second, buf, size);
}

extern "C" int procinfo_map_area(int pid, int index, struct procinfo_map *out) {
	Scribble();
	FakeProc *p = Find(pid);
	if (p == nullptr)
		return -ESRCH;
	if (index < 0 || (size_t)index >= p->maps.size())
		return -ENOENT;
	*out = p->maps[(size_t)index];
	return 0;
}

extern "C" void procinfo_system(struct sysinfo_snapshot *out) {
	Scribble();
	*out = sys;
}
