#!/usr/bin/env python3
"""The dbus-tcp scenario's host side: the host's own dbus-monitor on the
guest's system bus, over TCP.

Boots images/dbus-tcp through tools/qemu_run.py with eth0 a virtio-net card
whose QEMU user network forwards two free ports of the host's 127.0.0.1 to
the bus's TCP port in the guest (images/dbus-tcp/tcp.conf) and to its go
port, and a random secret on the guest's command line (cub.cookie=HEX),
which the guest puts in the bus's DBUS_COOKIE_SHA1 keyring.  When the
guest prints "dbus-tcp: bus listening on tcp port 55557" it starts the
host's /usr/bin/dbus-monitor (Debian's dbus-bin, a client nobody here
wrote) on tcp:host=127.0.0.1,port=HOSTPORT as uid 100, messagebus, with
$HOME a scratch directory whose keyring holds the same secret: the monitor
proves it is the bus's uid and may BecomeMonitor, which an ANONYMOUS
connection may not (dbus-daemon 1.14 lets only uid 0 and the bus's uid
monitor or eavesdrop, and takes DBUS_COOKIE_SHA1 only for its own uid).
Once the monitor prints, the driver connects to the go port; the guest
then runs pkcheck and sends the signal org.cub.DbusTcp.Done.

The run passes when qemu_run passes (the guest's own checks) and the
monitor's transcript holds a CheckAuthorization call and polkit-shim's
method return to that caller (reply_serial the call's serial).  Exit 77
(skipped) without /usr/bin/dbus-monitor, or when not root (setpriv).
Other arguments go to qemu_run
(--boot, --log, --junit, --name, --timeout, --expect-console).
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

from net_scenario import RUNNER, free_port, with_retries

MONITOR = "/usr/bin/dbus-monitor"
READY = "dbus-tcp: bus listening on tcp port "
GUEST_BUS_PORT = 55557
GUEST_GO_PORT = 55558
MAC0 = "52:54:00:12:34:01"
DONE_MEMBER = "interface=org.cub.DbusTcp; member=Done"
# The guest's bus runs as uid 100 (messagebus), the only uid its
# DBUS_COOKIE_SHA1 accepts, and the bus's own uid may monitor.
BUS_UID, BUS_GID = 100, 101

def scratch_home(root, cookie):
    """A home in ROOT for uid 100 whose keyring holds the guest's secret as
    key 1; returns its path (libdbus finds the keyring in $HOME)."""
    home = os.path.join(root, "home")
    ring = os.path.join(home, ".dbus-keyrings")
    os.makedirs(ring, mode=0o700)
    path = os.path.join(ring, "org_freedesktop_general")
    with open(path, "w") as f:
        f.write("1 %d %s\n" % (int(time.time()), cookie))
    os.chmod(path, 0o600)
    os.chmod(root, 0o711)
    for p in (home, ring, path):
        os.chown(p, BUS_UID, BUS_GID)
    return home


HEADER = re.compile(r"^(method call|method return|error|signal) time=\S+ sender=(\S+) -> "
                    r"destination=(\S+) serial=(\d+)(?: reply_serial=(\d+))?(.*)$")


def say(text):
    sys.stdout.write("dbus-tcp-host: %s\n" % text)
    sys.stdout.flush()


class Monitor:
    """The host's dbus-monitor, its stdout and stderr collected by threads."""

    def __init__(self, port, home):
        self.out, self.err = [], []
        self.done = threading.Event()
        self.printed = threading.Event()
        self.proc = subprocess.Popen(
            ["setpriv", "--reuid=%d" % BUS_UID, "--regid=%d" % BUS_GID, "--clear-groups",
             MONITOR, "--address", "tcp:host=127.0.0.1,port=%d" % port],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, errors="replace", env=dict(os.environ, LC_ALL="C", HOME=home))
        self.threads = [threading.Thread(target=self.collect, args=(f, lines), daemon=True)
                        for f, lines in ((self.proc.stdout, self.out), (self.proc.stderr, self.err))]
        for t in self.threads:
            t.start()

    def collect(self, stream, lines):
        for line in stream:
            lines.append(line.rstrip("\n"))
            if lines is self.out:
                self.printed.set()
            if DONE_MEMBER in line and lines is self.out:
                self.done.set()

    def stop(self):
        # The guest finishes after its marker signal; give the monitor a
        # moment to print it (it reaches the host through the forward).
        self.done.wait(timeout=5)
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for t in self.threads:
            t.join(timeout=5)


