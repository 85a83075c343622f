/*
 * scheme.c - the /scheme tree: one dynamic instance whose root lists the
 * schemes, and the helpers the schemes share (inodes, fixed directories,
 * snapshot text files, credentials, number parsing).
 *
 * Nothing is stored in the tree.  Each lookup makes a fresh inode whose
 * number says what it is (scheme_internal.h), so an object that goes away
 * (a process, an interrupt line) simply stops being found.  The contents
 * and the credential checks belong to each scheme's own file; this one
 * only dispatches on the scheme bits of the inode number.
 */
#include "scheme/scheme.h"
#include "scheme/scheme_internal.h"

#include "cred/cred.h"
#include "fs/fd.h"
#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/namei.h"
#include "fs/ops.h"
#include "fs/super.h"
#include "fs/sys_mount.h"
#include "fs/vfs.h"
#include "lib/kstring.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"

#include <asm-generic/fcntl.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/mount.h>

/* The scheme tree's st_dev: the next anonymous device after /proc's. */
#define SCHEME_DEV_MAJOR 0
#define SCHEME_DEV_MINOR 4

/* Indexed by enum scheme_id; SCHEME_ROOT has no entry. */
static const struct scheme *const schemes[SCHEME_COUNT] = {
	[SCHEME_DEBUG] = &scheme_debug,
	[SCHEME_SERIO] = &scheme_serio,
	[SCHEME_IRQ] = &scheme_irq,
	[SCHEME_MEMORY] = &scheme_memory,
	[SCHEME_PROC] = &scheme_proc,
	[SCHEME_SYS] = &scheme_sys,
	[SCHEME_ACPI] = &scheme_acpi,
	[SCHEME_EVENT] = &scheme_event,
	[SCHEME_TIME] = &scheme_time,
};

static const struct scheme *scheme_of(const struct inode *ino)
{
	enum scheme_id id = scheme_ino_id(ino->ino);

	return id > SCHEME_ROOT && id < SCHEME_COUNT ? schemes[id] : 0;
}

/* ---- credentials and flags ---- */

const struct cred *scheme_caller(void)
{
	struct process *p = process_current();

	return p ? p->cred : 0;
}

bool scheme_caller_root(void)
{
	const struct cred *c = scheme_caller();

	return !c || cred_is_root(c);
}

bool scheme_open_writes(unsigned int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY;
}

bool scheme_open_reads(unsigned int flags)
{
	return (flags & O_ACCMODE) != O_WRONLY;
}

/* ---- inodes and fixed directories ---- */

int scheme_make_inode(struct inode *parent, uint64_t num, uint32_t mode, struct inode **out)
{
	struct inode *ino = inode_new(parent->sb, mode);

	if (!ino)
		return -ENOMEM;
	ino->ino = num;
	ino->nlink = 1;
	if (S_ISDIR(mode)) {
		ino->nlink = 2;
		ino->u.dir.parent = fs_get(parent);
		parent->sb->nparents++;
	}
	*out = ino;
	return 0;
}

int scheme_lookup_table(struct inode *dir, const struct scheme_entry *tab, size_t n,
                        const char *name, size_t len, struct inode **out)
{
	for (size_t i = 0; i < n; i++) {
		if (strlen(tab[i].name) == len && !memcmp(tab[i].name, name, len))
			return scheme_make_inode(dir,
			                         scheme_ino(scheme_ino_id(dir->ino), tab[i].kind,
			                                    scheme_ino_arg(dir->ino)),
			                         tab[i].mode, out);
	}
	return -ENOENT;
}

int scheme_readdir_table(struct inode *dir, const struct scheme_entry *tab, size_t n,
                         uint64_t *pos, fs_filldir_fn fill, void *ctx)
{
	if (!fs_readdir_dots(dir, pos, fill, ctx))
		return 0;
	for (size_t i = *pos - FS_DIR_POS_FIRST; i < n; i++) {
		uint64_t num = scheme_ino(scheme_ino_id(dir->ino), tab[i].kind, scheme_ino_arg(dir->ino));
		if (!fill(ctx, tab[i].name, strlen(tab[i].name), num, fs_dtype(tab[i].mode),
		          FS_DIR_POS_FIRST + i + 1))
			return 0;
		*pos = FS_DIR_POS_FIRST + i + 1;
	}
	return 0;
}

long scheme_name_number(const char *name, size_t len, long max)
{
	long v = 0;

	if (len == 0 || len > 18 || (len > 1 && name[0] == '0'))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v <= max ? v : -1;
}

/* ---- parsing what is written ---- */

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

