/*
 * exec.c - execve: find the file, follow "#!", load a static ELF image,
 * lay out the stack, and switch the process over.
 *
 * Only the headers are read into the kernel (exec_file.head); the
 * segments are private mappings of the file, as Linux maps them, so the
 * text shares the file's pages and a page is copied only when written
 * (the partial page before .bss is, at once, to zero its tail).
 * Dynamically linked programs are refused with a message: the loader for
 * PT_INTERP is later work of the Linux ABI issue.
 */
#include "proc/exec.h"
#include "cred/cred.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/usermode.h"
#include "fs/fd.h"
#include "fs/file.h"
#include "fs/inode.h"
#include "fs/namei.h"
#include "fs/perm.h"
#include "fs/vfs.h"
#include "lib/cmdline.h"
#include "lib/kstring.h"
#include "lib/printk.h"
#include "lib/random.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/elf.h"
#include "proc/posix_timer.h"
#include "proc/process.h"
#include "proc/process_internal.h"
#include "proc/shebang.h"
#include "proc/ustack.h"
#include "sys/syscall.h"

#include <linux/auxvec.h>
#include <linux/binfmts.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/mman.h>
#include <linux/stat.h>

/* Where a position-independent executable goes: Linux's ELF_ET_DYN_BASE
   for x86-64 (two thirds of the 47-bit space), page-aligned. */
#define ET_DYN_BASE 0x555555554000ULL
/* The stack area made at exec; it grows on demand up to STACK_MAX. */
#define STACK_INITIAL (128ULL << 10)
/* The most of a file read to find its program headers: Linux reads the
   table wherever it is, but a table a megabyte in is no real program. */
#define EXEC_HEAD_MAX (1ULL << 20)

struct exec_file {
	char *resolved;  /* its absolute path after symlinks (kmalloc) */
	struct inode *ino; /* a reference */
	uint8_t *head;   /* the first head_len bytes of the file (kmalloc) */
	size_t head_len;
	uint64_t size;
	struct cred_exec_file id; /* its set-id facts, for cred_exec */
};

static void exec_file_free(struct exec_file *f)
{
	kfree(f->head);
	kfree(f->resolved);
	fs_put(f->ino);
	memset(f, 0, sizeof(*f));
}

/* Reads the first n bytes of the file into f->head (replacing it). */
static int read_head(struct exec_file *f, size_t n)
{
	uint8_t *buf = kmalloc(n ? n : 1);

	if (!buf)
		return -ENOMEM;
	if (fs_read(f->ino, buf, n, 0) != (long)n) {
		kfree(buf);
		return -EIO;
	}
	kfree(f->head);
	f->head = buf;
	f->head_len = n;
	return 0;
}

/* The absolute path of what a walk found: its directory's path and its
   name (after symlinks), as /proc/PID/exe shows it. */
static char *resolved_path(const struct fs_ctx *ctx, const struct fs_nameidata *nd)
{
	char *buf = kmalloc(PATH_MAX);

	if (!buf)
		return 0;
	long n = vfs_inode_path(ctx->root, nd->dir, buf, PATH_MAX);
	size_t len = n > 1 ? (size_t)n : 0;
	if (n < 0 || len + 1 + nd->len >= PATH_MAX) {
		kfree(buf);
		return 0;
	}
	buf[len] = '/';
	memcpy(buf + len + 1, nd->name, nd->len);
	buf[len + 1 + nd->len] = 0;
	return buf;
}

/*
 * Finds path (following symlinks) for the calling process, checks that
 * it may be executed, and reads its headers (the first page, or up to
 * the end of the ELF program header table).  exec_file_free undoes it.
 */
