// Tests for ipc/ipc_perm.c and ipc/msg.c: the System V permission rule
// and the message queue table, with Linux's answers (checked on Linux by
// tests/conformance/ipc/msg_test.cc).
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <linux/ipc.h>
#include <linux/msg.h>

#include "cred/cred.h"
#include "ipc/ipc_perm.h"
#include "ipc/msg.h"

namespace {

// Credentials with all uids u, all gids g and the given groups.
struct Cred {
	struct cred *c;
	Cred(uint32_t u, uint32_t g, std::vector<uint32_t> groups = {}) {
		struct cred *root = cred_new_root();
		c = cred_prepare(root);
		if (!groups.empty())
			EXPECT_EQ(cred_setgroups(c, root, groups.data(), groups.size()), 0);
		cred_put(root);
		c->uid = c->euid = c->suid = c->fsuid = u;
		c->gid = c->egid = c->sgid = c->fsgid = g;
	}
	~Cred() { cred_put(c); }
};

struct PermRow {
	const char *what;
	uint32_t mode;
	uint32_t uid, gid, cuid, cgid;  // of the object
	uint32_t cu, cg;                // of the caller
	std::vector<uint32_t> groups;
	int flag;
	int result;
};

class IpcPerm : public ::testing::TestWithParam<PermRow> {};

TEST_P(IpcPerm, Check) {
	const PermRow &r = GetParam();
	struct kipc_perm p = {};
	p.mode = r.mode;
	p.uid = r.uid;
	p.gid = r.gid;
	p.cuid = r.cuid;
	p.cgid = r.cgid;
	Cred c(r.cu, r.cg, r.groups);
	EXPECT_EQ(ipc_perm_check(&p, c.c, r.flag), r.result) << r.what;
}

INSTANTIATE_TEST_SUITE_P(Rule, IpcPerm, ::testing::Values(
	PermRow{"owner read", 0400, 1, 1, 9, 9, 1, 5, {}, 0400, 0},
	PermRow{"owner class only", 0077, 1, 1, 9, 9, 1, 1, {}, 0400, -EACCES},
	PermRow{"creator is owner", 0600, 2, 2, 1, 9, 1, 5, {}, 0600, 0},
	PermRow{"group by gid", 0040, 1, 7, 1, 9, 3, 7, {}, 0004, 0},
	PermRow{"group by cgid", 0040, 1, 7, 1, 9, 3, 9, {}, 0004, 0},
	PermRow{"group by supplementary", 0040, 1, 7, 1, 9, 3, 3, {7}, 0400, 0},
	PermRow{"group not widened", 0407, 1, 7, 1, 9, 3, 7, {}, 0004, -EACCES},
	PermRow{"other", 0004, 1, 7, 1, 9, 3, 3, {}, 0400, 0},
	PermRow{"other write refused", 0004, 1, 7, 1, 9, 3, 3, {}, 0200, -EACCES},
	PermRow{"nothing asked", 0000, 1, 7, 1, 9, 3, 3, {}, IPC_CREAT, 0},
	PermRow{"root", 0000, 1, 7, 1, 9, 0, 0, {}, 0600, 0}));

TEST(IpcPerm, MayChangeIsOwnerCreatorOrRoot) {
	struct kipc_perm p = {};
	p.uid = 1;
	p.cuid = 2;
	Cred owner(1, 5), creator(2, 5), other(3, 5), root(0, 5);
	EXPECT_TRUE(ipc_perm_may_change(&p, owner.c));
	EXPECT_TRUE(ipc_perm_may_change(&p, creator.c));
	EXPECT_FALSE(ipc_perm_may_change(&p, other.c));
	EXPECT_TRUE(ipc_perm_may_change(&p, root.c));
}

TEST(IpcPerm, UpdateKeepsOnlyPermissionBits) {
	struct kipc_perm p = {};
	EXPECT_EQ(ipc_perm_update(&p, 4, 5, 07777), 0);
	EXPECT_EQ(p.mode, 0777u);
	EXPECT_EQ(p.uid, 4u);
	EXPECT_EQ(ipc_perm_update(&p, (uint32_t)-1, 5, 0), -EINVAL);
	EXPECT_EQ(p.uid, 4u);
}

class Msg : public ::testing::Test {
protected:
	void SetUp() override { msg_ns_init(&ns); }
	void TearDown() override { msg_ns_destroy(&ns); }
	int Send(struct msg_queue *q, long type, const std::string &text, const struct cred *c) {
		struct msg_msg *m = msg_alloc(type, text.size());
		memcpy(m->text, text.data(), text.size());
		int r = msg_try_send(&ns, q, c, m, 10, 100);
		if (r)
			msg_free(m);
		return r;
	}
	std::string Recv(struct msg_queue *q, long type, int flags, const struct cred *c, int *err = nullptr) {
		struct msg_msg *m = nullptr;
		int r = msg_try_receive(&ns, q, c, type, flags, 100, 11, 200, &m);
		if (err)
			*err = r;
		if (r)
			return "";
		std::string s((const char *)m->text, m->size);
		msg_free(m);
		return s;
	}
	struct msg_ns ns;
	Cred root{0, 0};
};

TEST_F(Msg, GetCreatesLooksUpAndRefuses) {
	int id = msg_get(&ns, 42, IPC_CREAT | 0600, root.c, 1);
	ASSERT_GE(id, 0);
	EXPECT_EQ(msg_get(&ns, 42, 0, root.c, 1), id);
	EXPECT_EQ(msg_get(&ns, 42, IPC_CREAT | IPC_EXCL, root.c, 1), -EEXIST);
	EXPECT_EQ(msg_get(&ns, 43, 0, root.c, 1), -ENOENT);
	Cred user(1000, 1000);
	EXPECT_EQ(msg_get(&ns, 42, 0400, user.c, 1), -EACCES);
	EXPECT_NE(msg_get(&ns, IPC_PRIVATE, 0600, root.c, 1), msg_get(&ns, IPC_PRIVATE, 0600, root.c, 1));
}

TEST_F(Msg, ReusedSlotGetsANewId) {
	int id = msg_get(&ns, IPC_PRIVATE, 0600, root.c, 1);
	ASSERT_EQ(msg_remove(&ns, msg_lookup(&ns, id), root.c), 0);
	EXPECT_EQ(msg_lookup(&ns, id), nullptr);
	int id2 = msg_get(&ns, IPC_PRIVATE, 0600, root.c, 1);
	EXPECT_NE(id2, id);
	EXPECT_EQ(id2 % MSG_IPCMNI, id % MSG_IPCMNI);
	EXPECT_EQ(msg_lookup(&ns, id), nullptr) << "the stale id stays invalid";
}

TEST_F(Msg, TableIsBoundedByMsgmni) {
	ns.msgmni = 2;
	EXPECT_GE(msg_get(&ns, IPC_PRIVATE, 0600, root.c, 1), 0);
	EXPECT_GE(msg_get(&ns, IPC_PRIVATE, 0600, root.c, 1), 0);
	EXPECT_EQ(msg_get(&ns, IPC_PRIVATE, 0600, root.c, 1), -ENOSPC);
}

TEST_F(Msg, TypeSelection) {
	struct msg_queue *q = msg_lookup(&ns, msg_get(&ns, IPC_PRIVATE, 0600, root.c, 1));
	for (auto [t, s] : std::vector<std::pair<long, const char *>>{{5, "a"}, {3, "b"}, {7, "c"}, {3, "d"}, {1, "e"}})
		ASSERT_EQ(Send(q, t, s, root.c), 0);
	EXPECT_EQ(Recv(q, 3, 0, root.c), "b");
	EXPECT_EQ(Recv(q, 3, MSG_EXCEPT, root.c), "a");
	EXPECT_EQ(Recv(q, -4, 0, root.c), "e");
	EXPECT_EQ(Recv(q, -4, 0, root.c), "d");
	int err;
	Recv(q, -4, 0, root.c, &err);
	EXPECT_EQ(err, -ENOMSG);
	EXPECT_EQ(Recv(q, 0, 0, root.c), "c");
	EXPECT_EQ(q->qnum, 0u);
	EXPECT_EQ(q->tail, &q->head) << "the tail follows removals";
	ASSERT_EQ(Send(q, 1, "z", root.c), 0);
	EXPECT_EQ(Recv(q, 0, 0, root.c), "z");
}

TEST_F(Msg, SizeBoundsAndCopy) {
	struct msg_queue *q = msg_lookup(&ns, msg_get(&ns, IPC_PRIVATE, 0600, root.c, 1));
	q->qbytes = 4;
	ASSERT_EQ(Send(q, 1, "abc", root.c), 0);
	EXPECT_EQ(Send(q, 1, "de", root.c), -EAGAIN);
	EXPECT_EQ(Send(q, 1, "", root.c), 0);
	EXPECT_EQ(Recv(q, 0, MSG_COPY, root.c), "abc");
	EXPECT_EQ(q->qnum, 2u) << "MSG_COPY leaves the queue alone";
	struct msg_msg *m = nullptr;
	EXPECT_EQ(msg_try_receive(&ns, q, root.c, 0, 0, 2, 1, 1, &m), -E2BIG);
	ASSERT_EQ(msg_try_receive(&ns, q, root.c, 0, MSG_NOERROR, 2, 7, 9, &m), 0);
	msg_free(m);
	EXPECT_EQ(q->lrpid, 7);
	EXPECT_EQ(q->rtime, 9);
}

TEST_F(Msg, SetAndRemoveNeedOwnership) {
	Cred user(1000, 1000);
	int id = msg_get(&ns, IPC_PRIVATE, 0666, user.c, 1);
	struct msg_queue *q = msg_lookup(&ns, id);
	struct msqid64_ds ds;
	ASSERT_EQ(msg_stat(q, user.c, &ds), 0);
	EXPECT_EQ(ds.msg_perm.cuid, 1000u);
	ds.msg_qbytes = MSGMNB + 1;
	EXPECT_EQ(msg_set(&ns, q, user.c, &ds, 5), -EPERM);
	EXPECT_EQ(msg_set(&ns, q, root.c, &ds, 5), 0);
	Cred other(2000, 2000);
	EXPECT_EQ(msg_set(&ns, q, other.c, &ds, 5), -EPERM);
	EXPECT_EQ(msg_remove(&ns, q, other.c), -EPERM);
	msg_queue_get(q);  // a waiter
	EXPECT_EQ(msg_remove(&ns, q, user.c), 0);
	EXPECT_TRUE(q->removed);
	EXPECT_EQ(Send(q, 1, "x", user.c), -EIDRM);
	msg_queue_put(q);
}

TEST_F(Msg, InfoCountsQueuesMessagesAndBytes) {
	struct msg_queue *q = msg_lookup(&ns, msg_get(&ns, IPC_PRIVATE, 0600, root.c, 1));
	ASSERT_EQ(Send(q, 1, "12345", root.c), 0);
	struct msginfo mi;
	EXPECT_EQ(msg_info(&ns, MSG_INFO, &mi), 0);
	EXPECT_EQ(mi.msgpool, 1);
	EXPECT_EQ(mi.msgmap, 1);
	EXPECT_EQ(mi.msgtql, 5);
	EXPECT_EQ(msg_info(&ns, IPC_INFO, &mi), 0);
	EXPECT_EQ(mi.msgpool, MSGPOOL);
	EXPECT_EQ(mi.msgmnb, MSGMNB);
}

}  // namespace
