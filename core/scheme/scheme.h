/*
 * scheme.h - the scheme tree: kernel namespaces under /scheme/NAME (plan
 * phase K2), each open checked against the caller's credentials.
 *
 * The tree is one dynamic file-system instance (struct fs_dyn_ops in
 * fs/inode.h) whose open hook does the credential check and makes the
 * open file: a snapshot of text, a device stream, or a private object
 * (an event queue, a timer).  See README.md for the schemes and rules.
 */
#ifndef CUB_SCHEME_SCHEME_H
#define CUB_SCHEME_SCHEME_H

/* Makes the instance and mounts it on /scheme (vfs_init calls this after
   /proc); it is listed in /proc/mounts as type "scheme". */
void scheme_mount(void);

/* Routes the i8042's keyboard and aux interrupts (IRQ 1 and 12) and
   enables both ports, for /scheme/serio.  Call after ioapic_init. */
void serio_init(void);

#endif
