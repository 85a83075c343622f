/* Turning a CheckAuthorization subject, or a caller, into kernel ids. */
#ifndef POLKIT_SHIM_SUBJECT_H
#define POLKIT_SHIM_SUBJECT_H

#include <dbus/dbus.h>
#include "rules.h"

#define POLKIT_ERROR_FAILED "org.freedesktop.PolicyKit1.Error.Failed"
#define POLKIT_ERROR_NOT_AUTHORIZED "org.freedesktop.PolicyKit1.Error.NotAuthorized"
#define POLKIT_ERROR_NOT_SUPPORTED "org.freedesktop.PolicyKit1.Error.NotSupported"

/* What the bus driver knows about a connection. */
struct bus_creds {
	int have_uid, have_pid, have_groups;
	uid_t uid;
	pid_t pid;
	gid_t *groups;
	int ngroups;
};

/* GetConnectionCredentials(NAME). 0, or -1 with ERR set. */
int bus_creds_get(DBusConnection *conn, const char *name, struct bus_creds *out, DBusError *err);
void bus_creds_free(struct bus_creds *c);

/* Parse the (sa{sv}) subject at ITER and resolve it into WHO.
 * 0, or -1 with ERR set to the D-Bus error to answer with. */
int subject_resolve(DBusConnection *conn, DBusMessageIter *iter, struct identity *who,
		    DBusError *err);
void identity_free(struct identity *who);

#endif
