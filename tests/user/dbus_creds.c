/* dbus_creds: what the system bus knows about this client.
 *
 * Connects to the system bus and asks the bus driver's
 * GetConnectionCredentials about its own unique name, then prints
 *   bus: uid=UID groups=G1,G2,...       (in the order the bus gives them)
 *   kernel: uid=UID groups=G1,G2,...    (getuid; getgroups and getegid)
 *   pid: bus=PID self=PID               (ProcessID and getpid)  dbus-daemon reads them
 * from the kernel at connect time (SO_PEERCRED, SO_PEERGROUPS), so the
 * dbus-system scenario compares them with the client's real ids: a client
 * that called setgroups before connecting must be reported with its new
 * groups, not with what /etc/group says.  The kernel line is what the bus
 * should say: dbus-daemon adds the peer's primary (effective) gid when
 * SO_PEERGROUPS lacks it and sorts the list, so it is getgroups() plus
 * getegid(), sorted.
 */
#include <dbus/dbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fail(const char *what, DBusError *err)
{
	fprintf(stderr, "dbus_creds: %s: %s: %s\n", what,
		err && dbus_error_is_set(err) ? err->name : "error",
		err && dbus_error_is_set(err) ? err->message : "out of memory");
	return 1;
}

/* Prints one a{sv} entry's value if it is one we report. */
static void print_entry(DBusMessageIter *entry, unsigned *uid, unsigned *pid,
			char *groups, size_t size)
{
	const char *key;
	DBusMessageIter var, arr;
	dbus_message_iter_get_basic(entry, &key);
	dbus_message_iter_next(entry);
	dbus_message_iter_recurse(entry, &var);
	if (strcmp(key, "UnixUserID") == 0 && dbus_message_iter_get_arg_type(&var) == DBUS_TYPE_UINT32)
		dbus_message_iter_get_basic(&var, uid);
	else if (strcmp(key, "ProcessID") == 0 && dbus_message_iter_get_arg_type(&var) == DBUS_TYPE_UINT32)
		dbus_message_iter_get_basic(&var, pid);
	else if (strcmp(key, "UnixGroupIDs") == 0 && dbus_message_iter_get_arg_type(&var) == DBUS_TYPE_ARRAY) {
		size_t used = 0;
		dbus_message_iter_recurse(&var, &arr);
		while (dbus_message_iter_get_arg_type(&arr) == DBUS_TYPE_UINT32) {
			dbus_uint32_t g;
			dbus_message_iter_get_basic(&arr, &g);
			used += (size_t)snprintf(groups + used, used < size ? size - used : 0,
						 "%s%u", used ? "," : "", g);
			dbus_message_iter_next(&arr);
		}
	}
}

static int cmp_gid(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;
	return x < y ? -1 : x > y;
}

int main(void)
{
	DBusError err;
	dbus_error_init(&err);
	DBusConnection *c = dbus_bus_get(DBUS_BUS_SYSTEM, &err);
	if (!c)
		return fail("connect", &err);
	const char *me = dbus_bus_get_unique_name(c);
	DBusMessage *m = dbus_message_new_method_call(DBUS_SERVICE_DBUS, DBUS_PATH_DBUS,
						      DBUS_INTERFACE_DBUS, "GetConnectionCredentials");
	if (!m || !dbus_message_append_args(m, DBUS_TYPE_STRING, &me, DBUS_TYPE_INVALID))
		return fail("message", NULL);
	DBusMessage *r = dbus_connection_send_with_reply_and_block(c, m, 10000, &err);
	if (!r)
		return fail("GetConnectionCredentials", &err);

	unsigned uid = (unsigned)-1, pid = 0;
	char groups[1024] = "";
	DBusMessageIter it, dict, entry;
	dbus_message_iter_init(r, &it);
	if (dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_ARRAY) {
		fprintf(stderr, "dbus_creds: reply is not a{sv}\n");
		return 1;
	}
	dbus_message_iter_recurse(&it, &dict);
	while (dbus_message_iter_get_arg_type(&dict) == DBUS_TYPE_DICT_ENTRY) {
		dbus_message_iter_recurse(&dict, &entry);
		print_entry(&entry, &uid, &pid, groups, sizeof(groups));
		dbus_message_iter_next(&dict);
	}
	printf("bus: uid=%u groups=%s\n", uid, groups);

	gid_t mine[257];
	int n = getgroups(256, mine);
	int have_egid = 0;
	for (int i = 0; i < n; i++)
		have_egid |= mine[i] == getegid();
	if (n >= 0 && !have_egid)
		mine[n++] = getegid();
	qsort(mine, n > 0 ? (size_t)n : 0, sizeof(mine[0]), cmp_gid);
	size_t used = 0;
	char kernel[1024] = "";
	for (int i = 0; i < n; i++)
		used += (size_t)snprintf(kernel + used, used < sizeof(kernel) ? sizeof(kernel) - used : 0,
					 "%s%u", i ? "," : "", (unsigned)mine[i]);
	printf("kernel: uid=%u groups=%s\n", (unsigned)getuid(), kernel);
	printf("pid: bus=%u self=%d\n", pid, (int)getpid());
	dbus_message_unref(r);
	dbus_message_unref(m);
	return 0;
}
