/*
 * tty.c - the serial terminal: file operations, job control and the
 * controlling-terminal rules of Linux's tty_io.c and tty_jobctrl.c.
 *
 * Everything that touches the terminal's state runs with interrupts off
 * (one CPU), because the receive interrupt feeds the line discipline.
 */
#include "tty/tty.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/timer.h"
#include "drivers/uart16550.h"
#include "fs/fd.h"
#include "fs/poll.h"
#include "lib/kstring.h"
#include "lib/printk.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "sched/clock.h"
#include "sched/sched.h"
#include "tty/ldisc.h"

#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/kdev_t.h>
#include <linux/poll.h>
#include <linux/stat.h>

/* Device numbers from Linux's devices.txt. */
#define TTY_MAJOR 4
#define TTYS0_MINOR 64
#define TTYAUX_MAJOR 5
#define DEV_TTY_MINOR 0
#define CONSOLE_MINOR 1

struct tty {
	struct ldisc ld;
	struct waitq readers;  /* waiting for input */
	struct waitq writers;  /* waiting for output to restart (^Q) */
	int session;           /* owning session's id, 0: none */
	int pgrp;              /* foreground process group, 0: none */
	struct winsize ws;
	struct poll_head ph;   /* pollers and epoll items (zero: empty) */
};

static struct tty serial;

/* ---- signals to process groups ---- */

static void signal_pgrp(int pgid, int sig)
{
	siginfo_t info;

	if (pgid <= 0)
		return;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_KERNEL;
	for (struct process *p = process_next(0); p; p = process_next(p))
		if (!p->zombie && p->pgid == pgid)
			signal_send(p, sig, &info);
}

/*
 * POSIX's orphaned process group: no member has a parent in another
 * group of the same session.  Children of init do not count, as in
 * Linux's will_become_orphaned_pgrp.
 */
static bool pgrp_orphaned(int pgid)
{
	for (struct process *p = process_next(0); p; p = process_next(p)) {
		if (p->zombie || p->pgid != pgid || !p->parent || p->parent->pid == 1)
			continue;
		if (p->parent->pgid != pgid && p->parent->sid == p->sid)
			return false;
	}
	return true;
}

/* The caller ignores sig, or its thread blocks it. */
static bool sig_ignored_or_blocked(struct process *p, int sig)
{
	return p->sig.action[sig - 1].handler == (uint64_t)SIG_IGN ||
	       (thread_current()->sig.blocked & SIG_BIT(sig));
}

/*
 * A process in a background group of the terminal's session may not read
 * it (SIGTTIN), nor write it under TOSTOP or change its settings
 * (SIGTTOU).  Returns 0 to go ahead, -EIO, or -ERESTARTSYS after
 * signalling the group (the call restarts once it is continued).
 */
static long job_control(struct tty *t, int sig)
{
	struct process *p = process_current();

	if (!p || p->ctty != t || !t->pgrp || p->pgid == t->pgrp)
		return 0;
	if (sig == SIGTTIN) {
		if (sig_ignored_or_blocked(p, sig) || pgrp_orphaned(p->pgid))
			return -EIO;
	} else {
		if (sig_ignored_or_blocked(p, sig))
			return 0;
		if (pgrp_orphaned(p->pgid))
			return -EIO;
	}
	signal_pgrp(p->pgid, sig);
	return -ERESTARTSYS;
}

/* ---- the device side ---- */

static void emit(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	uart_write_raw(s, n);
}

static void typed_signal(void *ctx, int sig)
{
	struct tty *t = ctx;
	signal_pgrp(t->pgrp, sig);
}

static const struct ldisc_ops serial_ops = { .emit = emit, .signal = typed_signal };

static void serial_interrupt(struct trap_frame *tf)
{
	int c;
	bool got = false;

	(void)tf;
	while ((c = uart_getc()) >= 0) {
		ldisc_receive(&serial.ld, (unsigned char)c);
		got = true;
	}
	apic_eoi();
	if (got) {
		waitq_wake_all(&serial.readers);
		waitq_wake_all(&serial.writers);
		poll_head_wake(&serial.ph, ~0u);
	}
}

