/*
 * net/lwip/arch/sys_arch.h - lwIP's operating-system types on cub.
 *
 * Semaphores, mutexes and mailboxes are small structures around cub's
 * wait queues (core/sched/wait.c).  cub has one CPU and every scheduler
 * structure is changed with interrupts off, so these are too: a counter or
 * a ring is tested and changed with interrupts off, and a thread that must
 * wait blocks on a wait queue before interrupts come back on, so a wake-up
 * cannot be lost.  sys_arch_protect() is the same interrupts-off section.
 *
 * The structures are opaque here (lwIP's files see no kernel headers); the
 * wait queues are two pointers each, as struct waitq in sched.h, which
 * sys_arch.c checks at compile time.
 */
#ifndef CUB_NET_LWIP_ARCH_SYS_ARCH_H
#define CUB_NET_LWIP_ARCH_SYS_ARCH_H

#include <stdbool.h>
#include <stdint.h>

struct cub_lwip_waitq {
	void *head, *tail;
};

typedef struct {
	bool valid;
	unsigned count;
	struct cub_lwip_waitq wq;
} sys_sem_t;

typedef struct {
	bool valid;
	void *owner;               /* the struct thread holding it, or NULL */
	struct cub_lwip_waitq wq;
} sys_mutex_t;

typedef struct {
	bool valid;
	int size, head, count;
	void **slots;
	struct cub_lwip_waitq not_empty, not_full;
} sys_mbox_t;

typedef void *sys_thread_t;    /* a struct thread */
typedef int sys_prot_t;        /* whether interrupts were on */

#endif
