// Tests for core/boot/bootinfo.c with hand-built Multiboot1 and Multiboot2
// information structures.  Each structure lives in a heap buffer of exactly
// its size behind a fake physical address, so ASan catches any read past
// what the loader would have provided.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "boot/bootinfo.h"

namespace {

// Fake physical memory: separate exact-size blocks at chosen addresses.
class Phys {
public:
	void Put(uint64_t addr, const std::vector<uint8_t> &bytes) {
		auto &b = blocks_[addr];
		b.size = bytes.size();
		b.data.reset(new uint8_t[b.size ? b.size : 1]);
		if (b.size)
			memcpy(b.data.get(), bytes.data(), b.size);
	}
	void PutString(uint64_t addr, const std::string &s) {
		std::vector<uint8_t> v(s.begin(), s.end());
		v.push_back(0);
		Put(addr, v);
	}
	static const void *Map(uint64_t phys, void *ctx) {
		auto *self = static_cast<Phys *>(ctx);
		auto it = self->blocks_.upper_bound(phys);
		if (it == self->blocks_.begin())
			return nullptr;
		--it;
		if (phys - it->first >= it->second.size)
			return nullptr;
		return it->second.data.get() + (phys - it->first);
	}

private:
	struct Block {
		std::unique_ptr<uint8_t[]> data;
		size_t size = 0;
	};
	std::map<uint64_t, Block> blocks_;
};

void Put32(std::vector<uint8_t> &v, uint32_t x) {
	for (int i = 0; i < 4; i++)
		v.push_back(static_cast<uint8_t>(x >> (8 * i)));
}
void Put64(std::vector<uint8_t> &v, uint64_t x) {
	for (int i = 0; i < 8; i++)
		v.push_back(static_cast<uint8_t>(x >> (8 * i)));
}
void Set32(std::vector<uint8_t> &v, size_t off, uint32_t x) {
	for (int i = 0; i < 4; i++)
		v[off + i] = static_cast<uint8_t>(x >> (8 * i));
}

// Builds a Multiboot2 information structure tag by tag.
class Mb2 {
public:
	Mb2() {
		Put32(b_, 0); // total_size, patched by Finish
		Put32(b_, 0);
	}
	// Returns the offset of the tag.
	size_t Tag(uint32_t type, const std::vector<uint8_t> &payload,
	           long size_override = -1) {
		size_t off = b_.size();
		Put32(b_, type);
		Put32(b_, size_override >= 0 ? static_cast<uint32_t>(size_override)
		                             : static_cast<uint32_t>(8 + payload.size()));
		b_.insert(b_.end(), payload.begin(), payload.end());
		while (b_.size() % 8)
			b_.push_back(0);
		return off;
	}
	size_t String(uint32_t type, const std::string &s) {
		std::vector<uint8_t> v(s.begin(), s.end());
		v.push_back(0);
		return Tag(type, v);
	}
	struct Region {
		uint64_t base, len;
		uint32_t type;
	};
	size_t Mmap(const std::vector<Region> &regions, uint32_t entry_size = 24,
	            size_t extra = 0) {
		std::vector<uint8_t> v;
		Put32(v, entry_size);
		Put32(v, 0);
		for (const auto &r : regions) {
			size_t start = v.size();
			Put64(v, r.base);
			Put64(v, r.len);
			Put32(v, r.type);
			Put32(v, 0);
			v.resize(start + entry_size, 0);
		}
		v.resize(v.size() + extra, 0);
		return Tag(6, v);
	}
	size_t Rsdp(uint32_t type, size_t len) {
		std::vector<uint8_t> v(len, 0);
		memcpy(v.data(), "RSD PTR ", 8);
		return Tag(type, v);
	}
	void End() { Tag(0, {}); }
	std::vector<uint8_t> Finish(long total_override = -1) {
		std::vector<uint8_t> out = b_;
		Set32(out, 0, total_override >= 0 ? static_cast<uint32_t>(total_override)
		                                  : static_cast<uint32_t>(out.size()));
		return out;
	}

private:
	std::vector<uint8_t> b_;
};

const uint64_t kInfo = 0x10000;

int ParseMb2(const std::vector<uint8_t> &bytes, boot_info *bi,
             size_t max_size = SIZE_MAX) {
	Phys phys;
	phys.Put(kInfo, bytes);
	if (max_size == SIZE_MAX)
		max_size = bytes.size();
	return bootinfo_parse_mb2(kInfo, max_size, Phys::Map, &phys, bi);
}

std::vector<uint8_t> StandardMb2() {
	Mb2 m;
	m.String(1, "ktest loglevel=7");
	m.String(2, "GRUB 2.06");
	m.Mmap({{0, 0x9fc00, 1},
	        {0x9fc00, 0x400, 2},
	        {0x100000, 0x7ee0000, 1},
	        {0x7fe0000, 0x20000, 3},
	        {0xfffc0000, 0x40000, 2}});
	m.Tag(21, std::vector<uint8_t>(12, 0xab)); // load base address: skipped
	m.End();
	return m.Finish();
}

std::unique_ptr<boot_info> NewInfo() {
	std::unique_ptr<boot_info> bi(new boot_info);
	memset(bi.get(), 0x77, sizeof(*bi)); // the parser must clear it
	return bi;
}

TEST(BootinfoMb2, ParsesCmdlineLoaderAndMap) {
	auto bytes = StandardMb2();
	auto bi = NewInfo();
	ASSERT_EQ(ParseMb2(bytes, bi.get()), 0);
	EXPECT_EQ(bi->protocol, 2);
	EXPECT_STREQ(bi->cmdline, "ktest loglevel=7");
	EXPECT_STREQ(bi->loader, "GRUB 2.06");
	ASSERT_EQ(bi->nmem, 5u);
	EXPECT_EQ(bi->mem[2].base, 0x100000u);
	EXPECT_EQ(bi->mem[2].len, 0x7ee0000u);
	EXPECT_EQ(bi->mem[2].type, static_cast<uint32_t>(BOOT_MEM_AVAILABLE));
	EXPECT_EQ(bi->mem[3].type, static_cast<uint32_t>(BOOT_MEM_ACPI_RECLAIMABLE));
	EXPECT_EQ(bi->mem_dropped, 0u);
	EXPECT_EQ(bi->rsdp_phys, 0u);
	EXPECT_EQ(bi->info_phys, kInfo);
	EXPECT_EQ(bi->info_size, bytes.size());
	EXPECT_EQ(bootinfo_available_bytes(bi.get()), 0x9fc00u + 0x7ee0000u);
	EXPECT_EQ(bootinfo_highest_available(bi.get()), 0x7fe0000u);
}

TEST(BootinfoMb2, NewRsdpAddressPointsIntoTheInfo) {
	Mb2 m;
	m.String(1, "x");
	size_t off = m.Rsdp(15, 36);
	m.End();
	auto bi = NewInfo();
	ASSERT_EQ(ParseMb2(m.Finish(), bi.get()), 0);
	EXPECT_EQ(bi->rsdp_phys, kInfo + off + 8);
}

TEST(BootinfoMb2, NewRsdpWinsOverOldInEitherOrder) {
	for (bool old_first : {true, false}) {
		Mb2 m;
		size_t old_off = 0, new_off = 0;
		if (old_first) {
			old_off = m.Rsdp(14, 20);
			new_off = m.Rsdp(15, 36);
		} else {
			new_off = m.Rsdp(15, 36);
			old_off = m.Rsdp(14, 20);
		}
		m.End();
		auto bi = NewInfo();
		ASSERT_EQ(ParseMb2(m.Finish(), bi.get()), 0);
		EXPECT_EQ(bi->rsdp_phys, kInfo + new_off + 8) << old_first;
		EXPECT_NE(bi->rsdp_phys, kInfo + old_off + 8);
	}
}

TEST(BootinfoMb2, OldRsdpAloneIsUsed) {
	Mb2 m;
	size_t off = m.Rsdp(14, 20);
	m.End();
	auto bi = NewInfo();
	ASSERT_EQ(ParseMb2(m.Finish(), bi.get()), 0);
	EXPECT_EQ(bi->rsdp_phys, kInfo + off + 8);
}

TEST(BootinfoMb2, ShortRsdpTagIsIgnored) {
	Mb2 m;
	m.Rsdp(14, 12);
	m.Rsdp(15, 20);
	m.End();
	auto bi = NewInfo();
	ASSERT_EQ(ParseMb2(m.Finish(), bi.get()), 0);
	EXPECT_EQ(bi->rsdp_phys, 0u);
}

TEST(BootinfoMb2, MinimalStructureWithOnlyTheEndTag) {
	Mb2 m;
	m.End();
	auto bi = NewInfo();
	ASSERT_EQ(ParseMb2(m.Finish(), bi.get()), 0);
	EXPECT_STREQ(bi->cmdline, "");
	EXPECT_STREQ(bi->loader, "");
	EXPECT_EQ(bi->nmem, 0u);
	EXPECT_EQ(bi->info_size, 16u);
}

TEST(BootinfoMb2, TagRunningPastTotalSizeIsAnError) {
	Mb2 m;
	m.String(1, "abc");
	m.Tag(2, std::vector<uint8_t>(8, 'x'), 200); // claims 200 bytes
	m.End();
	auto bi = NewInfo();
	EXPECT_EQ(ParseMb2(m.Finish(), bi.get()), -1);
}

TEST(BootinfoMb2, TotalSizeCutsATagShort) {
	Mb2 m;
	m.String(1, "a fairly long command line");
	m.End();
	auto bytes = m.Finish(20); // ends inside the cmdline tag
	auto bi = NewInfo();
	EXPECT_EQ(ParseMb2(bytes, bi.get()), -1);
}

TEST(BootinfoMb2, MissingEndTagIsAnError) {
	Mb2 m;
	m.String(1, "no end");
	m.Mmap({{0x100000, 0x100000, 1}});
	auto bi = NewInfo();
	EXPECT_EQ(ParseMb2(m.Finish(), bi.get()), -1);
}

TEST(BootinfoMb2, TrailingBytesShorterThanATagHeader) {
	Mb2 m;
	m.String(1, "x");
	auto bytes = m.Finish();
	bytes.resize(bytes.size() + 4, 0); // half a tag header, no end tag
	Set32(bytes, 0, static_cast<uint32_t>(bytes.size()));
	auto bi = NewInfo();
	EXPECT_EQ(ParseMb2(bytes, bi.get()), -1);
}

TEST(BootinfoMb2, TotalSizeOutOfRangeIsAnError) {
	auto bytes = StandardMb2();
	auto bi = NewInfo();
	for (uint32_t total : {0u, 4u, 7u}) {
		auto b = bytes;
		Set32(b, 0, total);
		EXPECT_EQ(ParseMb2(b, bi.get()), -1) << total;
	}
	// Larger than the caller allows.
	EXPECT_EQ(ParseMb2(bytes, bi.get(), bytes.size() - 8), -1);
	EXPECT_EQ(ParseMb2(bytes, bi.get(), 4), -1);
	auto b = bytes;
	Set32(b, 0, 0xfffffff8u);
	EXPECT_EQ(ParseMb2(b, bi.get()), -1);
}

TEST(BootinfoMb2, TagSizeBelowHeaderIsAnError) {
	Mb2 m;
	m.Tag(1, {}, 4);
	m.End();
	auto bi = NewInfo();
	EXPECT_EQ(ParseMb2(m.Finish(), bi.get()), -1);
}

TEST(BootinfoMb2, UnmappedInfoIsAnError) {
	Phys phys;
	auto bi = NewInfo();
	EXPECT_EQ(bootinfo_parse_mb2(0x5000, 4096, Phys::Map, &phys, bi.get()), -1);
}

TEST(BootinfoMb2, MmapEntrySizeTooSmallIsAnError) {
	for (uint32_t es : {0u, 8u, 16u, 20u}) {
		Mb2 m;
		m.Mmap({{0x100000, 0x100000, 1}}, es);
		m.End();
		auto bi = NewInfo();
		EXPECT_EQ(ParseMb2(m.Finish(), bi.get()), -1) << es;
	}
}

TEST(BootinfoMb2, MmapPartialTrailingEntryIsAnError) {
	Mb2 m;
	m.Mmap({{0x100000, 0x100000, 1}, {0x300000, 0x1000, 1}}, 24, 16);
	m.End();
	auto bi = NewInfo();
	EXPECT_EQ(ParseMb2(m.Finish(), bi.get()), -1);
}

TEST(BootinfoMb2, MmapTagTooShortForItsHeaderIsAnError) {
	Mb2 m;
	m.Tag(6, {24, 0, 0, 0}); // entry_size but no entry_version
	m.End();
	auto bi = NewInfo();
	EXPECT_EQ(ParseMb2(m.Finish(), bi.get()), -1);
}

TEST(BootinfoMb2, LargerMmapEntriesFromNewerVersions) {
	Mb2 m;
	m.Mmap({{0, 0x80000, 1}, {0x100000, 0x300000, 1}, {0xe0000, 0x20000, 2}}, 40);
	m.End();
	auto bi = NewInfo();
	ASSERT_EQ(ParseMb2(m.Finish(), bi.get()), 0);
	ASSERT_EQ(bi->nmem, 3u);
	EXPECT_EQ(bi->mem[1].base, 0x100000u);
	EXPECT_EQ(bi->mem[1].len, 0x300000u);
	EXPECT_EQ(bi->mem[2].type, 2u);
}

TEST(BootinfoMb2, TooManyRegionsAreDroppedAndCounted) {
	std::vector<Mb2::Region> regions;
	for (uint64_t i = 0; i < BOOT_MEM_MAX + 10; i++)
		regions.push_back({i * 0x10000, 0x8000, static_cast<uint32_t>(1 + i % 2)});
	Mb2 m;
	m.Mmap(regions);
	m.End();
	auto bi = NewInfo();
	ASSERT_EQ(ParseMb2(m.Finish(), bi.get()), 0);
	EXPECT_EQ(bi->nmem, static_cast<size_t>(BOOT_MEM_MAX));
	EXPECT_EQ(bi->mem_dropped, 10u);
	EXPECT_EQ(bi->mem[BOOT_MEM_MAX - 1].base, (BOOT_MEM_MAX - 1) * 0x10000u);
}

TEST(BootinfoMb2, UnknownTypesAreKeptAndEmptyRegionsSkipped) {
	Mb2 m;
	m.Mmap({{0x1000, 0, 1}, {0x2000, 0x1000, 12}, {0x100000, 0x1000, 1}});
	m.End();
	auto bi = NewInfo();
	ASSERT_EQ(ParseMb2(m.Finish(), bi.get()), 0);
	ASSERT_EQ(bi->nmem, 2u);
	EXPECT_EQ(bi->mem[0].type, 12u);
	EXPECT_EQ(bootinfo_available_bytes(bi.get()), 0x1000u);
}

TEST(BootinfoMb2, UnterminatedAndOverlongStringsAreBounded) {
	Mb2 m;
	m.Tag(2, std::vector<uint8_t>(5, 'L')); // no NUL in the tag
	m.String(1, std::string(3000, 'c'));
	m.End();
	auto bi = NewInfo();
	ASSERT_EQ(ParseMb2(m.Finish(), bi.get()), 0);
	EXPECT_STREQ(bi->loader, "LLLLL");
	EXPECT_EQ(strlen(bi->cmdline), static_cast<size_t>(BOOT_CMDLINE_MAX - 1));
}

TEST(BootinfoMb2, BasicMeminfoIsAFallbackOnly) {
	Mb2 with_map;
	with_map.Tag(4, {0x80, 0x02, 0, 0, 0x00, 0xfc, 0, 0}); // 640 KiB, 64512 KiB
	with_map.Mmap({{0x100000, 0x1000000, 1}});
	with_map.End();
	auto bi = NewInfo();
	ASSERT_EQ(ParseMb2(with_map.Finish(), bi.get()), 0);
	EXPECT_EQ(bi->nmem, 1u);

	Mb2 basic;
	basic.Tag(4, {0x80, 0x02, 0, 0, 0x00, 0xfc, 0, 0});
	basic.End();
	ASSERT_EQ(ParseMb2(basic.Finish(), bi.get()), 0);
	ASSERT_EQ(bi->nmem, 2u);
	EXPECT_EQ(bi->mem[0].len, 640u * 1024);
	EXPECT_EQ(bi->mem[1].base, 0x100000u);
	EXPECT_EQ(bi->mem[1].len, 64512u * 1024);
}

TEST(BootinfoMb2, EveryTruncationFailsWithoutReadingPastTheEnd) {
	auto bytes = StandardMb2();
	for (size_t n = 8; n < bytes.size(); n++) {
		std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(n));
		Set32(cut, 0, static_cast<uint32_t>(n));
		auto bi = NewInfo();
		EXPECT_EQ(ParseMb2(cut, bi.get()), -1) << n;
	}
}

