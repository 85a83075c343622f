/*
 * shebang.c - "#!" scripts, parsed as Linux's fs/binfmt_script.c does.
 *
 * The file's first bytes are copied into a NUL-padded window of
 * BINPRM_BUF_SIZE bytes, exactly the buffer Linux parses, and the window is
 * then scanned with Linux's own steps in the same order.  Keeping the
 * steps, rather than a tidier grammar, is what keeps the edge cases (NULs,
 * a missing newline, a "\r") identical.  Only the local copy is read, so a
 * short file can never cause a read past its end.
 */
#include <stdbool.h>
#include <stddef.h>

#include <linux/binfmts.h>
#include <linux/errno.h>

#include "lib/kstring.h"
#include "proc/shebang.h"

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The first character in [p, last] that is not a blank, or NULL. */
static const char *
next_non_blank(const char *p, const char *last)
{
	for (; p <= last; p++)
		if (!blank(*p))
			return p;
	return NULL;
}

/* The first blank or NUL in [p, last], or NULL. */
static const char *
next_terminator(const char *p, const char *last)
{
	for (; p <= last; p++)
		if (blank(*p) || *p == '\0')
			return p;
	return NULL;
}

/*
 * Where the line ends: its newline, looked for only up to the first NUL
 * (Linux uses strnchr); without one, the window's last byte, provided the
 * path visibly ended before it.  NULL when the path may have been cut.
 */
static const char *
line_end(const char *buf, size_t size)
{
	const char *last = buf + size - 1;
	const char *p;

	for (p = buf; p <= last && *p != '\0'; p++)
		if (*p == '\n')
			return p;
	p = next_non_blank(buf + 2, last);
	if (p == NULL || next_terminator(p, last) == NULL)
		return NULL;
	return last;
}

/* Copies n bytes and a NUL; -ENAMETOOLONG when they do not fit. */
static int
copy_out(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

bool
shebang_is_script(const void *head, size_t len)
{
	const char *p = head;

	return head != NULL && len >= 2 && p[0] == '#' && p[1] == '!';
}

int
shebang_parse(const void *head, size_t len, char *interp,
    size_t interp_size, char *arg, size_t arg_size, bool *has_arg)
{
	char buf[BINPRM_BUF_SIZE];
	const char *end, *name, *sep, *a;
	int r;

	if ((head == NULL && len > 0) || interp == NULL || arg == NULL ||
	    has_arg == NULL || interp_size == 0 || arg_size == 0)
		return -EINVAL;
	interp[0] = '\0';
	arg[0] = '\0';
	*has_arg = false;

	memset(buf, 0, sizeof(buf));
	if (len > 0)
		memcpy(buf, head, len < sizeof(buf) ? len : sizeof(buf));
	if (buf[0] != '#' || buf[1] != '!')
		return -ENOEXEC;

	end = line_end(buf, sizeof(buf));
	if (end == NULL)
		return -ENOEXEC;
	/* Stops at the '!' at the latest. */
	while (blank(end[-1]))
		end--;
	name = next_non_blank(buf + 2, end);
	if (name == NULL || name == end)
		return -ENOEXEC;

	sep = next_terminator(name, end);
	a = NULL;
	if (sep != NULL && *sep != '\0')
		a = next_non_blank(sep, end);
	if (sep == NULL)
		sep = end;
	/*
	 * A NUL right after "#!" and its blanks (or a file that ends there)
	 * gives Linux the path "": it resolves to the working directory,
	 * which is not a regular file, so execve fails with EACCES.
	 */
	if (sep == name)
		return -EACCES;

	r = copy_out(interp, interp_size, name, (size_t)(sep - name));
	if (r == 0 && a != NULL) {
		/* Linux ends the line with a NUL at end; an earlier NUL wins. */
		r = copy_out(arg, arg_size, a, strnlen(a, (size_t)(end - a)));
		*has_arg = r == 0;
	}
	if (r != 0) {
		interp[0] = '\0';
		arg[0] = '\0';
	}
	return r;
}

long
shebang_argv(const char *interp, const char *arg, const char *filename,
    const char *const *argv, size_t argc, const char **out, size_t out_max)
{
	size_t n = 0, i, need;

	if (interp == NULL || filename == NULL || out == NULL ||
	    (argc > 0 && argv == NULL))
		return -EINVAL;
	/* argv[0] is dropped; checked first so the sum cannot wrap. */
	if (argc > out_max)
		return -E2BIG;
	need = (arg != NULL ? 3 : 2) + (argc > 0 ? argc - 1 : 0);
	if (need > out_max)
		return -E2BIG;

	out[n++] = interp;
	if (arg != NULL)
		out[n++] = arg;
	out[n++] = filename;
	for (i = 1; i < argc; i++)
		out[n++] = argv[i];
	return (long)n;
}
