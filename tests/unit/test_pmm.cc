// Tests for core/mm/pmm.c, the bitmap frame allocator, with made-up
// memory maps and a reference model for the randomized test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "mm/pmm.h"

namespace {

const uint64_t F = PMM_FRAME_SIZE;

class Pmm : public ::testing::Test {
protected:
	void Init(uint64_t nframes) {
		// One guard word past the end: the allocator must never touch it.
		bitmap_.assign(pmm_bitmap_words(nframes) + 1, 0x5a5a5a5a5a5a5a5aULL);
		pmm_init(&p_, bitmap_.data(), nframes);
	}
	void TearDown() override {
		if (!bitmap_.empty()) {
			EXPECT_EQ(bitmap_.back(), 0x5a5a5a5a5a5a5a5aULL) << "guard word";
		}
	}
	uint64_t CountFree() {
		uint64_t n = 0;
		for (uint64_t f = 0; f < p_.nframes; f++)
			n += pmm_is_free(&p_, f * F);
		return n;
	}

	struct pmm p_;
	std::vector<uint64_t> bitmap_;
};

TEST_F(Pmm, BitmapWords) {
	EXPECT_EQ(pmm_bitmap_words(0), 0u);
	EXPECT_EQ(pmm_bitmap_words(1), 1u);
	EXPECT_EQ(pmm_bitmap_words(64), 1u);
	EXPECT_EQ(pmm_bitmap_words(65), 2u);
	EXPECT_EQ(pmm_bitmap_words(1 << 20), (1u << 20) / 64);
}

TEST_F(Pmm, StartsWithNothingAvailable) {
	Init(100);
	EXPECT_EQ(p_.free_frames, 0u);
	EXPECT_EQ(p_.total_frames, 0u);
	EXPECT_EQ(CountFree(), 0u);
	EXPECT_EQ(pmm_alloc(&p_), PMM_NONE);
	EXPECT_EQ(pmm_alloc_contig(&p_, 1, 1), PMM_NONE);
}

TEST_F(Pmm, AddRangeOpensWholeFramesOnly) {
	Init(100);
	// [0x1800, 0x5800) wholly covers frames 2, 3 and 4 only.
	pmm_add_range(&p_, 0x1800, 0x4000);
	EXPECT_EQ(p_.free_frames, 3u);
	EXPECT_EQ(p_.total_frames, 3u);
	EXPECT_FALSE(pmm_is_free(&p_, 1 * F));
	EXPECT_TRUE(pmm_is_free(&p_, 2 * F));
	EXPECT_TRUE(pmm_is_free(&p_, 4 * F + 123));
	EXPECT_FALSE(pmm_is_free(&p_, 5 * F));
}

TEST_F(Pmm, RangeSmallerThanAFrameAddsNothing) {
	Init(100);
	pmm_add_range(&p_, 0x1001, 0xfff);
	pmm_add_range(&p_, 0x3000, 0xfff);
	pmm_add_range(&p_, 0x5000, 0);
	EXPECT_EQ(p_.free_frames, 0u);
}

TEST_F(Pmm, ReserveClosesEveryTouchedFrame) {
	Init(100);
	pmm_add_range(&p_, 0, 100 * F);
	EXPECT_EQ(p_.free_frames, 100u);
	// One byte in frame 10 and the last byte of frame 20 to the first of 21.
	pmm_reserve_range(&p_, 10 * F + 7, 1);
	pmm_reserve_range(&p_, 21 * F - 1, 2);
	EXPECT_FALSE(pmm_is_free(&p_, 10 * F));
	EXPECT_FALSE(pmm_is_free(&p_, 20 * F));
	EXPECT_FALSE(pmm_is_free(&p_, 21 * F));
	EXPECT_TRUE(pmm_is_free(&p_, 22 * F));
	EXPECT_EQ(p_.free_frames, 97u);
	EXPECT_EQ(p_.total_frames, 97u);
	pmm_reserve_range(&p_, 50 * F, 0); // empty: nothing
	EXPECT_EQ(p_.free_frames, 97u);
}

TEST_F(Pmm, OverlappingRangesCountEachFrameOnce) {
	Init(256);
	pmm_add_range(&p_, 0, 100 * F);
	pmm_add_range(&p_, 50 * F, 100 * F); // overlaps 50..99
	EXPECT_EQ(p_.free_frames, 150u);
	pmm_reserve_range(&p_, 40 * F, 20 * F);
	pmm_reserve_range(&p_, 45 * F, 20 * F); // overlaps 45..59
	EXPECT_EQ(p_.free_frames, 125u);
	pmm_add_range(&p_, 55 * F, 2 * F); // a later add wins for 55, 56
	EXPECT_EQ(p_.free_frames, 127u);
	EXPECT_EQ(p_.total_frames, 127u);
	EXPECT_EQ(CountFree(), 127u);
}

TEST_F(Pmm, RangesPastTheEndAreClipped) {
	Init(70); // not a multiple of 64: the tail bits of word 1 stay used
	pmm_add_range(&p_, 0, UINT64_MAX);
	EXPECT_EQ(p_.free_frames, 70u);
	pmm_add_range(&p_, UINT64_MAX - 100, 1000); // wraps: saturated
	pmm_reserve_range(&p_, 1000 * F, 10 * F);
	pmm_reserve_range(&p_, UINT64_MAX - 10, 100);
	EXPECT_EQ(p_.free_frames, 70u);
	EXPECT_FALSE(pmm_is_free(&p_, 70 * F));
	EXPECT_FALSE(pmm_is_free(&p_, UINT64_MAX));
}

TEST_F(Pmm, AllocUntilExhaustedThenNone) {
	Init(200);
	pmm_add_range(&p_, 10 * F, 30 * F);
	pmm_add_range(&p_, 100 * F, 70 * F);
	std::set<uint64_t> got;
	for (int i = 0; i < 100; i++) {
		uint64_t a = pmm_alloc(&p_);
		ASSERT_NE(a, PMM_NONE);
		EXPECT_EQ(a % F, 0u);
		uint64_t f = a / F;
		EXPECT_TRUE((f >= 10 && f < 40) || (f >= 100 && f < 170)) << f;
		EXPECT_TRUE(got.insert(a).second) << "handed out twice";
		EXPECT_FALSE(pmm_is_free(&p_, a));
	}
	EXPECT_EQ(p_.free_frames, 0u);
	EXPECT_EQ(pmm_alloc(&p_), PMM_NONE);
	EXPECT_EQ(pmm_alloc_contig(&p_, 1, 0), PMM_NONE);
	EXPECT_EQ(p_.total_frames, 100u);
}

TEST_F(Pmm, NeverHandsOutBitsPastNframes) {
	Init(65);
	pmm_add_range(&p_, 0, 1000 * F);
	for (int i = 0; i < 65; i++)
		EXPECT_LT(pmm_alloc(&p_), 65 * F);
	EXPECT_EQ(pmm_alloc(&p_), PMM_NONE);
}

TEST_F(Pmm, ContiguousAndAligned) {
	Init(512);
	pmm_add_range(&p_, 0, 512 * F);
	// Fragment: take every third frame of the first 300.
	for (uint64_t f = 0; f < 300; f += 3)
		pmm_reserve_range(&p_, f * F, F);
	uint64_t before = p_.free_frames;
	uint64_t a = pmm_alloc_contig(&p_, 16, 16);
	ASSERT_NE(a, PMM_NONE);
	EXPECT_EQ((a / F) % 16, 0u);
	EXPECT_GE(a / F, 300u) << "no run of 16 exists among the fragments";
	for (uint64_t i = 0; i < 16; i++)
		EXPECT_FALSE(pmm_is_free(&p_, a + i * F));
	EXPECT_EQ(p_.free_frames, before - 16);
	// Runs of two exist between the reserved frames.
	uint64_t b = pmm_alloc_contig(&p_, 2, 1);
	ASSERT_NE(b, PMM_NONE);
	EXPECT_LT(b / F, 300u);
}

TEST_F(Pmm, AlignmentNeedNotBeAPowerOfTwo) {
	Init(100);
	pmm_add_range(&p_, 1 * F, 99 * F);
	uint64_t a = pmm_alloc_contig(&p_, 4, 3);
	ASSERT_NE(a, PMM_NONE);
	EXPECT_EQ(a / F, 3u);
	uint64_t b = pmm_alloc_contig(&p_, 1, 7);
	EXPECT_EQ(b / F, 7u);
}

TEST_F(Pmm, ContigImpossibleRequestsReturnNone) {
	Init(128);
	// Frame 0 is not RAM and frame 64 is a hole: two runs of 63 frames.
	pmm_add_range(&p_, 1 * F, 63 * F);
	pmm_add_range(&p_, 65 * F, 63 * F);
	EXPECT_EQ(pmm_alloc_contig(&p_, 0, 1), PMM_NONE);
	EXPECT_EQ(pmm_alloc_contig(&p_, 64, 1), PMM_NONE);
	EXPECT_EQ(pmm_alloc_contig(&p_, 2, 64), PMM_NONE); // 0 and 64 are used
	EXPECT_EQ(pmm_alloc_contig(&p_, 1, UINT64_MAX), PMM_NONE);
	EXPECT_EQ(pmm_alloc_contig(&p_, 1000, 1), PMM_NONE);
	EXPECT_EQ(pmm_alloc_contig(&p_, UINT64_MAX, 1), PMM_NONE);
	EXPECT_EQ(p_.free_frames, 126u);
	EXPECT_EQ(pmm_alloc_contig(&p_, 63, 1), 1 * F);
	EXPECT_EQ(pmm_alloc_contig(&p_, 63, 1), 65 * F);
	EXPECT_EQ(p_.free_frames, 0u);
}

TEST_F(Pmm, FreeMakesFramesReusable) {
	Init(64);
	pmm_add_range(&p_, 0, 64 * F);
	uint64_t a = pmm_alloc_contig(&p_, 8, 8);
	ASSERT_NE(a, PMM_NONE);
	EXPECT_EQ(pmm_free(&p_, a, 8), 0);
	EXPECT_EQ(p_.free_frames, 64u);
	for (uint64_t i = 0; i < 8; i++)
		EXPECT_TRUE(pmm_is_free(&p_, a + i * F));
	EXPECT_EQ(pmm_free(&p_, a, 0), 0) << "freeing nothing is fine";
}

TEST_F(Pmm, DoubleFreeReturnsErrorAndChangesNothing) {
	Init(64);
	pmm_add_range(&p_, 0, 64 * F);
	uint64_t a = pmm_alloc_contig(&p_, 4, 1);
	ASSERT_NE(a, PMM_NONE);
	ASSERT_EQ(pmm_free(&p_, a + 2 * F, 1), 0);
	std::vector<uint64_t> snapshot = bitmap_;
	uint64_t free_before = p_.free_frames;
	// The whole run includes the already-freed frame: refused entirely.
	EXPECT_EQ(pmm_free(&p_, a, 4), -1);
	EXPECT_EQ(pmm_free(&p_, a + 2 * F, 1), -1);
	EXPECT_EQ(bitmap_, snapshot);
	EXPECT_EQ(p_.free_frames, free_before);
	EXPECT_FALSE(pmm_is_free(&p_, a));
}

TEST_F(Pmm, FreeRejectsMisalignedAndOutOfRange) {
	Init(64);
	pmm_add_range(&p_, 0, 64 * F);
	uint64_t a = pmm_alloc(&p_);
	std::vector<uint64_t> snapshot = bitmap_;
	EXPECT_EQ(pmm_free(&p_, a + 1, 1), -1);
	EXPECT_EQ(pmm_free(&p_, 64 * F, 1), -1);
	EXPECT_EQ(pmm_free(&p_, 63 * F, 2), -1);
	EXPECT_EQ(pmm_free(&p_, a, UINT64_MAX), -1);
	EXPECT_EQ(pmm_free(&p_, UINT64_MAX & ~(F - 1), 1), -1);
	EXPECT_EQ(bitmap_, snapshot);
	EXPECT_EQ(p_.free_frames, 63u);
}

TEST_F(Pmm, IsFreeOutOfRangeIsFalse) {
	Init(10);
	pmm_add_range(&p_, 0, 10 * F);
	EXPECT_TRUE(pmm_is_free(&p_, 9 * F + 4095));
	EXPECT_FALSE(pmm_is_free(&p_, 10 * F));
	EXPECT_FALSE(pmm_is_free(&p_, UINT64_MAX));
}

TEST_F(Pmm, RandomizedAgainstAModel) {
	const uint64_t n = 1000;
	Init(n);
	std::mt19937_64 rng(7);
	std::set<uint64_t> model_free;
	// A memory map with holes and partial frames.
	for (int i = 0; i < 30; i++) {
		uint64_t base = rng() % (n * F), len = rng() % (80 * F);
		pmm_add_range(&p_, base, len);
		uint64_t first = (base + F - 1) / F, end = std::min((base + len) / F, n);
		for (uint64_t f = first; f < end; f++)
			model_free.insert(f);
	}
	for (int i = 0; i < 10; i++) {
		uint64_t base = rng() % (n * F), len = 1 + rng() % (10 * F);
		pmm_reserve_range(&p_, base, len);
		for (uint64_t f = base / F; f <= (base + len - 1) / F && f < n; f++)
			model_free.erase(f);
	}
	ASSERT_EQ(p_.free_frames, model_free.size());
	ASSERT_EQ(p_.total_frames, model_free.size());

	std::vector<std::pair<uint64_t, uint64_t>> held; // first frame, count
	for (int step = 0; step < 20000; step++) {
		int op = static_cast<int>(rng() % 10);
		if (op < 4) {
			uint64_t a = pmm_alloc(&p_);
			if (model_free.empty()) {
				ASSERT_EQ(a, PMM_NONE);
				continue;
			}
			ASSERT_NE(a, PMM_NONE);
			ASSERT_EQ(model_free.erase(a / F), 1u) << "not free in the model";
			held.push_back({a / F, 1});
		} else if (op < 6) {
			uint64_t count = 1 + rng() % 8, align = 1 + rng() % 8;
			uint64_t a = pmm_alloc_contig(&p_, count, align);
			// The model's answer: the lowest suitable run.
			uint64_t want = PMM_NONE;
			for (uint64_t f = 0; f + count <= n; f += align) {
				bool ok = true;
				for (uint64_t j = 0; j < count && ok; j++)
					ok = model_free.count(f + j) != 0;
				if (ok) {
					want = f * F;
					break;
				}
			}
			ASSERT_EQ(a, want);
			if (a != PMM_NONE) {
				for (uint64_t j = 0; j < count; j++)
					model_free.erase(a / F + j);
				held.push_back({a / F, count});
			}
		} else if (!held.empty()) {
			size_t k = rng() % held.size();
			auto h = held[k];
			held[k] = held.back();
			held.pop_back();
			ASSERT_EQ(pmm_free(&p_, h.first * F, h.second), 0);
			for (uint64_t j = 0; j < h.second; j++)
				model_free.insert(h.first + j);
			// Freeing it again must fail and change nothing.
			ASSERT_EQ(pmm_free(&p_, h.first * F, h.second), -1);
		}
		ASSERT_EQ(p_.free_frames, model_free.size());
	}
	for (uint64_t f = 0; f < n; f++)
		ASSERT_EQ(pmm_is_free(&p_, f * F), model_free.count(f) != 0) << f;
}

} // namespace