// Builds the 116-byte fixed part of a Multiboot1 information structure.
std::vector<uint8_t> Mb1Info(uint32_t flags) {
	std::vector<uint8_t> v(116, 0);
	Set32(v, 0, flags);
	return v;
}

std::vector<uint8_t> Mb1Map(const std::vector<Mb2::Region> &regions,
                            uint32_t size_field = 20) {
	std::vector<uint8_t> v;
	for (const auto &r : regions) {
		size_t start = v.size();
		Put32(v, size_field);
		Put64(v, r.base);
		Put64(v, r.len);
		Put32(v, r.type);
		v.resize(start + 4 + size_field, 0);
	}
	return v;
}

const uint64_t kMb1 = 0x9000, kMap = 0xa000, kCmd = 0xb000, kName = 0xc000;

TEST(BootinfoMb1, ParsesMapCmdlineAndLoader) {
	Phys phys;
	auto info = Mb1Info((1u << 0) | (1u << 2) | (1u << 6) | (1u << 9));
	auto map = Mb1Map({{0, 0x9fc00, 1}, {0xf0000, 0x10000, 2}, {0x100000, 0x7ee0000, 1}});
	Set32(info, 4, 639);
	Set32(info, 8, 130000);
	Set32(info, 16, kCmd);
	Set32(info, 44, static_cast<uint32_t>(map.size()));
	Set32(info, 48, kMap);
	Set32(info, 64, kName);
	phys.Put(kMb1, info);
	phys.Put(kMap, map);
	phys.PutString(kCmd, "console=ttyS0 strace=1");
	phys.PutString(kName, "qemu");
	auto bi = NewInfo();
	ASSERT_EQ(bootinfo_parse_mb1(kMb1, Phys::Map, &phys, bi.get()), 0);
	EXPECT_EQ(bi->protocol, 1);
	EXPECT_STREQ(bi->cmdline, "console=ttyS0 strace=1");
	EXPECT_STREQ(bi->loader, "qemu");
	ASSERT_EQ(bi->nmem, 3u) << "the map wins over mem_lower/mem_upper";
	EXPECT_EQ(bi->mem[2].base, 0x100000u);
	EXPECT_EQ(bi->mem[2].len, 0x7ee0000u);
	EXPECT_EQ(bi->mem[1].type, 2u);
	EXPECT_EQ(bi->rsdp_phys, 0u);
	EXPECT_EQ(bi->info_phys, kMb1);
	EXPECT_EQ(bi->info_size, 116u);
}

