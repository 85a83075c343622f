#!/usr/bin/env python3
"""Boots one cub image in QEMU and decides whether the run passed.

This is how ctest, CI and `cub run` boot an image.  It builds the QEMU
command line (GRUB ISO or QEMU's direct -kernel boot), records the serial
console to a log, enforces a time limit, reads the GoogleTest-format test
results the kernel prints, and turns the way QEMU exited into an outcome
using the contract in cubstatus.py:

    pass     QEMU exit 0 and the console showed "cub: power off (status 0)"
    fail     QEMU exit 3   (the kernel wrote 1 to isa-debug-exit)
    panic    QEMU exit 101 (the kernel wrote 50 to isa-debug-exit)
    timeout  the time limit passed; QEMU was killed
    error    anything else, e.g. a triple fault (exit 0, no power-off line)

The run succeeds (exit 0) when the outcome is the expected one (--expect),
every test case passed (only checked with --expect pass), every
--expect-console regex matched some line, and at least --min-tests cases
ran.  Otherwise it exits 1 and explains why on stderr.  Exit 2 means the
run could not start (missing image files, QEMU or grub-mkrescue not found).

The image directory holds kernel.elf, cub.iso and cmdline (the image's
kernel command line).  See docs/runner.md.
"""

import argparse
import contextlib
import os
import re
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

import cubstatus
import gtest_parse
import mkiso

QEMU = "qemu-system-x86_64"
BOOT_PATHS = ("grub", "direct")
ACCELS = ("tcg", "kvm")
# --nic MODEL -> the QEMU device; each card gets its own user-mode network
# (slirp: 10.0.2.0/24, gateway 10.0.2.2, DNS 10.0.2.3).
# "virtio-modern" is a modern-only virtio-net card, which cub refuses: it
# tests that an unsupported card is skipped with a message.
NIC_MODELS = {"virtio": "virtio-net-pci", "e1000": "e1000",
              "virtio-modern": "virtio-net-pci,disable-legacy=on"}
MAC_RE = re.compile(r"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$")
TAIL_EXPLAIN = 20   # console lines in the failure explanation
TAIL_JUNIT = 40     # console lines in the JUnit "boot" failure

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>78c]")
# GRUB's own failure messages: the kernel never started, so waiting for the
# time limit would only waste it.
GRUB_FAILURE_RE = re.compile(r"^error: (.*)|Failed to boot both default and "
                             r"fallback entries")
XML_BAD_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class RunnerError(Exception):
    """The run could not start; the message says what to fix."""


# ------------------------------------------------------- the QEMU command

@dataclass
class Image:
    path: str
    kernel: str
    iso: str
    cmdline: str


def load_image(path, boot, extra_args):
    """Checks that path holds what this boot needs and reads its cmdline."""
    if not os.path.isdir(path):
        raise RunnerError("image directory %s does not exist (build the "
                          "image first)" % path)
    image = Image(path, os.path.join(path, "kernel.elf"),
                  os.path.join(path, "cub.iso"), "")
    needed = ["cmdline"]
    if boot == "direct" or extra_args:
        needed.append("kernel.elf")
    if boot == "grub" and not extra_args:
        needed.append("cub.iso")
    missing = [n for n in needed if not os.path.isfile(os.path.join(path, n))]
    if missing:
        raise RunnerError("image directory %s has no %s (build the image "
                          "first)" % (path, " or ".join(missing)))
    try:
        image.cmdline = mkiso.read_cmdline_file(os.path.join(path, "cmdline"))
    except mkiso.IsoError as e:
        raise RunnerError(str(e))
    return image


@dataclass
class Nic:
    model: str          # a NIC_MODELS key
    mac: str = ""       # "" = QEMU's default
    # QEMU's hostfwd rules, e.g. "tcp:127.0.0.1:5555-:7": a host port
    # forwarded to the guest's address on this card's network.
    hostfwd: list = field(default_factory=list)


def nic_args(nics):
    """-netdev/-device pairs, one user-mode network per card (netN); with
    no card "-nic none", or QEMU would add its default e1000."""
    if not nics:
        return ["-nic", "none"]
    args = []
    for i, nic in enumerate(nics):
        device = "%s,netdev=net%d" % (NIC_MODELS[nic.model], i)
        if nic.mac:
            device += ",mac=" + nic.mac
        netdev = "user,id=net%d" % i + "".join(",hostfwd=" + f for f in nic.hostfwd)
        args += ["-netdev", netdev, "-device", device]
    return args


