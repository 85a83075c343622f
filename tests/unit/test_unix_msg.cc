// The portable halves of AF_UNIX: address parsing (ipc/unix_addr.c) and
// message queues (ipc/unix_msg.c).
#include <gtest/gtest.h>

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <string>
#include <vector>

extern "C" {
#include "ipc/unix_addr.h"
#include "ipc/unix_msg.h"
#include "mm/kmalloc.h"
}

namespace {

const size_t kBase = offsetof(struct sockaddr_un, sun_path);

// Bytes of a sockaddr_un with this path (not NUL-terminated unless given).
std::vector<char> Raw(const std::string& path, uint16_t family = CUB_AF_UNIX) {
	std::vector<char> v(kBase + path.size());
	memcpy(v.data(), &family, sizeof(family));
	memcpy(v.data() + kBase, path.data(), path.size());
	return v;
}

TEST(UnixAddr, PathLengthCountsOneNul) {
	struct unix_addr a;
	auto v = Raw(std::string("/tmp/s\0junk", 11));
	ASSERT_EQ(unix_addr_parse(v.data(), v.size(), &a), 0);
	EXPECT_FALSE(unix_addr_abstract(&a));
	EXPECT_EQ(a.len, kBase + 7);
	EXPECT_STREQ(a.sa.sun_path, "/tmp/s");
}

TEST(UnixAddr, PathWithoutNulGetsOne) {
	struct unix_addr a;
	auto v = Raw("/x");
	ASSERT_EQ(unix_addr_parse(v.data(), v.size(), &a), 0);
	EXPECT_EQ(a.len, kBase + 3);
}

TEST(UnixAddr, FullPathIsTerminated) {
	struct unix_addr a;
	auto v = Raw(std::string(108, 'p'));
	ASSERT_EQ(unix_addr_parse(v.data(), v.size(), &a), 0);
	EXPECT_EQ(a.len, kBase + 109);
	EXPECT_EQ(a.term, 0);
}

TEST(UnixAddr, AbstractKeepsExactLength) {
	struct unix_addr a, b;
	auto v = Raw(std::string("\0name", 5));
	auto w = Raw(std::string("\0name\0", 6));
	ASSERT_EQ(unix_addr_parse(v.data(), v.size(), &a), 0);
	ASSERT_EQ(unix_addr_parse(w.data(), w.size(), &b), 0);
	EXPECT_TRUE(unix_addr_abstract(&a));
	EXPECT_EQ(a.len, kBase + 5);
	EXPECT_FALSE(unix_addr_equal(&a, &b));
	EXPECT_TRUE(unix_addr_equal(&a, &a));
}

TEST(UnixAddr, BadFamilyAndLengthsAreEinval) {
	struct unix_addr a;
	auto v = Raw("/x", 2);
	EXPECT_EQ(unix_addr_parse(v.data(), v.size(), &a), -EINVAL);
	auto w = Raw("");
	EXPECT_EQ(unix_addr_parse(w.data(), w.size(), &a), -EINVAL);
	std::vector<char> big(sizeof(struct sockaddr_un) + 1);
	EXPECT_EQ(unix_addr_parse(big.data(), big.size(), &a), -EINVAL);
}

TEST(UnixAddr, AutobindNames) {
	struct unix_addr a;
	unix_addr_autobind(&a, 0xabc);
	EXPECT_EQ(a.len, kBase + 6);
	EXPECT_EQ(a.sa.sun_path[0], 0);
	EXPECT_EQ(std::string(a.sa.sun_path + 1, 5), "00abc");
	unix_addr_autobind(&a, 0x123456);
	EXPECT_EQ(std::string(a.sa.sun_path + 1, 5), "23456");
}

std::vector<struct file*> released;
void Release(struct file* f) { released.push_back(f); }

struct unix_msg* Msg(const char* s) {
	struct unix_msg* m = unix_msg_alloc(strlen(s));
	memcpy(m->data, s, strlen(s));
	return m;
}

TEST(UnixQueue, PushPopCounts) {
	struct unix_queue q;
	unix_queue_init(&q);
	EXPECT_TRUE(unix_queue_empty(&q));
	unix_queue_push(&q, Msg("abc"));
	unix_queue_push(&q, Msg("de"));
	EXPECT_EQ(q.bytes, 5u);
	EXPECT_EQ(q.count, 2u);
	EXPECT_EQ(q.cost, 5u + 2 * UNIX_MSG_OVERHEAD);
	struct unix_msg* m = unix_queue_pop(&q);
	EXPECT_EQ(m->len, 3u);
	EXPECT_EQ(q.bytes, 2u);
	unix_msg_free(m, Release);
	unix_queue_flush(&q, Release);
	EXPECT_TRUE(unix_queue_empty(&q));
	EXPECT_EQ(q.bytes, 0u);
	EXPECT_EQ(q.cost, 0u);
	EXPECT_EQ(unix_queue_pop(&q), nullptr);
}

TEST(UnixQueue, ConsumeIsPartialReads) {
	struct unix_queue q;
	unix_queue_init(&q);
	unix_queue_push(&q, Msg("abcdef"));
	unix_queue_consume(&q, 4);
	EXPECT_EQ(q.bytes, 2u);
	EXPECT_EQ(q.head->off, 4u);
	unix_queue_consume(&q, 10);  // clamped to what is left
	EXPECT_EQ(q.bytes, 0u);
	EXPECT_EQ(q.cost, (size_t)UNIX_MSG_OVERHEAD);
	unix_queue_flush(&q, Release);
	EXPECT_EQ(q.cost, 0u);
}

TEST(UnixQueue, FlushReleasesFiles) {
	released.clear();
	struct unix_queue q;
	unix_queue_init(&q);
	struct unix_msg* m = Msg("x");
	m->nfiles = 2;
	m->files = (struct file**)kmalloc(2 * sizeof(struct file*));
	m->files[0] = (struct file*)0x1000;
	m->files[1] = nullptr;  // taken by a receiver already
	unix_queue_push(&q, m);
	unix_queue_flush(&q, Release);
	ASSERT_EQ(released.size(), 1u);
	EXPECT_EQ(released[0], (struct file*)0x1000);
}

}  // namespace
