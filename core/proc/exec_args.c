/*
 * exec_args.c - copying argv and envp into the kernel for execve.
 *
 * The strings must be copied before the old address space goes, and
 * they are bounded like Linux's: each string by MAX_ARG_STRLEN, all of
 * them together by EXEC_ARGS_MAX.
 */
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/paging.h" /* PAGE_SIZE, for MAX_ARG_STRLEN */
#include "mm/uaccess.h"
#include "proc/exec.h"
#include "cred/cred.h"

#include <linux/binfmts.h>
#include <linux/errno.h>

void exec_args_init(struct exec_args *a)
{
	memset(a, 0, sizeof(*a));
}

void exec_args_free(struct exec_args *a)
{
	kfree(a->argv.buf);
	kfree(a->envp.buf);
	kfree(a->exe_path);
	cred_put(a->cred);
	memset(a, 0, sizeof(*a));
}

static int reserve(struct strlist *l, size_t more)
{
	if (l->used + more <= l->size)
		return 0;
	if (l->used + more > EXEC_ARGS_MAX)
		return -E2BIG;
	size_t size = l->size ? l->size : 4096;
	while (size < l->used + more)
		size *= 2;
	char *b = kmalloc(size);
	if (!b)
		return -ENOMEM;
	if (l->used)
		memcpy(b, l->buf, l->used);
	kfree(l->buf);
	l->buf = b;
	l->size = size;
	return 0;
}

int strlist_add(struct strlist *l, const char *s, size_t len)
{
	if (len + 1 > MAX_ARG_STRLEN)
		return -E2BIG;
	int r = reserve(l, len + 1);
	if (r)
		return r;
	memcpy(l->buf + l->used, s, len);
	l->buf[l->used + len] = 0;
	l->used += len + 1;
	l->count++;
	return 0;
}

int strlist_add_user(struct strlist *l, const char *const *uarr)
{
	if (!uarr)
		return 0;
	for (int i = 0;; i++) {
		const char *us;
		if (copy_from_user(&us, &uarr[i], sizeof(us)))
			return -EFAULT;
		if (!us)
			return 0;
		/* Copy straight into the buffer, growing it as needed. */
		for (size_t want = 256;; want *= 2) {
			if (want > MAX_ARG_STRLEN)
				want = MAX_ARG_STRLEN;
			int r = reserve(l, want);
			if (r)
				return r;
			long n = strncpy_from_user(l->buf + l->used, us, want);
			if (n == -EFAULT)
				return -EFAULT;
			if (n >= 0) {
				l->used += (size_t)n + 1;
				l->count++;
				break;
			}
			if (want == MAX_ARG_STRLEN)
				return -E2BIG;
		}
	}
}

const char **strlist_vector(const struct strlist *l)
{
	const char **v = kmalloc(((size_t)l->count + 1) * sizeof(char *));

	if (!v)
		return 0;
	const char *s = l->buf;
	for (int i = 0; i < l->count; i++) {
		v[i] = s;
		s += strlen(s) + 1;
	}
	v[l->count] = 0;
	return v;
}
