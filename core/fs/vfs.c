/*
 * vfs.c - open files on tmpfs inodes, the root file system, and the
 * calling process's file-system context.
 */
#include "fs/notify.h"
#include "fs/vfs.h"

#include "ipc/pipe.h"

#include "boot/initramfs.h"
#include "fs/attr.h"
#include "fs/devices.h"
#include "fs/dir.h"
#include "fs/file.h"
#include "fs/inode.h"
#include "fs/mode.h"
#include "fs/ops.h"
#include "fs/procfs.h"
#include "scheme/scheme.h"
#include "fs/super.h"
#include "fs/sys_mount.h"
#include "fs/unpack.h"
#include "lib/kstring.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"

#include <asm/ioctls.h>
#include <linux/inotify.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/mount.h>
#include <linux/stat.h>

/* Data moves between the page cache and user memory a page at a time. */
#define PAGE_CHUNK 4096

/* The record getdents64(2) returns (struct linux_dirent64 in the man
   page; the UAPI headers do not carry it). */
struct linux_dirent64_hdr {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

/* The root tmpfs's device number: an anonymous device, as Linux's tmpfs. */
#define ROOT_DEV_MAJOR 0
#define ROOT_DEV_MINOR 2
#define PROC_DEV_MAJOR 0
#define PROC_DEV_MINOR 3
/* /dev/shm's tmpfs; 4 is the scheme tree's, and mount(2) starts at 16. */
#define DEVSHM_DEV_MAJOR 0
#define DEVSHM_DEV_MINOR 5

static struct fs_sb *root_sb;
static const struct fs_cred root_cred = { 0, 0, 0, 0 };

struct inode *vfs_root(void)
{
	return root_sb->root;
}

/* The caller's credentials for file checks; the kernel's own work (no
   process) is root's. */
const struct fs_cred *current_fs_cred(void)
{
	struct process *p = process_current();

	return p && p->cred ? &p->fs_cred : &root_cred;
}

struct inode *file_inode(struct file *f)
{
	return f->inode;
}

void vfs_stat_inode(struct inode *ino, struct stat *st)
{
	struct fs_stat s;

	fs_getattr(ino, &s);
	memset(st, 0, sizeof(*st));
	st->st_dev = (s.dev_major << 8) | s.dev_minor;
	st->st_ino = s.ino;
	st->st_mode = s.mode;
	st->st_nlink = s.nlink;
	st->st_uid = s.uid;
	st->st_gid = s.gid;
	st->st_rdev = (s.rdev_major << 8) | s.rdev_minor;
	st->st_size = (long)s.size;
	st->st_blksize = s.blksize;
	st->st_blocks = (long)s.blocks;
	st->st_atime = s.atime.sec;
	st->st_atime_nsec = s.atime.nsec;
	st->st_mtime = s.mtime.sec;
	st->st_mtime_nsec = s.mtime.nsec;
	st->st_ctime = s.ctime.sec;
	st->st_ctime_nsec = s.ctime.nsec;
}

static int inode_stat(struct file *f, struct stat *st)
{
	vfs_stat_inode(f->inode, st);
	return 0;
}

/* Regular files: data moves through a kernel page, then to the user. */
static long reg_rw(struct file *f, void *ubuf, size_t n, int64_t off, bool write)
{
	uint8_t *bounce = kmalloc(PAGE_CHUNK);
	long done = 0;

	if (!bounce)
		return -ENOMEM;
	while ((size_t)done < n) {
		size_t c = n - (size_t)done < PAGE_CHUNK ? n - (size_t)done : PAGE_CHUNK;
		long r;
		if (write) {
			if (copy_from_user(bounce, (uint8_t *)ubuf + done, c)) {
				r = -EFAULT;
			} else {
				r = fs_write(f->inode, bounce, c, off + done, current_fs_cred());
			}
		} else {
			r = fs_read(f->inode, bounce, c, off + done);
			if (r > 0 && copy_to_user((uint8_t *)ubuf + done, bounce, (size_t)r))
				r = -EFAULT;
		}
		if (r < 0) {
			if (!done)
				done = r;
			break;
		}
		done += r;
		if ((size_t)r < c)
			break;
	}
	kfree(bounce);
	return done;
}

/*
 * Reads of tmpfs files copy straight from the file's pages to the user:
 * no bounce buffer (procfs, whose bytes are made on demand, takes the
 * bounce path).
 */
static long reg_read_pages(struct file *f, uint8_t *ubuf, size_t n)
{
	struct inode *ino = f->inode;
	uint64_t pos = f->pos;
	size_t done = 0;

	if (pos >= ino->size)
		return 0;
	if (n > ino->size - pos)
		n = (size_t)(ino->size - pos);
	while (done < n) {
		size_t in = (size_t)(pos % PAGE_CHUNK), c = PAGE_CHUNK - in;
		void *page = 0;
		if (c > n - done)
			c = n - done;
		int r = fs_get_page(ino, pos / PAGE_CHUNK, false, &page);
		if (r)
			return done ? (long)done : r;
		if (page ? copy_to_user(ubuf + done, (uint8_t *)page + in, c)
		         : clear_user(ubuf + done, c))
			return done ? (long)done : -EFAULT;
		done += c;
		pos += c;
	}
	return (long)done;
}

static long reg_read(struct file *f, void *buf, size_t n)
{
	long r = f->inode->sb->dyn ? reg_rw(f, buf, n, (int64_t)f->pos, false)
	                           : reg_read_pages(f, buf, n);
	if (r > 0) {
		f->pos += (uint64_t)r;
		vfs_notify_file(f, IN_ACCESS);
	}
	return r;
}

static long reg_write(struct file *f, const void *buf, size_t n)
{
	if (f->flags & O_APPEND)
		f->pos = f->inode->size;
	long r = reg_rw(f, (void *)buf, n, (int64_t)f->pos, true);
	if (r > 0) {
		f->pos += (uint64_t)r;
		vfs_notify_file(f, IN_MODIFY);
	}
	return r;
}

static int64_t generic_llseek(struct file *f, int64_t off, int whence)
{
	int64_t base;

	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->pos; break;
	case SEEK_END: base = (int64_t)f->inode->size; break;
	default: return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (int64_t)f->pos;
}

/* getdents64: linux_dirent64 records, 8-byte aligned. */
struct dirent_buf {
	uint8_t *buf;
	size_t size, used;
	bool refused; /* an entry did not fit */
};

static bool fill_dirent(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type,
                        uint64_t next_pos)
{
	struct dirent_buf *d = ctx;
	size_t reclen = (offsetof(struct linux_dirent64_hdr, d_name) + len + 1 + 7) & ~(size_t)7;

	if (d->used + reclen > d->size) {
		d->refused = true;
		return false;
	}
	struct linux_dirent64_hdr *e = (void *)(d->buf + d->used);
	e->d_ino = ino;
	e->d_off = (int64_t)next_pos;
	e->d_reclen = (uint16_t)reclen;
	e->d_type = (uint8_t)type;
	memcpy(e->d_name, name, len);
	memset(e->d_name + len, 0, reclen - offsetof(struct linux_dirent64_hdr, d_name) - len);
	d->used += reclen;
	return true;
}

static long dir_getdents(struct file *f, void *ubuf, size_t n)
{
	struct dirent_buf d = { 0, n < 65536 ? n : 65536, 0, false };

	d.buf = kmalloc(d.size);
	if (!d.buf)
		return -ENOMEM;
	uint64_t pos = f->pos;
	int r = fs_readdir(f->inode, &pos, fill_dirent, &d);
	long ret = r;
	if (!r) {
		if (d.used == 0 && d.refused)
			ret = -EINVAL; /* the next entry does not fit */
		else if (d.used && copy_to_user(ubuf, d.buf, d.used))
			ret = -EFAULT;
		else
			ret = (long)d.used;
		if (ret >= 0)
			f->pos = pos;
	}
	kfree(d.buf);
	return ret;
}

static long dir_read(struct file *f, void *buf, size_t n)
{
	(void)f;
	(void)buf;
	(void)n;
	return -EISDIR;
}

/* FIONREAD on a regular file: the bytes left after the position. */
static long reg_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	if (cmd != FIONREAD)
		return -ENOTTY;
	int left = f->inode->size > f->pos ? (int)(f->inode->size - f->pos) : 0;
	return copy_to_user((void *)arg, &left, sizeof(left));
}

