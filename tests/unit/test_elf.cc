// Tests for core/proc/elf.c.  Executables are built here in memory
// (Fixture), so every corruption is exact, and each parse reads a heap
// buffer of exactly the file's size, so ASan catches any read past the
// end.  Mapping plans are executed on a simulated address space
// (Execute) and the result is compared with what the ELF specification
// and Linux put in memory.  Two real files are used too: /bin/busybox
// (Debian's busybox-static) and this test binary, whose plan must match
// what Linux's own loader did for this very process (AT_PHDR, AT_ENTRY
// and the bytes of its read-only segments).
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <linux/auxvec.h>
#include <linux/elf.h>
#include <linux/limits.h>
#include <linux/mman.h>

#include "proc/elf.h"

namespace {

constexpr uint64_t kPage = ELF_PAGE_SIZE;
constexpr uint64_t kUserLo = 0x10000;
constexpr uint64_t kUserHi = 0x7ffffffff000;

uint8_t Pattern(size_t i) {
	return static_cast<uint8_t>(i * 7 + 3 + (i >> 8));
}

Elf64_Phdr Ph(uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
              uint64_t filesz, uint64_t memsz, uint64_t align) {
	Elf64_Phdr p{};
	p.p_type = type;
	p.p_flags = flags;
	p.p_offset = off;
	p.p_vaddr = vaddr;
	p.p_paddr = vaddr;
	p.p_filesz = filesz;
	p.p_memsz = memsz;
	p.p_align = align;
	return p;
}

// An executable described by its headers; Bytes() writes the file: a
// recognisable pattern, the ELF header at 0, the program headers at
// e_phoff (e_phnum taken from ph unless phnum is set), then the blobs.
struct Fixture {
	Elf64_Ehdr eh{};
	std::vector<Elf64_Phdr> ph;
	size_t size = 0;
	long phnum = -1;
	std::vector<std::pair<uint64_t, std::string>> blobs;

	Fixture(uint16_t type, uint64_t entry) {
		memcpy(eh.e_ident, ELFMAG, SELFMAG);
		eh.e_ident[EI_CLASS] = ELFCLASS64;
		eh.e_ident[EI_DATA] = ELFDATA2LSB;
		eh.e_ident[EI_VERSION] = EV_CURRENT;
		eh.e_type = type;
		eh.e_machine = EM_X86_64;
		eh.e_version = EV_CURRENT;
		eh.e_entry = entry;
		eh.e_phoff = sizeof(Elf64_Ehdr);
		eh.e_ehsize = sizeof(Elf64_Ehdr);
		eh.e_phentsize = sizeof(Elf64_Phdr);
	}

	static void Put(std::vector<uint8_t> &f, uint64_t off, const void *p, size_t n) {
		if (off >= f.size())
			return;
		memcpy(f.data() + off, p, std::min<uint64_t>(n, f.size() - off));
	}

