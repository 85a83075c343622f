/* polkit-shim: an org.freedesktop.PolicyKit1 authority on libdbus that
 * decides from a rules file and the kernel's uids and groups. */
#define _GNU_SOURCE
#include "authority.h"
#include "drop.h"
#include "rules.h"

#include <dbus/dbus.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define POLKIT_BUS_NAME "org.freedesktop.PolicyKit1"
#define DEFAULT_USER "polkitd"
#define DEFAULT_RULES "/etc/polkit-shim/rules"
#define CONNECT_TRIES 100          /* x 100 ms: the bus may still be starting */
#define CONNECT_RETRY_NS 100000000L
#define DISPATCH_TIMEOUT_MS 1000   /* wake to notice SIGTERM */

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: polkit-shim [--user NAME | --no-drop] [--rules PATH]\n");
}

static DBusConnection *connect_system_bus(void)
{
	DBusError err;
	dbus_error_init(&err);
	for (int i = 0; i < CONNECT_TRIES && !stop; i++) {
		DBusConnection *c = dbus_bus_get(DBUS_BUS_SYSTEM, &err);
		if (c != NULL)
			return c;
		if (i + 1 == CONNECT_TRIES)
			fprintf(stderr, "polkit-shim: cannot connect to the system bus: %s\n",
				err.message);
		dbus_error_free(&err);
		struct timespec ts = { 0, CONNECT_RETRY_NS };
		nanosleep(&ts, NULL);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *user = DEFAULT_USER, *rules = DEFAULT_RULES;
	int no_drop = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
			user = argv[++i];
		else if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc)
			rules = argv[++i];
		else if (strcmp(argv[i], "--no-drop") == 0)
			no_drop = 1;
		else if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 1;
		}
	}

	/* Rules before the drop: names resolve with the same /etc either way,
	 * and a bad file should fail before anything else happens. */
	if (rules_load(rules) != 0)
		return 1;

	if (!no_drop) {
		if (geteuid() != 0) {
			fprintf(stderr, "polkit-shim: must start as root to drop to %s "
					"(or pass --no-drop)\n", user);
			return 1;
		}
		if (drop_to_user(user) != 0)
			return 1;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;  /* no SA_RESTART: poll returns EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	DBusConnection *conn = connect_system_bus();
	if (conn == NULL)
		return stop ? 0 : 1;
	/* Bus loss must end the process with our status, not libdbus's _exit. */
	dbus_connection_set_exit_on_disconnect(conn, FALSE);

	if (authority_register(conn) != 0) {
		fprintf(stderr, "polkit-shim: cannot register %s\n", AUTHORITY_PATH);
		return 1;
	}
	DBusError err;
	dbus_error_init(&err);
	int r = dbus_bus_request_name(conn, POLKIT_BUS_NAME, DBUS_NAME_FLAG_DO_NOT_QUEUE, &err);
	if (r != DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER) {
		fprintf(stderr, "polkit-shim: could not own %s: %s\n", POLKIT_BUS_NAME,
			dbus_error_is_set(&err) ? err.message : "another process owns it");
		dbus_error_free(&err);
		return 1;
	}

	char ids[256];
	describe_ids(ids, sizeof ids);
	printf("polkit-shim: ready as %s (%s)\n", POLKIT_BUS_NAME, ids);
	fflush(stdout);

	int status = 0;
	while (!stop) {
		if (!dbus_connection_read_write_dispatch(conn, DISPATCH_TIMEOUT_MS)) {
			fprintf(stderr, "polkit-shim: disconnected from the system bus\n");
			status = 1;
			break;
		}
	}
	dbus_connection_unref(conn);
	rules_free();
	dbus_shutdown();
	return status;
}
