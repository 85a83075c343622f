// Tests for core/mm/heap.c.  The page source is backed by aligned_alloc and
// counts every page, so the tests can see exactly what the heap holds.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "mm/heap.h"

namespace {

const size_t kPage = HEAP_PAGE_SIZE;

// A page source that records what it hands out.  In quarantine mode freed
// pages stay allocated (but unused) until the test ends, which models the
// kernel's direct map: a stale pointer's page is still readable there, and
// the heap relies on that to report a double free of released pages.  In
// recycle mode freed pages are also handed out again first, as the frame
// allocator would.
class Pages {
public:
	~Pages() {
		for (auto &p : held_)
			free(p.first);
		for (auto &p : live_)
			free(p.first);
	}
	struct page_source Source() { return {Alloc, Free, this}; }

	size_t outstanding = 0; // pages the heap holds now
	size_t allocs = 0, frees = 0;
	size_t limit = SIZE_MAX; // refuse when outstanding would pass this
	bool quarantine = false;
	bool recycle = false;

private:
	static void *Alloc(size_t n, void *ctx) {
		auto *self = static_cast<Pages *>(ctx);
		if (n == 0 || self->outstanding + n > self->limit)
			return nullptr;
		void *p = nullptr;
		for (size_t i = self->held_.size(); self->recycle && i-- > 0;) {
			if (self->held_[i].second == n) {
				p = self->held_[i].first;
				self->held_.erase(self->held_.begin() + static_cast<long>(i));
				break;
			}
		}
		if (p == nullptr)
			p = aligned_alloc(kPage, n * kPage);
		if (p == nullptr)
			return nullptr;
		memset(p, 0xcc, n * kPage); // fresh pages are not zero in a kernel
		self->live_[p] = n;
		self->outstanding += n;
		self->allocs++;
		return p;
	}
	static void Free(void *p, size_t n, void *ctx) {
		auto *self = static_cast<Pages *>(ctx);
		auto it = self->live_.find(p);
		ASSERT_NE(it, self->live_.end()) << "freeing pages never handed out";
		EXPECT_EQ(it->second, n) << "freeing with a different page count";
		self->live_.erase(it);
		self->outstanding -= n;
		self->frees++;
		if (self->quarantine || self->recycle)
			self->held_.push_back({p, n});
		else
			free(p);
	}

	std::map<void *, size_t> live_;
	std::vector<std::pair<void *, size_t>> held_;
};

struct Report {
	const void *ptr;
	std::string msg;
};
std::vector<Report> g_reports;

void OnError(struct heap *, const void *ptr, const char *msg) {
	g_reports.push_back({ptr, msg});
}

size_t ClassSize(size_t size) {
	size_t c = HEAP_ALIGN;
	while (c < size)
		c *= 2;
	return c;
}

uintptr_t PageOf(const void *p) {
	return reinterpret_cast<uintptr_t>(p) & ~static_cast<uintptr_t>(kPage - 1);
}

class Heap : public ::testing::Test {
protected:
	void SetUp() override {
		g_reports.clear();
		struct page_source src = pages_.Source();
		heap_init(&h_, &src, OnError);
	}
	void ExpectNoReports() {
		EXPECT_TRUE(g_reports.empty()) << g_reports.front().msg;
		EXPECT_EQ(h_.errors, 0u);
	}
	size_t InUse() {
		size_t n = 0;
		for (struct kmem_cache *c = h_.caches; c != nullptr; c = c->next)
			n += c->in_use;
		return n;
	}

