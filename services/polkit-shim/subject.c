/* Subjects: unix-process (judged from /proc) and system-bus-name (judged
 * from what the bus driver says about the name's owner). */
#define _GNU_SOURCE
#include "subject.h"
#include "proc.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUS_TIMEOUT_MS 5000

void identity_free(struct identity *who)
{
	free(who->groups);
	who->groups = NULL;
	who->ngroups = 0;
}

void bus_creds_free(struct bus_creds *c)
{
	free(c->groups);
	c->groups = NULL;
	c->ngroups = 0;
}

/* Read the a{sv} credentials dictionary at IT into OUT. */
static void parse_creds(DBusMessageIter *it, struct bus_creds *out)
{
	DBusMessageIter dict;
	dbus_message_iter_recurse(it, &dict);
	while (dbus_message_iter_get_arg_type(&dict) == DBUS_TYPE_DICT_ENTRY) {
		DBusMessageIter entry, var;
		const char *key;
		dbus_message_iter_recurse(&dict, &entry);
		dbus_message_iter_get_basic(&entry, &key);
		dbus_message_iter_next(&entry);
		dbus_message_iter_recurse(&entry, &var);
		int t = dbus_message_iter_get_arg_type(&var);
		if (strcmp(key, "UnixUserID") == 0 && t == DBUS_TYPE_UINT32) {
			dbus_uint32_t v;
			dbus_message_iter_get_basic(&var, &v);
			out->uid = v;
			out->have_uid = 1;
		} else if (strcmp(key, "ProcessID") == 0 && t == DBUS_TYPE_UINT32) {
			dbus_uint32_t v;
			dbus_message_iter_get_basic(&var, &v);
			out->pid = (pid_t)v;
			out->have_pid = 1;
		} else if (strcmp(key, "UnixGroupIDs") == 0 && t == DBUS_TYPE_ARRAY &&
			   dbus_message_iter_get_element_type(&var) == DBUS_TYPE_UINT32) {
			DBusMessageIter arr;
			const dbus_uint32_t *vals;
			int n = 0;
			dbus_message_iter_recurse(&var, &arr);
			dbus_message_iter_get_fixed_array(&arr, &vals, &n);
			free(out->groups);
			out->groups = n ? malloc(n * sizeof *out->groups) : NULL;
			out->ngroups = out->groups ? n : 0;
			for (int i = 0; i < out->ngroups; i++)
				out->groups[i] = vals[i];
			out->have_groups = 1;
		}
		dbus_message_iter_next(&dict);
	}
}

int bus_creds_get(DBusConnection *conn, const char *name, struct bus_creds *out, DBusError *err)
{
	memset(out, 0, sizeof *out);
	DBusMessage *call = dbus_message_new_method_call(DBUS_SERVICE_DBUS, DBUS_PATH_DBUS,
							 DBUS_INTERFACE_DBUS,
							 "GetConnectionCredentials");
	if (call == NULL || !dbus_message_append_args(call, DBUS_TYPE_STRING, &name,
						      DBUS_TYPE_INVALID)) {
		if (call)
			dbus_message_unref(call);
		dbus_set_error(err, DBUS_ERROR_NO_MEMORY, "out of memory");
		return -1;
	}
	DBusError e;
	dbus_error_init(&e);
	DBusMessage *reply = dbus_connection_send_with_reply_and_block(conn, call, BUS_TIMEOUT_MS, &e);
	dbus_message_unref(call);
	if (reply == NULL) {
		dbus_set_error(err, POLKIT_ERROR_FAILED,
			       "Error getting credentials of bus name %s: %s: %s", name, e.name,
			       e.message);
		dbus_error_free(&e);
		return -1;
	}
	DBusMessageIter it;
	if (!dbus_message_has_signature(reply, "a{sv}") || !dbus_message_iter_init(reply, &it)) {
		dbus_message_unref(reply);
		dbus_set_error(err, POLKIT_ERROR_FAILED,
			       "Bus driver answered GetConnectionCredentials with an unexpected signature");
		return -1;
	}
	parse_creds(&it, out);
	dbus_message_unref(reply);
	return 0;
}

/* Subject details from the a{sv} of a unix-process subject. */
struct process_keys {
	int have_pid, have_start, have_uid;
	dbus_uint32_t pid;
	dbus_uint64_t start;
	dbus_int32_t uid;
};

/* Fill K from DICT; -1 with ERR set if a key has the wrong type. */
static int parse_process_keys(DBusMessageIter *dict, struct process_keys *k, DBusError *err)
{
	memset(k, 0, sizeof *k);
	k->uid = -1;
	while (dbus_message_iter_get_arg_type(dict) == DBUS_TYPE_DICT_ENTRY) {
		DBusMessageIter entry, var;
		const char *key;
		dbus_message_iter_recurse(dict, &entry);
		dbus_message_iter_get_basic(&entry, &key);
		dbus_message_iter_next(&entry);
		dbus_message_iter_recurse(&entry, &var);
		int t = dbus_message_iter_get_arg_type(&var);
		if (strcmp(key, "pid") == 0) {
			if (t != DBUS_TYPE_UINT32)
				goto bad;
			dbus_message_iter_get_basic(&var, &k->pid);
			k->have_pid = 1;
		} else if (strcmp(key, "start-time") == 0) {
			if (t != DBUS_TYPE_UINT64)
				goto bad;
			dbus_message_iter_get_basic(&var, &k->start);
			k->have_start = 1;
		} else if (strcmp(key, "uid") == 0) {
			if (t != DBUS_TYPE_INT32)
				goto bad;
			dbus_message_iter_get_basic(&var, &k->uid);
			k->have_uid = 1;
		}
		/* Other keys (e.g. newer polkit's pidfd) are ignored. */
		dbus_message_iter_next(dict);
		continue;
bad:
		dbus_set_error(err, DBUS_ERROR_INVALID_ARGS,
			       "unix-process subject key '%s' has the wrong type", key);
		return -1;
	}
	return 0;
}

