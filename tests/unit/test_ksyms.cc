// Tests for core/lib/ksyms.c with made-up symbol tables.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "lib/ksyms.h"

namespace {

// Builds the table layout tools/ksyms.py emits: sorted addresses and
// offsets into one blob of NUL-terminated names.
class Table {
public:
	Table(std::vector<std::pair<uint64_t, std::string>> syms, uint64_t start,
	      uint64_t end) {
		for (auto &s : syms) {
			addrs_.push_back(s.first);
			offsets_.push_back(static_cast<uint32_t>(names_.size()));
			names_ += s.second;
			names_.push_back('\0');
		}
		t_.count = addrs_.size();
		t_.addrs = addrs_.data();
		t_.name_offsets = offsets_.data();
		t_.names = names_.data();
		t_.text_start = start;
		t_.text_end = end;
	}
	const ksym_table *get() const { return &t_; }

private:
	std::vector<uint64_t> addrs_;
	std::vector<uint32_t> offsets_;
	std::string names_;
	ksym_table t_{};
};

std::string Lookup(const Table &t, uint64_t addr, uint64_t *off = nullptr) {
	uint64_t o = 0xdead;
	const char *name = ksym_lookup(t.get(), addr, &o);
	if (off)
		*off = o;
	return name ? name : "<none>";
}

const uint64_t kBase = 0xffffffff80100000ULL;

Table Sample() {
	return Table({{kBase, "_start"},
	              {kBase + 0x40, "kmain"},
	              {kBase + 0x200, "panic"},
	              {kBase + 0x1000, "last_fn"}},
	             kBase, kBase + 0x2000);
}

TEST(Ksyms, ExactAddressHasOffsetZero) {
	Table t = Sample();
	uint64_t off;
	EXPECT_EQ(Lookup(t, kBase + 0x40, &off), "kmain");
	EXPECT_EQ(off, 0u);
	EXPECT_EQ(Lookup(t, kBase, &off), "_start");
	EXPECT_EQ(off, 0u);
}

TEST(Ksyms, AddressInsideASymbol) {
	Table t = Sample();
	uint64_t off;
	EXPECT_EQ(Lookup(t, kBase + 0x41, &off), "kmain");
	EXPECT_EQ(off, 1u);
	EXPECT_EQ(Lookup(t, kBase + 0x1ff, &off), "kmain");
	EXPECT_EQ(off, 0x1bfu);
	EXPECT_EQ(Lookup(t, kBase + 0x3f, &off), "_start");
	EXPECT_EQ(off, 0x3fu);
}

TEST(Ksyms, LastSymbolExtendsToTextEnd) {
	Table t = Sample();
	uint64_t off;
	EXPECT_EQ(Lookup(t, kBase + 0x1fff, &off), "last_fn");
	EXPECT_EQ(off, 0xfffu);
	EXPECT_EQ(Lookup(t, kBase + 0x2000), "<none>");
	EXPECT_EQ(Lookup(t, UINT64_MAX), "<none>");
}

TEST(Ksyms, OutsideTextIsNull) {
	Table t = Sample();
	EXPECT_EQ(Lookup(t, kBase - 1), "<none>");
	EXPECT_EQ(Lookup(t, 0), "<none>");
}

TEST(Ksyms, BeforeFirstSymbolIsNull) {
	Table t({{0x1100, "first"}}, 0x1000, 0x2000);
	EXPECT_EQ(Lookup(t, 0x1000), "<none>");
	EXPECT_EQ(Lookup(t, 0x10ff), "<none>");
	EXPECT_EQ(Lookup(t, 0x1100), "first");
}

TEST(Ksyms, EmptyTableFromTheFirstLink) {
	Table t({}, kBase, kBase + 0x1000);
	EXPECT_EQ(Lookup(t, kBase + 10), "<none>");
	EXPECT_EQ(ksym_address(t.get(), "kmain"), 0u);
	EXPECT_EQ(ksym_lookup(nullptr, kBase, nullptr), nullptr);
}

TEST(Ksyms, OffsetPointerMayBeNull) {
	Table t = Sample();
	EXPECT_STREQ(ksym_lookup(t.get(), kBase + 0x205, nullptr), "panic");
}

TEST(Ksyms, AliasesResolveToTheLastListed) {
	Table t({{0x1000, "a"}, {0x1010, "alias1"}, {0x1010, "alias2"}, {0x1020, "c"}},
	        0x1000, 0x2000);
	uint64_t off;
	EXPECT_EQ(Lookup(t, 0x1010, &off), "alias2");
	EXPECT_EQ(off, 0u);
	EXPECT_EQ(Lookup(t, 0x101f, &off), "alias2");
	EXPECT_EQ(off, 0xfu);
}

TEST(Ksyms, AddressByName) {
	Table t = Sample();
	EXPECT_EQ(ksym_address(t.get(), "panic"), kBase + 0x200);
	EXPECT_EQ(ksym_address(t.get(), "_start"), kBase);
	EXPECT_EQ(ksym_address(t.get(), "last_fn"), kBase + 0x1000);
	EXPECT_EQ(ksym_address(t.get(), "pani"), 0u);
	EXPECT_EQ(ksym_address(t.get(), "panicky"), 0u);
	EXPECT_EQ(ksym_address(t.get(), ""), 0u);
}

TEST(Ksyms, LargeTableMatchesLinearSearch) {
	std::mt19937_64 rng(42);
	std::vector<std::pair<uint64_t, std::string>> syms;
	uint64_t a = 0x100000;
	for (int i = 0; i < 5000; i++) {
		a += rng() % 64; // some zero gaps make aliases
		syms.push_back({a, "f" + std::to_string(i)});
	}
	Table t(syms, 0x100000, a + 100);
	for (int i = 0; i < 20000; i++) {
		uint64_t q = 0xfff00 + rng() % (a + 300 - 0xfff00);
		std::string want = "<none>";
		uint64_t want_off = 0;
		if (q >= 0x100000 && q < a + 100) {
			for (size_t j = syms.size(); j-- > 0;)
				if (syms[j].first <= q) {
					want = syms[j].second;
					want_off = q - syms[j].first;
					break;
				}
		}
		uint64_t off;
		ASSERT_EQ(Lookup(t, q, &off), want) << std::hex << q;
		if (want != "<none>") {
			ASSERT_EQ(off, want_off);
		}
	}
}

} // namespace
