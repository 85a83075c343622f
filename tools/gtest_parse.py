#!/usr/bin/env python3
"""Reads test results printed in GoogleTest's output format.

Every test in the project reports in GoogleTest's format: host unit tests,
conformance tests, and the kernel's own ktest, whose lines may carry a
prefix such as a timestamp ("[    0.123456] [ RUN      ] Pmm.Alloc").  One
parser therefore reads them all; qemu_run.py uses it on the serial console.

    [ RUN      ] Suite.Name
    ...                              (failure message lines)
    [  FAILED  ] Suite.Name (3 ms)   or  [       OK ] Suite.Name (1 ms)
                                     or  [  SKIPPED ] Suite.Name

A case that starts but never ends (the kernel crashed or hung, or another
case started) counts as failed with the message "did not finish".  The
summary that GoogleTest prints at the end ("[  FAILED  ] Suite.Name" again)
is ignored because those cases have already ended.

Run as a script to parse a log: gtest_parse.py console.log
"""

import argparse
import re
import sys
from dataclasses import dataclass, field

PASSED = "passed"
FAILED = "failed"
SKIPPED = "skipped"

# GoogleTest's status tags, exactly as it prints them.
TAG_RUN = "[ RUN      ]"
STATUS = {"[       OK ]": PASSED, "[  FAILED  ]": FAILED, "[  SKIPPED ]": SKIPPED}

RUN_RE = re.compile(re.escape(TAG_RUN) + r" (\S+)")
END_RE = re.compile(r"(%s) (\S+?),?(?: \((\d+) ms\))?(?:\s|$)"
                    % "|".join(re.escape(tag) for tag in STATUS))
# The line GoogleTest prints when the whole run is over.
RUN_END_RE = re.compile(r"\[==========\] \d+ tests? from .* ran")

DID_NOT_FINISH = "did not finish"


@dataclass
class TestCase:
    suite: str
    name: str
    status: str = FAILED          # PASSED, FAILED or SKIPPED
    time: float = 0.0             # seconds, from "(N ms)"
    message: str = ""             # lines printed between RUN and the end
    output: list = field(default_factory=list, repr=False)

    @property
    def full_name(self):
        return "%s.%s" % (self.suite, self.name) if self.suite else self.name


def split_name(full):
    """"Suite.Name" -> ("Suite", "Name"); parameterized names keep their '/'."""
    suite, dot, name = full.partition(".")
    return (suite, name) if dot else ("", full)


def _finish(case, status, ms, extra=None):
    case.status = status
    case.time = int(ms) / 1000.0 if ms else 0.0
    lines = case.output + ([extra] if extra else [])
    case.message = "\n".join(lines) if status != PASSED else ""


def parse(lines):
    """Parses an iterable of console lines; returns [TestCase] in run order."""
    cases, current = [], None
    for raw in lines:
        line = raw.rstrip("\r\n")
        run = RUN_RE.search(line)
        if run:
            if current is not None:
                _finish(current, FAILED, None, DID_NOT_FINISH)
            current = TestCase(*split_name(run.group(1)))
            cases.append(current)
            continue
        end = END_RE.search(line)
        if end and current is not None and end.group(2) == current.full_name:
            _finish(current, STATUS[end.group(1)], end.group(3))
            current = None
        elif current is not None:
            current.output.append(line)
    if current is not None:
        _finish(current, FAILED, None, DID_NOT_FINISH)
    return cases


def counts(cases):
    """(passed, failed, skipped)."""
    return tuple(sum(1 for c in cases if c.status == s)
                 for s in (PASSED, FAILED, SKIPPED))


def main():
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("log", nargs="?", default="-", help="file to parse (default stdin)")
    args = p.parse_args()
    if args.log == "-":
        text = sys.stdin.buffer.read()
    else:
        with open(args.log, "rb") as f:
            text = f.read()
    cases = parse(text.decode("utf-8", "replace").splitlines())
    for c in cases:
        print("%-8s %s (%.3f s)" % (c.status.upper(), c.full_name, c.time))
        for line in c.message.splitlines():
            print("         | " + line)
    print("%d passed, %d failed, %d skipped" % counts(cases))
    return 1 if counts(cases)[1] else 0


if __name__ == "__main__":
    sys.exit(main())
