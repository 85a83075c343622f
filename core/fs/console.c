/*
 * console.c - the console file: writes go to the serial port.
 */
#include "fs/console.h"

#include "arch/x86_64/cpu.h"
#include "drivers/uart16550.h"
#include "fs/fd.h"
#include "lib/kstring.h"
#include "mm/uaccess.h"

#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <linux/errno.h>
#include <linux/kdev_t.h>
#include <linux/stat.h>

/* /dev/console is character device 5:1 on Linux (devices.txt). */
#define CONSOLE_MAJOR 5
#define CONSOLE_MINOR 1

static long console_read(struct file *f, void *buf, size_t n)
{
	(void)f;
	(void)buf;
	(void)n;
	return 0;
}

static long console_write(struct file *f, const void *buf, size_t n)
{
	char chunk[256];
	size_t done = 0;

	(void)f;
	while (done < n) {
		size_t c = n - done < sizeof(chunk) ? n - done : sizeof(chunk);
		if (copy_from_user(chunk, (const char *)buf + done, c))
			return done ? (long)done : -EFAULT;
		bool on = irq_save();
		uart_write(chunk, c);
		irq_restore(on);
		done += c;
	}
	return (long)done;
}

/* The settings a freshly opened Linux serial console reports. */
static void default_termios(struct termios *t)
{
	memset(t, 0, sizeof(*t));
	t->c_iflag = ICRNL | IXON;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	t->c_cc[VINTR] = 3;    /* ^C */
	t->c_cc[VQUIT] = 28;   /* ^\ */
	t->c_cc[VERASE] = 127; /* DEL */
	t->c_cc[VKILL] = 21;   /* ^U */
	t->c_cc[VEOF] = 4;     /* ^D */
	t->c_cc[VMIN] = 1;
	t->c_cc[VSUSP] = 26;   /* ^Z */
}

static long console_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	(void)f;
	switch (cmd) {
	case TCGETS: {
		struct termios t;
		default_termios(&t);
		return copy_to_user((void *)arg, &t, sizeof(t));
	}
	case TIOCGWINSZ: {
		struct winsize w = { .ws_row = 24, .ws_col = 80 };
		return copy_to_user((void *)arg, &w, sizeof(w));
	}
	default:
		return -ENOTTY;
	}
}

static int console_stat(struct file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0600;
	st->st_nlink = 1;
	st->st_rdev = MKDEV(CONSOLE_MAJOR, CONSOLE_MINOR);
	st->st_blksize = 1024;
	return 0;
}

static const struct file_ops console_ops = {
	.read = console_read,
	.write = console_write,
	.ioctl = console_ioctl,
	.stat = console_stat,
};

struct file *console_open(unsigned int flags)
{
	return file_alloc(&console_ops, 0, flags);
}
