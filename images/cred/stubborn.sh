#!/bin/sh
# A service that ignores SIGTERM (and so does its child, which inherits the
# ignored disposition): init's shutdown must fall back to SIGKILL after the
# grace period, and reap the child too.
trap '' TERM
sleep 1000 &
wait
