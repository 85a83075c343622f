/*
 * unix_scm.c - SCM_RIGHTS and SCM_CREDENTIALS for AF_UNIX.
 */
#include "ipc/unix_scm.h"

#include "cred/cred.h"
#include "fs/fd.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"

#include <asm/socket.h>
#include <linux/errno.h>

/* Linux's net.core.optmem_max: the largest control buffer a send takes. */
#define OPTMEM_MAX 131072

/* Linux's scm_check_creds: a caller that is not root may claim only its
   own pid and one of its real, effective and saved uids and gids. */
static int check_creds(const struct cub_ucred *u)
{
	struct process *p = process_current();
	const struct cred *c = p->cred;

	if (cred_is_root(c))
		return 0;
	bool pid_ok = u->pid == (uint32_t)p->pid;
	bool uid_ok = u->uid == c->uid || u->uid == c->euid || u->uid == c->suid;
	bool gid_ok = u->gid == c->gid || u->gid == c->egid || u->gid == c->sgid;
	return pid_ok && uid_ok && gid_ok ? 0 : -EPERM;
}

static int add_files(struct unix_scm *scm, const int *fds, int n)
{
	if (n <= 0)
		return 0;
	if (scm->nfiles + n > CUB_SCM_MAX_FD)
		return -EINVAL;
	struct file **nf = kmalloc(sizeof(*nf) * (size_t)(scm->nfiles + n));
	if (!nf)
		return -ENOMEM;
	for (int i = 0; i < scm->nfiles; i++)
		nf[i] = scm->files[i];
	kfree(scm->files);
	scm->files = nf;
	for (int i = 0; i < n; i++) {
		struct file *f = fd_get(process_current()->fds, fds[i]);
		if (!f)
			return -EBADF;
		file_get(f);
		scm->files[scm->nfiles++] = f;
	}
	return 0;
}

static int parse_one(const struct cub_cmsghdr *h, struct unix_scm *scm)
{
	const void *data = (const char *)h + CUB_CMSG_HDRLEN;
	size_t dlen = h->cmsg_len - CUB_CMSG_HDRLEN;

	if (h->cmsg_level != SOL_SOCKET)
		return 0;
	switch (h->cmsg_type) {
	case CUB_SCM_RIGHTS:
		return add_files(scm, data, (int)(dlen / sizeof(int)));
	case CUB_SCM_CREDENTIALS: {
		struct cub_ucred u;
		if (h->cmsg_len != CUB_CMSG_LEN(sizeof(u)))
			return -EINVAL;
		memcpy(&u, data, sizeof(u));
		int r = check_creds(&u);
		if (r)
			return r;
		scm->cred = u;
		scm->has_cred = true;
		return 0;
	}
	default:
		return -EINVAL;
	}
}

int unix_scm_parse(const void *ucontrol, size_t len, struct unix_scm *scm)
{
	struct process *p = process_current();
	int r = 0;

	memset(scm, 0, sizeof(*scm));
	scm->cred.pid = (uint32_t)p->pid;
	scm->cred.uid = p->cred->uid;
	scm->cred.gid = p->cred->gid;
	if (len < sizeof(struct cub_cmsghdr))
		return 0;
	if (len > OPTMEM_MAX)
		return -ENOBUFS;
	char *buf = kmalloc(len);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ucontrol, len)) {
		kfree(buf);
		return -EFAULT;
	}
	/* Linux's CMSG_FIRSTHDR, CMSG_OK and CMSG_NXTHDR. */
	size_t pos = 0;
	while (!r && len - pos >= sizeof(struct cub_cmsghdr)) {
		struct cub_cmsghdr *h = (struct cub_cmsghdr *)(buf + pos);
		if (h->cmsg_len < sizeof(*h) || h->cmsg_len > len - pos) {
			r = -EINVAL;
			break;
		}
		r = parse_one(h, scm);
		size_t step = CUB_CMSG_ALIGN(h->cmsg_len);
		if (step > len - pos)
			break;
		pos += step;
	}
	kfree(buf);
	if (r)
		unix_scm_release(scm);
	return r;
}

void unix_scm_release(struct unix_scm *scm)
{
	for (int i = 0; i < scm->nfiles; i++)
		file_put(scm->files[i]);
	kfree(scm->files);
	scm->files = 0;
	scm->nfiles = 0;
}

int unix_put_cmsg(struct unix_cmsg_out *out, int level, int type, const void *data, size_t len)
{
	size_t space = out->space - out->used;
	struct cub_cmsghdr h;

	if (space < sizeof(h)) {
		*out->flags |= CUB_MSG_CTRUNC;
		return 0;
	}
	size_t cmlen = CUB_CMSG_LEN(len);
	if (space < cmlen) {
		*out->flags |= CUB_MSG_CTRUNC;
		cmlen = space;
	}
	h.cmsg_len = cmlen;
	h.cmsg_level = level;
	h.cmsg_type = type;
	if (copy_to_user(out->ubuf + out->used, &h, sizeof(h)) ||
	    copy_to_user(out->ubuf + out->used + CUB_CMSG_HDRLEN, data, cmlen - CUB_CMSG_HDRLEN))
		return -EFAULT;
	size_t step = CUB_CMSG_SPACE(len);
	out->used += step < space ? step : space;
	return 0;
}

void unix_put_files(struct unix_cmsg_out *out, struct file **files, int n, bool cloexec)
{
	size_t space = out->space - out->used;
	int max = space > CUB_CMSG_HDRLEN ? (int)((space - CUB_CMSG_HDRLEN) / sizeof(int)) : 0;
	int fds[CUB_SCM_MAX_FD];
	int done = 0;

	for (int i = 0; i < n; i++) {
		int fd = -1;
		if (done < max)
			fd = fd_install(process_current()->fds, files[i], 0, cloexec);
		if (fd < 0) {
			file_put(files[i]);
			continue;
		}
		fds[done++] = fd;
	}
	if (done < n)
		*out->flags |= CUB_MSG_CTRUNC;
	if (done) {
		unsigned int keep = *out->flags;
		unix_put_cmsg(out, SOL_SOCKET, CUB_SCM_RIGHTS, fds, (size_t)done * sizeof(int));
		*out->flags = keep | (*out->flags & CUB_MSG_CTRUNC);
	}
}
