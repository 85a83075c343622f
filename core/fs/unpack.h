/*
 * unpack.h - filling a tmpfs directory from a cpio "newc" archive: the
 * initramfs.
 *
 * Follows Linux's init/initramfs.c: directories, regular files, symlinks,
 * device nodes, FIFOs and sockets are made with the archive's mode
 * (set-ID and sticky bits included), owner, group and mtime; a directory
 * that already exists is merged (its attributes are updated); a
 * non-directory that exists is replaced; entries sharing device, inode
 * number and type with nlink >= 2 become hard links of one inode (newc
 * sends the data with the last of the names, the others have size 0);
 * several archives may follow each other, with zero padding between.
 * Unlike Linux, a name whose parent does not exist, an unknown file type,
 * or a directory where a file should go is an error, not a silent skip:
 * the archive is the project's own.
 */
#ifndef CUB_FS_UNPACK_H
#define CUB_FS_UNPACK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct inode;

/*
 * Unpacks archive into dir (names are relative to dir; ".." cannot climb
 * above it) with the kernel's authority.  Returns the number of entries
 * made, or -errno: -EINVAL for a corrupt archive, the file system's error
 * otherwise.  On error, msg (msg_size bytes, may be 0) names the entry
 * and its offset in the archive, and what is already unpacked stays.
 */
long fs_unpack_cpio(struct inode *dir, const void *archive, size_t size,
    char *msg, size_t msg_size);

#ifdef __cplusplus
}
#endif
#endif
