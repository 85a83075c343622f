/*
 * sys_mount.c - the mount table and its syscalls: mount, umount2, statfs,
 * fstatfs, unshare(CLONE_NEWNS), and the text of /proc/mounts.
 *
 * cub has one mount namespace and mounts each instance once, so a mount
 * is an instance (struct fs_sb, which fs_mount hangs on a directory) plus
 * what the kernel must remember to show it: source, type, flags.
 * MS_RDONLY is enforced (fs_sb.rdonly, EROFS in perm.c and attr.c), and
 * so are MS_NOSUID and MS_NOEXEC (fs_sb.nosuid and noexec, in execve);
 * MS_NODEV is kept and reported, not enforced (docs/syscalls.md says so).
 */
#include "fs/sys_mount.h"

#include "fs/devices.h"
#include "fs/fd.h"
#include "fs/inode.h"
#include "fs/mode.h"
#include "fs/namei.h"
#include "fs/ops.h"
#include "fs/procfs.h"
#include "fs/super.h"
#include "fs/vfs.h"
#include "ipc/mqueue_fs.h"
#include "ipc/sys_mqueue.h"
#include "lib/format.h"
#include "lib/kstring.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "sys/syscall.h"

#include <asm/statfs.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/sched.h>
#include <linux/stat.h>

/*
 * umount2(2)'s flags.  The UAPI headers do not carry them (they are in
 * the kernel's include/linux/fs.h and in the C libraries' <sys/mount.h>);
 * the values are those, and the conformance tests, built against glibc,
 * check them against Linux.
 */
#define MNT_FORCE 0x1
#define MNT_DETACH 0x2
#define MNT_EXPIRE 0x4
#define UMOUNT_NOFOLLOW 0x8

/*
 * statfs's f_flags.  The kernel's include/linux/statfs.h (not UAPI) says
 * they "are equivalent to the MS_ flags used in the mount ABI", except
 * ST_VALID, which "has the same value as MS_REMOUNT".
 */
#define ST_RDONLY MS_RDONLY
#define ST_NOSUID MS_NOSUID
#define ST_NODEV MS_NODEV
#define ST_NOEXEC MS_NOEXEC
#define ST_RELATIME MS_RELATIME
#define ST_VALID MS_REMOUNT

/* The per-mount flags a new mount keeps; everything else it refuses. */
#define MNT_KEPT (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
/* Flags that ask for something else than a new mount: not done yet. */
#define MNT_OTHER_OPS (MS_REMOUNT | MS_BIND | MS_MOVE | MS_SHARED | MS_SLAVE | MS_UNBINDABLE)
/* Accepted and meaningless here: atime policy other than relatime,
   silence, and the flags propagation and MS_REC modify. */
#define MNT_IGNORED (MS_SILENT | MS_REC | MS_LAZYTIME | MS_NOATIME | MS_NODIRATIME | \
                     MS_STRICTATIME | MS_RELATIME | MS_SYNCHRONOUS | MS_DIRSYNC | MS_MANDLOCK)

/* The data string a mount gets (Linux copies one page). */
#define DATA_MAX 4096

/* FS_SCHEME is the kernel's own /scheme (core/scheme/): listed, never
   made by mount(2). */
enum fstype { FS_TMPFS, FS_PROC, FS_DEVTMPFS, FS_SCHEME, FS_MQUEUE };
static const char *const type_names[] = { "tmpfs", "proc", "devtmpfs", "scheme", "mqueue" };

struct mount {
	struct mount *next;
	struct fs_sb *sb;
	char *source;          /* as given, or "none" */
	enum fstype type;
	unsigned long flags;   /* MNT_KEPT bits and MS_RELATIME */
	int mode;              /* tmpfs mode= when given, else -1 */
};

/* In mount order, as /proc/mounts lists them. */
static struct mount *mounts;
/* Anonymous devices 0:N for new instances (0:1-0:3 are taken at boot). */
static uint32_t next_minor = 16;

static struct mount *mount_of(const struct fs_sb *sb)
{
	for (struct mount *m = mounts; m; m = m->next)
		if (m->sb == sb)
			return m;
	return 0;
}

static char *kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

