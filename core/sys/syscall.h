/*
 * syscall.h - defining syscall handlers.
 *
 * Every handler is declared with SYSCALL_DEFINEn, Linux's convention: the
 * table sees one uniform signature (six 64-bit registers), the body sees
 * typed arguments.  Handlers live in the subsystem that owns the object,
 * check every argument first and change state last, and return a value or
 * -errno.  The table itself is sys/syscalls.def.
 */
#ifndef CUB_SYS_SYSCALL_H
#define CUB_SYS_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

#include <asm/unistd_64.h>
#include <linux/errno.h>

#define SC_UNUSED __attribute__((unused))
#define SC_PARAMS                                                                \
	uint64_t a0 SC_UNUSED, uint64_t a1 SC_UNUSED, uint64_t a2 SC_UNUSED,      \
	    uint64_t a3 SC_UNUSED, uint64_t a4 SC_UNUSED, uint64_t a5 SC_UNUSED

typedef long (*syscall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

#define SYSCALL_DEFINE0(name)                                                    \
	static long do_sys_##name(void);                                         \
	long sys_##name(SC_PARAMS) { return do_sys_##name(); }                   \
	static long do_sys_##name(void)
#define SYSCALL_DEFINE1(name, t1, n1)                                            \
	static long do_sys_##name(t1 n1);                                        \
	long sys_##name(SC_PARAMS) { return do_sys_##name((t1)a0); }             \
	static long do_sys_##name(t1 n1)
#define SYSCALL_DEFINE2(name, t1, n1, t2, n2)                                    \
	static long do_sys_##name(t1 n1, t2 n2);                                 \
	long sys_##name(SC_PARAMS) { return do_sys_##name((t1)a0, (t2)a1); }     \
	static long do_sys_##name(t1 n1, t2 n2)
#define SYSCALL_DEFINE3(name, t1, n1, t2, n2, t3, n3)                            \
	static long do_sys_##name(t1 n1, t2 n2, t3 n3);                          \
	long sys_##name(SC_PARAMS)                                               \
	{                                                                        \
		return do_sys_##name((t1)a0, (t2)a1, (t3)a2);                    \
	}                                                                        \
	static long do_sys_##name(t1 n1, t2 n2, t3 n3)
#define SYSCALL_DEFINE4(name, t1, n1, t2, n2, t3, n3, t4, n4)                    \
	static long do_sys_##name(t1 n1, t2 n2, t3 n3, t4 n4);                   \
	long sys_##name(SC_PARAMS)                                               \
	{                                                                        \
		return do_sys_##name((t1)a0, (t2)a1, (t3)a2, (t4)a3);            \
	}                                                                        \
	static long do_sys_##name(t1 n1, t2 n2, t3 n3, t4 n4)
#define SYSCALL_DEFINE5(name, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5)            \
	static long do_sys_##name(t1 n1, t2 n2, t3 n3, t4 n4, t5 n5);            \
	long sys_##name(SC_PARAMS)                                               \
	{                                                                        \
		return do_sys_##name((t1)a0, (t2)a1, (t3)a2, (t4)a3, (t5)a4);    \
	}                                                                        \
	static long do_sys_##name(t1 n1, t2 n2, t3 n3, t4 n4, t5 n5)
#define SYSCALL_DEFINE6(name, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6)    \
	static long do_sys_##name(t1 n1, t2 n2, t3 n3, t4 n4, t5 n5, t6 n6);     \
	long sys_##name(SC_PARAMS)                                               \
	{                                                                        \
		return do_sys_##name((t1)a0, (t2)a1, (t3)a2, (t4)a3, (t5)a4,     \
		                     (t6)a5);                                    \
	}                                                                        \
	static long do_sys_##name(t1 n1, t2 n2, t3 n3, t4 n4, t5 n5, t6 n6)

/* Prototypes of every handler in the table. */
#define SYSCALL(name, status, note) long sys_##name(SC_PARAMS);
#include "sys/syscalls.def"
#undef SYSCALL

/* Reads strace= from the command line. */
void syscall_init(const char *cmdline);

#endif
