/* The rules file: registered actions and the rules that judge them. */
#ifndef POLKIT_SHIM_RULES_H
#define POLKIT_SHIM_RULES_H

#include <sys/types.h>

/* A verdict, as a rule's RESULT or an action's DEFAULT. */
enum verdict { V_NO, V_YES, V_AUTH_SELF, V_AUTH_ADMIN };

struct action {
	char *id;
	enum verdict def;
	char *description;
};

/* Who a subject is, as far as rules care: kernel ids only. */
struct identity {
	uid_t uid;
	gid_t gid;          /* primary (real) gid */
	gid_t *groups;      /* supplementary groups, as the kernel has them */
	int ngroups;
};

/* Load PATH. Returns 0, or -1 after printing "PATH:LINE: message". */
int rules_load(const char *path);
void rules_free(void);

const struct action *rules_find_action(const char *id);
int rules_action_count(void);
const struct action *rules_action_at(int i);

/* First matching rule for ACTION, else the action's default. */
enum verdict rules_decide(const struct action *action, const struct identity *who);

/* polkit's ImplicitAuthorization enum value for a verdict. */
unsigned verdict_implicit(enum verdict v);

#endif