	std::vector<uint8_t> Bytes() const {
		std::vector<uint8_t> f(size);
		for (size_t i = 0; i < size; i++)
			f[i] = Pattern(i);
		Elf64_Ehdr h = eh;
		h.e_phnum = static_cast<uint16_t>(phnum >= 0 ? phnum : static_cast<long>(ph.size()));
		Put(f, 0, &h, sizeof(h));
		for (size_t i = 0; i < ph.size(); i++) {
			if (eh.e_phoff > UINT64_MAX - i * sizeof(Elf64_Phdr))
				break;
			Put(f, eh.e_phoff + i * sizeof(Elf64_Phdr), &ph[i], sizeof(ph[i]));
		}
		for (const auto &b : blobs)
			Put(f, b.first, b.second.data(), b.second.size());
		return f;
	}
};

// Like busybox-static, scaled down: R (with the headers), RX, R, and RW
// with .bss; the RW segment's file bytes end exactly at the end of the
// file, so any truncation cuts something.
Fixture StaticExec() {
	Fixture f(ET_EXEC, 0x401100);
	f.ph = {
	    Ph(PT_LOAD, PF_R, 0, 0x400000, 0x300, 0x300, 0x1000),
	    Ph(PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x1234, 0x1234, 0x1000),
	    Ph(PT_LOAD, PF_R, 0x3000, 0x403000, 0x800, 0x800, 0x1000),
	    Ph(PT_LOAD, PF_R | PF_W, 0x3e10, 0x404e10, 0x300, 0x2000, 0x1000),
	    Ph(PT_TLS, PF_R, 0x3e10, 0x404e10, 0x28, 0x8a, 8),
	    Ph(PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16),
	};
	f.size = 0x3e10 + 0x300;
	return f;
}

// A static-PIE: the same shape linked at 0.
Fixture StaticPie() {
	Fixture f(ET_DYN, 0x1100);
	f.ph = {
	    Ph(PT_LOAD, PF_R, 0, 0, 0x300, 0x300, 0x1000),
	    Ph(PT_LOAD, PF_R | PF_X, 0x1000, 0x1000, 0x1234, 0x1234, 0x1000),
	    Ph(PT_LOAD, PF_R | PF_W, 0x2e10, 0x3e10, 0x300, 0x2000, 0x1000),
	    Ph(PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16),
	};
	f.size = 0x2e10 + 0x300;
	return f;
}

const char kInterp[] = "/lib64/ld-linux-x86-64.so.2";

// A dynamically linked PIE: PT_PHDR first, then PT_INTERP, as ld emits.
Fixture Dynamic() {
	Fixture f(ET_DYN, 0x1040);
	f.ph = {
	    Ph(PT_PHDR, PF_R, 0x40, 0x40, 4 * sizeof(Elf64_Phdr), 4 * sizeof(Elf64_Phdr), 8),
	    Ph(PT_INTERP, PF_R, 0x200, 0x200, sizeof(kInterp), sizeof(kInterp), 1),
	    Ph(PT_LOAD, PF_R, 0, 0, 0x400, 0x400, 0x1000),
	    Ph(PT_LOAD, PF_R | PF_X, 0x1000, 0x1000, 0x100, 0x100, 0x1000),
	};
	f.blobs = {{0x200, std::string(kInterp, sizeof(kInterp))}};
	f.size = 0x1100;
	return f;
}

struct Parsed {
	std::unique_ptr<uint8_t[]> buf;
	elf_info info;
	int r;
};

// Parses the first n bytes from an exact-size heap copy, misaligned by
// `misalign` bytes; the copy lives as long as the result (interp points
// into it).
Parsed Parse(const std::vector<uint8_t> &f, size_t n = SIZE_MAX, size_t misalign = 0) {
	if (n == SIZE_MAX)
		n = f.size();
	Parsed p;
	p.buf.reset(new uint8_t[n + misalign]);
	memcpy(p.buf.get() + misalign, f.data(), n);
	p.r = elf_parse(p.buf.get() + misalign, n, &p.info);
	return p;
}

Parsed Parse(const Fixture &f) {
	return Parse(f.Bytes());
}

int ParseStatus(const Fixture &f) {
	return Parse(f).r;
}

// A sparse user address space: page address -> contents and protection.
struct Page {
	std::vector<uint8_t> bytes = std::vector<uint8_t>(kPage, 0);
	int prot = 0;
};
using Memory = std::map<uint64_t, Page>;

// Executes a plan as the kernel is meant to: zero pages for [start, end),
// the file bytes at start, and checks the plan's own invariants.
::testing::AssertionResult Execute(const elf_plan &plan, const std::vector<uint8_t> &file,
                                   Memory *mem) {
	uint64_t prev_end = 0;
	for (size_t i = 0; i < plan.nmaps; i++) {
		const elf_map &m = plan.maps[i];
		if (m.start % kPage || m.file_end % kPage || m.end % kPage || m.file_offset % kPage)
			return ::testing::AssertionFailure() << "map " << i << " not page-aligned";
		if (!(m.start <= m.zero_start && m.zero_start <= m.file_end &&
		      m.file_end <= m.end && m.start < m.end))
			return ::testing::AssertionFailure() << "map " << i << " out of order";
		if (m.zero_start != m.start + m.file_bytes)
			return ::testing::AssertionFailure() << "map " << i << " zero_start";
		if (m.file_end != ((m.zero_start + kPage - 1) & ~(kPage - 1)))
			return ::testing::AssertionFailure() << "map " << i << " file_end";
		if (m.file_bytes > 0 && (m.file_offset > file.size() ||
		                         m.file_bytes > file.size() - m.file_offset))
			return ::testing::AssertionFailure() << "map " << i << " reads past the file";
		if (i > 0 && m.start < prev_end)
			return ::testing::AssertionFailure() << "map " << i << " overlaps";
		prev_end = m.end;
		for (uint64_t a = m.start; a < m.end; a += kPage) {
			if (mem->count(a))
				return ::testing::AssertionFailure() << "page mapped twice";
			(*mem)[a].prot = m.prot;
		}
		for (uint64_t j = 0; j < m.file_bytes; j += kPage) {
			uint64_t n = std::min<uint64_t>(kPage, m.file_bytes - j);
			memcpy((*mem)[m.start + j].bytes.data(), &file[m.file_offset + j], n);
		}
	}
	if (plan.nmaps > 0 && (plan.start != plan.maps[0].start ||
	                       plan.end != plan.maps[plan.nmaps - 1].end))
		return ::testing::AssertionFailure() << "span";
	return ::testing::AssertionSuccess();
}

// Reads simulated memory; -1 where nothing is mapped.  Remembers the last
// page, since callers read byte after byte.
class Reader {
public:
	explicit Reader(const Memory &mem) : mem_(mem) {}
	int operator()(uint64_t a) {
		uint64_t page = a & ~(kPage - 1);
		if (page != page_ || bytes_ == nullptr) {
			auto it = mem_.find(page);
			page_ = page;
			bytes_ = it == mem_.end() ? nullptr : it->second.bytes.data();
		}
		return bytes_ == nullptr ? -1 : bytes_[a % kPage];
	}

private:
	const Memory &mem_;
	uint64_t page_ = 0;
	const uint8_t *bytes_ = nullptr;
};

// The memory image must be the ELF one: file bytes for [vaddr, vaddr +
// filesz), zeros up to memsz; the rest of the first and last pages as
// Linux's mmap leaves them (file bytes, or zeros past the end of the
// file or where .bss starts).
void ExpectImage(const elf_info &info, const elf_plan &plan,
                 const std::vector<uint8_t> &file) {
	Memory mem;
	ASSERT_TRUE(Execute(plan, file, &mem));
	Reader byte_at(mem);
	size_t bad = 0;
	for (size_t i = 0; i < info.nsegs; i++) {
		const elf_segment &s = info.segs[i];
		uint64_t v = s.vaddr + plan.bias;
		uint64_t first = v & ~(kPage - 1);
		uint64_t last = (v + s.memsz + kPage - 1) & ~(kPage - 1);
		for (uint64_t a = first; a < last && bad < 5; a++) {
			int want;
			if (s.filesz == 0) // anonymous memory only
				want = 0;
			else if (a < v) // before the segment: the file page's bytes
				want = file[s.offset - (v - a)];
			else if (a < v + s.filesz)
				want = file[s.offset + (a - v)];
			else if (a < v + s.memsz || s.memsz > s.filesz)
				want = 0;
			else // after a segment without .bss: the file, if any
				want = s.offset + (a - v) < file.size() ? file[s.offset + (a - v)] : 0;
			if (byte_at(a) != want) {
				ADD_FAILURE() << std::hex << "segment " << i << " byte 0x" << a
				              << ": 0x" << byte_at(a) << " want 0x" << want;
				bad++;
			}
		}
		int prot = ((s.flags & PF_R) ? PROT_READ : 0) | ((s.flags & PF_W) ? PROT_WRITE : 0) |
		           ((s.flags & PF_X) ? PROT_EXEC : 0);
		EXPECT_EQ(mem[first].prot, prot) << "segment " << i;
	}
	EXPECT_EQ(plan.entry, info.entry + plan.bias);
	EXPECT_EQ(plan.brk, plan.end);
}

// The whole file; empty when it cannot be read.  /proc files report no
// size, so they are read in chunks.
std::vector<uint8_t> ReadFile(const char *path) {
	std::ifstream in(path, std::ios::binary);
	std::vector<uint8_t> out;
	char chunk[1 << 16];
	while (in.read(chunk, sizeof(chunk)) || in.gcount() > 0)
		out.insert(out.end(), chunk, chunk + in.gcount());
	return out;
}

// Counts the bytes where this process's memory differs from the file.
// Not instrumented: ASan poisons the redzones it put between globals in
// .rodata, which are mapped and unchanged but not "addressable".
__attribute__((no_sanitize("address"))) size_t
Differences(uint64_t addr, const uint8_t *file, size_t n) {
	const volatile uint8_t *mem = reinterpret_cast<const volatile uint8_t *>(addr);
	size_t d = 0;
	for (size_t i = 0; i < n; i++)
		d += mem[i] != file[i];
	return d;
}

// One value of this process's auxiliary vector.  (<sys/auxv.h> would
// bring glibc's <elf.h>, whose types clash with the UAPI's.)
uint64_t Auxval(uint64_t type) {
	std::vector<uint8_t> auxv = ReadFile("/proc/self/auxv");
	for (size_t i = 0; i + 16 <= auxv.size(); i += 16) {
		uint64_t pair[2];
		memcpy(pair, auxv.data() + i, sizeof(pair));
		if (pair[0] == type)
			return pair[1];
	}
	ADD_FAILURE() << "no auxv entry " << type;
	return 0;
}

TEST(Elf, ParsesAStaticExecutable) {
	Parsed p = Parse(StaticExec());
	ASSERT_EQ(p.r, 0);
	const elf_info &i = p.info;
	EXPECT_EQ(i.type, ET_EXEC);
	EXPECT_FALSE(i.pie);
	EXPECT_EQ(i.entry, 0x401100u);
	EXPECT_EQ(i.file_size, 0x4110u);
	ASSERT_EQ(i.nsegs, 4u);
	EXPECT_EQ(i.segs[1].vaddr, 0x401000u);
	EXPECT_EQ(i.segs[1].offset, 0x1000u);
	EXPECT_EQ(i.segs[1].filesz, 0x1234u);
	EXPECT_EQ(i.segs[1].memsz, 0x1234u);
	EXPECT_EQ(i.segs[1].flags, static_cast<uint32_t>(PF_R | PF_X));
	EXPECT_EQ(i.segs[3].vaddr, 0x404e10u);
	EXPECT_EQ(i.segs[3].memsz, 0x2000u);
	EXPECT_EQ(i.lo, 0x400000u);
	EXPECT_EQ(i.hi, 0x407000u);
	EXPECT_EQ(i.align, kPage);
	EXPECT_EQ(i.interp, nullptr);
	EXPECT_FALSE(i.exec_stack);
	EXPECT_TRUE(i.has_phdr);
	EXPECT_EQ(i.phdr_vaddr, 0x400040u) << "from the PT_LOAD holding e_phoff";
	EXPECT_EQ(i.phnum, 6);
	EXPECT_EQ(i.phent, sizeof(Elf64_Phdr));
}

TEST(Elf, ParsesAStaticPie) {
	Parsed p = Parse(StaticPie());
	ASSERT_EQ(p.r, 0);
	EXPECT_EQ(p.info.type, ET_DYN);
	EXPECT_TRUE(p.info.pie);
	EXPECT_EQ(p.info.lo, 0u);
	EXPECT_EQ(p.info.hi, 0x6000u);
	EXPECT_EQ(p.info.nsegs, 3u);
	EXPECT_EQ(p.info.phdr_vaddr, 0x40u);
	EXPECT_EQ(p.info.interp, nullptr);
}

TEST(Elf, ParsesADynamicExecutable) {
	Parsed p = Parse(Dynamic());
	ASSERT_EQ(p.r, 0);
	ASSERT_NE(p.info.interp, nullptr);
	EXPECT_STREQ(p.info.interp, kInterp);
	EXPECT_EQ(p.info.interp_len, strlen(kInterp));
	EXPECT_EQ(reinterpret_cast<const uint8_t *>(p.info.interp), p.buf.get() + 0x200)
	    << "points into the caller's buffer";
	EXPECT_EQ(p.info.phdr_vaddr, 0x40u);
	EXPECT_EQ(p.info.nsegs, 2u);
}

TEST(Elf, PhdrFromPtPhdrWhenNoLoadHoldsTheTable) {
	// The table sits after the segments' file bytes.
	Fixture f = StaticExec();
	f.eh.e_phoff = 0x4110;
	f.size = 0x4110 + 7 * sizeof(Elf64_Phdr);
	f.ph.push_back(Ph(PT_PHDR, PF_R, 0x4110, 0x4ab000, 0x188, 0x188, 8));
	Parsed p = Parse(f);
	ASSERT_EQ(p.r, 0);
	EXPECT_TRUE(p.info.has_phdr);
	EXPECT_EQ(p.info.phdr_vaddr, 0x4ab000u);
	// Without PT_PHDR nothing says where it is: 0, as in Linux.
	f.ph.pop_back();
	f.size -= sizeof(Elf64_Phdr);
	p = Parse(f);
	ASSERT_EQ(p.r, 0);
	EXPECT_FALSE(p.info.has_phdr);
	EXPECT_EQ(p.info.phdr_vaddr, 0u);
}

TEST(Elf, LoadSegmentWinsOverADisagreeingPtPhdr) {
	// Linux 5.18 and later compute AT_PHDR from the PT_LOAD.
	Fixture f = StaticExec();
	f.ph.insert(f.ph.begin(), Ph(PT_PHDR, PF_R, 0x40, 0x999040, 0x188, 0x188, 8));
	Parsed p = Parse(f);
	ASSERT_EQ(p.r, 0);
	EXPECT_EQ(p.info.phdr_vaddr, 0x400040u);
}

TEST(Elf, ExecutableStackFollowsTheLastGnuStack) {
	Fixture f = StaticExec();
	f.ph.pop_back();
	EXPECT_FALSE(Parse(f).info.exec_stack) << "no PT_GNU_STACK: not executable on x86-64";
	f.ph.push_back(Ph(PT_GNU_STACK, PF_R | PF_W | PF_X, 0, 0, 0, 0, 16));
	EXPECT_TRUE(Parse(f).info.exec_stack);
	f.ph.push_back(Ph(PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16));
	EXPECT_FALSE(Parse(f).info.exec_stack);
}

TEST(Elf, AlignIsTheLargestPowerOfTwo) {
	Fixture f = StaticPie();
	for (auto &ph : f.ph)
		if (ph.p_type == PT_LOAD)
			ph.p_align = 0x200000;
	// 2 MiB alignment needs vaddr == offset modulo 2 MiB.
	f.ph[2].p_vaddr = 0x202e10;
	EXPECT_EQ(Parse(f).r, 0);
	EXPECT_EQ(Parse(f).info.align, 0x200000u);
	// A non-power-of-two alignment is checked (modulo) but not used.
	f = StaticPie();
	f.ph[1].p_align = 0x3000;
	EXPECT_EQ(Parse(f).r, 0);
	EXPECT_EQ(Parse(f).info.align, kPage);
}

TEST(Elf, RejectsBadIdentification) {
	struct Case {
		const char *what;
		void (*mutate)(Fixture &);
	} cases[] = {
	    {"magic 0", [](Fixture &f) { f.eh.e_ident[EI_MAG0] = 0x7e; }},
	    {"magic 1", [](Fixture &f) { f.eh.e_ident[EI_MAG1] = 'e'; }},
	    {"magic 2", [](Fixture &f) { f.eh.e_ident[EI_MAG2] = 'l'; }},
	    {"magic 3", [](Fixture &f) { f.eh.e_ident[EI_MAG3] = 'f'; }},
	    {"class 32", [](Fixture &f) { f.eh.e_ident[EI_CLASS] = ELFCLASS32; }},
	    {"class none", [](Fixture &f) { f.eh.e_ident[EI_CLASS] = ELFCLASSNONE; }},
	    {"big-endian", [](Fixture &f) { f.eh.e_ident[EI_DATA] = ELFDATA2MSB; }},
	    {"no data", [](Fixture &f) { f.eh.e_ident[EI_DATA] = ELFDATANONE; }},
	    {"ident version", [](Fixture &f) { f.eh.e_ident[EI_VERSION] = EV_NONE; }},
	    {"e_version 0", [](Fixture &f) { f.eh.e_version = EV_NONE; }},
	    {"e_version 2", [](Fixture &f) { f.eh.e_version = EV_CURRENT + 1; }},
	    {"i386", [](Fixture &f) { f.eh.e_machine = EM_386; }},
	    {"aarch64", [](Fixture &f) { f.eh.e_machine = EM_AARCH64; }},
	    {"relocatable", [](Fixture &f) { f.eh.e_type = ET_REL; }},
	    {"core", [](Fixture &f) { f.eh.e_type = ET_CORE; }},
	    {"no type", [](Fixture &f) { f.eh.e_type = ET_NONE; }},
	};
	for (const auto &c : cases) {
		Fixture f = StaticExec();
		c.mutate(f);
		EXPECT_EQ(ParseStatus(f), -ENOEXEC) << c.what;
	}
	Fixture f = StaticExec();
	f.eh.e_ident[EI_OSABI] = 3; // ELFOSABI_GNU: accepted, as by Linux
	EXPECT_EQ(ParseStatus(f), 0);
}

TEST(Elf, RejectsABadProgramHeaderTable) {
	Fixture f = StaticExec();
	f.eh.e_phentsize = sizeof(Elf64_Phdr) - 1;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "entry size";
	f = StaticExec();
	f.eh.e_phentsize = 2 * sizeof(Elf64_Phdr);
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "entry size";
	f = StaticExec();
	f.phnum = 0;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "no entries";
	f.phnum = 0xffff; // PN_XNUM, extended numbering
	EXPECT_EQ(ParseStatus(f), -ENOEXEC);
	f = StaticExec();
	f.eh.e_phoff = f.size - 2 * sizeof(Elf64_Phdr); // straddles the end
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "table past the end";
	f.eh.e_phoff = f.size + 1;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "table after the end";
	f.eh.e_phoff = UINT64_MAX - 8; // offset + size wraps
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "wrapping offset";
}

TEST(Elf, PhnumIsBounded) {
	// 64 entries are accepted, 65 are not.
	Fixture f = StaticExec();
	while (f.ph.size() < ELF_MAX_PHNUM)
		f.ph.push_back(Ph(PT_NOTE, PF_R, 0x200, 0x400200, 0x10, 0x10, 4));
	f.eh.e_phoff = f.size;
	f.size += f.ph.size() * sizeof(Elf64_Phdr);
	EXPECT_EQ(ParseStatus(f), 0);
	f.ph.push_back(Ph(PT_NULL, 0, 0, 0, 0, 0, 0));
	f.size += sizeof(Elf64_Phdr);
	EXPECT_EQ(ParseStatus(f), -ENOEXEC);
}

TEST(Elf, TruncationAtEveryByteIsRejected) {
	for (const Fixture &f : {StaticExec(), StaticPie(), Dynamic()}) {
		std::vector<uint8_t> bytes = f.Bytes();
		for (size_t n = 0; n < bytes.size(); n++)
			ASSERT_EQ(Parse(bytes, n).r, -ENOEXEC) << "cut at " << n;
		EXPECT_EQ(Parse(bytes).r, 0);
	}
	elf_info info;
	EXPECT_EQ(elf_parse(nullptr, 0, &info), -ENOEXEC);
	EXPECT_EQ(elf_parse(nullptr, 4096, &info), -ENOEXEC);
}

TEST(Elf, RejectsFileszLargerThanMemsz) {
	Fixture f = StaticExec();
	f.ph[1].p_memsz = f.ph[1].p_filesz - 1;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC);
}