	Pages pages_;
	struct heap h_;
};

TEST_F(Heap, GeneralCachesAreListedSmallestFirst) {
	std::vector<std::string> names;
	std::vector<size_t> sizes;
	for (struct kmem_cache *c = h_.caches; c != nullptr; c = c->next) {
		names.push_back(c->name);
		sizes.push_back(c->obj_size);
		EXPECT_EQ(c->heap, &h_);
	}
	std::vector<std::string> want_names = {"kmalloc-16", "kmalloc-32", "kmalloc-64",
	                                       "kmalloc-128", "kmalloc-256", "kmalloc-512",
	                                       "kmalloc-1024", "kmalloc-2048"};
	EXPECT_EQ(names, want_names);
	EXPECT_EQ(sizes, (std::vector<size_t>{16, 32, 64, 128, 256, 512, 1024, 2048}));
	EXPECT_EQ(pages_.outstanding, 0u) << "no page is taken before the first alloc";
}

TEST_F(Heap, EverySizeClassAlignedAndUsable) {
	std::vector<void *> ptrs;
	for (size_t size = 0; size <= HEAP_SLAB_MAX; size++) {
		void *p = heap_alloc(&h_, size);
		ASSERT_NE(p, nullptr) << size;
		EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % HEAP_ALIGN, 0u) << size;
		EXPECT_EQ(heap_usable_size(&h_, p), ClassSize(size)) << size;
		memset(p, static_cast<int>(size), heap_usable_size(&h_, p));
		ptrs.push_back(p);
	}
	// Nothing overlapped: each object still holds its own byte.
	for (size_t size = 0; size < ptrs.size(); size++) {
		auto *b = static_cast<unsigned char *>(ptrs[size]);
		for (size_t i = 0; i < ClassSize(size); i++)
			ASSERT_EQ(b[i], static_cast<unsigned char>(size)) << size;
	}
	EXPECT_EQ(InUse(), ptrs.size());
	for (void *p : ptrs)
		heap_free(&h_, p);
	EXPECT_EQ(InUse(), 0u);
	ExpectNoReports();
}

TEST_F(Heap, ReuseAfterFree) {
	void *a = heap_alloc(&h_, 100);
	heap_free(&h_, a);
	void *b = heap_alloc(&h_, 100);
	EXPECT_EQ(a, b);
	void *c = heap_alloc(&h_, 128); // same class
	EXPECT_NE(b, c);
	EXPECT_EQ(pages_.allocs, 1u);
	ExpectNoReports();
}

TEST_F(Heap, LargeAllocationsUseWholePages) {
	void *a = heap_alloc(&h_, 5000);
	void *b = heap_alloc(&h_, 100000);
	ASSERT_NE(a, nullptr);
	ASSERT_NE(b, nullptr);
	EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % HEAP_ALIGN, 0u);
	EXPECT_EQ(reinterpret_cast<uintptr_t>(b) % HEAP_ALIGN, 0u);
	EXPECT_GE(heap_usable_size(&h_, a), 5000u);
	EXPECT_GE(heap_usable_size(&h_, b), 100000u);
	EXPECT_EQ(h_.large_pages, 2u + 25u);
	EXPECT_EQ(pages_.outstanding, 27u);
	memset(a, 1, heap_usable_size(&h_, a));
	memset(b, 2, heap_usable_size(&h_, b));
	heap_free(&h_, a);
	EXPECT_EQ(h_.large_pages, 25u);
	heap_free(&h_, b);
	EXPECT_EQ(h_.large_pages, 0u);
	EXPECT_EQ(pages_.outstanding, 0u);
	ExpectNoReports();
}

TEST_F(Heap, LargeSizesAroundPageBoundaries) {
	struct Case {
		size_t size, pages;
	};
	for (Case c : {Case{HEAP_SLAB_MAX + 1, 1}, Case{kPage - 32, 1}, Case{kPage - 31, 2},
	               Case{kPage, 2}, Case{3 * kPage, 4}}) {
		void *p = heap_alloc(&h_, c.size);
		ASSERT_NE(p, nullptr);
		EXPECT_EQ(h_.large_pages, c.pages) << c.size;
		EXPECT_GE(heap_usable_size(&h_, p), c.size);
		memset(p, 0x5a, c.size);
		heap_free(&h_, p);
		EXPECT_EQ(h_.large_pages, 0u);
	}
	ExpectNoReports();
}

TEST_F(Heap, AbsurdSizeFailsCleanly) {
	EXPECT_EQ(heap_alloc(&h_, SIZE_MAX), nullptr);
	EXPECT_EQ(heap_alloc(&h_, SIZE_MAX - kPage), nullptr);
	EXPECT_EQ(pages_.outstanding, 0u);
	ExpectNoReports();
}

