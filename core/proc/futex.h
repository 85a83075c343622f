/*
 * futex.h - fast user-space locking: the kernel half of glibc's mutexes,
 * condition variables, once-calls and thread joins.
 */
#ifndef CUB_PROC_FUTEX_H
#define CUB_PROC_FUTEX_H

#include <stdint.h>

/* Wakes up to n waiters on a private futex of the calling process
   (thread exit's CLONE_CHILD_CLEARTID uses it). */
int futex_wake_private(uint64_t uaddr, int n);

#endif
