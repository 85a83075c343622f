/*
 * smoke_init.c - the first user program cub runs: a static glibc binary
 * started as /sbin/init by the user-smoke image.
 *
 * It checks what a process can see of its start-up (argv, envp, the
 * auxiliary vector) and the first syscalls (write, brk, mmap, mprotect,
 * fork, wait4, exit, and -EFAULT for bad pointers), printing GoogleTest's
 * output format so the runner reads it like any other test, and exits 0
 * only when every check passed: as PID 1, its exit status becomes QEMU's.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures, tests, test_failed;
static const char *current;

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			printf("%s:%d: Failure\n  expected: %s\n", __FILE__,     \
			       __LINE__, #cond);                                 \
			test_failed = 1;                                         \
		}                                                                \
	} while (0)

static void begin(const char *name)
{
	current = name;
	test_failed = 0;
	tests++;
	printf("[ RUN      ] smoke.%s\n", name);
}

static void end(void)
{
	if (test_failed) {
		failures++;
		printf("[  FAILED  ] smoke.%s (0 ms)\n", current);
	} else {
		printf("[       OK ] smoke.%s (0 ms)\n", current);
	}
	fflush(stdout);
}

static void test_startup(int argc, char **argv)
{
	begin("startup_state");
	CHECK(argc >= 1);
	CHECK(strcmp(argv[0], "/sbin/init") == 0);
	CHECK(getpid() == 1);
	CHECK(getenv("HOME") && strcmp(getenv("HOME"), "/") == 0);
	CHECK(getauxval(AT_PAGESZ) == 4096);
	CHECK(getauxval(AT_RANDOM) != 0);
	CHECK(getauxval(AT_SECURE) == 0);
	CHECK(getauxval(AT_EXECFN) && strcmp((char *)getauxval(AT_EXECFN), "/sbin/init") == 0);
	CHECK(getauxval(AT_PLATFORM) && strcmp((char *)getauxval(AT_PLATFORM), "x86_64") == 0);
	struct utsname u;
	CHECK(uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0);
	end();
}

static void test_memory(void)
{
	begin("brk_mmap_mprotect");
	char *heap = malloc(100000);
	CHECK(heap != NULL);
	memset(heap, 0x5a, 100000);
	CHECK(heap[99999] == 0x5a);
	free(heap);
	void *brk0 = sbrk(0);
	CHECK(sbrk(8192) == brk0);
	CHECK((char *)sbrk(0) == (char *)brk0 + 8192);
	char *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED);
	CHECK(m[12345] == 0); /* demand-zero */
	m[(1 << 20) - 1] = 7;
	CHECK(mprotect(m, 4096, PROT_READ) == 0);
	CHECK(munmap(m, 1 << 20) == 0);
	CHECK(munmap(m, 1 << 20) == 0); /* unmapping nothing is fine */
	errno = 0;
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == EINVAL);
	end();
}

static void test_efault(void)
{
	begin("bad_pointers_give_efault");
	CHECK(syscall(SYS_write, 1, (void *)1, 10) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_uname, (void *)0xffff800000000000UL) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_getrandom, (void *)4096, 16, 0) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_wait4, -1, (void *)1, WNOHANG, 0) == -1 && errno == ECHILD);
	end();
}

static void test_fork(void)
{
	begin("fork_exit_wait");
	int shared = 1;
	pid_t pid = fork();
	if (pid == 0) {
		shared = 2; /* copy-on-write: the parent must not see this */
		_exit(shared == 2 ? 7 : 1);
	}
	CHECK(pid > 1);
	int status = 0;
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	CHECK(shared == 1);
	CHECK(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD);
	end();

	begin("null_dereference_kills_with_sigsegv");
	pid = fork();
	if (pid == 0) {
		volatile int *p = NULL;
		*p = 1;
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	end();
}

static volatile sig_atomic_t got_sig, got_code, got_pid;
static volatile double fp_in_handler;

static void on_usr1(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = info->si_code;
	got_pid = info->si_pid;
	/* Clobber the FPU/SSE state: sigreturn must bring the caller's back. */
	volatile double x = 1.5;
	fp_in_handler = x * 3.0;
}

static void test_signals(void)
{
	begin("handler_runs_with_siginfo_and_state_returns");
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	volatile double before = 2.25;
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(got_sig == SIGUSR1);
	CHECK(got_code == SI_USER);
	CHECK(got_pid == getpid());
	CHECK(fp_in_handler == 4.5);
	CHECK(before * 2 == 4.5);
	end();

	begin("blocked_signal_waits_for_unblock");
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	got_sig = 0;
	CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(got_sig == 0);
	sigset_t pending;
	CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1));
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	CHECK(got_sig == SIGUSR1);
	end();

	begin("sigterm_kills_a_child_and_sigchld_ignored_reaps");
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK(kill(pid, SIGTERM) == 0);
	int status = 0;
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(3);
	CHECK(waitpid(pid, &status, 0) == -1 && errno == ECHILD);
	signal(SIGCHLD, SIG_DFL);
	end();

	begin("setitimer_delivers_sigalrm_and_interrupts_sleep");
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1; /* records the signal number */
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	got_sig = 0;
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	struct timespec req = { 5, 0 }, rem = { 0, 0 };
	CHECK(nanosleep(&req, &rem) == -1 && errno == EINTR);
	CHECK(got_sig == SIGALRM);
	CHECK(rem.tv_sec >= 3 && rem.tv_sec <= 5);
	CHECK(alarm(0) == 0);
	end();
}

/* Eight threads add to a counter under a mutex and meet at a condition
   variable: clone(CLONE_THREAD), futexes, TLS and thread exit/join. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_in = PTHREAD_COND_INITIALIZER;
static int counter, arrived;
static __thread int tls_value;

static void *worker(void *arg)
{
	tls_value = (int)(long)arg;
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	arrived++;
	pthread_cond_broadcast(&all_in);
	while (arrived < 8)
		pthread_cond_wait(&all_in, &lock);
	pthread_mutex_unlock(&lock);
	return (void *)(long)(tls_value * 10 + (syscall(SYS_gettid) != getpid()));
}

static void test_threads(void)
{
	begin("eight_pthreads_share_memory_and_join");
	pthread_t th[8];
	for (long i = 0; i < 8; i++)
		CHECK(pthread_create(&th[i], NULL, worker, (void *)i) == 0);
	for (long i = 0; i < 8; i++) {
		void *ret = NULL;
		CHECK(pthread_join(th[i], &ret) == 0);
		CHECK((long)ret == i * 10 + 1);
	}
	CHECK(counter == 8000);
	end();
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("[==========] Running cub user-mode smoke tests.\n");
	test_startup(argc, argv);
	test_memory();
	test_efault();
	test_fork();
	test_signals();
	test_threads();
	printf("[==========] %d tests ran.\n", tests);
	if (failures)
		printf("[  FAILED  ] %d tests.\n", failures);
	else
		printf("[  PASSED  ] %d tests.\n", tests);
	return failures ? 1 : 0;
}