static int exec_find_file(const char *path, struct exec_file *f)
{
	struct fs_ctx ctx;
	struct fs_nameidata nd;
	struct inode *ino;

	memset(f, 0, sizeof(*f));
	int r = vfs_ctx_at(AT_FDCWD, &ctx);
	if (!r)
		r = fs_walk(&ctx, path, FS_WALK_FOLLOW, &nd);
	if (r)
		return r;
	ino = nd.inode ? fs_get(nd.inode) : 0;
	f->resolved = ino ? resolved_path(&ctx, &nd) : 0;
	fs_nd_put(&nd);
	if (!ino)
		return -ENOENT;
	f->ino = ino;
	f->size = ino->size;
	f->id = (struct cred_exec_file){
		.mode = ino->mode, .uid = ino->uid, .gid = ino->gid,
		.ignore_setid = ino->sb->nosuid || process_current()->no_new_privs,
	};
	/* A noexec mount refuses like a file without execute permission
	   (Linux's do_open_execat and path_noexec). */
	if (!S_ISREG(ino->mode) || ino->sb->noexec)
		r = -EACCES;
	else if (fs_permission(ino, ctx.cred, FS_MAY_EXEC))
		r = -EACCES;
	if (!r)
		r = read_head(f, f->size < ELF_HEAD_MIN ? (size_t)f->size : ELF_HEAD_MIN);
	if (!r) {
		uint64_t need = elf_head_needed(f->head, f->head_len);
		/* A table past the file's end or EXEC_HEAD_MAX is left for
		   elf_parse_head to refuse. */
		if (need > f->head_len && need <= f->size && need <= EXEC_HEAD_MAX)
			r = read_head(f, (size_t)need);
	}
	if (r)
		exec_file_free(f);
	return r;
}

/* Rewrites argv for a script: interpreter, its argument, the script. */
static int apply_shebang(struct exec_args *a, const char *path, const char *interp,
                         const char *arg, bool has_arg)
{
	struct strlist nl = { 0 };
	int r = strlist_add(&nl, interp, strlen(interp));
	if (!r && has_arg)
		r = strlist_add(&nl, arg, strlen(arg));
	if (!r)
		r = strlist_add(&nl, path, strlen(path));
	/* The original argv[0] is dropped, as Linux does. */
	const char *s = a->argv.buf;
	for (int i = 0; !r && i < a->argv.count; i++) {
		size_t n = strlen(s);
		if (i > 0)
			r = strlist_add(&nl, s, n);
		s += n + 1;
	}
	if (r) {
		kfree(nl.buf);
		return r;
	}
	kfree(a->argv.buf);
	a->argv = nl;
	return 0;
}

/* Executes one segment's plan (struct elf_map) with file mapped. */
static int map_segment(struct mm *mm, struct file *file, const struct elf_map *m)
{
	static const uint8_t zeros[PAGE_SIZE];
	uint64_t out;
	int r = 0;

	if (m->file_end > m->start)
		r = mm_map_file(mm, m->start, m->file_end - m->start, m->prot, 0, true, file,
		                m->file_offset / PAGE_SIZE, &out);
	/* The tail of the last file page is .bss: it must read as zero, so
	   that page becomes the process's own copy now. */
	if (!r && m->zero_start < m->file_end &&
	    mm_write(mm, m->zero_start, zeros, m->file_end - m->zero_start))
		r = -ENOMEM;
	if (!r && m->end > m->file_end)
		r = mm_map(mm, m->file_end, m->end - m->file_end, m->prot, 0, true, &out);
	return r;
}

static int map_image(struct mm *mm, const struct exec_file *f, const struct elf_plan *plan)
{
	int r;
	struct file *file = vfs_file_open(fs_get(f->ino), O_RDONLY, &r);

	if (!file)
		return r;
	/* /proc/PID/maps names the program on its areas, as Linux does. */
	size_t n = strlen(f->resolved) + 1;
	file->path = kmalloc(n);
	if (file->path)
		memcpy(file->path, f->resolved, n);
	for (size_t i = 0; !r && i < plan->nmaps; i++) {
		const struct elf_map *m = &plan->maps[i];
		r = m->file_offset + m->file_bytes > f->size ? -ENOEXEC : map_segment(mm, file, m);
	}
	file_put(file); /* the areas hold their own references */
	return r;
}