@dataclass
class Config:
    """Everything that decides the QEMU command line."""
    image: Image
    boot: str = "grub"
    accel: str = "tcg"
    memory: int = 256
    smp: int = 1
    extra_args: list = field(default_factory=list)
    qemu: str = QEMU
    interactive: bool = False
    nics: list = field(default_factory=list)   # [Nic], in PCI slot order

    @property
    def cmdline(self):
        return mkiso.full_cmdline(self.image.cmdline, " ".join(self.extra_args))


def qemu_command(config, iso=None):
    """The argv for QEMU; iso is the ISO to boot when config.boot is grub."""
    cmd = [config.qemu, "-machine", "pc", "-accel", config.accel,
           "-cpu", "host" if config.accel == "kvm" else "max",
           "-m", str(config.memory), "-smp", str(config.smp),
           "-display", "none", "-vga", "none", "-no-reboot",
           "-device", cubstatus.DEBUG_EXIT_DEVICE]
    if config.interactive:
        # The terminal is the serial line: signal=off passes ^C to the
        # guest, and the mux gives QEMU's monitor behind ^A c (^A x quits).
        cmd += ["-chardev", "stdio,id=term,mux=on,signal=off",
                "-serial", "chardev:term", "-mon", "chardev=term,mode=readline"]
    else:
        cmd += ["-serial", "stdio", "-monitor", "none"]
    cmd += nic_args(config.nics)
    if config.boot == "direct":
        cmd += ["-kernel", config.image.kernel, "-append", config.cmdline]
    else:
        cmd += ["-cdrom", iso or config.image.iso, "-boot", "d"]
    return cmd


@contextlib.contextmanager
def prepared_command(config):
    """Yields the QEMU argv, building a temporary ISO when GRUB needs one.

    The image's own cub.iso carries the image's command line; extra kernel
    arguments on the GRUB path need an ISO of their own, removed afterwards.
    """
    if config.boot != "grub" or not config.extra_args:
        yield qemu_command(config)
        return
    with tempfile.TemporaryDirectory(prefix="cub-run-") as tmp:
        iso = os.path.join(tmp, "cub.iso")
        try:
            mkiso.build_iso(config.image.kernel, config.cmdline, iso)
        except mkiso.IsoError as e:
            raise RunnerError("cannot build the ISO with the extra arguments: %s" % e)
        yield qemu_command(config, iso)


# ----------------------------------------------------------- running QEMU

def stdout_to_devnull():
    """After a broken pipe, later writes (and the exit-time flush) go nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def say(text):
    """Prints a line on stdout, surviving a reader that went away."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        stdout_to_devnull()


def clean_line(raw):
    """Console bytes of one line -> text without \\r and escape sequences."""
    text = raw.decode("utf-8", errors="replace")
    return ANSI_RE.sub("", text).replace("\r", "")


class LineSplitter:
    """Turns console chunks into lines, remembering when each one ended."""

    def __init__(self, start, on_line=None, echo=None, stop_when=None):
        self.start, self.on_line, self.echo = start, on_line, echo
        self.stop_when, self.stop = stop_when, None
        self.pending = b""
        self.lines, self.times = [], []

    def feed(self, chunk, now):
        parts = (self.pending + chunk).split(b"\n")
        self.pending = parts.pop()
        for raw in parts:
            self._emit(raw, now)

    def flush(self, now):
        if self.pending:
            self._emit(self.pending, now)
            self.pending = b""

    def _emit(self, raw, now):
        line = clean_line(raw)
        self.lines.append(line)
        self.times.append(now - self.start)
        if self.echo is not None:
            try:
                self.echo.write(line + "\n")
                self.echo.flush()
            except BrokenPipeError:
                self.echo = None  # e.g. piped into head: keep running quietly
                stdout_to_devnull()
        if self.on_line is not None:
            self.on_line(line, now - self.start)
        if self.stop_when is not None and self.stop is None:
            self.stop = self.stop_when(line)


@dataclass
class RunResult:
    status: int = None        # QEMU's exit status (None after a timeout)
    timed_out: bool = False
    lines: list = field(default_factory=list)   # cleaned console lines
    times: list = field(default_factory=list)   # seconds from spawn, per line
    elapsed: float = 0.0      # seconds from spawn until QEMU was gone
    stderr: str = ""          # what QEMU itself printed on stderr
    stopped: str = None       # why the run was cut short (see stop_when)