TEST(Elf, RejectsSegmentBytesOutsideTheFile) {
	Fixture f = StaticExec();
	f.ph[3].p_filesz += 1; // one byte past the end
	f.ph[3].p_memsz += 1;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC);
	f = StaticExec();
	f.ph[1].p_offset = UINT64_MAX - 0xfff; // offset + filesz wraps
	f.ph[1].p_vaddr = 0x401000;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC);
	f = StaticExec();
	f.ph[1].p_filesz = UINT64_MAX - 0x500; // huge size, small offset
	f.ph[1].p_memsz = UINT64_MAX - 0x500;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC);
}

TEST(Elf, BssOnlySegmentNeedsNoFileBytes) {
	// filesz 0: the offset is never read and need not match the address.
	Fixture f = StaticExec();
	f.ph.insert(f.ph.begin() + 4, Ph(PT_LOAD, PF_R | PF_W, 0xfffffff123, 0x500010, 0, 0x3000, 0x1000));
	f.ph[4].p_align = 0;
	Parsed p = Parse(f);
	ASSERT_EQ(p.r, 0);
	ASSERT_EQ(p.info.nsegs, 5u);
	EXPECT_EQ(p.info.hi, 0x504000u);
}

TEST(Elf, RejectsAddressOverflow) {
	Fixture f = StaticExec();
	f.ph[3].p_vaddr = UINT64_MAX - 0x1ef; // vaddr + memsz wraps
	f.ph[3].p_offset = f.ph[3].p_vaddr & 0xfff;
	f.ph[3].p_offset += 0x3000;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC);
	f = StaticExec();
	// Ends in the last page: vaddr + memsz fits, its page end does not.
	f.ph[3].p_vaddr = UINT64_MAX - 0x2100 - 0xff0 + 1;
	f.ph[3].p_vaddr = (f.ph[3].p_vaddr & ~0xfffULL) | 0xe10;
	f.ph[3].p_memsz = UINT64_MAX - f.ph[3].p_vaddr - 0x10;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC);
}

