/*
 * internal.h - helpers shared by the files of fs/.  Not for the syscall
 * layer: it uses ops.h, file.h, attr.h, namei.h and super.h.
 */
#ifndef CUB_FS_INTERNAL_H
#define CUB_FS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/dir.h"
#include "fs/inode.h"
#include "fs/perm.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Linux's tmpfs reports a directory's size as 20 bytes per entry, "."
 * and ".." included; ls and du show it, so cub does the same.
 */
#define FS_BOGO_DIRENT_SIZE 20

/*
 * A new inode of sb: mode as given, owner root, all times now, nlink 0,
 * one reference for the caller.  NULL when memory is exhausted.
 */
struct inode *inode_new(struct fs_sb *sb, uint32_t mode);

/* Removes one name; frees the inode when that was its last hold. */
void inode_drop_nlink(struct inode *ino);

/* A removed directory: no names at all ("." included). */
void inode_clear_nlink(struct inode *ino);

/* mtime and ctime := now (a directory's entries or a file's data changed). */
void inode_touch_mc(struct inode *ino);

/* ctime := now (the inode's attributes or links changed). */
void inode_touch_c(struct inode *ino);

/* atime := now under Linux's default "relatime" rule. */
void inode_touch_atime(struct inode *ino);

/*
 * Clears set-user-ID and set-group-ID the way a write or truncate by an
 * unprivileged caller does (Linux's file_remove_privs).
 */
void inode_kill_privs(struct inode *ino, const struct fs_cred *cred);

/* Frees a regular file's pages and returns them to the sb's count. */
void file_release_pages(struct inode *ino, uint64_t first_page);

/* Directory entries (dir.c).  Names are not NUL-terminated. */
struct inode *dir_lookup(const struct inode *dir, const char *name,
    size_t len);
int dir_add(struct inode *dir, const char *name, size_t len,
    struct inode *child);
/* Removes the entry; returns its inode (the caller fixes link counts). */
struct inode *dir_remove(struct inode *dir, const char *name, size_t len);
/* Points an existing entry at another inode, keeping its position. */
void dir_set(struct inode *dir, const char *name, size_t len,
    struct inode *child);
/* The oldest entry, or NULL when empty; *name receives its name. */
struct inode *dir_first(const struct inode *dir, const char **name,
    size_t *len);
/* Frees the hash table of an empty directory. */
void dir_release(struct inode *dir);

/*
 * The child name names in dir, with a reference (for fs_put), or NULL
 * when there is none: from the entry list, or from the instance's
 * lookup (inode.h: struct fs_dyn_ops).  -errno only from the latter.
 */
int dir_lookup_ref(struct inode *dir, const char *name, size_t len,
    struct inode **out);

/*
 * Feeds fill "." (position 0) and ".." (1) when *pos is before them;
 * false when fill refused one.  For struct fs_dyn_ops readdir.
 */
bool fs_readdir_dots(struct inode *dir, uint64_t *pos, fs_filldir_fn fill,
    void *ctx);

/* Linux's may_create(): the directory is live and cred may write it. */
int may_create(const struct inode *dir, const struct fs_cred *cred);

/*
 * Linux's may_delete(): cred may remove victim from dir (write and
 * search on dir, the sticky rule), and victim has the expected type.
 */
int may_delete(const struct inode *dir, const struct inode *victim,
    bool isdir, const struct fs_cred *cred);

/*
 * Sets the owner of a new inode from cred and its parent directory
 * (set-group-ID directories pass on their group, and to subdirectories the
 * bit itself), like Linux's inode_init_owner() and mode_strip_sgid().
 */
void inode_init_owner(struct inode *ino, const struct inode *dir,
    const struct fs_cred *cred);

/*
 * A new inode of the given mode named name in dir, owned as
 * inode_init_owner says, permission already checked.  Returns it with one
 * reference; only allocation can fail (-ENOMEM).
 */
int inode_create(struct inode *dir, const char *name, size_t len,
    uint32_t mode, const struct fs_cred *cred, struct inode **out);

/* inode_create for a symlink to target (tlen bytes, no NUL needed). */
int inode_symlink(struct inode *dir, const char *name, size_t len,
    const char *target, size_t tlen, const struct fs_cred *cred,
    struct inode **out);

#ifdef __cplusplus
}
#endif
#endif
