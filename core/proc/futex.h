/*
 * futex.h - fast user-space locking: the kernel half of glibc's mutexes,
 * condition variables, once-calls and thread joins.
 */
#ifndef CUB_PROC_FUTEX_H
#define CUB_PROC_FUTEX_H

#include <stdint.h>

/*
 * Wakes up to n waiters on the futex at uaddr of the calling process, as
 * thread exit does for CLONE_CHILD_CLEARTID: Linux wakes it as a shared
 * futex (glibc's pthread_join waits so); private waiters are woken too.
 */
int futex_wake_tid(uint64_t uaddr, int n);

#endif
