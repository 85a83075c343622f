/*
 * unix_addr.h - AF_UNIX addresses: parsing a struct sockaddr_un the way
 * Linux does (unix_validate_addr, unix_mkname_bsd), abstract names and
 * autobind names.  Portable C, unit-tested on the host.
 */
#ifndef CUB_IPC_UNIX_ADDR_H
#define CUB_IPC_UNIX_ADDR_H

#include <stdbool.h>
#include <stddef.h>

#include "ipc/socket_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A bound or target name: len is the length Linux reports for it. */
struct unix_addr {
	unsigned int len;
	struct sockaddr_un sa;
	char term; /* a NUL after a path that fills sun_path */
};

/* The length of an unnamed address: the family alone. */
#define UNIX_ADDR_UNNAMED_LEN ((unsigned int)sizeof(cub_sa_family_t))

/*
 * Parses len bytes at kaddr (a kernel copy of the caller's sockaddr).
 * EINVAL when the family is not AF_UNIX or len is at most the family's
 * size or more than sizeof(struct sockaddr_un).  A path name is cut at
 * its first NUL (or at len) and its length becomes the family, the path
 * and one NUL, as Linux reports it; an abstract name (a NUL first) keeps
 * exactly len bytes.
 */
int unix_addr_parse(const void *kaddr, size_t len, struct unix_addr *out);

/* An abstract name is one whose first path byte is NUL. */
static inline bool unix_addr_abstract(const struct unix_addr *a)
{
	return a->sa.sun_path[0] == 0;
}

bool unix_addr_equal(const struct unix_addr *a, const struct unix_addr *b);

/* The autobind name number n gets: a NUL and five hex digits, as Linux
   names them ("\0%05x"); n is taken modulo 0x100000. */
void unix_addr_autobind(struct unix_addr *out, unsigned int n);

#ifdef __cplusplus
}
#endif
#endif