def kill_group(proc):
    """Kills QEMU and anything it started (it leads its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def collect_stderr(pipe, sink, echo):
    for raw in iter(pipe.readline, b""):
        text = raw.decode("utf-8", errors="replace")
        sink.append(text)
        if echo:
            sys.stderr.write(text)
            sys.stderr.flush()


def pump_stdout(proc, deadline, log, splitter):
    """Copies QEMU's stdout to the log and the splitter.

    Returns True at EOF, False when the deadline passed or splitter.stop
    was set.
    """
    fd = proc.stdout.fileno()
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            if not sel.select(remaining):
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                return True
            log.write(chunk)
            log.flush()
            splitter.feed(chunk, time.monotonic())
            if splitter.stop:
                return False


def spawn(cmd):
    try:
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    except OSError as e:
        raise RunnerError("cannot run %s: %s (is QEMU installed?)"
                          % (cmd[0], e.strerror))


def run_qemu(cmd, timeout, log_path, stream=False, on_line=None, stop_when=None):
    """Runs QEMU until it exits or timeout seconds pass; returns RunResult.

    Every console byte goes to log_path as it arrives.  on_line(line,
    seconds_since_spawn) is called for each complete console line (the clock
    starts just before QEMU is spawned).  stop_when(line) may return a
    reason to kill QEMU early (recorded in RunResult.stopped).
    """
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    result, stderr_parts = RunResult(), []
    with open(log_path, "wb") as log:
        start = time.monotonic()
        proc = spawn(cmd)
        splitter = LineSplitter(start, on_line, sys.stdout if stream else None,
                                stop_when)
        reader = threading.Thread(target=collect_stderr,
                                  args=(proc.stderr, stderr_parts, stream), daemon=True)
        reader.start()
        try:
            finished = pump_stdout(proc, start + timeout, log, splitter)
            if finished:
                proc.wait(timeout=max(0.0, start + timeout - time.monotonic()))
        except subprocess.TimeoutExpired:
            finished = False
        finally:
            if proc.poll() is None:
                kill_group(proc)
            reader.join(timeout=5)
            proc.stdout.close()
            if not reader.is_alive():
                proc.stderr.close()
        result.elapsed = time.monotonic() - start
        splitter.flush(time.monotonic())
        result.stderr = "".join(stderr_parts)
        if result.stderr:
            log.write(b"\n--- qemu stderr ---\n" + result.stderr.encode())
    result.stopped = splitter.stop
    result.timed_out = not finished and not result.stopped
    result.status = proc.returncode if finished else None
    result.lines, result.times = splitter.lines, splitter.times
    return result


# ---------------------------------------------------------------- verdict

@dataclass
class Verdict:
    outcome: str              # cubstatus PASS, FAIL, ...
    detail: str               # how QEMU ended, in words
    cases: list               # gtest_parse.TestCase
    problems: list            # sentences; empty when the run is good
    boot_ok: bool             # the run-level checks (all but the cases)

    @property
    def ok(self):
        return not self.problems


def judge(result, expect, console_res=(), min_tests=0):
    """Applies the run's expectations to a RunResult."""
    marker = cubstatus.saw_poweroff_marker(result.lines)
    outcome, detail = cubstatus.classify(result.status, marker, result.timed_out)
    if result.stopped:
        outcome, detail = cubstatus.ERROR, result.stopped
    cases = gtest_parse.parse(result.lines)
    problems = []
    if outcome != expect:
        problems.append("Expected the run to end with %s, but it ended with "
                        "%s: %s." % (expect.upper(), outcome.upper(), detail))
        if outcome == cubstatus.ERROR and result.stderr.strip():
            problems.append("QEMU said: %s." % " / ".join(
                result.stderr.strip().splitlines()[-3:]))
    for regex in console_res:
        if not any(regex.search(line) for line in result.lines):
            problems.append("No console line matched %r." % regex.pattern)
    if len(cases) < min_tests:
        problems.append("Only %d test case(s) ran; at least %d were expected."
                        % (len(cases), min_tests))
    boot_ok = not problems
    failed = [c.full_name for c in cases if c.status == gtest_parse.FAILED]
    if failed and expect == cubstatus.PASS:
        problems.append("%d test case(s) failed: %s." % (len(failed), ", ".join(failed)))
    return Verdict(outcome, detail, cases, problems, boot_ok)


class GrubWatch:
    """stop_when for the GRUB path: GRUB reported a failure before the banner.

    Once the kernel banner has appeared, console lines belong to the kernel
    and its programs, which may well print "error: ..." themselves.
    """

    def __init__(self):
        self.banner = re.compile(cubstatus.BANNER_RE)
        self.kernel_started = False

    def __call__(self, line):
        if self.kernel_started or self.banner.search(line):
            self.kernel_started = True
            return None
        match = GRUB_FAILURE_RE.search(line)
        if not match:
            return None
        return "GRUB could not boot the kernel (%s)" % (
            match.group(1) or match.group(0))


