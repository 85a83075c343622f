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

// SHM_DEST and SHM_LOCKED are kernel-internal in Linux's headers.
#include <sys/shm.h>

#include "ipc/shm.h"

TEST(IpcAbi, ShmModeBitsMatchGlibc) {
	EXPECT_EQ(CUB_SHM_DEST, SHM_DEST);
	EXPECT_EQ(CUB_SHM_LOCKED, SHM_LOCKED);
}
