/*
 * cred.c - credentials and the set*id rules, after Linux's kernel/cred.c
 * and kernel/sys.c.  Each rule follows sys.c's order of checks, so the two
 * can be compared; where Linux asks ns_capable_setid() cub asks whether
 * the old euid is 0.
 */
#include "cred/cred.h"

#include "fs/mode.h" /* S_ISUID and friends, on the host too */
#include "lib/kstring.h"
#include "mm/kmalloc.h"

#include <linux/errno.h>
#include <linux/limits.h>

static struct cred_groups no_groups = { .refs = 1, .count = 0 };

struct cred_groups *cred_groups_alloc(size_t count)
{
	if (count > NGROUPS_MAX)
		return 0;
	struct cred_groups *g = kmalloc(sizeof(*g) + count * sizeof(uint32_t));
	if (!g)
		return 0;
	g->refs = 1;
	g->count = (uint32_t)count;
	return g;
}

static struct cred_groups *groups_get(struct cred_groups *g)
{
	g->refs++;
	return g;
}

void cred_groups_put(struct cred_groups *g)
{
	if (g && g != &no_groups && --g->refs == 0)
		kfree(g);
}

struct cred *cred_new_root(void)
{
	struct cred *c = kzalloc(sizeof(*c));

	if (!c)
		return 0;
	c->refs = 1;
	c->groups = groups_get(&no_groups);
	return c;
}

const struct cred *cred_get(const struct cred *c)
{
	((struct cred *)c)->refs++;
	return c;
}

void cred_put(const struct cred *c)
{
	struct cred *m = (struct cred *)c;

	if (!m || --m->refs > 0)
		return;
	cred_groups_put(m->groups);
	kfree(m);
}

struct cred *cred_prepare(const struct cred *old)
{
	struct cred *c = kmalloc(sizeof(*c));

	if (!c)
		return 0;
	*c = *old;
	c->refs = 1;
	groups_get(c->groups);
	return c;
}

bool cred_is_root(const struct cred *c)
{
	return c->euid == 0;
}

