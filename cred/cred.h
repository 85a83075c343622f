/*
 * cred.h - process credentials (plan K1): real, effective, saved and
 * filesystem user and group ids, and the supplementary groups.
 *
 * A struct cred is never changed once a process uses it.  A change is a
 * transaction, as in Linux's kernel/cred.c: cred_prepare copies the
 * current credentials, a rule function (cred_setresuid...) edits the copy
 * after checking the caller may, and the caller then either installs the
 * copy (commit) or drops it with cred_put (abort), so a refused call
 * changes nothing.  Groups are kept sorted, shared between copies, and
 * searched by bisection.
 *
 * "Root" is euid 0: the project implements no capabilities beyond that
 * (DESIGN.md), so CAP_SETUID, CAP_SETGID and CAP_KILL all mean euid 0.
 *
 * Portable: no x86, no scheduler; unit-tested on the host.
 */
#ifndef CUB_CRED_CRED_H
#define CUB_CRED_CRED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An id argument that means "leave this one alone": (uid_t)-1. */
#define CRED_KEEP ((uint32_t)-1)

struct cred_groups {
	int refs;
	uint32_t count;
	uint32_t gids[]; /* ascending; duplicates kept, as Linux keeps them */
};

struct cred {
	int refs;
	uint32_t uid, euid, suid, fsuid;
	uint32_t gid, egid, sgid, fsgid;
	struct cred_groups *groups; /* never NULL */
};

/* All ids 0, no groups: the credentials of PID 1.  NULL without memory. */
struct cred *cred_new_root(void);

/* References.  cred_put frees the last one (and is NULL-safe). */
const struct cred *cred_get(const struct cred *c);
void cred_put(const struct cred *c);

/* A private, changeable copy of old (refs 1), or NULL without memory. */
struct cred *cred_prepare(const struct cred *old);

bool cred_is_root(const struct cred *c);

/* gid is the fsgid or a supplementary group (Linux's in_group_p). */
bool cred_in_group(const struct cred *c, uint32_t gid);

/* The egid or a supplementary group (Linux's in_egroup_p). */
bool cred_in_egroup(const struct cred *c, uint32_t gid);

/*
 * The set*id rules of Linux's kernel/sys.c.  Each checks against old (the
 * caller's current credentials) and edits next (from cred_prepare(old));
 * 0, -EPERM or -EINVAL.  On an error next is left half-edited: abort it.
 */
int cred_setresuid(struct cred *next, const struct cred *old, uint32_t r, uint32_t e, uint32_t s);
int cred_setresgid(struct cred *next, const struct cred *old, uint32_t r, uint32_t e, uint32_t s);
int cred_setreuid(struct cred *next, const struct cred *old, uint32_t r, uint32_t e);
int cred_setregid(struct cred *next, const struct cred *old, uint32_t r, uint32_t e);
int cred_setuid(struct cred *next, const struct cred *old, uint32_t uid);
int cred_setgid(struct cred *next, const struct cred *old, uint32_t gid);

/* setfsuid/setfsgid: true when next differs from old and should be
   committed; the syscall returns old's fsuid (fsgid) either way. */
bool cred_setfsuid(struct cred *next, const struct cred *old, uint32_t uid);
bool cred_setfsgid(struct cred *next, const struct cred *old, uint32_t gid);

/*
 * setgroups: the caller must be root (-EPERM, checked first, as Linux
 * does), count at most NGROUPS_MAX (-EINVAL); -ENOMEM.  list is copied
 * and sorted.
 */
int cred_setgroups(struct cred *next, const struct cred *old, const uint32_t *list, size_t count);

/* A group list of count entries (not yet sorted) for cred_setgroups'
   callers that fill it in place; NULL without memory. */
struct cred_groups *cred_groups_alloc(size_t count);
void cred_groups_put(struct cred_groups *g);

/* Installs g (its reference moves to next), sorting it; -EPERM unless
   old is root. */
int cred_set_group_list(struct cred *next, const struct cred *old, struct cred_groups *g);

/* kill(2)'s rule (kill_ok_by_cred): the sender's real or effective uid
   is the target's real or saved uid, or the sender is root. */
bool cred_may_signal(const struct cred *sender, const struct cred *target);

/*
 * What execve's credential rule needs to know of the program it runs:
 * its mode, owner and group, and whether set-id bits are to be ignored
 * (the file is on a nosuid mount, or the process set no_new_privs).
 */
struct cred_exec_file {
	uint32_t mode;
	uint32_t uid, gid;
	bool ignore_setid;
};

/*
 * execve's rule (Linux's bprm_fill_uid and cap_bprm_creds_from_file):
 * next, from cred_prepare(old), takes the file's owner as effective uid
 * when the file is set-user-ID, and its group as effective gid when it
 * is set-group-ID with group execute (S_ISGID alone marks mandatory
 * locking, not set-group-ID); then, for every exec, saved and fs ids
 * become the effective ones.  The real ids and the groups never change.
 */
void cred_exec(struct cred *next, const struct cred_exec_file *f);

/* AT_SECURE for credentials made by cred_exec: effective != real. */
bool cred_exec_secure(const struct cred *next);

/* setpriority(2)'s rule (set_one_prio_perm): the caller's euid is the
   target's real or effective uid, or the caller is root. */
bool cred_may_renice(const struct cred *caller, const struct cred *target);

/* Two credentials with the same ids and groups. */
bool cred_equal(const struct cred *a, const struct cred *b);

#ifdef __cplusplus
}
#endif

#endif
