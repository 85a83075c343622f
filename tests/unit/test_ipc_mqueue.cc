// Tests for ipc/mqueue.c: names, opening rules, priority order,
// notification and the limits, with Linux's answers (checked on Linux by
// tests/conformance/ipc/mqueue_test.cc).
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <csignal>  // SIGEV_SIGNAL (the UAPI header clashes with glibc here)
#include <linux/fcntl.h>
#include <linux/mqueue.h>

#include "cred/cred.h"
#include "ipc/mqueue.h"

namespace {

struct Cred {
	struct cred *c;
	Cred(uint32_t u, uint32_t g) {
		struct cred *root = cred_new_root();
		c = cred_prepare(root);
		cred_put(root);
		c->uid = c->euid = c->suid = c->fsuid = u;
		c->gid = c->egid = c->sgid = c->fsgid = g;
	}
	~Cred() { cred_put(c); }
};

class Mq : public ::testing::Test {
protected:
	void SetUp() override { mq_ns_init(&ns); }
	void TearDown() override { mq_ns_destroy(&ns); }
	struct mqueue *Open(const char *name, int oflag, uint32_t mode, const struct cred *c,
	    int *err = nullptr, long maxmsg = 0, long msgsize = 0) {
		struct mq_attr a = {};
		a.mq_maxmsg = maxmsg;
		a.mq_msgsize = msgsize;
		struct mqueue *q = nullptr;
		int r = mq_open_queue(&ns, name, oflag, mode, maxmsg ? &a : nullptr, c, &q);
		if (err)
			*err = r;
		return r ? nullptr : q;
	}
	int Send(struct mqueue *q, const char *text, unsigned prio, struct mq_fire *fire = nullptr) {
		struct mq_fire f;
		struct mq_msg *m = mq_msg_alloc(strlen(text), prio);
		memcpy(m->data, text, strlen(text));
		int r = mq_try_send(q, m, 77, 1000, fire ? fire : &f);
		if (r)
			mq_msg_free(m);
		return r;
	}
	std::string Recv(struct mqueue *q) {
		struct mq_msg *m;
		if (mq_try_receive(q, &m))
			return "<empty>";
		std::string s((const char *)m->data, m->len);
		mq_msg_free(m);
		return s;
	}
	struct mq_ns ns;
	Cred root{0, 0};
};

TEST(MqName, Rules) {
	EXPECT_EQ(mq_name_check(""), -ENOENT);
	EXPECT_EQ(mq_name_check("."), -EACCES);
	EXPECT_EQ(mq_name_check(".."), -EACCES);
	EXPECT_EQ(mq_name_check("..."), 0);
	EXPECT_EQ(mq_name_check("a/b"), -EACCES);
	EXPECT_EQ(mq_name_check(std::string(255, 'x').c_str()), 0);
	EXPECT_EQ(mq_name_check(std::string(256, 'x').c_str()), -ENAMETOOLONG);
}

TEST_F(Mq, OpenRules) {
	int err;
	EXPECT_EQ(Open("q", O_RDWR, 0600, root.c, &err), nullptr);
	EXPECT_EQ(err, -ENOENT);
	struct mqueue *q = Open("q", O_RDWR | O_CREAT, 0640, root.c);
	ASSERT_NE(q, nullptr);
	EXPECT_EQ(q->maxmsg, 10);
	EXPECT_EQ(q->msgsize, 8192);
	EXPECT_EQ(Open("q", O_RDWR | O_CREAT | O_EXCL, 0600, root.c, &err), nullptr);
	EXPECT_EQ(err, -EEXIST);
	EXPECT_EQ(Open("q", O_WRONLY | O_RDWR, 0600, root.c, &err), nullptr);
	EXPECT_EQ(err, -EINVAL);
	Cred member(1000, 0), other(1000, 1000);
	struct mqueue *r = Open("q", O_RDONLY, 0, member.c);
	ASSERT_NE(r, nullptr);
	mq_put(r);
	EXPECT_EQ(Open("q", O_WRONLY, 0, member.c, &err), nullptr);
	EXPECT_EQ(err, -EACCES);
	EXPECT_EQ(Open("q", O_RDONLY, 0, other.c, &err), nullptr);
	EXPECT_EQ(err, -EACCES);
	mq_put(q);
}

TEST_F(Mq, AttributeLimits) {
	Cred user(1000, 1000);
	int err;
	EXPECT_EQ(Open("a", O_RDWR | O_CREAT, 0600, user.c, &err, 11, 10), nullptr);
	EXPECT_EQ(err, -EINVAL);
	EXPECT_EQ(Open("a", O_RDWR | O_CREAT, 0600, user.c, &err, -1, 10), nullptr);
	EXPECT_EQ(err, -EINVAL);
	struct mqueue *q = Open("a", O_RDWR | O_CREAT, 0600, root.c, &err, 11, 10);
	ASSERT_NE(q, nullptr) << "root goes up to the hard limits";
	mq_put(q);
	EXPECT_EQ(Open("b", O_RDWR | O_CREAT, 0600, root.c, &err, MQ_HARD_MSGMAX + 1, 10), nullptr);
	EXPECT_EQ(err, -EINVAL);
}

TEST_F(Mq, QueuesMaxBindsAllButRoot) {
	ASSERT_EQ(mq_limit_set(&ns, MQ_QUEUES_MAX, 1), 0);
	Cred user(1000, 1000);
	struct mqueue *a = Open("a", O_RDWR | O_CREAT, 0600, user.c);
	ASSERT_NE(a, nullptr);
	int err;
	EXPECT_EQ(Open("b", O_RDWR | O_CREAT, 0600, user.c, &err), nullptr);
	EXPECT_EQ(err, -ENOSPC);
	struct mqueue *b = Open("b", O_RDWR | O_CREAT, 0600, root.c);
	EXPECT_NE(b, nullptr);
	mq_put(a);
	mq_put(b);
}

TEST_F(Mq, PriorityOrderAndFullQueue) {
	struct mqueue *q = Open("p", O_RDWR | O_CREAT, 0600, root.c, nullptr, 4, 16);
	ASSERT_EQ(Send(q, "low", 1), 0);
	ASSERT_EQ(Send(q, "high", 9), 0);
	ASSERT_EQ(Send(q, "low2", 1), 0);
	ASSERT_EQ(Send(q, "mid", 5), 0);
	EXPECT_EQ(Send(q, "full", 5), -EAGAIN);
	EXPECT_EQ(q->qsize, 14u);
	EXPECT_EQ(Recv(q), "high");
	EXPECT_EQ(Recv(q), "mid");
	EXPECT_EQ(Recv(q), "low");
	EXPECT_EQ(Recv(q), "low2");
	EXPECT_EQ(Recv(q), "<empty>");
	EXPECT_EQ(q->qsize, 0u);
	mq_put(q);
}

TEST_F(Mq, UnlinkKeepsOpenQueues) {
	struct mqueue *q = Open("u", O_RDWR | O_CREAT, 0600, root.c);
	Cred user(1000, 1000);
	EXPECT_EQ(mq_unlink_queue(&ns, "u", user.c), -EPERM);
	ASSERT_EQ(mq_unlink_queue(&ns, "u", root.c), 0);
	EXPECT_EQ(mq_unlink_queue(&ns, "u", root.c), -ENOENT);
	EXPECT_FALSE(q->linked);
	ASSERT_EQ(Send(q, "still", 0), 0);
	EXPECT_EQ(Recv(q), "still");
	mq_put(q);  // frees it (ASan would see a leak otherwise)
}

TEST_F(Mq, NotifyFiresOnceOnEmptyToNonEmpty) {
	struct mqueue *q = Open("n", O_RDWR | O_CREAT, 0600, root.c);
	ASSERT_EQ(mq_notify_register(q, 5, SIGEV_SIGNAL, 10, 0x1234), 0);
	EXPECT_EQ(mq_notify_register(q, 6, SIGEV_SIGNAL, 10, 0), -EBUSY);
	struct mq_fire f;
	ASSERT_EQ(Send(q, "a", 0, &f), 0);
	EXPECT_EQ(f.pid, 5);
	EXPECT_EQ(f.signo, 10);
	EXPECT_EQ(f.value, 0x1234u);
	EXPECT_EQ(f.sender_pid, 77);
	EXPECT_EQ(f.sender_uid, 1000u);
	EXPECT_EQ(q->notify.pid, 0) << "fired registrations end";
	Recv(q);
	ASSERT_EQ(mq_notify_register(q, 5, SIGEV_SIGNAL, 10, 0), 0);
	q->waiting_receivers = 1;
	ASSERT_EQ(Send(q, "b", 0, &f), 0);
	EXPECT_EQ(f.signo, 0) << "a waiting receiver takes it";
	EXPECT_EQ(q->notify.pid, 5);
	q->waiting_receivers = 0;
	mq_notify_drop(q, 6);
	EXPECT_EQ(q->notify.pid, 5) << "only the owner drops it";
	mq_notify_drop(q, 5);
	EXPECT_EQ(q->notify.pid, 0);
	mq_put(q);
}

TEST_F(Mq, StatusLine) {
	struct mqueue *q = Open("s", O_RDWR | O_CREAT, 0600, root.c);
	ASSERT_EQ(Send(q, "hello", 0), 0);
	ASSERT_EQ(mq_notify_register(q, 42, SIGEV_SIGNAL, 12, 0), 0);
	char buf[128];
	mq_status_line(q, buf, sizeof(buf));
	EXPECT_STREQ(buf, "QSIZE:5          NOTIFY:0     SIGNO:12    NOTIFY_PID:42    \n");
	mq_put(q);
}

TEST_F(Mq, LimitBounds) {
	EXPECT_EQ(mq_limit_set(&ns, MQ_MSG_MAX, 0), -EINVAL);
	EXPECT_EQ(mq_limit_set(&ns, MQ_MSG_MAX, MQ_HARD_MSGMAX + 1), -EINVAL);
	EXPECT_EQ(mq_limit_set(&ns, MQ_MSGSIZE_MAX, 127), -EINVAL);
	EXPECT_EQ(mq_limit_set(&ns, MQ_MSG_MAX, 20), 0);
	EXPECT_EQ(mq_limit_get(&ns, MQ_MSG_MAX), 20);
}

}  // namespace
