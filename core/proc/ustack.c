/*
 * ustack.c - the initial user stack: strings, argc, argv, envp, auxv.
 *
 * The builder works in two passes so that a failure leaves the caller's
 * buffer untouched: it first checks the input and computes every position
 * as a depth below stack_top (compute_layout()), and only then writes.  The
 * positions are Linux's, step by step: the strings are pushed by execve
 * before the program is known, then create_elf_tables() aligns, pushes the
 * platform string and the random bytes, and puts argc so that the whole
 * vector ends where the padding before the random bytes begins.  Words are
 * written with memcpy because the caller's buffer need not be aligned.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/auxvec.h>
#include <linux/binfmts.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/resource.h>

#include "lib/kstring.h"
#include "proc/ustack.h"

/*
 * MAX_ARG_STRLEN is (PAGE_SIZE * 32), with PAGE_SIZE left to the includer;
 * x86-64 has 4 KiB pages.
 */
#define PAGE_SIZE 4096UL
const size_t ustack_max_arg_strlen = MAX_ARG_STRLEN;
#undef PAGE_SIZE

#define WORD sizeof(uint64_t)
#define STACK_ALIGN 16

/* The entries whose values only the builder knows, in Linux's order. */
static const uint64_t special_types[] = { AT_RANDOM, AT_EXECFN, AT_PLATFORM };
#define NSPECIAL (sizeof(special_types) / sizeof(special_types[0]))

/* argv when the caller's is empty (Linux 5.18 and later). */
static const char empty_string[] = "";
static const char *const empty_argv[] = { empty_string };

/* Every position, as a depth in bytes below stack_top. */
struct stack_layout {
	const char *const *argv;	/* the caller's, or empty_argv */
	size_t argc;
	size_t naux;			/* pairs before AT_NULL */
	bool have_special[NSPECIAL];	/* the caller gave a placeholder */
	size_t execfn, env, arg;	/* string areas' starts */
	size_t platform, random;
	size_t size;			/* of the whole image; sp's depth */
};

uint64_t
ustack_arg_limit(uint64_t rlim_stack)
{
	uint64_t limit = _STK_LIM / 4 * 3;

	if (rlim_stack / 4 < limit)
		limit = rlim_stack / 4;
	/* Linux always allowed ARG_MAX, even with tiny stacks. */
	if (limit < ARG_MAX)
		limit = ARG_MAX;
	return limit;
}

static size_t
round_up(size_t v)
{
	return (v + STACK_ALIGN - 1) & ~(size_t)(STACK_ALIGN - 1);
}

static int
special_index(uint64_t type)
{
	size_t i;

	for (i = 0; i < NSPECIAL; i++)
		if (special_types[i] == type)
			return (int)i;
	return -1;
}

/* Every one of the n strings is there. */
static bool
strings_ok(const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == NULL)
			return false;
	return true;
}

/* The auxiliary entries: bounded, no AT_NULL, no type twice. */
static bool
aux_ok(const struct ustack_aux *aux, size_t n)
{
	size_t i, j;

	if (n > USTACK_MAX_AUX || (n > 0 && aux == NULL))
		return false;
	for (i = 0; i < n; i++) {
		if (aux[i].type == AT_NULL)
			return false;
		for (j = 0; j < i; j++)
			if (aux[j].type == aux[i].type)
				return false;
	}
	return true;
}

/* The checks that need not walk argv or envp. */
static bool
args_ok(const struct ustack_args *a)
{
	return a->execfn != NULL && a->random != NULL &&
	    a->stack_top % STACK_ALIGN == 0 &&
	    (a->argc == 0 || a->argv != NULL) &&
	    (a->envc == 0 || a->envp != NULL) &&
	    aux_ok(a->aux, a->naux);
}

/*
 * Adds the size of one string, NUL included, to *total; -E2BIG when it is
 * longer than MAX_ARG_STRLEN or the total passes budget.
 */
static int
measure(const char *s, uint64_t budget, uint64_t *total)
{
	size_t len = strnlen(s, ustack_max_arg_strlen) + 1;

	if (len > ustack_max_arg_strlen)
		return -E2BIG;
	*total += len;
	return *total > budget ? -E2BIG : 0;
}

static int
measure_all(const char *const *v, size_t n, uint64_t budget, uint64_t *total)
{
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		r = measure(v[i], budget, total);
		if (r != 0)
			return r;
	}
	return 0;
}

/*
 * Linux's limit (bprm_stack_limits()): the strings, plus a pointer for
 * each of them (counting the "" an empty argv gets), must stay within
 * ustack_arg_limit().  The execfn string counts too.  The counts are
 * checked before either array is walked, so an absurd count costs
 * nothing and reads nothing.
 */
static int
check_limits(const struct ustack_args *a, const struct stack_layout *l,
    uint64_t sizes[3])
{
	uint64_t limit = ustack_arg_limit(a->rlim_stack);
	uint64_t ptrs, budget, total = 0;
	int r;

	if (a->argc > MAX_ARG_STRINGS || a->envc > MAX_ARG_STRINGS)
		return -E2BIG;
	ptrs = ((uint64_t)l->argc + a->envc) * WORD;
	if (limit <= ptrs)
		return -E2BIG;
	budget = limit - ptrs;
	if (!strings_ok(l->argv, l->argc) || !strings_ok(a->envp, a->envc))
		return -EINVAL;

	r = measure(a->execfn, budget, &total);
	sizes[0] = total;
	if (r == 0)
		r = measure_all(a->envp, a->envc, budget, &total);
	sizes[1] = total - sizes[0];
	if (r == 0)
		r = measure_all(l->argv, l->argc, budget, &total);
	sizes[2] = total - sizes[0] - sizes[1];
	return r;
}

