/*
 * mqueue_fs.h - the mqueue file system (mount -t mqueue none /dev/mqueue):
 * a directory of the named POSIX message queues.
 *
 * It is a dynamic instance (struct fs_dyn_ops in fs/inode.h) over a
 * struct mq_ns: each lookup and readdir reads the queue list, each queue
 * is a regular file with the queue's owner and mode, and reading one
 * gives the status line of mq_status_line().  The root is 01777, as in
 * Linux.  Dynamic instances are read-only, so unlike Linux nothing can be
 * created, removed or chmod'ed through the file system: use mq_open and
 * mq_unlink.
 *
 * Portable: no x86, no scheduler.
 */
#ifndef CUB_IPC_MQUEUE_FS_H
#define CUB_IPC_MQUEUE_FS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct fs_sb;
struct mq_ns;

/* statfs's f_type: Linux's MQUEUE_MAGIC, which ipc/mqueue.c defines
   itself (it is not in the UAPI headers). */
#define MQUEUE_FS_MAGIC 0x19800202

/* A new instance showing ns's queues, with st_dev major:minor; NULL
   without memory.  Every instance shows the same ns (cub has one IPC
   namespace). */
struct fs_sb *mqueue_fs_create(struct mq_ns *ns, uint32_t dev_major, uint32_t dev_minor);

/* Whether sb is an mqueue instance (statfs's MQUEUE_MAGIC). */
bool mqueue_fs_is(const struct fs_sb *sb);

#ifdef __cplusplus
}
#endif
#endif
