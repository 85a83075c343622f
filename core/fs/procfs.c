/*
 * procfs.c - the /proc tree (procfs.h): which names exist, what inodes
 * they get, and the reads that turn an inode back into text.
 *
 * Nothing is stored.  Every lookup asks procinfo whether the process is
 * still there and makes a fresh inode (struct fs_dyn_ops in inode.h), so
 * a process that exits simply stops being found (ENOENT), and a file
 * left open on it reads as ESRCH, as in Linux.
 */
#include <linux/errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/attr.h"
#include "fs/internal.h"
#include "fs/mode.h"
#include "fs/procfs.h"
#include "fs/procfs_internal.h"
#include "lib/format.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

/*
 * Readdir positions in /proc, Linux's: "self" at FIRST_PROCESS_ENTRY
 * (thread-self, which cub omits, would follow), then each pid at
 * TGID_OFFSET plus the pid, so a reader resumes correctly whatever
 * processes came and went meanwhile.
 */
#define FIRST_PROCESS_ENTRY 256
#define TGID_OFFSET (FIRST_PROCESS_ENTRY + 2)

/* Linux's proc sets s_blocksize 1024; stat shows it as st_blksize. */
#define PROC_BLKSIZE 1024
/* Linux's proc_fd_instantiate() gives an fd link i_size 64. */
#define FD_LINK_SIZE 64
/* cmdline and environ: at most this much of the process's memory. */
#define ARGS_MAX (128u * 1024u)

struct entry {
	const char *name;
	enum procfs_kind kind;
	uint32_t mode;
};

/*
 * /proc's own files, in Linux's readdir order (its proc_dir_entry tree
 * sorts by length, then by bytes).
 */
static const struct entry root_entries[] = {
	{ "sys", PK_SYS_DIR, S_IFDIR | 0555 },
	{ "stat", PK_SYSSTAT, S_IFREG | 0444 },
	{ "mounts", PK_MOUNTS_LINK, S_IFLNK | 0777 },
	{ "uptime", PK_UPTIME, S_IFREG | 0444 },
	{ "cmdline", PK_KCMDLINE, S_IFREG | 0444 },
	{ "meminfo", PK_MEMINFO, S_IFREG | 0444 },
	{ "filesystems", PK_FILESYSTEMS, S_IFREG | 0444 },
};

/* /proc/PID, in the order of Linux's tgid_base_stuff (fs/proc/base.c). */
static const struct entry pid_entries[] = {
	{ "fd", PK_FD_DIR, S_IFDIR | 0500 },
	{ "environ", PK_ENVIRON, S_IFREG | 0400 },
	{ "status", PK_STATUS, S_IFREG | 0444 },
	{ "comm", PK_COMM, S_IFREG | 0644 },
	{ "cmdline", PK_CMDLINE, S_IFREG | 0444 },
	{ "stat", PK_STAT, S_IFREG | 0444 },
	{ "statm", PK_STATM, S_IFREG | 0444 },
	{ "maps", PK_MAPS, S_IFREG | 0444 },
	{ "exe", PK_EXE, S_IFLNK | 0777 },
	{ "mounts", PK_MOUNTS, S_IFREG | 0444 },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

long (*procfs_mounts_hook)(int pid, char *buf, size_t size);

const char *procfs_cmdline;

const struct procfs_sysctl *procfs_mqueue_sysctls;
size_t procfs_mqueue_nsysctls;

/* The one-entry directories on the way to /proc/sys/fs/mqueue. */
static const struct entry sys_entries[] = {
	{ "fs", PK_SYS_FS_DIR, S_IFDIR | 0555 },
};
static const struct entry sys_fs_entries[] = {
	{ "mqueue", PK_SYS_MQUEUE_DIR, S_IFDIR | 0555 },
};

static const struct entry *
find_entry(const struct entry *tab, size_t n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strlen(tab[i].name) == len &&
		    memcmp(tab[i].name, name, len) == 0)
			return &tab[i];
	}
	return NULL;
}

