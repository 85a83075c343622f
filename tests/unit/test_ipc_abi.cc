// ABI values the kernel spells itself because Debian 12's linux-libc-dev
// lacks the UAPI header: each must equal what the C library passes.
#include <gtest/gtest.h>

#include <sys/eventfd.h>

#include "ipc/eventfd.h"

TEST(IpcAbi, EventfdFlagsMatchGlibc) {
	EXPECT_EQ(CUB_EFD_SEMAPHORE, EFD_SEMAPHORE);
	EXPECT_EQ(CUB_EFD_CLOEXEC, EFD_CLOEXEC);
	EXPECT_EQ(CUB_EFD_NONBLOCK, EFD_NONBLOCK);
}