def status_text(result, timeout):
    if result.timed_out:
        return "timeout after %g s" % timeout
    if result.stopped:
        return "stopped early"
    return "status %d" % result.status


def summary_line(name, result, verdict, expect, timeout):
    text = "qemu_run: %s: %s (%s, %d tests, %.2f s)" % (
        name, verdict.outcome.upper(), status_text(result, timeout),
        len(verdict.cases), result.elapsed)
    if verdict.outcome != expect:
        text += ", expected %s" % expect.upper()
    elif expect != cubstatus.PASS:
        text += ", as expected"
    return text


def closing_line(verdict):
    passed, failed, skipped = gtest_parse.counts(verdict.cases)
    passed += 1 if verdict.boot_ok else 0
    failed += 0 if verdict.boot_ok else 1
    text = "%d passed, %d failed" % (passed, failed)
    return text + (", %d skipped" % skipped if skipped else "")


def explanation(name, verdict, lines, log_path):
    tail = lines[-TAIL_EXPLAIN:]
    text = "qemu_run: %s: FAILED. %s Console log: %s." % (
        name, " ".join(verdict.problems), log_path)
    if not tail:
        return text + " The console stayed empty.\n"
    text += " Last %d console lines:\n" % len(tail)
    return text + "".join("    | %s\n" % line for line in tail)


# ------------------------------------------------------------------ JUnit

def xml_text(text):
    return XML_BAD_RE.sub("\ufffd", text)


def junit_case(suite, classname, name, seconds):
    return ET.SubElement(suite, "testcase", classname=xml_text(classname),
                         name=xml_text(name), time="%.3f" % seconds)


def add_failure(case, message, text):
    failure = ET.SubElement(case, "failure", message=xml_text(message))
    failure.text = xml_text(text)


def junit_xml(name, verdict, lines, elapsed):
    """The JUnit document: one testcase per parsed case, plus "boot"."""
    suite = ET.Element("testsuite", name=xml_text(name))
    for c in verdict.cases:
        case = junit_case(suite, c.suite or name, c.name, c.time)
        if c.status == gtest_parse.FAILED:
            add_failure(case, (c.message.splitlines() or ["failed"])[-1], c.message)
        elif c.status == gtest_parse.SKIPPED:
            ET.SubElement(case, "skipped")
    boot = junit_case(suite, name, "boot", elapsed)
    if not verdict.boot_ok:
        tail = "\n".join(lines[-TAIL_JUNIT:])
        add_failure(boot, "%s: %s" % (verdict.outcome.upper(), verdict.detail),
                    "%s\n%s\n\nLast %d console lines:\n%s" % (
                        verdict.outcome.upper(), " ".join(verdict.problems),
                        min(len(lines), TAIL_JUNIT), tail))
    passed, failed, skipped = gtest_parse.counts(verdict.cases)
    suite.set("tests", str(len(verdict.cases) + 1))
    suite.set("failures", str(failed + (0 if verdict.boot_ok else 1)))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    suite.set("time", "%.3f" % elapsed)
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def setup_error_junit(name, message):
    verdict = Verdict(cubstatus.ERROR, message, [], [message], False)
    return junit_xml(name, verdict, [], 0.0)


def write_text(path, text):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# -------------------------------------------------------------------- CLI

def regex_arg(text):
    try:
        return re.compile(text)
    except re.error as e:
        raise argparse.ArgumentTypeError("bad regex %r: %s" % (text, e))


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


HOSTFWD_RE = re.compile(r"^(tcp|udp):(127\.0\.0\.1)?:\d+-:\d+$")


def nic_arg(text):
    """MODEL[,mac=XX:XX:XX:XX:XX:XX][,hostfwd=tcp:127.0.0.1:HOSTPORT-:PORT]... -> Nic."""
    model, _, rest = text.partition(",")
    if model not in NIC_MODELS:
        raise argparse.ArgumentTypeError("unknown NIC model %r (one of %s)"
                                         % (model, ", ".join(NIC_MODELS)))
    nic = Nic(model)
    for opt in filter(None, rest.split(",")):
        key, _, value = opt.partition("=")
        if key == "mac" and MAC_RE.match(value):
            nic.mac = value.lower()
        elif key == "hostfwd" and HOSTFWD_RE.match(value):
            nic.hostfwd.append(value)
        else:
            raise argparse.ArgumentTypeError(
                "bad NIC option %r (mac=XX:XX:XX:XX:XX:XX or "
                "hostfwd=tcp:127.0.0.1:HOSTPORT-:GUESTPORT)" % opt)
    return nic


