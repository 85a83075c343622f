/*
 * sys_mount.h - the kernel's mount table (sys_mount.c): what /proc/mounts
 * lists, and the flags statfs reports.  The syscalls (mount, umount2,
 * statfs, fstatfs, unshare) are in the syscall table.
 */
#ifndef CUB_FS_SYS_MOUNT_H
#define CUB_FS_SYS_MOUNT_H

struct fs_sb;

/*
 * Records a mount the kernel made itself at boot (sb already fs_mount'ed):
 * source and type ("proc", "tmpfs", "devtmpfs") as /proc/mounts shows
 * them, flags MS_* from <linux/mount.h>.  0, -ENOMEM or -ENODEV.
 */
int mount_register_boot(struct fs_sb *sb, const char *source, const char *type,
                        unsigned long flags);

/* Makes /proc/mounts read the table (procfs_mounts_hook). */
void mount_table_init(void);

#endif