/*
 * A decimal number as Linux's name_to_int() reads one: digits only, no
 * leading zero, fitting in an int; -1 otherwise.
 */
static int
name_to_int(const char *name, size_t len)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 10 || (len > 1 && name[0] == '0'))
		return -1;
	for (i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(name[i] - '0');
	}
	return v <= INT32_MAX ? (int)v : -1;
}

/*
 * Linux's task_dump_owner(): a process's entries belong to its effective
 * ids, but those of a process that is not dumpable belong to root, all
 * but its r-xr-xr-x directories.
 */
static void dump_owner(const struct procinfo *p, uint32_t mode, uint32_t *uid, uint32_t *gid)
{
	*uid = p->euid;
	*gid = p->egid;
	if (p->not_dumpable && mode != (S_IFDIR | 0555))
		*uid = *gid = 0;
}

/*
 * A fresh inode for kind: owned by uid:gid, a directory holding its
 * parent, a symlink holding a copy of target.
 */
static int
make_inode(struct inode *parent, enum procfs_kind kind, int pid, int fd,
    uint32_t mode, uint32_t uid, uint32_t gid, const char *target,
    struct inode **out)
{
	struct inode *ino = inode_new(parent->sb, mode);

	if (ino == NULL)
		return -ENOMEM;
	ino->ino = procfs_ino(pid, kind, fd);
	ino->uid = uid;
	ino->gid = gid;
	ino->nlink = 1;
	if (S_ISDIR(mode)) {
		/* Linux counts "." and ".." and, for /proc/PID, fd/. */
		ino->nlink = kind == PK_PID_DIR ? 3 : 2;
		ino->u.dir.parent = fs_get(parent);
		parent->sb->nparents++;
	} else if (S_ISLNK(mode)) {
		size_t n = strlen(target);

		ino->u.target = kmalloc(n + 1);
		if (ino->u.target == NULL) {
			fs_put(ino);
			return -ENOMEM;
		}
		memcpy(ino->u.target, target, n + 1);
		ino->size = n;
	}
	*out = ino;
	return 0;
}

static int
lookup_root(struct inode *dir, const char *name, size_t len,
    struct inode **out)
{
	const struct entry *e = find_entry(root_entries, NELEM(root_entries),
	    name, len);
	struct procinfo p;
	char num[16];
	int pid;

	/* The one symlink among them is mounts, as in Linux. */
	if (e != NULL)
		return make_inode(dir, e->kind, 0, 0, e->mode, 0, 0,
		    "self/mounts", out);
	if (len == 4 && memcmp(name, "self", 4) == 0) {
		pid = procinfo_self();
		if (pid <= 0)
			return -ENOENT;
		ksnprintf(num, sizeof(num), "%d", pid);
		return make_inode(dir, PK_SELF, 0, 0, S_IFLNK | 0777, 0, 0, num,
		    out);
	}
	pid = name_to_int(name, len);
	if (pid <= 0 || procinfo_get(pid, &p) != 0)
		return -ENOENT;
	uint32_t uid, gid;
	dump_owner(&p, S_IFDIR | 0555, &uid, &gid);
	return make_inode(dir, PK_PID_DIR, pid, 0, S_IFDIR | 0555, uid, gid,
	    NULL, out);
}

static int
lookup_pid(struct inode *dir, const char *name, size_t len,
    struct inode **out)
{
	int pid = procfs_ino_pid(dir->ino);
	const struct entry *e = find_entry(pid_entries, NELEM(pid_entries),
	    name, len);
	struct procinfo p;
	char *target = NULL;
	long n;
	int r;

	if (e == NULL || procinfo_get(pid, &p) != 0)
		return -ENOENT;
	if (e->kind == PK_EXE) {
		target = kmalloc(PROCINFO_PATH_MAX);
		if (target == NULL)
			return -ENOMEM;
		n = procinfo_exe(pid, target, PROCINFO_PATH_MAX - 1);
		if (n < 0) {
			kfree(target);
			return n == -ESRCH ? -ENOENT : (int)n;
		}
		target[n] = '\0';
	}
	uint32_t uid, gid;
	dump_owner(&p, e->mode, &uid, &gid);
	r = make_inode(dir, e->kind, pid, 0, e->mode, uid, gid, target, out);
	kfree(target);
	return r;
}

