/* Method handlers for /org/freedesktop/PolicyKit1/Authority. Every path
 * answers the call: a reply or a D-Bus error, never silence. */
#define _GNU_SOURCE
#include "authority.h"
#include "rules.h"
#include "subject.h"

#include <stdio.h>
#include <string.h>

#define BACKEND_NAME "polkit-shim"
#define BACKEND_VERSION "0.1"
/* PolkitAuthorityFeatures: bit 0 is temporary authorization, which an
 * agentless authority cannot offer. */
#define BACKEND_FEATURES 0u

static const char introspect_xml[] =
	DBUS_INTROSPECT_1_0_XML_DOCTYPE_DECL_NODE
	"<node>\n"
	"  <interface name=\"" DBUS_INTERFACE_INTROSPECTABLE "\">\n"
	"    <method name=\"Introspect\"><arg name=\"xml\" type=\"s\" direction=\"out\"/></method>\n"
	"  </interface>\n"
	"  <interface name=\"" DBUS_INTERFACE_PROPERTIES "\">\n"
	"    <method name=\"Get\"><arg name=\"interface\" type=\"s\" direction=\"in\"/>"
	"<arg name=\"property\" type=\"s\" direction=\"in\"/><arg name=\"value\" type=\"v\" direction=\"out\"/></method>\n"
	"    <method name=\"GetAll\"><arg name=\"interface\" type=\"s\" direction=\"in\"/>"
	"<arg name=\"properties\" type=\"a{sv}\" direction=\"out\"/></method>\n"
	"    <method name=\"Set\"><arg name=\"interface\" type=\"s\" direction=\"in\"/>"
	"<arg name=\"property\" type=\"s\" direction=\"in\"/><arg name=\"value\" type=\"v\" direction=\"in\"/></method>\n"
	"  </interface>\n"
	"  <interface name=\"" AUTHORITY_IFACE "\">\n"
	"    <method name=\"EnumerateActions\"><arg name=\"locale\" type=\"s\" direction=\"in\"/>"
	"<arg name=\"action_descriptions\" type=\"a(ssssssuuua{ss})\" direction=\"out\"/></method>\n"
	"    <method name=\"CheckAuthorization\"><arg name=\"subject\" type=\"(sa{sv})\" direction=\"in\"/>"
	"<arg name=\"action_id\" type=\"s\" direction=\"in\"/><arg name=\"details\" type=\"a{ss}\" direction=\"in\"/>"
	"<arg name=\"flags\" type=\"u\" direction=\"in\"/><arg name=\"cancellation_id\" type=\"s\" direction=\"in\"/>"
	"<arg name=\"result\" type=\"(bba{ss})\" direction=\"out\"/></method>\n"
	"    <method name=\"CancelCheckAuthorization\"><arg name=\"cancellation_id\" type=\"s\" direction=\"in\"/></method>\n"
	"    <property name=\"BackendName\" type=\"s\" access=\"read\"/>\n"
	"    <property name=\"BackendVersion\" type=\"s\" access=\"read\"/>\n"
	"    <property name=\"BackendFeatures\" type=\"u\" access=\"read\"/>\n"
	"  </interface>\n"
	"</node>\n";

/* Send REPLY (or, if allocation failed, nothing can be done) and drop it. */
static void send_reply(DBusConnection *conn, DBusMessage *reply)
{
	if (reply == NULL)
		return;
	dbus_connection_send(conn, reply, NULL);
	dbus_message_unref(reply);
}

/* An error text cut by snprintf may end inside a UTF-8 sequence, which
 * libdbus refuses to send: drop the partial character. */
static void trim_utf8(char *text)
{
	size_t n = strlen(text);
	while (n > 0 && !dbus_validate_utf8(text, NULL))
		text[--n] = '\0';
}

static void send_error(DBusConnection *conn, DBusMessage *msg, const char *name,
		       const char *fmt, const char *arg)
{
	char text[512];
	snprintf(text, sizeof text, fmt, arg);
	trim_utf8(text);
	send_reply(conn, dbus_message_new_error(msg, name, text));
}

static void send_dbus_error(DBusConnection *conn, DBusMessage *msg, const DBusError *e)
{
	send_reply(conn, dbus_message_new_error(msg, e->name, e->message));
}

/* Append an empty a{ss} to IT. */
static dbus_bool_t append_empty_details(DBusMessageIter *it)
{
	DBusMessageIter arr;
	return dbus_message_iter_open_container(it, DBUS_TYPE_ARRAY,
						DBUS_DICT_ENTRY_BEGIN_CHAR_AS_STRING
						DBUS_TYPE_STRING_AS_STRING DBUS_TYPE_STRING_AS_STRING
						DBUS_DICT_ENTRY_END_CHAR_AS_STRING, &arr) &&
	       dbus_message_iter_close_container(it, &arr);
}

