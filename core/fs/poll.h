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

#endif
