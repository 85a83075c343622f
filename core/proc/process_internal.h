/*
 * process_internal.h - what the files of proc/ share.
 */
#ifndef CUB_PROC_PROCESS_INTERNAL_H
#define CUB_PROC_PROCESS_INTERNAL_H

#include <stdbool.h>

#include "proc/process.h"

struct process *process_alloc(int pid);
/* PID 1 for the calling (boot) thread, with the console as fds 0-2; and
   its undoing when init cannot be started. */
struct process *process_create_init(void);
void process_destroy_init(struct process *p);

/* Lets a CLONE_VFORK parent go on (the child exec'd or exited). */
void process_vfork_release(struct process *p);

/* Frees a process that fork gave up on before it ran. */
void process_free_unborn(struct process *c);
void process_add_child(struct process *parent, struct process *child);

/* wait4's and waitid's core: the pid of a reaped child (left a zombie
   with nowait), 0 (nohang and none ready), -ECHILD, or -ERESTARTSYS. */
struct rusage;
#define PWAIT_NOHANG 0x1
#define PWAIT_NOWAIT 0x2
#define PWAIT_EXITED 0x4
#define PWAIT_STOPPED 0x8
#define PWAIT_CONTINUED 0x10
/* code receives CLD_EXITED, CLD_KILLED, CLD_STOPPED or CLD_CONTINUED. */
long process_wait(int pid, int *status_out, struct rusage *rusage_out, int flags, int *code);

/* Fills a struct rusage (proc/sys_sched.c). */
void rusage_fill(struct rusage *ru, uint64_t cpu_ns, uint64_t maxrss_kb);

#endif
