#!/bin/sh
# PID 1 of the shell image.  It links every busybox applet into /bin, then
# starts a login shell in a session of its own whose controlling terminal
# is the serial line (setsid -c: TIOCSCTTY on stdin), which is what gives
# the shell job control.  init waits, and when the shell ends its status
# becomes the machine's: `exit` powers off cleanly.
/bin/busybox --install -s /bin
export PATH=/bin HOME=/root TERM=${TERM:-vt100}
cd /root
cat /etc/motd
echo "cub shell: busybox sh with job control; exit or ^D powers off."
setsid -c /bin/sh -l
status=$?
echo "cub shell: the shell exited with status $status"
exit $status
