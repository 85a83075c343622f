#!/usr/bin/env python3
"""Runs the conformance suites inside cub and reports what passes.

The conformance binaries pass natively on Linux (ctest label
conformance-host).  This boots the `conformance` image, which runs the same
binaries under cub, and prints, per suite, how many distinct cases passed
out of those that ran; it exits 0 only when every case ran and passed.
It is a measurement of how much of the Linux ABI cub has, run with
`./cub conformance`, until it is green enough to join `./cub test`.
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SUITE = re.compile(r"^=== (conformance_\w+)")
RESULT = re.compile(r"\[\s+(OK|FAILED)\s+\] (\S+\.\S+) \(")
TOTAL = re.compile(r"Running (\d+) tests? from")


def parse(log_text):
    """{suite: (expected, {case: 'OK'|'FAILED'})}; the first result of a
    case counts (a child that escapes a fork may print the run again)."""
    suites = {}
    current = None
    for line in log_text.splitlines():
        line = ANSI.sub("", line)
        m = SUITE.match(line)
        if m:
            current = m.group(1)
            suites[current] = [0, {}]
            continue
        if not current:
            continue
        m = TOTAL.search(line)
        if m and not suites[current][0]:
            suites[current][0] = int(m.group(1))
        m = RESULT.search(line)
        if m:
            suites[current][1].setdefault(m.group(2), m.group(1))
    return suites


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--image", required=True, help="build/images/conformance")
    p.add_argument("--timeout", type=int, default=900)
    p.add_argument("--boot", default="direct", choices=["direct", "grub"])
    args = p.parse_args(argv)
    log = Path(args.image) / "console-conformance.log"
    subprocess.run([sys.executable, str(HERE / "qemu_run.py"), "--image", args.image,
                    "--boot", args.boot, "--memory", "512", "--timeout", str(args.timeout),
                    "--log", str(log)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    suites = parse(log.read_text(errors="replace"))
    all_ok = bool(suites)
    total_pass = total_cases = 0
    print(f"{'suite':24} {'passed':>7} {'ran':>5} {'cases':>6}")
    for name, (expected, results) in suites.items():
        passed = sum(1 for v in results.values() if v == "OK")
        print(f"{name:24} {passed:7} {len(results):5} {expected:6}")
        total_pass += passed
        total_cases += expected
        all_ok &= passed == expected
    print(f"{'total':24} {total_pass:7} {'':5} {total_cases:6}")
    print(f"console: {log}")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
