#!/bin/sh
# The desktop demo's check, run by init as root: the checks of all three
# desktop scenarios, then root's dbus-monitor transcript of the polkit
# calls and a summary.
. /etc/cub/lib.sh
. /etc/cub/checks/dbus-system.sh
. /etc/cub/checks/polkit.sh
. /etc/cub/checks/dbus-monitor.sh

summary=
# section NAME WHAT CHECK_FUNCTION: runs one scenario's checks and adds
# its line to the summary.
section() {
	echo
	echo "=== $1: $2"
	c0=$checks
	f0=$failures
	$3
	summary="$summary$(printf '  %-13s %3d checks, %d failed   %s' "$1" \
		$((checks - c0)) $((failures - f0)) "$2")
"
}

echo "=== cub desktop demo: Debian's dbus-daemon, polkit-shim and dbus-monitor on cub"
if wait_for_bus && wait_for_name org.freedesktop.PolicyKit1; then
	section dbus-system "dbus-daemon as messagebus; client credentials from the kernel" check_dbus_system
	section polkit "polkit-shim as polkitd; pkcheck decided on kernel groups" check_polkit
	section dbus-monitor "root's dbus-monitor transcript equals Linux's; alice refused" check_dbus_monitor
fi
echo
echo "=== root's dbus-monitor --system, normalized (serials, names, times, pids)"
cat "$NORMALIZED" 2>/dev/null
echo
echo "=== summary"
printf '%s' "$summary"
finish desktop
