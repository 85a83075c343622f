// Tests for core/fs/poll.c: heads, entries and wake-ups.
#include <gtest/gtest.h>

#include <vector>

extern "C" {
#include "fs/poll.h"
}

namespace {

struct Seen {
	std::vector<unsigned> events;
};

void Record(struct poll_entry *e, unsigned events) {
	static_cast<Seen *>(e->ctx)->events.push_back(events);
}

void RemoveSelf(struct poll_entry *e, unsigned events) {
	Record(e, events);
	poll_entry_remove(e);
}

TEST(PollCore, WakeCallsEveryEntryWithTheEvents) {
	struct poll_head h;
	poll_head_init(&h);
	Seen a, b;
	struct poll_entry ea, eb;
	poll_entry_init(&ea, Record, &a);
	poll_entry_init(&eb, Record, &b);
	poll_head_add(&h, &ea);
	poll_head_add(&h, &eb);
	poll_head_wake(&h, 1);
	EXPECT_EQ(a.events, std::vector<unsigned>{1});
	EXPECT_EQ(b.events, std::vector<unsigned>{1});
}

TEST(PollCore, RemovedEntriesAreNotWoken) {
	struct poll_head h;
	poll_head_init(&h);
	Seen a, b, c;
	struct poll_entry ea, eb, ec;
	poll_entry_init(&ea, Record, &a);
	poll_entry_init(&eb, Record, &b);
	poll_entry_init(&ec, Record, &c);
	poll_head_add(&h, &ea);
	poll_head_add(&h, &eb);
	poll_head_add(&h, &ec);
	poll_entry_remove(&eb);   // the middle
	EXPECT_EQ(eb.head, nullptr);
	poll_entry_remove(&eb);   // twice is harmless
	poll_entry_remove(&ec);   // the first
	poll_head_wake(&h, 4);
	EXPECT_EQ(a.events.size(), 1u);
	EXPECT_TRUE(b.events.empty());
	EXPECT_TRUE(c.events.empty());
	poll_entry_remove(&ea);
	EXPECT_EQ(h.first, nullptr);
}

TEST(PollCore, AnEntryMayRemoveItselfDuringTheWake) {
	struct poll_head h;
	poll_head_init(&h);
	Seen a, b;
	struct poll_entry ea, eb;
	poll_entry_init(&ea, RemoveSelf, &a);
	poll_entry_init(&eb, RemoveSelf, &b);
	poll_head_add(&h, &ea);
	poll_head_add(&h, &eb);
	poll_head_wake(&h, 2);
	EXPECT_EQ(a.events.size(), 1u);
	EXPECT_EQ(b.events.size(), 1u);
	EXPECT_EQ(h.first, nullptr);
	poll_head_wake(&h, 2);
	EXPECT_EQ(a.events.size(), 1u);
}

TEST(PollCore, DetachAllLeavesEntriesSafeToRemove) {
	struct poll_head h;
	poll_head_init(&h);
	Seen a;
	struct poll_entry e1, e2;
	poll_entry_init(&e1, Record, &a);
	poll_entry_init(&e2, Record, &a);
	poll_head_add(&h, &e1);
	poll_head_add(&h, &e2);
	poll_head_detach_all(&h);
	EXPECT_EQ(h.first, nullptr);
	EXPECT_EQ(e1.head, nullptr);
	EXPECT_EQ(e2.head, nullptr);
	poll_entry_remove(&e1);
	poll_head_wake(&h, 1);
	EXPECT_TRUE(a.events.empty());
}

struct Table {
	struct poll_table pt;
	std::vector<struct poll_head *> heads;
};

void TableAdd(struct poll_table *pt, struct poll_head *h) {
	reinterpret_cast<Table *>(pt)->heads.push_back(h);
}

TEST(PollCore, TableAddSkipsNullTablesAndHeads) {
	struct poll_head h;
	poll_head_init(&h);
	poll_table_add(nullptr, &h);  // a scan that does not register
	Table t;
	t.pt.add = TableAdd;
	poll_table_add(&t.pt, nullptr);
	poll_table_add(&t.pt, &h);
	ASSERT_EQ(t.heads.size(), 1u);
	EXPECT_EQ(t.heads[0], &h);
}

}  // namespace
