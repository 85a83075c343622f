/*
 * cred.c - credentials and the set*id rules, after Linux's kernel/cred.c
 * and kernel/sys.c.  Each rule is written the way sys.c writes it, so the
 * two can be compared line by line; where Linux asks ns_capable_setid()
 * cub asks whether the old euid is 0.
 */
#include "cred/cred.h"

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

/* ---- user ids ---- */

static bool one_of3(uint32_t v, uint32_t a, uint32_t b, uint32_t c)
{
	return v == a || v == b || v == c;
}

int cred_setreuid(struct cred *new, const struct cred *old, uint32_t r, uint32_t e)
{
	bool root = cred_is_root(old);

	if (r != CRED_KEEP) {
		new->uid = r;
		if (r != old->uid && r != old->euid && !root)
			return -EPERM;
	}
	if (e != CRED_KEEP) {
		new->euid = e;
		if (!one_of3(e, old->uid, old->euid, old->suid) && !root)
			return -EPERM;
	}
	if (r != CRED_KEEP || (e != CRED_KEEP && e != old->uid))
		new->suid = new->euid;
	new->fsuid = new->euid;
	return 0;
}

int cred_setuid(struct cred *new, const struct cred *old, uint32_t uid)
{
	if (uid == CRED_KEEP)
		return -EINVAL; /* not a valid id (uid_valid) */
	if (cred_is_root(old))
		new->suid = new->uid = uid;
	else if (uid != old->uid && uid != new->suid)
		return -EPERM;
	new->fsuid = new->euid = uid;
	return 0;
}

static bool changes_to_new(uint32_t v, uint32_t a, uint32_t b, uint32_t c)
{
	return v != CRED_KEEP && !one_of3(v, a, b, c);
}

int cred_setresuid(struct cred *new, const struct cred *old, uint32_t r, uint32_t e, uint32_t s)
{
	/* Nothing to change, the fsuid included: no check, no change. */
	if ((r == CRED_KEEP || r == old->uid) &&
	    (e == CRED_KEEP || (e == old->euid && e == old->fsuid)) &&
	    (s == CRED_KEEP || s == old->suid))
		return 0;
	bool fresh = changes_to_new(r, old->uid, old->euid, old->suid) ||
	             changes_to_new(e, old->uid, old->euid, old->suid) ||
	             changes_to_new(s, old->uid, old->euid, old->suid);

	if (fresh && !cred_is_root(old))
		return -EPERM;
	if (r != CRED_KEEP)
		new->uid = r;
	if (e != CRED_KEEP)
		new->euid = e;
	if (s != CRED_KEEP)
		new->suid = s;
	new->fsuid = new->euid;
	return 0;
}

bool cred_setfsuid(struct cred *new, const struct cred *old, uint32_t uid)
{
	if (uid == CRED_KEEP)
		return false;
	if (uid == old->uid || uid == old->euid || uid == old->suid || uid == old->fsuid ||
	    cred_is_root(old)) {
		if (uid != old->fsuid) {
			new->fsuid = uid;
			return true;
		}
	}
	return false;
}

/* ---- group ids: the same rules, with CAP_SETGID (euid 0 here) ---- */

int cred_setregid(struct cred *new, const struct cred *old, uint32_t r, uint32_t e)
{
	bool root = cred_is_root(old);

	if (r != CRED_KEEP) {
		new->gid = r;
		if (r != old->gid && r != old->egid && !root)
			return -EPERM;
	}
	if (e != CRED_KEEP) {
		new->egid = e;
		if (!one_of3(e, old->gid, old->egid, old->sgid) && !root)
			return -EPERM;
	}
	if (r != CRED_KEEP || (e != CRED_KEEP && e != old->gid))
		new->sgid = new->egid;
	new->fsgid = new->egid;
	return 0;
}

int cred_setgid(struct cred *new, const struct cred *old, uint32_t gid)
{
	if (gid == CRED_KEEP)
		return -EINVAL;
	if (cred_is_root(old))
		new->gid = new->egid = new->sgid = new->fsgid = gid;
	else if (gid == old->gid || gid == old->sgid)
		new->egid = new->fsgid = gid;
	else
		return -EPERM;
	return 0;
}

int cred_setresgid(struct cred *new, const struct cred *old, uint32_t r, uint32_t e, uint32_t s)
{
	if ((r == CRED_KEEP || r == old->gid) &&
	    (e == CRED_KEEP || (e == old->egid && e == old->fsgid)) &&
	    (s == CRED_KEEP || s == old->sgid))
		return 0;
	bool fresh = changes_to_new(r, old->gid, old->egid, old->sgid) ||
	             changes_to_new(e, old->gid, old->egid, old->sgid) ||
	             changes_to_new(s, old->gid, old->egid, old->sgid);

	if (fresh && !cred_is_root(old))
		return -EPERM;
	if (r != CRED_KEEP)
		new->gid = r;
	if (e != CRED_KEEP)
		new->egid = e;
	if (s != CRED_KEEP)
		new->sgid = s;
	new->fsgid = new->egid;
	return 0;
}

bool cred_setfsgid(struct cred *new, const struct cred *old, uint32_t gid)
{
	if (gid == CRED_KEEP)
		return false;
	if (gid == old->gid || gid == old->egid || gid == old->sgid || gid == old->fsgid ||
	    cred_is_root(old)) {
		if (gid != old->fsgid) {
			new->fsgid = gid;
			return true;
		}
	}
	return false;
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
