/*
 * syscall.c - the table and the dispatcher.
 */
#include "sys/syscall.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/usermode.h"
#include "lib/cmdline.h"
#include "lib/printk.h"
#include "proc/process.h"
#include "sched/sched.h"

#define SYSCALL_MAX 512

enum syscall_status { SC_NONE, SC_full, SC_partial };

struct syscall_entry {
	syscall_fn fn;
	const char *name;
};

static const struct syscall_entry table[SYSCALL_MAX] = {
#define SYSCALL(name, status, note) [__NR_##name] = { sys_##name, #name },
#include "sys/syscalls.def"
#undef SYSCALL
};

static uint64_t enosys_logged[SYSCALL_MAX / 64];
static bool strace;

void syscall_init(const char *cmdline)
{
	strace = cmdline_get_bool(cmdline, "strace", false);
}

static void log_enosys(uint64_t nr)
{
	uint64_t bit = 1ULL << (nr % 64);

	if (nr < SYSCALL_MAX) {
		if (enosys_logged[nr / 64] & bit)
			return;
		enosys_logged[nr / 64] |= bit;
	}
	pr_notice("syscall: %s (pid %d) called unimplemented syscall %lu: ENOSYS\n",
	          process_current()->comm, process_current()->pid, (unsigned long)nr);
}

void syscall_dispatch(struct trap_frame *tf)
{
	uint64_t nr = tf->rax;
	long ret;

	irq_enable();
	if (nr < SYSCALL_MAX && table[nr].fn) {
		ret = table[nr].fn(tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9);
		if (strace)
			pr_info("[pid %d] %s(%lx, %lx, %lx, %lx, %lx, %lx) = %ld\n",
			        process_current()->pid, table[nr].name, tf->rdi, tf->rsi,
			        tf->rdx, tf->r10, tf->r8, tf->r9, ret);
	} else {
		log_enosys(nr);
		ret = -ENOSYS;
	}
	tf->rax = (uint64_t)ret;
	process_return_to_user(tf);
	irq_disable();
}
