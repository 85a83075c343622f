/*
 * shmem.c - unnamed tmpfs files (shmem.h) and memfd_create(2).
 *
 * The files live on a tmpfs instance of their own that is never
 * mounted, like Linux's shm_mnt: they have no name anywhere, so they
 * exist exactly as long as an open file or a mapping holds them.
 */
#include "fs/shmem.h"

#include "fs/fd.h"
#include "fs/file.h"
#include "fs/inode.h"
#include "fs/super.h"
#include "fs/vfs.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "mm/vm_file.h"
#include "proc/process.h"
#include "sys/syscall.h"

#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/memfd.h>
#include <linux/stat.h>

/* The instance's device number: the first anonymous device, which is
   where Linux's internal shm mount usually lands. */
#define SHMEM_DEV_MAJOR 0
#define SHMEM_DEV_MINOR 1

/* Linux's memfd names: "memfd:" and the caller's name, at most NAME_MAX
   bytes together (mm/memfd.c, MFD_NAME_PREFIX and MFD_NAME_MAX_LEN). */
#define MFD_PREFIX "memfd:"
#define MFD_NAME_MAX (NAME_MAX - (sizeof(MFD_PREFIX) - 1))

static struct fs_sb *shmem_sb;

struct file *shmem_file_new(const char *name, uint64_t size, uint32_t perm, int *err)
{
	struct inode *ino;

	*err = -ENOMEM;
	if (!shmem_sb)
		shmem_sb = tmpfs_create(SHMEM_DEV_MAJOR, SHMEM_DEV_MINOR, S_IFDIR | 01777, 0);
	if (!shmem_sb)
		return 0;
	size_t n = strlen(name);
	char *path = kmalloc(n + 1);
	if (!path)
		return 0;
	memcpy(path, name, n + 1);
	if (fs_create_unlinked(shmem_sb, perm, current_fs_cred(), &ino)) {
		kfree(path);
		return 0;
	}
	ino->size = size;
	struct file *f = vfs_file_open(ino, O_RDWR | O_LARGEFILE, err);
	if (!f) {
		kfree(path);
		return 0;
	}
	f->path = path;
	*err = 0;
	return f;
}

/* The seals Linux knows (F_ALL_SEALS in mm/memfd.c, before F_SEAL_EXEC,
   which cub does not have). */
#define MEMFD_ALL_SEALS \
	(F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)

/* A file that has seals: a tmpfs regular file (Linux's shmem files). */
static struct inode *sealable_inode(struct file *f)
{
	struct inode *ino = f->inode;

	if (!ino || !S_ISREG(ino->mode) || ino->sb->dyn || (f->flags & O_PATH))
		return 0;
	return ino;
}

static uint32_t seals_of(const struct inode *ino)
{
	return ino->seals | ((ino->flags & FS_I_SEALABLE) ? 0 : F_SEAL_SEAL);
}

long memfd_fcntl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct inode *ino;

	if (cmd == F_GET_SEALS) {
		ino = sealable_inode(f);
		return ino ? (long)seals_of(ino) : -EINVAL;
	}
	/* memfd_add_seals(), in its order. */
	if (!file_writable(f))
		return -EPERM;
	if (arg & ~(uint64_t)MEMFD_ALL_SEALS)
		return -EINVAL;
	ino = sealable_inode(f);
	if (!ino)
		return -EINVAL;
	if (seals_of(ino) & F_SEAL_SEAL)
		return -EPERM;
	if ((arg & F_SEAL_WRITE) && !(ino->seals & F_SEAL_WRITE) && vm_file_mapped_writable(ino))
		return -EBUSY;
	ino->seals |= (uint32_t)arg;
	return 0;
}

SYSCALL_DEFINE2(memfd_create, const char *, uname, unsigned int, flags)
{
	char name[sizeof(MFD_PREFIX) + MFD_NAME_MAX + 1];
	int err;

	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB))
		return -EINVAL;
	/* No huge pages in cub: Linux without hugetlbfs refuses the same way. */
	if (flags & MFD_HUGETLB)
		return -EINVAL;
	memcpy(name, "/" MFD_PREFIX, sizeof(MFD_PREFIX));
	size_t at = sizeof(MFD_PREFIX);
	long n = strncpy_from_user(name + at, uname, MFD_NAME_MAX + 1);
	if (n == -ENAMETOOLONG)
		return -EINVAL; /* longer than MFD_NAME_MAX */
	if (n < 0)
		return n;
	struct file *f = shmem_file_new(name, 0, S_IRWXU | S_IRWXG | S_IRWXO, &err);
	if (!f)
		return err;
	if (flags & MFD_ALLOW_SEALING)
		f->inode->flags |= FS_I_SEALABLE;
	int fd = fd_install(process_current()->fds, f, 0, (flags & MFD_CLOEXEC) != 0);
	if (fd < 0)
		file_put(f);
	return fd;
}
