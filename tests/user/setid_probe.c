/*
 * setid_probe.c - what a process's credentials look like from inside, for
 * the cred image's check.  Installed once plainly, once set-user-ID root
 * and once set-group-ID root, so the same program shows what execve of a
 * set-id file did.
 *
 *   setid_probe            prints "ruid=R euid=E suid=S rgid=R egid=E sgid=S secure=N"
 *   setid_probe setgroups  tries setgroups() with group 0 and prints
 *                          "setgroups: ok" or "setgroups: ERRNAME"
 *
 * Exits 0 when it could ask, 1 when a call it needed failed, 2 on a bad
 * argument.  Runs on Linux unchanged, where the lines are the same.
 */
#define _GNU_SOURCE /* for getresuid, getresgid and strerrorname_np */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static int print_ids(void)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0) {
		printf("getresuid/getresgid: %s\n", strerror(errno));
		return 1;
	}
	printf("ruid=%u euid=%u suid=%u rgid=%u egid=%u sgid=%u secure=%lu\n", (unsigned)ru,
	       (unsigned)eu, (unsigned)su, (unsigned)rg, (unsigned)eg, (unsigned)sg,
	       getauxval(AT_SECURE));
	return 0;
}

/* An unprivileged caller must get EPERM whatever list it passes. */
static int try_setgroups(void)
{
	gid_t root_group = 0;

	if (setgroups(1, &root_group) == 0)
		printf("setgroups: ok\n");
	else
		printf("setgroups: %s\n", strerrorname_np(errno));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 1)
		return print_ids();
	if (argc == 2 && strcmp(argv[1], "setgroups") == 0)
		return try_setgroups();
	fprintf(stderr, "usage: setid_probe [setgroups]\n");
	return 2;
}
