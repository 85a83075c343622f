/*
 * console.h - /dev/console as a file: output to the serial console.
 *
 * Input, line discipline and job control come with the terminal work of
 * the Linux ABI issue; reading returns end of file until then.
 */
#ifndef CUB_FS_CONSOLE_H
#define CUB_FS_CONSOLE_H

struct file;

/* A new open file description of the console, or NULL. */
struct file *console_open(unsigned int flags);

#endif
