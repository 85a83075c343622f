/*
 * fault.c - page faults and exceptions raised by user code.
 *
 * A page fault on a user address is first offered to the address space
 * (demand paging, copy-on-write, stack growth, file pages).  If it cannot
 * be resolved, a fault in user mode ends the process with SIGSEGV (SIGBUS
 * past the end of a mapped file), and a fault in a
 * kernel user-copy routine resumes at its fixup (the syscall returns
 * -EFAULT).  Anything else is a kernel bug and panics.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "lib/printk.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "proc/process.h"
#include "proc/signal.h"

#include <asm/signal.h>
#include <linux/errno.h>

#define PF_WRITE (1u << 1)
#define PF_USER (1u << 2)
#define PF_INSN (1u << 4)

/* Linux's one-line report of an unhandled user fault (show_signal_msg). */
static void report_user_fault(const struct trap_frame *tf, const char *what, uint64_t addr)
{
	struct process *p = process_current();

	pr_info("%s[%d]: %s at %lx ip %lx sp %lx error %lx\n", p->comm, p->pid, what, addr,
	        tf->rip, tf->rsp, tf->error);
}

bool page_fault_handle(struct trap_frame *tf)
{
	uint64_t addr = read_cr2();
	bool user = (tf->cs & 3) != 0;
	struct process *p = process_current();
	int code = 0;

	int r = -EFAULT;
	if (p && p->mm && addr < USER_ADDR_END) {
		/* mm_fault never sleeps, so interrupts may stay off. */
		r = mm_fault(p->mm, addr, tf->error & PF_WRITE, tf->error & PF_INSN, &code);
		if (r == 0)
			return true;
	}
	if (user && r == -EIO) {
		/* A file page past the end of the file (mmap(2): SIGBUS). */
		report_user_fault(tf, "bus error", addr);
		signal_force_fault(SIGBUS, code, addr);
		return true;
	}
	if (user) {
		report_user_fault(tf, "segfault", addr);
		signal_force_fault(SIGSEGV, code ? code : SEGV_MAPERR, addr);
		return true;
	}
	uint64_t fixup = uaccess_fixup(tf->rip);
	if (fixup) {
		tf->rip = fixup;
		return true;
	}
	return false;
}

/* The signal a user-mode exception raises (arch/x86/kernel/traps.c). */
static int exception_signal(uint64_t vector)
{
	switch (vector) {
	case 0:  /* divide error */
	case 16: /* x87 error */
	case 19: /* SIMD error */
		return SIGFPE;
	case 1:
	case 3:
		return SIGTRAP;
	case 6: /* invalid opcode */
		return SIGILL;
	case 17: /* alignment check */
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

bool user_exception_handle(struct trap_frame *tf)
{
	if (!(tf->cs & 3) || !process_current())
		return false;
	report_user_fault(tf, "trap", tf->vector);
	signal_force_fault(exception_signal(tf->vector), SI_KERNEL, tf->rip);
	return true;
}
