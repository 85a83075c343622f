/* Rules file parser and matcher. Names resolve once at load time so a
 * typo refuses startup instead of silently never matching. */
#define _GNU_SOURCE
#include "rules.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum who_kind { WHO_ANY, WHO_USER, WHO_GROUP };

struct rule {
	int action;          /* index into actions */
	enum who_kind kind;
	unsigned long id;    /* uid or gid */
	enum verdict result;
};

static struct action *actions;
static int nactions;
static struct rule *rules;
static int nrules;

/* polkit's PolkitImplicitAuthorization values. */
enum {
	IMPLICIT_NOT_AUTHORIZED = 0,
	IMPLICIT_AUTH_SELF = 1,
	IMPLICIT_AUTH_ADMIN = 2,
	IMPLICIT_AUTHORIZED = 5,
};

unsigned verdict_implicit(enum verdict v)
{
	switch (v) {
	case V_YES: return IMPLICIT_AUTHORIZED;
	case V_AUTH_SELF: return IMPLICIT_AUTH_SELF;
	case V_AUTH_ADMIN: return IMPLICIT_AUTH_ADMIN;
	case V_NO: break;
	}
	return IMPLICIT_NOT_AUTHORIZED;
}

static int parse_verdict(const char *w, enum verdict *out)
{
	static const struct { const char *word; enum verdict v; } words[] = {
		{ "yes", V_YES }, { "no", V_NO },
		{ "auth_admin", V_AUTH_ADMIN }, { "auth_self", V_AUTH_SELF },
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(w, words[i].word) == 0) {
			*out = words[i].v;
			return 0;
		}
	return -1;
}

static int find_action_index(const char *id)
{
	for (int i = 0; i < nactions; i++)
		if (strcmp(actions[i].id, id) == 0)
			return i;
	return -1;
}

/* A number made only of digits, or -1. */
static long parse_id(const char *s)
{
	if (*s == '\0')
		return -1;
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (*end != '\0' || errno != 0 || v > 0xfffffffeUL || s[0] == '-' || s[0] == '+')
		return -1;
	return (long)v;
}

/* Parse an IDENTITY word into R; returns NULL or an error message. */
static const char *parse_identity(const char *w, struct rule *r)
{
	if (strcmp(w, "*") == 0) {
		r->kind = WHO_ANY;
		return NULL;
	}
	if (strncmp(w, "unix-user:", 10) == 0) {
		const char *name = w + 10;
		long id = parse_id(name);
		r->kind = WHO_USER;
		if (id >= 0) {
			r->id = (unsigned long)id;
			return NULL;
		}
		struct passwd *pw = *name ? getpwnam(name) : NULL;
		if (pw == NULL)
			return "unknown user";
		r->id = pw->pw_uid;
		return NULL;
	}
	if (strncmp(w, "unix-group:", 11) == 0) {
		const char *name = w + 11;
		long id = parse_id(name);
		r->kind = WHO_GROUP;
		if (id >= 0) {
			r->id = (unsigned long)id;
			return NULL;
		}
		struct group *gr = *name ? getgrnam(name) : NULL;
		if (gr == NULL)
			return "unknown group";
		r->id = gr->gr_gid;
		return NULL;
	}
	return "identity must be unix-user:NAME|UID, unix-group:NAME|GID or *";
}

/* Split LINE in place into at most MAX words; the last word of a
 * DESCRIPTION keeps its inner spaces, so REST gets the remainder after
 * the first REST_AFTER words. */
