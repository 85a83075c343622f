#!/bin/sh
# The dbus-tcp scenario's check, run by init as root: the system bus
# listens on TCP (tcp.conf); once the host's dbus-monitor has connected
# through the forwarded port, as messagebus by DBUS_COOKIE_SHA1, and become
# a monitor (the host says so on GO_PORT), pkcheck asks
# polkit-shim a few questions for it to see, and the signal
# org.cub.DbusTcp.Done says it is over.
. /etc/cub/lib.sh
. /etc/cub/checks/polkit.sh

PORT=55557
# The host connects to this port once its dbus-monitor prints, i.e. has
# become a monitor (a monitor has no name on the bus to look for), and
# sends "go".
GO_PORT=55558

# The bus's DBUS_COOKIE_SHA1 keyring: one key, the secret the host put on
# the command line (cub.cookie=HEX), which its dbus-monitor, as uid 100
# too, holds in its own.  dbus-daemon accepts DBUS_COOKIE_SHA1 only for its
# own uid and reads the keyring as messagebus from $HOME, which init set to
# root's, /root: so /root/.dbus-keyrings is messagebus's, private, and
# /root passable.
write_keyring() {
	cookie=$(cmdline_arg cub.cookie)
	ring=/root/.dbus-keyrings
	chmod 0711 /root &&
		mkdir -p "$ring" &&
		printf '1 %s %s\n' "$(busybox date +%s)" "$cookie" >"$ring/org_freedesktop_general" &&
		chmod 0700 "$ring" &&
		chmod 0600 "$ring/org_freedesktop_general" &&
		busybox chown -R 100:101 "$ring"
	expect "the bus's keyring holds the host's secret" "1" \
		"$(grep -c " $cookie\$" "$ring/org_freedesktop_general" 2>&1)"
}

if ! { wait_for_bus && wait_for_name org.freedesktop.PolicyKit1; }; then
	finish dbus-tcp
fi

daemon=$(service_pid dbus)
expect "dbus-daemon runs as messagebus" "Uid:${tab}100${tab}100${tab}100${tab}100" "$(status_line "$daemon" Uid)"
write_keyring
echo "dbus-tcp: bus listening on tcp port $PORT"

expect "the host's monitor is running (its go)" "go" \
	"$(busybox timeout 60 busybox nc -l -p $GO_PORT </dev/null 2>&1)"

check_own_process_answers

# The marker the host wants in its monitor's transcript; then give the
# monitor time to print it.
dbus-send --system --type=signal /org/cub/DbusTcp org.cub.DbusTcp.Done
sleep 2
finish dbus-tcp
