/*
 * shmem.h - files with no name on an internal tmpfs, as Linux's shmem:
 * memfd_create(2), and the object behind MAP_SHARED|MAP_ANONYMOUS memory
 * (so that it stays shared across fork, madvise and mremap like any
 * shared file mapping).
 */
#ifndef CUB_FS_SHMEM_H
#define CUB_FS_SHMEM_H

#include <stdint.h>

struct file;

/*
 * An open file (O_RDWR) on a new unlinked file of size bytes and
 * permission bits perm.  name is what /proc/PID/fd and /proc/PID/maps
 * show, before " (deleted)" (e.g. "/memfd:NAME", "/dev/zero"); it is
 * copied.  NULL with *err = -ENOMEM when memory is short.
 */
struct file *shmem_file_new(const char *name, uint64_t size, uint32_t perm, int *err);

#endif