static void
count_aux(const struct ustack_args *a, struct stack_layout *l)
{
	size_t i;
	int k;

	l->naux = a->naux;
	for (i = 0; i < a->naux; i++) {
		k = special_index(a->aux[i].type);
		if (k >= 0)
			l->have_special[k] = true;
	}
	for (i = 0; i < NSPECIAL; i++)
		if (!l->have_special[i])
			l->naux++;
}

/* Checks everything and computes every position; writes nothing. */
static int
compute_layout(const struct ustack_args *a, size_t buf_size,
    struct stack_layout *l)
{
	uint64_t sizes[3];	/* execfn, envp strings, argv strings */
	size_t depth, words;
	int r;

	if (!args_ok(a))
		return -EINVAL;
	memset(l, 0, sizeof(*l));
	l->argv = a->argc > 0 ? a->argv : empty_argv;
	l->argc = a->argc > 0 ? a->argc : 1;
	r = check_limits(a, l, sizes);
	if (r != 0)
		return r;
	count_aux(a, l);

	/* Pushed by execve, from the top; the top word stays zero. */
	depth = WORD;
	l->execfn = depth += sizes[0];
	l->env = depth += sizes[1];
	l->arg = depth += sizes[2];
	/* create_elf_tables(), after arch_align_stack(). */
	depth = round_up(depth);
	l->platform = depth += sizeof(USTACK_PLATFORM);
	l->random = depth += USTACK_RANDOM_SIZE;
	words = 1 + (l->argc + 1) + (a->envc + 1) + 2 * (l->naux + 1);
	l->size = round_up(depth + words * WORD);

	if (l->size > buf_size || l->size > a->stack_top)
		return -E2BIG;
	return 0;
}

/* Stores one word at *w and moves past it. */
static void
put(uint8_t **w, uint64_t v)
{
	memcpy(*w, &v, WORD);
	*w += WORD;
}

/*
 * Copies n strings one after the other to dst, which is at user address
 * uaddr, and stores each one's user address as a word at *w.
 */
static void
put_strings(uint8_t **w, uint8_t *dst, uint64_t uaddr,
    const char *const *v, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = strlen(v[i]) + 1;
		memcpy(dst, v[i], len);
		put(w, uaddr);
		dst += len;
		uaddr += len;
	}
	put(w, 0);
}

static uint64_t
special_value(const struct ustack_layout *out, int k)
{
	switch (special_types[k]) {
	case AT_RANDOM:
		return out->random;
	case AT_EXECFN:
		return out->execfn;
	default:
		return out->platform;
	}
}

static void
put_aux(uint8_t **w, const struct ustack_args *a,
    const struct stack_layout *l, const struct ustack_layout *out)
{
	size_t i;
	int k;

	for (i = 0; i < a->naux; i++) {
		k = special_index(a->aux[i].type);
		put(w, a->aux[i].type);
		put(w, k >= 0 ? special_value(out, k) : a->aux[i].value);
	}
	for (k = 0; k < (int)NSPECIAL; k++) {
		if (l->have_special[k])
			continue;
		put(w, special_types[k]);
		put(w, special_value(out, k));
	}
	put(w, AT_NULL);
	put(w, 0);
}

static void
fill_layout(const struct ustack_args *a, const struct stack_layout *l,
    struct ustack_layout *out)
{
	uint64_t top = a->stack_top;

	out->sp = top - l->size;
	out->size = l->size;
	out->argc = l->argc;
	out->argv = out->sp + WORD;
	out->envp = out->argv + (l->argc + 1) * WORD;
	out->auxv = out->envp + (a->envc + 1) * WORD;
	out->auxc = l->naux + 1;
	out->arg_start = top - l->arg;
	out->arg_end = top - l->env;
	out->env_start = top - l->env;
	out->env_end = top - l->execfn;
	out->execfn = top - l->execfn;
	out->platform = top - l->platform;
	out->random = top - l->random;
}

int
ustack_build(const struct ustack_args *args, void *buf, size_t buf_size,
    struct ustack_layout *out)
{
	struct stack_layout l;
	uint8_t *top, *w;
	int r;

	memset(out, 0, sizeof(*out));
	if (buf == NULL && buf_size > 0)
		return -EINVAL;
	r = compute_layout(args, buf_size, &l);
	if (r != 0)
		return r;
	fill_layout(args, &l, out);

	/* buf + buf_size stands for stack_top. */
	top = (uint8_t *)buf + buf_size;
	memset(top - l.size, 0, l.size);
	memcpy(top - l.execfn, args->execfn, strlen(args->execfn) + 1);
	memcpy(top - l.platform, USTACK_PLATFORM, sizeof(USTACK_PLATFORM));
	memcpy(top - l.random, args->random, USTACK_RANDOM_SIZE);

	w = top - l.size;
	put(&w, l.argc);
	put_strings(&w, top - l.arg, out->arg_start, l.argv, l.argc);
	put_strings(&w, top - l.env, out->env_start, args->envp, args->envc);
	put_aux(&w, args, &l, out);
	return 0;
}