static void check_authorization(DBusConnection *conn, DBusMessage *msg)
{
	if (!dbus_message_has_signature(msg, "(sa{sv})sa{ss}us")) {
		send_error(conn, msg, DBUS_ERROR_INVALID_ARGS,
			   "CheckAuthorization takes (sa{sv})sa{ss}us, not %s",
			   dbus_message_get_signature(msg));
		return;
	}
	DBusMessageIter it;
	const char *action_id;
	dbus_message_iter_init(msg, &it);
	DBusMessageIter subject_it = it;
	dbus_message_iter_next(&it);
	dbus_message_iter_get_basic(&it, &action_id);
	/* details, flags and cancellation_id are accepted and unused: with no
	 * agent, interaction is never possible and every check ends at once. */

	DBusError err;
	dbus_error_init(&err);
	struct identity who;
	if (subject_resolve(conn, &subject_it, &who, &err) != 0) {
		send_dbus_error(conn, msg, &err);
		dbus_error_free(&err);
		return;
	}

	/* The caller, as the bus saw it connect: polkit lets only root ask
	 * about subjects other than the caller's own user. */
	struct bus_creds caller = { 0 };
	const char *sender = dbus_message_get_sender(msg);
	if (sender == NULL || bus_creds_get(conn, sender, &caller, &err) != 0 || !caller.have_uid) {
		if (!dbus_error_is_set(&err)) {
			bus_creds_free(&caller);
			dbus_set_error(&err, POLKIT_ERROR_FAILED, "Cannot determine the caller's uid");
		}
		send_dbus_error(conn, msg, &err);
		dbus_error_free(&err);
		identity_free(&who);
		return;
	}
	bus_creds_free(&caller);
	if (caller.uid != 0 && caller.uid != who.uid) {
		identity_free(&who);
		send_error(conn, msg, POLKIT_ERROR_NOT_AUTHORIZED, "%s",
			   "Only trusted callers (e.g. uid 0 or an action owner) can use "
			   "CheckAuthorization() for subjects belonging to other identities");
		return;
	}

	const struct action *action = rules_find_action(action_id);
	if (action == NULL) {
		identity_free(&who);
		send_error(conn, msg, POLKIT_ERROR_FAILED, "Action %s is not registered", action_id);
		return;
	}

	enum verdict v = who.uid == 0 ? V_YES : rules_decide(action, &who);
	identity_free(&who);
	dbus_bool_t authorized = v == V_YES;
	/* auth_self and auth_admin would need an agent: report a challenge. */
	dbus_bool_t challenge = v == V_AUTH_ADMIN || v == V_AUTH_SELF;

	DBusMessage *reply = dbus_message_new_method_return(msg);
	DBusMessageIter rit, st;
	if (reply == NULL)
		return;
	dbus_message_iter_init_append(reply, &rit);
	if (!dbus_message_iter_open_container(&rit, DBUS_TYPE_STRUCT, NULL, &st) ||
	    !dbus_message_iter_append_basic(&st, DBUS_TYPE_BOOLEAN, &authorized) ||
	    !dbus_message_iter_append_basic(&st, DBUS_TYPE_BOOLEAN, &challenge) ||
	    !append_empty_details(&st) || !dbus_message_iter_close_container(&rit, &st)) {
		dbus_message_unref(reply);
		send_error(conn, msg, DBUS_ERROR_NO_MEMORY, "%s", "out of memory");
		return;
	}
	send_reply(conn, reply);
}

static dbus_bool_t append_action(DBusMessageIter *arr, const struct action *a)
{
	static const char empty[] = "";
	static const char vendor[] = "cub";
	const char *empty_p = empty, *vendor_p = vendor;
	dbus_uint32_t implicit = verdict_implicit(a->def);
	DBusMessageIter st;
	/* description and message are both the rules file's text. */
	return dbus_message_iter_open_container(arr, DBUS_TYPE_STRUCT, NULL, &st) &&
	       dbus_message_iter_append_basic(&st, DBUS_TYPE_STRING, &a->id) &&
	       dbus_message_iter_append_basic(&st, DBUS_TYPE_STRING, &a->description) &&
	       dbus_message_iter_append_basic(&st, DBUS_TYPE_STRING, &a->description) &&
	       dbus_message_iter_append_basic(&st, DBUS_TYPE_STRING, &vendor_p) &&
	       dbus_message_iter_append_basic(&st, DBUS_TYPE_STRING, &empty_p) &&
	       dbus_message_iter_append_basic(&st, DBUS_TYPE_STRING, &empty_p) &&
	       dbus_message_iter_append_basic(&st, DBUS_TYPE_UINT32, &implicit) &&
	       dbus_message_iter_append_basic(&st, DBUS_TYPE_UINT32, &implicit) &&
	       dbus_message_iter_append_basic(&st, DBUS_TYPE_UINT32, &implicit) &&
	       append_empty_details(&st) && dbus_message_iter_close_container(arr, &st);
}

