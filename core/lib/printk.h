/*
 * printk.h - the kernel log: leveled, timestamped lines on the console.
 *
 * Each line starts with the time since boot, as Linux prints it
 * ("[    0.012345] ").  Messages above the console level (loglevel= on the
 * command line, default LOG_INFO) are dropped.  A line is written with
 * interrupts off so lines from different threads never interleave.
 */
#ifndef CUB_LIB_PRINTK_H
#define CUB_LIB_PRINTK_H

#include <stdarg.h>

/* Syslog levels, as Linux uses them. */
enum log_level {
	LOG_EMERG = 0,
	LOG_ALERT,
	LOG_CRIT,
	LOG_ERR,
	LOG_WARNING,
	LOG_NOTICE,
	LOG_INFO,
	LOG_DEBUG,
};

void printk(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vprintk(int level, const char *fmt, va_list ap);
void printk_set_level(int level);
int printk_get_level(void);

/* Untimestamped output, for the GoogleTest-format ktest lines. */
void kprintf_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define pr_emerg(...) printk(LOG_EMERG, __VA_ARGS__)
#define pr_err(...) printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...) printk(LOG_WARNING, __VA_ARGS__)
#define pr_notice(...) printk(LOG_NOTICE, __VA_ARGS__)
#define pr_info(...) printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) printk(LOG_DEBUG, __VA_ARGS__)

#endif
