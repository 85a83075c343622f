/*
 * shebang.h - "#!" scripts for execve, parsed as Linux's binfmt_script.
 *
 * Portable: compiled into the kernel and into the host unit tests.
 *
 * Linux looks only at the first BINPRM_BUF_SIZE (256) bytes of the file,
 * padded with NULs when the file is shorter.  The line after "#!" is, after
 * leading blanks (spaces and tabs), the interpreter path up to the first
 * blank or NUL, then optionally ONE argument: everything after the blanks
 * that follow the path, up to the end of the line or a NUL, with trailing
 * blanks removed ("#!/usr/bin/env python3 -u" passes "python3 -u" as one
 * argument).  A line that does not end within the 256 bytes is accepted
 * only when the path visibly ended before the last byte (a blank or NUL
 * follows it); the argument is then cut at byte 255.  Linux's quirks are
 * kept on purpose, because a script's behaviour must not change between
 * Linux and cub: a "\r" before the newline is part of the line, and a line
 * that has no newline but a blank after the path passes an empty argument
 * (Linux 6.18 does this).
 */
#ifndef CUB_PROC_SHEBANG_H
#define CUB_PROC_SHEBANG_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/binfmts.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The file starts with "#!", so shebang_parse() is the loader to try. */
bool shebang_is_script(const void *head, size_t len);

/*
 * Parses the first bytes of a file, head[0, len) (only the first
 * BINPRM_BUF_SIZE are looked at; fewer means the file is that short).
 * On success returns 0, writes the interpreter path to interp (NUL-
 * terminated, never empty) and, when the line has an argument, sets
 * *has_arg and writes it to arg (NUL-terminated, possibly empty); without
 * one, *has_arg is false and arg is "".  Errors: -ENOEXEC when the file
 * does not start with "#!", names no interpreter, or the path may have
 * been cut by the 256-byte window; -EACCES when the path is empty because
 * a NUL (or the end of the file) follows the "#!" and its blanks: Linux
 * then opens "", the working directory, and fails so (checked on 6.18);
 * -ENAMETOOLONG when a string and its NUL do not fit interp_size or
 * arg_size bytes (BINPRM_BUF_SIZE always suffices); -EINVAL for NULL
 * buffers.
 */
int shebang_parse(const void *head, size_t len, char *interp,
    size_t interp_size, char *arg, size_t arg_size, bool *has_arg);

/*
 * The interpreter's argument vector, as Linux builds it: interp, then arg
 * if there is one (arg != NULL), then filename (the script's path exactly
 * as passed to execve, which replaces the script's argv[0]), then argv[1]
 * to argv[argc - 1].  An empty argv (argc 0) simply contributes nothing.
 * Writes the pointers to out (no terminating NULL) and returns the new
 * count, or -E2BIG when more than out_max are needed, -EINVAL for NULL
 * pointers.
 */
long shebang_argv(const char *interp, const char *arg, const char *filename,
    const char *const *argv, size_t argc, const char **out, size_t out_max);

#ifdef __cplusplus
}
#endif
#endif
