/* The CheckAuthorization call that pkcheck and bench_dbus send: one
 * builder for both, so the benchmark times the message pkcheck sends. */
#ifndef POLKIT_SHIM_CHECK_CALL_H
#define POLKIT_SHIM_CHECK_CALL_H

#include <dbus/dbus.h>

#define POLKIT_NAME "org.freedesktop.PolicyKit1"
#define POLKIT_PATH "/org/freedesktop/PolicyKit1/Authority"
#define POLKIT_IFACE "org.freedesktop.PolicyKit1.Authority"

enum subject_kind { SUBJECT_NONE, SUBJECT_PROCESS, SUBJECT_BUS_NAME };

struct subject {
	enum subject_kind kind;
	dbus_uint32_t pid;        /* SUBJECT_PROCESS */
	dbus_uint64_t start_time;
	dbus_int32_t uid;         /* -1: unknown */
	const char *bus_name;     /* SUBJECT_BUS_NAME */
};

/* CheckAuthorization(subject, action, details (ndetails key/value
 * pairs), flags, cancellation id ""); NULL when out of memory. */
DBusMessage *check_call_new(const struct subject *s, const char *action,
			    const char **details, int ndetails, dbus_uint32_t flags);

#endif
