// Tests for ipc/shm.c: the SysV shared memory table with Linux's
// answers (checked on Linux by tests/conformance/ipc/shm_test.cc).  The
// memory object is a counter here, so the tests see when the table makes
// and frees one.
#include <gtest/gtest.h>

#include <cerrno>
#include <climits>
#include <vector>

#include <linux/ipc.h>
#include <linux/shm.h>

#include "cred/cred.h"
#include "ipc/shm.h"

namespace {

int live_objects;

void *fake_create(int32_t, uint64_t size, int *err)
{
	if (size > (1ULL << 40)) {
		*err = -ENOMEM;
		return nullptr;
	}
	live_objects++;
	return new int(0);
}

void fake_destroy(void *obj)
{
	live_objects--;
	delete static_cast<int *>(obj);
}

const struct shm_obj_ops fake_ops = { fake_create, fake_destroy };

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

class ShmTable : public ::testing::Test {
protected:
	void SetUp() override { shm_ns_init(&ns, &fake_ops); }
	void TearDown() override {
		shm_ns_destroy(&ns);
		EXPECT_EQ(live_objects, 0);
	}
	struct shm_ns ns;
	Cred root{0, 0}, user{1000, 1000};
};

TEST_F(ShmTable, GetRules) {
	EXPECT_EQ(shm_get(&ns, IPC_PRIVATE, 0, IPC_CREAT | 0600, root.c, 1, 0), -EINVAL);
	EXPECT_EQ(shm_get(&ns, IPC_PRIVATE, SHMMAX + 1, IPC_CREAT, root.c, 1, 0), -EINVAL);
	EXPECT_EQ(shm_get(&ns, 42, 4096, 0600, root.c, 1, 0), -ENOENT);
	int id = shm_get(&ns, 42, 4096, IPC_CREAT | 0600, root.c, 1, 0);
	ASSERT_GE(id, 0);
	EXPECT_EQ(live_objects, 1);
	EXPECT_EQ(shm_get(&ns, 42, 0, 0, root.c, 1, 0), id);
	EXPECT_EQ(shm_get(&ns, 42, 4096, IPC_CREAT | IPC_EXCL, root.c, 1, 0), -EEXIST);
	EXPECT_EQ(shm_get(&ns, 42, 4097, 0, root.c, 1, 0), -EINVAL);
	// The size rule comes before the permission rule.
	EXPECT_EQ(shm_get(&ns, 42, 8192, 0600, user.c, 1, 0), -EINVAL);
	EXPECT_EQ(shm_get(&ns, 42, 4096, 0600, user.c, 1, 0), -EACCES);
	EXPECT_EQ(shm_get(&ns, 42, 4096, 0, user.c, 1, 0), id);
}

TEST_F(ShmTable, ObjectFailureIsReported) {
	EXPECT_EQ(shm_get(&ns, IPC_PRIVATE, 1ULL << 41, IPC_CREAT, root.c, 1, 0), -ENOMEM);
	EXPECT_EQ(ns.in_use, 0);
	EXPECT_EQ(ns.tot_pages, 0u);
}

TEST_F(ShmTable, ShmallBoundsTheTotal) {
	ns.shmall = 3;
	EXPECT_GE(shm_get(&ns, IPC_PRIVATE, 2 * 4096, IPC_CREAT, root.c, 1, 0), 0);
	EXPECT_EQ(shm_get(&ns, IPC_PRIVATE, 4097, IPC_CREAT, root.c, 1, 0), -ENOSPC);
	EXPECT_GE(shm_get(&ns, IPC_PRIVATE, 4096, IPC_CREAT, root.c, 1, 0), 0);
}

TEST_F(ShmTable, RemovedSegmentLivesUntilLastDetach) {
	int id = shm_get(&ns, 7, 100, IPC_CREAT | 0600, root.c, 1, 0);
	ASSERT_GE(id, 0);
	struct shm_seg *s = shm_lookup(&ns, id);
	ASSERT_NE(s, nullptr);
	shm_attached(s, 5, 10);
	shm_attached(s, 6, 11);
	EXPECT_EQ(shm_remove(&ns, s, user.c), -EPERM);
	EXPECT_EQ(shm_remove(&ns, s, root.c), 0);
	EXPECT_EQ(s->perm.mode & CUB_SHM_DEST, (uint32_t)CUB_SHM_DEST);
	EXPECT_EQ(s->perm.key, IPC_PRIVATE);
	EXPECT_EQ(shm_get(&ns, 7, 100, 0, root.c, 1, 0), -ENOENT);
	shm_detached(&ns, s, 5, 12);
	EXPECT_EQ(live_objects, 1);
	EXPECT_EQ(s->lpid, 5);
	EXPECT_EQ(s->dtime, 12);
	shm_detached(&ns, s, 6, 13);
	EXPECT_EQ(live_objects, 0);
	EXPECT_EQ(shm_lookup(&ns, id), nullptr);
}

TEST_F(ShmTable, StatSetAndLock) {
	int id = shm_get(&ns, IPC_PRIVATE, 5000, IPC_CREAT | 0640, root.c, 9, 100);
	struct shm_seg *s = shm_lookup(&ns, id);
	ASSERT_NE(s, nullptr);
	struct shmid64_ds ds;
	ASSERT_EQ(shm_stat(s, root.c, &ds), 0);
	EXPECT_EQ(ds.shm_segsz, 5000u);
	EXPECT_EQ(ds.shm_cpid, 9);
	EXPECT_EQ(ds.shm_ctime, 100);
	EXPECT_EQ(ds.shm_perm.mode, 0640u);
	EXPECT_EQ(shm_stat(s, user.c, &ds), -EACCES);
	EXPECT_EQ(shm_stat(s, nullptr, &ds), 0);
	ds.shm_perm.uid = 1000;
	ds.shm_perm.mode = 07777;
	EXPECT_EQ(shm_set(s, user.c, &ds, 200), -EPERM);
	EXPECT_EQ(shm_set(s, root.c, &ds, 200), 0);
	EXPECT_EQ(s->perm.mode, 0777u);
	EXPECT_EQ(s->ctime, 200);
	EXPECT_EQ(shm_lock(s, user.c, true), 0);  // now the owner
	EXPECT_EQ(s->perm.mode & CUB_SHM_LOCKED, (uint32_t)CUB_SHM_LOCKED);
	EXPECT_EQ(shm_lock(s, user.c, false), 0);
	EXPECT_EQ(s->perm.mode, 0777u);
}

TEST_F(ShmTable, AttachPermission) {
	int id = shm_get(&ns, IPC_PRIVATE, 1, IPC_CREAT | 0604, root.c, 1, 0);
	struct shm_seg *s = shm_lookup(&ns, id);
	EXPECT_EQ(shm_may_attach(s, user.c, SHM_RDONLY), 0);
	EXPECT_EQ(shm_may_attach(s, user.c, 0), -EACCES);
	EXPECT_EQ(shm_may_attach(s, user.c, SHM_RDONLY | SHM_EXEC), -EACCES);
	EXPECT_EQ(shm_may_attach(s, root.c, SHM_EXEC), 0);
}

TEST_F(ShmTable, IdsAndInfo) {
	int a = shm_get(&ns, IPC_PRIVATE, 4096, IPC_CREAT, root.c, 1, 0);
	int b = shm_get(&ns, IPC_PRIVATE, 8192, IPC_CREAT, root.c, 1, 0);
	EXPECT_EQ(a % SHM_IPCMNI, 0);
	EXPECT_EQ(b % SHM_IPCMNI, 1);
	EXPECT_EQ(shm_at(&ns, 1), shm_lookup(&ns, b));
	EXPECT_EQ(shm_lookup(&ns, b + SHM_IPCMNI), nullptr);  // stale sequence
	struct shm_info info;
	EXPECT_EQ(shm_shm_info(&ns, &info), 1);
	EXPECT_EQ(info.used_ids, 2);
	EXPECT_EQ(info.shm_tot, 3u);
	struct shminfo64 limits;
	EXPECT_EQ(shm_ipc_info(&ns, &limits), 1);
	EXPECT_EQ(limits.shmmin, 1u);
	EXPECT_EQ(limits.shmmax, SHMMAX);
	// A reused slot gets a new id.
	EXPECT_EQ(shm_remove(&ns, shm_lookup(&ns, a), root.c), 0);
	int c = shm_get(&ns, IPC_PRIVATE, 1, IPC_CREAT, root.c, 1, 0);
	EXPECT_EQ(c % SHM_IPCMNI, 0);
	EXPECT_NE(c, a);
}

}  // namespace
