/* pkcheck: polkit's command-line check, on libdbus. Options, messages
 * and exit codes follow polkit's pkcheck (0 authorized, 1 not, 2 needs
 * authentication, 3 dismissed, 126 bad usage, 127 the check failed). */
#define _GNU_SOURCE
#include "check_call.h"
#include "proc.h"

#include <dbus/dbus.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PKCHECK_VERSION "0.1 (cub polkit-shim)"
#define FLAG_ALLOW_USER_INTERACTION 1u
#define CALL_TIMEOUT_MS 25000

enum { EXIT_AUTHORIZED = 0, EXIT_NOT_AUTHORIZED = 1, EXIT_CHALLENGE = 2,
       EXIT_DISMISSED = 3, EXIT_USAGE = 126, EXIT_ERROR = 127 };

#define MAX_DETAILS 64

static void help(void)
{
	printf("Usage:\n"
	       "  pkcheck [OPTION...]\n"
	       "\n"
	       "Help Options:\n"
	       "  -h, --help                         Show help options\n"
	       "\n"
	       "Application Options:\n"
	       "  -a, --action-id=ACTION             Check authorization to perform ACTION\n"
	       "  -u, --allow-user-interaction       Interact with the user if necessary\n"
	       "  -d, --detail KEY VALUE             Add (KEY, VALUE) to information about the action\n"
	       "  --enable-internal-agent            Accepted and ignored (no agent here)\n"
	       "  -p, --process=PID[,START_TIME,UID] Check authorization of specified process\n"
	       "  -s, --system-bus-name=BUS_NAME     Check authorization of owner of BUS_NAME\n"
	       "  --version                          Show version\n");
}

/* polkit's escaping of detail keys and values: keep [A-Za-z0-9_], octal
 * escape everything else. */
static void print_escaped(const char *s)
{
	for (; *s; s++) {
		unsigned c = (unsigned char)*s;
		if (isalnum(c) || c == '_')
			putchar((int)c);
		else
			printf("\\%o", c);
	}
}

/* --process PID[,START_TIME[,UID]]: what is not given comes from /proc. */
static int parse_process(const char *arg, struct subject *s)
{
	int pid;
	unsigned long long start;
	unsigned uid;
	int n = sscanf(arg, "%i,%llu,%u", &pid, &start, &uid);
	if (n < 1 || pid <= 0)
		return -1;
	s->kind = SUBJECT_PROCESS;
	s->pid = (dbus_uint32_t)pid;
	s->start_time = n >= 2 ? start : 0;
	s->uid = n >= 3 ? (dbus_int32_t)uid : -1;
	uint64_t st;
	if (n < 2 && proc_start_time(pid, &st) == 0)
		s->start_time = st;
	if (n < 3) {
		uid_t u;
		gid_t g, *groups;
		int ng;
		if (proc_ids(pid, &u, &g, &groups, &ng) == 0) {
			s->uid = (dbus_int32_t)u;
			free(groups);
		}
	}
	return 0;
}


#define NEED_ARG(opt)                                                                   \
	do {                                                                            \
		if (++i >= argc) {                                                      \
			fprintf(stderr, "pkcheck: Argument expected after `%s'\n", opt); \
			return EXIT_USAGE;                                              \
		}                                                                       \
	} while (0)

