/*
 * serio.c - /scheme/serio/0 and /scheme/serio/1: the byte streams of the
 * i8042's keyboard port and aux (mouse) port, root only.
 *
 * Input is interrupt-driven: IRQ 1 (keyboard) and IRQ 12 (aux) come
 * through the I/O APIC into one handler that drains the controller's
 * output buffer into a ring per port, telling the ports apart by the
 * status register's aux bit.  Interrupts rather than polling on read,
 * because the controller holds one byte: a reader that polled would lose
 * everything a device sent while nobody was reading, and a blocking read
 * would have to spin.  The rings are shared by all opens, as a device's
 * stream is; a full ring drops the newest bytes.
 *
 * A write sends each byte to the device: keyboard bytes go to the data
 * port, aux bytes follow the 0xD4 "write to aux device" command.  Replies
 * (0xFA for ACK...) then arrive in the read stream like any other byte.
 */
#include "scheme/scheme.h"
#include "scheme/scheme_internal.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/timer.h"
#include "fs/anon.h"
#include "fs/fd.h"
#include "fs/mode.h"
#include "fs/poll.h"
#include "lib/printk.h"
#include "mm/uaccess.h"
#include "proc/signal.h"
#include "sched/sched.h"

#include <asm-generic/fcntl.h>
#include <linux/errno.h>
#include <linux/poll.h>

#define I8042_DATA 0x60
#define I8042_STATUS 0x64   /* read */
#define I8042_COMMAND 0x64  /* write */
#define STATUS_OUT_FULL 0x01
#define STATUS_IN_FULL 0x02
#define STATUS_AUX_DATA 0x20
#define CMD_READ_CONFIG 0x20
#define CMD_WRITE_CONFIG 0x60
#define CMD_DISABLE_AUX 0xA7
#define CMD_ENABLE_AUX 0xA8
#define CMD_DISABLE_KBD 0xAD
#define CMD_ENABLE_KBD 0xAE
#define CMD_WRITE_AUX 0xD4
#define CONFIG_KBD_INT 0x01
#define CONFIG_AUX_INT 0x02
#define CONFIG_KBD_CLOCK_OFF 0x10
#define CONFIG_AUX_CLOCK_OFF 0x20
#define KBD_IRQ 1
#define AUX_IRQ 12
/* Status polls before giving up on the controller (each is an I/O read,
   about a microsecond). */
#define I8042_SPINS 100000

#define RING_SIZE 256
#define NPORTS 2

struct serio_port {
	uint8_t ring[RING_SIZE];
	unsigned head, tail;   /* head - tail bytes queued */
	uint64_t dropped;
	struct waitq readers;
};

static struct serio_port ports[NPORTS];
static bool present;

static bool wait_input_empty(void)
{
	for (int i = 0; i < I8042_SPINS; i++)
		if (!(inb(I8042_STATUS) & STATUS_IN_FULL))
			return true;
	return false;
}

static bool wait_output_full(void)
{
	for (int i = 0; i < I8042_SPINS; i++)
		if (inb(I8042_STATUS) & STATUS_OUT_FULL)
			return true;
	return false;
}

static bool command(uint8_t cmd)
{
	if (!wait_input_empty())
		return false;
	outb(I8042_COMMAND, cmd);
	return true;
}

static void serio_interrupt(struct trap_frame *tf)
{
	bool got = false;
	uint8_t st;

	(void)tf;
	while ((st = inb(I8042_STATUS)) & STATUS_OUT_FULL) {
		uint8_t b = inb(I8042_DATA);
		struct serio_port *p = &ports[(st & STATUS_AUX_DATA) ? 1 : 0];
		if (p->head - p->tail < RING_SIZE) {
			p->ring[p->head++ % RING_SIZE] = b;
			got = true;
		} else {
			p->dropped++;
		}
	}
	apic_eoi();
	if (got) {
		waitq_wake_all(&ports[0].readers);
		waitq_wake_all(&ports[1].readers);
		poll_notify();
	}
}

