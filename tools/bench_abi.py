#!/usr/bin/env python3
"""./cub bench abi: syscall-heavy operations, natively and inside cub.

Runs tests/user/bench_abi (a static binary) on the host, then boots the
bench-abi image where the same binary is init, and prints each
benchmark's time per operation in both and the ratio cub/Linux.  A
benchmark, not a test: it never fails on slowness.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LINE = re.compile(r"bench (\S+) (\d+) (\d+)")


def parse(text):
    out = {}
    for m in LINE.finditer(text):
        out[m.group(1)] = int(m.group(3)) / int(m.group(2))
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", required=True, help="the build folder")
    # TCG by default: on these machines nested KVM is far slower (DESIGN.md).
    p.add_argument("--accel", default="tcg", choices=["kvm", "tcg"])
    args = p.parse_args(argv)
    binary = Path(args.build) / "tests/user/bench_abi"
    with tempfile.TemporaryDirectory() as d:
        host = parse(subprocess.run([str(binary), d], capture_output=True, text=True,
                                    check=True).stdout)
    image = Path(args.build) / "images/bench-abi"
    log = image / f"console-bench-{args.accel}.log"
    subprocess.run([sys.executable, str(HERE / "qemu_run.py"), "--image", str(image),
                    "--boot", "direct", "--accel", args.accel, "--timeout", "600",
                    "--log", str(log)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cub = parse(log.read_text(errors="replace"))
    print(f"bench abi: per operation, Linux on this host vs cub under QEMU ({args.accel})")
    print(f"{'benchmark':18} {'linux':>12} {'cub':>12} {'cub/linux':>10}")
    for name, ns in host.items():
        c = cub.get(name)
        cub_text = f"{c / 1000:10.2f} us" if c else "   (no result)"
        ratio = f"{c / ns:10.1f}" if c else "          -"
        print(f"{name:18} {ns / 1000:9.2f} us {cub_text} {ratio}")
    return 0 if cub else 1


if __name__ == "__main__":
    sys.exit(main())
