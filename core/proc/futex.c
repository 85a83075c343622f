/*
 * futex.c - FUTEX_WAIT, WAKE, their BITSET forms, REQUEUE and CMP_REQUEUE.
 *
 * A futex is named by a key: (address space, address) for a private one,
 * (physical address) for a shared one, so processes that map the same
 * page meet on it.  Waiters sit on one list (few processes wait at once
 * here); the value check and the sleep happen with interrupts off, so a
 * wake between them cannot be lost on one CPU.
 */
#include "proc/futex.h"

#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/process.h"
#include "sched/clock.h"
#include "sched/sched.h"
#include "sys/syscall.h"

#include <linux/futex.h>
#include <linux/time_types.h>

struct futex_key {
	uint64_t space; /* the mm for private futexes, 0 for shared */
	uint64_t addr;  /* user address, or physical address */
};

struct futex_waiter {
	struct futex_key key;
	uint32_t bitset;
	struct thread *thread;
	struct waitq wq;
	bool woken;
	struct futex_waiter *next;
};

static struct futex_waiter *waiters;

static int get_key(uint64_t uaddr, bool private, struct futex_key *k)
{
	struct process *p = process_current();

	if (uaddr & 3)
		return -EINVAL;
	if (!user_range_ok(uaddr, 4))
		return -EFAULT;
	if (private) {
		k->space = (uint64_t)p->mm;
		k->addr = uaddr;
		return 0;
	}
	/* Touch the word so it is mapped, then name it by its frame. */
	uint32_t v;
	if (copy_from_user(&v, (void *)uaddr, sizeof(v)))
		return -EFAULT;
	uint64_t pa;
	if (paging_translate(p->mm->root, uaddr, &pa, 0))
		return -EFAULT;
	k->space = 0;
	k->addr = pa;
	return 0;
}

static bool same_key(const struct futex_key *a, const struct futex_key *b)
{
	return a->space == b->space && a->addr == b->addr;
}

static void unlink_waiter(struct futex_waiter *w)
{
	for (struct futex_waiter **pp = &waiters; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			return;
		}
	}
}

static long futex_wait(uint64_t uaddr, bool private, uint32_t val, uint64_t deadline,
                       uint32_t bitset)
{
	struct futex_key key;
	uint32_t cur;

	if (!bitset)
		return -EINVAL;
	long r = get_key(uaddr, private, &key);
	if (r)
		return r;
	struct futex_waiter *w = kzalloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->key = key;
	w->bitset = bitset;
	w->thread = thread_current();
	waitq_init(&w->wq);
	bool on = irq_save();
	r = copy_from_user(&cur, (void *)uaddr, sizeof(cur)) ? -EFAULT
	    : cur != val                                      ? -EAGAIN
	                                                      : 0;
	if (r) {
		irq_restore(on);
		kfree(w);
		return r;
	}
	w->next = waiters;
	waiters = w;
	r = 0;
	while (!w->woken) {
		if (signal_pending()) {
			r = -EINTR;
			break;
		}
		if (deadline && clock_ns() >= deadline) {
			r = -ETIMEDOUT;
			break;
		}
		waitq_block_interruptible(&w->wq, deadline);
	}
	if (!w->woken)
		unlink_waiter(w);
	else
		r = 0;
	irq_restore(on);
	kfree(w);
	return r;
}

static int wake_key(const struct futex_key *key, int n, uint32_t bitset)
{
	int woken = 0;
	bool on = irq_save();

	for (struct futex_waiter **pp = &waiters; *pp && woken < n;) {
		struct futex_waiter *w = *pp;
		if (same_key(&w->key, key) && (w->bitset & bitset)) {
			*pp = w->next;
			w->woken = true;
			waitq_wake_all(&w->wq);
			woken++;
		} else {
			pp = &w->next;
		}
	}
	irq_restore(on);
	return woken;
}

int futex_wake_tid(uint64_t uaddr, int n)
{
	struct futex_key key;
	int woken = 0;

	if (!get_key(uaddr, false, &key))
		woken = wake_key(&key, n, FUTEX_BITSET_MATCH_ANY);
	if (woken < n && !get_key(uaddr, true, &key))
		woken += wake_key(&key, n - woken, FUTEX_BITSET_MATCH_ANY);
	return woken;
}

static long futex_requeue(uint64_t uaddr, bool private, int nwake, int nmove, uint64_t uaddr2,
                          bool cmp, uint32_t val3)
{
	struct futex_key k1, k2;

	if (nwake < 0 || nmove < 0)
		return -EINVAL;
	long r = get_key(uaddr, private, &k1);
	if (!r)
		r = get_key(uaddr2, private, &k2);
	if (r)
		return r;
	bool on = irq_save();
	if (cmp) {
		uint32_t cur;
		if (copy_from_user(&cur, (void *)uaddr, sizeof(cur))) {
			irq_restore(on);
			return -EFAULT;
		}
		if (cur != val3) {
			irq_restore(on);
			return -EAGAIN;
		}
	}
	int done = wake_key(&k1, nwake, FUTEX_BITSET_MATCH_ANY);
	for (struct futex_waiter *w = waiters; w && nmove > 0; w = w->next) {
		if (same_key(&w->key, &k1)) {
			w->key = k2;
			nmove--;
			done++;
		}
	}
	irq_restore(on);
	return done;
}

/* The deadline for a wait: relative for FUTEX_WAIT, absolute otherwise. */
static long read_deadline(const struct __kernel_timespec *uts, bool absolute, bool realtime,
                          uint64_t *deadline)
{
	uint64_t ns;

	*deadline = 0;
	if (!uts)
		return 0;
	int r = timespec_from_user(uts, &ns);
	if (r)
		return r;
	if (!absolute) {
		*deadline = clock_ns() + ns;
	} else {
		/* An absolute time on the realtime clock, turned monotonic. */
		uint64_t now = realtime ? clock_realtime_ns() : clock_ns();
		*deadline = clock_ns() + (ns > now ? ns - now : 0);
	}
	if (*deadline == 0)
		*deadline = 1;
	return 0;
}

SYSCALL_DEFINE6(futex, uint64_t, uaddr, int, op, uint32_t, val,
                const struct __kernel_timespec *, uts, uint64_t, uaddr2, uint32_t, val3)
{
	bool private = (op & FUTEX_PRIVATE_FLAG) != 0;
	bool realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
	int cmd = op & FUTEX_CMD_MASK;
	uint64_t deadline;
	long r;

	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		r = read_deadline(uts, false, false, &deadline);
		return r ? r : futex_wait(uaddr, private, val, deadline, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		r = read_deadline(uts, true, realtime, &deadline);
		return r ? r : futex_wait(uaddr, private, val, deadline, val3);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET: {
		struct futex_key key;
		uint32_t bitset = cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3;
		if (!bitset)
			return -EINVAL;
		r = get_key(uaddr, private, &key);
		return r ? r : wake_key(&key, (int)val, bitset);
	}
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, private, (int)val, (int)(uint64_t)uts, uaddr2, false, 0);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, private, (int)val, (int)(uint64_t)uts, uaddr2, true, val3);
	default:
		return -ENOSYS;
	}
}