void serio_init(void)
{
	uint8_t config;

	for (int i = 0; i < NPORTS; i++)
		waitq_init(&ports[i].readers);
	/* Quiet both ports while the configuration changes, drop stale bytes. */
	if (!command(CMD_DISABLE_KBD) || !command(CMD_DISABLE_AUX)) {
		pr_info("serio: no i8042 controller\n");
		return;
	}
	for (int i = 0; i < 64 && (inb(I8042_STATUS) & STATUS_OUT_FULL); i++)
		(void)inb(I8042_DATA);
	if (!command(CMD_READ_CONFIG) || !wait_output_full()) {
		pr_warn("serio: the i8042 does not answer\n");
		return;
	}
	config = inb(I8042_DATA);
	config |= CONFIG_KBD_INT | CONFIG_AUX_INT;
	config &= (uint8_t)~(CONFIG_KBD_CLOCK_OFF | CONFIG_AUX_CLOCK_OFF);
	if (!command(CMD_WRITE_CONFIG) || !wait_input_empty()) {
		pr_warn("serio: cannot configure the i8042\n");
		return;
	}
	outb(I8042_DATA, config);
	if (!ioapic_route_isa(KBD_IRQ, VEC_ISA_BASE + KBD_IRQ, serio_interrupt) ||
	    !ioapic_route_isa(AUX_IRQ, VEC_ISA_BASE + AUX_IRQ, serio_interrupt)) {
		pr_warn("serio: no interrupts for the i8042\n");
		return;
	}
	command(CMD_ENABLE_KBD);
	command(CMD_ENABLE_AUX);
	present = true;
	/* Bytes that arrived before the interrupts were routed. */
	bool on = irq_save();
	serio_interrupt(0);
	irq_restore(on);
}

static struct serio_port *port_of(struct file *f)
{
	return &ports[scheme_ino_arg(f->inode->ino)];
}

static long serio_read(struct file *f, void *ubuf, size_t n)
{
	struct serio_port *p = port_of(f);
	uint8_t buf[RING_SIZE];
	size_t got = 0;

	if (n == 0)
		return 0;
	bool on = irq_save();
	while (p->head == p->tail) {
		int r = file_wait(f, &p->readers);
		if (r) {
			irq_restore(on);
			return r;
		}
	}
	while (got < n && got < sizeof(buf) && p->tail != p->head)
		buf[got++] = p->ring[p->tail++ % RING_SIZE];
	irq_restore(on);
	/* The bytes are consumed even when the copy fails, as a device's are. */
	return copy_to_user(ubuf, buf, got) ? -EFAULT : (long)got;
}

static long serio_write(struct file *f, const void *ubuf, size_t n)
{
	bool aux = scheme_ino_arg(f->inode->ino) == 1;
	size_t done = 0;

	while (done < n) {
		uint8_t b;
		if (copy_from_user(&b, (const uint8_t *)ubuf + done, 1))
			return done ? (long)done : -EFAULT;
		bool on = irq_save();
		bool ok = (!aux || command(CMD_WRITE_AUX)) && wait_input_empty();
		if (ok)
			outb(I8042_DATA, b);
		irq_restore(on);
		if (!ok)
			return done ? (long)done : -EIO;
		done++;
	}
	return (long)n;
}

static unsigned int serio_poll(struct file *f)
{
	struct serio_port *p = port_of(f);

	return POLLOUT | POLLWRNORM | (p->head != p->tail ? POLLIN | POLLRDNORM : 0);
}

static const struct file_ops serio_ops = {
	.read = serio_read,
	.write = serio_write,
	.stat = scheme_file_stat,
	.poll = serio_poll,
};

enum { SERIO_DIR, SERIO_PORT };

/* The ports are named by their number, which is the inode's argument. */
static int serio_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	long n = scheme_name_number(name, len, NPORTS - 1);

	if (n < 0)
		return -ENOENT;
	return scheme_make_inode(dir, scheme_ino(SCHEME_SERIO, SERIO_PORT, (uint64_t)n),
	                         S_IFCHR | 0600, out);
}

static int serio_readdir(struct inode *dir, uint64_t *pos, fs_filldir_fn fill, void *ctx)
{
	if (!fs_readdir_dots(dir, pos, fill, ctx))
		return 0;
	for (uint64_t i = *pos - FS_DIR_POS_FIRST; i < NPORTS; i++) {
		char name[2] = { (char)('0' + i), 0 };
		if (!fill(ctx, name, 1, scheme_ino(SCHEME_SERIO, SERIO_PORT, i), fs_dtype(S_IFCHR),
		          FS_DIR_POS_FIRST + i + 1))
			return 0;
		*pos = FS_DIR_POS_FIRST + i + 1;
	}
	return 0;
}

static int serio_open(struct inode *ino, unsigned int flags, struct file **out)
{
	if (!scheme_caller_root())
		return -EPERM;
	if (scheme_ino_kind(ino->ino) == SERIO_DIR)
		return 0;
	if (!present)
		return -ENXIO;
	*out = file_alloc(&serio_ops, 0, flags);
	return *out ? 0 : -ENOMEM;
}

const struct scheme scheme_serio = {
	.name = "serio",
	.mode = S_IFDIR | 0555,
	.lookup = serio_lookup,
	.readdir = serio_readdir,
	.open = serio_open,
};
