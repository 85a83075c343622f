#!/bin/sh
# Runs the cred image natively on Linux: unpacks its initramfs (owners and
# set-id modes kept, hence root) into a private directory and runs its
# /sbin/init as PID 1 of new PID and mount namespaces, with /proc and /dev
# mounted there only.  The exit status is init's verdict, as in cub.
set -e
cpio=$1
if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
	echo "cred-host: needs root and unshare(1); skipped"
	exit 77
fi
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
# The image's root directory, like cub's, is searchable by every user.
chmod 0755 "$d"
(cd "$d" && cpio -idm --quiet) < "$cpio"
unshare --mount --pid --fork --kill-child sh -c \
	"mount --bind /dev '$d/dev' && mount -t proc proc '$d/proc' && exec chroot '$d' /sbin/init" 2>&1
