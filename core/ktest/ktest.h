/*
 * ktest.h - in-kernel tests that print GoogleTest's output format.
 *
 * A test is a function registered in the .ktest section:
 *
 *	KTEST(heap, reuses_freed_objects)
 *	{
 *		void *a = kmalloc(32);
 *		KASSERT_NE(a, NULL);
 *		...
 *		KEXPECT_EQ(x, 3);
 *	}
 *
 * KEXPECT_* record a failure and go on; KASSERT_* record it and leave the
 * test.  Tests run one after another in their own kernel thread, so they
 * may sleep, block and start threads.  The output is exactly what a
 * GoogleTest binary prints, so tools/gtest_parse.py reads host unit tests,
 * conformance tests and ktests alike.  "ktest" on the command line runs
 * them all; "ktest=SUITE.*" or "ktest=SUITE.NAME" runs a subset (a '*' at
 * the end of the pattern matches anything).
 */
#ifndef CUB_KTEST_KTEST_H
#define CUB_KTEST_KTEST_H

#include <stdbool.h>
#include <stdint.h>

struct ktest_ctx {
	int failures;
};

struct ktest {
	const char *suite;
	const char *name;
	void (*fn)(struct ktest_ctx *ctx);
};

#define KTEST(suite, name)                                                       \
	static void ktest_fn_##suite##_##name(struct ktest_ctx *ktest_ctx);      \
	static const struct ktest ktest_##suite##_##name                         \
	    __attribute__((used, section(".ktest"), aligned(8))) = {             \
		#suite, #name, ktest_fn_##suite##_##name};                       \
	static void ktest_fn_##suite##_##name(                                   \
	    struct ktest_ctx *ktest_ctx __attribute__((unused)))

void ktest_fail_cmp(struct ktest_ctx *ctx, const char *file, int line, const char *op,
                    const char *a_expr, const char *b_expr, long long a, long long b);
void ktest_fail_true(struct ktest_ctx *ctx, const char *file, int line, const char *expr,
                     bool expected);
void ktest_fail_str(struct ktest_ctx *ctx, const char *file, int line, const char *a_expr,
                    const char *b_expr, const char *a, const char *b);

#define KTEST_CMP_(a, b, op, name, on_fail)                                      \
	do {                                                                     \
		long long ktest_a_ = (long long)(a), ktest_b_ = (long long)(b);  \
		if (!(ktest_a_ op ktest_b_)) {                                   \
			ktest_fail_cmp(ktest_ctx, __FILE__, __LINE__, name, #a,  \
			               #b, ktest_a_, ktest_b_);                  \
			on_fail;                                                 \
		}                                                                \
	} while (0)

#define KEXPECT_EQ(a, b) KTEST_CMP_(a, b, ==, "EQ", (void)0)
#define KEXPECT_NE(a, b) KTEST_CMP_(a, b, !=, "NE", (void)0)
#define KEXPECT_LT(a, b) KTEST_CMP_(a, b, <, "LT", (void)0)
#define KEXPECT_LE(a, b) KTEST_CMP_(a, b, <=, "LE", (void)0)
#define KEXPECT_GT(a, b) KTEST_CMP_(a, b, >, "GT", (void)0)
#define KEXPECT_GE(a, b) KTEST_CMP_(a, b, >=, "GE", (void)0)
#define KASSERT_EQ(a, b) KTEST_CMP_(a, b, ==, "EQ", return)
#define KASSERT_NE(a, b) KTEST_CMP_(a, b, !=, "NE", return)
#define KASSERT_LT(a, b) KTEST_CMP_(a, b, <, "LT", return)
#define KASSERT_LE(a, b) KTEST_CMP_(a, b, <=, "LE", return)
#define KASSERT_GT(a, b) KTEST_CMP_(a, b, >, "GT", return)
#define KASSERT_GE(a, b) KTEST_CMP_(a, b, >=, "GE", return)

#define KTEST_BOOL_(expr, want, on_fail)                                         \
	do {                                                                     \
		if ((!!(expr)) != (want)) {                                         \
			ktest_fail_true(ktest_ctx, __FILE__, __LINE__, #expr,    \
			                want);                                   \
			on_fail;                                                 \
		}                                                                \
	} while (0)

#define KEXPECT_TRUE(e) KTEST_BOOL_(e, true, (void)0)
#define KEXPECT_FALSE(e) KTEST_BOOL_(e, false, (void)0)
#define KASSERT_TRUE(e) KTEST_BOOL_(e, true, return)
#define KASSERT_FALSE(e) KTEST_BOOL_(e, false, return)

#define KEXPECT_STREQ(a, b)                                                      \
	do {                                                                     \
		const char *ktest_sa_ = (a), *ktest_sb_ = (b);                   \
		if (!ktest_sa_ || !ktest_sb_ || strcmp(ktest_sa_, ktest_sb_))    \
			ktest_fail_str(ktest_ctx, __FILE__, __LINE__, #a, #b,    \
			               ktest_sa_, ktest_sb_);                    \
	} while (0)

/*
 * Runs the tests selected by filter (NULL or "" = all); returns the number
 * of failed tests, or -1 when the filter selected nothing.
 */
int ktest_run_all(const char *filter);

#endif
