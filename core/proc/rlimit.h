/*
 * rlimit.h - per-process resource limits (getrlimit, setrlimit, prlimit64).
 *
 * Each process has its own table; fork copies it and execve keeps it, as
 * in Linux.  Only RLIMIT_NOFILE is enforced so far (fs/fd.c); the others
 * are stored and reported, so programs that save and restore them work.
 */
#ifndef CUB_PROC_RLIMIT_H
#define CUB_PROC_RLIMIT_H

#include <stdint.h>

#include <linux/resource.h>

/* Fills lim[RLIM_NLIMITS] with the limits a process starts with. */
void rlimit_init(struct rlimit64 *lim);

/* The calling process's soft limit for res; RLIM_INFINITY when there is
   no calling process (the boot thread). */
uint64_t rlimit_cur(unsigned int res);

#endif