TEST(BootinfoMb1, FlagsDecideWhatIsRead) {
	Phys phys;
	auto info = Mb1Info(1u << 0); // cmdline and name pointers are garbage
	Set32(info, 4, 640);
	Set32(info, 8, 1024);
	Set32(info, 16, 0xdead0000);
	Set32(info, 64, 0xbeef0000);
	phys.Put(kMb1, info);
	auto bi = NewInfo();
	ASSERT_EQ(bootinfo_parse_mb1(kMb1, Phys::Map, &phys, bi.get()), 0);
	EXPECT_STREQ(bi->cmdline, "");
	EXPECT_STREQ(bi->loader, "");
}

TEST(BootinfoMb1, MemLowerUpperFallback) {
	Phys phys;
	auto info = Mb1Info(1u << 0);
	Set32(info, 4, 639);
	Set32(info, 8, 65536);
	phys.Put(kMb1, info);
	auto bi = NewInfo();
	ASSERT_EQ(bootinfo_parse_mb1(kMb1, Phys::Map, &phys, bi.get()), 0);
	ASSERT_EQ(bi->nmem, 2u);
	EXPECT_EQ(bi->mem[0].base, 0u);
	EXPECT_EQ(bi->mem[0].len, 639u * 1024);
	EXPECT_EQ(bi->mem[1].base, 0x100000u);
	EXPECT_EQ(bi->mem[1].len, 64u << 20);
	EXPECT_EQ(bootinfo_highest_available(bi.get()), 0x100000u + (64u << 20));
}

