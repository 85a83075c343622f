#!/bin/sh
# monitor.sh FILE: `dbus-monitor --system`, its transcript and its own
# messages (stderr) in FILE; init stops it with SIGTERM at shutdown.
# init starts services without waiting for the bus, and dbus-monitor does
# not retry, so wait (up to 20 s) until the bus answers.
i=0
until /usr/bin/dbus-send --system --print-reply --dest=org.freedesktop.DBus / \
	org.freedesktop.DBus.GetId >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -ge 200 ]; then
		echo "monitor.sh: the system bus did not answer within 20 s" >&2
		exit 1
	fi
	sleep 0.1
done
exec /usr/bin/dbus-monitor --system >"$1" 2>&1
