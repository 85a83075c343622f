/*
 * main.c - kmain(): bring the machine up in dependency order, then run
 * what the command line asks for.
 *
 * Command line:
 *   loglevel=N          console log level (0-7, default 6)
 *   ktest[=PATTERN]     run the in-kernel tests, then exit with their verdict
 *   panic_test=fault    deliberately fault in the kernel (tests the panic path)
 *   panic_test=panic    deliberately call panic()
 *   init=PATH           the first program (default /sbin/init)
 *   -- ARGS             the words after "--" are init's arguments
 *   strace              log every syscall with its arguments and result
 *   net.ethN=CONF       IPv4 of card N: dhcp (default), off, ADDR/PREFIX[,GW]
 *   fake_ifaces         a fixed lo + eth0 interface snapshot (net/ifaces_fake.c)
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/power.h"
#include "arch/x86_64/timer.h"
#include "boot/bootinfo.h"
#include "boot/initramfs.h"
#include "drivers/rtc.h"
#include "fs/vfs.h"
#include "ipc/sys_mqueue.h"
#include "drivers/uart16550.h"
#include "ktest/ktest.h"
#include "fs/procfs.h"
#include "lib/cmdline.h"
#include "lib/kstring.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "mm/upage.h"
#include "net/lwip/lwip.h"
#include "net/ifaces_fake.h"
#include "lib/random.h"
#include "arch/x86_64/usermode.h"
#include "proc/process.h"
#include "scheme/scheme.h"
#include "sys/syscall.h"
#include "sched/sched.h"
#include "net/net.h"
#include "tty/tty.h"

#define CUB_VERSION "0.1.0"

static struct boot_info boot_info;

const struct boot_info *kernel_boot_info(void);
const struct boot_info *kernel_boot_info(void)
{
	return &boot_info;
}

/* Until paging_init(), only the first 1 GiB is reachable. */
static const void *boot_phys(uint64_t phys, void *ctx)
{
	(void)ctx;
	return phys < DIRECT_MAP_LIMIT ? phys_to_virt(phys) : 0;
}

/*
 * Multiboot1 loaders (QEMU's -kernel among them) put the image's path in
 * front of the arguments, as GRUB legacy did; Multiboot2 GRUB passes only
 * the arguments.  Drop the path so both boots see the same command line.
 */
static void drop_image_path(char *cmdline)
{
	char *p = cmdline;

	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	memmove(cmdline, p, strlen(p) + 1);
}

static void parse_boot_info(uint32_t magic, uint32_t info_phys)
{
	int r;

	if (magic == MULTIBOOT2_LOADER_MAGIC)
		r = bootinfo_parse_mb2(info_phys, 1 << 20, boot_phys, 0, &boot_info);
	else if (magic == MULTIBOOT1_LOADER_MAGIC)
		r = bootinfo_parse_mb1(info_phys, boot_phys, 0, &boot_info);
	else
		panic("boot: unknown boot loader magic %x", magic);
	if (r)
		panic("boot: malformed Multiboot%d information at %x",
		      magic == MULTIBOOT2_LOADER_MAGIC ? 2 : 1, info_phys);
	if (boot_info.protocol == 1)
		drop_image_path(boot_info.cmdline);
}

static void print_memory_map(void)
{
	char type[32];

	pr_info("memory map (%lu regions):\n", (unsigned long)boot_info.nmem);
	for (size_t i = 0; i < boot_info.nmem; i++) {
		const struct boot_mem_region *m = &boot_info.mem[i];
		pr_info("  [%016lx-%016lx] %s\n", m->base, m->base + m->len - 1,
		        bootinfo_mem_type_name(m->type, type, sizeof(type)));
	}
	if (boot_info.mem_dropped)
		pr_warn("  (%lu more regions ignored)\n", (unsigned long)boot_info.mem_dropped);
	pr_info("memory: %lu MiB available\n",
	        (unsigned long)(bootinfo_available_bytes(&boot_info) >> 20));
}

/* Kept out of line and named so the backtrace test can look for it. */
__attribute__((noinline)) static void panic_test_fault(void)
{
	/* Through a volatile so the compiler cannot see the NULL. */
	static volatile uint64_t fault_address = 0x10;
	*(volatile uint64_t *)fault_address = 0xdead;
}

__attribute__((noinline)) static void run_panic_test(const char *what)
{
	pr_info("panic_test: %s\n", what);
	if (what[0] == 'f')
		panic_test_fault();
	panic("panic_test: deliberate panic");
}

/*
 * Becomes PID 1.  An image without an init is a kernel-only scenario (the
 * foundation's default image): it ends with a clean power-off, where Linux
 * would panic with "No working init found".
 */
static void start_init(const char *cmdline)
{
	char path[256] = "/sbin/init";

	cmdline_get(cmdline, "init", path, sizeof(path));
	int r = process_start_init(path, cmdline);
	if (r == -ENOENT) {
		pr_info("cub: no %s in the image; boot complete, powering off\n", path);
		machine_exit(CUB_EXIT_PASS);
	}
	pr_err("cub: cannot run %s (error %d)\n", path, -r);
	machine_exit(CUB_EXIT_FAIL);
}

void kmain(uint32_t magic, uint32_t info_phys);
void kmain(uint32_t magic, uint32_t info_phys)
{
	uart_init(COM1_PORT, 115200);
	gdt_init();
	idt_init();
	parse_boot_info(magic, info_phys);
	const char *cmdline = boot_info.cmdline;
	printk_set_level((int)cmdline_get_int(cmdline, "loglevel", LOG_INFO));

	pr_notice("cub " CUB_VERSION " x86_64: booting (multiboot%d%s%s)\n", boot_info.protocol,
	          boot_info.loader[0] ? ", " : "", boot_info.loader);
	pr_info("command line: %s\n", cmdline);
	procfs_cmdline = cmdline;
	print_memory_map();

	frame_init(&boot_info);
	paging_init(&boot_info);
	kmalloc_init();
	upage_init();
	acpi_init(boot_info.rsdp_phys);
	tsc_calibrate();
	clock_set_realtime_ns(rtc_read_epoch() * NSEC_PER_SEC);
	random_init();
	usermode_init();
	syscall_init(cmdline);
	sched_init();
	apic_timer_init();
	ioapic_init();
	tty_init();
	serio_init();
	irq_enable();
	/* The cards first: the stack makes an interface of each card there
	   is when it starts (net/lwip/README.md). */
	net_drivers_init();
	net_stack_init(cmdline);

	long entries = initramfs_check(1);

	char arg[64];
	if (cmdline_get(cmdline, "panic_test", arg, sizeof(arg)))
		run_panic_test(arg);

	if (cmdline_get(cmdline, "ktest", arg, sizeof(arg))) {
		int failed = ktest_run_all(arg);
		machine_exit(failed == 0 ? CUB_EXIT_PASS : CUB_EXIT_FAIL);
	}
	if (entries < 0 || vfs_init() < 0)
		machine_exit(CUB_EXIT_FAIL);
	mqueue_init();
	net_ifaces_fake_init(cmdline);
	start_init(cmdline);
}
