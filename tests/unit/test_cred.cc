// Tests for cred/cred.c: every rule of Linux's kernel/sys.c, as tables of
// (starting ids, call, expected result and ids).  The expectations are
// Linux's (checked by the cred conformance suite on the host).
#include <gtest/gtest.h>

#include <cerrno>
#include <vector>

#include <linux/limits.h>

#include "cred/cred.h"

namespace {

constexpr uint32_t K = CRED_KEEP;

struct Ids {
	uint32_t r, e, s, fs;
	bool operator==(const Ids &o) const {
		return r == o.r && e == o.e && s == o.s && fs == o.fs;
	}
};

std::ostream &operator<<(std::ostream &os, const Ids &i) {
	return os << "{" << i.r << "," << i.e << "," << i.s << "," << i.fs << "}";
}

struct Cred {
	struct cred *c;
	explicit Cred(Ids u, Ids g = {0, 0, 0, 0}) {
		struct cred *root = cred_new_root();
		c = cred_prepare(root);
		cred_put(root);
		c->uid = u.r; c->euid = u.e; c->suid = u.s; c->fsuid = u.fs;
		c->gid = g.r; c->egid = g.e; c->sgid = g.s; c->fsgid = g.fs;
	}
	~Cred() { cred_put(c); }
	Ids uids() const { return {c->uid, c->euid, c->suid, c->fsuid}; }
	Ids gids() const { return {c->gid, c->egid, c->sgid, c->fsgid}; }
};

enum Call { SETRESUID, SETREUID, SETUID, SETRESGID, SETREGID, SETGID };

struct Row {
	const char *what;
	Call call;
	Ids start;
	uint32_t a, b, c;
	int result;
	Ids end;  // only checked when result is 0
};

int Apply(Call call, struct cred *n, const struct cred *o, uint32_t a, uint32_t b, uint32_t c) {
	switch (call) {
	case SETRESUID: return cred_setresuid(n, o, a, b, c);
	case SETREUID: return cred_setreuid(n, o, a, b);
	case SETUID: return cred_setuid(n, o, a);
	case SETRESGID: return cred_setresgid(n, o, a, b, c);
	case SETREGID: return cred_setregid(n, o, a, b);
	case SETGID: return cred_setgid(n, o, a);
	}
	return -1;
}

bool IsGid(Call c) { return c == SETRESGID || c == SETREGID || c == SETGID; }

class Rules : public ::testing::TestWithParam<Row> {};

TEST_P(Rules, FollowLinux) {
	const Row &row = GetParam();
	bool gid = IsGid(row.call);
	// For the gid calls, "root" is still euid 0: start the uids at 0 or
	// 1000 by whether the row's starting effective id is 0.
	Ids uid_start = gid ? Ids{row.start.e ? 1000u : 0u, row.start.e ? 1000u : 0u,
	                          row.start.e ? 1000u : 0u, row.start.e ? 1000u : 0u}
	                    : row.start;
	Cred old(uid_start, gid ? row.start : Ids{0, 0, 0, 0});
	struct cred *n = cred_prepare(old.c);
	int r = Apply(row.call, n, old.c, row.a, row.b, row.c);
	EXPECT_EQ(r, row.result) << row.what;
	if (r == 0) {
		Ids got = gid ? Ids{n->gid, n->egid, n->sgid, n->fsgid}
		              : Ids{n->uid, n->euid, n->suid, n->fsuid};
		EXPECT_EQ(got, row.end) << row.what;
	}
	// The caller's credentials never change: the copy is the change.
	EXPECT_EQ(gid ? old.gids() : old.uids(), row.start) << row.what;
	cred_put(n);
}

const Ids ROOT{0, 0, 0, 0};
const Ids USER{1000, 1000, 1000, 1000};
const Ids MIXED{1000, 2000, 3000, 2000};  // r, e, s distinct; fs = e
const Ids SUIDROOT{1000, 0, 0, 0};       // a set-user-ID-root program
const Ids DROPPED_E{0, 1000, 0, 1000};   // root after seteuid(1000)

std::vector<Row> UidRows() {
	return {
		// setresuid
		{"root sets anything", SETRESUID, ROOT, 1, 2, 3, 0, {1, 2, 3, 2}},
		{"root keeps with -1", SETRESUID, ROOT, K, 5, K, 0, {0, 5, 0, 5}},
		{"all -1 is a no-op", SETRESUID, MIXED, K, K, K, 0, MIXED},
		{"no-op keeps a changed fsuid", SETRESUID, Ids{1000, 1000, 1000, 7}, K, K, K, 0,
		 Ids{1000, 1000, 1000, 7}},
		{"same euid resets fsuid", SETRESUID, Ids{1000, 1000, 1000, 7}, K, 1000, K, 0, USER},
		{"user permutes its ids", SETRESUID, MIXED, 3000, 1000, 2000, 0, {3000, 1000, 2000, 1000}},
		{"user sets e to s", SETRESUID, MIXED, K, 3000, K, 0, {1000, 3000, 3000, 3000}},
		{"user cannot take a new r", SETRESUID, MIXED, 4000, K, K, -EPERM, {}},
		{"user cannot take a new e", SETRESUID, MIXED, K, 4000, K, -EPERM, {}},
		{"user cannot take a new s", SETRESUID, MIXED, K, K, 4000, -EPERM, {}},
		{"user cannot become root", SETRESUID, USER, 0, 0, 0, -EPERM, {}},
		{"set-uid-root program may drop all", SETRESUID, SUIDROOT, 1000, 1000, 1000, 0, USER},
		{"dropped euid gets root back from r", SETRESUID, DROPPED_E, K, 0, K, 0, ROOT},
		{"dropped euid is not root for new ids", SETRESUID, DROPPED_E, K, 5, K, -EPERM, {}},
		// setreuid
		{"root sets r and e, s follows e", SETREUID, ROOT, 1, 2, 0, 0, {1, 2, 2, 2}},
		{"root sets only e = r: s stays", SETREUID, ROOT, K, 0, 0, 0, ROOT},
		{"root sets only e != r: s := e", SETREUID, ROOT, K, 5, 0, 0, {0, 5, 5, 5}},
		{"user swaps r and e", SETREUID, MIXED, 2000, 1000, 0, 0, {2000, 1000, 1000, 1000}},
		{"user r may be old e", SETREUID, MIXED, 2000, K, 0, 0, {2000, 2000, 2000, 2000}},
		{"user r may not be old s", SETREUID, MIXED, 3000, K, 0, -EPERM, {}},
		{"user e may be old s", SETREUID, MIXED, K, 3000, 0, 0, {1000, 3000, 3000, 3000}},
		{"user e = r keeps s", SETREUID, MIXED, K, 1000, 0, 0, {1000, 1000, 3000, 1000}},
		{"user e may not be new", SETREUID, MIXED, K, 4000, 0, -EPERM, {}},
		{"user r may not be new", SETREUID, USER, 0, K, 0, -EPERM, {}},
		{"both -1 sets fs to e", SETREUID, Ids{1000, 1000, 1000, 7}, K, K, 0, 0, USER},
		// setuid
		{"root sets all four", SETUID, ROOT, 1000, 0, 0, 0, USER},
		{"set-uid-root program drops for good", SETUID, SUIDROOT, 1000, 0, 0, 0, USER},
		{"user may set e to r", SETUID, MIXED, 1000, 0, 0, 0, {1000, 1000, 3000, 1000}},
		{"user may set e to s", SETUID, MIXED, 3000, 0, 0, 0, {1000, 3000, 3000, 3000}},
		{"user may not set e to e's other", SETUID, MIXED, 2000, 0, 0, -EPERM, {}},
		{"user may not become root", SETUID, USER, 0, 0, 0, -EPERM, {}},
		{"dropped euid comes back through s", SETUID, DROPPED_E, 0, 0, 0, 0, {0, 0, 0, 0}},
		{"-1 is not a uid", SETUID, ROOT, K, 0, 0, -EINVAL, {}},
	};
}

std::vector<Row> GidRows() {
	// Same rules for groups; euid 0 decides privilege (rows with e = 0
	// run as root, others as uid 1000).
	return {
		{"root sets any gids", SETRESGID, ROOT, 1, 2, 3, 0, {1, 2, 3, 2}},
		{"user permutes gids", SETRESGID, MIXED, 3000, 1000, 2000, 0, {3000, 1000, 2000, 1000}},
		{"user cannot take a new gid", SETRESGID, MIXED, K, 4000, K, -EPERM, {}},
		{"gid no-op", SETRESGID, MIXED, K, K, K, 0, MIXED},
		{"gid no-op keeps fsgid", SETRESGID, Ids{1000, 1000, 1000, 7}, K, K, K, 0,
		 Ids{1000, 1000, 1000, 7}},
		{"root setregid", SETREGID, ROOT, 1, 2, 0, 0, {1, 2, 2, 2}},
		{"user setregid swap", SETREGID, MIXED, 2000, 1000, 0, 0, {2000, 1000, 1000, 1000}},
		{"user setregid r from s refused", SETREGID, MIXED, 3000, K, 0, -EPERM, {}},
		{"user setregid e new refused", SETREGID, MIXED, K, 4000, 0, -EPERM, {}},
		{"user setregid e = r keeps s", SETREGID, MIXED, K, 1000, 0, 0, {1000, 1000, 3000, 1000}},
		{"root setgid sets all", SETGID, ROOT, 50, 0, 0, 0, {50, 50, 50, 50}},
		{"user setgid to r", SETGID, MIXED, 1000, 0, 0, 0, {1000, 1000, 3000, 1000}},
		{"user setgid to s", SETGID, MIXED, 3000, 0, 0, 0, {1000, 3000, 3000, 3000}},
		{"user setgid to other refused", SETGID, MIXED, 2000, 0, 0, -EPERM, {}},
		{"-1 is not a gid", SETGID, ROOT, K, 0, 0, -EINVAL, {}},
	};
}

INSTANTIATE_TEST_SUITE_P(Uid, Rules, ::testing::ValuesIn(UidRows()));
INSTANTIATE_TEST_SUITE_P(Gid, Rules, ::testing::ValuesIn(GidRows()));

TEST(CredFs, SetfsuidAcceptsOnlyKnownIdsForUsers) {
	Cred u(MIXED);
	struct cred *n = cred_prepare(u.c);
	EXPECT_TRUE(cred_setfsuid(n, u.c, 3000));
	EXPECT_EQ(n->fsuid, 3000u);
	cred_put(n);
	n = cred_prepare(u.c);
	EXPECT_FALSE(cred_setfsuid(n, u.c, 4000));
	EXPECT_EQ(n->fsuid, 2000u);
	EXPECT_FALSE(cred_setfsuid(n, u.c, 2000));  // already: nothing to commit
	EXPECT_FALSE(cred_setfsuid(n, u.c, K));      // -1 only asks
	cred_put(n);
	Cred root(ROOT);
	n = cred_prepare(root.c);
	EXPECT_TRUE(cred_setfsuid(n, root.c, 4242));
	EXPECT_EQ(n->fsuid, 4242u);
	cred_put(n);
}

TEST(CredFs, SetfsgidMirrorsSetfsuid) {
	Cred u(USER, MIXED);
	struct cred *n = cred_prepare(u.c);
	EXPECT_TRUE(cred_setfsgid(n, u.c, 1000));
	EXPECT_EQ(n->fsgid, 1000u);
	cred_put(n);
	n = cred_prepare(u.c);
	EXPECT_FALSE(cred_setfsgid(n, u.c, 9));
	EXPECT_FALSE(cred_setfsgid(n, u.c, K));
	EXPECT_FALSE(cred_setfsgid(n, u.c, 2000));
	cred_put(n);
	Cred root(ROOT);
	n = cred_prepare(root.c);
	EXPECT_TRUE(cred_setfsgid(n, root.c, 9));
	cred_put(n);
}

TEST(CredGroups, RootSetsASortedListAndMembershipUsesIt) {
	Cred root(ROOT);
	struct cred *n = cred_prepare(root.c);
	uint32_t list[] = {30, 10, 20, 10};
	ASSERT_EQ(cred_setgroups(n, root.c, list, 4), 0);
	ASSERT_EQ(n->groups->count, 4u);
	EXPECT_EQ(n->groups->gids[0], 10u);
	EXPECT_EQ(n->groups->gids[1], 10u);
	EXPECT_EQ(n->groups->gids[2], 20u);
	EXPECT_EQ(n->groups->gids[3], 30u);
	EXPECT_TRUE(cred_in_group(n, 20));
	EXPECT_TRUE(cred_in_group(n, 0));  // the fsgid
	EXPECT_FALSE(cred_in_group(n, 25));
	EXPECT_FALSE(cred_in_group(n, 31));
	EXPECT_TRUE(cred_in_egroup(n, 30));
	EXPECT_TRUE(cred_in_egroup(n, 0));
	EXPECT_FALSE(cred_in_egroup(n, 5));
	EXPECT_EQ(root.c->groups->count, 0u) << "the old credentials keep theirs";
	// A copy shares the list; changing the copy's list leaves it alone.
	struct cred *m = cred_prepare(n);
	EXPECT_EQ(m->groups, n->groups);
	ASSERT_EQ(cred_setgroups(m, n, nullptr, 0), 0);
	EXPECT_EQ(m->groups->count, 0u);
	EXPECT_EQ(n->groups->count, 4u);
	cred_put(m);
	cred_put(n);
}

TEST(CredGroups, NonRootSetgroupsIsEpermBeforeTheSizeCheck) {
	Cred u(USER);
	struct cred *n = cred_prepare(u.c);
	uint32_t g = 5;
	EXPECT_EQ(cred_setgroups(n, u.c, &g, 1), -EPERM);
	EXPECT_EQ(cred_setgroups(n, u.c, &g, NGROUPS_MAX + 1), -EPERM);
	EXPECT_EQ(n->groups->count, 0u);
	struct cred_groups *list = cred_groups_alloc(1);
	ASSERT_NE(list, nullptr);
	list->gids[0] = 5;
	EXPECT_EQ(cred_set_group_list(n, u.c, list), -EPERM);  // list freed
	cred_put(n);
}

TEST(CredGroups, SizeLimitIsNgroupsMax) {
	Cred root(ROOT);
	struct cred *n = cred_prepare(root.c);
	EXPECT_EQ(cred_setgroups(n, root.c, nullptr, NGROUPS_MAX + 1), -EINVAL);
	EXPECT_EQ(cred_groups_alloc(NGROUPS_MAX + 1), nullptr);
	std::vector<uint32_t> many(NGROUPS_MAX);
	for (size_t i = 0; i < many.size(); i++)
		many[i] = static_cast<uint32_t>(many.size() - i);  // descending
	ASSERT_EQ(cred_setgroups(n, root.c, many.data(), many.size()), 0);
	EXPECT_EQ(n->groups->count, static_cast<uint32_t>(NGROUPS_MAX));
	EXPECT_EQ(n->groups->gids[0], 1u);
	EXPECT_EQ(n->groups->gids[NGROUPS_MAX - 1], static_cast<uint32_t>(NGROUPS_MAX));
	EXPECT_TRUE(cred_in_group(n, 40000));
	EXPECT_FALSE(cred_in_group(n, NGROUPS_MAX + 7));
	cred_put(n);
}

TEST(CredRegression, RootThatCalledSetuidCannotComeBack) {
	Cred root(ROOT);
	struct cred *n = cred_prepare(root.c);
	ASSERT_EQ(cred_setuid(n, root.c, 1000), 0);
	for (Call call : {SETUID, SETRESUID, SETREUID}) {
		struct cred *m = cred_prepare(n);
		EXPECT_EQ(Apply(call, m, n, call == SETUID ? 0 : K, 0, K), -EPERM);
		cred_put(m);
	}
	cred_put(n);
}

TEST(CredRegression, UserCannotRaiseItsSavedId) {
	Cred u(USER, USER);
	struct cred *n = cred_prepare(u.c);
	EXPECT_EQ(cred_setresuid(n, u.c, K, K, 0), -EPERM);
	EXPECT_EQ(cred_setresgid(n, u.c, K, K, 0), -EPERM);
	cred_put(n);
}

TEST(CredSignal, KillRuleComparesRealAndSavedIds) {
	Cred root(ROOT), a(USER), b(Ids{1000, 2000, 2000, 2000}), c(Ids{3000, 3000, 1000, 3000}),
	    d(Ids{5000, 1000, 5000, 1000}), other(Ids{7000, 7000, 7000, 7000});
	EXPECT_TRUE(cred_may_signal(root.c, other.c));
	EXPECT_TRUE(cred_may_signal(a.c, b.c));       // target's real uid
	EXPECT_TRUE(cred_may_signal(a.c, c.c));       // target's saved uid
	EXPECT_FALSE(cred_may_signal(a.c, d.c));      // target's euid does not count
	EXPECT_TRUE(cred_may_signal(d.c, a.c));       // sender's euid
	EXPECT_FALSE(cred_may_signal(other.c, a.c));
	EXPECT_FALSE(cred_may_signal(a.c, root.c));
}

TEST(CredLife, ReferencesAndEquality) {
	struct cred *root = cred_new_root();
	ASSERT_NE(root, nullptr);
	EXPECT_TRUE(cred_is_root(root));
	const struct cred *again = cred_get(root);
	EXPECT_EQ(again, root);
	EXPECT_EQ(root->refs, 2);
	cred_put(again);
	struct cred *copy = cred_prepare(root);
	EXPECT_TRUE(cred_equal(root, copy));
	copy->fsgid = 3;
	EXPECT_FALSE(cred_equal(root, copy));
	copy->fsgid = 0;
	uint32_t g[] = {4};
	ASSERT_EQ(cred_setgroups(copy, root, g, 1), 0);
	EXPECT_FALSE(cred_equal(root, copy));
	struct cred *copy2 = cred_prepare(copy);
	EXPECT_TRUE(cred_equal(copy, copy2));
	uint32_t g2[] = {5};
	ASSERT_EQ(cred_setgroups(copy2, copy, g2, 1), 0);
	EXPECT_FALSE(cred_equal(copy, copy2));
	cred_put(copy2);
	cred_put(copy);
	cred_put(root);
	cred_put(nullptr);
}

}  // namespace

