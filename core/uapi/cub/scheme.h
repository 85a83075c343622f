/*
 * cub/scheme.h - the binary records of the scheme tree (/scheme, see
 * core/scheme/README.md) that user programs read and write.
 *
 * This is cub's own user ABI, so it lives in a UAPI-style header that both
 * the kernel and user programs include, and it uses only the fixed-width
 * types of <linux/types.h> so the layout is the same for C, C++, glibc and
 * musl.  Everything else a scheme file carries is decimal text or a
 * struct __kernel_timespec from <linux/time_types.h>.
 */
#ifndef CUB_UAPI_SCHEME_H
#define CUB_UAPI_SCHEME_H

#include <linux/types.h>

/*
 * One record of /scheme/event (16 bytes, no padding).
 *
 * Written: register interest in descriptor fd of the writing process for
 * the POLL* bits in events (<asm-generic/poll.h>), with data handed back
 * unchanged in each report; writing an fd again replaces its entry, and
 * events 0 removes it.  Read: one record per registered fd that is ready,
 * events holding the bits that are ready now (POLLERR, POLLHUP and POLLNVAL
 * are reported unasked, as poll(2) does; POLLNVAL means the fd is no
 * longer open).
 */
struct cub_scheme_event {
	__s32 fd;
	__u32 events;
	__u64 data;
};

#endif