static int table_add(struct fs_sb *sb, const char *source, enum fstype type,
                     unsigned long flags, int mode)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->source = kstrdup(source);
	if (!m->source) {
		kfree(m);
		return -ENOMEM;
	}
	m->sb = sb;
	m->type = type;
	m->flags = flags;
	m->mode = mode;
	struct mount **at = &mounts;
	while (*at)
		at = &(*at)->next;
	*at = m;
	return 0;
}

static void table_remove(struct mount *m)
{
	struct mount **at = &mounts;

	while (*at != m)
		at = &(*at)->next;
	*at = m->next;
	kfree(m->source);
	kfree(m);
}

int mount_register_boot(struct fs_sb *sb, const char *source, const char *type,
                        unsigned long flags)
{
	for (int t = 0; t < (int)(sizeof(type_names) / sizeof(type_names[0])); t++)
		if (!strcmp(type, type_names[t]))
			return table_add(sb, source, (enum fstype)t, flags, -1);
	return -ENODEV;
}

/* ---- /proc/mounts ---- */

struct text {
	char *buf;
	size_t size, len;
};

static void put(struct text *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, t->len++)
		if (t->len < t->size)
			t->buf[t->len] = s[i];
}

static void puts_(struct text *t, const char *s)
{
	put(t, s, strlen(s));
}

/* Linux's mangle(): space, tab, newline and backslash as \ooo. */
static void put_escaped(struct text *t, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\') {
			char e[5] = { '\\', (char)('0' + ((*s >> 6) & 3)), (char)('0' + ((*s >> 3) & 7)),
			              (char)('0' + (*s & 7)), 0 };
			puts_(t, e);
		} else {
			put(t, s, 1);
		}
	}
}

/* Linux's show_mnt_opts() order: ro/rw, nosuid, nodev, noexec, relatime. */
static void put_options(struct text *t, const struct mount *m)
{
	puts_(t, (m->flags & MS_RDONLY) ? "ro" : "rw");
	if (m->flags & MS_NOSUID)
		puts_(t, ",nosuid");
	if (m->flags & MS_NODEV)
		puts_(t, ",nodev");
	if (m->flags & MS_NOEXEC)
		puts_(t, ",noexec");
	if (m->flags & MS_RELATIME)
		puts_(t, ",relatime");
	if (m->mode >= 0) {
		char s[16];
		ksnprintf(s, sizeof(s), ",mode=%o", m->mode);
		puts_(t, s);
	}
}

static long mounts_text(int pid, char *buf, size_t size)
{
	struct text t = { buf, size, 0 };
	char *path = kmalloc(PATH_MAX);

	(void)pid;
	if (!path)
		return -ENOMEM;
	puts_(&t, "rootfs / tmpfs rw 0 0\n");
	for (struct mount *m = mounts; m; m = m->next) {
		if (!m->sb->mountpoint || vfs_inode_path(vfs_root(), m->sb->mountpoint, path,
		                                         PATH_MAX) < 0)
			continue;
		put_escaped(&t, m->source);
		puts_(&t, " ");
		put_escaped(&t, path);
		puts_(&t, " ");
		puts_(&t, type_names[m->type]);
		puts_(&t, " ");
		put_options(&t, m);
		puts_(&t, " 0 0\n");
	}
	kfree(path);
	return (long)t.len;
}

void mount_table_init(void)
{
	procfs_mounts_hook = mounts_text;
}

/* ---- mount(2) ---- */

/* A mount's data string: tmpfs's mode=, uid=, gid=, size=, nr_inodes=. */
struct tmpfs_opts {
	int mode;
	uint32_t uid, gid;
};

static bool parse_num(const char *s, size_t n, unsigned base, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		if (d >= base)
			return false;
		v = v * base + d;
		if (v > UINT32_MAX)
			return false;
	}
	*out = v;
	return true;
}

static bool opt_is(const char *opt, size_t n, const char *key, const char **val, size_t *vn)
{
	size_t k = strlen(key);

	if (n <= k || memcmp(opt, key, k) || opt[k] != '=')
		return false;
	*val = opt + k + 1;
	*vn = n - k - 1;
	return true;
}