def send_go(port, monitor):
    """Once the monitor has printed (it has become a monitor, or fallen
    back), tells the guest on its go port; True when that worked."""
    if not monitor.printed.wait(timeout=30):
        say("the monitor printed nothing within 30 s")
        return False
    def attempt():
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"go")
        return True
    return with_retries(attempt, "go", say)


def polkit_exchanges(lines):
    """(call, reply) header lines: each CheckAuthorization call with the
    method return whose destination is its sender and reply_serial its
    serial (or None)."""
    calls, returns = [], {}
    for line in lines:
        m = HEADER.match(line)
        if not m:
            continue
        kind, sender, dest, serial, reply_serial, rest = m.groups()
        if kind == "method call" and "member=CheckAuthorization" in rest:
            calls.append((sender, serial, line))
        elif kind == "method return":
            returns[(dest, reply_serial)] = line
    return [(line, returns.get((sender, serial))) for sender, serial, line in calls]


def main(argv):
    if not os.access(MONITOR, os.X_OK):
        print("dbus-tcp-host: SKIP: %s is missing (Debian's dbus-bin; ./cub setup installs it)"
              % MONITOR)
        return 77
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        print("dbus-tcp-host: SKIP: needs root and setpriv (the monitor runs as uid 100)")
        return 77
    image, rest = argv[0], argv[1:]
    port, go_port = free_port(), free_port()
    cookie = secrets.token_hex(32)
    cmd = [sys.executable, str(RUNNER), "--image", image, "--stream",
           "--nic", "virtio,mac=%s,hostfwd=tcp:127.0.0.1:%d-:%d,hostfwd=tcp:127.0.0.1:%d-:%d"
           % (MAC0, port, GUEST_BUS_PORT, go_port, GUEST_GO_PORT),
           "--append", "cub.cookie=" + cookie] + rest
    scratch = tempfile.mkdtemp(prefix="cub-dbus-tcp-")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, errors="replace")
    monitor = None
    for line in proc.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        if READY in line and monitor is None:
            say("starting %s --address tcp:host=127.0.0.1,port=%d" % (MONITOR, port))
            monitor = Monitor(port, scratch_home(scratch, cookie))
            threading.Thread(target=send_go, args=(go_port, monitor), daemon=True).start()
    status = proc.wait()
    if monitor is not None:
        monitor.stop()
    shutil.rmtree(scratch, ignore_errors=True)
    if monitor is None:
        say("the guest never said its bus was listening")
        return status or 1
    for line in monitor.err:
        say("monitor stderr: " + line)
    for line in monitor.out:
        say("monitor: " + line)
    fell_back = any("Falling back to eavesdropping" in line for line in monitor.err)
    say("the monitor %s" % ("fell back to eavesdropping (BecomeMonitor refused)" if fell_back
                           else "used BecomeMonitor"))
    exchanges = polkit_exchanges(monitor.out)
    answered = [e for e in exchanges if e[1]]
    say("monitor exited %s; saw %d CheckAuthorization call(s), %d with polkit-shim's reply"
        % (monitor.proc.returncode, len(exchanges), len(answered)))
    for call, reply in answered:
        say("seen: " + call)
        say("seen: " + reply)
    if not answered:
        say("FAIL: the host's monitor did not see a CheckAuthorization call and its reply")
        if status == 0:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