static int
lookup_fd(struct inode *dir, const char *name, size_t len,
    struct inode **out)
{
	int pid = procfs_ino_pid(dir->ino);
	int fd = name_to_int(name, len);
	struct procinfo p;
	char *target;
	long n;
	int r;

	if (fd < 0 || fd >= PROCINFO_FD_MAX || procinfo_get(pid, &p) != 0)
		return -ENOENT;
	target = kmalloc(PROCINFO_PATH_MAX);
	if (target == NULL)
		return -ENOMEM;
	n = procinfo_fd_target(pid, fd, target, PROCINFO_PATH_MAX - 1);
	if (n < 0) {
		kfree(target);
		return -ENOENT;
	}
	target[n] = '\0';
	/*
	 * Linux gives an fd link r-x/-wx bits by the open mode; procinfo
	 * does not say it, so every link shows as a read-write one.
	 */
	uint32_t uid, gid;
	dump_owner(&p, S_IFLNK | 0700, &uid, &gid);
	r = make_inode(dir, PK_FD_LINK, pid, fd, S_IFLNK | 0700, uid, gid,
	    target, out);
	kfree(target);
	return r;
}

/* /proc/sys and below: fixed directories, then the mqueue settings. */
static int
lookup_sys(struct inode *dir, const struct entry *tab, size_t n,
    const char *name, size_t len, struct inode **out)
{
	const struct entry *e = find_entry(tab, n, name, len);

	if (e == NULL)
		return -ENOENT;
	return make_inode(dir, e->kind, 0, 0, e->mode, 0, 0, NULL, out);
}

static int
lookup_sysctl(struct inode *dir, const char *name, size_t len,
    struct inode **out)
{
	for (size_t i = 0; i < procfs_mqueue_nsysctls; i++) {
		const char *s = procfs_mqueue_sysctls[i].name;

		if (strlen(s) == len && memcmp(s, name, len) == 0)
			return make_inode(dir, PK_SYSCTL, 0, (int)i,
			    S_IFREG | 0644, 0, 0, NULL, out);
	}
	return -ENOENT;
}

static int
procfs_lookup(struct inode *dir, const char *name, size_t len,
    struct inode **out)
{
	switch (procfs_ino_kind(dir->ino)) {
	case PK_SYS_DIR:
		return lookup_sys(dir, sys_entries, NELEM(sys_entries), name,
		    len, out);
	case PK_SYS_FS_DIR:
		return lookup_sys(dir, sys_fs_entries, NELEM(sys_fs_entries),
		    name, len, out);
	case PK_SYS_MQUEUE_DIR:
		return lookup_sysctl(dir, name, len, out);
	case PK_ROOT:
		return lookup_root(dir, name, len, out);
	case PK_PID_DIR:
		return lookup_pid(dir, name, len, out);
	case PK_FD_DIR:
		return lookup_fd(dir, name, len, out);
	default:
		return -ENOTDIR;
	}
}

/* Feeds fixed entries from *pos on; false when fill refused one. */
static bool
emit_table(const struct entry *tab, size_t n, int pid, uint64_t *pos,
    fs_filldir_fn fill, void *ctx)
{
	for (; *pos >= FS_DIR_POS_FIRST && *pos < FS_DIR_POS_FIRST + n;
	    (*pos)++) {
		const struct entry *e = &tab[*pos - FS_DIR_POS_FIRST];

		if (!fill(ctx, e->name, strlen(e->name),
		    procfs_ino(pid, e->kind, 0), fs_dtype(e->mode), *pos + 1))
			return false;
	}
	return true;
}

/*
 * The live pids, ascending, in a kmalloc'd array (*n of them); NULL when
 * memory is exhausted.  procinfo_pids has no "how many", so the array
 * grows until the answer fits.
 */
