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

/*
 * fcntl F_ADD_SEALS and F_GET_SEALS (Linux's memfd_fcntl): any tmpfs
 * regular file has seals, and one not made with MFD_ALLOW_SEALING
 * always has F_SEAL_SEAL.  -EINVAL for other files or unknown seals,
 * -EPERM for a file not open for writing or already sealed with
 * F_SEAL_SEAL, -EBUSY for F_SEAL_WRITE while a writable shared mapping
 * exists.
 */
long memfd_fcntl(struct file *f, unsigned int cmd, uint64_t arg);

#endif