// ---- every operand of every rule, one at a time (branch coverage) ----

extern "C" long fs_shim_kmalloc_fail_after;

namespace {

TEST(CredAlloc, EveryAllocationFailureIsReported) {
	fs_shim_kmalloc_fail_after = 0;
	EXPECT_EQ(cred_new_root(), nullptr);
	fs_shim_kmalloc_fail_after = -1;
	struct cred *root = cred_new_root();
	ASSERT_NE(root, nullptr);
	fs_shim_kmalloc_fail_after = 0;
	EXPECT_EQ(cred_prepare(root), nullptr);
	EXPECT_EQ(cred_groups_alloc(3), nullptr);
	fs_shim_kmalloc_fail_after = -1;
	struct cred *n = cred_prepare(root);
	uint32_t g = 1;
	fs_shim_kmalloc_fail_after = 0;
	EXPECT_EQ(cred_setgroups(n, root, &g, 1), -ENOMEM);
	fs_shim_kmalloc_fail_after = -1;
	EXPECT_EQ(n->groups->count, 0u);
	cred_put(n);
	cred_put(root);
}

TEST(CredFs, EachOfTheFourIdsIsAcceptedForUsers) {
	const Ids start{1000, 2000, 3000, 4000};
	for (uint32_t id : {1000u, 2000u, 3000u}) {
		Cred u(start, start);
		struct cred *n = cred_prepare(u.c);
		EXPECT_TRUE(cred_setfsuid(n, u.c, id)) << id;
		EXPECT_TRUE(cred_setfsgid(n, u.c, id)) << id;
		cred_put(n);
	}
	Cred u(start, start);
	struct cred *n = cred_prepare(u.c);
	EXPECT_FALSE(cred_setfsuid(n, u.c, 4000));  // the fsuid itself: no change
	EXPECT_FALSE(cred_setfsgid(n, u.c, 4000));
	EXPECT_FALSE(cred_setfsuid(n, u.c, 5000));
	EXPECT_FALSE(cred_setfsgid(n, u.c, 5000));
	cred_put(n);
}

TEST(CredRules, EachOldIdCountsWhereLinuxCountsIt) {
	const Ids start{1000, 2000, 3000, 2000};
	struct Case { int call; uint32_t a, b; int want; };
	// 0 setreuid, 1 setregid
	for (Case c : {Case{0, 1000, K, 0}, Case{0, 2000, K, 0}, Case{0, 3000, K, -EPERM},
	               Case{0, K, 1000, 0}, Case{0, K, 2000, 0}, Case{0, K, 3000, 0},
	               Case{1, 1000, K, 0}, Case{1, 2000, K, 0}, Case{1, 3000, K, -EPERM},
	               Case{1, K, 1000, 0}, Case{1, K, 2000, 0}, Case{1, K, 3000, 0},
	               Case{1, K, 4000, -EPERM}, Case{0, K, 4000, -EPERM}}) {
		Cred u(start, start);
		struct cred *n = cred_prepare(u.c);
		int r = c.call == 0 ? cred_setreuid(n, u.c, c.a, c.b) : cred_setregid(n, u.c, c.a, c.b);
		EXPECT_EQ(r, c.want) << c.call << " " << c.a << " " << c.b;
		cred_put(n);
	}
	for (uint32_t s : {1000u, 2000u, 3000u}) {
		Cred u(start, start);
		struct cred *n = cred_prepare(u.c);
		EXPECT_EQ(cred_setresuid(n, u.c, s, s, s), 0) << s;
		EXPECT_EQ(cred_setresgid(n, u.c, s, s, s), 0) << s;
		cred_put(n);
	}
	for (int which = 0; which < 3; which++) {  // a new id in one place only
		Cred u(start, start);
		struct cred *n = cred_prepare(u.c);
		uint32_t v[3] = {K, K, K};
		v[which] = 9;
		EXPECT_EQ(cred_setresuid(n, u.c, v[0], v[1], v[2]), -EPERM) << which;
		EXPECT_EQ(cred_setresgid(n, u.c, v[0], v[1], v[2]), -EPERM) << which;
		cred_put(n);
	}
	// No-op checks, one differing id at a time.
	for (int which = 0; which < 3; which++) {
		Cred u(start, start);
		struct cred *n = cred_prepare(u.c);
		uint32_t v[3] = {1000, 2000, 3000};
		v[which] = v[(which + 1) % 3];
		EXPECT_EQ(cred_setresuid(n, u.c, v[0], v[1], v[2]), 0) << which;
		EXPECT_EQ(cred_setresgid(n, u.c, v[0], v[1], v[2]), 0) << which;
		cred_put(n);
	}
}

TEST(CredSignal, EachComparisonOfTheKillRule) {
	Cred target(Ids{10, 20, 30, 20});
	EXPECT_TRUE(cred_may_signal(Cred(Ids{1, 30, 1, 30}).c, target.c));  // euid = suid
	EXPECT_TRUE(cred_may_signal(Cred(Ids{1, 10, 1, 10}).c, target.c));  // euid = uid
	EXPECT_TRUE(cred_may_signal(Cred(Ids{30, 1, 1, 1}).c, target.c));   // uid = suid
	EXPECT_TRUE(cred_may_signal(Cred(Ids{10, 1, 1, 1}).c, target.c));   // uid = uid
	EXPECT_FALSE(cred_may_signal(Cred(Ids{20, 1, 20, 1}).c, target.c)); // euid, suid don't
}

TEST(CredLife, EqualityLooksAtEveryField) {
	Cred a(Ids{1, 2, 3, 4}, Ids{5, 6, 7, 8});
	for (int f = 0; f < 8; f++) {
		Cred b(Ids{1, 2, 3, 4}, Ids{5, 6, 7, 8});
		uint32_t *fields[] = {&b.c->uid, &b.c->euid, &b.c->suid, &b.c->fsuid,
		                      &b.c->gid, &b.c->egid, &b.c->sgid, &b.c->fsgid};
		EXPECT_TRUE(cred_equal(a.c, b.c));
		*fields[f] += 100;
		EXPECT_FALSE(cred_equal(a.c, b.c)) << f;
	}
}

TEST(CredGroups, MembershipBisectsBothWays) {
	Cred root(ROOT);
	struct cred *n = cred_prepare(root.c);
	std::vector<uint32_t> list;
	for (uint32_t g = 10; g <= 200; g += 10)
		list.push_back(g);
	ASSERT_EQ(cred_setgroups(n, root.c, list.data(), list.size()), 0);
	n->fsgid = n->egid = 7;
	for (uint32_t g = 0; g <= 210; g++) {
		bool want = g == 7 || (g >= 10 && g <= 200 && g % 10 == 0);
		EXPECT_EQ(cred_in_group(n, g), want) << g;
		EXPECT_EQ(cred_in_egroup(n, g), want) << g;
	}
	cred_put(n);
}

}  // namespace

