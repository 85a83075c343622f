# The dbus-monitor checks (sourced; see lib.sh and polkit.sh): root's
# `dbus-monitor --system` (service monitor) records a fixed part of the
# polkit scenario between two marker signals; the transcript, normalized
# (normalize.awk), must equal /etc/cub/expected, which is what the same
# image gave natively on Linux.  alice's monitor (service amonitor) must be
# refused BecomeMonitor, fall back to eavesdropping as dbus-monitor does,
# and see nothing of other users' calls.

MONITOR_LOG=/run/monitor.log
ALICE_LOG=/tmp/alice-monitor.log
NORMALIZED=/run/monitor.normalized

# wait_for_line FILE PATTERN: up to 20 s until a line of FILE matches.
wait_for_line() {
	poll_until grep -qE -- "$2" "$1"
}

marker() {
	dbus-send --system --type=signal /org/cub/Scenario "org.cub.Scenario.$1"
}

# The recorded part: one call of each kind of answer.
monitored_sequence() {
	alice_pid=$(service_pid alice-sleeper)
	bob_pid=$(service_pid bob-wheel)
	pk alice -a org.cub.admin -p "$alice_pid" >/dev/null
	pk bob -a org.cub.admin -p '$$' >/dev/null
	pk bob -a org.cub.admin -p "$alice_pid" >/dev/null
	pk root -a org.cub.admin -p "$bob_pid" >/dev/null
	pk root -a org.cub.nope -p "$alice_pid" >/dev/null
}

check_dbus_monitor() {
	# Both monitors are ready when root's has printed its own NameLost
	# (dbus-monitor's last step of becoming a monitor) and alice's has
	# fallen back to eavesdropping.
	wait_for_line "$MONITOR_LOG" "member=NameLost"
	expect_match "alice's dbus-monitor is refused BecomeMonitor and falls back to eavesdropping" \
		'^dbus-monitor: unable to enable new-style monitoring: org.freedesktop.DBus.Error.AccessDenied: ".*"\. Falling back to eavesdropping\.$' \
		"$(wait_for_line "$ALICE_LOG" "Falling back"; cat "$ALICE_LOG" 2>&1)"

	marker Begin
	monitored_sequence
	marker End
	expect "root's monitor saw the End marker" "yes" \
		"$(wait_for_line "$MONITOR_LOG" 'member=End$' && echo yes)"
	sed -n '/member=Begin$/,/member=End$/p' "$MONITOR_LOG" | awk -f /etc/cub/normalize.awk >"$NORMALIZED"
	expect "the normalized transcript matches images/dbus-monitor/expected" "" \
		"$(diff /etc/cub/expected "$NORMALIZED" 2>&1)"
	expect "the transcript shows CheckAuthorization calls" "5" \
		"$(grep -c 'member=CheckAuthorization$' "$NORMALIZED")"

	# alice's fallback match has no eavesdrop=true (refused), so she gets
	# broadcasts (the markers) but none of the calls between other users.
	expect "alice's monitor saw the End marker broadcast" "yes" \
		"$(wait_for_line "$ALICE_LOG" 'member=End$' && echo yes)"
	expect "alice's monitor saw no CheckAuthorization" "0" "$(grep -c CheckAuthorization "$ALICE_LOG")"
}
