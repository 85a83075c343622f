/*
 * drop.h - giving up root in a freshly forked child, before execve.
 */
#ifndef CUB_INIT_DROP_H
#define CUB_INIT_DROP_H

#include <stddef.h>

#include "ids.h"

/*
 * Sets the supplementary groups (initgroups or setgroups), then
 * setresgid(g, g, g), then setresuid(u, u, u), and reads every id back to
 * prove each call did what it said.  For a non-root user it also proves
 * that root cannot be taken back.  Returns 0, or -1 with ERR naming the
 * call that failed or the id that came out wrong.  Needs euid 0.
 */
int drop_privileges(const struct ids *ids, char *err, size_t errlen);

#endif
