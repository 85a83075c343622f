/* host_badcalls: CheckAuthorization calls with malformed subjects, which
 * dbus-send cannot build (it has no struct syntax). Used by host_test.sh;
 * prints "CASE ERROR_NAME" per call, or "CASE REPLY" if one succeeded. */
#include <dbus/dbus.h>
#include <stdio.h>
#include <string.h>

static void call(DBusConnection *c, const char *label, const char *kind, const char *key,
		 int type, const void *val)
{
	DBusMessage *m = dbus_message_new_method_call("org.freedesktop.PolicyKit1",
		"/org/freedesktop/PolicyKit1/Authority", "org.freedesktop.PolicyKit1.Authority",
		"CheckAuthorization");
	DBusMessageIter it, st, dict, entry, var, det;
	const char *action = "org.cub.open", *cancel = "";
	dbus_uint32_t flags = 0;
	char sig[2] = { (char)type, 0 };
	dbus_message_iter_init_append(m, &it);
	dbus_message_iter_open_container(&it, DBUS_TYPE_STRUCT, NULL, &st);
	dbus_message_iter_append_basic(&st, DBUS_TYPE_STRING, &kind);
	dbus_message_iter_open_container(&st, DBUS_TYPE_ARRAY, "{sv}", &dict);
	if (key) {
		dbus_message_iter_open_container(&dict, DBUS_TYPE_DICT_ENTRY, NULL, &entry);
		dbus_message_iter_append_basic(&entry, DBUS_TYPE_STRING, &key);
		dbus_message_iter_open_container(&entry, DBUS_TYPE_VARIANT, sig, &var);
		dbus_message_iter_append_basic(&var, type, val);
		dbus_message_iter_close_container(&entry, &var);
		dbus_message_iter_close_container(&dict, &entry);
	}
	dbus_message_iter_close_container(&st, &dict);
	dbus_message_iter_close_container(&it, &st);
	dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &action);
	dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "{ss}", &det);
	dbus_message_iter_close_container(&it, &det);
	dbus_message_iter_append_basic(&it, DBUS_TYPE_UINT32, &flags);
	dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &cancel);
	DBusError e;
	dbus_error_init(&e);
	DBusMessage *r = dbus_connection_send_with_reply_and_block(c, m, 5000, &e);
	dbus_message_unref(m);
	if (r) {
		printf("%s REPLY\n", label);
		dbus_message_unref(r);
	} else {
		printf("%s %s\n", label, e.name);
		dbus_error_free(&e);
	}
}

int main(void)
{
	DBusError e;
	dbus_error_init(&e);
	DBusConnection *c = dbus_bus_get(DBUS_BUS_SYSTEM, &e);
	if (!c) {
		fprintf(stderr, "host_badcalls: %s\n", e.message);
		return 1;
	}
	dbus_uint32_t zero = 0;
	const char *s = "x";
	dbus_int32_t i = 1;
	call(c, "unknown-kind", "unix-session", "session-id", DBUS_TYPE_STRING, &s);
	call(c, "missing-pid", "unix-process", NULL, 0, NULL);
	call(c, "pid-zero", "unix-process", "pid", DBUS_TYPE_UINT32, &zero);
	call(c, "pid-wrong-type", "unix-process", "pid", DBUS_TYPE_STRING, &s);
	call(c, "uid-wrong-type", "unix-process", "uid", DBUS_TYPE_UINT32, &zero);
	call(c, "busname-missing", "system-bus-name", NULL, 0, NULL);
	call(c, "busname-int", "system-bus-name", "name", DBUS_TYPE_INT32, &i);
	call(c, "busname-bad", "system-bus-name", "name", DBUS_TYPE_STRING, &s);
	return 0;
}
