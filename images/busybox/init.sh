#!/bin/sh
echo "hello from busybox sh"
/bin/busybox echo "applet via execve"
/bin/busybox mkdir -p /tmp/a/b
echo data > /tmp/a/b/file
/bin/busybox cat /tmp/a/b/file
/bin/busybox ls -la /tmp/a/b
/bin/busybox uname -a
exit 0
