#!/usr/bin/env python3
"""The net scenario's host side: the servers the image talks to.

Boots images/net through tools/qemu_run.py with two cards (eth0 virtio-net,
eth1 e1000, each on its own QEMU user network) and:

- serves a file over HTTP on the host's 127.0.0.1 (the guest reaches it as
  10.0.2.2, QEMU's gateway); the file holds a random token, which the
  guest gets on its command line (cub.http=10.0.2.2:PORT cub.token=TOKEN)
  and compares with what busybox wget fetched;
- once the guest prints "net-check: echo server ready", connects to the
  guest's TCP echo server through a hostfwd port of eth0, sends a line and
  wants it back.

The run passes when qemu_run passes (the guest's own checks) and the echo
came back and the HTTP server was asked for the file.  Other arguments go
to qemu_run (--boot, --log, --junit, --name, --timeout, --expect-console).
"""

import functools
import http.server
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNNER = HERE.parent.parent / "tools" / "qemu_run.py"
ECHO_READY = "net-check: echo server ready"
MAC0, MAC1 = "52:54:00:12:34:01", "52:54:00:12:34:02"
GUEST_ECHO_PORT = 7


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler(http.server.SimpleHTTPRequestHandler):
    requested = []

    def log_message(self, fmt, *args):
        Handler.requested.append(self.path)
        sys.stdout.write("net-host: http: %s\n" % (fmt % args))
        sys.stdout.flush()


def with_retries(attempt, what, log, seconds=20):
    """Calls attempt() until it returns without an OSError (a forwarded
    port takes the connection before the guest listens, then drops it),
    for up to seconds; its result, or False."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return attempt()
        except OSError as e:
            log("%s: %s; retrying" % (what, e))
            time.sleep(0.5)
    return False


def echo_exchange(port, token):
    """Sends a line to the guest's echo server; True when it comes back."""
    def attempt():
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            line = ("echo " + token + "\n").encode()
            s.sendall(line)
            got = b""
            while not got.endswith(b"\n"):
                chunk = s.recv(4096)
                if not chunk:
                    break
                got += chunk
            if got == line:
                return True
            print("net-host: echo: sent %r, got %r" % (line, got))
            return False
    return with_retries(attempt, "echo", lambda text: print("net-host: " + text))


def main(argv):
    image, rest = argv[0], argv[1:]
    token = secrets.token_hex(8)
    with tempfile.TemporaryDirectory() as root:
        Path(root, "hello.txt").write_text(token + "\n")
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=root))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        http_port = server.server_address[1]
        echo_port = free_port()
        cmd = [sys.executable, str(RUNNER), "--image", image, "--stream",
               "--nic", "virtio,mac=%s,hostfwd=tcp:127.0.0.1:%d-:%d"
               % (MAC0, echo_port, GUEST_ECHO_PORT),
               "--nic", "e1000,mac=%s" % MAC1,
               "--append", "cub.http=10.0.2.2:%d cub.token=%s" % (http_port, token)] + rest
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, errors="replace")
        echoed = None
        for line in proc.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            if ECHO_READY in line and echoed is None:
                echoed = echo_exchange(echo_port, token)
                print("net-host: echo through hostfwd %s" % ("ok" if echoed else "FAILED"))
                sys.stdout.flush()
        status = proc.wait()
        server.shutdown()
    fetched = "/hello.txt" in Handler.requested
    print("net-host: HTTP server %s" % ("served /hello.txt" if fetched else "was never asked for /hello.txt"))
    if echoed is None:
        print("net-host: the guest never said its echo server was ready")
    if status == 0 and not (echoed and fetched):
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
