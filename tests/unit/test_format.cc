// Tests for core/lib/format.c.  The host's snprintf is the reference: for
// every supported combination the kernel formatter must produce the same
// bytes and the same return value.
#include <gtest/gtest.h>

#include <cinttypes>
#include <climits>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "lib/format.h"

namespace {

// Wrappers without a format attribute, so formats built at run time do not
// trigger -Wformat-nonliteral and deliberately odd ones are allowed.
std::string Cub(const char *fmt, ...) {
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	EXPECT_GE(n, 0);
	EXPECT_LT(static_cast<size_t>(n), sizeof(buf)) << fmt;
	return std::string(buf) + "|" + std::to_string(n);
}

std::string Host(const char *fmt, ...) {
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return std::string(buf) + "|" + std::to_string(n);
}

#define EXPECT_SAME(fmt, ...) \
	EXPECT_EQ(Cub(fmt, __VA_ARGS__), Host(fmt, __VA_ARGS__)) << "format: " << (fmt)

// Every combination of a set of flags, widths and precisions with one
// conversion, as format strings such as "%-08.3x".
std::vector<std::string> Specs(const std::vector<std::string> &flags, char conv,
                               const char *length = "") {
	static const char *widths[] = {"", "1", "4", "12"};
	static const char *precs[] = {"", ".", ".0", ".1", ".3", ".10"};
	std::vector<std::string> out;
	for (const auto &f : flags)
		for (const char *w : widths)
			for (const char *p : precs)
				out.push_back("[%" + f + w + p + length + conv + "]");
	return out;
}

const std::vector<std::string> kSignedFlags = {"", "-", "0", "+", " ", "-0",
                                               "+0", "- ", "+ ", "-+0", " 0"};
const std::vector<std::string> kUnsignedFlags = {"", "-", "0", "#", "-#",
                                                 "#0", "-0", "+", " "};

TEST(Format, SignedIntAllFlagWidthPrecisionCombos) {
	const int values[] = {0, 1, -1, 7, 42, -42, 12345, INT_MAX, INT_MIN};
	for (char conv : {'d', 'i'})
		for (const auto &spec : Specs(kSignedFlags, conv))
			for (int v : values)
				EXPECT_SAME(spec.c_str(), v);
}

TEST(Format, UnsignedIntAllFlagWidthPrecisionCombos) {
	const unsigned values[] = {0u, 1u, 7u, 8u, 15u, 16u, 255u, 4096u,
	                           0xdeadbeefu, UINT_MAX};
	for (char conv : {'u', 'x', 'X', 'o'})
		for (const auto &spec : Specs(kUnsignedFlags, conv))
			for (unsigned v : values)
				EXPECT_SAME(spec.c_str(), v);
}

TEST(Format, LongLongLimits) {
	const long long sv[] = {0, -1, LLONG_MAX, LLONG_MIN, 1234567890123LL};
	const unsigned long long uv[] = {0, 1, ULLONG_MAX, 0x8000000000000000ULL};
	for (const auto &spec : Specs({"", "-", "0", "+"}, 'd', "ll"))
		for (long long v : sv)
			EXPECT_SAME(spec.c_str(), v);
	for (char conv : {'u', 'x', 'X', 'o'})
		for (const auto &spec : Specs({"", "#", "0", "-#"}, conv, "ll"))
			for (unsigned long long v : uv)
				EXPECT_SAME(spec.c_str(), v);
}

TEST(Format, LengthModifiersTruncateLikeC) {
	// hh and h convert the promoted int back to char and short.
	EXPECT_SAME("%hhd %hhu %hhx", 300, 300, 0x1ff);
	EXPECT_SAME("%hhd %hhd", -129, 127);
	EXPECT_SAME("%hd %hu %hx", 70000, 70000, 0x12345);
	EXPECT_SAME("%hd", -32769);
	EXPECT_SAME("%ld %lu %lx", LONG_MIN, ULONG_MAX, 0xfeedfaceUL);
	EXPECT_SAME("%zu %zx %zd", SIZE_MAX, static_cast<size_t>(4096),
	            static_cast<ptrdiff_t>(-5));
	EXPECT_SAME("%td %tx", PTRDIFF_MIN, static_cast<ptrdiff_t>(255));
	EXPECT_SAME("%jd %ju %jx", INTMAX_MIN, UINTMAX_MAX, static_cast<uintmax_t>(1) << 63);
}

TEST(Format, Strings) {
	const char *strs[] = {"", "a", "hello", "a longer string here"};
	for (const auto &spec : Specs({"", "-"}, 's'))
		for (const char *s : strs)
			EXPECT_SAME(spec.c_str(), s);
}

TEST(Format, StringPrecisionNeedsNoTerminator) {
	// With a precision the argument may be an unterminated array; ASan
	// would catch a read past its end.
	char raw[3] = {'a', 'b', 'c'};
	EXPECT_EQ(Cub("%.3s", raw), "abc|3");
	EXPECT_EQ(Cub("%.2s", raw), "ab|2");
	EXPECT_EQ(Cub("%5.3s", raw), "  abc|5");
}

TEST(Format, NullStringPrintsNull) {
	EXPECT_EQ(Cub("%s", static_cast<const char *>(nullptr)), "(null)|6");
	EXPECT_EQ(Cub("[%8s]", static_cast<const char *>(nullptr)), "[  (null)]|10");
}

TEST(Format, Chars) {
	for (const auto &spec : Specs({"", "-"}, 'c')) {
		if (spec.find('.') != std::string::npos)
			continue; // a precision with %c is undefined
		for (int c : {int{'a'}, int{'Z'}, int{' '}, int{'%'}, 0x7f})
			EXPECT_SAME(spec.c_str(), c);
	}
	EXPECT_SAME("[%05c]", 'x'); // glibc pads %c with spaces even with '0'
}

TEST(Format, NulCharIsCountedAndWritten) {
	char buf[8];
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(ksnprintf(buf, sizeof(buf), "a%cb", 0), 3);
	EXPECT_EQ(buf[0], 'a');
	EXPECT_EQ(buf[1], '\0');
	EXPECT_EQ(buf[2], 'b');
	EXPECT_EQ(buf[3], '\0');
}

TEST(Format, Pointers) {
	void *ptrs[] = {reinterpret_cast<void *>(0x1), reinterpret_cast<void *>(0x1234),
	                reinterpret_cast<void *>(0xffff800000001000ULL),
	                reinterpret_cast<void *>(UINTPTR_MAX)};
	for (const char *spec : {"%p", "[%20p]", "[%-20p]", "[%020p]", "[%.8p]",
	                         "[%+p]", "[% p]", "[%3p]"})
		for (void *p : ptrs)
			EXPECT_SAME(spec, p);
}

TEST(Format, NullPointerIsNil) {
	EXPECT_SAME("%p", static_cast<void *>(nullptr));
	EXPECT_SAME("[%10p]", static_cast<void *>(nullptr));
	EXPECT_SAME("[%-10p]", static_cast<void *>(nullptr));
}

TEST(Format, StarWidthAndPrecision) {
	for (int w : {-12, -3, -1, 0, 1, 5, 20})
		for (int p : {-4, -1, 0, 1, 3, 8}) {
			EXPECT_SAME("[%*.*d]", w, p, -42);
			EXPECT_SAME("[%*.*x]", w, p, 0xabcu);
			EXPECT_SAME("[%*.*s]", w, p, "string");
			EXPECT_SAME("[%0*d]", w, 7);
		}
}

TEST(Format, PercentAndLiteralText) {
	EXPECT_SAME("100%% sure", 0);
	EXPECT_SAME("%%d%%", 0);
	EXPECT_SAME("no conversions at all", 0);
	EXPECT_SAME("", 0);
	EXPECT_SAME("[%5%]", 0); // glibc ignores a width on %%
}

TEST(Format, ManyArgumentsInOneFormat) {
	EXPECT_SAME("%d %s %c %x %lu %p %5.2d|%-6s|%#o", -1, "two", '3', 0x4u,
	            5UL, reinterpret_cast<void *>(0x6), 7, "eight", 9u);
}

TEST(Format, UnknownConversionIsCopiedVerbatim) {
	EXPECT_EQ(Cub("a%yb"), "a%yb|4");
	EXPECT_EQ(Cub("[%-5.2y]"), "[%-5.2y]|8");
	EXPECT_EQ(Cub("%n"), "%n|2"); // %n is deliberately not supported
	EXPECT_EQ(Cub("%ld then %y", 5L), "5 then %y|9");
}

TEST(Format, TrailingPercentIsKept) {
	EXPECT_EQ(Cub("50%"), "50%|3");
	EXPECT_EQ(Cub("x%-0"), "x%-0|4");
}

TEST(Format, HugePrecisionSaturatesInsteadOfOverflowing) {
	// Neither number fits in an int; UBSan would flag an overflow while
	// parsing them.  A string precision only limits, so the output is short.
	EXPECT_EQ(Cub("[%.99999999999999999999s]", "abc"), "[abc]|5");
	EXPECT_EQ(Cub("[%.4294967296s]", "abc"), "[abc]|5");
}

TEST(Format, SnprintfTruncatesAndTerminates) {
	const char *fmt = "%s-%d";
	for (size_t size = 1; size <= 12; size++) {
		char mine[16], ref[16];
		memset(mine, '#', sizeof(mine));
		memset(ref, '#', sizeof(ref));
		int a = ksnprintf(mine, size, fmt, "abcdef", 1234);
		int b = snprintf(ref, size, fmt, "abcdef", 1234);
		EXPECT_EQ(a, b) << size;
		EXPECT_EQ(0, memcmp(mine, ref, sizeof(mine))) << size;
	}
}

TEST(Format, SizeZeroWritesNothing) {
	char c = '#';
	EXPECT_EQ(ksnprintf(&c, 0, "%d", 12345), 5);
	EXPECT_EQ(c, '#');
	EXPECT_EQ(ksnprintf(nullptr, 0, "%s", "abc"), 3);
}

TEST(Format, KvformatCallsSinkOncePerCharacter) {
	std::string got;
	auto sink = [](char c, void *ctx) { static_cast<std::string *>(ctx)->push_back(c); };
	auto call = [&](const char *fmt, ...) {
		va_list ap;
		va_start(ap, fmt);
		int r = kvformat(sink, &got, fmt, ap);
		va_end(ap);
		return r;
	};
	EXPECT_EQ(call("x=%03d y=%s", 5, "z"), 9);
	EXPECT_EQ(got, "x=005 y=z");
}

TEST(Format, VaListCanBeReusedAfterKvsnprintf) {
	// kvsnprintf must not consume the caller's va_list: the kernel formats
	// the same arguments twice (console and log buffer).
	auto twice = [](const char *fmt, ...) {
		char a[32], b[32];
		va_list ap, aq;
		va_start(ap, fmt);
		va_copy(aq, ap);
		kvsnprintf(a, sizeof(a), fmt, ap);
		kvsnprintf(b, sizeof(b), fmt, aq);
		va_end(aq);
		va_end(ap);
		return std::string(a) == b;
	};
	EXPECT_TRUE(twice("%d %s %lx", 1, "two", 3UL));
}

} // namespace
