#!/bin/sh
# The dbus-monitor scenario's check, run by init as root.  With the
# argument "print", it also prints the normalized transcript (how
# `expected` is made: see docs/desktop.md).
. /etc/cub/lib.sh
. /etc/cub/checks/polkit.sh
. /etc/cub/checks/dbus-monitor.sh

wait_for_bus && wait_for_name org.freedesktop.PolicyKit1 && check_dbus_monitor
if [ "${1:-}" = print ] || [ "$failures" -ne 0 ]; then
	echo "--- normalized transcript"
	cat "$NORMALIZED"
	echo "---"
fi
finish dbus-monitor