TEST_F(Heap, ZallocZeroesReusedSlabMemory) {
	auto *p = static_cast<unsigned char *>(heap_alloc(&h_, 64));
	memset(p, 0xaa, 64);
	heap_free(&h_, p);
	auto *q = static_cast<unsigned char *>(heap_zalloc(&h_, 64));
	ASSERT_EQ(q, p) << "the test needs the same object back";
	for (int i = 0; i < 64; i++)
		ASSERT_EQ(q[i], 0) << i;
}

TEST_F(Heap, ZallocZeroesLargeAndEverySize) {
	for (size_t size : {size_t{0}, size_t{1}, size_t{17}, size_t{2048}, size_t{5000},
	                    size_t{100000}}) {
		auto *p = static_cast<unsigned char *>(heap_zalloc(&h_, size));
		ASSERT_NE(p, nullptr);
		size_t n = heap_usable_size(&h_, p);
		for (size_t i = 0; i < n; i++)
			ASSERT_EQ(p[i], 0) << size << " at " << i;
		memset(p, 0xee, n);
		heap_free(&h_, p);
	}
}

TEST_F(Heap, SlabDoubleFreeIsReportedAndHarmless) {
	void *a = heap_alloc(&h_, 32);
	void *b = heap_alloc(&h_, 32);
	heap_free(&h_, a);
	heap_free(&h_, a);
	ASSERT_EQ(g_reports.size(), 1u);
	EXPECT_EQ(g_reports[0].ptr, a);
	EXPECT_EQ(g_reports[0].msg, "double free");
	EXPECT_EQ(h_.errors, 1u);
	EXPECT_EQ(h_.classes[1].in_use, 1u);
	// The free list was not corrupted: a comes back once, never twice.
	void *c = heap_alloc(&h_, 32);
	void *d = heap_alloc(&h_, 32);
	EXPECT_EQ(c, a);
	EXPECT_NE(d, a);
	EXPECT_NE(d, b);
}

TEST_F(Heap, PointerInsideAnObjectIsReported) {
	auto *a = static_cast<char *>(heap_alloc(&h_, 64));
	heap_free(&h_, a + 16);
	heap_free(&h_, a + 1);
	heap_free(&h_, a + 63);
	EXPECT_EQ(g_reports.size(), 3u);
	EXPECT_EQ(h_.errors, 3u);
	EXPECT_EQ(h_.classes[2].in_use, 1u);
	heap_free(&h_, a); // the real pointer still works
	EXPECT_EQ(h_.classes[2].in_use, 0u);
	EXPECT_EQ(g_reports.size(), 3u);
}

TEST_F(Heap, PointerIntoSlabHeaderIsReported) {
	void *a = heap_alloc(&h_, 16);
	heap_free(&h_, reinterpret_cast<void *>(PageOf(a)));
	heap_free(&h_, reinterpret_cast<void *>(PageOf(a) + 8));
	EXPECT_EQ(g_reports.size(), 2u);
	EXPECT_EQ(h_.classes[0].in_use, 1u);
}

TEST_F(Heap, PointerPastTheLastObjectIsReported) {
	// 2048-byte objects: one per slab, the rest of the page is slack.
	auto *a = static_cast<char *>(heap_alloc(&h_, 2048));
	ASSERT_EQ(h_.classes[7].objs_per_slab, 1u);
	heap_free(&h_, a + 2048);
	EXPECT_EQ(g_reports.size(), 1u);
	EXPECT_EQ(h_.classes[7].in_use, 1u);
}

TEST_F(Heap, WildPointerIsReported) {
	// A page that never came from the heap: no magic in its header.
	void *page = aligned_alloc(kPage, kPage);
	memset(page, 0, kPage);
	heap_free(&h_, static_cast<char *>(page) + 64);
	ASSERT_EQ(g_reports.size(), 1u);
	EXPECT_EQ(g_reports[0].msg, "pointer not from the heap");
	EXPECT_EQ(heap_usable_size(&h_, static_cast<char *>(page) + 64), 0u);
	free(page);
	EXPECT_EQ(pages_.outstanding, 0u);
}

