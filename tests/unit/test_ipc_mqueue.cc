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

// The mqueue file system over a namespace: mounted on a tmpfs, it lists
// the named queues and reads each as its status line.
#include "fs_host_shim.h"
extern "C" {
#include "fs/fs.h"
#include "fs/procfs.h"
#include "ipc/mqueue_fs.h"
}

namespace {

class MqFs : public Mq {
protected:
	void SetUp() override {
		Mq::SetUp();
		tmp = tmpfs_create(0, 42, 0755, 0);
		ASSERT_NE(tmp, nullptr);
		struct fs_ctx k = {tmp->root, nullptr, nullptr};
		ASSERT_EQ(fs_mkdirat(&k, "/mq", 0755), 0);
		mqfs = mqueue_fs_create(&ns, 0, 9);
		ASSERT_NE(mqfs, nullptr);
		EXPECT_TRUE(mqueue_fs_is(mqfs));
		EXPECT_FALSE(mqueue_fs_is(tmp));
		struct inode *dir = nullptr;
		ASSERT_EQ(fs_lookup(&k, "/mq", 0, &dir), 0);
		ASSERT_EQ(fs_mount(dir, mqfs), 0);
		fs_put(dir);
	}
	void TearDown() override {
		EXPECT_EQ(fs_umount(mqfs), 0);
		EXPECT_EQ(procfs_destroy(mqfs), 0);  // any dynamic instance
		EXPECT_EQ(tmpfs_destroy(tmp), 0);
		Mq::TearDown();
	}
	std::vector<std::string> List() {
		struct fs_ctx k = {tmp->root, nullptr, nullptr};
		struct inode *dir = nullptr;
		std::vector<std::string> names;
		EXPECT_EQ(fs_lookup(&k, "/mq", FS_WALK_FOLLOW, &dir), 0);
		uint64_t pos = 0;
		EXPECT_EQ(fs_readdir(dir, &pos, [](void *ctx, const char *name, size_t len,
		    uint64_t, unsigned, uint64_t) {
			static_cast<std::vector<std::string> *>(ctx)->push_back(std::string(name, len));
			return true;
		}, &names), 0);
		fs_put(dir);
		return names;
	}
	struct fs_sb *tmp = nullptr, *mqfs = nullptr;
};

TEST_F(MqFs, ListsAndReadsTheQueues) {
	struct mqueue *q = Open("one", O_RDWR | O_CREAT, 0640, root.c);
	ASSERT_EQ(Send(q, "abc", 0), 0);
	EXPECT_EQ(List(), (std::vector<std::string>{".", "..", "one"}));
	struct fs_ctx k = {tmp->root, nullptr, nullptr};
	struct inode *ino = nullptr;
	ASSERT_EQ(fs_lookup(&k, "/mq/one", 0, &ino), 0);
	EXPECT_EQ(ino->mode, (uint32_t)(S_IFREG | 0640));
	char buf[128] = {};
	long n = fs_read(ino, buf, sizeof(buf) - 1, 0);
	EXPECT_EQ(std::string(buf, n > 0 ? n : 0),
	    "QSIZE:3          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n");
	struct fs_cred rc = {0, 0, nullptr, 0};
	EXPECT_EQ(fs_permission(ino, &rc, FS_MAY_WRITE), -EACCES) << "read-only";
	fs_put(ino);
	ASSERT_EQ(mq_unlink_queue(&ns, "one", root.c), 0);
	EXPECT_EQ(List(), (std::vector<std::string>{".", ".."}));
	EXPECT_EQ(fs_lookup(&k, "/mq/one", 0, &ino), -ENOENT);
	mq_put(q);
}

}  // namespace