static const struct file_ops reg_ops = {
	.read = reg_read,
	.write = reg_write,
	.ioctl = reg_ioctl,
	.stat = inode_stat,
	.llseek = generic_llseek,
};

static const struct file_ops dir_ops = {
	.read = dir_read,
	.stat = inode_stat,
	.llseek = generic_llseek,
	.getdents = dir_getdents,
};

/* O_PATH descriptors and symlinks: usable as a place, not for I/O. */
static const struct file_ops path_ops = {
	.stat = inode_stat,
};

void vfs_notify_file(struct file *f, uint32_t mask)
{
	if (!f->inode || (f->flags & O_PATH))
		return;
	fs_notify(f->inode, mask);
	vfs_notify_parent(f, mask);
}

void vfs_notify_parent(struct file *f, uint32_t mask)
{
	/* Directories keep no names of their children's: the name comes
	   from the path of the open, looked up again only while some
	   directory is watched at all. */
	if (!fs_notify_watched_dirs || !f->path)
		return;
	struct fs_ctx ctx = { .root = vfs_root(), .cwd = 0, .cred = 0 };
	struct fs_nameidata nd;
	if (fs_walk(&ctx, f->path, FS_WALK_PARENT, &nd))
		return;
	if (nd.inode == f->inode && nd.dir->marks)
		fs_notify_child(nd.dir, f->inode, mask, nd.name, nd.len, 0);
	fs_nd_put(&nd);
}

