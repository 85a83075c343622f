#!/usr/bin/env python3
"""Measures how fast a cub image boots, on both boot paths.

A tiny kernel should boot in well under a second; this benchmark keeps an
eye on that.  For each boot path (QEMU's direct -kernel boot and the GRUB
ISO) it boots the image --runs times with exactly the QEMU command that
qemu_run.py uses (it imports qemu_run rather than rebuilding the command)
and records, from just before QEMU is spawned:

    banner     the first console line matching the kernel banner
               ("cub 0.1.0 x86_64: booting")
    tests      the line that ends a GoogleTest-format run
               ("[==========] 3 tests from 1 test suite ran.")
    exit       QEMU exiting

It prints the median, min and max of each in milliseconds.  It is a
benchmark, not a test: a run that fails its tests is still timed.  It exits
1 only when some run never reaches the banner (or cannot start).
"""

import argparse
import os
import re
import statistics
import sys

import cubstatus
import gtest_parse
import qemu_run

METRICS = ("banner", "tests", "exit")
HEADINGS = {"banner": "banner", "tests": "tests done", "exit": "qemu exit"}


def time_one_run(cmd, timeout, log_path):
    """Boots once; returns ({metric: seconds}, RunResult)."""
    banner = re.compile(cubstatus.BANNER_RE)
    marks = {}

    def on_line(line, seconds):
        if "banner" not in marks and banner.search(line):
            marks["banner"] = seconds
        if "tests" not in marks and gtest_parse.RUN_END_RE.search(line):
            marks["tests"] = seconds

    result = qemu_run.run_qemu(cmd, timeout, log_path, on_line=on_line)
    if not result.timed_out:
        marks["exit"] = result.elapsed
    return marks, result


def outcome_of(result):
    marker = cubstatus.saw_poweroff_marker(result.lines)
    return cubstatus.classify(result.status, marker, result.timed_out)[0]


def bench_path(args, boot):
    """Times args.runs boots of one boot path; returns [marks] per run."""
    image = qemu_run.load_image(args.image, boot, args.append)
    config = qemu_run.Config(image, boot, args.accel, args.memory, args.smp,
                             args.append, args.qemu, nics=args.nic)
    log_path = os.path.join(args.image, "bench-%s.log" % boot)
    runs = []
    with qemu_run.prepared_command(config) as cmd:
        if args.verbose:
            print("bench_boot: %s: %s" % (boot, " ".join(cmd)))
        for i in range(args.runs):
            marks, result = time_one_run(cmd, args.timeout, log_path)
            marks["outcome"] = outcome_of(result)
            runs.append(marks)
            if "banner" not in marks:
                raise qemu_run.RunnerError(
                    "%s boot, run %d of %d: the kernel banner never appeared "
                    "(%s); console log: %s" % (boot, i + 1, args.runs,
                                               marks["outcome"], log_path))
    return runs


def cell(runs, metric):
    """"median [min-max]" in ms, or "-" unless every run got there."""
    values = [r[metric] * 1000 for r in runs if metric in r]
    if len(values) != len(runs):
        return "- (%d of %d runs)" % (len(values), len(runs))
    return "%6.0f [%.0f-%.0f]" % (statistics.median(values), min(values), max(values))


def outcomes(runs):
    names = [r["outcome"] for r in runs]
    return ", ".join("%d %s" % (names.count(n), n) for n in sorted(set(names)))


def table(results):
    rows = [["boot"] + [HEADINGS[m] + " ms" for m in METRICS] + ["outcomes"]]
    for boot, runs in results.items():
        rows.append([boot] + [cell(runs, m) for m in METRICS] + [outcomes(runs)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(text.ljust(w) for text, w in zip(row, widths)).rstrip()
                     for row in rows)


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    qemu_run.add_qemu_options(p)
    p.add_argument("--runs", type=qemu_run.positive_int, default=7,
                   help="boots per boot path (default %(default)s)")
    p.add_argument("--boot", action="append", choices=qemu_run.BOOT_PATHS,
                   help="only this boot path (repeatable; default both)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="print the QEMU command lines")
    args = p.parse_args(argv)
    args.boot = args.boot or ["direct", "grub"]
    return args


def main(argv=None):
    args = parse_args(argv)
    results = {}
    try:
        for boot in args.boot:
            results[boot] = bench_path(args, boot)
    except qemu_run.RunnerError as e:
        print("bench_boot: error: %s" % e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print("bench_boot: %s, %s, %d runs per boot path; ms from spawning QEMU, "
          "median [min-max]" % (args.image, args.accel, args.runs))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
