/*
 * unix_scm.h - ancillary data of AF_UNIX messages (unix_scm.c): parsing
 * a sender's SCM_RIGHTS and SCM_CREDENTIALS, and writing a receiver's
 * control messages, after Linux's net/core/scm.c.
 */
#ifndef CUB_IPC_UNIX_SCM_H
#define CUB_IPC_UNIX_SCM_H

#include <stdbool.h>
#include <stddef.h>

#include "ipc/socket_abi.h"

struct file;

struct unix_scm {
	struct file **files; /* references */
	int nfiles;
	bool has_cred;
	struct cub_ucred cred;
};

/* Parses the user's control buffer: EINVAL for a malformed header or an
   unknown SOL_SOCKET type, EBADF for a bad descriptor, EPERM for
   credentials a non-root caller may not claim, ENOBUFS past Linux's
   optmem limit.  Headers of other levels are skipped, as Linux does.
   Without SCM_CREDENTIALS the caller's pid and real ids are filled in. */
int unix_scm_parse(const void *ucontrol, size_t len, struct unix_scm *scm);

/* Releases what a parsed scm still holds. */
void unix_scm_release(struct unix_scm *scm);

/* A receiver's control buffer being filled. */
struct unix_cmsg_out {
	char *ubuf;          /* the user's buffer */
	size_t space, used;
	unsigned int *flags; /* msg_flags, for MSG_CTRUNC */
};

/* Linux's put_cmsg: as much of the message as fits, MSG_CTRUNC if not. */
int unix_put_cmsg(struct unix_cmsg_out *out, int level, int type, const void *data, size_t len);

/* Linux's scm_detach_fds: installs the files as new descriptors (as
   many as fit; the rest are released, MSG_CTRUNC), close-on-exec with
   cloexec.  Takes over the references in files. */
void unix_put_files(struct unix_cmsg_out *out, struct file **files, int n, bool cloexec);

#endif
