// Host tests of services/init's user lookup (ids.c, through the host's
// NSS) and privilege drop (drop.c, in forked children; needs root).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

extern "C" {
#include "services/init/drop.h"
#include "services/init/ids.h"
#include "services/init/table.h"
}

namespace {

// Parses a one-entry table (the entry, then a check) and resolves entry 0.
struct Resolved {
	struct table t;
	struct ids ids;
	int rc = -1;
	std::string err;
};

void resolve(const std::string &line, Resolved *r)
{
	std::string text = line + "\ncheck root /bin/true\n";
	char err[512] = "";
	ASSERT_EQ(table_parse(text.data(), text.size(), "t", &r->t, err, sizeof(err)), 0) << err;
	const table_entry *e = r->t.nservices ? &r->t.services[0] : &r->t.check;
	r->rc = ids_resolve(e, "t", &r->ids, err, sizeof(err));
	r->err = err;
}

void release(Resolved *r)
{
	if (r->rc == 0)
		ids_free(&r->ids);
	table_free(&r->t);
}

TEST(InitIds, RootWithInitgroups)
{
	Resolved r;
	resolve("service a root - /bin/x", &r);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_STREQ(r.ids.user, "root");
	EXPECT_EQ(r.ids.uid, 0u);
	EXPECT_EQ(r.ids.gid, 0u);
	EXPECT_EQ(r.ids.initgroups, 1);
	ASSERT_GE(r.ids.ngroups, 1u);
	EXPECT_EQ(r.ids.groups[0], 0u);
	release(&r);
}

TEST(InitIds, ExplicitListOfNamesAndNumbers)
{
	Resolved r;
	resolve("service a root root,12345,0 /bin/x", &r);
	ASSERT_EQ(r.rc, 0) << r.err;
	EXPECT_EQ(r.ids.initgroups, 0);
	ASSERT_EQ(r.ids.ngroups, 3u);
	EXPECT_EQ(r.ids.groups[0], 0u);
	EXPECT_EQ(r.ids.groups[1], 12345u);
	EXPECT_EQ(r.ids.groups[2], 0u);
	char buf[64];
	ids_format_groups(&r.ids, buf, sizeof(buf));
	EXPECT_STREQ(buf, "0,12345,0");
	release(&r);
}

TEST(InitIds, UnknownNamesNameTheLine)
{
	Resolved r;
	resolve("service a no-such-user-cub - /bin/x", &r);
	EXPECT_EQ(r.err, "t:1: a: unknown user 'no-such-user-cub' (not in /etc/passwd)");
	release(&r);
	resolve("service a root root,no-such-group-cub /bin/x", &r);
	EXPECT_EQ(r.err, "t:1: a: unknown group 'no-such-group-cub' (not in /etc/group)");
	release(&r);
	resolve("service a root 99999999999 /bin/x", &r);
	EXPECT_EQ(r.err, "t:1: a: bad group number '99999999999'");
	release(&r);
}

TEST(InitIds, UnknownCheckUser)
{
	std::string text = "\ncheck no-such-user-cub /bin/true\n";
	struct table t;
	struct ids ids;
	char err[512] = "";
	ASSERT_EQ(table_parse(text.data(), text.size(), "t", &t, err, sizeof(err)), 0) << err;
	EXPECT_EQ(ids_resolve(&t.check, "t", &ids, err, sizeof(err)), -1);
	EXPECT_STREQ(err, "t:2: check: unknown user 'no-such-user-cub' (not in /etc/passwd)");
	table_free(&t);
}

TEST(InitIds, FormatNoGroups)
{
	struct ids ids = {};
	char buf[16];
	ids_format_groups(&ids, buf, sizeof(buf));
	EXPECT_STREQ(buf, "none");
}

// Runs FN in a child and returns its exit status (or 128 + signal).
template <typename Fn> int in_child(Fn fn)
{
	fflush(nullptr);
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	int st = 0;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#define NEED_ROOT()                                                   \
	do {                                                          \
		if (geteuid() != 0)                                   \
			GTEST_SKIP() << "the privilege drop needs root"; \
	} while (0)

TEST(InitDrop, ToNobodyWithAList)
{
	NEED_ROOT();
	EXPECT_EQ(in_child([] {
		gid_t list[] = {100, 65534};
		struct ids ids = {};
		strcpy(ids.user, "nobody");
		ids.uid = 65534;
		ids.gid = 65534;
		ids.groups = list;
		ids.ngroups = 2;
		char err[256];
		if (drop_privileges(&ids, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		uid_t r, e, s;
		gid_t rg, eg, sg, got[4];
		getresuid(&r, &e, &s);
		getresgid(&rg, &eg, &sg);
		int n = getgroups(4, got);
		return r == 65534 && e == 65534 && s == 65534 && rg == 65534 && eg == 65534 &&
				       sg == 65534 && n == 2
			       ? 0
			       : 2;
	}), 0);
}

TEST(InitDrop, RootStaysRootWithInitgroups)
{
	NEED_ROOT();
	EXPECT_EQ(in_child([] {
		Resolved r;
		resolve("service a root - /bin/x", &r);
		char err[256];
		if (r.rc < 0 || drop_privileges(&r.ids, err, sizeof(err)) < 0)
			return 1;
		return geteuid() == 0 ? 0 : 2;
	}), 0);
}

TEST(InitDrop, FailsLoudlyWithoutRoot)
{
	NEED_ROOT();
	EXPECT_EQ(in_child([] {
		if (setresuid(65534, 65534, 65534) < 0)
			return 1;
		gid_t list[] = {0};
		struct ids ids = {};
		strcpy(ids.user, "root");
		ids.groups = list;
		ids.ngroups = 1;
		char err[256];
		if (drop_privileges(&ids, err, sizeof(err)) == 0)
			return 2;
		return strcmp(err, "setgroups(1, ...): Operation not permitted") == 0 ? 0 : 3;
	}), 0);
}

} // namespace
