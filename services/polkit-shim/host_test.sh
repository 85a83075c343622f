#!/bin/bash
# Host test of polkit-shim, pkcheck and bench_dbus against a private
# dbus-daemon (Debian's, static, in DBUS_PREFIX). Run as root: the shim
# drops to POLKIT_USER and callers are other uids via setpriv. Nothing
# outside a temp dir is touched.
#
#   DBUS_PREFIX=.cache/build/dbus-... BIN_DIR=build/services/polkit-shim \
#     BENCH=build/tests/user/bench_dbus ./host_test.sh
# (ctest runs it so as polkit-shim-host.)  Without BIN_DIR the programs are
# built here with gcc against DBUS_PREFIX.  Exit 77 (skipped) when not
# root or the host has no POLKIT_USER.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
DBUS_PREFIX=${DBUS_PREFIX:?set DBUS_PREFIX to the static dbus build of services/dbus}
POLKIT_USER=${POLKIT_USER:-polkitd}
T_UID=1001          # throwaway uid with no /etc/passwd entry
WHEEL=4242          # a "wheel" gid that /etc/group does not know
NOBODY=65534

[ "$(id -u)" = 0 ] || { echo "host_test.sh: needs root; skipped"; exit 77; }
id -u "$POLKIT_USER" >/dev/null 2>&1 || { echo "host_test.sh: no user $POLKIT_USER here; skipped"; exit 77; }
# Static glibc programs (Debian's dbus-daemon, polkit-shim) cannot load
# the host's NSS modules (e.g. libnss_systemd, built for the shared libc:
# dbus-daemon segfaults on a <policy user=...>). cub images have a
# files-only /etc/nsswitch.conf; give the test the same, in a private
# mount namespace so the host's /etc stays untouched.
if [ -z "${POLKIT_SHIM_TEST_NS:-}" ]; then
	exec env POLKIT_SHIM_TEST_NS=1 unshare --mount --propagation private "$0" "$@"
fi
PK_UID=$(id -u "$POLKIT_USER") || { echo "host_test.sh: no user $POLKIT_USER"; exit 2; }
PK_GID=$(id -g "$POLKIT_USER")

TMP=$(mktemp -d /tmp/polkit-shim-test.XXXXXX)
chmod 755 "$TMP"
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	umount /etc/passwd 2>/dev/null
	umount /etc/nsswitch.conf 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files\n' >"$TMP/nsswitch.conf"
mount --bind "$TMP/nsswitch.conf" /etc/nsswitch.conf || { echo "FAIL cannot bind nsswitch.conf"; exit 1; }
# dbus-daemon refuses connections from uids without a passwd entry, as a
# real system has none; add the throwaway user to this namespace's view.
# Its "wheel" gid stays out of /etc/group on purpose.
getent passwd $T_UID >/dev/null && { echo "FAIL uid $T_UID exists on this host; pick another T_UID"; exit 1; }
{ cat /etc/passwd; echo "cubtest:x:$T_UID:$T_UID::/nonexistent:/usr/sbin/nologin"; } >"$TMP/passwd"
chmod 644 "$TMP/passwd"
mount --bind "$TMP/passwd" /etc/passwd || { echo "FAIL cannot bind passwd"; exit 1; }

FAILS=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; FAILS=$((FAILS + 1)); }

# --- programs ---------------------------------------------------------------
INC="-I$DBUS_PREFIX/include/dbus-1.0 -I$DBUS_PREFIX/lib/dbus-1.0/include"
LIB="$DBUS_PREFIX/lib/libdbus-1.a -static -pthread"
build() { # OUT SOURCES...
	local out=$1; shift
	gcc -O2 -Wall -Wextra $INC "$@" $LIB -o "$out" 2>"$TMP/cc.log" ||
		{ cat "$TMP/cc.log"; echo "FAIL build $out"; exit 1; }
}
S=$HERE
if [ -z "${BIN_DIR:-}" ]; then
	BIN_DIR=$TMP/bin; mkdir -p "$BIN_DIR"
	build "$BIN_DIR/polkit-shim" $S/main.c $S/authority.c $S/subject.c $S/rules.c $S/drop.c $S/proc.c
	build "$BIN_DIR/pkcheck" $S/pkcheck.c $S/check_call.c $S/proc.c
	build "$BIN_DIR/bench_dbus" $S/bench_dbus.c $S/check_call.c $S/proc.c
	BENCH=${BENCH:-$BIN_DIR/bench_dbus}
