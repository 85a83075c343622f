/* check_call.c: the CheckAuthorization message (check_call.h). */
#include "check_call.h"

static dbus_bool_t append_variant(DBusMessageIter *dict, const char *key, int type, const void *v)
{
	DBusMessageIter entry, var;
	char sig[2] = { (char)type, '\0' };
	return dbus_message_iter_open_container(dict, DBUS_TYPE_DICT_ENTRY, NULL, &entry) &&
	       dbus_message_iter_append_basic(&entry, DBUS_TYPE_STRING, &key) &&
	       dbus_message_iter_open_container(&entry, DBUS_TYPE_VARIANT, sig, &var) &&
	       dbus_message_iter_append_basic(&var, type, v) &&
	       dbus_message_iter_close_container(&entry, &var) &&
	       dbus_message_iter_close_container(dict, &entry);
}

DBusMessage *check_call_new(const struct subject *s, const char *action,
			    const char **details, int ndetails, dbus_uint32_t flags)
{
	DBusMessage *m = dbus_message_new_method_call(POLKIT_NAME, POLKIT_PATH, POLKIT_IFACE,
						      "CheckAuthorization");
	if (m == NULL)
		return NULL;
	DBusMessageIter it, st, dict, det, entry;
	const char *kind = s->kind == SUBJECT_PROCESS ? "unix-process" : "system-bus-name";
	const char *cancel = "";
	dbus_message_iter_init_append(m, &it);
	dbus_bool_t ok = dbus_message_iter_open_container(&it, DBUS_TYPE_STRUCT, NULL, &st) &&
		dbus_message_iter_append_basic(&st, DBUS_TYPE_STRING, &kind) &&
		dbus_message_iter_open_container(&st, DBUS_TYPE_ARRAY, "{sv}", &dict);
	if (ok && s->kind == SUBJECT_PROCESS)
		ok = append_variant(&dict, "pid", DBUS_TYPE_UINT32, &s->pid) &&
		     append_variant(&dict, "start-time", DBUS_TYPE_UINT64, &s->start_time) &&
		     append_variant(&dict, "uid", DBUS_TYPE_INT32, &s->uid);
	else if (ok)
		ok = append_variant(&dict, "name", DBUS_TYPE_STRING, &s->bus_name);
	ok = ok && dbus_message_iter_close_container(&st, &dict) &&
	     dbus_message_iter_close_container(&it, &st) &&
	     dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &action) &&
	     dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "{ss}", &det);
	for (int i = 0; ok && i < ndetails; i++)
		ok = dbus_message_iter_open_container(&det, DBUS_TYPE_DICT_ENTRY, NULL, &entry) &&
		     dbus_message_iter_append_basic(&entry, DBUS_TYPE_STRING, &details[2 * i]) &&
		     dbus_message_iter_append_basic(&entry, DBUS_TYPE_STRING, &details[2 * i + 1]) &&
		     dbus_message_iter_close_container(&det, &entry);
	ok = ok && dbus_message_iter_close_container(&it, &det) &&
	     dbus_message_iter_append_basic(&it, DBUS_TYPE_UINT32, &flags) &&
	     dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &cancel);
	if (!ok) {
		dbus_message_unref(m);
		return NULL;
	}
	return m;
}
