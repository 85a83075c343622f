/*
 * perm.h - who may do what to an inode: credentials and the permission
 * rules of Linux's generic_permission() and friends.
 *
 * The credentials subsystem (cred/) does not exist yet.  struct fs_cred is
 * the little of it that file permission checks need; the kernel fills one
 * from the caller's struct cred for each call.  A NULL cred means "the
 * kernel itself": every check passes.
 *
 * "Root" is fsuid 0, standing in for CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH,
 * CAP_FOWNER, CAP_FSETID, CAP_CHOWN and CAP_MKNOD: the project implements
 * no capabilities beyond uid 0 (see DESIGN.md).
 */
#ifndef CUB_FS_PERM_H
#define CUB_FS_PERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct inode;

struct fs_cred {
	uint32_t fsuid;
	uint32_t fsgid;
	const uint32_t *groups;   /* supplementary groups, any order */
	size_t ngroups;
};

/*
 * Access bits for fs_permission.  They have the values of access(2)'s
 * R_OK, W_OK and X_OK (which the UAPI headers do not define), so the
 * syscall layer can pass faccessat's mode straight through.
 */
#define FS_MAY_EXEC 1
#define FS_MAY_WRITE 2
#define FS_MAY_READ 4

/*
 * Returns 0 when cred may access the inode as mask asks, else -EACCES
 * (-EROFS for writing a file, directory or symlink on a read-only instance).
 * The owner class is used when fsuid owns the file, the group class when
 * fsgid or a supplementary group matches, the other class otherwise; a
 * class is never widened by another.  Root may read and write anything,
 * may search any directory, and may execute a file only if some execute
 * bit is set.  For a directory, FS_MAY_EXEC means search.
 */
int fs_permission(const struct inode *ino, const struct fs_cred *cred,
    int mask);

/* True for the kernel (NULL) and for fsuid 0. */
bool fs_cred_is_root(const struct fs_cred *cred);

/* True when gid is fsgid or one of the supplementary groups. */
bool fs_cred_in_group(const struct fs_cred *cred, uint32_t gid);

/* inode_owner_or_capable(): the caller owns the inode or is root. */
bool fs_cred_owns(const struct fs_cred *cred, const struct inode *ino);

/*
 * Linux's fs.protected_* sysctls, which guard against the classic /tmp
 * races.  The defaults are systemd's (sysctl.d/50-default.conf), which is
 * what daemons meet on a desktop; the kernel may change them (a future
 * /proc/sys/fs).  Each is 0 (off), 1, or for regular and fifos also 2.
 */
struct fs_protect_policy {
	int symlinks;   /* final symlinks in sticky world-writable dirs */
	int hardlinks;  /* linking files one does not own (create.c) */
	int regular;    /* O_CREAT opening others' files in sticky dirs */
	int fifos;      /* the same for FIFOs */
};

extern struct fs_protect_policy fs_protect;

/*
 * Linux's may_follow_link(): whether cred may follow the symlink link,
 * found in dir, as the final component of a path (-EACCES if not).
 */
int fs_may_follow_link(const struct inode *dir, const struct inode *link,
    const struct fs_cred *cred);

/*
 * Linux's may_create_in_sticky(): whether O_CREAT may open ino, which
 * already existed in dir, for cred (-EACCES if not).
 */
int fs_may_open_in_sticky(const struct inode *dir, const struct inode *ino,
    const struct fs_cred *cred);

#ifdef __cplusplus
}
#endif
#endif