static size_t fill_aux(struct ustack_aux *aux, const struct elf_info *info,
                       const struct elf_plan *plan, const struct cred *cred)
{
	uint32_t a, b, c, d;
	size_t n = 0;

	cpuid(1, 0, &a, &b, &c, &d);
	aux[n++] = (struct ustack_aux){ AT_HWCAP, d };
	aux[n++] = (struct ustack_aux){ AT_PAGESZ, PAGE_SIZE };
	aux[n++] = (struct ustack_aux){ AT_CLKTCK, 100 }; /* USER_HZ */
	aux[n++] = (struct ustack_aux){ AT_PHDR, plan->phdr };
	aux[n++] = (struct ustack_aux){ AT_PHENT, info->phent };
	aux[n++] = (struct ustack_aux){ AT_PHNUM, info->phnum };
	aux[n++] = (struct ustack_aux){ AT_BASE, 0 };
	aux[n++] = (struct ustack_aux){ AT_FLAGS, 0 };
	aux[n++] = (struct ustack_aux){ AT_ENTRY, plan->entry };
	/* The ids the program will run with, set-id bits applied. */
	aux[n++] = (struct ustack_aux){ AT_UID, cred->uid };
	aux[n++] = (struct ustack_aux){ AT_EUID, cred->euid };
	aux[n++] = (struct ustack_aux){ AT_GID, cred->gid };
	aux[n++] = (struct ustack_aux){ AT_EGID, cred->egid };
	aux[n++] = (struct ustack_aux){ AT_SECURE, cred_exec_secure(cred) };
	aux[n++] = (struct ustack_aux){ AT_RANDOM, 0 };
	aux[n++] = (struct ustack_aux){ AT_HWCAP2, 0 };
	aux[n++] = (struct ustack_aux){ AT_EXECFN, 0 };
	aux[n++] = (struct ustack_aux){ AT_PLATFORM, 0 };
	/* A signal frame: the FPU state plus the frame around it. */
	aux[n++] = (struct ustack_aux){ AT_MINSIGSTKSZ, fpu_state_size() + 1024 };
	return n;
}

static int build_stack(struct mm *mm, const char *execfn, struct exec_args *args,
                       const struct elf_info *info, const struct elf_plan *plan, uint64_t *sp)
{
	struct ustack_aux aux[USTACK_MAX_AUX];
	uint8_t rnd[USTACK_RANDOM_SIZE];
	const char **argv = strlist_vector(&args->argv);
	const char **envp = strlist_vector(&args->envp);
	size_t bufsize = args->argv.used + args->envp.used + strlen(execfn) + 65536;
	uint8_t *buf = kmalloc(bufsize);
	int r = -ENOMEM;

	if (!argv || !envp || !buf)
		goto out;
	random_fill(rnd, sizeof(rnd));
	struct ustack_args ua = {
		.argv = argv, .argc = (size_t)args->argv.count,
		.envp = envp, .envc = (size_t)args->envp.count,
		.execfn = execfn,
		.aux = aux, .naux = fill_aux(aux, info, plan, args->cred),
		.random = rnd,
		.stack_top = STACK_TOP,
		.rlim_stack = STACK_MAX,
	};
	struct ustack_layout lay;
	r = ustack_build(&ua, buf, bufsize, &lay);
	if (r)
		goto out;
	uint64_t size = (lay.size + STACK_INITIAL + PAGE_SIZE - 1) & PAGE_MASK;
	uint64_t out;
	/* PT_GNU_STACK with PF_X asks for an executable stack. */
	int prot = PROT_READ | PROT_WRITE | (info->exec_stack ? PROT_EXEC : 0);
	r = mm_map(mm, STACK_TOP - size, size, prot, VMA_GROWSDOWN, true, &out);
	if (!r)
		r = mm_write(mm, lay.sp, buf + bufsize - lay.size, lay.size) ? -ENOMEM : 0;
	*sp = lay.sp;
	mm->arg_start = lay.arg_start;
	mm->arg_end = lay.arg_end;
	mm->env_start = lay.env_start;
	mm->env_end = lay.env_end;
out:
	kfree(argv);
	kfree(envp);
	kfree(buf);
	return r;
}

