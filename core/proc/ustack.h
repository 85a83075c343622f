/*
 * ustack.h - the initial user stack of a new program, laid out as Linux's
 * execve does (fs/exec.c, then create_elf_tables() in fs/binfmt_elf.c;
 * System V AMD64 ABI, section 3.4.1).
 *
 * Portable: compiled into the kernel and into the host unit tests.  The
 * builder writes the stack's top part into a kernel buffer that stands for
 * the user addresses [stack_top - buf_size, stack_top); the kernel then
 * copies the used part, [sp, stack_top), to the top of the new stack.
 * From the top down:
 *
 *	8 zero bytes			(Linux keeps the top word empty)
 *	execfn string			AT_EXECFN points here
 *	envp strings			envp[0] lowest
 *	argv strings			argv[0] lowest
 *	  padding to 16 bytes
 *	"x86_64"			AT_PLATFORM points here
 *	16 random bytes			AT_RANDOM points here
 *	  padding so that sp is 16-byte aligned
 *	auxv pairs, ending with AT_NULL
 *	NULL, envp pointers
 *	NULL, argv pointers
 *	argc				<- sp
 *
 * Linux also moves the stack down by a random amount below 8 KiB (when
 * randomization is on) before the platform string; a kernel that wants
 * that passes a lower, still 16-byte aligned, stack_top.
 */
#ifndef CUB_PROC_USTACK_H
#define CUB_PROC_USTACK_H

#include <stddef.h>
#include <stdint.h>

#include <linux/auxvec.h>
#include <linux/binfmts.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What AT_PLATFORM names on x86-64 (Linux's utsname machine). */
#define USTACK_PLATFORM "x86_64"

/* The bytes AT_RANDOM points at. */
#define USTACK_RANDOM_SIZE 16

/*
 * Most auxiliary entries a caller may pass (Linux's saved_auxv holds
 * about 25 pairs).
 */
#define USTACK_MAX_AUX 48

/*
 * Longest argument or environment string, NUL included: Linux's
 * MAX_ARG_STRLEN, which the UAPI header writes in terms of a PAGE_SIZE it
 * leaves undefined; ustack.c evaluates it with x86-64's 4 KiB page.
 */
extern const size_t ustack_max_arg_strlen;

struct ustack_aux {
	uint64_t type;		/* AT_* */
	uint64_t value;
};

struct ustack_args {
	const char *const *argv;	/* argc strings */
	size_t argc;
	const char *const *envp;	/* envc strings */
	size_t envc;
	const char *execfn;	/* the path given to execve, for AT_EXECFN */
	/*
	 * The auxiliary vector in the order wanted, without AT_NULL.  An
	 * AT_RANDOM, AT_EXECFN or AT_PLATFORM entry is a placeholder whose
	 * value the builder writes; those missing are appended, in that
	 * order, before AT_NULL.
	 */
	const struct ustack_aux *aux;
	size_t naux;
	const uint8_t *random;	/* USTACK_RANDOM_SIZE bytes */
	uint64_t stack_top;	/* user address, 16-byte aligned */
	uint64_t rlim_stack;	/* RLIMIT_STACK soft limit, or RLIM_INFINITY */
};

/* Where everything landed: user addresses. */
struct ustack_layout {
	uint64_t sp;		/* initial rsp, at argc; 16-byte aligned */
	size_t size;		/* stack_top - sp: the bytes to copy */
	uint64_t argc;		/* as written: 1 when argv was empty */
	uint64_t argv;		/* the argv pointer array: sp + 8 */
	uint64_t envp;		/* the envp pointer array */
	uint64_t auxv;		/* the first auxv pair */
	size_t auxc;		/* auxv pairs, AT_NULL included */
	/* The strings, for /proc/PID/cmdline and environ (mm->arg_start...). */
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t execfn, platform, random;
};

/*
 * How many bytes of strings and pointers execve accepts for a stack limit
 * of rlim_stack, by Linux's rule: a quarter of the limit, at most three
 * quarters of _STK_LIM, and never less than ARG_MAX.
 */
uint64_t ustack_arg_limit(uint64_t rlim_stack);

/*
 * Builds the stack image into buf[0, buf_size), which stands for the user
 * addresses [stack_top - buf_size, stack_top); writes only
 * buf[buf_size - out->size, buf_size).  An empty argv becomes { "" }, as
 * in Linux since 5.18, so that argc is never 0.  Returns 0, or:
 *   -EINVAL  a NULL pointer where a string or array is needed, stack_top
 *            not 16-byte aligned, more than USTACK_MAX_AUX entries, an
 *            AT_NULL entry or one type given twice;
 *   -E2BIG   more than MAX_ARG_STRINGS strings, a string (with its NUL)
 *            longer than ustack_max_arg_strlen, strings and pointers over
 *            ustack_arg_limit(rlim_stack) (counted as Linux counts them:
 *            execfn, argv and envp strings, plus one pointer per string),
 *            or an image larger than buf_size.
 * On error *out is zeroed and buf is unchanged.
 */
int ustack_build(const struct ustack_args *args, void *buf, size_t buf_size,
    struct ustack_layout *out);

#ifdef __cplusplus
}
#endif
#endif