TEST_F(Heap, LargeInteriorPointersAreReported) {
	auto *p = static_cast<char *>(heap_alloc(&h_, 10000));
	memset(p, 0, 10000);
	heap_free(&h_, p + 16);    // same page as the header
	heap_free(&h_, p + 5000);  // a later page of the allocation
	EXPECT_EQ(g_reports.size(), 2u);
	EXPECT_EQ(h_.large_pages, 3u);
	heap_free(&h_, p);
	EXPECT_EQ(h_.large_pages, 0u);
	EXPECT_EQ(g_reports.size(), 2u);
}

TEST_F(Heap, LargeDoubleFreeIsReportedWhileThePageIsUnused) {
	pages_.quarantine = true;
	void *p = heap_alloc(&h_, 5000);
	heap_free(&h_, p);
	EXPECT_EQ(pages_.frees, 1u);
	heap_free(&h_, p);
	ASSERT_EQ(g_reports.size(), 1u);
	EXPECT_EQ(g_reports[0].msg, "double free");
	EXPECT_EQ(pages_.frees, 1u) << "pages were not given back twice";
	EXPECT_EQ(h_.large_pages, 0u);
}

TEST_F(Heap, StaleLargePointerIntoReusedSlabPageIsReported) {
	// After its pages went back and came back as a slab, a stale large
	// pointer is never an object start, so it cannot free someone else's
	// object.
	pages_.recycle = true;
	void *p = heap_alloc(&h_, 3000);
	uintptr_t page = PageOf(p);
	heap_free(&h_, p);
	void *q = heap_alloc(&h_, 32);
	ASSERT_EQ(PageOf(q), page) << "the page source recycles pages";
	heap_free(&h_, p);
	EXPECT_EQ(g_reports.size(), 1u);
	EXPECT_EQ(h_.classes[1].in_use, 1u);
}

TEST_F(Heap, ReleasedSlabDoubleFreeIsReported) {
	pages_.quarantine = true;
	struct kmem_cache c;
	ASSERT_EQ(kmem_cache_init(&c, &h_, "big", 2048), 0);
	void *a = kmem_cache_alloc(&c);
	void *b = kmem_cache_alloc(&c);
	EXPECT_EQ(c.nslabs, 2u);
	kmem_cache_free(&c, a); // kept as the cache's one empty slab
	kmem_cache_free(&c, b); // a second empty slab: released
	EXPECT_EQ(c.nslabs, 1u);
	kmem_cache_free(&c, b);
	heap_free(&h_, b);
	ASSERT_EQ(g_reports.size(), 2u);
	EXPECT_EQ(g_reports[0].msg, "double free");
	EXPECT_EQ(g_reports[1].msg, "double free");
}

TEST_F(Heap, NullIsIgnored) {
	heap_free(&h_, nullptr);
	EXPECT_EQ(heap_usable_size(&h_, nullptr), 0u);
	ExpectNoReports();
}

TEST_F(Heap, PointerFromAnotherHeapIsReported) {
	Pages other_pages;
	struct heap other;
	struct page_source src = other_pages.Source();
	heap_init(&other, &src, OnError);
	void *small = heap_alloc(&other, 40);
	void *large = heap_alloc(&other, 9000);
	heap_free(&h_, small);
	heap_free(&h_, large);
	EXPECT_EQ(g_reports.size(), 2u);
	EXPECT_EQ(h_.errors, 2u);
	EXPECT_EQ(other.errors, 0u);
	EXPECT_EQ(heap_usable_size(&h_, small), 0u);
	heap_free(&other, small);
	heap_free(&other, large);
	EXPECT_EQ(other.errors, 0u);
	EXPECT_EQ(other_pages.outstanding, 1u); // one empty slab kept
}