static int load_elf(const char *execfn, const struct exec_file *f, struct exec_args *args,
                    struct mm **mm_out, struct trap_frame *tf)
{
	struct elf_info info;
	struct elf_plan plan;
	uint64_t bias = 0, sp = 0;

	int r = elf_parse_head(f->head, f->head_len, f->size, &info);
	if (r)
		return r;
	if (info.interp) {
		pr_notice("exec: %s is dynamically linked (%s); only static programs run so far\n",
		          execfn, info.interp);
		return -ENOEXEC;
	}
	if (info.pie && (r = elf_choose_bias(&info, ET_DYN_BASE, &bias)))
		return r;
	r = elf_make_plan(&info, bias, MMAP_MIN_ADDR, STACK_TOP - STACK_MAX, &plan);
	if (r)
		return r;
	struct mm *mm = mm_create();
	if (!mm)
		return -ENOMEM;
	r = map_image(mm, f, &plan);
	if (!r) {
		mm->brk_start = mm->brk = plan.brk;
		r = build_stack(mm, execfn, args, &info, &plan, &sp);
	}
	if (r) {
		mm_put(mm);
		return r;
	}
	memset(tf, 0, sizeof(*tf));
	tf->rip = plan.entry;
	tf->rsp = sp;
	tf->rflags = RFLAGS_IF | 0x2; /* bit 1 is always set */
	tf->cs = GDT_USER_CODE | 3;
	tf->ss = GDT_USER_DATA | 3;
	*mm_out = mm;
	return 0;
}

int exec_load(const char *path, struct exec_args *args, struct mm **mm_out,
              struct trap_frame *tf)
{
	struct exec_file f;
	int r = exec_find_file(path, &f);

	if (r)
		return r;
	if (shebang_is_script(f.head, f.head_len)) {
		char interp[BINPRM_BUF_SIZE], arg[BINPRM_BUF_SIZE];
		bool has_arg;
		r = shebang_parse(f.head, f.head_len, interp, sizeof(interp), arg, sizeof(arg),
		                  &has_arg);
		if (!r)
			r = apply_shebang(args, path, interp, arg, has_arg);
		exec_file_free(&f); /* a script's exe is its interpreter */
		if (!r)
			r = exec_find_file(interp, &f);
		if (r)
			return r;
		if (shebang_is_script(f.head, f.head_len)) {
			exec_file_free(&f);
			return -ENOEXEC; /* one level of interpreter, for now */
		}
	}
	/* The credentials come from the program that actually runs: for a
	   script its interpreter, so a set-id script changes nothing (as in
	   Linux, where bprm->file is the interpreter by then). */
	cred_put(args->cred);
	args->cred = cred_prepare(process_current()->cred);
	if (args->cred) {
		cred_exec(args->cred, &f.id);
		r = load_elf(path, &f, args, mm_out, tf);
	} else {
		r = -ENOMEM;
	}
	kfree(args->exe_path);
	args->exe_path = r ? 0 : f.resolved;
	if (!r)
		f.resolved = 0; /* taken over */
	exec_file_free(&f);
	return r;
}

/* The last component of a path, as /proc/PID/comm shows it. */
static void set_comm(struct process *p, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strnlen(base, COMM_MAX - 1);
	memcpy(p->comm, base, n);
	p->comm[n] = 0;
	/* The exec'ing thread is the only one left, and its name is the
	   process's. */
	memcpy(thread_current()->name, p->comm, n + 1);
}

/* The executable's resolved path, for /proc/PID/exe (taken over). */
static void set_exe(struct process *p, char *resolved)
{
	kfree(p->exe);
	p->exe = resolved;
}