static int resolve_process(DBusMessageIter *dict, struct identity *who, DBusError *err)
{
	struct process_keys k;
	if (parse_process_keys(dict, &k, err) != 0)
		return -1;
	if (!k.have_pid || k.pid == 0) {
		dbus_set_error(err, DBUS_ERROR_INVALID_ARGS,
			       "unix-process subject has no (nonzero) pid key of type uint32");
		return -1;
	}
	uint64_t start;
	int r = proc_start_time((pid_t)k.pid, &start);
	if (r == -ENOENT || r == -ESRCH) {
		dbus_set_error(err, POLKIT_ERROR_FAILED, "No process with PID %u", k.pid);
		return -1;
	}
	if (r != 0) {
		dbus_set_error(err, POLKIT_ERROR_FAILED, "Error reading /proc/%u/stat: %s", k.pid,
			       strerror(-r));
		return -1;
	}
	/* A start time that differs means the PID now names another process:
	 * judging the new one would be the classic polkit PID-reuse race. */
	if (k.have_start && k.start != 0 && k.start != start) {
		dbus_set_error(err, POLKIT_ERROR_FAILED,
			       "Process with PID %u has been replaced (start time %llu, not %llu)",
			       k.pid, (unsigned long long)start, (unsigned long long)k.start);
		return -1;
	}
	uid_t uid;
	r = proc_ids((pid_t)k.pid, &uid, &who->gid, &who->groups, &who->ngroups);
	if (r != 0) {
		dbus_set_error(err, POLKIT_ERROR_FAILED, "Error reading /proc/%u/status: %s", k.pid,
			       strerror(-r));
		return -1;
	}
	/* A uid the caller states wins (polkit's for_owner subjects); the
	 * caller check then holds the caller to it. */
	who->uid = (k.have_uid && k.uid != -1) ? (uid_t)k.uid : uid;
	return 0;
}

static int resolve_bus_name(DBusConnection *conn, DBusMessageIter *dict, struct identity *who,
			    DBusError *err)
{
	const char *name = NULL;
	while (dbus_message_iter_get_arg_type(dict) == DBUS_TYPE_DICT_ENTRY) {
		DBusMessageIter entry, var;
		const char *key;
		dbus_message_iter_recurse(dict, &entry);
		dbus_message_iter_get_basic(&entry, &key);
		dbus_message_iter_next(&entry);
		dbus_message_iter_recurse(&entry, &var);
		if (strcmp(key, "name") == 0) {
			if (dbus_message_iter_get_arg_type(&var) != DBUS_TYPE_STRING) {
				dbus_set_error(err, DBUS_ERROR_INVALID_ARGS,
					       "system-bus-name subject key 'name' is not a string");
				return -1;
			}
			dbus_message_iter_get_basic(&var, &name);
		}
		dbus_message_iter_next(dict);
	}
	if (name == NULL || !dbus_validate_bus_name(name, NULL)) {
		dbus_set_error(err, DBUS_ERROR_INVALID_ARGS,
			       "system-bus-name subject has no valid name key");
		return -1;
	}
	struct bus_creds c;
	if (bus_creds_get(conn, name, &c, err) != 0)
		return -1;
	if (!c.have_uid || !c.have_pid) {
		bus_creds_free(&c);
		dbus_set_error(err, POLKIT_ERROR_FAILED,
			       "Bus driver did not give the uid and pid of bus name %s", name);
		return -1;
	}
	/* The primary gid is not in the driver's answer; the owner's /proc
	 * entry has it. Groups are the driver's UnixGroupIDs when it gives
	 * them (taken when the connection authenticated), else the owner's
	 * kernel groups (the bus driver itself reports none). */
	uid_t puid;
	gid_t *pgroups;
	int npgroups;
	if (proc_ids(c.pid, &puid, &who->gid, &pgroups, &npgroups) != 0) {
		bus_creds_free(&c);
		dbus_set_error(err, POLKIT_ERROR_FAILED,
			       "Process %d owning bus name %s is gone", (int)c.pid, name);
		return -1;
	}
	who->uid = c.uid;
	if (c.have_groups) {
		free(pgroups);
		who->groups = c.groups;
		who->ngroups = c.ngroups;
	} else {
		bus_creds_free(&c);
		who->groups = pgroups;
		who->ngroups = npgroups;
	}
	return 0;
}

int subject_resolve(DBusConnection *conn, DBusMessageIter *iter, struct identity *who,
		    DBusError *err)
{
	DBusMessageIter st, dict;
	const char *kind;
	memset(who, 0, sizeof *who);
	/* The method signature was checked, so ITER is a (sa{sv}). */
	dbus_message_iter_recurse(iter, &st);
	dbus_message_iter_get_basic(&st, &kind);
	dbus_message_iter_next(&st);
	dbus_message_iter_recurse(&st, &dict);

	int r;
	if (strcmp(kind, "unix-process") == 0)
		r = resolve_process(&dict, who, err);
	else if (strcmp(kind, "system-bus-name") == 0)
		r = resolve_bus_name(conn, &dict, who, err);
	else {
		dbus_set_error(err, DBUS_ERROR_INVALID_ARGS, "Unsupported subject kind '%s'", kind);
		r = -1;
	}
	if (r != 0)
		identity_free(who);
	return r;
}
