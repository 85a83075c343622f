// Tests for core/proc/ustack.c.  Each image is built into a heap buffer of
// exactly the requested size (ASan catches a write past either end), and
// is read back by StackReader the way a new process reads its stack: from
// rsp, through pointers that are user addresses.  The exact positions are
// checked against a stack recorded on Linux 6.18 (see
// MatchesAStackRecordedOnLinux).
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <sys/resource.h>

#include <linux/auxvec.h>
#include <linux/binfmts.h>
#include <linux/limits.h>

#include "proc/ustack.h"

namespace {

constexpr uint64_t kTop = 0x7ffffffde000;
constexpr uint8_t kGuard = 0xA5;

struct Input {
	std::vector<std::string> argv{"/bin/prog", "-v", "file name"};
	std::vector<std::string> envp{"HOME=/root", "PATH=/bin:/sbin", "X="};
	std::string execfn = "/bin/prog";
	std::vector<ustack_aux> aux{{AT_PHDR, 0x400040}, {AT_PHENT, 56},
	                            {AT_PHNUM, 10},      {AT_PAGESZ, 4096},
	                            {AT_ENTRY, 0x401000}, {AT_UID, 1000},
	                            {AT_SECURE, 0}};
	uint8_t random[USTACK_RANDOM_SIZE];
	uint64_t top = kTop;
	uint64_t rlim = 8 << 20;
	bool null_argv_array = false;

	Input() {
		for (int i = 0; i < USTACK_RANDOM_SIZE; i++)
			random[i] = static_cast<uint8_t>(0xC0 + i);
	}
};

struct Built {
	int r = 0;
	ustack_layout l{};
	std::unique_ptr<uint8_t[]> mem;	// guard + buffer
	uint8_t *buf = nullptr;
	size_t size = 0;
	uint64_t top = 0;
};

// Builds into a buffer of buf_size bytes that starts `misalign` bytes
// into an allocation filled with a guard pattern.
Built Build(const Input &in, size_t buf_size = 64 << 10, size_t misalign = 0) {
	std::vector<const char *> argv, envp;
	for (const auto &s : in.argv)
		argv.push_back(s.c_str());
	for (const auto &s : in.envp)
		envp.push_back(s.c_str());
	ustack_args a{};
	a.argv = in.null_argv_array ? nullptr : argv.data();
	a.argc = argv.size();
	a.envp = envp.data();
	a.envc = envp.size();
	a.execfn = in.execfn.c_str();
	a.aux = in.aux.data();
	a.naux = in.aux.size();
	a.random = in.random;
	a.stack_top = in.top;
	a.rlim_stack = in.rlim;

	Built b;
	b.mem.reset(new uint8_t[buf_size + misalign]);
	memset(b.mem.get(), kGuard, buf_size + misalign);
	b.buf = b.mem.get() + misalign;
	b.size = buf_size;
	b.top = in.top;
	b.r = ustack_build(&a, b.buf, buf_size, &b.l);
	return b;
}

// Reads the image as the new process would, checking that every address
// it follows lies inside the image.
class StackReader {
public:
	explicit StackReader(const Built &b) : b_(b) {}

	uint64_t Word(uint64_t addr) {
		uint64_t v = 0;
		if (Inside(addr, 8))
			memcpy(&v, At(addr), 8);
		return v;
	}

	std::string Str(uint64_t addr) {
		std::string s;
		while (Inside(addr, 1) && *At(addr) != 0) {
			s.push_back(static_cast<char>(*At(addr)));
			addr++;
		}
		Inside(addr, 1);
		return s;
	}

	std::vector<uint8_t> Bytes(uint64_t addr, size_t n) {
		std::vector<uint8_t> v;
		if (Inside(addr, n))
			v.assign(At(addr), At(addr) + n);
		return v;
	}

	bool ok() const { return ok_; }

private:
	bool Inside(uint64_t addr, size_t n) {
		uint64_t lo = b_.top - b_.l.size;
		if (addr < lo || addr > b_.top || n > b_.top - addr) {
			ADD_FAILURE() << std::hex << "address 0x" << addr << "+" << n
			              << " outside the image [0x" << lo << ", 0x" << b_.top << ")";
			ok_ = false;
			return false;
		}
		return true;
	}
	const uint8_t *At(uint64_t addr) const {
		return b_.buf + b_.size - (b_.top - addr);
	}

