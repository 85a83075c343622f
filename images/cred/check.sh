#!/bin/sh
# The cred scenario's check, run by init as root once the services run.
# Each claim prints "PASS: what" or "FAIL: what (expected ..., got ...)";
# the exit status is the number of failures, so init's verdict is pass
# only when every claim holds.  The expected strings are busybox's and
# Linux's formats, taken from the same programs run on Linux.
failures=0

expect() {
	if [ "$3" = "$2" ]; then
		echo "PASS: $1"
	else
		echo "FAIL: $1 (expected '$2', got '$3')"
		failures=$((failures + 1))
	fi
}

# The line of /proc/PID/status that starts with FIELD, tabs and all.
status_line() {
	grep "^$2:" "/proc/$1/status" 2>&1
}

tab=$(printf '\t')
alice_id='uid=1000(alice) gid=1000(alice) groups=10(wheel),100(users),1000(alice)'
bob_id='uid=1001(bob) gid=1001(bob) groups=100(users),1001(bob)'

expect "check runs as root" "0 0" "$(id -u) $(id -g)"
expect "init stays root" "Uid:${tab}0${tab}0${tab}0${tab}0" "$(status_line 1 Uid)"

# su as root: switches identity and takes the user's groups from /etc/group.
expect "su alice -c id" "$alice_id" "$(su alice -c id 2>&1)"
expect "su alice -c groups" "alice wheel users" "$(su alice -c groups 2>&1)"
expect "su bob -c id" "$bob_id" "$(su bob -c id 2>&1)"
# A pipeline forks: the children must keep alice's credentials.
expect "su alice -c 'sh -c id | cat' (credentials survive fork)" "$alice_id" \
	"$(su alice -c 'sh -c "id | cat"' 2>&1)"

# Set-id executables: execve changes the effective and saved id and sets
# AT_SECURE; the plain copy is the control.
expect "plain probe as alice" "ruid=1000 euid=1000 suid=1000 rgid=1000 egid=1000 sgid=1000 secure=0" \
	"$(su alice -c /usr/bin/setid_probe 2>&1)"
expect "set-user-ID root probe as alice" "ruid=1000 euid=0 suid=0 rgid=1000 egid=1000 sgid=1000 secure=1" \
	"$(su alice -c /usr/bin/setuid_probe 2>&1)"
expect "set-group-ID root probe as alice" "ruid=1000 euid=1000 suid=1000 rgid=1000 egid=0 sgid=0 secure=1" \
	"$(su alice -c /usr/bin/setgid_probe 2>&1)"

# setgroups is root's alone.
expect "setgroups as alice fails with EPERM" "setgroups: EPERM" \
	"$(su alice -c '/usr/bin/setid_probe setgroups' 2>&1)"
expect "setgroups as root succeeds" "setgroups: ok" "$(/usr/bin/setid_probe setgroups 2>&1)"

# The services init started: bob's with initgroups, alice's with a list.
bob=$(cat /run/cub/sleeper.pid 2>&1)
expect "bob's service Uid" "Uid:${tab}1001${tab}1001${tab}1001${tab}1001" "$(status_line "$bob" Uid)"
expect "bob's service Gid" "Gid:${tab}1001${tab}1001${tab}1001${tab}1001" "$(status_line "$bob" Gid)"
expect "bob's service Groups" "Groups:${tab}100 1001 " "$(status_line "$bob" Groups)"
listed=$(cat /run/cub/listed.pid 2>&1)
expect "alice's listed service Uid" "Uid:${tab}1000${tab}1000${tab}1000${tab}1000" \
	"$(status_line "$listed" Uid)"
expect "alice's listed service Gid" "Gid:${tab}1000${tab}1000${tab}1000${tab}1000" \
	"$(status_line "$listed" Gid)"
expect "alice's listed service Groups" "Groups:${tab}10 1001 " "$(status_line "$listed" Groups)"

# Linux's kill rule: alice may not signal bob's service, root may.
if su alice -c "kill -0 $bob" 2>/dev/null; then r=allowed; else r=denied; fi
expect "alice cannot signal bob's service" denied "$r"
if kill -0 "$bob" 2>/dev/null; then r=allowed; else r=denied; fi
expect "root can signal bob's service" allowed "$r"

echo "cred: $failures check(s) failed"
exit "$failures"
