// Tests for ipc/inotify.c and the notification hooks of core/fs/
// (notify.h): watches, the queue's format, coalescing, overflow and the
// end of watches when an inode dies or the instance goes.
#include "fs_test_util.h"

#include <sys/inotify.h>

#include <string>
#include <vector>

extern "C" {
#include "ipc/inotify.h"
}

namespace {

struct Ev {
	int wd;
	uint32_t mask, cookie, len;
	std::string name;
};

class Inotify : public FsTest {
protected:
	struct inotify *in = nullptr;

	void SetUp() override {
		FsTest::SetUp();
		fs_notify_set_ops(&inotify_fs_ops);
		in = inotify_new(INOTIFY_MAX_QUEUED);
		ASSERT_NE(in, nullptr);
	}
	void TearDown() override {
		if (in != nullptr)
			inotify_free(in);
		EXPECT_EQ(fs_notify_watched_dirs, 0u);
		fs_notify_set_ops(nullptr);
		FsTest::TearDown();
	}
	int Watch(const char *path, uint32_t mask) {
		struct inode *ino = Lookup(path);
		if (ino == nullptr)
			return -ENOENT;
		int wd = inotify_add(in, ino, mask);
		fs_put(ino);
		return wd;
	}
	std::vector<Ev> Drain(struct inotify *i = nullptr) {
		if (i == nullptr)
			i = in;
		std::vector<Ev> out;
		size_t sz;
		while ((sz = inotify_next_size(i)) != 0) {
			std::vector<char> buf(sz);
			inotify_take(i, buf.data());
			auto *e = reinterpret_cast<struct inotify_event *>(buf.data());
			EXPECT_EQ(sz, sizeof(*e) + e->len);
			out.push_back({e->wd, e->mask, e->cookie, e->len,
			    e->len ? std::string(e->name) : ""});
		}
		EXPECT_EQ(i->bytes, 0u);
		return out;
	}
};

TEST_F(Inotify, CreateCarriesPaddedName) {
	int wd = Watch(".", IN_CREATE);
	ASSERT_GT(wd, 0);
	ASSERT_EQ(Put("abc", "x"), 0);
	EXPECT_EQ(in->bytes, sizeof(struct inotify_event) + 16);
	auto ev = Drain();
	ASSERT_EQ(ev.size(), 1u);
	EXPECT_EQ(ev[0].wd, wd);
	EXPECT_EQ(ev[0].mask, (uint32_t)IN_CREATE);
	EXPECT_EQ(ev[0].len, 16u);
	EXPECT_EQ(ev[0].name, "abc");
}

TEST_F(Inotify, SameInodeSameWdAndMaskRules) {
	ASSERT_EQ(Put("f", "x"), 0);
	int a = Watch("f", IN_MODIFY);
	EXPECT_EQ(Watch("f", IN_ATTRIB), a);
	EXPECT_EQ(Watch("f", IN_MODIFY | IN_MASK_ADD), a);
	EXPECT_EQ(in->watches->mask, (uint32_t)(IN_ATTRIB | IN_MODIFY));
	EXPECT_EQ(Watch("f", IN_MODIFY | IN_MASK_CREATE), -EEXIST);
	ASSERT_EQ(Put("g", "x"), 0);
	EXPECT_EQ(Watch("g", IN_MODIFY), a + 1);
}

TEST_F(Inotify, RmUnknownAndIgnored) {
	int wd = Watch(".", IN_CREATE);
	EXPECT_EQ(inotify_rm(in, wd + 1), -EINVAL);
	EXPECT_EQ(inotify_rm(in, wd), 0);
	auto ev = Drain();
	ASSERT_EQ(ev.size(), 1u);
	EXPECT_EQ(ev[0].mask, (uint32_t)IN_IGNORED);
	EXPECT_EQ(root->marks, nullptr);
}

TEST_F(Inotify, UnlinkEndsWatchWithDeleteSelf) {
	ASSERT_EQ(Put("f", "x"), 0);
	int dw = Watch(".", IN_DELETE);
	int fw = Watch("f", IN_ALL_EVENTS);
	ASSERT_EQ(Unlink("f"), 0);
	auto ev = Drain();
	ASSERT_EQ(ev.size(), 4u);
	EXPECT_EQ(ev[0].wd, fw);
	EXPECT_EQ(ev[0].mask, (uint32_t)IN_ATTRIB);
	EXPECT_EQ(ev[1].wd, dw);
	EXPECT_EQ(ev[1].name, "f");
	EXPECT_EQ(ev[2].mask, (uint32_t)IN_DELETE_SELF);
	EXPECT_EQ(ev[3].mask, (uint32_t)IN_IGNORED);
	EXPECT_EQ(inotify_rm(in, fw), -EINVAL);
}

TEST_F(Inotify, RenameSharesCookieAndMovesSelf) {
	ASSERT_EQ(Mkdir("d"), 0);
	ASSERT_EQ(Put("a", "x"), 0);
	Watch(".", IN_MOVE);
	Watch("a", IN_MOVE_SELF);
	ASSERT_EQ(Rename("a", "d/b"), 0);
	auto ev = Drain();
	ASSERT_EQ(ev.size(), 2u);
	EXPECT_EQ(ev[0].mask, (uint32_t)IN_MOVED_FROM);
	EXPECT_NE(ev[0].cookie, 0u);
	EXPECT_EQ(ev[1].mask, (uint32_t)IN_MOVE_SELF);
	Watch("d", IN_MOVE);
	ASSERT_EQ(Rename("d/b", "c"), 0);
	ev = Drain();
	ASSERT_EQ(ev.size(), 3u);
	EXPECT_EQ(ev[0].mask, (uint32_t)IN_MOVED_FROM);
	EXPECT_EQ(ev[0].name, "b");
	EXPECT_EQ(ev[1].mask, (uint32_t)IN_MOVED_TO);
	EXPECT_EQ(ev[1].name, "c");
	EXPECT_EQ(ev[0].cookie, ev[1].cookie);
}

TEST_F(Inotify, CoalescesOnlyTheNewest) {
	ASSERT_EQ(Put("f", "x"), 0);
	struct inode *f = Lookup("f");
	Watch("f", IN_MODIFY | IN_ATTRIB);
	fs_notify(f, IN_MODIFY);
	fs_notify(f, IN_MODIFY);
	fs_notify(f, IN_ATTRIB);
	fs_notify(f, IN_MODIFY);
	EXPECT_EQ(in->queued, 3u);
	fs_put(f);
	Drain();
}

TEST_F(Inotify, OverflowOnceThenRoom) {
	inotify_free(in);
	in = inotify_new(4);
	ASSERT_EQ(Put("f", "x"), 0);
	struct inode *f = Lookup("f");
	Watch("f", IN_OPEN | IN_CLOSE_NOWRITE);
	for (int i = 0; i < 10; i++)
		fs_notify(f, i % 2 ? IN_OPEN : IN_CLOSE_NOWRITE);
	EXPECT_EQ(in->queued, 5u);
	EXPECT_EQ(in->tail->mask, (uint32_t)IN_Q_OVERFLOW);
	EXPECT_EQ(in->tail->wd, -1);
	// Linux queues again only below the limit: one read is not enough.
	std::vector<char> buf(inotify_next_size(in));
	inotify_take(in, buf.data());
	fs_notify(f, IN_OPEN);
	EXPECT_EQ(in->queued, 4u);
	inotify_take(in, buf.data());
	fs_notify(f, IN_OPEN);
	EXPECT_EQ(in->tail->mask, (uint32_t)IN_OPEN);
	fs_put(f);
	Drain();
}

TEST_F(Inotify, OneshotEndsAfterFirst) {
	Watch(".", IN_CREATE | IN_ONESHOT);
	ASSERT_EQ(Put("a", "x"), 0);
	ASSERT_EQ(Put("b", "x"), 0);
	auto ev = Drain();
	ASSERT_EQ(ev.size(), 2u);
	EXPECT_EQ(ev[1].mask, (uint32_t)IN_IGNORED);
	EXPECT_EQ(root->marks, nullptr);
}

TEST_F(Inotify, DirEventsIsDirAndRmdirEndsWatch) {
	Watch(".", IN_CREATE | IN_DELETE);
	ASSERT_EQ(Mkdir("d"), 0);
	int wd = Watch("d", IN_DELETE_SELF);
	ASSERT_EQ(Rmdir("d"), 0);
	auto ev = Drain();
	ASSERT_EQ(ev.size(), 4u);
	EXPECT_EQ(ev[0].mask, (uint32_t)(IN_CREATE | IN_ISDIR));
	EXPECT_EQ(ev[1].mask, (uint32_t)(IN_DELETE | IN_ISDIR));
	EXPECT_EQ(ev[2].wd, wd);
	EXPECT_TRUE(ev[2].mask & IN_DELETE_SELF);
	EXPECT_EQ(ev[3].mask, (uint32_t)IN_IGNORED);
}

TEST_F(Inotify, FreeingInstanceLeavesInodesClean) {
	ASSERT_EQ(Put("f", "x"), 0);
	struct inotify *other = inotify_new(16);
	struct inode *f = Lookup("f");
	inotify_add(other, f, IN_ALL_EVENTS);
	inotify_add(other, root, IN_ALL_EVENTS);
	inotify_add(in, f, IN_MODIFY);
	inotify_free(other);
	EXPECT_EQ(f->marks, in->watches);
	EXPECT_EQ(root->marks, nullptr);
	fs_put(f);
}

TEST_F(Inotify, AttrAndTruncateHooks) {
	ASSERT_EQ(Put("f", "xyz"), 0);
	struct inode *f = Lookup("f");
	Watch("f", IN_ATTRIB | IN_MODIFY);
	EXPECT_EQ(fs_chmod(f, nullptr, 0600), 0);
	EXPECT_EQ(fs_truncate(f, 1, nullptr), 0);
	auto ev = Drain();
	ASSERT_EQ(ev.size(), 2u);
	EXPECT_EQ(ev[0].mask, (uint32_t)IN_ATTRIB);
	EXPECT_EQ(ev[1].mask, (uint32_t)IN_MODIFY);
	fs_put(f);
}

} // namespace