static int parse_tmpfs(const char *data, struct tmpfs_opts *o)
{
	o->mode = -1;
	o->uid = o->gid = 0;
	while (data && *data) {
		const char *end = data;
		while (*end && *end != ',')
			end++;
		size_t n = (size_t)(end - data), vn;
		const char *v;
		uint64_t x;
		if (n == 0) {
			/* empty option between commas: Linux skips it too */
		} else if (opt_is(data, n, "mode", &v, &vn)) {
			if (!parse_num(v, vn, 8, &x) || x > 07777)
				return -EINVAL;
			o->mode = (int)x;
		} else if (opt_is(data, n, "uid", &v, &vn)) {
			if (!parse_num(v, vn, 10, &x))
				return -EINVAL;
			o->uid = (uint32_t)x;
		} else if (opt_is(data, n, "gid", &v, &vn)) {
			if (!parse_num(v, vn, 10, &x))
				return -EINVAL;
			o->gid = (uint32_t)x;
		} else if (opt_is(data, n, "size", &v, &vn) || opt_is(data, n, "nr_blocks", &v, &vn) ||
		           opt_is(data, n, "nr_inodes", &v, &vn)) {
			/* Accepted and not enforced: every instance may use all of
			   memory (documented in docs/syscalls.md). */
		} else {
			return -EINVAL; /* "tmpfs: Unknown parameter" */
		}
		data = *end ? end + 1 : end;
	}
	return 0;
}

/* Fills a fresh devtmpfs with the device nodes the kernel has (devices.c). */
static int fill_dev(struct fs_sb *sb)
{
	struct fs_ctx ctx = { sb->root, sb->root, 0 };

	for (int i = 0; i < dev_nodes_count; i++) {
		const struct devnode *d = &dev_nodes[i];
		int r = fs_mknodat(&ctx, d->name, d->mode, d->major, d->minor);
		if (r)
			return r;
	}
	return 0;
}

static void destroy(struct fs_sb *sb)
{
	if (sb->dyn)
		procfs_destroy(sb);
	else
		tmpfs_destroy(sb);
}

/* A new instance of type, set up from data; -errno on failure. */
static long make_instance(enum fstype type, const char *data, struct fs_sb **out, int *mode)
{
	struct fs_sb *sb;
	long r = 0;

	*mode = -1;
	if (type == FS_SCHEME)
		return -ENODEV;
	if (type == FS_PROC) {
		/* hidepid=, gid=, subset= are not implemented: refuse rather than
		   pretend. */
		if (data && *data)
			return -EINVAL;
		sb = procfs_create(0, next_minor);
	} else if (type == FS_MQUEUE) {
		/* Linux's mqueue takes no options either. */
		sb = mqueue_fs_create(mqueue_kernel_ns(), 0, next_minor);
	} else if (type == FS_TMPFS) {
		struct tmpfs_opts o;
		r = parse_tmpfs(data, &o);
		if (r)
			return r;
		/* Linux's tmpfs root is 1777 unless mode= says otherwise. */
		sb = tmpfs_create(0, next_minor, o.mode >= 0 ? (uint32_t)o.mode : 01777, 0);
		if (sb) {
			sb->root->uid = o.uid;
			sb->root->gid = o.gid;
		}
		*mode = o.mode;
	} else {
		/* devtmpfs takes no options of its own; Linux ignores them too. */
		sb = tmpfs_create(0, next_minor, 0755, 0);
		if (sb && (r = fill_dev(sb)) != 0) {
			tmpfs_destroy(sb);
			return r;
		}
	}
	if (!sb)
		return -ENOMEM;
	next_minor++;
	*out = sb;
	return 0;
}

/* Copies an optional user string (NULL stays NULL) into a new buffer. */
static long get_ustring(const char *u, size_t max, char **out)
{
	*out = 0;
	if (!u)
		return 0;
	char *s = kmalloc(max);
	if (!s)
		return -ENOMEM;
	long n = strncpy_from_user(s, u, max);
	if (n < 0) {
		kfree(s);
		return n == -ENAMETOOLONG && max == DATA_MAX ? -EINVAL : n;
	}
	*out = s;
	return 0;
}