void tty_init(void)
{
	ldisc_init(&serial.ld, &serial_ops, &serial);
	waitq_init(&serial.readers);
	waitq_init(&serial.writers);
	serial.ws.ws_row = 24;
	serial.ws.ws_col = 80;
	if (!ioapic_route_isa(COM1_IRQ, VEC_ISA_BASE + COM1_IRQ, serial_interrupt)) {
		pr_warn("tty: no interrupt for COM1; the console takes no input\n");
		return;
	}
	uart_enable_rx_interrupt();
	/* Bytes that arrived before the interrupt was on. */
	bool on = irq_save();
	serial_interrupt(0);
	irq_restore(on);
}

/* ---- reading ---- */

/* Bytes a read must wait for, from ICANON, VMIN and the read's size. */
static bool read_ready(const struct tty *t, size_t n, bool *timed)
{
	const struct termios *tio = &t->ld.t;
	size_t avail = ldisc_available(&t->ld);

	*timed = false;
	if (tio->c_lflag & ICANON)
		return avail > 0;
	size_t vmin = tio->c_cc[VMIN];
	if (vmin == 0) {
		*timed = tio->c_cc[VTIME] != 0;
		return avail > 0 || !*timed;
	}
	*timed = tio->c_cc[VTIME] != 0 && avail > 0; /* inter-byte timer */
	return avail >= (vmin < n ? vmin : n);
}

static long tty_read(struct file *f, void *buf, size_t n)
{
	struct tty *t = f->priv;

	if (n == 0)
		return 0;
	long r = job_control(t, SIGTTIN);
	if (r)
		return r;
	size_t cap = n < LDISC_BUF ? n : LDISC_BUF;
	char *kbuf = kmalloc(cap);
	if (!kbuf)
		return -ENOMEM;

	bool on = irq_save();
	uint64_t deadline = 0;
	size_t seen = 0;
	for (;;) {
		bool timed;
		if (read_ready(t, n, &timed))
			break;
		size_t avail = ldisc_available(&t->ld);
		if (f->flags & O_NONBLOCK) {
			if (avail)
				break;
			r = -EAGAIN;
			break;
		}
		if (timed && (deadline == 0 || avail != seen)) {
			/* VTIME tenths of a second, from the last byte. */
			deadline = clock_ns() + (uint64_t)t->ld.t.c_cc[VTIME] * 100000000ULL;
			seen = avail;
		}
		if (signal_pending()) {
			r = -ERESTARTSYS;
			break;
		}
		if (waitq_block_interruptible(&t->readers, timed ? deadline : 0) == -ETIMEDOUT)
			break;
	}
	bool eof = false;
	size_t got = r ? 0 : ldisc_read(&t->ld, kbuf, cap, &eof);
	irq_restore(on);
	if (!r && got && copy_to_user(buf, kbuf, got))
		r = -EFAULT;
	kfree(kbuf);
	return r ? r : (long)got;
}

/* ---- writing ---- */

static long tty_write(struct file *f, const void *buf, size_t n)
{
	struct tty *t = f->priv;
	char chunk[256];
	size_t done = 0;

	if (t->ld.t.c_lflag & TOSTOP) {
		long r = job_control(t, SIGTTOU);
		if (r)
			return r;
	}
	while (done < n) {
		size_t c = n - done < sizeof(chunk) ? n - done : sizeof(chunk);
		if (copy_from_user(chunk, (const char *)buf + done, c))
			return done ? (long)done : -EFAULT;
		bool on = irq_save();
		while (t->ld.stopped) { /* ^S: wait for ^Q */
			if ((f->flags & O_NONBLOCK) || signal_pending()) {
				irq_restore(on);
				if (done)
					return (long)done;
				return (f->flags & O_NONBLOCK) ? -EAGAIN : -ERESTARTSYS;
			}
			waitq_block_interruptible(&t->writers, 0);
		}
		ldisc_output(&t->ld, chunk, c);
		irq_restore(on);
		done += c;
	}
	return (long)done;
}

/* ---- ioctl ---- */

static long set_termios(struct tty *t, unsigned int cmd, uint64_t arg, bool v2)
{
	struct termios2 k2;
	struct termios k;

	long r = job_control(t, SIGTTOU);
	if (r)
		return r;
	if (v2) {
		if (copy_from_user(&k2, (const void *)arg, sizeof(k2)))
			return -EFAULT;
		memcpy(&k, &k2, sizeof(k)); /* termios2 starts with a termios */
	} else if (copy_from_user(&k, (const void *)arg, sizeof(k))) {
		return -EFAULT;
	}
	bool on = irq_save();
	if (cmd == TCSETSF || cmd == TCSETSF2)
		ldisc_flush_input(&t->ld);
	ldisc_set_termios(&t->ld, &k);
	waitq_wake_all(&t->readers);
	waitq_wake_all(&t->writers);
	poll_head_wake(&t->ph, ~0u);
	irq_restore(on);
	return 0;
}

