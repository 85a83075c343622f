/*
 * langs_musl.c - a static musl program (Debian's musl-gcc -static) that
 * runs in the langs image and natively on the host.
 *
 * musl is not glibc: it has its own syscall wrappers, its own stdio
 * buffering, its own malloc (mallocng), its own thread start-up (clone
 * with a different flag set and TLS layout) and its own getdents-based
 * readdir.  Each test goes through one of those paths, so cub has to get
 * the ABI right for a second libc, not just for the one it was developed
 * against.  Output is GoogleTest's format (tools/gtest_parse.py); the exit
 * status is the number of failed tests (0: all passed).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failures, test_failed;
static const char *current;
static char workdir[64];

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			printf("%s:%d: Failure\n  expected: %s (errno %d)\n",    \
			       __FILE__, __LINE__, #cond, errno);                \
			test_failed = 1;                                         \
		}                                                                \
	} while (0)

static void begin(const char *name)
{
	current = name;
	test_failed = 0;
	printf("[ RUN      ] musl.%s\n", name);
	fflush(stdout);
}

static void end(void)
{
	if (test_failed)
		failures++;
	printf("%s musl.%s (0 ms)\n", test_failed ? "[  FAILED  ]" : "[       OK ]", current);
	fflush(stdout);
}

static void path_in_workdir(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", workdir, name);
}

/* fprintf through musl's FILE buffer, then fscanf back what was written. */
static void test_stdio_file(void)
{
	begin("stdio_to_a_file_and_back");
	char path[128];
	path_in_workdir(path, sizeof path, "stdio.txt");
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		for (int i = 0; i < 1000; i++)
			fprintf(f, "line %d %s\n", i, i % 2 ? "odd" : "even");
		CHECK(fclose(f) == 0);
	}
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (f) {
		int n = 0, value;
		char word[8];
		while (fscanf(f, "line %d %7s\n", &value, word) == 2) {
			if (value != n || strcmp(word, n % 2 ? "odd" : "even") != 0)
				break;
			n++;
		}
		CHECK(n == 1000);
		CHECK(feof(f));
		fclose(f);
	}
	struct stat st;
	CHECK(stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 10000);
	CHECK(unlink(path) == 0);
	end();
}

/* Sizes from a byte to a few MiB: musl serves small ones from its own
   slots (brk/mmap'd groups) and big ones with mmap directly. */
static void test_malloc_sizes(void)
{
	begin("malloc_of_many_sizes");
	enum { N = 200 };
	static unsigned char *blocks[N];
	static size_t sizes[N];
	for (int i = 0; i < N; i++) {
		sizes[i] = (size_t)1 << (i % 23);
		sizes[i] += (size_t)i * 7;
		blocks[i] = malloc(sizes[i]);
		CHECK(blocks[i] != NULL);
		if (blocks[i])
			memset(blocks[i], i & 0xff, sizes[i]);
	}
	for (int i = 0; i < N; i++) {
		if (!blocks[i])
			continue;
		CHECK(blocks[i][0] == (i & 0xff) && blocks[i][sizes[i] - 1] == (i & 0xff));
		if (i % 3 == 0) {
			blocks[i] = realloc(blocks[i], sizes[i] * 2);
			CHECK(blocks[i] != NULL && blocks[i][sizes[i] - 1] == (i & 0xff));
		}
	}
	for (int i = 0; i < N; i++)
		free(blocks[i]);
	void *z = calloc(1000, 1000);
	CHECK(z != NULL && ((unsigned char *)z)[999999] == 0);
	free(z);
	end();
}

