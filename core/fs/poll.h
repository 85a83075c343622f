/*
 * poll.h - readiness of open files, for poll and select.
 *
 * For now readiness changes are announced on one global wait queue: a
 * pipe that gains data wakes every poller, which re-checks its own files.
 * That is simple and correct for the few objects that can block today;
 * the IPC issue replaces it with per-object wait queues shared by poll,
 * select and epoll.
 */
#ifndef CUB_FS_POLL_H
#define CUB_FS_POLL_H

struct file;

/* POLL* bits that f is ready for now (files without a poll operation
   are always readable and writable, as regular files are in Linux). */
unsigned int file_poll(struct file *f);

/* Something's readiness may have changed: wake the pollers. */
void poll_notify(void);

/*
 * The wait poll and select share, for other waiters on readiness (the
 * /scheme/event queue): calls scan with interrupts off, and while it
 * returns 0 sleeps until poll_notify, the deadline (clock_ns(); 0: none;
 * UINT64_MAX: scan once, do not wait) or a signal.  Returns scan's
 * non-zero result, 0 at the deadline, or -EINTR.
 */
#include <stdint.h>
typedef int (*poll_scan_fn)(void *ctx);
long poll_wait(poll_scan_fn scan, void *ctx, uint64_t deadline);

#endif
