#!/usr/bin/env python3
"""How a cub run ends: the contract between the kernel and the host tools.

The kernel can only report its result through the way QEMU exits, so the
numbers below are shared by the kernel (core/) and every host tool that
boots it (qemu_run.py, bench_boot.py, the matrix runner).  They live in this
one module so that no tool hard-codes them.

  * Clean end: the kernel prints POWEROFF_MARKER and powers off through
    ACPI; QEMU exits 0.  QEMU also exits 0 after a triple fault because of
    -no-reboot, so a run only counts as a pass when the marker was seen too.
  * A kernel test failed: the kernel writes DEBUG_EXIT_FAIL to the
    isa-debug-exit port; QEMU exits (value << 1) | 1 = 3.
  * Kernel panic: the kernel writes DEBUG_EXIT_PANIC; QEMU exits 101.

Run it to print the table (handy when writing the kernel side).
"""

import argparse

# The isa-debug-exit device the runner adds to every QEMU command line.
DEBUG_EXIT_IOBASE = 0xF4
DEBUG_EXIT_IOSIZE = 0x04
DEBUG_EXIT_DEVICE = "isa-debug-exit,iobase=0x%x,iosize=0x%02x" % (
    DEBUG_EXIT_IOBASE, DEBUG_EXIT_IOSIZE)

# Values the kernel writes to the isa-debug-exit port.
DEBUG_EXIT_FAIL = 1
DEBUG_EXIT_PANIC = 50

# The line the kernel prints just before a clean ACPI power-off.
POWEROFF_MARKER = "cub: power off (status 0)"

# The kernel banner, printed once early in boot ("cub 0.1.0 x86_64: booting").
BANNER_RE = r"cub \S+ x86_64: booting"

# Outcomes of one run.  The first three are what --expect accepts.
PASS = "pass"
FAIL = "fail"
PANIC = "panic"
TIMEOUT = "timeout"
ERROR = "error"
EXPECTABLE = (PASS, FAIL, PANIC)


def qemu_exit_code(debug_exit_value):
    """QEMU's exit status after the guest writes value to isa-debug-exit."""
    return (debug_exit_value << 1) | 1


QEMU_EXIT_POWEROFF = 0
QEMU_EXIT_FAIL = qemu_exit_code(DEBUG_EXIT_FAIL)    # 3
QEMU_EXIT_PANIC = qemu_exit_code(DEBUG_EXIT_PANIC)  # 101


def saw_poweroff_marker(lines):
    """True when some console line carries the power-off marker.

    The marker is searched within the line because the kernel may prefix its
    lines with a timestamp.
    """
    return any(POWEROFF_MARKER in line for line in lines)


def classify(qemu_status, saw_marker, timed_out=False):
    """Turns how QEMU ended into (outcome, detail).

    outcome is one of PASS, FAIL, PANIC, TIMEOUT, ERROR; detail is a short
    human explanation such as "qemu exit 0 without the power-off line".
    """
    if timed_out:
        return TIMEOUT, "timed out, QEMU killed"
    if qemu_status == QEMU_EXIT_POWEROFF:
        if saw_marker:
            return PASS, "clean power-off"
        return ERROR, ("qemu exit 0 without the line %r (a triple fault "
                       "also exits 0)" % POWEROFF_MARKER)
    if qemu_status == QEMU_EXIT_FAIL:
        return FAIL, "a kernel test failed (qemu exit %d)" % qemu_status
    if qemu_status == QEMU_EXIT_PANIC:
        return PANIC, "kernel panic (qemu exit %d)" % qemu_status
    return ERROR, ("qemu exit %s, which is not one of cub's exit statuses"
                   % qemu_status)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    print("isa-debug-exit device: -device %s" % DEBUG_EXIT_DEVICE)
    print("clean end:  print %r, ACPI power-off -> qemu exit %d"
          % (POWEROFF_MARKER, QEMU_EXIT_POWEROFF))
    print("test fail:  write %d to port 0x%x -> qemu exit %d"
          % (DEBUG_EXIT_FAIL, DEBUG_EXIT_IOBASE, QEMU_EXIT_FAIL))
    print("panic:      write %d to port 0x%x -> qemu exit %d"
          % (DEBUG_EXIT_PANIC, DEBUG_EXIT_IOBASE, QEMU_EXIT_PANIC))


if __name__ == "__main__":
    main()