static int *
all_pids(int *n)
{
	int cap = 64;

	for (;;) {
		int *pids = kmalloc((size_t)cap * sizeof(*pids));

		if (pids == NULL)
			return NULL;
		*n = procinfo_pids(pids, cap);
		if (*n < cap)
			return pids;
		kfree(pids);
		cap *= 2;
	}
}

static int
readdir_root(struct inode *dir, uint64_t *pos, fs_filldir_fn fill,
    void *ctx)
{
	char name[16];
	int *pids, n, i, self;

	if (!fs_readdir_dots(dir, pos, fill, ctx) ||
	    !emit_table(root_entries, NELEM(root_entries), 0, pos, fill, ctx))
		return 0;
	if (*pos < FIRST_PROCESS_ENTRY)
		*pos = FIRST_PROCESS_ENTRY;
	if (*pos == FIRST_PROCESS_ENTRY) {
		self = procinfo_self();
		if (self > 0 && !fill(ctx, "self", 4, procfs_ino(0, PK_SELF, 0),
		    fs_dtype(S_IFLNK), *pos + 1))
			return 0;
		*pos = TGID_OFFSET;
	}
	if (*pos < TGID_OFFSET)
		*pos = TGID_OFFSET;
	pids = all_pids(&n);
	if (pids == NULL)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		uint64_t at = TGID_OFFSET + (uint64_t)pids[i];
		int len;

		if (pids[i] <= 0 || at < *pos)
			continue;
		len = ksnprintf(name, sizeof(name), "%d", pids[i]);
		if (!fill(ctx, name, (size_t)len, procfs_ino(pids[i], PK_PID_DIR, 0),
		    fs_dtype(S_IFDIR), at + 1))
			break;
		*pos = at + 1;
	}
	kfree(pids);
	return 0;
}

static int
readdir_fd(struct inode *dir, int pid, uint64_t *pos, fs_filldir_fn fill,
    void *ctx)
{
	int *fds = kmalloc(PROCINFO_FD_MAX * sizeof(*fds));
	char name[16];
	int n, i;

	if (fds == NULL)
		return -ENOMEM;
	n = procinfo_fds(pid, fds, PROCINFO_FD_MAX);
	if (n < 0) {
		kfree(fds);
		return -ENOENT;
	}
	if (!fs_readdir_dots(dir, pos, fill, ctx))
		n = 0;
	/* Linux's proc_readfd_common(): descriptor fd sits at fd + 2. */
	for (i = 0; i < n; i++) {
		uint64_t at = FS_DIR_POS_FIRST + (uint64_t)fds[i];
		int len;

		if (fds[i] < 0 || at < *pos)
			continue;
		len = ksnprintf(name, sizeof(name), "%d", fds[i]);
		if (!fill(ctx, name, (size_t)len, procfs_ino(pid, PK_FD_LINK, fds[i]),
		    fs_dtype(S_IFLNK), at + 1))
			break;
		*pos = at + 1;
	}
	kfree(fds);
	return 0;
}

static int
procfs_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill,
    void *ctx)
{
	int pid = procfs_ino_pid(dir->ino);
	struct procinfo p;

	inode_touch_atime(dir);
	switch (procfs_ino_kind(dir->ino)) {
	case PK_ROOT:
		return readdir_root(dir, pos, fill, ctx);
	case PK_PID_DIR:
		/* A process that has gone reads as a removed directory. */
		if (procinfo_get(pid, &p) != 0)
			return -ENOENT;
		if (fs_readdir_dots(dir, pos, fill, ctx))
			(void)emit_table(pid_entries, NELEM(pid_entries), pid, pos,
			    fill, ctx);
		return 0;
	case PK_FD_DIR:
		return readdir_fd(dir, pid, pos, fill, ctx);
	case PK_SYS_DIR:
		if (fs_readdir_dots(dir, pos, fill, ctx))
			(void)emit_table(sys_entries, NELEM(sys_entries), 0, pos,
			    fill, ctx);
		return 0;
	case PK_SYS_FS_DIR:
		if (fs_readdir_dots(dir, pos, fill, ctx))
			(void)emit_table(sys_fs_entries, NELEM(sys_fs_entries), 0,
			    pos, fill, ctx);
		return 0;
	case PK_SYS_MQUEUE_DIR:
		if (!fs_readdir_dots(dir, pos, fill, ctx))
			return 0;
		for (; *pos - FS_DIR_POS_FIRST < procfs_mqueue_nsysctls; (*pos)++) {
			size_t i = (size_t)(*pos - FS_DIR_POS_FIRST);
			const char *n = procfs_mqueue_sysctls[i].name;

			if (!fill(ctx, n, strlen(n), procfs_ino(0, PK_SYSCTL, (int)i),
			    fs_dtype(S_IFREG), *pos + 1))
				break;
		}
		return 0;
	default:
		return -ENOTDIR;
	}
}

