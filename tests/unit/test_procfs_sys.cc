// /proc's machine-wide files: meminfo, uptime, stat, filesystems, mounts.
#include "procfs_test_util.h"

#include <fstream>
#include <regex>
#include <sstream>

namespace {

std::vector<std::string> Lines(const std::string &s) {
	std::vector<std::string> out;
	std::istringstream in(s);
	std::string l;
	while (std::getline(in, l))
		out.push_back(l);
	return out;
}

std::string HostFile(const char *path) {
	std::ifstream f(path);
	std::stringstream ss;
	ss << f.rdbuf();
	return ss.str();
}

TEST_F(ProcfsTest, MeminfoFirstLinesExact) {
	pf::System().mem_total = 512ull << 20;
	pf::System().mem_free = 300ull << 20;
	std::string m = Read("/proc/meminfo");
	EXPECT_EQ(m.substr(0, 3 * 28),
	    "MemTotal:         524288 kB\n"
	    "MemFree:          307200 kB\n"
	    "MemAvailable:     307200 kB\n");
	auto l = Lines(m);
	EXPECT_NE(std::find(l.begin(), l.end(), "SwapTotal:             0 kB"),
	    l.end());
	EXPECT_NE(std::find(l.begin(), l.end(), "CommitLimit:      262144 kB"),
	    l.end());
}

TEST_F(ProcfsTest, MeminfoLinesHaveLinuxShape) {
	pf::System().mem_total = 64ull << 30;
	std::regex line("^[A-Za-z()_]+: +[0-9]+ kB$");
	auto l = Lines(Read("/proc/meminfo"));
	ASSERT_GE(l.size(), 20u);
	for (auto &s : l) {
		EXPECT_TRUE(std::regex_match(s, line)) << s;
		// The value ends in column 24, as show_val_kb() pads it.
		EXPECT_EQ(s.size(), 27u) << s;
	}
}

TEST_F(ProcfsTest, MeminfoOrderMatchesHost) {
	std::string host = HostFile("/proc/meminfo");
	if (host.empty())
		GTEST_SKIP() << "no /proc on this host";
	std::vector<std::string> theirs;
	for (auto &s : Lines(host))
		theirs.push_back(s.substr(0, s.find(':')));
	size_t at = 0;
	for (auto &s : Lines(Read("/proc/meminfo"))) {
		std::string n = s.substr(0, s.find(':'));
		auto it = std::find(theirs.begin(), theirs.end(), n);
		ASSERT_NE(it, theirs.end()) << n << " is not a Linux line";
		EXPECT_GE((size_t)(it - theirs.begin()), at) << n;
		at = (size_t)(it - theirs.begin());
	}
}

TEST_F(ProcfsTest, UptimeFormat) {
	pf::System().uptime_ns = 123456789012ull;
	EXPECT_EQ(Read("/proc/uptime"), "123.45 123.45\n");
	pf::System().uptime_ns = 5000000ull;
	EXPECT_EQ(Read("/proc/uptime"), "0.00 0.00\n");
	pf::System().uptime_ns = 7090000000ull;
	EXPECT_EQ(Read("/proc/uptime"), "7.09 7.09\n");
}

TEST_F(ProcfsTest, UptimeShapeMatchesHost) {
	std::string host = HostFile("/proc/uptime");
	if (host.empty())
		GTEST_SKIP() << "no /proc on this host";
	std::regex shape("^[0-9]+\\.[0-9]{2} [0-9]+\\.[0-9]{2}\n$");
	EXPECT_TRUE(std::regex_match(host, shape));
	pf::System().uptime_ns = 99990000000ull;
	EXPECT_TRUE(std::regex_match(Read("/proc/uptime"), shape));
}

TEST_F(ProcfsTest, FilesystemsListsNodevTypes) {
	EXPECT_EQ(Read("/proc/filesystems"),
	    "nodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\nnodev\tmqueue\n");
}

TEST_F(ProcfsTest, SysStatHasBtimeAndProcesses) {
	pf::System().boot_time_s = 1700000000;
	pf::System().nprocs = 3;
	pf::System().uptime_ns = 2500000000ull;
	auto l = Lines(Read("/proc/stat"));
	ASSERT_GE(l.size(), 4u);
	EXPECT_EQ(l[0], "cpu  0 0 0 250 0 0 0 0 0 0");
	EXPECT_EQ(l[1], "cpu0 0 0 0 250 0 0 0 0 0 0");
	EXPECT_NE(std::find(l.begin(), l.end(), "btime 1700000000"), l.end());
	EXPECT_NE(std::find(l.begin(), l.end(), "processes 3"), l.end());
	EXPECT_NE(std::find(l.begin(), l.end(), "procs_running 1"), l.end());
}

TEST_F(ProcfsTest, MountsEmptyWithoutHook) {
	pf::Add(42, "sh");
	EXPECT_EQ(Read("/proc/42/mounts"), "");
}

TEST_F(ProcfsTest, LongMountTableIsAskedForAgain) {
	pf::Add(42, "sh");
	pf::SetSelf(42);
	static std::string table;
	table.clear();
	for (int i = 0; i < 100; i++)
		table += "tmpfs /mnt/" + std::to_string(i) +
		    " tmpfs rw,nosuid,nodev,relatime 0 0\n";
	ASSERT_GT(table.size(), 2048u);
	procfs_mounts_hook = [](int, char *buf, size_t size) -> long {
		memcpy(buf, table.data(), std::min(size, table.size()));
		return (long)table.size();
	};
	EXPECT_EQ(Read("/proc/42/mounts"), table);
	EXPECT_EQ(Read("/proc/mounts", 100), table);
}

TEST_F(ProcfsTest, MeminfoChunkedEqualsWhole) {
	pf::System().mem_total = 1ull << 30;
	pf::System().mem_free = 1ull << 29;
	std::string whole = Read("/proc/meminfo");
	EXPECT_EQ(Read("/proc/meminfo", 1), whole);
	EXPECT_EQ(Read("/proc/meminfo", 13), whole);
}

} // namespace

// /proc/cmdline is the kernel's command line and a newline, as Linux;
// empty before the boot code sets it.
TEST_F(ProcfsTest, CmdlineIsTheKernelCommandLine) {
	const char *saved = procfs_cmdline;
	procfs_cmdline = nullptr;
	EXPECT_EQ(Read("/proc/cmdline"), "\n");
	procfs_cmdline = "loglevel=5 cub.token=abc -- x";
	EXPECT_EQ(Read("/proc/cmdline"), "loglevel=5 cub.token=abc -- x\n");
	procfs_cmdline = saved;
}