TEST_F(Heap, NamedCacheBasics) {
	struct kmem_cache c;
	ASSERT_EQ(kmem_cache_init(&c, &h_, "task", 40), 0);
	EXPECT_STREQ(c.name, "task");
	EXPECT_EQ(c.obj_size, 48u);
	EXPECT_EQ(h_.caches, &c) << "new caches join the heap's list";
	std::vector<char *> objs;
	for (int i = 0; i < 200; i++) {
		auto *p = static_cast<char *>(kmem_cache_alloc(&c));
		ASSERT_NE(p, nullptr);
		EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % HEAP_ALIGN, 0u);
		EXPECT_EQ(heap_usable_size(&h_, p), 48u);
		memset(p, i, 48);
		objs.push_back(p);
	}
	EXPECT_EQ(c.in_use, 200u);
	EXPECT_EQ(c.nslabs, (200 + c.objs_per_slab - 1) / c.objs_per_slab);
	for (int i = 0; i < 200; i++)
		for (int j = 0; j < 48; j++)
			ASSERT_EQ(objs[i][j], static_cast<char>(i));
	for (char *p : objs)
		kmem_cache_free(&c, p);
	EXPECT_EQ(c.in_use, 0u);
	EXPECT_EQ(c.nslabs, 1u);
	ExpectNoReports();
}

TEST_F(Heap, CacheDestroyRefusedWhileObjectsAreLive) {
	struct kmem_cache c;
	ASSERT_EQ(kmem_cache_init(&c, &h_, "inode", 100), 0);
	void *a = kmem_cache_alloc(&c);
	void *b = kmem_cache_alloc(&c);
	EXPECT_EQ(kmem_cache_destroy(&c), -1);
	EXPECT_EQ(c.in_use, 2u);
	EXPECT_EQ(h_.caches, &c) << "still listed";
	kmem_cache_free(&c, a);
	EXPECT_EQ(kmem_cache_destroy(&c), -1);
	kmem_cache_free(&c, b);
	EXPECT_EQ(kmem_cache_destroy(&c), 0);
	EXPECT_EQ(pages_.outstanding, 0u) << "the empty slab went back";
	EXPECT_EQ(h_.slab_pages, 0u);
	for (struct kmem_cache *k = h_.caches; k != nullptr; k = k->next)
		EXPECT_NE(k, &c);
	EXPECT_EQ(kmem_cache_alloc(&c), nullptr) << "a destroyed cache hands out nothing";
	ExpectNoReports();
}

TEST_F(Heap, GeneralCachesCannotBeDestroyed) {
	for (int i = 0; i < HEAP_NCLASSES; i++)
		EXPECT_EQ(kmem_cache_destroy(&h_.classes[i]), -1);
	EXPECT_NE(heap_alloc(&h_, 16), nullptr);
}

TEST_F(Heap, CacheInitChecksSizeAndName) {
	struct kmem_cache c;
	EXPECT_EQ(kmem_cache_init(&c, &h_, "zero", 0), -1);
	EXPECT_EQ(kmem_cache_init(&c, &h_, "big", HEAP_SLAB_MAX + 1), -1);
	EXPECT_EQ(kmem_cache_init(&c, &h_, "huge", SIZE_MAX), -1);
	ASSERT_EQ(kmem_cache_init(&c, &h_, "one", 1), 0);
	EXPECT_EQ(c.obj_size, 16u);
	struct kmem_cache d;
	ASSERT_EQ(kmem_cache_init(&d, &h_, "a_very_long_cache_name_that_does_not_fit", 2048), 0);
	EXPECT_EQ(std::string(d.name), std::string("a_very_long_cache_name_that_does_not_fit")
	                                   .substr(0, HEAP_NAME_MAX - 1));
	EXPECT_EQ(d.objs_per_slab, 1u);
	struct kmem_cache e;
	ASSERT_EQ(kmem_cache_init(&e, &h_, nullptr, 64), 0);
	EXPECT_STREQ(e.name, "");
}

