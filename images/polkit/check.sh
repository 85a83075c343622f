#!/bin/sh
# The polkit scenario's check, run by init as root.
. /etc/cub/lib.sh
. /etc/cub/checks/polkit.sh

wait_for_bus && wait_for_name org.freedesktop.PolicyKit1 && check_polkit
finish polkit
