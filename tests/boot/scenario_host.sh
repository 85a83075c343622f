#!/bin/sh
# scenario_host.sh NAME CPIO [REGEX]: runs a scenario image natively on Linux, the
# reference for what cub must do.  It unpacks the image's initramfs (owners
# and set-id modes kept, hence root) into a private directory and runs its
# /sbin/init as PID 1 of new PID, mount and network namespaces, with /proc
# and /dev mounted there only.  The exit status is init's verdict, as in
# cub, or 1 when REGEX (grep -E) matches no line of what it printed; 77
# (skipped) without root or unshare(1).
set -e
name=$1
cpio=$2
want=${3:-}
if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
	echo "$name: needs root and unshare(1); skipped"
	exit 77
fi
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
# The image's root directory, like cub's, is searchable by every user.
chmod 0755 "$d"
(cd "$d" && cpio -idm --quiet) < "$cpio"
status=0
unshare --mount --pid --net --fork --kill-child sh -c \
	"mount --bind /dev '$d/dev' && mount -t proc proc '$d/proc' && exec chroot '$d' /sbin/init" \
	>"$d.log" 2>&1 || status=$?
cat "$d.log"
if [ -n "$want" ] && ! grep -qE -- "$want" "$d.log"; then
	echo "$name: no line matched '$want'"
	[ "$status" -ne 0 ] || status=1
fi
rm -f "$d.log"
exit "$status"
