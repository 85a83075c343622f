/*
 * tty.h - the serial terminal: /dev/ttyS0, /dev/console and /dev/tty.
 *
 * One terminal, on COM1: input arrives by interrupt and goes through the
 * line discipline (ldisc.h); output is post-processed and written to the
 * UART.  The terminal keeps the session that owns it as its controlling
 * terminal and that session's foreground process group: typed ^C, ^Z and
 * ^\ signal that group, and a background group that reads (or writes,
 * under TOSTOP) is stopped with SIGTTIN (SIGTTOU), as Linux does.
 */
#ifndef CUB_TTY_TTY_H
#define CUB_TTY_TTY_H

#include <stdint.h>

struct file;
struct process;

/* Enables the receive interrupt; call once interrupts can be routed. */
void tty_init(void);

/* /dev/console for PID 1's descriptors 0-2 (never a controlling tty). */
struct file *tty_console_open(unsigned int flags);

/* Opens character devices 4:64 (ttyS0), 5:0 (tty), 5:1 (console);
   *err = -ENXIO for other numbers, or /dev/tty without a controlling
   terminal.  flags may hold O_NOCTTY. */
struct file *tty_open(uint32_t major, uint32_t minor, unsigned int flags, int *err);
int tty_is_device(uint32_t major, uint32_t minor);

/* Process hooks: fork inherits the controlling terminal, setsid drops
   it, and a session leader's exit hangs the session up (SIGHUP and
   SIGCONT to the foreground group, the terminal freed). */
void tty_fork(struct process *child, const struct process *parent);
void tty_setsid(struct process *p);
void tty_exit(struct process *p);

#endif
