/*
 * unix_addr.c - parsing AF_UNIX addresses as Linux's net/unix/af_unix.c.
 */
#include "ipc/unix_addr.h"

#include "lib/kstring.h"

#include <linux/errno.h>

int unix_addr_parse(const void *kaddr, size_t len, struct unix_addr *out)
{
	size_t base = offsetof(struct sockaddr_un, sun_path);

	if (len <= base || len > sizeof(struct sockaddr_un))
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	memcpy(&out->sa, kaddr, len);
	if (out->sa.sun_family != CUB_AF_UNIX)
		return -EINVAL;
	if (out->sa.sun_path[0] == 0) {
		out->len = (unsigned int)len;
		return 0;
	}
	/* A path ends at its NUL or at the given length; Linux then counts
	   one NUL, so the reported length never depends on trailing junk. */
	size_t n = 0;
	while (n < len - base && out->sa.sun_path[n])
		n++;
	memset(out->sa.sun_path + n, 0, sizeof(out->sa.sun_path) - n);
	out->len = (unsigned int)(base + n + 1);
	return 0;
}

bool unix_addr_equal(const struct unix_addr *a, const struct unix_addr *b)
{
	return a->len == b->len && memcmp(&a->sa, &b->sa, a->len) == 0;
}

void unix_addr_autobind(struct unix_addr *out, unsigned int n)
{
	static const char hex[] = "0123456789abcdef";

	memset(out, 0, sizeof(*out));
	out->sa.sun_family = CUB_AF_UNIX;
	n &= 0xfffff;
	for (int i = 5; i >= 1; i--) {
		out->sa.sun_path[i] = hex[n & 0xf];
		n >>= 4;
	}
	out->len = (unsigned int)(offsetof(struct sockaddr_un, sun_path) + 6);
}
