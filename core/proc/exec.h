/*
 * exec.h - loading a program into a fresh address space (execve).
 */
#ifndef CUB_PROC_EXEC_H
#define CUB_PROC_EXEC_H

#include <stddef.h>

#include "arch/x86_64/idt.h"

struct cred;
struct mm;

/* Longest argv+envp accepted, as Linux's default (a quarter of the 8 MiB
   stack limit). */
#define EXEC_ARGS_MAX (2ULL << 20)

/* A growing list of NUL-terminated strings in one buffer. */
struct strlist {
	char *buf;
	size_t used, size;
	int count;
};

/* Kernel copies of the argument and environment strings. */
struct exec_args {
	struct strlist argv, envp;
	char *exe_path; /* set by exec_load: the program's resolved path */
	struct cred *cred; /* set by exec_load: the ids it will run with */
};

void exec_args_init(struct exec_args *a);
void exec_args_free(struct exec_args *a);
/* Appends one kernel string; -E2BIG past EXEC_ARGS_MAX, -ENOMEM. */
int strlist_add(struct strlist *l, const char *s, size_t len);
/* Appends a NULL-terminated user array of user strings (NULL: none). */
int strlist_add_user(struct strlist *l, const char *const *uarr);
/* Pointers to each string, for the stack builder (count entries). */
const char **strlist_vector(const struct strlist *l);

/*
 * Builds a new address space running path with args: follows one level of
 * "#!" (the interpreter gets argv[0] = interpreter, its optional argument,
 * then the script's path, then the original argv[1...]), loads a static
 * ELF executable, lays out the stack.  On success *mm_out is the new
 * address space and *tf the registers to start with, and args->cred the
 * credentials it runs with (set-id bits applied, cred_exec); the caller
 * commits (switches the process over).  Nothing of the caller changes on
 * error.
 */
int exec_load(const char *path, struct exec_args *args, struct mm **mm_out,
              struct trap_frame *tf);

#endif