// ---- execve: set-user-ID and set-group-ID files (bprm_fill_uid) ----

namespace {

struct ExecRow {
	const char *what;
	Ids uids, gids;        // before
	uint32_t mode, fuid, fgid;
	bool ignore;           // nosuid mount or no_new_privs
	Ids uids_after, gids_after;
	bool secure;
};

class ExecRules : public ::testing::TestWithParam<ExecRow> {};

TEST_P(ExecRules, FollowLinux) {
	const ExecRow &row = GetParam();
	Cred old(row.uids, row.gids);
	struct cred *n = cred_prepare(old.c);
	struct cred_exec_file f = {row.mode, row.fuid, row.fgid, row.ignore};
	cred_exec(n, &f);
	Ids u{n->uid, n->euid, n->suid, n->fsuid}, g{n->gid, n->egid, n->sgid, n->fsgid};
	EXPECT_EQ(u, row.uids_after) << row.what;
	EXPECT_EQ(g, row.gids_after) << row.what;
	EXPECT_EQ(cred_exec_secure(n), row.secure) << row.what;
	cred_put(n);
}

const Ids U1 = {1000, 1000, 1000, 1000}, G1 = {100, 100, 100, 100};

INSTANTIATE_TEST_SUITE_P(
    Cred, ExecRules,
    ::testing::Values(
	ExecRow{"plain file: saved and fs follow effective", {1000, 2000, 3000, 4000},
		{100, 200, 300, 400}, 0755, 0, 0, false, {1000, 2000, 2000, 2000},
		{100, 200, 200, 200}, true},
	ExecRow{"plain file, same ids: not secure", U1, G1, 0755, 0, 0, false, U1, G1, false},
	ExecRow{"set-user-ID root", U1, G1, 04755, 0, 0, false, {1000, 0, 0, 0}, G1, true},
	ExecRow{"set-user-ID other user", U1, G1, 04755, 2000, 0, false,
		{1000, 2000, 2000, 2000}, G1, true},
	ExecRow{"set-user-ID own file: not secure", U1, G1, 04755, 1000, 0, false, U1, G1, false},
	ExecRow{"set-group-ID with group execute", U1, G1, 02755, 0, 3000, false, U1,
		{100, 3000, 3000, 3000}, true},
	ExecRow{"S_ISGID without group execute marks locking", U1, G1, 02745, 0, 3000, false,
		U1, G1, false},
	ExecRow{"both bits", U1, G1, 06755, 0, 0, false, {1000, 0, 0, 0}, {100, 0, 0, 0}, true},
	ExecRow{"nosuid ignores set-user-ID", U1, G1, 04755, 0, 0, true, U1, G1, false},
	ExecRow{"nosuid ignores set-group-ID", U1, G1, 02755, 0, 3000, true, U1, G1, false},
	ExecRow{"root running a user's set-uid file drops to it", {0, 0, 0, 0}, {0, 0, 0, 0},
		04755, 1000, 0, false, {0, 1000, 1000, 1000}, {0, 0, 0, 0}, true}));

}  // namespace

namespace {

TEST(CredRenice, CallerEuidMustBeTargetsRealOrEffectiveUid) {
	Cred root(ROOT), a(USER), real(Ids{1000, 2000, 2000, 2000}), eff(Ids{2000, 1000, 2000, 2000}),
	    saved(Ids{2000, 2000, 1000, 2000}), ruid_only(Ids{1000, 3000, 3000, 3000});
	EXPECT_TRUE(cred_may_renice(root.c, a.c));
	EXPECT_TRUE(cred_may_renice(a.c, real.c));    // target's real uid
	EXPECT_TRUE(cred_may_renice(a.c, eff.c));     // target's effective uid
	EXPECT_FALSE(cred_may_renice(a.c, saved.c));  // its saved uid does not count
	EXPECT_FALSE(cred_may_renice(ruid_only.c, eff.c));  // nor the caller's real uid
	EXPECT_FALSE(cred_may_renice(a.c, root.c));
}

}  // namespace