TEST(Elf, RejectsMisalignedSegments) {
	Fixture f = StaticExec();
	f.ph[1].p_vaddr += 0x10; // vaddr % align != offset % align
	EXPECT_EQ(ParseStatus(f), -ENOEXEC);
	// With a small p_align the page offsets must still agree: mmap maps
	// whole pages.
	f = StaticExec();
	f.ph[1].p_align = 8;
	f.ph[1].p_vaddr += 0x10;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC);
	f.ph[1].p_vaddr -= 0x10;
	EXPECT_EQ(ParseStatus(f), 0) << "agreeing page offsets are fine";
	f = StaticExec();
	f.ph[1].p_align = 0; // no alignment constraint beyond the page
	EXPECT_EQ(ParseStatus(f), 0);
}

TEST(Elf, RejectsOverlappingOrUnsortedSegments) {
	Fixture f = StaticExec();
	std::swap(f.ph[1], f.ph[2]);
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "descending";
	f = StaticExec();
	f.ph[2].p_vaddr = 0x402000;
	f.ph[2].p_offset = 0x2000; // overlaps RX's bytes [0x401000, 0x402234)
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "overlapping bytes";
	f = StaticExec();
	f.ph[2].p_vaddr = 0x402800; // after RX's bytes but on its last page
	f.ph[2].p_offset = 0x2800;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "sharing a page";
	f = StaticExec();
	f.ph[2] = f.ph[1];
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "duplicate";
}