static long get_termios(struct tty *t, uint64_t arg, bool v2)
{
	if (!v2)
		return copy_to_user((void *)arg, &t->ld.t, sizeof(t->ld.t));
	struct termios2 k2;
	memset(&k2, 0, sizeof(k2));
	memcpy(&k2, &t->ld.t, sizeof(t->ld.t));
	k2.c_ispeed = k2.c_ospeed = 115200;
	return copy_to_user((void *)arg, &k2, sizeof(k2));
}

/* Ends the session's hold on the terminal: its foreground group gets
   SIGHUP and SIGCONT, and no process keeps it as controlling tty. */
static void disassociate(struct tty *t, bool hangup)
{
	int sid = t->session;

	if (hangup && t->pgrp) {
		signal_pgrp(t->pgrp, SIGHUP);
		signal_pgrp(t->pgrp, SIGCONT);
	}
	for (struct process *p = process_next(0); p; p = process_next(p))
		if (p->ctty == t && p->sid == sid)
			p->ctty = 0;
	t->session = 0;
	t->pgrp = 0;
}

static long set_ctty(struct tty *t, struct file *f, uint64_t arg)
{
	struct process *p = process_current();

	if (p->ctty == t)
		return 0;
	if (p->pid != p->sid || p->ctty)
		return -EPERM;
	if (!file_readable(f))
		return -EPERM;
	if (t->session) {
		/* Stealing another session's terminal: root with arg 1. */
		if (arg != 1)
			return -EPERM;
		disassociate(t, false);
	}
	t->session = p->sid;
	t->pgrp = p->pgid;
	p->ctty = t;
	return 0;
}