static long do_mount(const char *source, const char *target, const char *type,
                     unsigned long flags, const char *data)
{
	struct fs_ctx ctx;
	struct inode *dir;
	long r;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~(unsigned long)MS_MGC_MSK;
	if (!target)
		return -EFAULT;
	r = vfs_ctx_at(AT_FDCWD, &ctx);
	if (r)
		return r;
	r = fs_lookup(&ctx, target, FS_WALK_FOLLOW, &dir);
	if (r)
		return r;
	if (flags & MS_PRIVATE) {
		/* Every cub mount is private already (nothing propagates), so
		   MS_PRIVATE, with or without MS_REC, changes nothing; Linux
		   wants the target to be a mount point. */
		if ((flags & ~(unsigned long)(MS_PRIVATE | MS_REC | MS_SILENT)) ||
		    dir != dir->sb->root)
			r = -EINVAL;
		fs_put(dir);
		return r;
	}
	if (flags & MNT_OTHER_OPS) {
		/* remount, bind, move, shared, slave, unbindable: later. */
		fs_put(dir);
		return -EINVAL;
	}
	if (flags & ~(unsigned long)(MNT_KEPT | MNT_IGNORED)) {
		fs_put(dir);
		return -EINVAL;
	}
	int t = -1;
	for (int i = 0; type && i < (int)(sizeof(type_names) / sizeof(type_names[0])); i++)
		if (!strcmp(type, type_names[i]))
			t = i;
	if (!type || t < 0) {
		fs_put(dir);
		return type ? -ENODEV : -EINVAL;
	}
	if (!S_ISDIR(dir->mode) || dir->nlink == 0) {
		/* a removed directory is ENOENT, as Linux */
		r = S_ISDIR(dir->mode) ? -ENOENT : -ENOTDIR;
		fs_put(dir);
		return r;
	}
	struct fs_sb *sb;
	int mode;
	r = make_instance((enum fstype)t, data, &sb, &mode);
	if (r) {
		fs_put(dir);
		return r;
	}
	/*
	 * The walk crossed any mounts on dir, so a new one stacks on top, as
	 * on Linux, where every tmpfs and (since 5.8) every proc mount is a
	 * new instance: mounting on a mount point is not EBUSY.
	 */
	r = fs_mount(dir, sb);
	fs_put(dir);
	if (!r) {
		/* Linux's default atime policy is relatime, which cub follows. */
		r = table_add(sb, source ? source : "none", (enum fstype)t,
		              (flags & MNT_KEPT) | MS_RELATIME, mode);
		if (r)
			fs_umount(sb);
	}
	if (r) {
		destroy(sb);
		return r;
	}
	sb->rdonly = (flags & MS_RDONLY) != 0;
	sb->nosuid = (flags & MS_NOSUID) != 0;
	sb->noexec = (flags & MS_NOEXEC) != 0;
	return 0;
}

SYSCALL_DEFINE5(mount, const char *, usource, const char *, utarget, const char *, utype,
                unsigned long, flags, const void *, udata)
{
	char *source = 0, *target = 0, *type = 0, *data = 0;
	long r;

	/* Linux's order: type, target, source, data; each may fault. */
	if ((r = get_ustring(utype, PATH_MAX, &type)) == 0 &&
	    (r = get_ustring(utarget, PATH_MAX, &target)) == 0 &&
	    (r = get_ustring(usource, PATH_MAX, &source)) == 0 &&
	    (r = get_ustring(udata, DATA_MAX, &data)) == 0) {
		if (target && !*target)
			r = -ENOENT;
		else
			r = do_mount(source, target, type, flags, data);
	}
	kfree(source);
	kfree(target);
	kfree(type);
	kfree(data);
	return r;
}

/* ---- umount2(2) ---- */

static long do_umount(const char *target, int flags)
{
	struct fs_ctx ctx;
	struct inode *ino;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	/* MNT_EXPIRE (mark now, unmount on a second call if unused) is not
	   implemented; Linux refuses it with FORCE or DETACH, cub always. */
	if (flags & MNT_EXPIRE)
		return -EINVAL;
	long r = vfs_ctx_at(AT_FDCWD, &ctx);
	if (r)
		return r;
	r = fs_lookup(&ctx, target, (flags & UMOUNT_NOFOLLOW) ? 0 : FS_WALK_FOLLOW, &ino);
	if (r)
		return r;
	struct fs_sb *sb = ino->sb;
	struct mount *m = mount_of(sb);
	if (ino != sb->root || !sb->mountpoint) {
		/* "/" is the root file system: always in use. */
		r = (ino == vfs_root()) ? -EBUSY : -EINVAL;
	} else if (sb->nmounts) {
		r = -EBUSY;
	} else if (!(flags & MNT_DETACH) && fs_sb_in_use(sb, 1)) {
		/* Open files, working directories, mappings inside.  With
		   MNT_DETACH they keep their inodes; the instance goes with the
		   last of them (tmpfs_destroy). */
		r = -EBUSY;
	}
	fs_put(ino);
	if (r)
		return r;
	r = fs_umount(sb);
	if (r)
		return r;
	if (m)
		table_remove(m);
	destroy(sb);
	return 0;
}