/* cmdline and environ: the process's own bytes, not text we format. */
static long
read_args(int pid, int env, void *buf, size_t len, int64_t off)
{
	size_t want;
	char *tmp;
	long n;

	if ((uint64_t)off >= ARGS_MAX)
		return 0;
	want = (size_t)off + len;
	if (want > ARGS_MAX || want < len)
		want = ARGS_MAX;
	tmp = kmalloc(want);
	if (tmp == NULL)
		return -ENOMEM;
	n = procinfo_args(pid, env, tmp, want);
	if (n > (long)want)
		n = (long)want;
	if (n > off) {
		n -= off;
		memcpy(buf, tmp + off, (size_t)n);
	} else if (n > 0) {
		n = 0;
	}
	kfree(tmp);
	return n;
}

/*
 * Linux's FDSize: the size of the descriptor table, 64 (BITS_PER_LONG)
 * until a descriptor beyond it is opened.  procinfo reports descriptors,
 * not the table, so this is the smallest power of two that would hold
 * them.
 */
static int
fd_table_size(int pid)
{
	int *fds = kmalloc(PROCINFO_FD_MAX * sizeof(*fds));
	int n, size = 64;

	if (fds == NULL)
		return size;
	n = procinfo_fds(pid, fds, PROCINFO_FD_MAX);
	while (n > 0 && fds[n - 1] >= size)
		size *= 2;
	kfree(fds);
	return size;
}

/* Formats the whole file, then hands out the part asked for. */
static long
read_text(enum procfs_kind kind, int pid, void *buf, size_t len, int64_t off)
{
	struct procfs_buf b;
	struct procinfo p;
	long r = 0;
	int fdsize = 0;

	pbuf_init(&b);
	if (pid != 0) {
		/* Before procinfo_get, whose groups the next call may reuse. */
		if (kind == PK_STATUS)
			fdsize = fd_table_size(pid);
		if (procinfo_get(pid, &p) != 0)
			r = -ESRCH;
		else
			r = procfs_pid_text(kind, &p, fdsize, &b);
	} else {
		r = procfs_sys_text(kind, &b);
	}
	if (r == 0 && b.oom)
		r = -ENOMEM;
	if (r == 0 && (uint64_t)off < b.len) {
		r = (long)(b.len - (size_t)off < len ? b.len - (size_t)off : len);
		memcpy(buf, b.data + off, (size_t)r);
	}
	pbuf_free(&b);
	return r;
}

/* A setting's value as text. */
static long
read_sysctl(int idx, void *buf, size_t len, int64_t off)
{
	char text[24];
	int n;

	if (idx < 0 || (size_t)idx >= procfs_mqueue_nsysctls)
		return -ENOENT;
	n = ksnprintf(text, sizeof(text), "%ld\n",
	    procfs_mqueue_sysctls[idx].get());
	if ((uint64_t)off >= (uint64_t)n)
		return 0;
	if (len > (size_t)n - (size_t)off)
		len = (size_t)n - (size_t)off;
	memcpy(buf, text + off, len);
	return (long)len;
}

