#!/usr/bin/env python3
"""./cub bench abi|ipc|dbus: the same static benchmark natively and inside cub.

Runs tests/user/PROGRAM (bench_abi: syscall-heavy operations; bench_ipc:
IPC latency and throughput) on the host, then boots the image where the
same binary is init (bench-abi, bench-ipc), and prints each benchmark's
time per operation in both and the ratio cub/Linux.  With --host-scenario
(bench dbus) the host side is the image's own initramfs run natively as
PID 1 of new namespaces (tests/boot/scenario_host.sh, as root): the same
dbus-daemon, polkit-shim and bench_dbus on a private system bus.  A benchmark, not a
test: it never fails on slowness.  A line "bench-skip NAME why" from the
program says a benchmark could not run there (a facility is missing).
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LINE = re.compile(r"bench (\S+) (\d+) (\d+)")
SKIP = re.compile(r"bench-skip (\S+) (.*)")


def parse(text):
    out = {}
    for m in LINE.finditer(text):
        out[m.group(1)] = int(m.group(3)) / int(m.group(2))
    return out


def print_table(title, accel, host, cub, skipped):
    """Each benchmark's time per operation on Linux and in cub, and the
    ratio cub/Linux."""
    print(f"{title}: per operation, Linux on this host vs cub under QEMU ({accel})")
    print(f"{'benchmark':24} {'linux':>12} {'cub':>12} {'cub/linux':>10}")
    for name, ns in host.items():
        c = cub.get(name)
        shown = f"{c / 1000:10.2f} us" if c else "   (no result)"
        ratio = f"{c / ns:10.1f}" if c else "          -"
        why = f"  ({skipped[name]})" if name in skipped else ""
        print(f"{name:24} {ns / 1000:9.2f} us {shown} {ratio}{why}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", required=True, help="the build folder")
    p.add_argument("--program", default="bench_abi", help="tests/user/PROGRAM")
    p.add_argument("--image", default="bench-abi", help="images/IMAGE (PROGRAM as init)")
    # TCG by default: on these machines nested KVM is far slower (DESIGN.md).
    p.add_argument("--accel", default="tcg", choices=["kvm", "tcg"])
    p.add_argument("--host-scenario", action="store_true",
                   help="run the image's initramfs natively for the host side")
    args = p.parse_args(argv)
    image = Path(args.build) / "images" / args.image
    if args.host_scenario:
        host_text = subprocess.run(
            ["sh", str(HERE.parent / "tests/boot/scenario_host.sh"), args.image,
             str(image / "initramfs.cpio")], capture_output=True, text=True).stdout
    else:
        binary = Path(args.build) / "tests/user" / args.program
        with tempfile.TemporaryDirectory() as d:
            host_text = subprocess.run([str(binary), d], capture_output=True, text=True,
                                       check=True).stdout
    host = parse(host_text)
    if not host:
        print(f"bench {args.program}: no results on the host:\n{host_text}", file=sys.stderr)
        return 1
    log = image / f"console-bench-{args.accel}.log"
    subprocess.run([sys.executable, str(HERE / "qemu_run.py"), "--image", str(image),
                    "--boot", "direct", "--accel", args.accel, "--timeout", "600",
                    "--log", str(log)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cub_text = log.read_text(errors="replace")
    cub = parse(cub_text)
    skipped = {m.group(1): m.group(2).strip() for m in SKIP.finditer(cub_text)}
    print_table(f"bench {args.program}", args.accel, host, cub, skipped)
    return 0 if cub else 1


if __name__ == "__main__":
    sys.exit(main())
