// Host tests of services/init's table parser (table.c): every directive,
// and every mistake with its exact message.
#include <gtest/gtest.h>

#include <string>

extern "C" {
#include "services/init/table.h"
}

namespace {

struct Parsed {
	int rc;
	std::string err;
	struct table t;
};

// Parses TEXT as a table named "t"; the caller frees p.t on success.
void parse(const std::string &text, Parsed *p)
{
	char err[512] = "";
	p->rc = table_parse(text.data(), text.size(), "t", &p->t, err, sizeof(err));
	p->err = err;
}

std::string error_of(const std::string &text)
{
	Parsed p;
	parse(text, &p);
	if (p.rc == 0) {
		table_free(&p.t);
		return "(parsed)";
	}
	return p.err;
}

const char kCheck[] = "check root /bin/true\n";

TEST(InitTable, EveryDirective)
{
	Parsed p;
	parse("# a comment\n"
	      "\n"
	      "service sleeper bob - /bin/sleep 1000   # trailing comment\n"
	      "\tservice  listed\talice wheel,100,users /bin/sleep 5\n"
	      "grace 7\n"
	      "check root /etc/cub/check.sh -v\n",
	      &p);
	ASSERT_EQ(p.rc, 0) << p.err;
	ASSERT_EQ(p.t.nservices, 2u);
	const table_entry &a = p.t.services[0];
	EXPECT_EQ(a.line, 3);
	EXPECT_STREQ(a.name, "sleeper");
	EXPECT_STREQ(a.user, "bob");
	EXPECT_EQ(a.groups, nullptr);
	ASSERT_EQ(a.argc, 2u);
	EXPECT_STREQ(a.argv[0], "/bin/sleep");
	EXPECT_STREQ(a.argv[1], "1000");
	EXPECT_EQ(a.argv[2], nullptr);
	const table_entry &b = p.t.services[1];
	EXPECT_EQ(b.line, 4);
	ASSERT_EQ(b.ngroups, 3u);
	EXPECT_STREQ(b.groups[0], "wheel");
	EXPECT_STREQ(b.groups[1], "100");
	EXPECT_STREQ(b.groups[2], "users");
	EXPECT_EQ(p.t.grace, 7u);
	EXPECT_EQ(p.t.grace_line, 5);
	ASSERT_TRUE(p.t.has_check);
	EXPECT_EQ(p.t.check.line, 6);
	EXPECT_STREQ(p.t.check.name, "check");
	EXPECT_STREQ(p.t.check.user, "root");
	EXPECT_EQ(p.t.check.groups, nullptr);
	ASSERT_EQ(p.t.check.argc, 2u);
	EXPECT_STREQ(p.t.check.argv[1], "-v");
	table_free(&p.t);
}

TEST(InitTable, CheckAloneWithDefaultGraceAndNoFinalNewline)
{
	Parsed p;
	parse("check alice /bin/id", &p);
	ASSERT_EQ(p.rc, 0) << p.err;
	EXPECT_EQ(p.t.nservices, 0u);
	EXPECT_EQ(p.t.grace, unsigned(TABLE_DEFAULT_GRACE));
	EXPECT_EQ(p.t.grace_line, 0);
	EXPECT_STREQ(p.t.check.argv[0], "/bin/id");
	table_free(&p.t);
}

TEST(InitTable, GraceBounds)
{
	Parsed p;
	parse(std::string("grace 0\n") + kCheck, &p);
	ASSERT_EQ(p.rc, 0) << p.err;
	EXPECT_EQ(p.t.grace, 0u);
	table_free(&p.t);
	parse(std::string("grace 3600\n") + kCheck, &p);
	ASSERT_EQ(p.rc, 0) << p.err;
	EXPECT_EQ(p.t.grace, 3600u);
	table_free(&p.t);
}

TEST(InitTable, DirectiveMistakes)
{
	EXPECT_EQ(error_of("frob x\n"),
		  "t:1: unknown directive 'frob' (expected one of: service, check, grace)");
	EXPECT_EQ(error_of("\n# c\nService a b - /x\n"),
		  "t:3: unknown directive 'Service' (expected one of: service, check, grace)");
	EXPECT_EQ(error_of("service a bob -\n"),
		  "t:1: service: expected 'service NAME USER GROUPS COMMAND [ARGS...]'");
	EXPECT_EQ(error_of("check root\n"), "t:1: check: expected 'check USER COMMAND [ARGS...]'");
	EXPECT_EQ(error_of("grace\n"), "t:1: grace: expected 'grace SECONDS'");
	EXPECT_EQ(error_of("grace 1 2\n"), "t:1: grace: expected 'grace SECONDS'");
}

TEST(InitTable, ServiceMistakes)
{
	EXPECT_EQ(error_of("service a/b bob - /bin/x\n"),
		  "t:1: service: bad name 'a/b' (letters, digits, '.', '_', '-'; at most 32)");
	EXPECT_EQ(error_of("service -a bob - /bin/x\n"),
		  "t:1: service: bad name '-a' (letters, digits, '.', '_', '-'; at most 32)");
	EXPECT_EQ(error_of("service " + std::string(33, 'n') + " bob - /bin/x\n"),
		  "t:1: service: bad name '" + std::string(33, 'n') +
			  "' (letters, digits, '.', '_', '-'; at most 32)");
	EXPECT_EQ(error_of("service a bob - /bin/x\nservice a bob - /bin/y\n"),
		  "t:2: service: duplicate name 'a' (first at line 1)");
	EXPECT_EQ(error_of("service a bob - sleep 1\n"),
		  "t:1: a: command 'sleep' is not an absolute path (init does not search PATH)");
	EXPECT_EQ(error_of("check root true\n"),
		  "t:1: check: command 'true' is not an absolute path (init does not search PATH)");
}

TEST(InitTable, GroupListMistakes)
{
	EXPECT_EQ(error_of("service a bob wheel,,users /bin/x\n"),
		  "t:1: a: empty group name in the group list");
	EXPECT_EQ(error_of("service a bob wheel, /bin/x\n"),
		  "t:1: a: empty group name in the group list");
	EXPECT_EQ(error_of("service a bob ,wheel /bin/x\n"),
		  "t:1: a: empty group name in the group list");
	EXPECT_EQ(error_of("service a bob wheel,-,users /bin/x\n"),
		  "t:1: a: bad group '-' (expected a group name or number)");
	EXPECT_EQ(error_of("service a bob wh$eel /bin/x\n"),
		  "t:1: a: bad group 'wh$eel' (expected a group name or number)");
	std::string many = "0";
	for (int i = 1; i <= TABLE_MAX_GROUPS; i++)
		many += "," + std::to_string(i);
	EXPECT_EQ(error_of("service a bob " + many + " /bin/x\n"), "t:1: a: 257 groups, more than 256");
}

TEST(InitTable, DuplicatesAndMissingCheck)
{
	EXPECT_EQ(error_of("check root /bin/a\n\ncheck root /bin/b\n"),
		  "t:3: check: duplicate check (first at line 1)");
	EXPECT_EQ(error_of(std::string("grace 1\n") + kCheck + "grace 2\n"),
		  "t:3: grace: duplicate grace (first at line 1)");
	EXPECT_EQ(error_of("service a bob - /bin/x\n"),
		  "t: no check line (add 'check USER COMMAND [ARGS...]': its exit status is the "
		  "verdict)");
	EXPECT_EQ(error_of(""), "t: no check line (add 'check USER COMMAND [ARGS...]': its exit "
				"status is the verdict)");
}

TEST(InitTable, BadGraceValues)
{
	for (const char *v : {"x", "-1", "+1", "3601", "1s", "99999999999999999999999"})
		EXPECT_EQ(error_of(std::string("grace ") + v + "\n" + kCheck),
			  std::string("t:1: grace: bad number of seconds '") + v +
				  "' (expected 0 to 3600)");
}

TEST(InitTable, BadCharacters)
{
	EXPECT_EQ(error_of("check root /bin/true\r\n"),
		  "t:1: carriage return in the line (use Unix line ends)");
	EXPECT_EQ(error_of(std::string("check root /bin/true\n\nx\x01y\n")),
		  "t:3: control character 0x01 in the line");
	EXPECT_EQ(error_of(std::string("check root /bin/\0true\n", 22)),
		  "t:1: control character 0x00 in the line");
}

TEST(InitTable, Limits)
{
	std::string text;
	for (int i = 0; i <= TABLE_MAX_SERVICES; i++)
		text += "service s" + std::to_string(i) + " bob - /bin/x\n";
	EXPECT_EQ(error_of(text + kCheck), "t:65: service: more than 64 services");
	std::string words = "check root /bin/x";
	for (int i = 0; i < 254; i++)
		words += " a";
	EXPECT_EQ(error_of(words + "\n"), "t:1: more than 256 words");
	EXPECT_EQ(error_of(std::string(TABLE_MAX_BYTES + 1, '#')), "t: 65537 bytes, more than 65536");
}

TEST(InitTable, LoadNamesTheFile)
{
	struct table t;
	char err[512];
	EXPECT_EQ(table_load("/nonexistent/cub/services", &t, err, sizeof(err)), -1);
	EXPECT_STREQ(err, "/nonexistent/cub/services: cannot open: No such file or directory");
}

} // namespace