/*
 * Linux's proc_dointvec_minmax() for one value: blanks, an optional
 * sign, decimal digits, blanks or a newline; anything else, or nothing,
 * is EINVAL.  Writes past the start are ignored whole (sysctl_writes_strict).
 */
static long
procfs_write(struct inode *ino, const void *buf, size_t len, int64_t off)
{
	const char *p = buf, *end = p + len;
	int idx = procfs_ino_fd(ino->ino);
	bool neg = false, digits = false;
	long v = 0;
	int r;

	if (procfs_ino_kind(ino->ino) != PK_SYSCTL)
		return -EINVAL;
	if (off != 0)
		return (long)len;
	if (idx < 0 || (size_t)idx >= procfs_mqueue_nsysctls)
		return -ENOENT;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (0x7fffffffL - (*p - '0')) / 10)
			return -EINVAL;
		v = v * 10 + (*p - '0');
		digits = true;
	}
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	if (!digits || p != end)
		return -EINVAL;
	r = procfs_mqueue_sysctls[idx].set(neg ? -v : v);
	return r != 0 ? r : (long)len;
}

/* Only the settings under /proc/sys take writes. */
static bool
procfs_writable(const struct inode *ino)
{
	return procfs_ino_kind(ino->ino) == PK_SYSCTL;
}

static long
procfs_read(struct inode *ino, void *buf, size_t len, int64_t off)
{
	enum procfs_kind kind = procfs_ino_kind(ino->ino);
	int pid = procfs_ino_pid(ino->ino);

	if (kind == PK_SYSCTL)
		return read_sysctl(procfs_ino_fd(ino->ino), buf, len, off);
	if (kind == PK_CMDLINE || kind == PK_ENVIRON)
		return read_args(pid, kind == PK_ENVIRON, buf, len, off);
	return read_text(kind, pid, buf, len, off);
}

/*
 * What stat shows beyond the inode: size 0 (64 for an fd link) and no
 * blocks, as Linux's proc reports, the current owner of a process's
 * files (Linux's pid_getattr re-reads it), and /proc's link count of two
 * plus one per process.
 */
static void
procfs_getattr(const struct inode *ino, struct fs_stat *st)
{
	enum procfs_kind kind = procfs_ino_kind(ino->ino);
	int pid = procfs_ino_pid(ino->ino);
	struct procinfo p;

	st->size = kind == PK_FD_LINK ? FD_LINK_SIZE : 0;
	st->blocks = 0;
	st->blksize = PROC_BLKSIZE;
	if (pid != 0 && procinfo_get(pid, &p) == 0)
		dump_owner(&p, ino->mode, &st->uid, &st->gid);
	if (kind == PK_ROOT) {
		int n;
		int *pids = all_pids(&n);

		if (pids != NULL) {
			st->nlink = 2 + (uint32_t)n;
			kfree(pids);
		}
	}
}

static const struct fs_dyn_ops procfs_ops = {
	.lookup = procfs_lookup,
	.readdir = procfs_readdir,
	.read = procfs_read,
	.getattr = procfs_getattr,
	.writable = procfs_writable,
	.write = procfs_write,
};

struct fs_sb *
procfs_create(uint32_t dev_major, uint32_t dev_minor)
{
	struct fs_sb *sb = kzalloc(sizeof(*sb));

	if (sb == NULL)
		return NULL;
	sb->dev_major = dev_major;
	sb->dev_minor = dev_minor;
	sb->dyn = &procfs_ops;
	sb->root = inode_new(sb, S_IFDIR | 0555);
	if (sb->root == NULL) {
		kfree(sb);
		return NULL;
	}
	sb->root->ino = PROCFS_ROOT_INO;
	sb->root->nlink = 2;
	return sb;
}

int
procfs_destroy(struct fs_sb *sb)
{
	struct inode *root = sb->root;

	if (sb->mountpoint != NULL || sb->nmounts != 0)
		return -EBUSY;
	sb->root = NULL;
	sb->dying = true;
	/* The fs_sb goes with its last inode, which may be the root now. */
	fs_put(root);
	return 0;
}