static void enumerate_actions(DBusConnection *conn, DBusMessage *msg)
{
	if (!dbus_message_has_signature(msg, DBUS_TYPE_STRING_AS_STRING)) {
		send_error(conn, msg, DBUS_ERROR_INVALID_ARGS,
			   "EnumerateActions takes s, not %s", dbus_message_get_signature(msg));
		return;
	}
	DBusMessage *reply = dbus_message_new_method_return(msg);
	if (reply == NULL)
		return;
	DBusMessageIter it, arr;
	dbus_message_iter_init_append(reply, &it);
	dbus_bool_t ok = dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY,
							  "(ssssssuuua{ss})", &arr);
	/* (The element signature is spelled out once, here, as polkit's.) */
	for (int i = 0; ok && i < rules_action_count(); i++)
		ok = append_action(&arr, rules_action_at(i));
	if (!ok || !dbus_message_iter_close_container(&it, &arr)) {
		dbus_message_unref(reply);
		send_error(conn, msg, DBUS_ERROR_NO_MEMORY, "%s", "out of memory");
		return;
	}
	send_reply(conn, reply);
}

static void cancel_check(DBusConnection *conn, DBusMessage *msg)
{
	const char *id;
	if (!dbus_message_has_signature(msg, DBUS_TYPE_STRING_AS_STRING)) {
		send_error(conn, msg, DBUS_ERROR_INVALID_ARGS,
			   "CancelCheckAuthorization takes s, not %s",
			   dbus_message_get_signature(msg));
		return;
	}
	dbus_message_get_args(msg, NULL, DBUS_TYPE_STRING, &id, DBUS_TYPE_INVALID);
	/* Checks are answered before the next message is read, so no check is
	 * ever pending and every id is unknown (polkit's wording). */
	char text[512];
	snprintf(text, sizeof text, "No such cancellation_id `%s' for name %s", id,
		 dbus_message_get_sender(msg) ? dbus_message_get_sender(msg) : "(unknown)");
	trim_utf8(text);
	send_reply(conn, dbus_message_new_error(msg, POLKIT_ERROR_FAILED, text));
}

static const char *const property_names[] = { "BackendName", "BackendVersion",
					      "BackendFeatures" };
#define NPROPS (sizeof property_names / sizeof property_names[0])

static int is_property(const char *name)
{
	for (size_t i = 0; i < NPROPS; i++)
		if (strcmp(name, property_names[i]) == 0)
			return 1;
	return 0;
}

/* Append known property NAME's value to IT as a variant. */
static dbus_bool_t append_property(DBusMessageIter *it, const char *name)
{
	static const char backend_name[] = BACKEND_NAME, backend_version[] = BACKEND_VERSION;
	const char *s = NULL;
	dbus_uint32_t u = BACKEND_FEATURES;
	DBusMessageIter var;
	if (strcmp(name, "BackendName") == 0)
		s = backend_name;
	else if (strcmp(name, "BackendVersion") == 0)
		s = backend_version;
	if (s != NULL)
		return dbus_message_iter_open_container(it, DBUS_TYPE_VARIANT,
							DBUS_TYPE_STRING_AS_STRING, &var) &&
		       dbus_message_iter_append_basic(&var, DBUS_TYPE_STRING, &s) &&
		       dbus_message_iter_close_container(it, &var);
	return dbus_message_iter_open_container(it, DBUS_TYPE_VARIANT, DBUS_TYPE_UINT32_AS_STRING,
						&var) &&
	       dbus_message_iter_append_basic(&var, DBUS_TYPE_UINT32, &u) &&
	       dbus_message_iter_close_container(it, &var);
}