TEST_F(Heap, FreeToTheWrongCacheIsReported) {
	struct kmem_cache a, b;
	ASSERT_EQ(kmem_cache_init(&a, &h_, "a", 64), 0);
	ASSERT_EQ(kmem_cache_init(&b, &h_, "b", 64), 0);
	void *p = kmem_cache_alloc(&a);
	kmem_cache_free(&b, p);
	ASSERT_EQ(g_reports.size(), 1u);
	EXPECT_EQ(g_reports[0].msg, "object freed to the wrong cache");
	EXPECT_EQ(a.in_use, 1u);
	void *k = heap_alloc(&h_, 64);
	kmem_cache_free(&b, k); // a kmalloc-64 object is not b's either
	EXPECT_EQ(g_reports.size(), 2u);
	void *l = heap_alloc(&h_, 9000);
	kmem_cache_free(&b, l); // not a slab object at all
	EXPECT_EQ(g_reports.size(), 3u);
	// heap_free knows every cache's objects.
	heap_free(&h_, p);
	EXPECT_EQ(a.in_use, 0u);
	heap_free(&h_, k);
	heap_free(&h_, l);
	EXPECT_EQ(g_reports.size(), 3u);
}

TEST_F(Heap, EmptySlabsGoBackToThePageSource) {
	const struct kmem_cache &c = h_.classes[2]; // 64 bytes
	std::vector<void *> objs;
	for (int burst = 0; burst < 3; burst++) {
		size_t n = c.objs_per_slab * 10;
		for (size_t i = 0; i < n; i++)
			objs.push_back(heap_alloc(&h_, 64));
		EXPECT_EQ(c.nslabs, 10u);
		EXPECT_EQ(pages_.outstanding, 10u);
		EXPECT_EQ(h_.slab_pages, 10u);
		// Free in an interleaved order so slabs empty at different times.
		for (size_t i = 0; i < n; i += 2)
			heap_free(&h_, objs[i]);
		for (size_t i = 1; i < n; i += 2)
			heap_free(&h_, objs[i]);
		objs.clear();
		EXPECT_EQ(c.nslabs, 1u) << "one empty slab is kept";
		EXPECT_EQ(pages_.outstanding, 1u);
		EXPECT_EQ(h_.slab_pages, 1u);
	}
	ExpectNoReports();
}

TEST_F(Heap, KeptEmptySlabIsReusedWithoutNewPages) {
	for (int i = 0; i < 100; i++) {
		void *p = heap_alloc(&h_, 256);
		heap_free(&h_, p);
	}
	EXPECT_EQ(pages_.allocs, 1u);
	EXPECT_EQ(pages_.frees, 0u);
}

TEST_F(Heap, PartialSlabsArePreferredOverTheEmptyOne) {
	// Two slabs; empty one of them and leave the other partial.  New
	// objects must come from the partial slab so the empty one can go.
	const struct kmem_cache &c = h_.classes[3]; // 128 bytes
	std::vector<void *> objs;
	for (size_t i = 0; i < 2 * c.objs_per_slab; i++)
		objs.push_back(heap_alloc(&h_, 128));
	uintptr_t first = PageOf(objs[0]), second = PageOf(objs.back());
	ASSERT_NE(first, second);
	for (size_t i = 0; i < c.objs_per_slab; i++)
		heap_free(&h_, objs[i]); // the first slab is now empty
	heap_free(&h_, objs.back()); // the second has one free object
	void *p = heap_alloc(&h_, 128);
	EXPECT_EQ(PageOf(p), second);
}

TEST_F(Heap, OutOfPagesReturnsNull) {
	pages_.limit = 0;
	EXPECT_EQ(heap_alloc(&h_, 16), nullptr);
	EXPECT_EQ(heap_alloc(&h_, 5000), nullptr);
	EXPECT_EQ(heap_zalloc(&h_, 100), nullptr);
	struct kmem_cache c;
	ASSERT_EQ(kmem_cache_init(&c, &h_, "c", 32), 0);
	EXPECT_EQ(kmem_cache_alloc(&c), nullptr);
	pages_.limit = 1;
	void *p = heap_alloc(&h_, 16);
	EXPECT_NE(p, nullptr);
	EXPECT_EQ(heap_alloc(&h_, 5000), nullptr); // needs two pages
	EXPECT_EQ(InUse(), 1u);
	ExpectNoReports();
}

