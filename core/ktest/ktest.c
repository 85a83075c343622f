/*
 * ktest.c - runs the tests in the .ktest section and prints the results
 * in GoogleTest's format.
 */
#include "ktest/ktest.h"

#include "lib/kstring.h"
#include "lib/printk.h"
#include "sched/clock.h"

extern const struct ktest __ktest_start[], __ktest_end[];

void ktest_fail_cmp(struct ktest_ctx *ctx, const char *file, int line, const char *op,
                    const char *a_expr, const char *b_expr, long long a, long long b)
{
	ctx->failures++;
	if (op[0] == 'E' && op[1] == 'Q') {
		kprintf_raw("%s:%d: Failure\nExpected equality of these values:\n"
		            "  %s\n    Which is: %lld\n  %s\n    Which is: %lld\n",
		            file, line, a_expr, a, b_expr, b);
	} else {
		kprintf_raw("%s:%d: Failure\nExpected: (%s) %s (%s), actual: %lld vs %lld\n",
		            file, line, a_expr, op, b_expr, a, b);
	}
}

void ktest_fail_true(struct ktest_ctx *ctx, const char *file, int line, const char *expr,
                     bool expected)
{
	ctx->failures++;
	kprintf_raw("%s:%d: Failure\nValue of: %s\n  Actual: %s\nExpected: %s\n", file, line,
	            expr, expected ? "false" : "true", expected ? "true" : "false");
}

void ktest_fail_str(struct ktest_ctx *ctx, const char *file, int line, const char *a_expr,
                    const char *b_expr, const char *a, const char *b)
{
	ctx->failures++;
	kprintf_raw("%s:%d: Failure\nExpected equality of these values:\n"
	            "  %s\n    Which is: \"%s\"\n  %s\n    Which is: \"%s\"\n",
	            file, line, a_expr, a ? a : "(null)", b_expr, b ? b : "(null)");
}

/* "suite.name" against a pattern whose only wildcard is a trailing '*'. */
static bool selected(const struct ktest *t, const char *filter)
{
	char full[128];
	size_t sl = strlen(t->suite), nl = strlen(t->name);

	if (!filter || !*filter)
		return true;
	if (sl + nl + 2 > sizeof(full))
		return false;
	memcpy(full, t->suite, sl);
	full[sl] = '.';
	memcpy(full + sl + 1, t->name, nl + 1);
	size_t fl = strlen(filter);
	if (filter[fl - 1] == '*')
		return strncmp(full, filter, fl - 1) == 0;
	return strcmp(full, filter) == 0;
}

static unsigned long ms_since(uint64_t start)
{
	return (unsigned long)((clock_ns() - start) / NSEC_PER_MSEC);
}

static int count_suites(const char *filter, int *ntests)
{
	int suites = 0;
	const char *last = 0;

	*ntests = 0;
	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++) {
		if (!selected(t, filter))
			continue;
		(*ntests)++;
		if (!last || strcmp(last, t->suite) != 0)
			suites++;
		last = t->suite;
	}
	return suites;
}

/* Tests of one suite are contiguous: each file registers its own suite. */
int ktest_run_all(const char *filter)
{
	int ntests, nsuites = count_suites(filter, &ntests);
	int failed = 0, passed = 0;
	const struct ktest *failed_list[256];
	uint64_t start_all = clock_ns();

	if (ntests == 0) {
		kprintf_raw("ktest: no test matches '%s'\n", filter ? filter : "");
		return -1;
	}
	kprintf_raw("[==========] Running %d tests from %d test suites.\n", ntests, nsuites);
	kprintf_raw("[----------] Global test environment set-up.\n");
	const struct ktest *t = __ktest_start;
	while (t < __ktest_end) {
		const char *suite = t->suite;
		const struct ktest *end = t;
		int n = 0;
		while (end < __ktest_end && strcmp(end->suite, suite) == 0) {
			n += selected(end, filter);
			end++;
		}
		if (n == 0) {
			t = end;
			continue;
		}
		kprintf_raw("[----------] %d tests from %s\n", n, suite);
		uint64_t start_suite = clock_ns();
		for (; t < end; t++) {
			if (!selected(t, filter))
				continue;
			struct ktest_ctx ctx = { 0 };
			kprintf_raw("[ RUN      ] %s.%s\n", t->suite, t->name);
			uint64_t start = clock_ns();
			t->fn(&ctx);
			if (ctx.failures) {
				kprintf_raw("[  FAILED  ] %s.%s (%lu ms)\n", t->suite, t->name,
				            ms_since(start));
				if (failed < 256)
					failed_list[failed] = t;
				failed++;
			} else {
				kprintf_raw("[       OK ] %s.%s (%lu ms)\n", t->suite, t->name,
				            ms_since(start));
				passed++;
			}
		}
		kprintf_raw("[----------] %d tests from %s (%lu ms total)\n\n", n, suite,
		            ms_since(start_suite));
	}
	kprintf_raw("[----------] Global test environment tear-down\n");
	kprintf_raw("[==========] %d tests from %d test suites ran. (%lu ms total)\n", ntests,
	            nsuites, ms_since(start_all));
	kprintf_raw("[  PASSED  ] %d tests.\n", passed);
	if (failed) {
		kprintf_raw("[  FAILED  ] %d tests, listed below:\n", failed);
		for (int i = 0; i < failed && i < 256; i++)
			kprintf_raw("[  FAILED  ] %s.%s\n", failed_list[i]->suite,
			            failed_list[i]->name);
		kprintf_raw("\n %d FAILED TESTS\n", failed);
	}
	return failed;
}