/*
 * Switches the calling process to a loaded image and the credentials
 * exec_load made for it (both taken over): the point of no return.
 */
static void exec_commit(struct process *p, struct mm *mm, const char *path, char *exe,
                        struct cred *cred)
{
	struct thread *t = thread_current();

	/* The new image starts with this thread alone (Linux's de_thread). */
	process_kill_other_threads();
	struct mm *old = p->mm;

	p->mm = mm;
	mm_activate(mm);
	if (old)
		mm_put(old);
	if (p->fds)
		fd_close_on_exec(p->fds);
	set_comm(p, path);
	set_exe(p, exe);
	/* Linux's begin_new_exec: a program running with ids other than
	   the real ones is not dumpable, so its /proc files are root's. */
	p->not_dumpable = cred->uid != cred->euid || cred->gid != cred->egid;
	cred_put(process_swap_cred(p, cred));
	signal_exec(p);
	posix_timer_exit(p);
	p->did_exec = true;
	t->clear_child_tid = 0;
	process_vfork_release(p);
	t->fs_base = 0;
	wrmsr(MSR_FS_BASE, 0);
	fpu_reset(t->fpu);
	fpu_restore(t->fpu);
}

/* Takes the loaded image, path and credentials out of args and commits. */
static void exec_commit_args(struct process *p, struct mm *mm, const char *path,
                             struct exec_args *args)
{
	char *exe = args->exe_path;
	struct cred *cred = args->cred;

	args->exe_path = 0;
	args->cred = 0;
	exec_commit(p, mm, path, exe, cred);
}

SYSCALL_DEFINE3(execve, const char *, upath, const char *const *, uargv,
                const char *const *, uenvp)
{
	char path[PATH_MAX];
	struct exec_args args;
	struct mm *mm;
	struct trap_frame tf;

	long n = strncpy_from_user(path, upath, sizeof(path));
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT;
	exec_args_init(&args);
	int r = strlist_add_user(&args.argv, uargv);
	if (!r)
		r = strlist_add_user(&args.envp, uenvp);
	if (!r)
		r = exec_load(path, &args, &mm, &tf);
	if (!r)
		exec_commit_args(process_current(), mm, path, &args);
	exec_args_free(&args);
	if (r)
		return r;
	*arch_user_frame(thread_current()) = tf;
	return 0;
}

/* The kernel command line's words after "--" are init's arguments. */
static int add_init_args(struct strlist *argv, const char *cmdline)
{
	struct cmdline_arg a;
	const char *cur = cmdline;
	bool after = false;
	int r = 0;

	while (!r && cmdline_next(&cur, &a)) {
		if (!after) {
			after = !a.value && a.key_len == 2 && a.key[0] == '-' && a.key[1] == '-';
			continue;
		}
		r = strlist_add(argv, a.key, a.value ? (size_t)(a.value + a.value_len - a.key)
		                                     : a.key_len);
	}
	return r;
}

int process_start_init(const char *path, const char *cmdline)
{
	static struct trap_frame init_tf; /* not on the stack arch_enter_user reuses */
	struct thread *t = thread_current();
	struct exec_args args;
	struct mm *mm;

	struct process *p = process_create_init();
	if (!p)
		return -ENOMEM;
	exec_args_init(&args);
	int r = strlist_add(&args.argv, path, strlen(path));
	if (!r)
		r = add_init_args(&args.argv, cmdline);
	if (!r)
		r = strlist_add(&args.envp, "HOME=/", 6);
	if (!r)
		r = strlist_add(&args.envp, "TERM=linux", 10);
	if (!r)
		r = exec_load(path, &args, &mm, &init_tf);
	if (!r)
		exec_commit_args(p, mm, path, &args);
	exec_args_free(&args);
	if (r) {
		process_destroy_init(p);
		return r;
	}
	pr_info("cub: starting %s as pid 1\n", path);
	arch_enter_user(t, &init_tf);
}
