/*
 * eventfd.h - eventfd2's flags.
 *
 * Debian 12's linux-libc-dev (6.1) has no <linux/eventfd.h> yet (the
 * kernel moved these into UAPI later), so the flags are spelled here from
 * what they are in Linux's include/linux/eventfd.h: the two descriptor
 * flags are O_CLOEXEC and O_NONBLOCK, and EFD_SEMAPHORE is bit 0.
 * tests/unit/test_ipc_abi.cc checks each against glibc's <sys/eventfd.h>,
 * which carries the same ABI values, so a wrong one fails the build's
 * tests instead of a program.
 */
#ifndef CUB_IPC_EVENTFD_H
#define CUB_IPC_EVENTFD_H

#include <linux/fcntl.h>

#define CUB_EFD_SEMAPHORE (1 << 0)
#define CUB_EFD_CLOEXEC O_CLOEXEC
#define CUB_EFD_NONBLOCK O_NONBLOCK

#endif
