#!/bin/sh
# The dbus-system scenario's check, run by init as root.
. /etc/cub/lib.sh
. /etc/cub/checks/dbus-system.sh

wait_for_bus && check_dbus_system
finish dbus-system
