/* bench_dbus: method-call round trips on the system bus, to the bus
 * driver and to polkit-shim, printed as "bench NAME ITERATIONS TOTAL_NS"
 * lines, the format of tests/user/bench.h that tools/bench_ratio.py reads. */
#define _GNU_SOURCE
#include "check_call.h"
#include "proc.h"

#include <dbus/dbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CALL_TIMEOUT_MS 5000
#define WARMUP_CALLS 50
#define NS_PER_S 1000000000.0

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

typedef DBusMessage *(*build_fn)(const void *arg);

static DBusMessage *build_get_name_owner(const void *arg)
{
	(void)arg;
	const char *name = POLKIT_NAME;
	DBusMessage *m = dbus_message_new_method_call(DBUS_SERVICE_DBUS, DBUS_PATH_DBUS,
						      DBUS_INTERFACE_DBUS, "GetNameOwner");
	if (m && !dbus_message_append_args(m, DBUS_TYPE_STRING, &name, DBUS_TYPE_INVALID)) {
		dbus_message_unref(m);
		m = NULL;
	}
	return m;
}


/* CheckAuthorization for this very process. */
static DBusMessage *build_check(const void *arg)
{
	const char *action = arg;
	static dbus_uint64_t start;
	if (start == 0) {
		uint64_t st;
		if (proc_start_time(getpid(), &st) != 0)
			return NULL;
		start = st;
	}
	struct subject s = {
		.kind = SUBJECT_PROCESS,
		.pid = (dbus_uint32_t)getpid(),
		.start_time = start,
		.uid = (dbus_int32_t)getuid(),
	};
	return check_call_new(&s, action, NULL, 0, 0);
}

/* One round trip; exits on any failure, since a benchmark of errors
 * would measure the wrong thing. */
static void call_once(DBusConnection *conn, DBusMessage *msg, const char *name)
{
	DBusError err;
	dbus_error_init(&err);
	DBusMessage *reply = dbus_connection_send_with_reply_and_block(conn, msg, CALL_TIMEOUT_MS,
								       &err);
	if (reply == NULL) {
		fprintf(stderr, "bench_dbus: %s: %s: %s\n", name, err.name, err.message);
		exit(1);
	}
	dbus_message_unref(reply);
}

static void run(DBusConnection *conn, const char *name, build_fn build, const void *arg,
		double seconds, long iterations)
{
	DBusMessage *msg = build(arg);
	if (msg == NULL) {
		fprintf(stderr, "bench_dbus: %s: cannot build the call\n", name);
		exit(1);
	}
	for (int i = 0; i < WARMUP_CALLS; i++)
		call_once(conn, msg, name);
	long n = 0;
	double t0 = now_ns(), t = t0;
	/* Checking the clock every call costs ~20 ns against ~10 us calls. */
	while (iterations > 0 ? n < iterations : (t - t0) < seconds * NS_PER_S) {
		/* A sent message is locked; a copy keeps the serial fresh. */
		DBusMessage *copy = dbus_message_copy(msg);
		if (copy == NULL) {
			fprintf(stderr, "bench_dbus: out of memory\n");
			exit(1);
		}
		call_once(conn, copy, name);
		dbus_message_unref(copy);
		n++;
		t = now_ns();
	}
	dbus_message_unref(msg);
	printf("bench %s %ld %lld\n", name, n, (long long)(t - t0));
	fflush(stdout);
}

/* --wait: a benchmark started together with the bus (as an image's check)
 * waits up to 20 s for the bus and for polkit-shim's name. */
static DBusConnection *connect_when_ready(int wait, DBusError *err)
{
	for (int tries = 0;; tries++) {
		DBusConnection *conn = dbus_bus_get_private(DBUS_BUS_SYSTEM, err);
		if (conn && (!wait || dbus_bus_name_has_owner(conn, POLKIT_NAME, NULL)))
			return conn;
		if (conn) {
			dbus_connection_close(conn);
			dbus_connection_unref(conn);
		}
		if (!wait || tries == 200) {
			if (conn)
				dbus_set_error(err, DBUS_ERROR_NAME_HAS_NO_OWNER, "%s has no owner", POLKIT_NAME);
			return NULL;
		}
		dbus_error_free(err);
		usleep(100 * 1000);
	}
}

int main(int argc, char **argv)
{
	int wait = 0;
	double seconds = 1.0;
	long iterations = 0;
	const char *action = "org.cub.bench";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (!strcmp(argv[i], "--iterations") && i + 1 < argc)
			iterations = atol(argv[++i]);
		else if (!strcmp(argv[i], "--action") && i + 1 < argc)
			action = argv[++i];
		else if (!strcmp(argv[i], "--wait"))
			wait = 1;
		else {
			fprintf(stderr, "usage: bench_dbus [--wait] [--seconds N] [--iterations N] [--action ID]\n");
			return 2;
		}
	}
	if (seconds <= 0 || iterations < 0) {
		fprintf(stderr, "bench_dbus: --seconds must be > 0 and --iterations >= 0\n");
		return 2;
	}
	DBusError err;
	dbus_error_init(&err);
	DBusConnection *conn = connect_when_ready(wait, &err);
	if (conn == NULL) {
		fprintf(stderr, "bench_dbus: cannot connect to the system bus: %s\n", err.message);
		return 1;
	}
	run(conn, "dbus_driver_roundtrip", build_get_name_owner, NULL, seconds, iterations);
	run(conn, "polkit_check_roundtrip", build_check, action, seconds, iterations);
	dbus_connection_close(conn);
	dbus_connection_unref(conn);
	return 0;
}
