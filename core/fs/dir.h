/*
 * dir.h - reading a directory: getdents64's iteration.
 *
 * Every entry gets a position when it is added, from a per-directory
 * counter that never goes back; "." is position 0 and ".." position 1.
 * A reader resumes at "the first entry whose position is at least P", so
 * its cookie stays valid whatever is added or removed meanwhile: removed
 * entries are simply not found, entries added later come after the
 * others (a renamed entry counts as added), and nothing is returned twice
 * unless it was renamed during the walk, which POSIX allows.
 */
#ifndef CUB_FS_DIR_H
#define CUB_FS_DIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct inode;

/* Position of the first real entry, after "." (0) and ".." (1). */
#define FS_DIR_POS_FIRST 2

/*
 * Receives one entry: its name (not NUL-terminated), inode number, d_type
 * (fs_dtype of its mode) and the position that resumes after it (d_off).
 * Returns false when it has no room; the entry then counts as not read.
 */
typedef bool (*fs_filldir_fn)(void *ctx, const char *name, size_t len,
    uint64_t ino, unsigned type, uint64_t next_pos);

/*
 * Feeds fill the entries of dir from position *pos on, until fill refuses
 * one or the entries run out, and advances *pos past each one taken.
 * Returns 0, -ENOTDIR for a non-directory, or -ENOENT for a directory
 * that has been removed (as Linux does).  Updates the access time.
 */
int fs_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx);

/* Entries in dir, "." and ".." not counted. */
uint32_t fs_dir_count(const struct inode *dir);

#ifdef __cplusplus
}
#endif
#endif