TEST(BootinfoMb1, NoMemoryInformationIsAnError) {
	Phys phys;
	phys.Put(kMb1, Mb1Info(1u << 2));
	auto bi = NewInfo();
	EXPECT_EQ(bootinfo_parse_mb1(kMb1, Phys::Map, &phys, bi.get()), -1);
	EXPECT_EQ(bootinfo_parse_mb1(0x123000, Phys::Map, &phys, bi.get()), -1);
}

TEST(BootinfoMb1, MapEntrySizeTooSmallIsAnError) {
	Phys phys;
	auto info = Mb1Info((1u << 0) | (1u << 6));
	auto map = Mb1Map({{0x100000, 0x100000, 1}}, 16);
	Set32(info, 44, static_cast<uint32_t>(map.size()));
	Set32(info, 48, kMap);
	phys.Put(kMb1, info);
	phys.Put(kMap, map);
	auto bi = NewInfo();
	EXPECT_EQ(bootinfo_parse_mb1(kMb1, Phys::Map, &phys, bi.get()), -1);
}

TEST(BootinfoMb1, MapEntryRunningPastTheLengthIsAnError) {
	for (size_t cut : {1, 4, 10, 23}) {
		Phys phys;
		auto info = Mb1Info(1u << 6);
		auto map = Mb1Map({{0, 0x9fc00, 1}, {0x100000, 0x100000, 1}});
		map.resize(map.size() - cut);
		Set32(info, 44, static_cast<uint32_t>(map.size()));
		Set32(info, 48, kMap);
		phys.Put(kMb1, info);
		phys.Put(kMap, map);
		auto bi = NewInfo();
		EXPECT_EQ(bootinfo_parse_mb1(kMb1, Phys::Map, &phys, bi.get()), -1) << cut;
	}
}

