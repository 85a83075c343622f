# The dbus-system checks (sourced; see lib.sh): dbus-daemon as the system
# bus, its privilege drop, and the credentials it reports for clients.
# Needs the service "dbus" of the table and a bus that answers.

# What GetConnectionCredentials says of a client: dbus_creds prints it for
# itself together with what the kernel says (getuid, getgroups plus the
# primary gid, which dbus-daemon always adds) and both pids.
creds() {
	out=$("$@" 2>&1)
	echo "$out" | sed -n 's/^bus: //p'
	kernel=$(echo "$out" | sed -n 's/^kernel: //p')
	bus=$(echo "$out" | sed -n 's/^bus: //p')
	[ -n "$kernel" ] && [ "$kernel" = "$bus" ] || echo "(kernel says '$kernel'; $out)"
	echo "$out" | grep -qE '^pid: bus=([0-9]+) self=\1$' || echo "(wrong pid: $out)"
}

check_dbus_system() {
	pid=$(service_pid dbus)
	# dbus-daemon's own privilege drop: setgroups to its user's groups (none
	# besides the primary), then setgid and setuid, all three ids alike.
	expect "dbus-daemon Uid is messagebus" "Uid:${tab}100${tab}100${tab}100${tab}100" "$(status_line "$pid" Uid)"
	expect "dbus-daemon Gid is messagebus" "Gid:${tab}101${tab}101${tab}101${tab}101" "$(status_line "$pid" Gid)"
	expect "dbus-daemon has no supplementary groups" "Groups:${tab} " "$(status_line "$pid" Groups)"
	expect "the bus socket exists" "socket" "$([ -S /run/dbus/system_bus_socket ] && echo socket)"

	list='dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.ListNames'
	expect_match "ListNames as root" '"org.freedesktop.DBus"' "$($list 2>&1)"
	expect_match "ListNames as alice" '"org.freedesktop.DBus"' "$(su alice -c "$list" 2>&1)"
	expect_match "GetId" '^ +string "[0-9a-f]{32}"$' \
		"$(dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetId 2>&1)"

	expect "bus credentials of root" "uid=0 groups=0" "$(creds dbus_creds)"
	expect "bus credentials of alice (su: /etc/group)" "uid=1000 groups=10,100,1000" \
		"$(creds su alice -c dbus_creds)"
	expect "bus credentials of bob (su: /etc/group)" "uid=1001 groups=100,1001" \
		"$(creds su bob -c dbus_creds)"
	# setgroups before connecting: the bus reports the kernel's groups, which
	# differ from what /etc/group says about the user.
	expect "bus credentials of alice after setgroups(1000)" "uid=1000 groups=1000" \
		"$(creds runas 1000 1000 1000 dbus_creds)"
	expect "bus credentials of bob after setgroups(10,1001)" "uid=1001 groups=10,1001" \
		"$(creds runas 1001 1001 10,1001 dbus_creds)"
	# No supplementary groups: the bus still lists the primary gid.
	expect "bus credentials with no groups at all" "uid=1001 groups=1001" \
		"$(creds runas 1001 1001 - dbus_creds)"

	# Policy is enforced: alice may not own a name the policy does not give her.
	expect_match "alice cannot own a name" "AccessDenied" \
		"$(su alice -c 'dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.RequestName string:org.cub.Test uint32:0' 2>&1)"
}