static void properties(DBusConnection *conn, DBusMessage *msg, const char *member)
{
	const char *iface = NULL, *prop = NULL;
	DBusMessageIter it;
	const char *want_sig = strcmp(member, "Get") == 0 ? "ss" :
			       strcmp(member, "GetAll") == 0 ? "s" :
			       strcmp(member, "Set") == 0 ? "ssv" : NULL;
	if (want_sig == NULL) {
		send_error(conn, msg, DBUS_ERROR_UNKNOWN_METHOD,
			   "No method %s on org.freedesktop.DBus.Properties", member);
		return;
	}
	if (!dbus_message_has_signature(msg, want_sig)) {
		send_error(conn, msg, DBUS_ERROR_INVALID_ARGS, "Wrong arguments (%s)",
			   dbus_message_get_signature(msg));
		return;
	}
	dbus_message_iter_init(msg, &it);
	dbus_message_iter_get_basic(&it, &iface);
	if (dbus_message_iter_next(&it))
		dbus_message_iter_get_basic(&it, &prop);
	if (strcmp(iface, AUTHORITY_IFACE) != 0) {
		send_error(conn, msg, DBUS_ERROR_INVALID_ARGS, "No interface %s on this object",
			   iface);
		return;
	}
	if (strcmp(member, "Set") == 0) {
		send_error(conn, msg, DBUS_ERROR_PROPERTY_READ_ONLY, "Property %s is read-only",
			   prop);
		return;
	}

	if (prop != NULL && !is_property(prop)) {
		send_error(conn, msg, DBUS_ERROR_UNKNOWN_PROPERTY, "No property %s", prop);
		return;
	}

	DBusMessage *reply = dbus_message_new_method_return(msg);
	if (reply == NULL)
		return;
	DBusMessageIter rit, arr, entry;
	dbus_message_iter_init_append(reply, &rit);
	dbus_bool_t ok;
	if (prop != NULL) {
		ok = append_property(&rit, prop);
	} else {
		ok = dbus_message_iter_open_container(&rit, DBUS_TYPE_ARRAY,
						      DBUS_DICT_ENTRY_BEGIN_CHAR_AS_STRING
						      DBUS_TYPE_STRING_AS_STRING
						      DBUS_TYPE_VARIANT_AS_STRING
						      DBUS_DICT_ENTRY_END_CHAR_AS_STRING, &arr);
		for (size_t i = 0; ok && i < NPROPS; i++)
			ok = dbus_message_iter_open_container(&arr, DBUS_TYPE_DICT_ENTRY, NULL,
							      &entry) &&
			     dbus_message_iter_append_basic(&entry, DBUS_TYPE_STRING,
							    &property_names[i]) &&
			     append_property(&entry, property_names[i]) &&
			     dbus_message_iter_close_container(&arr, &entry);
		ok = ok && dbus_message_iter_close_container(&rit, &arr);
	}
	if (!ok) {
		/* Only allocation fails here; the half-built reply is dropped. */
		dbus_message_unref(reply);
		send_error(conn, msg, DBUS_ERROR_NO_MEMORY, "%s", "out of memory");
		return;
	}
	send_reply(conn, reply);
}

static DBusHandlerResult handle(DBusConnection *conn, DBusMessage *msg, void *data)
{
	(void)data;
	if (dbus_message_get_type(msg) != DBUS_MESSAGE_TYPE_METHOD_CALL)
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	const char *iface = dbus_message_get_interface(msg);
	const char *member = dbus_message_get_member(msg);

	/* A call without an interface is matched by member name alone, as
	 * the D-Bus spec allows. */
	if ((iface == NULL || strcmp(iface, AUTHORITY_IFACE) == 0) &&
	    strcmp(member, "CheckAuthorization") == 0)
		check_authorization(conn, msg);
	else if ((iface == NULL || strcmp(iface, AUTHORITY_IFACE) == 0) &&
		 strcmp(member, "EnumerateActions") == 0)
		enumerate_actions(conn, msg);
	else if ((iface == NULL || strcmp(iface, AUTHORITY_IFACE) == 0) &&
		 strcmp(member, "CancelCheckAuthorization") == 0)
		cancel_check(conn, msg);
	else if (iface != NULL && strcmp(iface, DBUS_INTERFACE_PROPERTIES) == 0)
		properties(conn, msg, member);
	else if ((iface == NULL || strcmp(iface, DBUS_INTERFACE_INTROSPECTABLE) == 0) &&
		 strcmp(member, "Introspect") == 0) {
		const char *xml = introspect_xml;
		DBusMessage *reply = dbus_message_new_method_return(msg);
		if (reply && !dbus_message_append_args(reply, DBUS_TYPE_STRING, &xml,
						       DBUS_TYPE_INVALID)) {
			dbus_message_unref(reply);
			reply = NULL;
		}
		send_reply(conn, reply);
	} else {
		/* Agent registration, temporary authorizations and the rest of
		 * polkit's interface are not offered: there is no agent. */
		char text[512];
		snprintf(text, sizeof text, "No method %s on interface %s", member,
			 iface ? iface : "(none)");
		trim_utf8(text);
		send_reply(conn, dbus_message_new_error(msg, DBUS_ERROR_UNKNOWN_METHOD, text));
	}
	return DBUS_HANDLER_RESULT_HANDLED;
}

int authority_register(DBusConnection *conn)
{
	static const DBusObjectPathVTable vtable = { .message_function = handle };
	return dbus_connection_register_object_path(conn, AUTHORITY_PATH, &vtable, NULL) ? 0 : -1;
}
