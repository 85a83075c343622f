# normalize.awk: a dbus-monitor transcript made comparable between runs
# (and between Linux and cub).  What differs from run to run is replaced:
#   time=1700000000.123456   -> time=*
#   serial=12, reply_serial=3 -> serial=*, reply_serial=*
#   unique names :1.42        -> :A, :B, ... in order of first appearance
#   the values of the dict keys pid, start-time and ProcessID -> <pid> etc.
# NameOwnerChanged and NameLost signals are dropped: when a client's
# disconnection is announced, relative to the next client's first message,
# depends on scheduling (both can be ready in one dbus-daemon main-loop
# turn).  NameAcquired stays: the bus sends it while handling Hello.
function flush() {
	if (block != "" && !drop)
		printf "%s", block
	block = ""
	drop = 0
}
function name(u) {
	if (!(u in names))
		names[u] = sprintf(":%c", 65 + count++)
	return names[u]
}
/^(method call|method return|signal|error) / {
	flush()
	drop = ($0 ~ /member=(NameOwnerChanged|NameLost)$/)
}
{
	line = $0
	gsub(/time=[0-9.]+/, "time=*", line)
	gsub(/serial=[0-9]+/, "serial=*", line)
	out = ""
	while (match(line, /:1\.[0-9]+/)) {
		out = out substr(line, 1, RSTART - 1) name(substr(line, RSTART, RLENGTH))
		line = substr(line, RSTART + RLENGTH)
	}
	line = out line
	if (pending != "" && match(line, /(uint32|uint64|int32) [0-9]+/)) {
		sub(/(uint32|uint64|int32) [0-9]+/, substr(line, RSTART, index(substr(line, RSTART), " ")) "<" pending ">", line)
		pending = ""
	} else if (match(line, /string "(pid|start-time|ProcessID)"/)) {
		pending = substr(line, RSTART + 8, RLENGTH - 9)
	}
	block = block line "\n"
}
END { flush() }