TEST(Elf, SegmentsOnAdjacentPagesAreAccepted) {
	Fixture f = StaticExec();
	f.ph[1].p_filesz = f.ph[1].p_memsz = 0x2000; // ends exactly at 0x403000
	Parsed p = Parse(f);
	ASSERT_EQ(p.r, 0);
	EXPECT_EQ(p.info.nsegs, 4u);
}

TEST(Elf, LoadCountIsBounded) {
	auto many = [](size_t n) {
		Fixture f(ET_EXEC, 0x400000);
		for (size_t i = 0; i < n; i++)
			f.ph.push_back(Ph(PT_LOAD, PF_R, i * 0x1000, 0x400000 + i * 0x1000, 0x800, 0x800, 0x1000));
		f.size = n * 0x1000;
		return f;
	};
	EXPECT_EQ(ParseStatus(many(ELF_MAX_LOADS)), 0);
	EXPECT_EQ(ParseStatus(many(ELF_MAX_LOADS + 1)), -ENOEXEC);
}

TEST(Elf, RejectsAFileWithNothingToLoad) {
	Fixture f(ET_EXEC, 0x401000);
	f.ph = {Ph(PT_NOTE, PF_R, 0x100, 0x400100, 0x10, 0x10, 4),
	        Ph(PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16)};
	f.size = 0x200;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC);
	// A PT_LOAD of zero size maps nothing, so it does not count.
	f.ph.push_back(Ph(PT_LOAD, PF_R, 0, 0x400000, 0, 0, 0x1000));
	EXPECT_EQ(ParseStatus(f), -ENOEXEC);
}

TEST(Elf, EmptyLoadSegmentIsIgnored) {
	Fixture f = StaticExec();
	f.ph.insert(f.ph.begin() + 1, Ph(PT_LOAD, PF_R, 0, 0x123456, 0, 0, 0));
	Parsed p = Parse(f);
	ASSERT_EQ(p.r, 0);
	EXPECT_EQ(p.info.nsegs, 4u);
	EXPECT_EQ(p.info.segs[1].vaddr, 0x401000u);
}

TEST(Elf, RejectsABadInterpreter) {
	Fixture f = Dynamic();
	f.blobs[0].second.back() = 'X'; // not NUL-terminated
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "no NUL";
	f = Dynamic();
	f.ph[1].p_filesz = 1;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "shorter than 2";
	f.ph[1].p_filesz = 0;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "empty";
	f = Dynamic();
	f.ph[1].p_filesz = PATH_MAX + 1;
	f.size = 0x200 + PATH_MAX + 1;
	f.blobs.push_back({0x200 + PATH_MAX, std::string(1, '\0')});
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "longer than PATH_MAX";
	f.ph[1].p_filesz = PATH_MAX;
	f.blobs.back().first = 0x200 + PATH_MAX - 1;
	EXPECT_EQ(ParseStatus(f), 0) << "exactly PATH_MAX";
	f = Dynamic();
	f.ph[1].p_offset = f.size - 4; // runs past the end
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "outside the file";
	f.ph[1].p_offset = UINT64_MAX - 2;
	EXPECT_EQ(ParseStatus(f), -ENOEXEC) << "wrapping offset";
}

TEST(Elf, InterpreterIsTheStringUpToTheFirstNul) {
	Fixture f = Dynamic();
	f.blobs[0].second[6] = '\0'; // "/lib64\0..."
	Parsed p = Parse(f);
	ASSERT_EQ(p.r, 0);
	EXPECT_STREQ(p.info.interp, "/lib64");
	EXPECT_EQ(p.info.interp_len, 6u);
}

TEST(Elf, FirstInterpreterWins) {
	// Linux stops at the first PT_INTERP; a bad later one is not read.
	Fixture f = Dynamic();
	f.ph.push_back(Ph(PT_INTERP, PF_R, 0xfffffff, 0, 1, 1, 1));
	Parsed p = Parse(f);
	ASSERT_EQ(p.r, 0);
	EXPECT_STREQ(p.info.interp, kInterp);
}

TEST(Elf, UnalignedBufferParses) {
	std::vector<uint8_t> bytes = Dynamic().Bytes();
	for (size_t misalign = 1; misalign < 8; misalign++) {
		Parsed p = Parse(bytes, SIZE_MAX, misalign);
		ASSERT_EQ(p.r, 0) << misalign;
		EXPECT_STREQ(p.info.interp, kInterp);
	}
}

