#!/bin/sh
# monitor.sh FILE: `dbus-monitor --system`, its transcript and its own
# messages (stderr) in FILE; init stops it with SIGTERM at shutdown.
# init starts services without waiting for the bus, and dbus-monitor does
# not retry, so wait until the bus answers.
. /etc/cub/lib.sh
if ! poll_until bus_answers; then
	echo "monitor.sh: the system bus did not answer within 20 s" >&2
	exit 1
fi
exec /usr/bin/dbus-monitor --system >"$1" 2>&1