TEST(BootinfoMb1, MapEntriesWithExtraBytes) {
	Phys phys;
	auto info = Mb1Info(1u << 6);
	auto map = Mb1Map({{0, 0x9fc00, 1}, {0x100000, 0x100000, 1}}, 24);
	Set32(info, 44, static_cast<uint32_t>(map.size()));
	Set32(info, 48, kMap);
	phys.Put(kMb1, info);
	phys.Put(kMap, map);
	auto bi = NewInfo();
	ASSERT_EQ(bootinfo_parse_mb1(kMb1, Phys::Map, &phys, bi.get()), 0);
	ASSERT_EQ(bi->nmem, 2u);
	EXPECT_EQ(bi->mem[1].base, 0x100000u);
}

TEST(BootinfoMb1, UnmappedMapIsAnError) {
	Phys phys;
	auto info = Mb1Info((1u << 0) | (1u << 6));
	Set32(info, 44, 24);
	Set32(info, 48, 0x700000);
	phys.Put(kMb1, info);
	auto bi = NewInfo();
	EXPECT_EQ(bootinfo_parse_mb1(kMb1, Phys::Map, &phys, bi.get()), -1);
}

TEST(BootinfoMb1, OverlongCmdlineIsTruncated) {
	Phys phys;
	auto info = Mb1Info((1u << 0) | (1u << 2));
	Set32(info, 16, kCmd);
	phys.Put(kMb1, info);
	phys.PutString(kCmd, std::string(5000, 'k'));
	auto bi = NewInfo();
	ASSERT_EQ(bootinfo_parse_mb1(kMb1, Phys::Map, &phys, bi.get()), 0);
	EXPECT_EQ(strlen(bi->cmdline), static_cast<size_t>(BOOT_CMDLINE_MAX - 1));
}