TEST(Elf, ErrorClearsTheResult) {
	Fixture f = StaticExec();
	f.ph[3].p_memsz = 1; // fails on the fourth segment, after three
	Parsed p = Parse(f);
	ASSERT_EQ(p.r, -ENOEXEC);
	EXPECT_EQ(p.info.nsegs, 0u);
	EXPECT_EQ(p.info.entry, 0u);
}

TEST(Elf, PlanOfAStaticExecutable) {
	Fixture f = StaticExec();
	std::vector<uint8_t> file = f.Bytes();
	Parsed p = Parse(file);
	ASSERT_EQ(p.r, 0);
	elf_plan plan;
	ASSERT_EQ(elf_make_plan(&p.info, 0, kUserLo, kUserHi, &plan), 0);
	ASSERT_EQ(plan.nmaps, 4u);
	// RW: .data from the file, then .bss: the rest of its page zeroed,
	// then one anonymous page.
	const elf_map &rw = plan.maps[3];
	EXPECT_EQ(rw.start, 0x404000u);
	EXPECT_EQ(rw.file_offset, 0x3000u);
	EXPECT_EQ(rw.file_bytes, 0xe10u + 0x300u);
	EXPECT_EQ(rw.zero_start, 0x405110u);
	EXPECT_EQ(rw.file_end, 0x406000u);
	EXPECT_EQ(rw.end, 0x407000u);
	EXPECT_EQ(rw.prot, PROT_READ | PROT_WRITE);
	EXPECT_EQ(plan.maps[1].prot, PROT_READ | PROT_EXEC);
	EXPECT_EQ(plan.maps[0].prot, PROT_READ);
	EXPECT_EQ(plan.start, 0x400000u);
	EXPECT_EQ(plan.end, 0x407000u);
	EXPECT_EQ(plan.brk, 0x407000u);
	EXPECT_EQ(plan.entry, 0x401100u);
	EXPECT_EQ(plan.phdr, 0x400040u);
	EXPECT_EQ(plan.bias, 0u);
	ExpectImage(p.info, plan, file);
}

TEST(Elf, PlanMapsWholeFilePagesWithoutBss) {
	// Read-only segment [0x401000, 0x402234): file bytes up to the end of
	// its last page, exactly what mmap of the file would show.
	Parsed p = Parse(StaticExec());
	ASSERT_EQ(p.r, 0);
	elf_plan plan;
	ASSERT_EQ(elf_make_plan(&p.info, 0, kUserLo, kUserHi, &plan), 0);
	const elf_map &rx = plan.maps[1];
	EXPECT_EQ(rx.start, 0x401000u);
	EXPECT_EQ(rx.file_offset, 0x1000u);
	EXPECT_EQ(rx.file_bytes, 0x2000u);
	EXPECT_EQ(rx.zero_start, rx.file_end) << "nothing to zero";
	EXPECT_EQ(rx.end, 0x403000u);
	// The file ends inside the last page: the rest of it is zero.
	Fixture f = StaticExec();
	f.ph[3].p_memsz = f.ph[3].p_filesz;
	std::vector<uint8_t> file = f.Bytes();
	p = Parse(file);
	ASSERT_EQ(p.r, 0);
	ASSERT_EQ(elf_make_plan(&p.info, 0, kUserLo, kUserHi, &plan), 0);
	EXPECT_EQ(plan.maps[3].file_bytes, 0x1110u) << "up to the end of the file";
	EXPECT_EQ(plan.maps[3].end, 0x406000u);
	ExpectImage(p.info, plan, file);
}

TEST(Elf, PlanOfABssOnlySegmentIsAnonymous) {
	Fixture f = StaticExec();
	f.ph.insert(f.ph.begin() + 4, Ph(PT_LOAD, PF_R | PF_W, 0x10, 0x500010, 0, 0x3000, 0x1000));
	std::vector<uint8_t> file = f.Bytes();
	Parsed p = Parse(file);
	ASSERT_EQ(p.r, 0);
	elf_plan plan;
	ASSERT_EQ(elf_make_plan(&p.info, 0, kUserLo, kUserHi, &plan), 0);
	const elf_map &m = plan.maps[4];
	EXPECT_EQ(m.start, 0x500000u);
	EXPECT_EQ(m.file_bytes, 0u);
	EXPECT_EQ(m.file_end, m.start);
	EXPECT_EQ(m.end, 0x504000u);
	EXPECT_EQ(plan.brk, 0x504000u);
	ExpectImage(p.info, plan, file);
}

TEST(Elf, PlanOfAPieAtABias) {
	Fixture f = Dynamic();
	std::vector<uint8_t> file = f.Bytes();
	Parsed p = Parse(file);
	ASSERT_EQ(p.r, 0);
	uint64_t bias = 0;
	ASSERT_EQ(elf_choose_bias(&p.info, 0x555555554000, &bias), 0);
	EXPECT_EQ(bias, 0x555555554000u);
	elf_plan plan;
	ASSERT_EQ(elf_make_plan(&p.info, bias, kUserLo, kUserHi, &plan), 0);
	EXPECT_EQ(plan.start, bias);
	EXPECT_EQ(plan.end, bias + 0x2000);
	EXPECT_EQ(plan.entry, bias + 0x1040);
	EXPECT_EQ(plan.phdr, bias + 0x40);
	ExpectImage(p.info, plan, file);
}

TEST(Elf, ChooseBias) {
	Parsed exec = Parse(StaticExec());
	uint64_t bias = 99;
	EXPECT_EQ(elf_choose_bias(&exec.info, 0x7f0000000000, &bias), 0);
	EXPECT_EQ(bias, 0u) << "ET_EXEC stays where it was linked";

	Fixture f = StaticPie();
	for (auto &ph : f.ph)
		if (ph.p_type == PT_LOAD)
			ph.p_align = 0x200000;
	f.ph[2].p_vaddr = 0x202e10;
	Parsed pie = Parse(f);
	ASSERT_EQ(pie.r, 0);
	EXPECT_EQ(elf_choose_bias(&pie.info, 0x555555554000, &bias), 0);
	EXPECT_EQ(bias, 0x555555600000u) << "rounded up to 2 MiB";
	EXPECT_EQ(elf_choose_bias(&pie.info, 0x400000, &bias), 0);
	EXPECT_EQ(bias, 0x400000u) << "already aligned";
	EXPECT_EQ(elf_choose_bias(&pie.info, 0, &bias), 0);
	EXPECT_EQ(bias, 0u);
	EXPECT_EQ(elf_choose_bias(&pie.info, UINT64_MAX - 0x1000, &bias), -EINVAL);

	// A PIE linked high is not moved down.
	Fixture hi = StaticPie();
	for (auto &ph : hi.ph)
		if (ph.p_type == PT_LOAD)
			ph.p_vaddr += 0x10000000;
	Parsed high = Parse(hi);
	ASSERT_EQ(high.r, 0);
	EXPECT_EQ(elf_choose_bias(&high.info, 0x1000000, &bias), 0);
	EXPECT_EQ(bias, 0u);
	EXPECT_EQ(elf_choose_bias(&high.info, 0x10003000, &bias), 0);
	EXPECT_EQ(bias, 0x3000u);
}