int main(int argc, char **argv)
{
	struct subject subj = { 0 };
	const char *action = NULL;
	const char *details[2 * MAX_DETAILS];
	int ndetails = 0, allow_ui = 0, show_help = 0, show_version = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h"))
			show_help = 1;
		else if (!strcmp(a, "--version"))
			show_version = 1;
		else if (!strcmp(a, "--process") || !strcmp(a, "-p")) {
			NEED_ARG("--process, -p");
			if (parse_process(argv[i], &subj) != 0) {
				fprintf(stderr, "pkcheck: Invalid --process value `%s'\n", argv[i]);
				return EXIT_USAGE;
			}
		} else if (!strcmp(a, "--system-bus-name") || !strcmp(a, "-s")) {
			NEED_ARG("--system-bus-name, -s");
			subj.kind = SUBJECT_BUS_NAME;
			subj.bus_name = argv[i];
		} else if (!strcmp(a, "--action-id") || !strcmp(a, "-a")) {
			NEED_ARG("--action-id, -a");
			action = argv[i];
		} else if (!strcmp(a, "--detail") || !strcmp(a, "-d")) {
			if (i + 2 >= argc) {
				fprintf(stderr, "pkcheck: Two arguments expected after `--detail, -d'\n");
				return EXIT_USAGE;
			}
			if (ndetails == MAX_DETAILS) {
				fprintf(stderr, "pkcheck: too many --detail options\n");
				return EXIT_USAGE;
			}
			details[2 * ndetails] = argv[i + 1];
			details[2 * ndetails + 1] = argv[i + 2];
			ndetails++;
			i += 2;
		} else if (!strcmp(a, "--allow-user-interaction") || !strcmp(a, "-u"))
			allow_ui = 1;
		else if (!strcmp(a, "--enable-internal-agent"))
			; /* there is no agent to start; polkit's fallback message follows */
		else {
			fprintf(stderr, "pkcheck: Unexpected argument `%s'\n", a);
			return EXIT_USAGE;
		}
	}
	if (show_help) {
		help();
		return 0;
	}
	if (show_version) {
		printf("pkcheck version %s\n", PKCHECK_VERSION);
		return 0;
	}
	if (subj.kind == SUBJECT_NONE) {
		fprintf(stderr, "pkcheck: Subject not specified\n");
		return EXIT_USAGE;
	}
	if (action == NULL) {
		/* polkit would send a NULL action id and fail in GDBus. */
		fprintf(stderr, "pkcheck: Action not specified\n");
		return EXIT_USAGE;
	}
	if (!dbus_validate_utf8(action, NULL) ||
	    (subj.kind == SUBJECT_BUS_NAME && !dbus_validate_bus_name(subj.bus_name, NULL))) {
		fprintf(stderr, "pkcheck: invalid action id or bus name\n");
		return EXIT_USAGE;
	}

	DBusError err;
	dbus_error_init(&err);
	DBusConnection *conn = dbus_bus_get_private(DBUS_BUS_SYSTEM, &err);
	if (conn == NULL) {
		fprintf(stderr, "Error getting authority: %s\n", err.message);
		dbus_error_free(&err);
		return EXIT_USAGE;
	}
	DBusMessage *call = check_call_new(&subj, action, details, ndetails,
				       allow_ui ? FLAG_ALLOW_USER_INTERACTION : 0);
	if (call == NULL) {
		fprintf(stderr, "pkcheck: out of memory\n");
		return EXIT_ERROR;
	}
	DBusMessage *reply = dbus_connection_send_with_reply_and_block(conn, call,
								       CALL_TIMEOUT_MS, &err);
	dbus_message_unref(call);
	int ret;
	if (reply == NULL) {
		/* GDBus renders a remote error as "GDBus.Error:NAME: MESSAGE". */
		fprintf(stderr, "Error checking for authorization %s: GDBus.Error:%s: %s\n", action,
			err.name, err.message);
		dbus_error_free(&err);
		ret = EXIT_ERROR;
		goto out;
	}
	DBusMessageIter it, st, det;
	if (!dbus_message_has_signature(reply, "(bba{ss})")) {
		fprintf(stderr, "Error checking for authorization %s: unexpected reply signature %s\n",
			action, dbus_message_get_signature(reply));
		ret = EXIT_ERROR;
		goto out_reply;
	}
	dbus_bool_t authorized, challenge;
	dbus_message_iter_init(reply, &it);
	dbus_message_iter_recurse(&it, &st);
	dbus_message_iter_get_basic(&st, &authorized);
	dbus_message_iter_next(&st);
	dbus_message_iter_get_basic(&st, &challenge);
	dbus_message_iter_next(&st);
	dbus_message_iter_recurse(&st, &det);
	int dismissed = 0;
	while (dbus_message_iter_get_arg_type(&det) == DBUS_TYPE_DICT_ENTRY) {
		DBusMessageIter e;
		const char *k, *v;
		dbus_message_iter_recurse(&det, &e);
		dbus_message_iter_get_basic(&e, &k);
		dbus_message_iter_next(&e);
		dbus_message_iter_get_basic(&e, &v);
		if (!strcmp(k, "polkit.dismissed"))
			dismissed = 1;
		print_escaped(k);
		putchar('=');
		print_escaped(v);
		putchar('\n');
		dbus_message_iter_next(&det);
	}
	if (authorized)
		ret = EXIT_AUTHORIZED;
	else if (challenge) {
		if (allow_ui)
			fprintf(stderr, "Authorization requires authentication but no agent is available.\n");
		else
			fprintf(stderr, "Authorization requires authentication and -u wasn't passed.\n");
		ret = EXIT_CHALLENGE;
	} else if (dismissed) {
		fprintf(stderr, "Authentication request was dismissed.\n");
		ret = EXIT_DISMISSED;
	} else {
		fprintf(stderr, "Not authorized.\n");
		ret = EXIT_NOT_AUTHORIZED;
	}
out_reply:
	dbus_message_unref(reply);
out:
	dbus_connection_close(conn);
	dbus_connection_unref(conn);
	return ret;
}
