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

# The value of NAME=VALUE on the kernel command line (/proc/cmdline):
# how a scenario's host driver hands it ports and secrets.
cmdline_arg() {
	tr ' ' '\n' </proc/cmdline | sed -n "s/^$1=//p"
}

# A service's pid, from the file init writes for it.
service_pid() {
	cat "/run/cub/$1.pid" 2>/dev/null
}

# poll_until CMD...: runs CMD every 0.1 s until it succeeds, for up to
# 20 s (init starts the services and the check without waiting for them
# to be ready); its status is CMD's last.
poll_until() {
	i=0
	while [ $i -lt 200 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# retry WHAT CMD...: poll_until, and a FAIL line for WHAT if it never did.
retry() {
	what=$1
	shift
	poll_until "$@" && return 0
	echo "FAIL: $what within 20 s"
	failures=$((failures + 1))
	return 1
}

bus_answers() {
	dbus-send --system --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetId
}

name_has_owner() {
	dbus-send --system --print-reply --dest=org.freedesktop.DBus / \
		org.freedesktop.DBus.NameHasOwner "string:$1" | grep -q 'boolean true'
}

wait_for_bus() {
	retry "the system bus answers" bus_answers
}

wait_for_name() {
	retry "$1 has an owner on the system bus" name_has_owner "$1"
}

finish() {
	echo "$1: $checks check(s), $failures failed"
	exit "$failures"
}