TEST(Bootinfo, MemTypeNames) {
	char buf[32];
	EXPECT_STREQ(bootinfo_mem_type_name(1, buf, sizeof(buf)), "available");
	EXPECT_STREQ(bootinfo_mem_type_name(2, buf, sizeof(buf)), "reserved");
	EXPECT_STREQ(bootinfo_mem_type_name(3, buf, sizeof(buf)), "ACPI reclaimable");
	EXPECT_STREQ(bootinfo_mem_type_name(4, buf, sizeof(buf)), "ACPI NVS");
	EXPECT_STREQ(bootinfo_mem_type_name(5, buf, sizeof(buf)), "bad");
	EXPECT_STREQ(bootinfo_mem_type_name(7, buf, sizeof(buf)), "type 7");
	EXPECT_STREQ(bootinfo_mem_type_name(0, buf, sizeof(buf)), "type 0");
	EXPECT_STREQ(bootinfo_mem_type_name(4000000000u, buf, sizeof(buf)), "type 4000000000");
	char small[5];
	EXPECT_STREQ(bootinfo_mem_type_name(12, small, sizeof(small)), "type");
	EXPECT_NE(bootinfo_mem_type_name(12, nullptr, 0), nullptr);
}

TEST(Bootinfo, AvailableSumAndHighestIgnoreOtherTypes) {
	boot_info bi;
	memset(&bi, 0, sizeof(bi));
	bi.mem[0] = {0, 0x1000, BOOT_MEM_AVAILABLE};
	bi.mem[1] = {0x100000, 0x200000, BOOT_MEM_AVAILABLE};
	bi.mem[2] = {0xfee00000, 0x1000, BOOT_MEM_RESERVED};
	bi.mem[3] = {0x80000, 0x1000, 99};
	bi.nmem = 4;
	EXPECT_EQ(bootinfo_available_bytes(&bi), 0x201000u);
	EXPECT_EQ(bootinfo_highest_available(&bi), 0x300000u);
	bi.mem[4] = {UINT64_MAX - 10, 100, BOOT_MEM_AVAILABLE}; // nonsense wraps
	bi.nmem = 5;
	EXPECT_EQ(bootinfo_highest_available(&bi), UINT64_MAX);
	bi.nmem = 0;
	EXPECT_EQ(bootinfo_available_bytes(&bi), 0u);
	EXPECT_EQ(bootinfo_highest_available(&bi), 0u);
}

} // namespace
