/*
 * poll.h - readiness of open files, for poll, select and epoll.
 *
 * An object that can become ready embeds a struct poll_head and calls
 * poll_head_wake() when its readiness may have changed.  A waiter (a
 * sleeping poll or select, an epoll item) hangs a struct poll_entry with
 * a callback on each head it cares about, so a wake-up reaches only the
 * waiters of that object.  A file tells a waiter its heads through the
 * poll_register file op, as Linux's ->poll calls poll_wait().  A file
 * without that op is watched through one global head that poll_notify()
 * wakes, so objects that announce readiness the old way keep working.
 *
 * The list code (poll_head_*, poll_entry_*) is portable and needs no
 * locking of its own: callers hold interrupts off (one CPU).
 */
#ifndef CUB_FS_POLL_H
#define CUB_FS_POLL_H

#include <stdbool.h>
#include <stdint.h>

struct file;
struct poll_entry;

/* Called by poll_head_wake with the POLL* bits that may have changed
   (or ~0u: anything); interrupts are off and it must not sleep. */
typedef void (*poll_wake_fn)(struct poll_entry *e, unsigned int events);

struct poll_entry {
	struct poll_entry *next, *prev; /* on head's list */
	struct poll_head *head;         /* NULL when not on any head */
	poll_wake_fn wake;
	void *ctx;
};

struct poll_head {
	struct poll_entry *first;
};

void poll_head_init(struct poll_head *h);
void poll_entry_init(struct poll_entry *e, poll_wake_fn wake, void *ctx);
/* Hangs e (not on a head) on h. */
void poll_head_add(struct poll_head *h, struct poll_entry *e);
/* Takes e off its head, if it is on one. */
void poll_entry_remove(struct poll_entry *e);
/* Calls every entry's callback; a callback may remove its own entry. */
void poll_head_wake(struct poll_head *h, unsigned int events);
/* The object goes away: every entry is taken off (and sees head NULL),
   so its owner never touches freed memory (Linux's POLLFREE). */
void poll_head_detach_all(struct poll_head *h);

/*
 * What a file's poll_register op receives: the waiter's way to hang an
 * entry on each head the file offers.  poll_table_add() may be called
 * once per head; it does nothing for a NULL table.
 */
struct poll_table {
	void (*add)(struct poll_table *pt, struct poll_head *h);
};

static inline void poll_table_add(struct poll_table *pt, struct poll_head *h)
{
	if (pt && h)
		pt->add(pt, h);
}

#ifndef CUB_HOST
/* POLL* bits that f is ready for now (files without a poll operation
   are always readable and writable, as regular files are in Linux). */
unsigned int file_poll(struct file *f);

/* Hands f's heads to pt: its poll_register op, or the global head. */
void file_poll_register(struct file *f, struct poll_table *pt);

/* Something's readiness may have changed: wakes the waiters on the
   global head (the files without heads of their own). */
void poll_notify(void);
/* Hangs an entry of pt on that global head. */
void poll_notify_register(struct poll_table *pt);

/*
 * The wait poll and select share, for other waiters on readiness (the
 * /scheme/event queue): calls scan with interrupts off, and while it
 * returns 0 sleeps until a head scan registered on pt is woken (a scan
 * must register its files' heads when pt is non-NULL: the first call),
 * the deadline (clock_ns(); 0: none; UINT64_MAX: scan once, do not wait)
 * or a signal.  Returns scan's non-zero result, 0 at the deadline, or
 * -EINTR.
 */
typedef int (*poll_scan_fn)(void *ctx, struct poll_table *pt);
long poll_wait(poll_scan_fn scan, void *ctx, uint64_t deadline);

/* A file is released: its epoll interests go (ipc/epoll.c). */
void epoll_file_release(struct file *f);
#endif

#endif