static long set_pgrp(struct tty *t, uint64_t arg)
{
	struct process *self = process_current();
	int pgrp;

	if (self->ctty != t || self->sid != t->session)
		return -ENOTTY;
	long r = job_control(t, SIGTTOU);
	if (r)
		return r;
	if (copy_from_user(&pgrp, (const void *)arg, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	struct process *member = 0;
	for (struct process *p = process_next(0); p && !member; p = process_next(p))
		if (!p->zombie && p->pgid == pgrp)
			member = p;
	if (!member)
		return -ESRCH;
	if (member->sid != t->session)
		return -EPERM;
	t->pgrp = pgrp;
	return 0;
}

static long put_int(uint64_t arg, int v)
{
	return copy_to_user((void *)arg, &v, sizeof(v));
}

static long tty_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct tty *t = f->priv;
	struct process *self = process_current();
	int v;

	switch (cmd) {
	case TCGETS:
		return get_termios(t, arg, false);
	case TCGETS2:
		return get_termios(t, arg, true);
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(t, cmd, arg, false);
	case TCSETS2:
	case TCSETSW2:
	case TCSETSF2:
		return set_termios(t, cmd, arg, true);
	case TIOCGWINSZ:
		return copy_to_user((void *)arg, &t->ws, sizeof(t->ws));
	case TIOCSWINSZ: {
		struct winsize ws;
		if (copy_from_user(&ws, (const void *)arg, sizeof(ws)))
			return -EFAULT;
		bool changed = memcmp(&ws, &t->ws, sizeof(ws)) != 0;
		t->ws = ws;
		if (changed)
			signal_pgrp(t->pgrp, SIGWINCH);
		return 0;
	}
	case TIOCGPGRP:
		if (self->ctty != t)
			return -ENOTTY;
		return put_int(arg, t->pgrp);
	case TIOCSPGRP:
		return set_pgrp(t, arg);
	case TIOCGSID:
		if (self->ctty != t)
			return -ENOTTY;
		return put_int(arg, t->session);
	case TIOCSCTTY:
		return set_ctty(t, f, arg);
	case TIOCNOTTY:
		if (self->ctty != t)
			return -ENOTTY;
		if (self->pid == self->sid)
			disassociate(t, true);
		else
			self->ctty = 0;
		return 0;
	case FIONREAD: {
		bool on = irq_save();
		v = (int)ldisc_readable_bytes(&t->ld);
		irq_restore(on);
		return put_int(arg, v);
	}
	case TIOCOUTQ:
		return put_int(arg, 0); /* output is written synchronously */
	case FIONBIO:
		if (copy_from_user(&v, (const void *)arg, sizeof(v)))
			return -EFAULT;
		if (v)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~(unsigned int)O_NONBLOCK;
		return 0;
	case TCFLSH:
		if (arg != TCIFLUSH && arg != TCOFLUSH && arg != TCIOFLUSH)
			return -EINVAL;
		if (arg != TCOFLUSH) {
			bool on = irq_save();
			ldisc_flush_input(&t->ld);
			irq_restore(on);
		}
		return 0;
	case TCXONC: {
		bool on = irq_save();
		long r = 0;
		if (arg == TCOOFF)
			t->ld.stopped = true;
		else if (arg == TCOON)
			t->ld.stopped = false;
		else if (arg == TCIOFF || arg == TCION)
			uart_write_raw((const char *)&t->ld.t.c_cc[arg == TCIOFF ? VSTOP : VSTART], 1);
		else
			r = -EINVAL;
		waitq_wake_all(&t->writers);
		irq_restore(on);
		return r;
	}
	case TCSBRK:
	case TCSBRKP:
	case TIOCSBRK:
	case TIOCCBRK:
		return 0; /* output is drained already; no line to break */
	default:
		return -ENOTTY;
	}
}

static void tty_poll_register(struct file *f, struct poll_table *pt)
{
	poll_table_add(pt, &((struct tty *)f->priv)->ph);
}

static unsigned int tty_poll(struct file *f)
{
	struct tty *t = f->priv;
	unsigned int mask = 0;

	bool on = irq_save();
	if (ldisc_available(&t->ld))
		mask |= POLLIN | POLLRDNORM;
	if (!t->ld.stopped)
		mask |= POLLOUT | POLLWRNORM;
	irq_restore(on);
	return mask;
}

/* Descriptors opened without a device node (PID 1's fds 0-2). */
static int console_stat(struct file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0600;
	st->st_nlink = 1;
	st->st_rdev = MKDEV(TTYAUX_MAJOR, CONSOLE_MINOR);
	st->st_blksize = 1024;
	return 0;
}

static const struct file_ops tty_ops = {
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.stat = console_stat,
	.poll = tty_poll,
	.poll_register = tty_poll_register,
};

struct file *tty_console_open(unsigned int flags)
{
	return file_alloc(&tty_ops, &serial, flags & ~(unsigned int)O_NOCTTY);
}

int tty_is_device(uint32_t major, uint32_t minor)
{
	return (major == TTY_MAJOR && minor == TTYS0_MINOR) ||
	       (major == TTYAUX_MAJOR && (minor == DEV_TTY_MINOR || minor == CONSOLE_MINOR));
}

struct file *tty_open(uint32_t major, uint32_t minor, unsigned int flags, int *err)
{
	struct process *p = process_current();

	*err = 0;
	if (!tty_is_device(major, minor)) {
		*err = -ENXIO;
		return 0;
	}
	if (major == TTYAUX_MAJOR && minor == DEV_TTY_MINOR && (!p || !p->ctty)) {
		*err = -ENXIO; /* /dev/tty: the caller's controlling terminal */
		return 0;
	}
	struct file *f = tty_console_open(flags);
	if (!f) {
		*err = -ENOMEM;
		return 0;
	}
	/* A session leader without a terminal that opens a free one gets it
	   (never through /dev/console, as in Linux). */
	bool on = irq_save();
	if (major == TTY_MAJOR && !(flags & O_NOCTTY) && p && p->pid == p->sid && !p->ctty &&
	    !serial.session) {
		serial.session = p->sid;
		serial.pgrp = p->pgid;
		p->ctty = &serial;
	}
	irq_restore(on);
	return f;
}

void tty_fork(struct process *child, const struct process *parent)
{
	child->ctty = parent->ctty;
}

void tty_setsid(struct process *p)
{
	p->ctty = 0;
}

void tty_exit(struct process *p)
{
	bool on = irq_save();
	if (p->ctty && p->pid == p->sid && p->ctty->session == p->sid)
		disassociate(p->ctty, true);
	p->ctty = 0;
	irq_restore(on);
}
