/*
 * sigframe.c - delivering signals and returning from them.
 *
 * Delivery follows arch/x86/kernel/signal.c: below the user stack pointer
 * (or on the alternate stack) go the 128-byte red zone, the FPU state
 * (64-byte aligned, with the XSAVE magic words glibc and debuggers check)
 * and an rt_sigframe whose first word is the return address, the
 * sa_restorer that glibc points at its rt_sigreturn stub.
 */
#include "proc/signal.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/usermode.h"
#include "lib/kstring.h"
#include "lib/printk.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "sched/sched.h"

#include <asm/sigcontext.h>
#include <asm/unistd_64.h>
#include <asm/ucontext.h>
#include <linux/errno.h>

/* The frame the kernel pushes (arch/x86/include/asm/sigframe.h, not UAPI). */
struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext uc;
	siginfo_t info;
};

#define RED_ZONE 128

static bool on_alt_stack(const struct thread_signal *s, uint64_t sp)
{
	return s->alt_size && sp - s->alt_sp <= s->alt_size;
}

/* XSAVE state plus the marker words around it (struct _fpx_sw_bytes). */
static size_t fpstate_user_size(void)
{
	return fpu_state_size() + (fpu_uses_xsave() ? FP_XSTATE_MAGIC2_SIZE : 0);
}

static int save_fpu(struct thread *t, uint64_t ufp)
{
	uint8_t *area = t->fpu;

	fpu_save(area);
	if (fpu_uses_xsave()) {
		struct _fpx_sw_bytes sw;
		memset(&sw, 0, sizeof(sw));
		sw.magic1 = FP_XSTATE_MAGIC1;
		sw.extended_size = (uint32_t)fpstate_user_size();
		sw.xfeatures = fpu_xfeatures();
		sw.xstate_size = (uint32_t)fpu_state_size();
		uint32_t magic2 = FP_XSTATE_MAGIC2;
		if (copy_to_user((void *)ufp, area, fpu_state_size()) ||
		    copy_to_user((void *)(ufp + offsetof(struct _fpstate_64, sw_reserved)), &sw,
		                 sizeof(sw)) ||
		    copy_to_user((void *)(ufp + fpu_state_size()), &magic2, sizeof(magic2)))
			return -EFAULT;
		return 0;
	}
	return copy_to_user((void *)ufp, area, fpu_state_size());
}

static int setup_frame(struct trap_frame *tf, int sig, const struct k_sigaction *ka,
                       const siginfo_t *info, uint64_t oldmask)
{
	struct thread_signal *s = &thread_current()->sig;
	uint64_t sp = tf->rsp;

	if ((ka->flags & SA_ONSTACK) && s->alt_size && !on_alt_stack(s, sp))
		sp = s->alt_sp + s->alt_size;
	sp -= RED_ZONE;
	sp = (sp - fpstate_user_size()) & ~63ULL;
	uint64_t ufp = sp;
	sp -= sizeof(struct rt_sigframe);
	/* At the handler's first instruction rsp + 8 is 16-byte aligned, as
	   after a call. */
	sp = ((sp + 8) & ~15ULL) - 8;
	if (!(ka->flags & SA_RESTORER))
		return -EFAULT; /* x86-64 has no kernel trampoline */

	struct rt_sigframe f;
	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.uc.uc_flags = UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	f.uc.uc_stack.ss_sp = (void *)s->alt_sp;
	f.uc.uc_stack.ss_size = s->alt_size;
	f.uc.uc_stack.ss_flags = s->alt_size ? (on_alt_stack(s, tf->rsp) ? SS_ONSTACK : 0)
	                                     : SS_DISABLE;
	struct sigcontext *sc = &f.uc.uc_mcontext;
	sc->r8 = tf->r8, sc->r9 = tf->r9, sc->r10 = tf->r10, sc->r11 = tf->r11;
	sc->r12 = tf->r12, sc->r13 = tf->r13, sc->r14 = tf->r14, sc->r15 = tf->r15;
	sc->rdi = tf->rdi, sc->rsi = tf->rsi, sc->rbp = tf->rbp, sc->rbx = tf->rbx;
	sc->rdx = tf->rdx, sc->rax = tf->rax, sc->rcx = tf->rcx, sc->rsp = tf->rsp;
	sc->rip = tf->rip;
	sc->eflags = tf->rflags;
	sc->cs = (uint16_t)tf->cs;
	sc->ss = (uint16_t)tf->ss;
	sc->err = tf->vector < 32 ? tf->error : 0;
	sc->trapno = tf->vector < 32 ? tf->vector : 0;
	sc->oldmask = oldmask;
	sc->cr2 = sig == SIGSEGV || sig == SIGBUS ? (uint64_t)info->si_addr : 0;
	sc->fpstate = (struct _fpstate_64 *)ufp;
	f.uc.uc_sigmask = oldmask;
	f.info = *info;
	if (save_fpu(thread_current(), ufp) || copy_to_user((void *)sp, &f, sizeof(f)))
		return -EFAULT;

	tf->rdi = (uint64_t)sig;
	tf->rsi = sp + offsetof(struct rt_sigframe, info);
	tf->rdx = sp + offsetof(struct rt_sigframe, uc);
	tf->rax = 0;
	tf->rip = ka->handler;
	tf->rsp = sp;
	tf->rflags &= ~(RFLAGS_TF | RFLAGS_DF);
	tf->cs = GDT_USER_CODE | 3;
	tf->ss = GDT_USER_DATA | 3;
	return 0;
}