SYSCALL_DEFINE2(umount2, const char *, utarget, int, flags)
{
	char *target;
	long r = get_ustring(utarget, PATH_MAX, &target);

	if (r)
		return r;
	if (!target)
		return -EFAULT;
	r = *target ? do_umount(target, flags) : -ENOENT;
	kfree(target);
	return r;
}

/* ---- statfs(2), fstatfs(2) ---- */

static void fill_statfs(struct inode *ino, struct statfs *st)
{
	struct fs_sb *sb = ino->sb;
	struct mount *m = mount_of(sb);
	unsigned long flags = m ? m->flags : 0;

	memset(st, 0, sizeof(*st));
	st->f_bsize = 4096;
	st->f_frsize = 4096;
	st->f_namelen = NAME_MAX;
	st->f_flags = ST_VALID;
	if (flags & MS_RDONLY)
		st->f_flags |= ST_RDONLY;
	if (flags & MS_NOSUID)
		st->f_flags |= ST_NOSUID;
	if (flags & MS_NODEV)
		st->f_flags |= ST_NODEV;
	if (flags & MS_NOEXEC)
		st->f_flags |= ST_NOEXEC;
	if (flags & MS_RELATIME)
		st->f_flags |= ST_RELATIME;
	if (sb->dyn) {
		/* procfs and mqueue: no blocks, no inode counts, as Linux. */
		st->f_type = mqueue_fs_is(sb) ? MQUEUE_FS_MAGIC : PROC_SUPER_MAGIC;
		return;
	}
	/*
	 * tmpfs (and devtmpfs, which is tmpfs on Linux too): no size limit,
	 * so what it can hold is what the frame allocator has; an inode costs
	 * memory too, so the same count bounds the files.
	 */
	uint64_t total = frame_total_count(), free = frame_free_count();
	st->f_type = TMPFS_MAGIC;
	st->f_blocks = (long)total;
	st->f_bfree = st->f_bavail = (long)free;
	st->f_files = (long)total;
	st->f_ffree = (long)(free > sb->ninodes ? free - sb->ninodes : 0);
	st->f_fsid.val[0] = (int)((sb->dev_major << 8) | sb->dev_minor);
}

SYSCALL_DEFINE2(statfs, const char *, upath, struct statfs *, ubuf)
{
	char *path;
	struct fs_ctx ctx;
	struct inode *ino;
	struct statfs st;
	long r = get_ustring(upath, PATH_MAX, &path);

	if (r)
		return r;
	if (!path)
		return -EFAULT;
	r = *path ? vfs_ctx_at(AT_FDCWD, &ctx) : -ENOENT;
	if (!r)
		r = fs_lookup(&ctx, path, FS_WALK_FOLLOW, &ino);
	kfree(path);
	if (r)
		return r;
	fill_statfs(ino, &st);
	fs_put(ino);
	return copy_to_user(ubuf, &st, sizeof(st));
}

SYSCALL_DEFINE2(fstatfs, int, fd, struct statfs *, ubuf)
{
	struct file *f = fd_get(process_current()->fds, fd);
	struct statfs st;

	if (!f)
		return -EBADF;
	if (f->inode) {
		fill_statfs(f->inode, &st);
	} else {
		/* Pipes, sockets, the console: no file system of cub's own.
		   Linux reports pipefs and sockfs; cub reports an empty answer
		   with f_type 0 rather than a guess. */
		memset(&st, 0, sizeof(st));
		st.f_bsize = st.f_frsize = 4096;
		st.f_namelen = NAME_MAX;
		st.f_flags = ST_VALID;
	}
	return copy_to_user(ubuf, &st, sizeof(st));
}

/* ---- unshare(2) ---- */

SYSCALL_DEFINE1(unshare, unsigned long, flags)
{
	/*
	 * cub has one mount namespace.  CLONE_NEWNS is accepted and changes
	 * nothing: later mounts are seen by every process (docs/syscalls.md
	 * says so).  Everything else unshare can do is not implemented.
	 */
	if (flags & ~(unsigned long)CLONE_NEWNS)
		return -EINVAL;
	return 0;
}
