# Shell helpers for the desktop scenarios' checks (sourced by each
# check.sh).  Each claim prints "PASS: what" or "FAIL: what (expected ...,
# got ...)" and counts; `finish NAME` prints "NAME: N check(s), F failed"
# (the boot tests expect the exact N, so a claim that silently stopped
# running fails them too) and exits with F, the check's verdict.
checks=0
failures=0
tab=$(printf '\t')

expect() {
	checks=$((checks + 1))
	if [ "$3" = "$2" ]; then
		echo "PASS: $1"
	else
		echo "FAIL: $1 (expected '$2', got '$3')"
		failures=$((failures + 1))
	fi
}

# expect_match WHAT PATTERN TEXT: TEXT must contain the grep -E PATTERN.
expect_match() {
	checks=$((checks + 1))
	if printf '%s\n' "$3" | grep -qE -- "$2"; then
		echo "PASS: $1"
	else
		echo "FAIL: $1 (expected a match for '$2', got '$3')"
		failures=$((failures + 1))
	fi
}

# The line of /proc/PID/status that starts with FIELD, tabs and all.
status_line() {
	grep "^$2:" "/proc/$1/status" 2>&1
}

# A service's pid, from the file init writes for it.
service_pid() {
	cat "/run/cub/$1.pid" 2>/dev/null
}

# Waits up to 20 s until the system bus answers (init starts the services
# and the check without waiting for them to be ready).
wait_for_bus() {
	i=0
	while [ $i -lt 200 ]; do
		if dbus-send --system --print-reply --dest=org.freedesktop.DBus / \
			org.freedesktop.DBus.GetId >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: the system bus did not answer within 20 s"
	failures=$((failures + 1))
	return 1
}

# Waits up to 20 s until NAME has an owner on the system bus.
wait_for_name() {
	i=0
	while [ $i -lt 200 ]; do
		if dbus-send --system --print-reply --dest=org.freedesktop.DBus / \
			org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null |
			grep -q 'boolean true'; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: $1 had no owner on the system bus within 20 s"
	failures=$((failures + 1))
	return 1
}

finish() {
	echo "$1: $checks check(s), $failures failed"
	exit "$failures"
}