/*
 * A syscall that a signal interrupted: restart it or fail with EINTR
 * (Linux's handle_signal and the no-handler path of
 * arch_do_signal_or_restart).  ka is the handler's action, or NULL when
 * no handler runs.
 */
static void fix_restart(struct trap_frame *tf, const struct k_sigaction *ka)
{
	if (tf->vector != VEC_SYSCALL)
		return;
	switch ((int64_t)tf->rax) {
	case -ERESTARTSYS:
		if (ka && !(ka->flags & SA_RESTART)) {
			tf->rax = (uint64_t)-EINTR;
			return;
		}
		tf->rax = tf->error; /* the syscall number, kept by the entry */
		break;
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		if (ka) {
			tf->rax = (uint64_t)-EINTR;
			return;
		}
		tf->rax = (int64_t)tf->rax == -ERESTARTNOHAND ? tf->error : __NR_restart_syscall;
		break;
	default:
		return;
	}
	tf->rip -= 2; /* the length of the syscall instruction */
}

void signal_deliver(struct trap_frame *tf)
{
	struct thread *t = thread_current();
	struct process *p = t->proc;
	struct thread_signal *s = &t->sig;
	siginfo_t info;

	for (;;) {
		int sig = signal_dequeue(t, ~s->blocked, &info);
		if (!sig)
			break;
		struct k_sigaction *ka = &p->sig.action[sig - 1];
		if (ka->handler == (uint64_t)SIG_IGN)
			continue;
		if (ka->handler == (uint64_t)SIG_DFL) {
			if (signal_default_ignores(sig))
				continue;
			if (signal_default_stops(sig)) {
				process_stop(sig);
				continue;
			}
			process_exit(WAIT_SIGNALED(sig));
		}
		fix_restart(tf, ka);
		uint64_t oldmask = s->restore_saved ? s->saved_mask : s->blocked;
		s->restore_saved = false;
		if (setup_frame(tf, sig, ka, &info, oldmask)) {
			pr_info("%s[%d]: cannot deliver signal %d (bad stack); killed\n", p->comm,
			        p->pid, sig);
			process_exit(WAIT_SIGNALED(SIGSEGV));
		}
		s->blocked |= ka->mask | ((ka->flags & SA_NODEFER) ? 0 : SIG_BIT(sig));
		s->blocked &= ~SIG_UNBLOCKABLE;
		if (ka->flags & SA_RESETHAND)
			ka->handler = (uint64_t)SIG_DFL;
		return;
	}
	fix_restart(tf, 0);
	if (s->restore_saved) {
		s->blocked = s->saved_mask;
		s->restore_saved = false;
	}
}

/* rt_sigreturn: back to the context the frame saved. */
static bool fpstate_valid(const uint8_t *area)
{
	uint32_t mxcsr;
	memcpy(&mxcsr, area + offsetof(struct _fpstate_64, mxcsr), sizeof(mxcsr));
	if (mxcsr & 0xFFFF0000u) /* reserved MXCSR bits fault in FXRSTOR */
		return false;
	if (!fpu_uses_xsave())
		return true;
	/* The XSAVE header (bytes 512..575): features the CPU has, the
	   standard format, reserved bytes zero. */
	uint64_t hdr[8];
	memcpy(hdr, area + 512, sizeof(hdr));
	if (hdr[0] & ~fpu_xfeatures())
		return false;
	for (int i = 1; i < 8; i++)
		if (hdr[i])
			return false;
	return true;
}

long signal_return(struct trap_frame *tf)
{
	struct process *p = process_current();
	struct thread *t = thread_current();
	struct rt_sigframe f;
	uint64_t frame = tf->rsp - 8; /* the handler's ret popped pretcode */

	if (copy_from_user(&f, (void *)frame, sizeof(f)))
		goto bad;
	const struct sigcontext *sc = &f.uc.uc_mcontext;
	if (sc->fpstate) {
		uint8_t *area = t->fpu;
		if (copy_from_user(area, (void *)sc->fpstate, fpu_state_size()) ||
		    !fpstate_valid(area)) {
			fpu_reset(area);
			goto bad;
		}
		fpu_restore(area);
	}
	tf->r8 = sc->r8, tf->r9 = sc->r9, tf->r10 = sc->r10, tf->r11 = sc->r11;
	tf->r12 = sc->r12, tf->r13 = sc->r13, tf->r14 = sc->r14, tf->r15 = sc->r15;
	tf->rdi = sc->rdi, tf->rsi = sc->rsi, tf->rbp = sc->rbp, tf->rbx = sc->rbx;
	tf->rdx = sc->rdx, tf->rax = sc->rax, tf->rcx = sc->rcx, tf->rsp = sc->rsp;
	tf->rip = sc->rip;
	/* Only the flags user code may change (Linux's FIX_EFLAGS). */
	uint64_t user_flags = 0x0DD5; /* CF PF AF ZF SF TF DF OF */
	user_flags |= 1ULL << 18 | 1ULL << 21; /* AC, ID */
	tf->rflags = (tf->rflags & ~user_flags) | (sc->eflags & user_flags);
	tf->cs = GDT_USER_CODE | 3;
	tf->ss = GDT_USER_DATA | 3;
	tf->vector = 0; /* not a syscall to restart any more */
	t->sig.blocked = f.uc.uc_sigmask & ~SIG_UNBLOCKABLE;
	/* A restart_syscall after the handler would resume a sleep the
	   handler has ended (Linux's do_no_restart_syscall). */
	t->sig.restart.fn = 0;
	return (long)tf->rax;
bad:
	pr_info("%s[%d]: bad frame in rt_sigreturn; killed\n", p->comm, p->pid);
	process_exit(WAIT_SIGNALED(SIGSEGV));
}
