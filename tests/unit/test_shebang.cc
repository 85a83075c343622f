// Tests for core/proc/shebang.c.  The expected results are Linux's: the
// quirky ones (a "\r" kept, an empty argument after a trailing blank with
// no newline, a NUL ending the line) were checked against Linux 6.18 by
// executing such scripts.  Every parse reads from a heap buffer of exactly
// the script's size, so ASan catches a read past the end of a short file.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <linux/binfmts.h>

#include "proc/shebang.h"

namespace {

struct Parsed {
	int r = 0;
	std::string interp;
	std::string arg;
	bool has_arg = false;
};

Parsed Parse(const std::string &s, size_t interp_size = BINPRM_BUF_SIZE,
             size_t arg_size = BINPRM_BUF_SIZE) {
	std::unique_ptr<char[]> file(new char[s.size() + 1]);
	memcpy(file.get(), s.data(), s.size());
	std::vector<char> interp(interp_size, 'X'), arg(arg_size, 'Y');
	Parsed p;
	p.has_arg = true;
	p.r = shebang_parse(s.empty() ? nullptr : file.get(), s.size(),
	                    interp.data(), interp.size(), arg.data(), arg.size(),
	                    &p.has_arg);
	// Both outputs are always NUL-terminated inside their buffers.
	EXPECT_NE(memchr(interp.data(), '\0', interp.size()), nullptr);
	EXPECT_NE(memchr(arg.data(), '\0', arg.size()), nullptr);
	p.interp = interp.data();
	p.arg = arg.data();
	return p;
}

void ExpectScript(const std::string &s, const std::string &interp) {
	Parsed p = Parse(s);
	EXPECT_EQ(p.r, 0) << s;
	EXPECT_EQ(p.interp, interp) << s;
	EXPECT_FALSE(p.has_arg) << s;
	EXPECT_EQ(p.arg, "") << s;
}

void ExpectScript(const std::string &s, const std::string &interp,
                  const std::string &arg) {
	Parsed p = Parse(s);
	EXPECT_EQ(p.r, 0) << s;
	EXPECT_EQ(p.interp, interp) << s;
	EXPECT_TRUE(p.has_arg) << s;
	EXPECT_EQ(p.arg, arg) << s;
}

TEST(Shebang, InterpreterAlone) {
	ExpectScript("#!/bin/sh\necho hi\n", "/bin/sh");
}

TEST(Shebang, InterpreterWithOneArgument) {
	ExpectScript("#!/bin/sh -e\nexit 0\n", "/bin/sh", "-e");
}

TEST(Shebang, EverythingAfterThePathIsOneArgument) {
	ExpectScript("#!/usr/bin/env python3 -u -B\n", "/usr/bin/env",
	             "python3 -u -B");
	// Inner blanks are kept; only the ends are trimmed.
	ExpectScript("#!/tmp/args  a \t b  \n", "/tmp/args", "a \t b");
}

TEST(Shebang, LeadingBlanksAfterHashBangAreSkipped) {
	ExpectScript("#! /bin/sh\n", "/bin/sh");
	ExpectScript("#!\t \t/bin/sh\t-x\n", "/bin/sh", "-x");
}

TEST(Shebang, TrailingBlanksBeforeNewlineAreDropped) {
	ExpectScript("#!/bin/sh  \t \n", "/bin/sh");
	ExpectScript("#!/bin/sh -x \t\n", "/bin/sh", "-x");
}

TEST(Shebang, OnlyTheFirstLineCounts) {
	ExpectScript("#!/bin/sh\n#!/bin/bash -x\n", "/bin/sh");
}

TEST(Shebang, CarriageReturnIsPartOfTheLine) {
	// The famous DOS-line-ending failure: Linux looks for "/bin/sh\r".
	ExpectScript("#!/bin/sh\r\n", "/bin/sh\r");
	ExpectScript("#!/bin/sh -e\r\n", "/bin/sh", "-e\r");
}

TEST(Shebang, FileWithoutNewlineEndsTheLine) {
	ExpectScript("#!/bin/sh", "/bin/sh");
	ExpectScript("#!/tmp/args  foo", "/tmp/args", "foo");
}

TEST(Shebang, TrailingBlankWithoutNewlineGivesAnEmptyArgument) {
	// Linux: the NUL padding after the blank is taken as the argument.
	ExpectScript("#!/tmp/args ", "/tmp/args", "");
	ExpectScript("#!/tmp/args \t ", "/tmp/args", "");
}

TEST(Shebang, NulEndsTheLine) {
	ExpectScript(std::string("#!/tmp/args foo\0bar\n", 20), "/tmp/args", "foo");
	ExpectScript(std::string("#!/tmp/args\0 foo\n", 17), "/tmp/args");
	// A NUL right after the blank: an empty argument, as in Linux.
	ExpectScript(std::string("#!/tmp/args \0zz\n", 16), "/tmp/args", "");
	// A newline after a NUL is not looked for.
	ExpectScript(std::string("#!/bin/sh\0\n", 11), "/bin/sh");
}

TEST(Shebang, NotAScript) {
	for (const std::string &s :
	     {std::string(""), std::string("#"), std::string("#x/bin/sh\n"),
	      std::string("!#/bin/sh\n"), std::string(" #!/bin/sh\n"),
	      std::string("\177ELF\2\1\1"), std::string("\0#!/bin/sh\n", 11)}) {
		EXPECT_EQ(Parse(s).r, -ENOEXEC) << s;
	}
}

TEST(Shebang, IsScriptLooksAtTheFirstTwoBytes) {
	EXPECT_TRUE(shebang_is_script("#!", 2));
	EXPECT_TRUE(shebang_is_script("#!/bin/sh", 9));
	EXPECT_FALSE(shebang_is_script("#!", 1));
	EXPECT_FALSE(shebang_is_script("\177ELF", 4));
	EXPECT_FALSE(shebang_is_script(nullptr, 2));
}

TEST(Shebang, NoInterpreterIsENOEXEC) {
	for (const std::string &s :
	     {std::string("#!\n"), std::string("#!   \n"), std::string("#!\t\n"),
	      std::string("#!\n/bin/sh\n"),
	      std::string("#!") + std::string(254, ' '),
	      std::string("#!") + std::string(300, '\t')}) {
		EXPECT_EQ(Parse(s).r, -ENOEXEC) << s.size();
	}
}

TEST(Shebang, EmptyPathBeforeNulIsEACCES) {
	// Linux takes "" as the path; opening it finds the working directory,
	// not a regular file.  Linux 6.18 answers these four with EACCES.
	EXPECT_EQ(Parse(std::string("#!\0/bin/sh\n", 11)).r, -EACCES);
	EXPECT_EQ(Parse(std::string("#!  \0", 5)).r, -EACCES);
	EXPECT_EQ(Parse("#!").r, -EACCES) << "the file ends: NUL padding";
	EXPECT_EQ(Parse("#!\t\t").r, -EACCES);
}

TEST(Shebang, PathCutByTheWindowIsENOEXEC) {
	// 300 bytes of path, newline after the 256-byte window.
	std::string s = "#!/" + std::string(300, 'p') + "\n";
	EXPECT_EQ(Parse(s).r, -ENOEXEC);
	// Path filling the window exactly: still possibly cut.
	s = "#!/" + std::string(BINPRM_BUF_SIZE - 3, 'p');
	ASSERT_EQ(s.size(), static_cast<size_t>(BINPRM_BUF_SIZE));
	EXPECT_EQ(Parse(s + "\n").r, -ENOEXEC);
	EXPECT_EQ(Parse(s).r, -ENOEXEC) << "no newline, file ends at the window";
}

TEST(Shebang, PathEndingOnTheLastByteIsAccepted) {
	// Path up to byte 254, a blank at byte 255: the path is whole.
	std::string path = "/" + std::string(BINPRM_BUF_SIZE - 4, 'p');
	std::string s = "#!" + path + " more after the window\n";
	ASSERT_EQ(s[BINPRM_BUF_SIZE - 1], ' ');
	ExpectScript(s, path);
	// One byte longer and the blank falls outside the window.
	EXPECT_EQ(Parse("#!" + path + "q more\n").r, -ENOEXEC);
}

TEST(Shebang, LongArgumentIsCutAtTheWindow) {
	// Linux keeps bytes 0..254 of the window; byte 255 becomes the NUL.
	std::string s = "#!/bin/sh " + std::string(400, 'a') + "\n";
	std::string want(BINPRM_BUF_SIZE - 1 - strlen("#!/bin/sh "), 'a');
	ExpectScript(s, "/bin/sh", want);
}

TEST(Shebang, NewlineOnTheLastByteOfTheWindowIsFound) {
	std::string pad(BINPRM_BUF_SIZE - 1 - strlen("#!/bin/sh "), 'a');
	std::string s = "#!/bin/sh " + pad + "\n";
	ASSERT_EQ(s.size(), static_cast<size_t>(BINPRM_BUF_SIZE));
	ExpectScript(s, "/bin/sh", pad);
	// With the newline one byte further the argument loses its last 'b'.
	ExpectScript("#!/bin/sh " + pad + "b\n", "/bin/sh", pad);
}

TEST(Shebang, OutputBuffersThatAreTooSmall) {
	const std::string s = "#!/bin/sh -e\n";
	EXPECT_EQ(Parse(s, 8, 3).r, 0) << "exactly enough";
	Parsed p = Parse(s, 7, 3);
	EXPECT_EQ(p.r, -ENAMETOOLONG);
	EXPECT_EQ(p.interp, "");
	EXPECT_FALSE(p.has_arg);
	p = Parse(s, 8, 2);
	EXPECT_EQ(p.r, -ENAMETOOLONG);
	EXPECT_EQ(p.interp, "") << "no half-filled result";
	EXPECT_FALSE(p.has_arg);
	EXPECT_EQ(Parse("#!/bin/sh\n", 8, 1).r, 0) << "no argument needs one byte";
}

TEST(Shebang, BadParametersAreEINVAL) {
	char interp[16], arg[16];
	bool has = false;
	EXPECT_EQ(shebang_parse(nullptr, 4, interp, 16, arg, 16, &has), -EINVAL);
	EXPECT_EQ(shebang_parse("#!/x", 4, nullptr, 16, arg, 16, &has), -EINVAL);
	EXPECT_EQ(shebang_parse("#!/x", 4, interp, 0, arg, 16, &has), -EINVAL);
	EXPECT_EQ(shebang_parse("#!/x", 4, interp, 16, nullptr, 16, &has), -EINVAL);
	EXPECT_EQ(shebang_parse("#!/x", 4, interp, 16, arg, 16, nullptr), -EINVAL);
	EXPECT_EQ(shebang_parse("#!/x", 4, interp, 16, arg, 16, &has), 0);
	EXPECT_STREQ(interp, "/x");
}

TEST(Shebang, ArgvSpliceReplacesArgvZero) {
	const char *argv[] = {"REPLACED", "one", "two"};
	const char *out[8];
	long n = shebang_argv("/bin/sh", "-e", "./script", argv, 3, out, 8);
	ASSERT_EQ(n, 5);
	EXPECT_STREQ(out[0], "/bin/sh");
	EXPECT_STREQ(out[1], "-e");
	EXPECT_STREQ(out[2], "./script");
	EXPECT_STREQ(out[3], "one");
	EXPECT_STREQ(out[4], "two");
	n = shebang_argv("/bin/sh", nullptr, "./script", argv, 3, out, 8);
	ASSERT_EQ(n, 4);
	EXPECT_STREQ(out[1], "./script");
	EXPECT_STREQ(out[2], "one");
}

TEST(Shebang, ArgvSpliceWithEmptyArgv) {
	// gVisor's InterpreterScriptArgvZeroAdded: the script path is added.
	const char *out[2];
	EXPECT_EQ(shebang_argv("/bin/sh", nullptr, "/s", nullptr, 0, out, 2), 2);
	EXPECT_STREQ(out[1], "/s");
	const char *empty[] = {""};
	EXPECT_EQ(shebang_argv("/bin/sh", nullptr, "/s", empty, 1, out, 2), 2);
}

TEST(Shebang, ArgvSpliceLimitsAndBadInput) {
	const char *argv[] = {"a", "b", "c"};
	const char *out[4];
	EXPECT_EQ(shebang_argv("/i", "x", "/s", argv, 3, out, 4), -E2BIG);
	EXPECT_EQ(shebang_argv("/i", "x", "/s", argv, 2, out, 4), 4);
	EXPECT_EQ(shebang_argv("/i", nullptr, "/s", argv, SIZE_MAX, out, 4), -E2BIG);
	EXPECT_EQ(shebang_argv(nullptr, "x", "/s", argv, 3, out, 4), -EINVAL);
	EXPECT_EQ(shebang_argv("/i", "x", nullptr, argv, 3, out, 4), -EINVAL);
	EXPECT_EQ(shebang_argv("/i", "x", "/s", nullptr, 3, out, 4), -EINVAL);
	EXPECT_EQ(shebang_argv("/i", "x", "/s", argv, 3, nullptr, 4), -EINVAL);
}

TEST(Shebang, RandomLinesNeverMisbehave) {
	// Whatever the bytes, the result is a status and, on success, a
	// non-empty path without blanks or newlines and an argument that does
	// not start with a blank.  (It may end with one, when a NUL cuts it.)
	std::mt19937 rng(77);
	const char alphabet[] = {'#', '!', '/', 'a', ' ', '\t', '\n', '\0', '\r'};
	for (int round = 0; round < 20000; round++) {
		size_t n = rng() % 320;
		std::string s = "#!";
		for (size_t i = 0; i < n; i++)
			s.push_back(alphabet[rng() % sizeof(alphabet)]);
		s.resize(rng() % (s.size() + 1));
		Parsed p = Parse(s);
		if (p.r != 0) {
			EXPECT_TRUE(p.r == -ENOEXEC || p.r == -EACCES) << p.r;
			continue;
		}
		EXPECT_FALSE(p.interp.empty());
		EXPECT_EQ(p.interp.find_first_of(" \t\n"), std::string::npos);
		EXPECT_LT(p.interp.size() + p.arg.size(), static_cast<size_t>(BINPRM_BUF_SIZE));
		if (!p.arg.empty()) {
			EXPECT_NE(p.arg[0], ' ');
			EXPECT_NE(p.arg[0], '\t');
			EXPECT_EQ(p.arg.find('\n'), std::string::npos);
		}
	}
}

} // namespace