TEST(Elf, PlanRejectsABadBias) {
	Parsed exec = Parse(StaticExec());
	Parsed pie = Parse(StaticPie());
	elf_plan plan;
	EXPECT_EQ(elf_make_plan(&exec.info, 0x1000, kUserLo, kUserHi, &plan), -EINVAL)
	    << "ET_EXEC cannot move";
	EXPECT_EQ(elf_make_plan(&pie.info, 0x10000010, kUserLo, kUserHi, &plan), -EINVAL)
	    << "not page-aligned";
	EXPECT_EQ(elf_make_plan(&pie.info, UINT64_MAX & ~(kPage - 1), 0, UINT64_MAX, &plan), -EINVAL)
	    << "wraps";
	EXPECT_EQ(plan.nmaps, 0u) << "no half-made plan";
	EXPECT_EQ(elf_make_plan(&pie.info, 0x10000000, kUserLo, kUserHi, &plan), 0);
}

TEST(Elf, PlanStaysInTheUserRange) {
	Parsed exec = Parse(StaticExec());
	elf_plan plan;
	EXPECT_EQ(elf_make_plan(&exec.info, 0, 0x400001, kUserHi, &plan), -EPERM)
	    << "below mmap_min_addr";
	EXPECT_EQ(elf_make_plan(&exec.info, 0, 0x400000, kUserHi, &plan), 0);
	EXPECT_EQ(elf_make_plan(&exec.info, 0, kUserLo, 0x406fff, &plan), -EINVAL);
	EXPECT_EQ(elf_make_plan(&exec.info, 0, kUserLo, 0x407000, &plan), 0) << "end is exclusive";

	Parsed pie = Parse(StaticPie());
	EXPECT_EQ(elf_make_plan(&pie.info, 0, kUserLo, kUserHi, &plan), -EPERM) << "PIE at 0";
	EXPECT_EQ(elf_make_plan(&pie.info, kUserHi - 0x6000, kUserLo, kUserHi, &plan), 0);
	EXPECT_EQ(elf_make_plan(&pie.info, kUserHi - 0x5000, kUserLo, kUserHi, &plan), -EINVAL);

	Fixture f = StaticExec();
	f.eh.e_entry = 0x800000000000; // entry outside user space
	Parsed bad = Parse(f);
	ASSERT_EQ(bad.r, 0) << "the entry is only checked by the plan, as in Linux";
	EXPECT_EQ(elf_make_plan(&bad.info, 0, kUserLo, kUserHi, &plan), -EINVAL);
}

TEST(Elf, PlanProtectionsFollowTheFlags) {
	Fixture f(ET_EXEC, 0x400000);
	uint32_t flags[] = {0, PF_R, PF_W, PF_X, PF_R | PF_W, PF_R | PF_X, PF_W | PF_X,
	                    PF_R | PF_W | PF_X};
	for (size_t i = 0; i < 8; i++)
		f.ph.push_back(Ph(PT_LOAD, flags[i], i * 0x1000, 0x400000 + i * 0x1000, 0x100, 0x100, 0x1000));
	f.size = 0x8000;
	std::vector<uint8_t> file = f.Bytes();
	Parsed p = Parse(file);
	ASSERT_EQ(p.r, 0);
	elf_plan plan;
	ASSERT_EQ(elf_make_plan(&p.info, 0, kUserLo, kUserHi, &plan), 0);
	int want[] = {PROT_NONE, PROT_READ, PROT_WRITE, PROT_EXEC, PROT_READ | PROT_WRITE,
	              PROT_READ | PROT_EXEC, PROT_WRITE | PROT_EXEC,
	              PROT_READ | PROT_WRITE | PROT_EXEC};
	for (size_t i = 0; i < 8; i++)
		EXPECT_EQ(plan.maps[i].prot, want[i]) << i;
	ExpectImage(p.info, plan, file);
}

TEST(Elf, RandomCorruptionIsCaughtOrPlansCorrectly) {
	// Whatever the bytes, parsing returns a status without reading outside
	// the buffer (ASan); what parses must plan and execute correctly.
	std::vector<std::vector<uint8_t>> goods = {StaticExec().Bytes(), StaticPie().Bytes(),
	                                           Dynamic().Bytes()};
	std::mt19937_64 rng(4242);
	int parsed = 0;
	for (int round = 0; round < 6000; round++) {
		std::vector<uint8_t> s = goods[round % goods.size()];
		int flips = 1 + static_cast<int>(rng() % 4);
		for (int i = 0; i < flips; i++) {
			// Mostly the headers, where the interesting fields are.
			size_t limit = rng() % 4 ? 64 + 7 * sizeof(Elf64_Phdr) : s.size();
			size_t at = rng() % std::min(limit, s.size());
			s[at] = rng() % 2 ? static_cast<uint8_t>(rng()) : s[at] ^ (1u << (rng() % 8));
		}
		size_t n = rng() % 8 ? s.size() : rng() % (s.size() + 1);
		s.resize(n);
		Parsed p = Parse(s);
		if (p.r != 0) {
			ASSERT_EQ(p.r, -ENOEXEC);
			continue;
		}
		parsed++;
		uint64_t bias = 0;
		if (elf_choose_bias(&p.info, 0x10000000, &bias) != 0)
			continue;
		elf_plan plan;
		if (elf_make_plan(&p.info, bias, 0, UINT64_MAX, &plan) != 0)
			continue;
		if (plan.end - plan.start > (256u << 10))
			continue; // too big to simulate byte by byte
		SCOPED_TRACE(round);
		ExpectImage(p.info, plan, s);
	}
	EXPECT_GT(parsed, 100) << "the corruption should not always be fatal";
}

