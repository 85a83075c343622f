/* The org.freedesktop.PolicyKit1.Authority object. */
#ifndef POLKIT_SHIM_AUTHORITY_H
#define POLKIT_SHIM_AUTHORITY_H

#include <dbus/dbus.h>

#define AUTHORITY_PATH "/org/freedesktop/PolicyKit1/Authority"
#define AUTHORITY_IFACE "org.freedesktop.PolicyKit1.Authority"

/* Register the object on CONN. 0 or -1. */
int authority_register(DBusConnection *conn);

#endif
