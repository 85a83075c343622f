/*
 * uname.h - what uname(2) reports (proc/sys_proc.c), shared with
 * /scheme/sys/uname so the two cannot disagree.
 */
#ifndef CUB_PROC_UNAME_H
#define CUB_PROC_UNAME_H

/* Programs compare sysname with "Linux" to pick the Linux ABI. */
#define UNAME_SYSNAME "Linux"
#define UNAME_NODENAME "cub"
#define UNAME_RELEASE "6.1.0-cub"
#define UNAME_VERSION "#1 cub 0.1.0"
#define UNAME_MACHINE "x86_64"
#define UNAME_DOMAINNAME "(none)"

#endif
