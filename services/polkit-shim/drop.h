/* Dropping root the way polkitd does, and checking that it took. */
#ifndef POLKIT_SHIM_DROP_H
#define POLKIT_SHIM_DROP_H

/* Become USER (supplementary groups from /etc/group via initgroups).
 * Returns 0, or -1 after printing why on stderr. */
int drop_to_user(const char *user);

/* "uid=U gid=G groups=A,B" of the running process into BUF. */
void describe_ids(char *buf, unsigned len);

#endif