TEST(Elf, Busybox) {
	std::vector<uint8_t> file = ReadFile("/bin/busybox");
	if (file.empty())
		GTEST_SKIP() << "/bin/busybox is not installed (Debian busybox-static)";
	Parsed p = Parse(file);
	ASSERT_EQ(p.r, 0);
	EXPECT_EQ(p.info.interp, nullptr) << "busybox-static is static";

	// Compare with the program headers read directly.
	Elf64_Ehdr eh;
	memcpy(&eh, file.data(), sizeof(eh));
	EXPECT_EQ(p.info.type, eh.e_type);
	EXPECT_EQ(p.info.entry, eh.e_entry);
	EXPECT_EQ(p.info.phnum, eh.e_phnum);
	size_t loads = 0;
	for (size_t i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		memcpy(&ph, file.data() + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		ASSERT_LT(loads, p.info.nsegs);
		EXPECT_EQ(p.info.segs[loads].vaddr, ph.p_vaddr);
		EXPECT_EQ(p.info.segs[loads].offset, ph.p_offset);
		EXPECT_EQ(p.info.segs[loads].filesz, ph.p_filesz);
		EXPECT_EQ(p.info.segs[loads].memsz, ph.p_memsz);
		EXPECT_EQ(p.info.segs[loads].flags, ph.p_flags);
		loads++;
	}
	EXPECT_EQ(loads, p.info.nsegs);

	uint64_t bias = 0;
	ASSERT_EQ(elf_choose_bias(&p.info, 0x555555554000, &bias), 0);
	EXPECT_EQ(bias == 0, eh.e_type == ET_EXEC);
	elf_plan plan;
	ASSERT_EQ(elf_make_plan(&p.info, bias, kUserLo, kUserHi, &plan), 0);
	ExpectImage(p.info, plan, file);
}

TEST(Elf, ThisTestBinaryPlansAsLinuxLoadedIt) {
	// Linux loaded this very process; its auxv says where.
	std::vector<uint8_t> file = ReadFile("/proc/self/exe");
	ASSERT_FALSE(file.empty());
	Parsed p = Parse(file);
	ASSERT_EQ(p.r, 0);
	const uint64_t bias = Auxval(AT_ENTRY) - p.info.entry;
	EXPECT_EQ(bias % kPage, 0u);
	EXPECT_EQ(bias == 0, p.info.type == ET_EXEC);
	elf_plan plan;
	ASSERT_EQ(elf_make_plan(&p.info, bias, kUserLo, kUserHi, &plan), 0);
	EXPECT_EQ(plan.entry, Auxval(AT_ENTRY));
	EXPECT_EQ(plan.phdr, Auxval(AT_PHDR));
	EXPECT_EQ(p.info.phnum, Auxval(AT_PHNUM));
	EXPECT_EQ(p.info.phent, Auxval(AT_PHENT));
	// Read-only segments are still exactly the file's bytes in memory.
	size_t compared = 0;
	for (size_t i = 0; i < p.info.nsegs; i++) {
		const elf_segment &s = p.info.segs[i];
		if (s.flags & PF_W)
			continue;
		EXPECT_EQ(Differences(s.vaddr + bias, file.data() + s.offset, s.filesz), 0u)
		    << "segment " << i;
		compared++;
	}
	EXPECT_GT(compared, 0u);
}

} // namespace

namespace {

// The loader reads only the headers: the segments may lie past them.
TEST(ElfHead, ParsesFromTheHeadersAlone) {
	std::vector<uint8_t> file = StaticExec().Bytes();
	size_t head = 64 + 6 * sizeof(Elf64_Phdr);  // six program headers
	ASSERT_LT(head, file.size());
	EXPECT_EQ(elf_head_needed(file.data(), 64), head);
	EXPECT_EQ(elf_head_needed(file.data(), file.size()), file.size());
	elf_info whole, part;
	ASSERT_EQ(elf_parse(file.data(), file.size(), &whole), 0);
	ASSERT_EQ(elf_parse_head(file.data(), head, file.size(), &part), 0);
	EXPECT_EQ(part.file_size, file.size());
	ASSERT_EQ(part.nsegs, whole.nsegs);
	for (size_t i = 0; i < whole.nsegs; i++) {
		EXPECT_EQ(part.segs[i].offset, whole.segs[i].offset);
		EXPECT_EQ(part.segs[i].filesz, whole.segs[i].filesz);
	}
}

TEST(ElfHead, HeadersCutShortAreEnoexec) {
	std::vector<uint8_t> file = StaticExec().Bytes();
	elf_info info;
	// The program header table does not fit in what was read.
	EXPECT_EQ(elf_parse_head(file.data(), 100, file.size(), &info), -ENOEXEC);
	// A head longer than the file is a caller's mistake.
	EXPECT_EQ(elf_parse_head(file.data(), file.size(), file.size() - 1, &info), -ENOEXEC);
	// Segments must still lie inside the file.
	EXPECT_EQ(elf_parse_head(file.data(), 64 + 6 * sizeof(Elf64_Phdr), 0x1000, &info), -ENOEXEC);
}

TEST(ElfHead, InterpreterMustBeInTheHead) {
	std::vector<uint8_t> file = Dynamic().Bytes();
	elf_info info;
	EXPECT_EQ(elf_parse_head(file.data(), 0x200, file.size(), &info), -ENOEXEC);
	ASSERT_EQ(elf_parse_head(file.data(), 0x200 + sizeof(kInterp), file.size(), &info), 0);
	EXPECT_STREQ(info.interp, kInterp);
}

TEST(ElfHead, NonElfNeedsNothingMore) {
	const char script[] = "#!/bin/sh\necho hi\n";
	EXPECT_EQ(elf_head_needed(script, sizeof(script)), sizeof(script));
	EXPECT_EQ(elf_head_needed(nullptr, 0), 0u);
	std::vector<uint8_t> file = StaticExec().Bytes();
	Elf64_Ehdr eh;
	memcpy(&eh, file.data(), sizeof(eh));
	eh.e_phoff = UINT64_MAX - 8;
	memcpy(file.data(), &eh, sizeof(eh));
	EXPECT_EQ(elf_head_needed(file.data(), file.size()), UINT64_MAX);
}

}  // namespace
