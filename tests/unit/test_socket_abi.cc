// The socket ABI the kernel spells itself (ipc/socket_abi.h) because the
// UAPI headers keep it kernel-internal: each value and layout must equal
// what glibc passes.
#include <gtest/gtest.h>

#include <stddef.h>
#include <sys/socket.h>

#include "ipc/socket_abi.h"

TEST(SocketAbi, FamiliesAndTypes) {
	EXPECT_EQ(CUB_AF_UNSPEC, AF_UNSPEC);
	EXPECT_EQ(CUB_AF_UNIX, AF_UNIX);
	EXPECT_EQ(CUB_AF_INET, AF_INET);
	EXPECT_EQ(CUB_AF_INET6, AF_INET6);
	EXPECT_EQ(CUB_AF_NETLINK, AF_NETLINK);
	EXPECT_EQ(CUB_SOL_NETLINK, SOL_NETLINK);
	EXPECT_EQ(CUB_SOCK_STREAM, SOCK_STREAM);
	EXPECT_EQ(CUB_SOCK_DGRAM, SOCK_DGRAM);
	EXPECT_EQ(CUB_SOCK_RAW, SOCK_RAW);
	EXPECT_EQ(CUB_SOCK_SEQPACKET, SOCK_SEQPACKET);
	EXPECT_EQ(CUB_SOCK_NONBLOCK, SOCK_NONBLOCK);
	EXPECT_EQ(CUB_SOCK_CLOEXEC, SOCK_CLOEXEC);
	EXPECT_EQ(CUB_SOCK_TYPE_MASK & (SOCK_NONBLOCK | SOCK_CLOEXEC), 0);
}

TEST(SocketAbi, MsgFlags) {
	EXPECT_EQ(CUB_MSG_OOB, MSG_OOB);
	EXPECT_EQ(CUB_MSG_PEEK, MSG_PEEK);
	EXPECT_EQ(CUB_MSG_CTRUNC, MSG_CTRUNC);
	EXPECT_EQ(CUB_MSG_TRUNC, MSG_TRUNC);
	EXPECT_EQ(CUB_MSG_DONTWAIT, MSG_DONTWAIT);
	EXPECT_EQ(CUB_MSG_EOR, MSG_EOR);
	EXPECT_EQ(CUB_MSG_WAITALL, MSG_WAITALL);
	EXPECT_EQ(CUB_MSG_NOSIGNAL, MSG_NOSIGNAL);
	EXPECT_EQ(CUB_MSG_CMSG_CLOEXEC, MSG_CMSG_CLOEXEC);
}

TEST(SocketAbi, ScmAndShutdown) {
	EXPECT_EQ(CUB_SCM_RIGHTS, SCM_RIGHTS);
	EXPECT_EQ(CUB_SCM_CREDENTIALS, SCM_CREDENTIALS);
	EXPECT_EQ(CUB_SHUT_RD, SHUT_RD);
	EXPECT_EQ(CUB_SHUT_WR, SHUT_WR);
	EXPECT_EQ(CUB_SHUT_RDWR, SHUT_RDWR);
	EXPECT_EQ(CUB_SOMAXCONN, SOMAXCONN);
}

TEST(SocketAbi, MsghdrLayout) {
	EXPECT_EQ(sizeof(struct cub_msghdr), sizeof(struct msghdr));
	EXPECT_EQ(offsetof(struct cub_msghdr, msg_name), offsetof(struct msghdr, msg_name));
	EXPECT_EQ(offsetof(struct cub_msghdr, msg_namelen), offsetof(struct msghdr, msg_namelen));
	EXPECT_EQ(offsetof(struct cub_msghdr, msg_iov), offsetof(struct msghdr, msg_iov));
	EXPECT_EQ(offsetof(struct cub_msghdr, msg_iovlen), offsetof(struct msghdr, msg_iovlen));
	EXPECT_EQ(offsetof(struct cub_msghdr, msg_control), offsetof(struct msghdr, msg_control));
	EXPECT_EQ(offsetof(struct cub_msghdr, msg_controllen),
	          offsetof(struct msghdr, msg_controllen));
	EXPECT_EQ(offsetof(struct cub_msghdr, msg_flags), offsetof(struct msghdr, msg_flags));
}

TEST(SocketAbi, CmsghdrAndUcredLayout) {
	EXPECT_EQ(sizeof(struct cub_cmsghdr), sizeof(struct cmsghdr));
	EXPECT_EQ(offsetof(struct cub_cmsghdr, cmsg_len), offsetof(struct cmsghdr, cmsg_len));
	EXPECT_EQ(offsetof(struct cub_cmsghdr, cmsg_level), offsetof(struct cmsghdr, cmsg_level));
	EXPECT_EQ(offsetof(struct cub_cmsghdr, cmsg_type), offsetof(struct cmsghdr, cmsg_type));
	EXPECT_EQ(sizeof(struct cub_ucred), sizeof(struct ucred));
	EXPECT_EQ(offsetof(struct cub_ucred, pid), offsetof(struct ucred, pid));
	EXPECT_EQ(offsetof(struct cub_ucred, uid), offsetof(struct ucred, uid));
	EXPECT_EQ(offsetof(struct cub_ucred, gid), offsetof(struct ucred, gid));
	EXPECT_EQ(sizeof(cub_sa_family_t), sizeof(sa_family_t));
	EXPECT_EQ(sizeof(struct cub_linger), sizeof(struct linger));
	EXPECT_EQ(offsetof(struct cub_linger, l_onoff), offsetof(struct linger, l_onoff));
	EXPECT_EQ(offsetof(struct cub_linger, l_linger), offsetof(struct linger, l_linger));
}

TEST(SocketAbi, CmsgMacros) {
	for (size_t n : {0ul, 1ul, 4ul, 8ul, 12ul, 13ul, 1012ul}) {
		EXPECT_EQ(CUB_CMSG_LEN(n), CMSG_LEN(n)) << n;
		EXPECT_EQ(CUB_CMSG_SPACE(n), CMSG_SPACE(n)) << n;
		EXPECT_EQ(CUB_CMSG_ALIGN(n), CMSG_ALIGN(n)) << n;
	}
	// The UAPI struct sockaddr_un (glibc's <sys/un.h> cannot be included
	// next to it) has glibc's size and path offset.
	EXPECT_EQ(sizeof(struct sockaddr_un), 110u);
	EXPECT_EQ(offsetof(struct sockaddr_un, sun_path), 2u);
}
