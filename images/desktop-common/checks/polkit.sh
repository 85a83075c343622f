# The polkit checks (sourced; see lib.sh): polkit-shim's privilege drop and
# its answers to pkcheck.  Needs the services polkit, alice-sleeper and
# bob-wheel of desktop-common/services, and the rules of
# desktop-common/rules: org.cub.admin is wheel's, org.cub.reboot needs an
# administrator (auth_admin) except for wheel, and bob is refused it.

# pk WHO ARGS...: runs pkcheck ARGS as WHO (root, or a user through su)
# and prints "exit N: " and what it printed, on one line.
pk() {
	who=$1
	shift
	if [ "$who" = root ]; then
		out=$(pkcheck "$@" 2>&1)
	else
		out=$(su "$who" -c "pkcheck $*" 2>&1)
	fi
	echo "exit $?: $out" | tr '\n' ' ' | sed 's/ $//'
}

# pk_ids UID GID GROUPS ARGS...: the same, for a client with exactly these
# ids and kernel groups (runas), whatever /etc/group says; -p is its own
# shell's pid.
pk_ids() {
	ids="$1 $2 $3"
	shift 3
	# shellcheck disable=SC2086
	out=$(runas $ids sh -c "pkcheck $* -p \$\$" 2>&1)
	echo "exit $?: $out" | tr '\n' ' ' | sed 's/ $//'
}

# The three answers about a caller's own process: alice (in wheel) is
# authorized for org.cub.admin, bob is not, root always is.  '$$' is the
# shell su runs as that user.
check_own_process_answers() {
	expect "alice (wheel) is authorized for org.cub.admin" "exit 0: " \
		"$(pk alice --action-id org.cub.admin --process '$$')"
	expect "bob is not authorized for org.cub.admin" "exit 1: Not authorized." \
		"$(pk bob --action-id org.cub.admin --process '$$')"
	expect "root is always authorized" "exit 0: " \
		"$(pk root --action-id org.cub.admin --process $$)"
}

check_polkit() {
	shim=$(service_pid polkit)
	# polkitd's drop: setgroups(0, NULL), initgroups (polkitd's /etc/group
	# groups: only its primary), setregid, setreuid.
	expect "polkit-shim Uid is polkitd" "Uid:${tab}102${tab}102${tab}102${tab}102" "$(status_line "$shim" Uid)"
	expect "polkit-shim Gid is polkitd" "Gid:${tab}103${tab}103${tab}103${tab}103" "$(status_line "$shim" Gid)"
	expect "polkit-shim Groups are its initgroups groups" "Groups:${tab}103 " "$(status_line "$shim" Groups)"

	check_own_process_answers
	expect "org.cub.reboot for bob: refused by his rule" "exit 1: Not authorized." \
		"$(pk bob -a org.cub.reboot -p '$$')"
	expect "org.cub.reboot for nobody in wheel: needs an administrator" \
		"exit 2: Authorization requires authentication and -u wasn't passed." \
		"$(pk_ids 1000 1000 1000 -a org.cub.reboot)"

	alice_pid=$(service_pid alice-sleeper)
	bob_pid=$(service_pid bob-wheel)
	expect "bob asking about alice's process: NotAuthorized" \
		"exit 127: Error checking for authorization org.cub.admin: GDBus.Error:org.freedesktop.PolicyKit1.Error.NotAuthorized: Only trusted callers (e.g. uid 0 or an action owner) can use CheckAuthorization() for subjects belonging to other identities" \
		"$(pk bob -a org.cub.admin -p "$alice_pid")"
	expect "root asking about alice's process" "exit 0: " \
		"$(pk root -a org.cub.admin -p "$alice_pid")"
	start=$(awk '{ sub(/.*\) /, ""); print $20 }' "/proc/$alice_pid/stat")
	expect "the right start time is accepted" "exit 0: " \
		"$(pk root -a org.cub.admin -p "$alice_pid,$start")"
	expect_match "a replaced process (another start time) is detected" \
		"^exit 127: .*org.freedesktop.PolicyKit1.Error.Failed: Process with PID $alice_pid has been replaced" \
		"$(pk root -a org.cub.admin -p "$alice_pid,$((start + 1))")"
	expect_match "an unregistered action is refused" \
		"^exit 127: .*org.freedesktop.PolicyKit1.Error.Failed: Action org.cub.nope is not registered$" \
		"$(pk root -a org.cub.nope -p $$)"

	# Kernel groups, not /etc/group: bob's service runs with wheel in its
	# groups (init's setgroups), alice's client drops wheel with setgroups.
	expect "bob with wheel in his kernel groups is authorized" "exit 0: " \
		"$(pk root -a org.cub.admin -p "$bob_pid")"
	expect "alice without wheel in her kernel groups is not" "exit 1: Not authorized." \
		"$(pk_ids 1000 1000 100,1000 -a org.cub.admin)"

	# A bus name as the subject: polkit-shim's own connection (polkitd is
	# not in wheel).
	expect "a system-bus-name subject" "exit 1: Not authorized." \
		"$(pk root -a org.cub.admin --system-bus-name org.freedesktop.PolicyKit1)"

	# The interface beyond CheckAuthorization, and bad calls.
	ask='dbus-send --system --print-reply --dest=org.freedesktop.PolicyKit1 /org/freedesktop/PolicyKit1/Authority'
	expect_match "BackendName" 'variant +string "polkit-shim"' \
		"$($ask org.freedesktop.DBus.Properties.Get string:org.freedesktop.PolicyKit1.Authority string:BackendName 2>&1)"
	expect_match "EnumerateActions lists the rules' actions" 'string "org.cub.reboot"' \
		"$(su alice -c "$ask org.freedesktop.PolicyKit1.Authority.EnumerateActions string:en_US" 2>&1)"
	expect_match "an unknown method gets UnknownMethod" "org.freedesktop.DBus.Error.UnknownMethod" \
		"$($ask org.freedesktop.PolicyKit1.Authority.Frobnicate 2>&1)"
	expect_match "malformed CheckAuthorization arguments get InvalidArgs" "org.freedesktop.DBus.Error.InvalidArgs" \
		"$($ask org.freedesktop.PolicyKit1.Authority.CheckAuthorization string:unix-process 2>&1)"
	expect "polkit-shim is still running after the bad calls" "$shim" "$(service_pid polkit)$(kill -0 "$shim" 2>&1)"
}