TEST_F(Heap, FullSlabsMoveBackToPartialOnFree) {
	const struct kmem_cache &c = h_.classes[7]; // one object per slab
	void *a = heap_alloc(&h_, 2000);
	void *b = heap_alloc(&h_, 2000);
	EXPECT_EQ(c.partial, nullptr);
	EXPECT_NE(c.full, nullptr);
	heap_free(&h_, a);
	EXPECT_NE(c.partial, nullptr);
	heap_free(&h_, b);
	EXPECT_EQ(c.full, nullptr);
	EXPECT_EQ(c.nslabs, 1u);
	EXPECT_EQ(c.in_use, 0u);
}

// A page source whose pages are 16 bytes off page alignment.
void *BadAlloc(size_t n, void *) {
	return static_cast<char *>(aligned_alloc(kPage, (n + 1) * kPage)) + 16;
}
void BadFree(void *p, size_t, void *ctx) {
	(*static_cast<int *>(ctx))++;
	free(static_cast<char *>(p) - 16);
}

TEST(HeapSource, MisalignedPagesAreRefused) {
	int frees = 0;
	struct page_source src = {BadAlloc, BadFree, &frees};
	struct heap h;
	heap_init(&h, &src, OnError);
	EXPECT_EQ(heap_alloc(&h, 16), nullptr);
	EXPECT_EQ(heap_alloc(&h, 8000), nullptr);
	EXPECT_EQ(frees, 2) << "the unusable pages were given back";
}

TEST_F(Heap, RandomizedStressAgainstAModel) {
	std::mt19937_64 rng(2024);
	struct Obj {
		size_t size;
		unsigned char fill;
	};
	std::map<char *, Obj> live; // ordered, to check for overlaps
	struct kmem_cache named;
	ASSERT_EQ(kmem_cache_init(&named, &h_, "stress", 72), 0);
	std::map<char *, bool> from_named;

	auto check = [&](char *p, const Obj &o) {
		for (size_t i = 0; i < o.size; i++)
			if (static_cast<unsigned char>(p[i]) != o.fill)
				return false;
		return true;
	};
	for (int step = 0; step < 20000; step++) {
		unsigned op = rng() % 100;
		if (op < 55 || live.empty()) {
			size_t size;
			bool use_named = rng() % 8 == 0;
			if (use_named)
				size = 72;
			else if (rng() % 20 == 0)
				size = HEAP_SLAB_MAX + rng() % 20000;
			else
				size = rng() % (HEAP_SLAB_MAX + 1);
			char *p = static_cast<char *>(use_named ? kmem_cache_alloc(&named)
			                                        : heap_alloc(&h_, size));
			ASSERT_NE(p, nullptr);
			ASSERT_EQ(reinterpret_cast<uintptr_t>(p) % HEAP_ALIGN, 0u);
			ASSERT_GE(heap_usable_size(&h_, p), size);
			// No overlap with the neighbours on either side.
			auto next = live.lower_bound(p);
			if (next != live.end()) {
				ASSERT_LE(p + size, next->first);
			}
			if (next != live.begin()) {
				auto prev = std::prev(next);
				ASSERT_LE(prev->first + prev->second.size, p);
			}
			Obj o{size, static_cast<unsigned char>(rng())};
			memset(p, o.fill, size);
			live[p] = o;
			from_named[p] = use_named;
		} else {
			auto it = live.begin();
			std::advance(it, static_cast<long>(rng() % live.size()));
			ASSERT_TRUE(check(it->first, it->second)) << "object was overwritten";
			if (from_named[it->first] && rng() % 2)
				kmem_cache_free(&named, it->first);
			else
				heap_free(&h_, it->first);
			from_named.erase(it->first);
			live.erase(it);
		}
	}
	for (auto &kv : live) {
		ASSERT_TRUE(check(kv.first, kv.second));
		heap_free(&h_, kv.first);
	}
	ExpectNoReports();
	EXPECT_EQ(InUse(), 0u);
	EXPECT_EQ(h_.large_pages, 0u);
	// At most one empty slab per cache remains.
	EXPECT_LE(h_.slab_pages, static_cast<size_t>(HEAP_NCLASSES) + 1);
	EXPECT_EQ(pages_.outstanding, h_.slab_pages);
	EXPECT_EQ(kmem_cache_destroy(&named), 0);
}

} // namespace
