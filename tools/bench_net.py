#!/usr/bin/env python3
"""./cub bench net: TCP in cub against Linux loopback on this host.

The same static tests/user/bench_net runs natively and in the bench-net
image (one virtio-net card): TCP ping-pong, stream throughput and the
connect rate over 127.0.0.1; then it is the sink of a 16 MiB stream that
this tool sends, natively to 127.0.0.1 and to the image through QEMU's
forwarded port (host -> QEMU's user network -> virtio-net -> lwIP).  Each
line is the time per operation natively and in cub and the ratio; the
host-to-image figure is against the same stream over the host's loopback.
"""

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_ratio  # noqa: E402

CHUNK = 65536
STREAM_CHUNKS = 256      # 16 MiB
GUEST_SINK_PORT = 5001
READY = "bench-net: sink ready"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def send_stream(port, deadline=60):
    """Connects (retrying while the far side comes up) and sends the stream."""
    data = b"n" * CHUNK
    end = time.monotonic() + deadline
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                for _ in range(STREAM_CHUNKS):
                    s.sendall(data)
                s.shutdown(socket.SHUT_WR)
                s.recv(1)   # the sink closes after EOF
                return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.2)


def host_side(binary):
    text = subprocess.run([str(binary)], capture_output=True, text=True, check=True).stdout
    port = free_port()
    sink = subprocess.Popen([str(binary), "--sink", str(port)], stdout=subprocess.PIPE, text=True)
    sink.stdout.readline()          # the ready line
    send_stream(port)
    text += sink.communicate()[0]
    return text


def cub_side(image, accel):
    port = free_port()
    log = Path(image) / f"console-bench-net-{accel}.log"
    cmd = [sys.executable, str(HERE / "qemu_run.py"), "--image", str(image), "--boot", "direct",
           "--accel", accel, "--timeout", "300", "--log", str(log), "--stream",
           "--nic", f"virtio,hostfwd=tcp:127.0.0.1:{port}-:{GUEST_SINK_PORT}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            errors="replace")
    text = ""
    for line in proc.stdout:
        text += line
        if READY in line:
            send_stream(port)
    proc.wait()
    return text


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", required=True, help="the build folder")
    p.add_argument("--accel", default="tcg", choices=["kvm", "tcg"])
    args = p.parse_args(argv)
    build = Path(args.build)
    host = bench_ratio.parse(host_side(build / "tests/user/bench_net"))
    cub_text = cub_side(build / "images/bench-net", args.accel)
    cub = bench_ratio.parse(cub_text)
    skipped = {m.group(1): m.group(2).strip() for m in bench_ratio.SKIP.finditer(cub_text)}
    bench_ratio.print_table("bench net", args.accel, host, cub, skipped)
    return 0 if cub else 1


if __name__ == "__main__":
    sys.exit(main())
