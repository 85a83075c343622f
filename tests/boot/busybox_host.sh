#!/bin/sh
# Runs the busybox scenario's init script on the host, with Debian's
# busybox applets first in PATH and a private work directory: the
# reference run.  The image runs the same script and must pass it too.
set -e
script=$1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mkdir "$d/bin"
for a in $(grep -o 'slink /bin/[a-z]*' "$(dirname "$script")/manifest" | cut -d/ -f3); do
	ln -s /bin/busybox "$d/bin/$a"
done
cd /
PATH_OVERRIDE="$d/bin" WORKDIR="$d/t" busybox sh "$script"