struct file *vfs_file_open(struct inode *ino, unsigned int flags, int *err)
{
	const struct file_ops *ops = &path_ops;
	struct file *f = 0;

	*err = 0;
	/* The scheme tree makes its own files (fs_dyn_ops.open, inode.h). */
	if (!(flags & O_PATH) && ino->sb->dyn && ino->sb->dyn->open) {
		*err = ino->sb->dyn->open(ino, flags, &f);
		if (*err) {
			fs_put(ino);
			return 0;
		}
	}
	if (!f && !(flags & O_PATH)) {
		if (S_ISREG(ino->mode))
			ops = &reg_ops;
		else if (S_ISDIR(ino->mode))
			ops = &dir_ops;
		else if (S_ISCHR(ino->mode))
			f = chrdev_open(ino->rdev_major, ino->rdev_minor, flags, err);
		else if (S_ISFIFO(ino->mode))
			f = fifo_open(ino, flags, err);
		else
			*err = -ENXIO; /* sockets, block devices: later issues */
	}
	if (!f && !*err) {
		f = file_alloc(ops, 0, flags);
		if (!f)
			*err = -ENOMEM;
	}
	if (!f) {
		fs_put(ino);
		return 0;
	}
	f->flags &= ~(unsigned int)O_NOCTTY;
	f->inode = ino;
	return f;
}

/* The name of child in dir, found by its inode (directories keep no
   names of their own). */
struct name_search {
	uint64_t ino;
	char *name;
	size_t len;
};

