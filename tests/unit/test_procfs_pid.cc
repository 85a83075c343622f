// The bytes of /proc/PID/{status,stat,statm,comm,cmdline}: compared with
// strings written out from Linux's fs/proc/array.c and task_mmu.c, and
// with the shape of the host's own /proc/self files where there is one.
#include "procfs_test_util.h"

#include <sys/mman.h>

#include <cstring>
#include <fstream>
#include <sstream>

namespace {

const char kDaemonStatus[] =
    "Name:\tpolkitd\n"
    "Umask:\t0022\n"
    "State:\tS (sleeping)\n"
    "Tgid:\t42\n"
    "Ngid:\t0\n"
    "Pid:\t42\n"
    "PPid:\t1\n"
    "TracerPid:\t0\n"
    "Uid:\t1000\t1001\t1002\t1001\n"
    "Gid:\t100\t101\t102\t101\n"
    "FDSize:\t64\n"
    "Groups:\t4 24 1000 \n"
    "NStgid:\t42\n"
    "NSpid:\t42\n"
    "NSpgid:\t42\n"
    "NSsid:\t42\n"
    "Kthread:\t0\n"
    "VmPeak:\t    8192 kB\n"
    "VmSize:\t    8192 kB\n"
    "VmLck:\t       0 kB\n"
    "VmPin:\t       0 kB\n"
    "VmHWM:\t    2048 kB\n"
    "VmRSS:\t    2048 kB\n"
    "RssAnon:\t    2048 kB\n"
    "RssFile:\t       0 kB\n"
    "RssShmem:\t       0 kB\n"
    "VmData:\t       0 kB\n"
    "VmStk:\t       0 kB\n"
    "VmExe:\t       0 kB\n"
    "VmLib:\t       0 kB\n"
    "VmPTE:\t       0 kB\n"
    "VmSwap:\t       0 kB\n"
    "HugetlbPages:\t       0 kB\n"
    "CoreDumping:\t0\n"
    "THP_enabled:\t0\n"
    "untag_mask:\t0xffffffffffffffff\n"
    "Threads:\t2\n"
    "SigQ:\t0/0\n"
    "SigPnd:\t0000000000000001\n"
    "ShdPnd:\t0000000000000000\n"
    "SigBlk:\t0000000000004000\n"
    "SigIgn:\t0000000000001000\n"
    "SigCgt:\t0000000200004002\n"
    "CapInh:\t0000000000000000\n"
    "CapPrm:\t0000000000000000\n"
    "CapEff:\t0000000000000000\n"
    "CapBnd:\t000001ffffffffff\n"
    "CapAmb:\t0000000000000000\n"
    "NoNewPrivs:\t0\n"
    "Seccomp:\t0\n"
    "Seccomp_filters:\t0\n"
    "Cpus_allowed:\t1\n"
    "Cpus_allowed_list:\t0\n"
    "voluntary_ctxt_switches:\t0\n"
    "nonvoluntary_ctxt_switches:\t0\n";

const char kDaemonStat[] =
    "42 (polkitd) S 1 42 42 0 -1 0 0 0 0 0 7 3 0 0 20 0 2 0 12345 "
    "8388608 512 18446744073709551615 1 1 0 0 0 "
    "1 16384 4096 16386 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

std::vector<std::string> Lines(const std::string &s) {
	std::vector<std::string> out;
	std::istringstream in(s);
	std::string l;
	while (std::getline(in, l))
		out.push_back(l);
	return out;
}

// The "Name" of each "Name:\tvalue" line.
std::vector<std::string> LineNames(const std::string &s) {
	std::vector<std::string> out;
	for (auto &l : Lines(s))
		out.push_back(l.substr(0, l.find(':')));
	return out;
}

std::string HostFile(const char *path) {
	std::ifstream f(path);
	std::stringstream ss;
	ss << f.rdbuf();
	return ss.str();
}

// The fields after "(comm)", split at spaces; field 3 comes first.
std::vector<std::string> StatFields(const std::string &s) {
	std::vector<std::string> out;
	size_t close = s.rfind(')');
	out.push_back(s.substr(0, s.find(' ')));
	out.push_back(s.substr(s.find('('), close - s.find('(') + 1));
	std::istringstream in(s.substr(close + 1));
	std::string f;
	while (in >> f)
		out.push_back(f);
	return out;
}

std::string StatusLine(const std::string &status, const std::string &name) {
	for (auto &l : Lines(status))
		if (l.compare(0, name.size() + 1, name + ":") == 0)
			return l;
	return "";
}

TEST_F(ProcfsTest, StatusExactBytes) {
	AddDaemon(42);
	EXPECT_EQ(Read("/proc/42/status"), kDaemonStatus);
}

TEST_F(ProcfsTest, StatExactBytes) {
	AddDaemon(42);
	EXPECT_EQ(Read("/proc/42/stat"), kDaemonStat);
}

TEST_F(ProcfsTest, StatHas52FieldsAndStarttimeIsField22) {
	AddDaemon(42);
	auto f = StatFields(Read("/proc/42/stat"));
	ASSERT_EQ(f.size(), 52u);
	EXPECT_EQ(f[0], "42");
	EXPECT_EQ(f[1], "(polkitd)");
	EXPECT_EQ(f[2], "S");
	EXPECT_EQ(f[3], "1");       // ppid
	EXPECT_EQ(f[13], "7");      // utime
	EXPECT_EQ(f[14], "3");      // stime
	EXPECT_EQ(f[19], "2");      // num_threads
	EXPECT_EQ(f[21], "12345");  // starttime: what polkit compares
	EXPECT_EQ(f[22], "8388608");
	EXPECT_EQ(f[23], "512");
}

TEST_F(ProcfsTest, StatFieldCountMatchesHost) {
	std::string host = HostFile("/proc/self/stat");
	if (host.empty())
		GTEST_SKIP() << "no /proc on this host";
	AddDaemon(42);
	EXPECT_EQ(StatFields(Read("/proc/42/stat")).size(),
	    StatFields(host).size());
}

TEST_F(ProcfsTest, StatCommWithParensAndSpaces) {
	FakeProc &p = AddDaemon(42);
	strcpy(p.info.comm, "a) b (c");
	std::string s = Read("/proc/42/stat");
	EXPECT_EQ(s.compare(0, 13, "42 (a) b (c) "), 0) << s;
	auto f = StatFields(s);
	ASSERT_EQ(f.size(), 52u);
	EXPECT_EQ(f[2], "S");
}

TEST_F(ProcfsTest, StatmExactBytes) {
	AddDaemon(42);
	EXPECT_EQ(Read("/proc/42/statm"), "2048 512 0 0 0 0 0\n");
}

// One area for the fake's maps.
static struct procinfo_map Area(uint64_t start, uint64_t end, int prot, int shared,
                                const char *name = "", uint64_t offset = 0,
                                uint32_t minor = 0, uint64_t ino = 0) {
	struct procinfo_map m;
	memset(&m, 0, sizeof(m));
	m.start = start;
	m.end = end;
	m.prot = prot;
	m.shared = shared;
	m.offset = offset;
	m.dev_minor = minor;
	m.ino = ino;
	snprintf(m.name, sizeof(m.name), "%s", name);
	return m;
}

TEST_F(ProcfsTest, MapsExactBytes) {
	// Lines as Linux's show_map_vma() prints them: names start at
	// column 73, anonymous areas end with the space after the inode.
	FakeProc &p = AddDaemon(42);
	p.maps.push_back(Area(0x400000, 0x401000, PROT_READ | PROT_EXEC, 0, "/bin/prog", 0, 2, 17));
	p.maps.push_back(Area(0x401000, 0x403000, PROT_READ | PROT_WRITE, 0, "[heap]"));
	p.maps.push_back(Area(0x7f0000000000, 0x7f0000002000, PROT_READ | PROT_WRITE, 1,
	                      "/memfd:a\nb (deleted)", 0x3000, 1, 1234));
	p.maps.push_back(Area(0x7f0000002000, 0x7f0000003000, PROT_NONE, 0));
	EXPECT_EQ(Read("/proc/42/maps"),
	          "00400000-00401000 r-xp 00000000 00:02 17"
	          "                                 /bin/prog\n"
	          "00401000-00403000 rw-p 00000000 00:00 0"
	          "                                  [heap]\n"
	          "7f0000000000-7f0000002000 rw-s 00003000 00:01 1234"
	          "                       /memfd:a\\012b (deleted)\n"
	          "7f0000002000-7f0000003000 ---p 00000000 00:00 0 \n");
	p.maps.clear();
	EXPECT_EQ(Read("/proc/42/maps"), "");
}

TEST_F(ProcfsTest, ZombieHasNoMemory) {
	FakeProc &p = AddDaemon(42);
	p.info.state = 'Z';
	std::string st = Read("/proc/42/status");
	EXPECT_EQ(StatusLine(st, "State"), "State:\tZ (zombie)");
	EXPECT_EQ(StatusLine(st, "VmSize"), "");
	EXPECT_EQ(StatusLine(st, "CoreDumping"), "");
	EXPECT_EQ(StatusLine(st, "Threads"), "Threads:\t2");
	auto f = StatFields(Read("/proc/42/stat"));
	ASSERT_EQ(f.size(), 52u);
	EXPECT_EQ(f[2], "Z");
	EXPECT_EQ(f[22], "0");
	EXPECT_EQ(f[23], "0");
	EXPECT_EQ(f[25], "0");
	EXPECT_EQ(Read("/proc/42/statm"), "0 0 0 0 0 0 0\n");
}

TEST_F(ProcfsTest, StatusStateNames) {
	FakeProc &p = AddDaemon(42);
	const struct {
		char c;
		const char *line;
	} want[] = {
		{'R', "State:\tR (running)"}, {'S', "State:\tS (sleeping)"},
		{'D', "State:\tD (disk sleep)"}, {'T', "State:\tT (stopped)"},
		{'t', "State:\tt (tracing stop)"}, {'Z', "State:\tZ (zombie)"},
	};
	for (auto &w : want) {
		p.info.state = w.c;
		EXPECT_EQ(StatusLine(Read("/proc/42/status"), "State"), w.line);
		EXPECT_EQ(StatFields(Read("/proc/42/stat"))[2], std::string(1, w.c));
	}
}

TEST_F(ProcfsTest, StatusEmptyGroupsKeepTheTrailingSpace) {
	FakeProc &p = AddDaemon(42);
	p.groups.clear();
	EXPECT_EQ(StatusLine(Read("/proc/42/status"), "Groups"), "Groups:\t ");
	p.groups = {27};
	EXPECT_EQ(StatusLine(Read("/proc/42/status"), "Groups"), "Groups:\t27 ");
}

TEST_F(ProcfsTest, StatusUidGidLinesAreTabSeparated) {
	FakeProc &p = AddDaemon(42);
	p.info.ruid = 0;
	p.info.euid = 4294967294u;  // nobody's overflow id, unsigned
	std::string st = Read("/proc/42/status");
	EXPECT_EQ(StatusLine(st, "Uid"), "Uid:\t0\t4294967294\t1002\t1001");
	EXPECT_EQ(StatusLine(st, "Gid"), "Gid:\t100\t101\t102\t101");
}

TEST_F(ProcfsTest, StatusNameEscapesNewlineAndBackslash) {
	FakeProc &p = AddDaemon(42);
	strcpy(p.info.comm, "a\\b\nc d");
	std::string st = Read("/proc/42/status");
	EXPECT_EQ(StatusLine(st, "Name"), "Name:\ta\\\\b\\nc d");
	// stat and comm show the name as it is.
	EXPECT_EQ(Read("/proc/42/comm"), "a\\b\nc d\n");
	EXPECT_EQ(Read("/proc/42/stat").compare(0, 13, "42 (a\\b\nc d) "), 0);
}

TEST_F(ProcfsTest, StatusUmaskFormats) {
	FakeProc &p = AddDaemon(42);
	const struct {
		uint32_t umask;
		const char *line;
	} want[] = {
		{0, "Umask:\t0000"}, {022, "Umask:\t0022"}, {077, "Umask:\t0077"},
		{0777, "Umask:\t0777"}, {027, "Umask:\t0027"},
	};
	for (auto &w : want) {
		p.info.umask = w.umask;
		EXPECT_EQ(StatusLine(Read("/proc/42/status"), "Umask"), w.line);
	}
}

TEST_F(ProcfsTest, StatusCapabilitiesFollowTheUids) {
	FakeProc &p = AddDaemon(42);
	p.info.ruid = p.info.euid = p.info.suid = p.info.fsuid = 0;
	std::string st = Read("/proc/42/status");
	EXPECT_EQ(StatusLine(st, "CapPrm"), "CapPrm:\t000001ffffffffff");
	EXPECT_EQ(StatusLine(st, "CapEff"), "CapEff:\t000001ffffffffff");
	// A root daemon that switched its effective uid keeps the permitted set.
	p.info.euid = 1000;
	st = Read("/proc/42/status");
	EXPECT_EQ(StatusLine(st, "CapPrm"), "CapPrm:\t000001ffffffffff");
	EXPECT_EQ(StatusLine(st, "CapEff"), "CapEff:\t0000000000000000");
}

TEST_F(ProcfsTest, StatusFdSizeGrowsWithDescriptors) {
	FakeProc &p = AddDaemon(42);
	p.fds[63] = "x";
	EXPECT_EQ(StatusLine(Read("/proc/42/status"), "FDSize"), "FDSize:\t64");
	p.fds[64] = "x";
	EXPECT_EQ(StatusLine(Read("/proc/42/status"), "FDSize"), "FDSize:\t128");
	p.fds[300] = "x";
	EXPECT_EQ(StatusLine(Read("/proc/42/status"), "FDSize"), "FDSize:\t512");
}

TEST_F(ProcfsTest, StatusLineOrderMatchesHost) {
	std::string host = HostFile("/proc/self/status");
	if (host.empty())
		GTEST_SKIP() << "no /proc on this host";
	AddDaemon(42);
	auto ours = LineNames(Read("/proc/42/status"));
	auto theirs = LineNames(host);
	// Every line we print is one the host prints, in the same order
	// (lines new in Linux after the host's kernel are let through).
	size_t at = 0, matched = 0;
	for (auto &n : ours) {
		auto it = std::find(theirs.begin(), theirs.end(), n);
		if (it == theirs.end())
			continue;
		size_t idx = (size_t)(it - theirs.begin());
		EXPECT_GE(idx, at) << n << " is out of order";
		at = idx;
		matched++;
	}
	EXPECT_GE(matched, 30u);
	for (const char *must : {"Name", "Umask", "State", "Tgid", "Pid", "PPid",
	    "Uid", "Gid", "Groups", "VmSize", "VmRSS", "Threads", "SigBlk"})
		EXPECT_NE(std::find(theirs.begin(), theirs.end(), must), theirs.end())
		    << must;
}

TEST_F(ProcfsTest, StatusLinesParseLikeHost) {
	std::string host = HostFile("/proc/self/status");
	if (host.empty())
		GTEST_SKIP() << "no /proc on this host";
	AddDaemon(42);
	std::string ours = Read("/proc/42/status");
	// The separators polkit and libprocps rely on, line by line; a
	// number counts as one digit and padding as one space, as widths vary.
	auto shape = [](const std::string &line) {
		std::string s;
		for (char c : line)
			s += (c >= '0' && c <= '9') ? 'd' : (c == '\t' || c == ' '
			    || c == ':') ? c : 'x';
		std::string squeezed;
		for (char c : s) {
			// Padding before a wide value (ASan's VmSize) may vanish.
			if (c == ' ' && !squeezed.empty() && squeezed.back() == '\t')
				continue;
			if (squeezed.empty() || squeezed.back() != c ||
			    (c != 'd' && c != ' '))
				squeezed += c;
		}
		return squeezed;
	};
	for (const char *n : {"Uid", "Gid", "Tgid", "Pid", "PPid", "TracerPid",
	    "Umask", "FDSize", "VmSize", "VmRSS", "Threads", "SigQ", "SigBlk",
	    "NSpid", "voluntary_ctxt_switches"})
		EXPECT_EQ(shape(StatusLine(ours, n)), shape(StatusLine(host, n))) << n;
	// Groups: numbers separated by single spaces, then one space.
	std::string g = StatusLine(ours, "Groups");
	EXPECT_EQ(g.back(), ' ');
	EXPECT_EQ(StatusLine(host, "Groups").back(), ' ');
}

TEST_F(ProcfsTest, OneByteReadsGiveTheSameBytes) {
	AddDaemon(42);
	EXPECT_EQ(Read("/proc/42/stat", 1), kDaemonStat);
	EXPECT_EQ(Read("/proc/42/status", 1), kDaemonStatus);
	EXPECT_EQ(Read("/proc/42/status", 7), kDaemonStatus);
}

TEST_F(ProcfsTest, ReadsAtOffsets) {
	AddDaemon(42);
	struct fs_ctx c = Ctx(&rootc);
	struct inode *ino = nullptr;
	ASSERT_EQ(fs_open(&c, "/proc/42/stat", O_RDONLY, 0, &ino), 0);
	char buf[16];
	ASSERT_EQ(fs_read(ino, buf, 9, 3), 9);
	EXPECT_EQ(std::string(buf, 9), "(polkitd)");
	size_t len = strlen(kDaemonStat);
	EXPECT_EQ(fs_read(ino, buf, sizeof(buf), (int64_t)len - 2), 2);
	EXPECT_EQ(fs_read(ino, buf, sizeof(buf), (int64_t)len), 0);
	EXPECT_EQ(fs_read(ino, buf, sizeof(buf), 1 << 20), 0);
	fs_put(ino);
}

TEST_F(ProcfsTest, CommHasNewline) {
	pf::Add(42, "dbus-daemon");
	EXPECT_EQ(Read("/proc/42/comm"), "dbus-daemon\n");
}

TEST_F(ProcfsTest, CmdlineIsTheRawArgumentBytes) {
	FakeProc &p = pf::Add(42, "dbus-daemon");
	p.args = std::string("/usr/bin/dbus-daemon\0--system\0--nofork\0", 40);
	EXPECT_EQ(Read("/proc/42/cmdline"), p.args);
	EXPECT_EQ(Read("/proc/42/cmdline", 1), p.args);
	EXPECT_EQ(Read("/proc/42/cmdline", 3), p.args);
	pf::Add(43, "empty");
	EXPECT_EQ(Read("/proc/43/cmdline"), "");
}

TEST_F(ProcfsTest, LargeCmdlineReadsInChunks) {
	FakeProc &p = pf::Add(42, "sh");
	for (int i = 0; i < 3000; i++)
		p.args += "arg" + std::to_string(i) + std::string(1, '\0');
	ASSERT_GT(p.args.size(), 8192u);
	EXPECT_EQ(Read("/proc/42/cmdline"), p.args);
	EXPECT_EQ(Read("/proc/42/cmdline", 1000), p.args);
}

TEST_F(ProcfsTest, HostSelfStatusHasTheLinesWeParse) {
	std::string host = HostFile("/proc/self/status");
	if (host.empty())
		GTEST_SKIP() << "no /proc on this host";
	// The host's own status parses the way our tests parse ours.
	std::string uid = StatusLine(host, "Uid");
	ASSERT_FALSE(uid.empty());
	std::istringstream in(uid.substr(5));
	unsigned a, b, c, d;
	ASSERT_TRUE(in >> a >> b >> c >> d);
	EXPECT_EQ(b, (unsigned)geteuid());
	EXPECT_EQ(StatusLine(host, "Pid"), "Pid:\t" + std::to_string(getpid()));
}

} // namespace
