// Tests for core/lib/cmdline.c: words, quoting, last-wins, typed values.
#include <gtest/gtest.h>

#include <climits>
#include <string>
#include <vector>

#include "lib/cmdline.h"

namespace {

struct Word {
	std::string key;
	bool has_value;
	std::string value;
	bool operator==(const Word &o) const {
		return key == o.key && has_value == o.has_value && value == o.value;
	}
};

std::ostream &operator<<(std::ostream &os, const Word &w) {
	return os << w.key << (w.has_value ? "=<" + w.value + ">" : "");
}

std::vector<Word> Words(const char *cmdline) {
	std::vector<Word> out;
	struct cmdline_arg arg;
	const char *cur = cmdline;
	while (cmdline_next(&cur, &arg)) {
		out.push_back({std::string(arg.key, arg.key_len), arg.value != nullptr,
		               arg.value ? std::string(arg.value, arg.value_len) : ""});
	}
	EXPECT_EQ(*cur, '\0') << "the cursor stops at the end";
	return out;
}

std::string Get(const char *cmdline, const char *key, size_t outsz = 64) {
	std::vector<char> buf(outsz + 1, '#');
	if (!cmdline_get(cmdline, key, buf.data(), outsz))
		return "<absent>";
	EXPECT_EQ(buf[outsz], '#') << "wrote past outsz";
	return buf.data();
}

TEST(Cmdline, SplitsFlagsAndKeyValues) {
	std::vector<Word> want = {{"ktest", false, ""},
	                          {"loglevel", true, "7"},
	                          {"root", true, "/dev/ram0"}};
	EXPECT_EQ(Words("ktest loglevel=7 root=/dev/ram0"), want);
}

TEST(Cmdline, EmptyAndBlankLinesHaveNoWords) {
	EXPECT_TRUE(Words("").empty());
	EXPECT_TRUE(Words("   \t  \n ").empty());
}

TEST(Cmdline, TabsNewlinesAndRepeatedBlanksSeparate) {
	std::vector<Word> want = {{"a", false, ""}, {"b", true, "1"}, {"c", false, ""}};
	EXPECT_EQ(Words("  a\t\tb=1 \n c\r\n"), want);
}

TEST(Cmdline, QuotedValueKeepsSpacesWithoutQuotes) {
	std::vector<Word> want = {{"init", true, "/bin/sh -x -c 'echo hi'"},
	                          {"quiet", false, ""}};
	EXPECT_EQ(Words("init=\"/bin/sh -x -c 'echo hi'\" quiet"), want);
}

TEST(Cmdline, EmptyQuotedAndEmptyValues) {
	std::vector<Word> want = {{"a", true, ""}, {"b", true, ""}, {"c", true, ""}};
	EXPECT_EQ(Words("a=\"\" b= c=\""), want);
}

TEST(Cmdline, UnterminatedQuoteRunsToTheEnd) {
	std::vector<Word> want = {{"x", true, "one two  three"}};
	EXPECT_EQ(Words("x=\"one two  three"), want);
}

TEST(Cmdline, QuoteInsideWordTogglesLikeLinux) {
	// As in Linux's next_arg(), quotes anywhere keep blanks inside the
	// word; only a leading quote and its matching trailing quote go.
	std::vector<Word> want = {{"a", true, "b\"c d\""}, {"e", false, ""}};
	EXPECT_EQ(Words("a=b\"c d\" e"), want);
}

TEST(Cmdline, WholeWordInQuotesAsGrubPassesIt) {
	// GRUB wraps an argument holding a blank in quotes: "key=a b".
	std::vector<Word> want = {{"init", true, "/bin/sh -x"}, {"ktest", false, ""}};
	EXPECT_EQ(Words("\"init=/bin/sh -x\" ktest"), want);
	std::vector<Word> flag = {{"quiet flag", false, ""}};
	EXPECT_EQ(Words("\"quiet flag\""), flag);
}

TEST(Cmdline, ValueMayContainEquals) {
	std::vector<Word> want = {{"opt", true, "k=v=w"}};
	EXPECT_EQ(Words("opt=k=v=w"), want);
}

TEST(Cmdline, LastOccurrenceWins) {
	EXPECT_EQ(Get("loglevel=3 x loglevel=7", "loglevel"), "7");
	EXPECT_EQ(Get("a=1 a a=\"three\"", "a"), "three");
	EXPECT_EQ(Get("a=1 a", "a"), ""); // a later bare flag wins too
}

TEST(Cmdline, GetAbsentKeyReturnsFalse) {
	EXPECT_EQ(Get("loglevel=3", "log"), "<absent>");
	EXPECT_EQ(Get("loglevel=3", "loglevel3"), "<absent>");
	EXPECT_EQ(Get("", "a"), "<absent>");
}

TEST(Cmdline, GetTruncatesToBufferAndTerminates) {
	EXPECT_EQ(Get("k=abcdefgh", "k", 4), "abc");
	EXPECT_EQ(Get("k=abcdefgh", "k", 1), "");
	EXPECT_EQ(Get("k=abc", "k", 4), "abc");
	char untouched = '#';
	EXPECT_TRUE(cmdline_get("k=abc", "k", &untouched, 0));
	EXPECT_EQ(untouched, '#');
}

TEST(Cmdline, HasMatchesWholeKeysOnly) {
	const char *line = "ktest loglevel=7 init=\"/bin/sh\"";
	EXPECT_TRUE(cmdline_has(line, "ktest"));
	EXPECT_TRUE(cmdline_has(line, "loglevel"));
	EXPECT_TRUE(cmdline_has(line, "init"));
	EXPECT_FALSE(cmdline_has(line, "ktes"));
	EXPECT_FALSE(cmdline_has(line, "log"));
	EXPECT_FALSE(cmdline_has(line, "/bin/sh"));
	EXPECT_FALSE(cmdline_has(line, "7"));
}

TEST(Cmdline, NextLeavesTheInputUnchanged) {
	const char line[] = "a=\"b c\" d";
	std::string copy = line;
	Words(line);
	EXPECT_EQ(copy, line);
}

TEST(Cmdline, IntDecimalHexAndNegative) {
	const char *line = "a=42 b=-17 c=0x1F d=0XfF e=-0x10 f=0 g=007";
	EXPECT_EQ(cmdline_get_int(line, "a", -1), 42);
	EXPECT_EQ(cmdline_get_int(line, "b", -1), -17);
	EXPECT_EQ(cmdline_get_int(line, "c", -1), 31);
	EXPECT_EQ(cmdline_get_int(line, "d", -1), 255);
	EXPECT_EQ(cmdline_get_int(line, "e", -1), -16);
	EXPECT_EQ(cmdline_get_int(line, "f", -1), 0);
	EXPECT_EQ(cmdline_get_int(line, "g", -1), 7);
	EXPECT_EQ(cmdline_get_int("n=\"12\"", "n", -1), 12);
}

TEST(Cmdline, IntRejectsNonNumbersWithDefault) {
	const char *line = "a=12a b= c=0x d=- e=x12 f g=1.5 h=+3 i=0x1g j=\" 1\"";
	for (const char *k : {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "zz"})
		EXPECT_EQ(cmdline_get_int(line, k, -99), -99) << k;
}

TEST(Cmdline, IntLimitsAndOverflow) {
	EXPECT_EQ(cmdline_get_int("a=9223372036854775807", "a", 0), LONG_MAX);
	EXPECT_EQ(cmdline_get_int("a=-9223372036854775808", "a", 0), LONG_MIN);
	EXPECT_EQ(cmdline_get_int("a=0x7fffffffffffffff", "a", 0), LONG_MAX);
	EXPECT_EQ(cmdline_get_int("a=9223372036854775808", "a", 5), 5);
	EXPECT_EQ(cmdline_get_int("a=-9223372036854775809", "a", 5), 5);
	EXPECT_EQ(cmdline_get_int("a=0x10000000000000000", "a", 5), 5);
	EXPECT_EQ(cmdline_get_int("a=99999999999999999999999", "a", 5), 5);
}

TEST(Cmdline, IntLastOccurrenceWinsEvenWhenBad) {
	EXPECT_EQ(cmdline_get_int("n=1 n=2", "n", 0), 2);
	// The last one is what the user meant; a bad one gives the default
	// rather than silently falling back to an earlier value.
	EXPECT_EQ(cmdline_get_int("n=1 n=oops", "n", 0), 0);
}

TEST(Cmdline, BoolTrueWords) {
	for (const char *line : {"f", "f=1", "f=y", "f=yes", "f=on", "f=true",
	                         "f=Y", "f=YES", "f=On", "f=TRUE", "f=\"yes\""})
		EXPECT_TRUE(cmdline_get_bool(line, "f", false)) << line;
}

TEST(Cmdline, BoolFalseWords) {
	for (const char *line : {"f=0", "f=n", "f=no", "f=off", "f=false", "f=N",
	                         "f=No", "f=OFF", "f=False"})
		EXPECT_FALSE(cmdline_get_bool(line, "f", true)) << line;
}

TEST(Cmdline, BoolOtherValuesGiveDefault) {
	for (const char *line : {"f=", "f=2", "f=yess", "f=of", "f=tru", "f=yes!",
	                         "g", "", "ff=1"}) {
		EXPECT_TRUE(cmdline_get_bool(line, "f", true)) << line;
		EXPECT_FALSE(cmdline_get_bool(line, "f", false)) << line;
	}
}

TEST(Cmdline, BoolLastWins) {
	EXPECT_FALSE(cmdline_get_bool("f f=off", "f", true));
	EXPECT_TRUE(cmdline_get_bool("f=off f", "f", false));
}

} // namespace