	const Built &b_;
	bool ok_ = true;
};

// What the process sees at entry.
struct Process {
	uint64_t argc = 0;
	std::vector<std::string> argv, envp;
	std::vector<uint64_t> argv_ptrs, envp_ptrs;
	std::vector<std::pair<uint64_t, uint64_t>> auxv;	// without AT_NULL
	uint64_t auxv_end = 0;	// address after AT_NULL's pair

	uint64_t Aux(uint64_t type) const {
		for (const auto &p : auxv)
			if (p.first == type)
				return p.second;
		ADD_FAILURE() << "no aux entry " << type;
		return 0;
	}
};

Process ReadBack(const Built &b, StackReader &rd) {
	Process p;
	uint64_t sp = b.l.sp;
	p.argc = rd.Word(sp);
	uint64_t a = sp + 8;
	for (uint64_t i = 0; i < p.argc && rd.ok(); i++, a += 8) {
		p.argv_ptrs.push_back(rd.Word(a));
		p.argv.push_back(rd.Str(rd.Word(a)));
	}
	EXPECT_EQ(rd.Word(a), 0u) << "argv ends with NULL";
	a += 8;
	while (rd.ok() && rd.Word(a) != 0) {
		p.envp_ptrs.push_back(rd.Word(a));
		p.envp.push_back(rd.Str(rd.Word(a)));
		a += 8;
	}
	a += 8;
	while (rd.ok() && rd.Word(a) != AT_NULL) {
		p.auxv.emplace_back(rd.Word(a), rd.Word(a + 8));
		a += 16;
	}
	EXPECT_EQ(rd.Word(a + 8), 0u) << "AT_NULL's value";
	p.auxv_end = a + 16;
	return p;
}

std::vector<std::string> ArgvOf(const Input &in) {
	return in.argv.empty() ? std::vector<std::string>{""} : in.argv;
}

// Every property Linux's layout has, for any input.
void CheckImage(const Input &in, const Built &b) {
	ASSERT_EQ(b.r, 0);
	const ustack_layout &l = b.l;
	StackReader rd(b);
	Process p = ReadBack(b, rd);
	ASSERT_TRUE(rd.ok());

	EXPECT_EQ(l.sp % 16, 0u);
	EXPECT_EQ(l.size, b.top - l.sp);
	EXPECT_EQ(p.argc, ArgvOf(in).size());
	EXPECT_EQ(l.argc, p.argc);
	EXPECT_EQ(p.argv, ArgvOf(in));
	EXPECT_EQ(p.envp, in.envp);
	EXPECT_EQ(l.argv, l.sp + 8);
	EXPECT_EQ(l.envp, l.argv + 8 * (p.argc + 1));
	EXPECT_EQ(l.auxv, l.envp + 8 * (in.envp.size() + 1));
	EXPECT_EQ(l.auxc, p.auxv.size() + 1);
	EXPECT_EQ(p.auxv_end, l.auxv + 16 * l.auxc);

	// The top word is zero; execfn, envp and argv strings lie below it.
	EXPECT_EQ(rd.Word(b.top - 8), 0u);
	EXPECT_EQ(rd.Str(l.execfn), in.execfn);
	EXPECT_EQ(l.execfn + in.execfn.size() + 1, b.top - 8);
	EXPECT_EQ(l.env_end, l.execfn);
	EXPECT_EQ(l.arg_end, l.env_start);
	uint64_t at = l.arg_start;
	for (size_t i = 0; i < p.argv_ptrs.size(); i++) {
		EXPECT_EQ(p.argv_ptrs[i], at) << "argv strings are packed in order";
		at += p.argv[i].size() + 1;
	}
	EXPECT_EQ(at, l.arg_end);
	for (size_t i = 0; i < p.envp_ptrs.size(); i++) {
		EXPECT_EQ(p.envp_ptrs[i], at) << "envp strings are packed in order";
		at += p.envp[i].size() + 1;
	}
	EXPECT_EQ(at, l.env_end);

	// Platform string at the 16-byte boundary below the strings, the
	// random bytes right under it, then less than 16 bytes of padding.
	EXPECT_EQ(l.platform + sizeof(USTACK_PLATFORM), l.arg_start & ~15ULL);
	EXPECT_EQ(rd.Str(l.platform), "x86_64");
	EXPECT_EQ(l.random + USTACK_RANDOM_SIZE, l.platform);
	EXPECT_EQ(rd.Bytes(l.random, USTACK_RANDOM_SIZE),
	          std::vector<uint8_t>(in.random, in.random + USTACK_RANDOM_SIZE));
	EXPECT_LE(p.auxv_end, l.random);
	EXPECT_LT(l.random - p.auxv_end, 16u);
	for (uint64_t pad = p.auxv_end; pad < l.random; pad++)
		EXPECT_EQ(rd.Bytes(pad, 1)[0], 0) << "padding is zeroed";

	EXPECT_EQ(p.Aux(AT_RANDOM), l.random);
	EXPECT_EQ(p.Aux(AT_EXECFN), l.execfn);
	EXPECT_EQ(p.Aux(AT_PLATFORM), l.platform);
	for (const auto &e : in.aux) {
		if (e.type != AT_RANDOM && e.type != AT_EXECFN && e.type != AT_PLATFORM) {
			EXPECT_EQ(p.Aux(e.type), e.value) << e.type;
		}
	}

	// Nothing outside the image was written.
	for (size_t i = 0; i < b.size - l.size; i++)
		ASSERT_EQ(b.buf[i], kGuard) << "byte " << i << " below the image";
}

TEST(Ustack, ReadsBackAsAProcessWould) {
	Input in;
	Built b = Build(in);
	CheckImage(in, b);
}

TEST(Ustack, MatchesAStackRecordedOnLinux) {
	// A static glibc program run on Linux 6.18 as
	// env -i A=1 B=22 ./stk x yy; it printed these auxv types in this
	// order and, relative to AT_PLATFORM's string, these positions.  The
	// 16-byte-multiple random shift Linux adds below the strings is left
	// out here (the kernel may pass a lower stack_top for it).
	Input in;
	in.argv = {"./stk", "x", "yy"};
	in.envp = {"A=1", "B=22"};
	in.execfn = "./stk";
	in.aux.clear();
	for (uint64_t t : {33, 51, 16, 6, 17, 3, 4, 5, 7, 8, 9, 11, 12, 13, 14,
	                   23, 25, 26, 31, 15, 27, 28})
		in.aux.push_back({t, t == AT_PAGESZ ? 4096u : t * 3});
	Built b = Build(in);
	CheckImage(in, b);
	const ustack_layout &l = b.l;
	EXPECT_EQ(l.execfn, kTop - 0xe);	// 0x...cff2 below 0x...d000
	EXPECT_EQ(l.env_start, kTop - 0x17);	// envp[0] at 0x...cfe9
	EXPECT_EQ(l.arg_start, kTop - 0x22);	// argv[0] at 0x...cfde
	EXPECT_EQ(l.platform, kTop - 0x30 - 7);
	EXPECT_EQ(l.platform - l.random, 16u);
	EXPECT_EQ(l.platform - l.sp, 457u);	// 0x...c9c9 - 0x...c800
	EXPECT_EQ(l.random - (l.auxv + 16 * l.auxc), 9u);	// gap 9 on Linux
	StackReader rd(b);
	Process p = ReadBack(b, rd);
	ASSERT_EQ(p.auxv.size(), in.aux.size()) << "placeholders stay in place";
	for (size_t i = 0; i < p.auxv.size(); i++)
		EXPECT_EQ(p.auxv[i].first, in.aux[i].type) << i;
}

TEST(Ustack, EmptyArgvBecomesOneEmptyString) {
	Input in;
	in.argv.clear();
	Built b = Build(in);
	CheckImage(in, b);
	EXPECT_EQ(b.l.argc, 1u);
	EXPECT_EQ(b.l.arg_end, b.l.arg_start + 1);
	// Also with no array at all.
	in.null_argv_array = true;
	Built c = Build(in);
	CheckImage(in, c);
}

TEST(Ustack, EmptyEnvironmentAndAux) {
	Input in;
	in.envp.clear();
	in.aux.clear();
	Built b = Build(in);
	CheckImage(in, b);
	EXPECT_EQ(b.l.env_start, b.l.env_end);
	EXPECT_EQ(b.l.auxc, 4u) << "AT_RANDOM, AT_EXECFN, AT_PLATFORM, AT_NULL";
}

TEST(Ustack, AlignmentHoldsForEveryShape) {
	// All parities of argc, envc and aux count, and string lengths that
	// end at every residue modulo 16.
	for (int argc = 0; argc <= 4; argc++)
		for (int envc = 0; envc <= 4; envc++)
			for (int naux = 0; naux <= 3; naux++)
				for (int len = 1; len <= 16; len += 5) {
					Input in;
					in.argv.clear();
					in.envp.clear();
					for (int i = 0; i < argc; i++)
						in.argv.push_back(std::string(len + i, 'a' + i));
					for (int i = 0; i < envc; i++)
						in.envp.push_back("E" + std::string(len * i, 'e') + "=");
					in.aux.clear();
					for (int i = 0; i < naux; i++)
						in.aux.push_back({100u + i, 7u * i});
					in.execfn = std::string(len, 'x');
					Built b = Build(in);
					SCOPED_TRACE(testing::Message() << argc << " " << envc
					             << " " << naux << " " << len);
					CheckImage(in, b);
				}
}

TEST(Ustack, PlaceholdersAreFilledWhereTheCallerPutThem) {
	Input in;
	in.aux = {{AT_PLATFORM, 111}, {AT_UID, 5}, {AT_EXECFN, 222},
	          {AT_RANDOM, 333}};
	Built b = Build(in);
	CheckImage(in, b);
	StackReader rd(b);
	Process p = ReadBack(b, rd);
	ASSERT_EQ(p.auxv.size(), 4u);
	using P = std::pair<uint64_t, uint64_t>;
	EXPECT_EQ(p.auxv[0], P(AT_PLATFORM, b.l.platform));
	EXPECT_EQ(p.auxv[1], P(AT_UID, 5));
	EXPECT_EQ(p.auxv[2], P(AT_EXECFN, b.l.execfn));
	EXPECT_EQ(p.auxv[3], P(AT_RANDOM, b.l.random));
}

TEST(Ustack, MissingEntriesAreAppendedInLinuxOrder) {
	Input in;
	in.aux = {{AT_UID, 7}, {AT_EXECFN, 0}};
	Built b = Build(in);
	CheckImage(in, b);
	StackReader rd(b);
	Process p = ReadBack(b, rd);
	std::vector<uint64_t> types;
	for (const auto &e : p.auxv)
		types.push_back(e.first);
	EXPECT_EQ(types, (std::vector<uint64_t>{AT_UID, AT_EXECFN, AT_RANDOM, AT_PLATFORM}));
}

TEST(Ustack, BadAuxListIsEINVAL) {
	Input in;
	in.aux = {{AT_UID, 1}, {AT_NULL, 0}};
	EXPECT_EQ(Build(in).r, -EINVAL) << "AT_NULL is the builder's";
	in.aux = {{AT_UID, 1}, {AT_GID, 2}, {AT_UID, 3}};
	EXPECT_EQ(Build(in).r, -EINVAL) << "duplicate";
	in.aux = {{AT_RANDOM, 1}, {AT_RANDOM, 2}};
	EXPECT_EQ(Build(in).r, -EINVAL) << "duplicate placeholder";
	in.aux.clear();
	for (uint64_t t = 100; t < 100 + USTACK_MAX_AUX; t++)
		in.aux.push_back({t, t});
	EXPECT_EQ(Build(in).r, 0) << "exactly the maximum";
	in.aux.push_back({99, 99});
	EXPECT_EQ(Build(in).r, -EINVAL);
}

TEST(Ustack, MissingPointersAreEINVAL) {
	const char *argv[] = {"a", nullptr};
	const char *envp[] = {"E=1"};
	uint8_t rnd[USTACK_RANDOM_SIZE] = {};
	uint8_t buf[4096];
	ustack_args a{};
	a.argv = argv;
	a.argc = 1;
	a.envp = envp;
	a.envc = 1;
	a.execfn = "/x";
	a.random = rnd;
	a.stack_top = kTop;
	a.rlim_stack = RLIM_INFINITY;
	ustack_layout l;
	ASSERT_EQ(ustack_build(&a, buf, sizeof(buf), &l), 0);

	ustack_args bad = a;
	bad.argc = 2;	// argv[1] is NULL
	EXPECT_EQ(ustack_build(&bad, buf, sizeof(buf), &l), -EINVAL);
	bad = a;
	bad.envp = nullptr;
	EXPECT_EQ(ustack_build(&bad, buf, sizeof(buf), &l), -EINVAL);
	bad = a;
	bad.execfn = nullptr;
	EXPECT_EQ(ustack_build(&bad, buf, sizeof(buf), &l), -EINVAL);
	bad = a;
	bad.random = nullptr;
	EXPECT_EQ(ustack_build(&bad, buf, sizeof(buf), &l), -EINVAL);
	bad = a;
	bad.stack_top = kTop - 8;
	EXPECT_EQ(ustack_build(&bad, buf, sizeof(buf), &l), -EINVAL);
	bad = a;
	bad.naux = 1;	// aux == NULL
	EXPECT_EQ(ustack_build(&bad, buf, sizeof(buf), &l), -EINVAL);
	EXPECT_EQ(ustack_build(&a, nullptr, sizeof(buf), &l), -EINVAL);
	EXPECT_EQ(l.sp, 0u) << "the layout is cleared on error";
}

TEST(Ustack, ArgLimitFollowsTheStackRlimit) {
	// Linux's _STK_LIM is 8 MiB, so the cap is 6 MiB.  (<linux/resource.h>
	// cannot be included next to glibc's headers; RLIM_INFINITY is the
	// same ~0 in both.)
	const uint64_t cap = 6 << 20;
	EXPECT_EQ(ustack_arg_limit(8 << 20), 2u << 20) << "a quarter";
	EXPECT_EQ(ustack_arg_limit(RLIM_INFINITY), cap);
	EXPECT_EQ(ustack_arg_limit(100ULL << 30), cap);
	EXPECT_EQ(ustack_arg_limit(24 << 20), cap);
	EXPECT_EQ(ustack_arg_limit((24 << 20) - 4), cap - 1);
	EXPECT_EQ(ustack_arg_limit(0), static_cast<uint64_t>(ARG_MAX));
	EXPECT_EQ(ustack_arg_limit(4 * ARG_MAX), static_cast<uint64_t>(ARG_MAX));
	EXPECT_EQ(ustack_arg_limit(4 * ARG_MAX + 4), ARG_MAX + 1u);
}

TEST(Ustack, StringLengthLimitIsMaxArgStrlen) {
	const size_t max = ustack_max_arg_strlen;
	EXPECT_EQ(max, 32u * 4096u);
	Input in;
	in.argv = {"p", std::string(max - 1, 'a')};	// with its NUL: max
	in.envp.clear();
	Built b = Build(in, 2 * max);
	CheckImage(in, b);

	in.argv[1].push_back('a');
	EXPECT_EQ(Build(in, 2 * max).r, -E2BIG) << "argv";
	in.argv = {"p"};
	in.envp = {std::string(max, 'e')};
	EXPECT_EQ(Build(in, 2 * max).r, -E2BIG) << "envp";
	in.envp.clear();
	in.execfn = std::string(max, 'f');
	EXPECT_EQ(Build(in, 2 * max).r, -E2BIG) << "execfn";
}

TEST(Ustack, TotalLimitBoundaryIsExact) {
	// rlimit 256 KiB: the limit is ARG_MAX.  Two argv strings and one
	// envp string: three pointers.  Strings may use the rest, exactly.
	Input in;
	in.rlim = 256 << 10;
	in.execfn = "/p";	// 3 bytes
	const uint64_t budget = ARG_MAX - 3 * 8 - 3;
	const uint64_t half = budget / 2;
	in.argv = {std::string(half - 1, 'a'), std::string(budget - half - 4, 'b')};
	in.envp = {"E="};	// 3 bytes, so the total is budget
	Built b = Build(in, 256 << 10);
	CheckImage(in, b);
	in.argv[1].push_back('b');
	EXPECT_EQ(Build(in, 256 << 10).r, -E2BIG);
	// A bigger stack limit makes room again.
	in.rlim = 8 << 20;
	CheckImage(in, Build(in, 256 << 10));
}

TEST(Ustack, PointersCountAgainstTheLimit) {
	// 16384 empty strings are only 16 KiB of strings, but their pointers
	// alone fill ARG_MAX.
	Input in;
	in.rlim = 0;
	in.argv.assign(ARG_MAX / 8, "");
	in.envp.clear();
	EXPECT_EQ(Build(in, 1 << 20).r, -E2BIG);
	in.argv.resize(ARG_MAX / 16);
	CheckImage(in, Build(in, 1 << 20));
}

TEST(Ustack, AbsurdCountsAreE2BIGWithoutReadingTheArrays) {
	const char *one[] = {"x"};
	uint8_t rnd[USTACK_RANDOM_SIZE] = {};
	uint8_t buf[256];
	ustack_args a{};
	a.argv = one;
	a.argc = static_cast<size_t>(MAX_ARG_STRINGS) + 1;	// one real entry
	a.execfn = "/x";
	a.random = rnd;
	a.stack_top = kTop;
	a.rlim_stack = RLIM_INFINITY;
	ustack_layout l;
	EXPECT_EQ(ustack_build(&a, buf, sizeof(buf), &l), -E2BIG);
	a.argc = 1 << 20;	// under MAX_ARG_STRINGS, over the pointer budget
	EXPECT_EQ(ustack_build(&a, buf, sizeof(buf), &l), -E2BIG);
	a.argc = 1;
	a.envp = one;
	a.envc = SIZE_MAX;
	EXPECT_EQ(ustack_build(&a, buf, sizeof(buf), &l), -E2BIG);
}

TEST(Ustack, BufferMustHoldTheImage) {
	Input in;
	Built b = Build(in);
	ASSERT_EQ(b.r, 0);
	size_t need = b.l.size;
	Built exact = Build(in, need);
	CheckImage(in, exact);
	EXPECT_EQ(memcmp(exact.buf, b.buf + b.size - need, need), 0)
	    << "same image whatever the buffer size";
	Built small = Build(in, need - 1);
	EXPECT_EQ(small.r, -E2BIG);
	for (size_t i = 0; i < need - 1; i++)
		ASSERT_EQ(small.buf[i], kGuard) << "buffer unchanged on error";
	EXPECT_EQ(Build(in, 0).r, -E2BIG);
}

TEST(Ustack, StackTopTooLowIsE2BIG) {
	Input in;
	in.top = 64;	// far less than the image
	EXPECT_EQ(Build(in).r, -E2BIG);
}

TEST(Ustack, UnalignedBufferAndOtherTops) {
	for (size_t misalign : {1, 3, 7}) {
		for (uint64_t top : std::vector<uint64_t>{kTop, kTop - 16, 0x800000, 0x7ffffffff000}) {
			Input in;
			in.top = top;
			Built b = Build(in, 8192, misalign);
			SCOPED_TRACE(testing::Message() << misalign << " " << top);
			CheckImage(in, b);
			for (size_t i = 0; i < misalign; i++)
				EXPECT_EQ(b.mem[i], kGuard);
		}
	}
}

TEST(Ustack, RandomInputsAlwaysReadBack) {
	std::mt19937 rng(2024);
	for (int round = 0; round < 300; round++) {
		Input in;
		in.argv.resize(rng() % 6);
		for (auto &s : in.argv)
			s = std::string(rng() % 40, static_cast<char>('!' + rng() % 90));
		in.envp.resize(rng() % 6);
		for (auto &s : in.envp)
			s = std::string(rng() % 40, static_cast<char>('!' + rng() % 90));
		in.execfn = std::string(rng() % 30, 'f');
		in.aux.clear();
		for (uint64_t t = 3; t < 3 + rng() % 20; t++)
			in.aux.push_back({t, rng()});
		for (auto &r : in.random)
			r = static_cast<uint8_t>(rng());
		in.top = kTop - 16 * (rng() % 100);
		SCOPED_TRACE(round);
		CheckImage(in, Build(in, 4096 + rng() % 4096, rng() % 8));
	}
}

} // namespace