static bool match_ino(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type,
                      uint64_t next_pos)
{
	struct name_search *s = ctx;
	(void)type;
	(void)next_pos;
	if (ino != s->ino || (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return true;
	memcpy(s->name, name, len);
	s->len = len;
	return false;
}

long vfs_inode_path(struct inode *root, struct inode *ino, char *buf, size_t size)
{
	char name[NAME_MAX + 1];
	size_t at = size - 1;

	if (size < 2)
		return -ERANGE;
	buf[at] = 0;
	while (ino != root) {
		/* Climb out of a mounted file system at its root. */
		if (ino == ino->sb->root && ino->sb->mountpoint) {
			ino = ino->sb->mountpoint;
			continue;
		}
		struct inode *parent = S_ISDIR(ino->mode) ? ino->u.dir.parent : 0;
		if (!parent)
			return -ENOENT; /* removed, or not a directory */
		struct name_search s = { ino->ino, name, 0 };
		uint64_t pos = 0;
		fs_readdir(parent, &pos, match_ino, &s);
		if (s.len == 0)
			return -ENOENT;
		if (s.len + 1 > at)
			return -ENAMETOOLONG;
		at -= s.len;
		memcpy(buf + at, name, s.len);
		buf[--at] = '/';
		ino = parent;
	}
	if (at == size - 1)
		buf[--at] = '/';
	size_t len = size - 1 - at;
	memmove(buf, buf + at, len + 1);
	return (long)len;
}

int vfs_ctx_at(int dfd, struct fs_ctx *ctx)
{
	struct process *p = process_current();

	ctx->root = p->root;
	ctx->cred = current_fs_cred();
	if (dfd == AT_FDCWD) {
		ctx->cwd = p->cwd;
		return 0;
	}
	struct file *f = fd_get(p->fds, dfd);
	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	ctx->cwd = f->inode;
	return 0;
}

long vfs_get_path(const char *upath, char *buf, size_t size, int empty_ok)
{
	long n = strncpy_from_user(buf, upath, size);

	if (n < 0)
		return n;
	if (n == 0 && !empty_ok)
		return -ENOENT;
	return n;
}

static void make_dev_nodes(void)
{
	struct fs_ctx ctx = { vfs_root(), 0, 0 };
	char path[64];

	int r = fs_mkdirat(&ctx, "/dev", 0755);
	if (r && r != -EEXIST)
		pr_warn("vfs: cannot make /dev (%d)\n", r);
	for (int i = 0; i < dev_nodes_count; i++) {
		const struct devnode *d = &dev_nodes[i];
		size_t n = strlen(d->name);
		memcpy(path, "/dev/", 5);
		memcpy(path + 5, d->name, n + 1);
		r = fs_mknodat(&ctx, path, d->mode, d->major, d->minor);
		if (r && r != -EEXIST)
			pr_warn("vfs: cannot make %s (%d)\n", path, r);
	}
}

static void mount_proc(void)
{
	struct fs_ctx ctx = { vfs_root(), 0, 0 };
	struct inode *dir;

	int r = fs_mkdirat(&ctx, "/proc", 0555);
	if (r && r != -EEXIST) {
		pr_warn("vfs: cannot make /proc (%d)\n", r);
		return;
	}
	struct fs_sb *sb = procfs_create(PROC_DEV_MAJOR, PROC_DEV_MINOR);
	if (!sb || fs_lookup(&ctx, "/proc", FS_WALK_DIRECTORY, &dir)) {
		pr_warn("vfs: cannot mount /proc\n");
		return;
	}
	r = fs_mount(dir, sb);
	fs_put(dir);
	if (r)
		pr_warn("vfs: cannot mount /proc (%d)\n", r);
	sb->nosuid = sb->noexec = true;
	if (!r && mount_register_boot(sb, "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC))
		pr_warn("vfs: /proc is missing from /proc/mounts\n");
	mount_table_init();
}

/*
 * /dev/shm is a tmpfs of its own, sticky and writable by everyone, as
 * systemd and udev leave it on Linux: glibc's shm_open and sem_open make
 * their files there, and the usual file permissions apply to them.
 */
static void mount_devshm(void)
{
	struct fs_ctx ctx = { vfs_root(), 0, 0 };
	struct inode *dir;

	int r = fs_mkdirat(&ctx, "/dev/shm", 01777);
	if (r && r != -EEXIST) {
		pr_warn("vfs: cannot make /dev/shm (%d)\n", r);
		return;
	}
	struct fs_sb *sb = tmpfs_create(DEVSHM_DEV_MAJOR, DEVSHM_DEV_MINOR, S_IFDIR | 01777, 0);
	if (!sb || fs_lookup(&ctx, "/dev/shm", FS_WALK_DIRECTORY, &dir)) {
		pr_warn("vfs: cannot mount /dev/shm\n");
		return;
	}
	r = fs_mount(dir, sb);
	fs_put(dir);
	if (r) {
		pr_warn("vfs: cannot mount /dev/shm (%d)\n", r);
		return;
	}
	sb->nosuid = true;
	if (mount_register_boot(sb, "tmpfs", "tmpfs", MS_NOSUID | MS_NODEV))
		pr_warn("vfs: /dev/shm is missing from /proc/mounts\n");
}

long vfs_init(void)
{
	char msg[160];

	root_sb = tmpfs_create(ROOT_DEV_MAJOR, ROOT_DEV_MINOR, S_IFDIR | 0755, 0);
	if (!root_sb)
		return -ENOMEM;
	long n = fs_unpack_cpio(vfs_root(), initramfs_data(), initramfs_size(), msg, sizeof(msg));
	if (n < 0) {
		pr_err("initramfs: cannot unpack: %s\n", msg);
		return n;
	}
	make_dev_nodes();
	mount_proc();
	mount_devshm();
	scheme_mount();
	pr_info("vfs: tmpfs root with %ld entries from the initramfs\n", n);
	return n;
}
