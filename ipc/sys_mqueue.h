/*
 * sys_mqueue.h - the kernel's POSIX message queues: the one namespace
 * that the syscalls, the mqueue file system and /proc/sys/fs/mqueue share.
 */
#ifndef CUB_IPC_SYS_MQUEUE_H
#define CUB_IPC_SYS_MQUEUE_H

struct mq_ns;

/* Sets up the namespace and /proc/sys/fs/mqueue (at boot). */
void mqueue_init(void);

/* The machine's queues and limits (cub has one IPC namespace). */
struct mq_ns *mqueue_kernel_ns(void);

#endif