def add_qemu_options(p):
    """Options shared with bench_boot.py."""
    p.add_argument("--image", required=True, metavar="DIR",
                   help="image directory holding kernel.elf, cub.iso, cmdline")
    p.add_argument("--accel", choices=ACCELS, default="tcg",
                   help="QEMU accelerator (default %(default)s)")
    p.add_argument("--memory", type=positive_int, default=256, metavar="MB",
                   help="guest memory in MiB (default %(default)s)")
    p.add_argument("--smp", type=positive_int, default=1, metavar="N",
                   help="number of CPUs (default %(default)s)")
    p.add_argument("--append", action="append", default=[], metavar="ARGS",
                   help="extra kernel arguments after the image's cmdline "
                        "(repeatable)")
    p.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                   help="kill QEMU after this long (default %(default)s)")
    p.add_argument("--qemu", default=QEMU, help="QEMU program (default %(default)s)")
    p.add_argument("--nic", action="append", default=[], type=nic_arg,
                   metavar="MODEL[,mac=MAC][,hostfwd=RULE]",
                   help="add a network card (virtio, e1000 or virtio-modern) "
                        "on its own QEMU "
                        "user-mode network (repeatable; default none)")


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_qemu_options(p)
    p.add_argument("--boot", choices=BOOT_PATHS, default="grub",
                   help="GRUB ISO or QEMU -kernel (default %(default)s)")
    p.add_argument("--log", metavar="FILE",
                   help="console log (default DIR/console-BOOT.log)")
    p.add_argument("--junit", metavar="FILE", help="write a JUnit XML report")
    p.add_argument("--interactive", action="store_true",
                   help="attach this terminal to the serial console (./cub shell)")
    p.add_argument("--stream", action="store_true",
                   help="echo the console to stdout while it runs")
    p.add_argument("--expect", choices=cubstatus.EXPECTABLE, default=cubstatus.PASS,
                   help="the outcome that counts as success (default %(default)s)")
    p.add_argument("--expect-console", action="append", default=[],
                   type=regex_arg, metavar="REGEX",
                   help="some console line must match (repeatable)")
    p.add_argument("--min-tests", type=int, default=0, metavar="N",
                   help="fail if fewer test cases ran")
    p.add_argument("--name", help="suite name (default IMAGE-DIR-NAME/BOOT)")
    args = p.parse_args(argv)
    image_name = os.path.basename(os.path.normpath(args.image))
    args.name = args.name or "%s/%s" % (image_name, args.boot)
    args.log = args.log or os.path.join(args.image, "console-%s.log" % args.boot)
    return args


def run_interactive(config):
    """QEMU on this terminal; returns 0 for a clean power-off."""
    if not os.isatty(sys.stdin.fileno()):
        raise RunnerError("--interactive needs a terminal on stdin")
    with prepared_command(config) as cmd:
        status = subprocess.call(cmd)
    outcome = {cubstatus.QEMU_EXIT_POWEROFF: "powered off",
               cubstatus.QEMU_EXIT_FAIL: "init failed (QEMU status 3)",
               cubstatus.QEMU_EXIT_PANIC: "kernel panic (QEMU status 101)"}
    say("\r\nqemu_run: %s" % outcome.get(status, "QEMU exited with status %d" % status))
    return 0 if status == cubstatus.QEMU_EXIT_POWEROFF else 1


def run(args):
    """Boots once and reports; returns the exit status."""
    image = load_image(args.image, args.boot, args.append)
    config = Config(image, args.boot, args.accel, args.memory, args.smp,
                    args.append, args.qemu, args.interactive, args.nic)
    if args.interactive:
        return run_interactive(config)
    with prepared_command(config) as cmd:
        stop_when = GrubWatch() if args.boot == "grub" else None
        result = run_qemu(cmd, args.timeout, args.log, args.stream,
                          stop_when=stop_when)
    verdict = judge(result, args.expect, args.expect_console, args.min_tests)
    if args.junit:
        write_text(args.junit, junit_xml(args.name, verdict, result.lines,
                                         result.elapsed))
    say(summary_line(args.name, result, verdict, args.expect, args.timeout))
    if not verdict.ok:
        sys.stderr.write(explanation(args.name, verdict, result.lines, args.log))
        sys.stderr.flush()
    say(closing_line(verdict))
    return 0 if verdict.ok else 1


def main(argv=None):
    args = parse_args(argv)
    try:
        return run(args)
    except RunnerError as e:
        print("qemu_run: %s: error: %s" % (args.name, e), file=sys.stderr)
        if args.junit:
            write_text(args.junit, setup_error_junit(args.name, str(e)))
        return 2
    except KeyboardInterrupt:
        print("qemu_run: %s: interrupted" % args.name, file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
