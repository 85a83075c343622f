/*
 * inode.h - inodes and file system instances.
 *
 * An inode is a file of any type.  Two counts keep it alive: nlink, the
 * names it has in the tree (a directory also counts its "." and each
 * subdirectory's ".."), and refs, the in-memory references held by open
 * files, working directories, mounts and path walks in progress.  The tree
 * holds an inode through nlink, everything else through refs; an inode is
 * freed when both reach zero, so a file unlinked while open lives until
 * its last fs_put().
 *
 * A struct fs_sb is one file system instance (tmpfs at /, /dev/shm, /tmp,
 * later devfs and procfs): its root, its device number, its inode counter,
 * and where it is mounted.  Mounting hangs an instance's root on a
 * directory of another (inode->mounted); path resolution steps across.
 *
 * Locking: none yet.  There is one CPU and nothing in fs/ blocks, so each
 * call runs to completion; when either changes, one lock per fs_sb (for
 * the tree and inode fields) goes in the functions of ops.h and file.h.
 */
#ifndef CUB_FS_INODE_H
#define CUB_FS_INODE_H

#include <stdbool.h>
#include <stdint.h>

#include "fs/dir.h"
#include "fs/pagemap.h"

#ifdef __cplusplus
extern "C" {
#endif

struct file;
struct fs_sb;
struct fs_dirent;
struct fs_stat;
struct inode;

/* A timestamp: seconds since the epoch and 0..999999999 nanoseconds. */
struct fs_time {
	int64_t sec;
	uint32_t nsec;
};

/* A directory's entries (dir.c); names are unique, order is insertion. */
struct fs_dir {
	struct fs_dirent *head, *tail;  /* insertion order, for getdents */
	struct fs_dirent **buckets;     /* name hash; NULL while empty */
	uint32_t nbuckets;
	uint32_t count;                 /* entries, without "." and ".." */
	uint64_t next_pos;              /* readdir cookie for the next entry */
	struct inode *parent;           /* holds a reference; NULL at an fs root */
};

/* inode->flags */
#define FS_I_LINKABLE 0x1   /* nlink 0 but linkat may name it (O_TMPFILE) */
#define FS_I_SEALABLE 0x2   /* memfd_create(MFD_ALLOW_SEALING): seals may be
                               added; any other file acts as if sealed with
                               F_SEAL_SEAL, as Linux's shmem inodes */

struct inode {
	struct fs_sb *sb;
	uint64_t ino;
	uint32_t mode;          /* S_IFMT type | FS_MODE_PERM bits */
	uint32_t uid, gid;
	uint32_t nlink;
	uint32_t refs;
	uint32_t flags;
	uint32_t seals;         /* F_SEAL_* in force (memfd sealing), enforced by
	                           fs_write and fs_truncate (and mmap) */
	uint32_t rdev_major, rdev_minor;   /* device nodes */
	uint64_t size;          /* bytes; a symlink's target length */
	struct fs_time atime, mtime, ctime, btime;
	struct inode *mounted;  /* root of the fs mounted here, or NULL */
	void *priv;             /* the kernel's (a FIFO's pipe, a bound socket);
	                           fs/ never reads it */
	void *marks;            /* the notify backend's watches on this inode
	                           (notify.h); fs/ only tests it for NULL */
	union {
		struct fs_dir dir;        /* S_IFDIR */
		struct pagemap pages;     /* S_IFREG */
		char *target;             /* S_IFLNK: NUL-terminated */
	} u;
};

/*
 * A file system whose contents are made up on demand (procfs) sets
 * sb->dyn; fs/ then asks these functions where it would read a tmpfs
 * inode's own entries and pages, so the syscall layer needs no change.
 *
 * Its inodes are not held by directories: lookup makes a fresh inode with
 * one reference (inode_new in internal.h), and the inode is freed with its
 * last fs_put whatever its nlink, which is only reported to stat.  A
 * directory inode made by lookup should hold its parent in u.dir.parent
 * (a reference) so that ".." works as for tmpfs; a symlink stores its
 * target in u.target (kmalloc'd, freed with the inode) and its length in
 * size, so path walks and readlink need no callback.  The instance is
 * read-only: fs_permission refuses FS_MAY_WRITE on it, even to root, so
 * nothing is created, removed, renamed, written or truncated there,
 * except the files a write operation below accepts.
 */
struct fs_dyn_ops {
	/*
	 * The child name (len bytes, never "." or "..") of directory dir: 0
	 * and *out a new inode with one reference, -ENOENT when there is none,
	 * or another -errno.
	 */
	int (*lookup)(struct inode *dir, const char *name, size_t len,
	    struct inode **out);
	/*
	 * fs_readdir of dir (dir.h): entries from *pos on, "." and ".."
	 * included (fs_readdir_dots in internal.h emits those), or -errno
	 * (-ENOENT for a directory whose object has gone).
	 */
	int (*readdir)(struct inode *dir, uint64_t *pos, fs_filldir_fn fill,
	    void *ctx);
	/*
	 * fs_read of a regular file: the bytes at [off, off + len) of its
	 * contents, made now; the count (0 at the end) or -errno.  off >= 0
	 * and len > 0 are checked by the caller.
	 */
	long (*read)(struct inode *ino, void *buf, size_t len, int64_t off);
	/* Optional: adjusts what fs_getattr filled from the inode. */
	void (*getattr)(const struct inode *ino, struct fs_stat *st);
	/*
	 * Optional: the instance decides its opens itself.  The scheme tree
	 * (core/scheme/) needs this: its rules are credential checks with
	 * their own errno per file, it takes writes, and many of its files
	 * make a private object per open, none of which mode bits can say.
	 * When set, fs_open skips may_open's mode-bit check and O_TRUNC (so
	 * the read-only rule above does not apply to opens), and the
	 * kernel's vfs_file_open calls this: 0 with *out a new open file
	 * (one reference), 0 with *out NULL for the ordinary file of the
	 * inode's type (a directory), or -errno.  fs/'s portable core never
	 * calls it: struct file is the kernel's.
	 */
	int (*open)(struct inode *ino, unsigned int flags, struct file **out);
	/*
	 * Optional, together: whether a regular file takes writes (a
	 * /proc/sys setting), and fs_write of such a file (len bytes at off;
	 * the count or -errno).  Only those files may be opened for writing,
	 * their mode bits deciding as for any file (fs_permission);
	 * truncating them (O_TRUNC) changes nothing.
	 */
	bool (*writable)(const struct inode *ino);
	long (*write)(struct inode *ino, const void *buf, size_t len, int64_t off);
};

struct fs_sb {
	struct inode *root;       /* holds a reference */
	struct inode *mountpoint; /* where this fs is mounted (a reference),
	                             or NULL */
	uint32_t dev_major, dev_minor;   /* st_dev */
	uint64_t next_ino;
	uint64_t ninodes;         /* live inodes, the root included */
	uint64_t npages;          /* file data pages in use */
	uint64_t max_pages;       /* ENOSPC beyond this; 0 = no limit */
	uint32_t nmounts;         /* instances mounted on our directories */
	uint64_t nrefs;           /* the refs of all its inodes together, */
	uint64_t nparents;        /* of which subdirectories' u.dir.parent:
	                             the rest is umount's "is it in use" */
	bool rdonly;              /* mounted read-only: writes EROFS */
	bool nosuid;              /* MS_NOSUID: execve ignores set-id bits */
	bool noexec;              /* MS_NOEXEC: execve refuses (EACCES) */
	bool dying;               /* destroyed; freed with its last inode */
	const struct fs_dyn_ops *dyn;   /* contents on demand, or NULL */
};

/* Takes an in-memory reference; returns ino for convenience. */
struct inode *fs_get(struct inode *ino);

/*
 * Drops a reference.  The inode is freed when this was the last one and
 * it has no name left in the tree (or belongs to a dynamic instance, whose
 * inodes no tree holds).  NULL is ignored.
 */
void fs_put(struct inode *ino);

/* The current time, from fs_now_ns(). */
struct fs_time fs_now(void);

#ifdef __cplusplus
}
#endif
#endif