static int split(char *line, char **words, int max, int rest_after, char **rest)
{
	int n = 0;
	char *p = line;
	*rest = NULL;
	while (n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (n == rest_after) {
			*rest = p;
			break;
		}
		words[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static int add_action(const char *id, enum verdict def, const char *desc)
{
	struct action *a = realloc(actions, (nactions + 1) * sizeof *a);
	if (a == NULL)
		return -1;
	actions = a;
	actions[nactions].id = strdup(id);
	actions[nactions].def = def;
	actions[nactions].description = strdup(desc);
	if (!actions[nactions].id || !actions[nactions].description)
		return -1;
	nactions++;
	return 0;
}

static int add_rule(const struct rule *r)
{
	struct rule *n = realloc(rules, (nrules + 1) * sizeof *n);
	if (n == NULL)
		return -1;
	rules = n;
	rules[nrules++] = *r;
	return 0;
}

/* One directive; returns NULL or an error message. */
static const char *parse_line(char *line)
{
	char *rest;
	/* Strip the newline and trailing blanks. */
	size_t len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == ' ' ||
		       line[len - 1] == '\t' || line[len - 1] == '\r'))
		line[--len] = '\0';

	char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '#')
		return NULL;

	/* Only "action" has a free-text tail; everything else is words. */
	int is_action = strncmp(p, "action", 6) == 0 && (p[6] == ' ' || p[6] == '\t' || p[6] == '\0');
	char *w[5];
	int n = is_action ? split(line, w, 4, 3, &rest) : split(line, w, 5, -1, &rest);

	if (strcmp(w[0], "action") == 0) {
		enum verdict def;
		if (n < 3 || rest == NULL)
			return "expected: action ACTION_ID DEFAULT DESCRIPTION...";
		if (parse_verdict(w[2], &def) != 0)
			return "DEFAULT must be yes, no, auth_admin or auth_self";
		if (find_action_index(w[1]) >= 0)
			return "action registered twice";
		if (add_action(w[1], def, rest) != 0)
			return "out of memory";
		return NULL;
	}
	if (strcmp(w[0], "rule") == 0) {
		struct rule r = { 0 };
		if (n != 4)
			return "expected: rule ACTION_ID IDENTITY RESULT";
		r.action = find_action_index(w[1]);
		if (r.action < 0)
			return "rule for an action not registered above";
		const char *err = parse_identity(w[2], &r);
		if (err)
			return err;
		if (parse_verdict(w[3], &r.result) != 0)
			return "RESULT must be yes, no, auth_admin or auth_self";
		if (add_rule(&r) != 0)
			return "out of memory";
		return NULL;
	}
	return "unknown directive (expected action or rule)";
}

int rules_load(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int ret = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		const char *err = parse_line(line);
		if (err) {
			fprintf(stderr, "%s:%u: %s\n", path, lineno, err);
			ret = -1;
			break;
		}
	}
	if (ret == 0 && ferror(f)) {
		fprintf(stderr, "%s: read error\n", path);
		ret = -1;
	}
	free(line);
	fclose(f);
	return ret;
}

void rules_free(void)
{
	for (int i = 0; i < nactions; i++) {
		free(actions[i].id);
		free(actions[i].description);
	}
	free(actions);
	free(rules);
	actions = NULL;
	rules = NULL;
	nactions = nrules = 0;
}

const struct action *rules_find_action(const char *id)
{
	int i = find_action_index(id);
	return i < 0 ? NULL : &actions[i];
}

int rules_action_count(void) { return nactions; }
const struct action *rules_action_at(int i) { return &actions[i]; }

static int in_groups(const struct identity *who, unsigned long gid)
{
	if (who->gid == gid)
		return 1;
	for (int i = 0; i < who->ngroups; i++)
		if (who->groups[i] == gid)
			return 1;
	return 0;
}

enum verdict rules_decide(const struct action *action, const struct identity *who)
{
	int ai = (int)(action - actions);
	for (int i = 0; i < nrules; i++) {
		const struct rule *r = &rules[i];
		if (r->action != ai)
			continue;
		if (r->kind == WHO_ANY ||
		    (r->kind == WHO_USER && who->uid == r->id) ||
		    (r->kind == WHO_GROUP && in_groups(who, r->id)))
			return r->result;
	}
	return action->def;
}