static bool group_member(const struct cred_groups *g, uint32_t gid)
{
	uint32_t lo = 0, hi = g->count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (g->gids[mid] == gid)
			return true;
		if (g->gids[mid] < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool cred_in_group(const struct cred *c, uint32_t gid)
{
	return gid == c->fsgid || group_member(c->groups, gid);
}

bool cred_in_egroup(const struct cred *c, uint32_t gid)
{
	return gid == c->egid || group_member(c->groups, gid);
}

/*
 * The uid and gid rules are the same rules (Linux writes them twice, with
 * CAP_SETUID and CAP_SETGID, both euid 0 here): each is written once over
 * a set of four ids, and the cred_set*uid / cred_set*gid entry points pick
 * which four.
 */
struct ids {
	uint32_t r, e, s, fs;
};

static struct ids uids_of(const struct cred *c)
{
	return (struct ids){ c->uid, c->euid, c->suid, c->fsuid };
}

static struct ids gids_of(const struct cred *c)
{
	return (struct ids){ c->gid, c->egid, c->sgid, c->fsgid };
}

static void set_uids(struct cred *c, struct ids i)
{
	c->uid = i.r, c->euid = i.e, c->suid = i.s, c->fsuid = i.fs;
}

static void set_gids(struct cred *c, struct ids i)
{
	c->gid = i.r, c->egid = i.e, c->sgid = i.s, c->fsgid = i.fs;
}

static bool one_of3(uint32_t v, uint32_t a, uint32_t b, uint32_t c)
{
	return v == a || v == b || v == c;
}

/* setreuid: r may be the old r or e, e any of the old three; s follows
   the new e when r is given or e is given and differs from the old r. */
static int rule_setre(struct ids *n, const struct ids *o, bool root, uint32_t r, uint32_t e)
{
	if (r != CRED_KEEP) {
		n->r = r;
		if (r != o->r && r != o->e && !root)
			return -EPERM;
	}
	if (e != CRED_KEEP) {
		n->e = e;
		if (!one_of3(e, o->r, o->e, o->s) && !root)
			return -EPERM;
	}
	if (r != CRED_KEEP || (e != CRED_KEEP && e != o->r))
		n->s = n->e;
	n->fs = n->e;
	return 0;
}

/* setuid: root sets all four; others may set e (and fs) to r or s. */
static int rule_set(struct ids *n, const struct ids *o, bool root, uint32_t id)
{
	if (id == CRED_KEEP)
		return -EINVAL; /* not a valid id (uid_valid) */
	if (root)
		n->r = n->s = id;
	else if (id != o->r && id != o->s)
		return -EPERM;
	n->e = n->fs = id;
	return 0;
}

static bool changes_to_new(uint32_t v, const struct ids *o)
{
	return v != CRED_KEEP && !one_of3(v, o->r, o->e, o->s);
}

/* setresuid: others may only rearrange their three ids; fs follows e. */
static int rule_setres(struct ids *n, const struct ids *o, bool root, uint32_t r, uint32_t e,
                       uint32_t s)
{
	/* Nothing to change, the fs id included: no check, no change. */
	if ((r == CRED_KEEP || r == o->r) && (e == CRED_KEEP || (e == o->e && e == o->fs)) &&
	    (s == CRED_KEEP || s == o->s))
		return 0;
	if ((changes_to_new(r, o) || changes_to_new(e, o) || changes_to_new(s, o)) && !root)
		return -EPERM;
	if (r != CRED_KEEP)
		n->r = r;
	if (e != CRED_KEEP)
		n->e = e;
	if (s != CRED_KEEP)
		n->s = s;
	n->fs = n->e;
	return 0;
}

/* setfsuid: others may pick one of their four ids; true when fs changed. */
static bool rule_setfs(struct ids *n, const struct ids *o, bool root, uint32_t id)
{
	if (id == CRED_KEEP || id == o->fs)
		return false;
	if (!one_of3(id, o->r, o->e, o->s) && !root)
		return false;
	n->fs = id;
	return true;
}

int cred_setreuid(struct cred *new, const struct cred *old, uint32_t r, uint32_t e)
{
	struct ids n = uids_of(new), o = uids_of(old);
	int ret = rule_setre(&n, &o, cred_is_root(old), r, e);
	set_uids(new, n);
	return ret;
}

int cred_setregid(struct cred *new, const struct cred *old, uint32_t r, uint32_t e)
{
	struct ids n = gids_of(new), o = gids_of(old);
	int ret = rule_setre(&n, &o, cred_is_root(old), r, e);
	set_gids(new, n);
	return ret;
}

int cred_setuid(struct cred *new, const struct cred *old, uint32_t uid)
{
	struct ids n = uids_of(new), o = uids_of(old);
	int ret = rule_set(&n, &o, cred_is_root(old), uid);
	set_uids(new, n);
	return ret;
}

int cred_setgid(struct cred *new, const struct cred *old, uint32_t gid)
{
	struct ids n = gids_of(new), o = gids_of(old);
	int ret = rule_set(&n, &o, cred_is_root(old), gid);
	set_gids(new, n);
	return ret;
}

int cred_setresuid(struct cred *new, const struct cred *old, uint32_t r, uint32_t e, uint32_t s)
{
	struct ids n = uids_of(new), o = uids_of(old);
	int ret = rule_setres(&n, &o, cred_is_root(old), r, e, s);
	set_uids(new, n);
	return ret;
}

int cred_setresgid(struct cred *new, const struct cred *old, uint32_t r, uint32_t e, uint32_t s)
{
	struct ids n = gids_of(new), o = gids_of(old);
	int ret = rule_setres(&n, &o, cred_is_root(old), r, e, s);
	set_gids(new, n);
	return ret;
}

bool cred_setfsuid(struct cred *new, const struct cred *old, uint32_t uid)
{
	struct ids n = uids_of(new), o = uids_of(old);
	bool changed = rule_setfs(&n, &o, cred_is_root(old), uid);
	set_uids(new, n);
	return changed;
}

bool cred_setfsgid(struct cred *new, const struct cred *old, uint32_t gid)
{
	struct ids n = gids_of(new), o = gids_of(old);
	bool changed = rule_setfs(&n, &o, cred_is_root(old), gid);
	set_gids(new, n);
	return changed;
}

/* ---- supplementary groups ---- */

/* Heap sort: in place, O(n log n) for 65536 groups, no recursion. */
static void sift_down(uint32_t *a, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[root] >= a[child])
			return;
		uint32_t t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

static void sort_gids(uint32_t *a, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (size_t end = n; end-- > 1;) {
		uint32_t t = a[0];
		a[0] = a[end];
		a[end] = t;
		sift_down(a, 0, end);
	}
}

int cred_set_group_list(struct cred *new, const struct cred *old, struct cred_groups *g)
{
	if (!cred_is_root(old)) {
		cred_groups_put(g);
		return -EPERM;
	}
	sort_gids(g->gids, g->count);
	cred_groups_put(new->groups);
	new->groups = g;
	return 0;
}

int cred_setgroups(struct cred *new, const struct cred *old, const uint32_t *list, size_t count)
{
	if (!cred_is_root(old))
		return -EPERM;
	if (count > NGROUPS_MAX)
		return -EINVAL;
	struct cred_groups *g = cred_groups_alloc(count);
	if (!g)
		return -ENOMEM;
	if (count)
		memcpy(g->gids, list, count * sizeof(uint32_t));
	return cred_set_group_list(new, old, g);
}

bool cred_may_signal(const struct cred *sender, const struct cred *target)
{
	return sender->euid == target->suid || sender->euid == target->uid ||
	       sender->uid == target->suid || sender->uid == target->uid || cred_is_root(sender);
}

void cred_exec(struct cred *next, const struct cred_exec_file *f)
{
	if (!f->ignore_setid) {
		if (f->mode & S_ISUID)
			next->euid = f->uid;
		if ((f->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
			next->egid = f->gid;
	}
	next->suid = next->fsuid = next->euid;
	next->sgid = next->fsgid = next->egid;
}

bool cred_exec_secure(const struct cred *next)
{
	return next->euid != next->uid || next->egid != next->gid;
}

bool cred_may_renice(const struct cred *caller, const struct cred *target)
{
	return target->uid == caller->euid || target->euid == caller->euid || cred_is_root(caller);
}

bool cred_equal(const struct cred *a, const struct cred *b)
{
	if (a->uid != b->uid || a->euid != b->euid || a->suid != b->suid || a->fsuid != b->fsuid ||
	    a->gid != b->gid || a->egid != b->egid || a->sgid != b->sgid || a->fsgid != b->fsgid)
		return false;
	if (a->groups->count != b->groups->count)
		return false;
	return a->groups->count == 0 ||
	       memcmp(a->groups->gids, b->groups->gids, a->groups->count * sizeof(uint32_t)) == 0;
}