bool scheme_parse_int(const char **s, bool neg_ok, int64_t *out)
{
	const char *p = *s;
	bool neg = false;
	uint64_t v = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '-' && neg_ok) {
		neg = true;
		p++;
	}
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > ((uint64_t)INT64_MAX - (uint64_t)(*p - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	/* A number must end at a blank or the end, not run into letters. */
	if (*p && !blank(*p))
		return false;
	*out = neg ? -(int64_t)v : (int64_t)v;
	*s = p;
	return true;
}

bool scheme_parse_end(const char *s)
{
	while (blank(*s))
		s++;
	return *s == 0;
}

/* ---- snapshot text files ---- */

struct text_file {
	char *data;
	size_t len;
	scheme_write_fn write;
};

int scheme_file_stat(struct file *f, struct stat *st)
{
	vfs_stat_inode(f->inode, st);
	return 0;
}

static long text_read(struct file *f, void *ubuf, size_t n)
{
	struct text_file *t = f->priv;

	if (f->pos >= t->len)
		return 0;
	if (n > t->len - f->pos)
		n = (size_t)(t->len - f->pos);
	if (copy_to_user(ubuf, t->data + f->pos, n))
		return -EFAULT;
	f->pos += n;
	return (long)n;
}

static long text_write(struct file *f, const void *ubuf, size_t n)
{
	struct text_file *t = f->priv;

	if (!t->write)
		return -EBADF;
	/* One write is one command: a longer one is not a command at all. */
	if (n > SCHEME_WRITE_MAX)
		return -EINVAL;
	char *buf = kmalloc(n + 1);
	if (!buf)
		return -ENOMEM;
	int r = copy_from_user(buf, ubuf, n) ? -EFAULT : 0;
	buf[n] = 0;
	/* A NUL inside would hide the rest from the parser: refuse it. */
	if (!r && strlen(buf) != n)
		r = -EINVAL;
	if (!r)
		r = t->write(f, buf, n);
	kfree(buf);
	return r ? r : (long)n;
}

static int64_t text_llseek(struct file *f, int64_t off, int whence)
{
	struct text_file *t = f->priv;
	int64_t base;

	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->pos; break;
	case SEEK_END: base = (int64_t)t->len; break;
	default: return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (int64_t)f->pos;
}

static void text_release(struct file *f)
{
	struct text_file *t = f->priv;

	kfree(t->data);
	kfree(t);
}

static const struct file_ops text_ops = {
	.read = text_read,
	.write = text_write,
	.stat = scheme_file_stat,
	.llseek = text_llseek,
	.release = text_release,
};

int scheme_text_open(unsigned int flags, struct procfs_buf *text, scheme_write_fn write,
                     struct file **out)
{
	struct text_file *t = kzalloc(sizeof(*t));

	if (!t || (text && text->oom)) {
		kfree(t);
		if (text)
			pbuf_free(text);
		return -ENOMEM;
	}
	if (text) {
		t->data = text->data;
		t->len = text->len;
	}
	t->write = write;
	*out = file_alloc(&text_ops, t, flags);
	if (!*out) {
		kfree(t->data);
		kfree(t);
		return -ENOMEM;
	}
	return 0;
}

/* ---- the instance ---- */

static int root_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	for (int id = SCHEME_ROOT + 1; id < SCHEME_COUNT; id++) {
		const struct scheme *s = schemes[id];
		if (strlen(s->name) == len && !memcmp(s->name, name, len))
			return scheme_make_inode(dir, scheme_ino((enum scheme_id)id, 0, 0), s->mode, out);
	}
	return -ENOENT;
}

static int root_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx)
{
	if (!fs_readdir_dots(dir, pos, fill, ctx))
		return 0;
	for (uint64_t id = *pos - FS_DIR_POS_FIRST + 1; id < SCHEME_COUNT; id++) {
		const struct scheme *s = schemes[id];
		if (!fill(ctx, s->name, strlen(s->name), scheme_ino((enum scheme_id)id, 0, 0),
		          fs_dtype(s->mode), FS_DIR_POS_FIRST + id))
			return 0;
		*pos = FS_DIR_POS_FIRST + id;
	}
	return 0;
}

static int tree_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if (dir->ino == SCHEME_ROOT_INO)
		return root_lookup(dir, name, len, out);
	const struct scheme *s = scheme_of(dir);
	return s && s->lookup ? s->lookup(dir, name, len, out) : -ENOENT;
}

static int tree_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx)
{
	if (dir->ino == SCHEME_ROOT_INO)
		return root_readdir(dir, pos, fill, ctx);
	const struct scheme *s = scheme_of(dir);
	if (!s || !s->readdir)
		return -ENOENT;
	return s->readdir(dir, pos, fill, ctx);
}

/* Every file is opened through tree_open, so this read only serves the
   kernel's own fs_read of a scheme file (exec reading a program): there
   is no program here. */
static long tree_read(struct inode *ino, void *buf, size_t len, int64_t off)
{
	(void)ino;
	(void)buf;
	(void)len;
	(void)off;
	return -EINVAL;
}

static int tree_open(struct inode *ino, unsigned int flags, struct file **out)
{
	*out = 0;
	/* Anyone may list /scheme itself. */
	if (ino->ino == SCHEME_ROOT_INO)
		return 0;
	const struct scheme *s = scheme_of(ino);
	return s ? s->open(ino, flags, out) : -ENOENT;
}

static const struct fs_dyn_ops scheme_ops = {
	.lookup = tree_lookup,
	.readdir = tree_readdir,
	.read = tree_read,
	.open = tree_open,
};

void scheme_mount(void)
{
	struct fs_ctx ctx = { vfs_root(), 0, 0 };
	struct inode *dir;

	int r = fs_mkdirat(&ctx, "/scheme", 0555);
	if (r && r != -EEXIST) {
		pr_warn("scheme: cannot make /scheme (%d)\n", r);
		return;
	}
	struct fs_sb *sb = kzalloc(sizeof(*sb));
	if (sb) {
		sb->dev_major = SCHEME_DEV_MAJOR;
		sb->dev_minor = SCHEME_DEV_MINOR;
		sb->dyn = &scheme_ops;
		sb->root = inode_new(sb, S_IFDIR | 0555);
		if (!sb->root) {
			kfree(sb);
			sb = 0;
		}
	}
	if (!sb || fs_lookup(&ctx, "/scheme", FS_WALK_DIRECTORY, &dir)) {
		pr_warn("scheme: cannot mount /scheme\n");
		return;
	}
	sb->root->ino = SCHEME_ROOT_INO;
	sb->root->nlink = 2;
	r = fs_mount(dir, sb);
	fs_put(dir);
	if (r)
		pr_warn("scheme: cannot mount /scheme (%d)\n", r);
	else if (mount_register_boot(sb, "scheme", "scheme", MS_NOSUID | MS_NODEV | MS_NOEXEC))
		pr_warn("scheme: /scheme is missing from /proc/mounts\n");
}