static void test_fork_waitpid(void)
{
	begin("fork_and_waitpid");
	pid_t parent = getpid();
	pid_t child = fork();
	CHECK(child >= 0);
	if (child == 0)
		_exit(getppid() == parent ? 42 : 1);
	int status = 0;
	CHECK(waitpid(child, &status, 0) == child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
	CHECK(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD);
	end();
}

/* A child writes through a pipe; the parent reads until EOF. */
static void test_pipe(void)
{
	begin("pipe_between_processes");
	int fds[2];
	CHECK(pipe2(fds, O_CLOEXEC) == 0);
	pid_t child = fork();
	if (child == 0) {
		close(fds[0]);
		char buf[1000];
		memset(buf, 'p', sizeof buf);
		for (int i = 0; i < 100; i++)
			if (write(fds[1], buf, sizeof buf) != (ssize_t)sizeof buf)
				_exit(1);
		_exit(0);
	}
	close(fds[1]);
	size_t total = 0;
	int bad = 0;
	char buf[4096];
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			bad |= buf[i] != 'p';
		total += (size_t)n;
	}
	CHECK(n == 0);
	CHECK(total == 100000 && !bad);
	close(fds[0]);
	int status = 0;
	CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	end();
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn = PTHREAD_COND_INITIALIZER;
static long counter;
static _Thread_local int tls_value = 5;

static void *worker(void *arg)
{
	long id = (long)arg;
	tls_value += (int)id; /* each thread has its own copy */
	for (int i = 0; i < 10000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_cond_broadcast(&turn);
		pthread_mutex_unlock(&lock);
	}
	return (void *)(long)(tls_value * 100);
}

static void test_threads(void)
{
	begin("threads_mutex_condvar_tls");
	pthread_t t[2];
	for (long i = 0; i < 2; i++)
		CHECK(pthread_create(&t[i], NULL, worker, (void *)(i + 1)) == 0);
	pthread_mutex_lock(&lock);
	while (counter < 20000)
		pthread_cond_wait(&turn, &lock);
	pthread_mutex_unlock(&lock);
	for (long i = 0; i < 2; i++) {
		void *ret = NULL;
		CHECK(pthread_join(t[i], &ret) == 0);
		CHECK((long)ret == (5 + i + 1) * 100);
	}
	CHECK(counter == 20000);
	CHECK(tls_value == 5);
	end();
}

static void test_clocks(void)
{
	begin("clock_gettime_and_nanosleep");
	struct timespec a, b, m0, m1;
	CHECK(clock_gettime(CLOCK_REALTIME, &a) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &m0) == 0);
	struct timespec nap = {0, 20 * 1000 * 1000};
	CHECK(nanosleep(&nap, NULL) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &m1) == 0);
	CHECK(clock_gettime(CLOCK_REALTIME, &b) == 0);
	long long elapsed = (m1.tv_sec - m0.tv_sec) * 1000000000LL + (m1.tv_nsec - m0.tv_nsec);
	CHECK(elapsed >= 20 * 1000 * 1000); /* a sleep never ends early */
	CHECK(a.tv_sec > 1000000000); /* after 2001: the clock is set */
	CHECK(b.tv_sec >= a.tv_sec);
	struct timespec res;
	CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0);
	end();
}

/* musl's readdir calls getdents64 with its own buffer size. */
static void test_readdir(void)
{
	begin("opendir_readdir_many_entries");
	char dir[128], path[192];
	path_in_workdir(dir, sizeof dir, "entries");
	CHECK(mkdir(dir, 0755) == 0);
	enum { N = 150 };
	for (int i = 0; i < N; i++) {
		snprintf(path, sizeof path, "%s/file-with-a-long-name-%03d", dir, i);
		int fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0644);
		CHECK(fd >= 0);
		close(fd);
	}
	static char seen[N];
	int others = 0, dots = 0;
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			int i;
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				dots++;
			else if (sscanf(e->d_name, "file-with-a-long-name-%d", &i) == 1 && i >= 0 && i < N
				 && e->d_type == DT_REG)
				seen[i]++;
			else
				others++;
		}
		closedir(d);
	}
	int once = 0;
	for (int i = 0; i < N; i++)
		once += seen[i] == 1;
	CHECK(once == N && others == 0 && dots == 2);
	for (int i = 0; i < N; i++) {
		snprintf(path, sizeof path, "%s/file-with-a-long-name-%03d", dir, i);
		CHECK(unlink(path) == 0);
	}
	CHECK(rmdir(dir) == 0);
	end();
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(workdir, sizeof workdir, "%s/langs-musl-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(workdir)) {
		perror("mkdtemp");
		return 100;
	}
	test_stdio_file();
	test_malloc_sizes();
	test_fork_waitpid();
	test_pipe();
	test_threads();
	test_clocks();
	test_readdir();
	rmdir(workdir);
	printf("musl: %d test(s) failed\n", failures);
	return failures;
}