fi
BENCH=${BENCH:-$BIN_DIR/../../tests/user/bench_dbus}
build "$TMP/host_badcalls" $S/host_badcalls.c
SHIM=$BIN_DIR/polkit-shim
PKCHECK=$BIN_DIR/pkcheck
chmod 755 "$TMP"/* 2>/dev/null

# --- rules ------------------------------------------------------------------
cat >"$TMP/rules" <<RULES
# test rules: numeric identities, since the host has no wheel group
action org.cub.bench yes Benchmark round trips
action org.cub.open no Open to everyone
rule org.cub.open * yes
action org.cub.closed yes Closed to all but root
rule org.cub.closed * no
action org.cub.admin auth_admin Needs an administrator
action org.cub.self auth_self Needs the user's own password
action org.cub.wheel no Wheel members only
rule org.cub.wheel unix-group:$WHEEL yes
action org.cub.user no One user only
rule org.cub.user unix-user:$T_UID yes
rule org.cub.user unix-user:nobody no
action org.cub.polkitd no The polkitd account by group
rule org.cub.polkitd unix-group:$PK_GID yes
RULES
chmod 644 "$TMP/rules"

# --- bus --------------------------------------------------------------------
cat >"$TMP/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <auth>EXTERNAL</auth>
  <listen>unix:path=$TMP/bus</listen>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <include>$TMP/polkit.conf</include>
</busconfig>
CONF
sed "s/user=\"polkitd\"/user=\"$POLKIT_USER\"/" "$HERE/org.freedesktop.PolicyKit1.conf" >"$TMP/polkit.conf"

"$DBUS_PREFIX/bin/dbus-daemon" --config-file="$TMP/bus.conf" --nofork --print-address >"$TMP/bus.addr" 2>"$TMP/bus.err" &
PIDS+=($!)
for _ in $(seq 50); do [ -s "$TMP/bus.addr" ] && break; sleep 0.1; done
[ -s "$TMP/bus.addr" ] || { cat "$TMP/bus.err"; echo "FAIL dbus-daemon did not start"; exit 1; }
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$TMP/bus"

# --- bad rules files and refusals (before the real daemon owns the name) -----
bad_rules() { # LABEL EXPECTED_LINE CONTENT
	printf '%s\n' "$3" >"$TMP/bad"
	out=$("$SHIM" --no-drop --rules "$TMP/bad" 2>&1); rc=$?
	if [ $rc = 1 ] && [[ $out == "$TMP/bad:$2: "* ]]; then pass "bad rules: $1 ($out)"
	else fail "bad rules: $1: rc=$rc out=$out"; fi
}
bad_rules "undeclared action" 2 $'# c\nrule org.x * yes'
bad_rules "unknown user" 3 $'action org.x no X\n\nrule org.x unix-user:no-such-user-zz yes'
bad_rules "unknown group" 2 $'action org.x no X\nrule org.x unix-group:no-such-group-zz yes'
bad_rules "bad result" 2 $'action org.x no X\nrule org.x * maybe'
bad_rules "bad default" 1 'action org.x perhaps X'
bad_rules "unknown directive" 1 'allow org.x'
bad_rules "rule arity" 2 $'action org.x no X\nrule org.x * yes extra'
bad_rules "action without description" 1 'action org.x no'

out=$(setpriv --reuid=$T_UID --regid=$T_UID --clear-groups "$SHIM" --rules "$TMP/rules" 2>&1); rc=$?
[ $rc = 1 ] && [[ $out == *"must start as root"* ]] && pass "non-root without --no-drop refused" ||
	fail "non-root start: rc=$rc $out"
out=$(setpriv --reuid=$T_UID --regid=$T_UID --clear-groups "$SHIM" --no-drop --rules "$TMP/rules" 2>&1); rc=$?
[ $rc = 1 ] && [[ $out == *"could not own org.freedesktop.PolicyKit1"* ]] &&
	pass "bus policy keeps uid $T_UID from owning the name" || fail "non-polkitd owner: rc=$rc $out"

# --- the daemon -------------------------------------------------------------
${SHIM_WRAPPER:-} "$SHIM" --user "$POLKIT_USER" --rules "$TMP/rules" >"$TMP/shim.out" 2>"$TMP/shim.err" &
SHIM_PID=$!
PIDS+=($SHIM_PID)
for _ in $(seq 100); do grep -q ready "$TMP/shim.out" 2>/dev/null && break; sleep 0.1; done
if grep -q "ready as org.freedesktop.PolicyKit1 (uid=$PK_UID gid=$PK_GID groups=" "$TMP/shim.out"; then
	pass "ready: $(cat "$TMP/shim.out")"
else
	cat "$TMP/shim.err"; fail "polkit-shim not ready"; exit 1
fi
# The running daemon holds the uid and the group list the drop promised.
st=/proc/$(pgrep -P $SHIM_PID 2>/dev/null | head -1 || true)/status
[ -r "$st" ] || st=/proc/$SHIM_PID/status
if grep -q "^Uid:.$PK_UID.$PK_UID.$PK_UID.$PK_UID" "$st" && grep -q "^Gid:.$PK_GID.$PK_GID" "$st" &&
	! grep -Eq '^Groups:.*\b0\b' "$st"; then pass "kernel ids of the daemon after the drop"
else fail "daemon ids: $(grep -E '^(Uid|Gid|Groups)' "$st" | tr '\n' ' ')"; fi

# pk LABEL EXPECTED_RC EXPECTED_STDERR_SUBSTRING [setpriv args --] pkcheck args
pk() {
	local label=$1 want=$2 msg=$3; shift 3
	local pre=()
	if [ "$1" = as ]; then pre=(setpriv "$2" "$3" "$4"); shift 4; fi
	"${pre[@]}" "$PKCHECK" "$@" >"$TMP/pk.out" 2>"$TMP/pk.err"; rc=$?
	if [ $rc = "$want" ] && { [ -z "$msg" ] || grep -qF -- "$msg" "$TMP/pk.err"; }; then pass "$label (exit $rc)"
	else fail "$label: exit $rc, want $want; stderr: $(cat "$TMP/pk.err")"; fi
}
# "self" subjects: sh execs pkcheck, so sh's $$ is pkcheck's own pid.
pkself() {
	local label=$1 want=$2 msg=$3 ids=$4; shift 4
	setpriv $ids sh -c 'exec "$0" -p $$ "$@"' "$PKCHECK" "$@" \
		>"$TMP/pk.out" 2>"$TMP/pk.err"; rc=$?
	if [ $rc = "$want" ] && { [ -z "$msg" ] || grep -qF -- "$msg" "$TMP/pk.err"; }; then pass "$label (exit $rc)"
	else fail "$label: exit $rc, want $want; stderr: $(cat "$TMP/pk.err")"; fi
}
CG=--clear-groups
U="--reuid=$T_UID --regid=$T_UID"
N="--reuid=$NOBODY --regid=$NOBODY"

pk "root subject is authorized even where rules say no" 0 "" -a org.cub.closed -p $$
pkself "uid $T_UID: '*' yes" 0 "" "$U $CG" -a org.cub.open
pkself "uid $T_UID: '*' no" 1 "Not authorized." "$U $CG" -a org.cub.closed
pkself "uid $T_UID: auth_admin needs a challenge" 2 \
	"Authorization requires authentication and -u wasn't passed." "$U $CG" -a org.cub.admin
pkself "uid $T_UID: auth_admin with -u, no agent" 2 \
	"Authorization requires authentication but no agent is available." "$U $CG" -a org.cub.admin -u
pkself "uid $T_UID: auth_self is a challenge too" 2 "requires authentication" "$U $CG" -a org.cub.self
pkself "uid $T_UID without gid $WHEEL: wheel rule does not match" 1 "Not authorized." \
	"$U $CG" -a org.cub.wheel
pkself "uid $T_UID with kernel group $WHEEL (not in /etc/group): authorized" 0 "" \
	"$U --groups=100,$WHEEL" -a org.cub.wheel
pkself "uid $NOBODY with primary gid $WHEEL: authorized" 0 "" "--reuid=$NOBODY --regid=$WHEEL $CG" \
	-a org.cub.wheel
pkself "unix-user:$T_UID rule" 0 "" "$U $CG" -a org.cub.user
pkself "unix-user:nobody rule" 1 "Not authorized." "$N $CG" -a org.cub.user
pkself "details are passed" 0 "" "$U $CG" -a org.cub.open -d key value -d k2 'v 2'
pk "uid $NOBODY asking about root's process" 127 \
	"Error checking for authorization org.cub.open: GDBus.Error:org.freedesktop.PolicyKit1.Error.NotAuthorized: Only trusted callers (e.g. uid 0 or an action owner) can use CheckAuthorization() for subjects belonging to other identities" \
	as --reuid=$NOBODY --regid=$NOBODY --clear-groups -a org.cub.open -p $$
pk "uid $NOBODY claiming uid 0 for its own process" 127 "Error.NotAuthorized: Only trusted callers" \
	as --reuid=$NOBODY --regid=$NOBODY --clear-groups -a org.cub.open -p "$$,0,0"
start=$(awk '{ sub(/.*\) /, ""); print $20 }' /proc/$$/stat)
pk "explicit PID,START,UID" 0 "" -a org.cub.closed -p "$$,$start,0"
pk "replaced PID (wrong start time)" 127 \
	"GDBus.Error:org.freedesktop.PolicyKit1.Error.Failed: Process with PID $$ has been replaced" \
	-a org.cub.open -p "$$,$((start + 1))"
pk "no such process" 127 "GDBus.Error:org.freedesktop.PolicyKit1.Error.Failed: No process with PID 4194300" \
	-a org.cub.open -p 4194300
pk "unregistered action" 127 \
	"Error checking for authorization org.cub.nope: GDBus.Error:org.freedesktop.PolicyKit1.Error.Failed: Action org.cub.nope is not registered" \
	-a org.cub.nope -p $$
LONG=$(printf '\xc3\xa9%.0s' $(seq 400))
pk "800-byte non-ASCII action id: error text cut on a character boundary" 127 \
	"Error.Failed: Action $(printf '\xc3\xa9%.0s' $(seq 200))" -a "$LONG" -p $$
pk "system-bus-name: bus driver (uid 0)" 0 "" -a org.cub.closed -s org.freedesktop.DBus
pk "system-bus-name: polkit-shim itself, by its group $PK_GID" 0 "" -a org.cub.polkitd -s org.freedesktop.PolicyKit1
pk "system-bus-name: polkit-shim is not uid $T_UID" 1 "Not authorized." -a org.cub.user -s org.freedesktop.PolicyKit1
pk "system-bus-name: non-root caller, other identity" 127 "Error.NotAuthorized: Only trusted callers" \
	as --reuid=$T_UID --regid=$T_UID --clear-groups -a org.cub.open -s org.freedesktop.PolicyKit1
pk "system-bus-name with no owner" 127 "GDBus.Error:org.freedesktop.PolicyKit1.Error.Failed: " \
	-a org.cub.open -s :1.99999
pk "pkcheck usage error exits 126" 126 "Subject not specified" -a org.cub.open
pk "pkcheck bad --process" 126 "Invalid --process value" -a org.cub.open -p abc
"$PKCHECK" --version | grep -q "^pkcheck version" && pass "pkcheck --version" || fail "pkcheck --version"

# --- raw calls --------------------------------------------------------------
DS="$DBUS_PREFIX/bin/dbus-send --system --print-reply --dest=org.freedesktop.PolicyKit1 /org/freedesktop/PolicyKit1/Authority"
ds() { # LABEL EXPECTED_SUBSTRING method args...
	local label=$1 want=$2; shift 2
	out=$($DS "$@" 2>&1)
	if [[ $out == *"$want"* ]]; then pass "$label"; else fail "$label: $out"; fi
}
ds "CheckAuthorization with wrong arguments" "Error org.freedesktop.DBus.Error.InvalidArgs" \
	org.freedesktop.PolicyKit1.Authority.CheckAuthorization string:x uint32:1
ds "CheckAuthorization with no arguments" "Error org.freedesktop.DBus.Error.InvalidArgs" \
	org.freedesktop.PolicyKit1.Authority.CheckAuthorization
ds "unknown method" "Error org.freedesktop.DBus.Error.UnknownMethod" \
	org.freedesktop.PolicyKit1.Authority.Frobnicate string:x
ds "RegisterAuthenticationAgent is not offered" "Error org.freedesktop.DBus.Error.UnknownMethod" \
	org.freedesktop.PolicyKit1.Authority.RegisterAuthenticationAgent string:x
ds "Properties.Get BackendName" 'variant       string "polkit-shim"' \
	org.freedesktop.DBus.Properties.Get string:org.freedesktop.PolicyKit1.Authority string:BackendName
ds "Properties.Get BackendFeatures" 'variant       uint32 0' \
	org.freedesktop.DBus.Properties.Get string:org.freedesktop.PolicyKit1.Authority string:BackendFeatures
ds "Properties.GetAll" 'string "BackendVersion"' \
	org.freedesktop.DBus.Properties.GetAll string:org.freedesktop.PolicyKit1.Authority
ds "Properties.Get unknown property" "Error org.freedesktop.DBus.Error.UnknownProperty" \
	org.freedesktop.DBus.Properties.Get string:org.freedesktop.PolicyKit1.Authority string:Nope
ds "Properties.Get unknown interface" "Error org.freedesktop.DBus.Error.InvalidArgs" \
	org.freedesktop.DBus.Properties.Get string:org.example.Nope string:BackendName
ds "Properties.Set is read-only" "Error org.freedesktop.DBus.Error.PropertyReadOnly" \
	org.freedesktop.DBus.Properties.Set string:org.freedesktop.PolicyKit1.Authority string:BackendName variant:string:x
ds "EnumerateActions" 'string "org.cub.wheel"' \
	org.freedesktop.PolicyKit1.Authority.EnumerateActions string:en_US
ds "EnumerateActions implicit auth_admin = 2" 'string "Needs an administrator"' \
	org.freedesktop.PolicyKit1.Authority.EnumerateActions string:
ds "CancelCheckAuthorization of an unknown id" "Error org.freedesktop.PolicyKit1.Error.Failed: No such cancellation_id \`c1' for name :1." \
	org.freedesktop.PolicyKit1.Authority.CancelCheckAuthorization string:c1
ds "Introspect" '<method name="CheckAuthorization">' org.freedesktop.DBus.Introspectable.Introspect
out=$($DS org.freedesktop.PolicyKit1.Authority.EnumerateActions string: 2>&1 | tr -s ' \n' ' ')
[[ $out == *'string "org.cub.admin" string "Needs an administrator" string "Needs an administrator" string "cub" string "" string "" uint32 2 uint32 2 uint32 2 array [ ]'* ]] && pass "EnumerateActions: auth_admin is ImplicitAuthorization 2" ||
	fail "EnumerateActions implicit values: $out"

"$TMP/host_badcalls" >"$TMP/bad.out" 2>&1
while read -r label want; do
	grep -qx "$label $want" "$TMP/bad.out" && pass "malformed subject: $label -> $want" ||
		fail "malformed subject $label: $(grep "^$label " "$TMP/bad.out")"
done <<WANT
unknown-kind org.freedesktop.DBus.Error.InvalidArgs
missing-pid org.freedesktop.DBus.Error.InvalidArgs
pid-zero org.freedesktop.DBus.Error.InvalidArgs
pid-wrong-type org.freedesktop.DBus.Error.InvalidArgs
uid-wrong-type org.freedesktop.DBus.Error.InvalidArgs
busname-missing org.freedesktop.DBus.Error.InvalidArgs
busname-int org.freedesktop.DBus.Error.InvalidArgs
busname-bad org.freedesktop.DBus.Error.InvalidArgs
WANT

kill -0 $SHIM_PID 2>/dev/null && pass "polkit-shim alive after malformed calls" || fail "polkit-shim died"
pk "still answering after malformed calls" 0 "" -a org.cub.open -p $$

# --- benchmark --------------------------------------------------------------
out=$("$BENCH" --seconds 0.3 2>&1); rc=$?
if [ $rc = 0 ] && echo "$out" | grep -Eq '^bench dbus_driver_roundtrip [0-9]+ [0-9]+$' &&
	echo "$out" | grep -Eq '^bench polkit_check_roundtrip [0-9]+ [0-9]+$'; then
	pass "bench_dbus"; echo "$out"
else fail "bench_dbus: rc=$rc $out"; fi
out=$("$BENCH" --iterations 10 --action org.cub.nope 2>&1); rc=$?
[ $rc != 0 ] && [[ $out == *"is not registered"* ]] && pass "bench_dbus fails loudly on an error reply" ||
	fail "bench_dbus error path: rc=$rc $out"

# --- shutdown ---------------------------------------------------------------
kill -TERM $SHIM_PID; wait $SHIM_PID; rc=$?
[ $rc = 0 ] && pass "SIGTERM: exit 0" || fail "SIGTERM: exit $rc; $(cat "$TMP/shim.err")"
[ -s "$TMP/shim.err" ] && { echo "polkit-shim stderr:"; cat "$TMP/shim.err"; }

if [ $FAILS = 0 ]; then echo "ALL PASS"; exit 0; fi
echo "$FAILS FAILED"; exit 1
