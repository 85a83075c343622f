#!/usr/bin/env python3
"""Drives `./cub shell` through a pseudo-terminal, as a person would.

The shell image's busybox sh runs on cub's serial terminal; this script is
the person at the keyboard: it types into the pty that QEMU's stdio is
attached to and reads what comes back.  It checks line editing (the shell's
own raw mode), canonical input with erase and ^D (cat reading the terminal
through cub's line discipline), ^C and ^Z reaching the foreground process
group, fg, a background reader stopped by SIGTTIN, stty's view of the
termios and window size, and a clean power-off on `exit`.

Output is GoogleTest-style lines so failures read like the other suites.
"""

import argparse
import os
import pty
import re
import select
import subprocess
import sys
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
PROMPT = b"cub:~# "
# "Where is the cursor?" (busybox line editing asks it after the prompt).
CURSOR_QUERY = b"\x1b[6n"


class Terminal:
    def __init__(self, argv, env):
        self.master, slave = pty.openpty()
        attrs = termios.tcgetattr(slave)
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                     env=env, start_new_session=True)
        os.close(slave)
        self.seen = b""     # everything, for the failure report
        self.pending = b""  # not yet matched

    def send(self, text, pause=0.0):
        os.write(self.master, text.encode() if isinstance(text, str) else text)
        if pause:
            time.sleep(pause)

    def _read(self, timeout):
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 4096)
        except OSError:  # the other side closed: QEMU exited
            return None
        if not data:
            return None
        self.seen += data
        # Answer as a terminal does, or the shell waits for the reply.
        for _ in range(data.count(CURSOR_QUERY)):
            os.write(self.master, b"\x1b[24;8R")
        # Matching ignores escape sequences and carriage returns (the host
        # pty adds its own \r before each \n that QEMU writes).
        self.pending = ANSI.sub(b"", self.pending + data).replace(b"\r", b"")
        return True

    def expect(self, pattern, timeout=30):
        """Waits for pattern (bytes regex); returns the match or None."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.pending)
            if m:
                self.pending = self.pending[m.end():]
                return m
            left = deadline - time.monotonic()
            if left <= 0 or self._read(left) is None:
                return None

    def close(self, timeout=30):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None
        finally:
            while self._read(0.2):
                pass
            os.close(self.master)


class Report:
    def __init__(self, term):
        self.term, self.failed, self.count = term, [], 0

    def check(self, name, ok, detail=""):
        self.count += 1
        print("[ RUN      ] shell.%s" % name)
        if ok:
            print("[       OK ] shell.%s (0 ms)" % name)
        else:
            print("%s\n[  FAILED  ] shell.%s (0 ms)" % (detail, name))
            self.failed.append(name)
        sys.stdout.flush()
        return ok


def run(cub, build):
    env = dict(os.environ, CUB_BUILD_DIR=build, TERM="vt100")
    term = Terminal([cub, "shell", "--no-build"], env)
    r = Report(term)
    t = term
    try:
        if not r.check("BootsToAPrompt", t.expect(re.escape(PROMPT), 90) is not None,
                       "no prompt"):
            return r
        t.send("echo $((6 * 7))\r")
        r.check("RunsACommand", t.expect(rb"\n42\n") is not None and
                t.expect(re.escape(PROMPT)) is not None)

        # The shell edits the line itself, in raw mode: DEL erases.
        t.send("echo abcX\x7f\r")
        r.check("LineEditingErases", t.expect(rb"\nabc\n") is not None and
                t.expect(re.escape(PROMPT)) is not None)

        # cat reads in canonical mode: the line discipline echoes, erases,
        # hands over whole lines and reports end of file on ^D.
        # Each job announces itself once it runs, so the keys that follow
        # are not typed ahead into the shell's own raw mode.
        t.send("sh -c 'echo reading; exec cat'\r")
        t.expect(rb"\nreading\n")
        t.send("hello tty\r")
        r.check("CanonicalLineReachesCat",
                t.expect(rb"hello tty\nhello tty\n") is not None)
        t.send("abX\x7fc\r")
        r.check("CanonicalEraseInTheKernel",
                t.expect(rb"abX\x08 \x08c\nabc\n") is not None)
        t.send("\x04")
        r.check("CtrlDEndsTheInput", t.expect(re.escape(PROMPT)) is not None)

        # ^C interrupts the foreground job, not the shell.
        t.send("sh -c 'echo started; exec sleep 30'\r")
        t.expect(rb"\nstarted\n")
        start = time.monotonic()
        t.send("\x03")
        ok = t.expect(re.escape(PROMPT), 15) is not None and time.monotonic() - start < 15
        t.send("echo rc=$?\r")
        r.check("CtrlCInterruptsTheForegroundJob",
                ok and t.expect(rb"rc=130\n") is not None)
        t.expect(re.escape(PROMPT))

        # ^Z stops the job; fg continues it and it runs to its end.
        t.send("sh -c 'echo started; sleep 2; echo finished'\r")
        t.expect(rb"\nstarted\n")
        t.send("\x1a")
        r.check("CtrlZStopsTheForegroundJob",
                t.expect(rb"Stopped[^\n]*echo started") is not None and
                t.expect(re.escape(PROMPT)) is not None)
        t.send("fg\r")
        ok = t.expect(rb"\nfinished\n") is not None and t.expect(re.escape(PROMPT)) is not None
        t.send("echo fg=$?\r")
        r.check("FgResumesTheStoppedJob", ok and t.expect(rb"fg=0\n") is not None)
        t.expect(re.escape(PROMPT))

        # A background job that reads the terminal is stopped (SIGTTIN).
        t.send("cat &\r")
        t.expect(re.escape(PROMPT))
        stopped = False
        for _ in range(20):  # until cat has tried to read
            t.send("jobs\r")
            m = t.expect(rb"\[1\]\+ +(\w+)[^\n]*cat")
            t.expect(re.escape(PROMPT))
            if m and m.group(1) == b"Stopped":
                stopped = True
                break
            time.sleep(0.5)
        r.check("BackgroundReaderIsStoppedBySigttin", stopped)
        t.send("kill -9 %1; wait\r")
        t.expect(re.escape(PROMPT))

        # The settings and window size as stty reads them (TCGETS,
        # TIOCGWINSZ), and a change that sticks (TCSETS, TIOCSWINSZ).
        t.send("stty -a\r")
        r.check("SttyShowsTheSettings",
                t.expect(rb"speed 115200 baud; rows 24; columns 80;") is not None and
                t.expect(rb"icanon") is not None and t.expect(re.escape(PROMPT)) is not None)
        t.send("stty rows 40 cols 100; stty size\r")
        r.check("SttySetsTheWindowSize", t.expect(rb"\n40 100\n") is not None)
        t.expect(re.escape(PROMPT))

        t.send("exit\r")
        r.check("ExitPowersOff",
                t.expect(rb"cub: power off \(status 0\)", 30) is not None)
        status = t.close()
        r.check("QemuExitsZero", status == 0, "exit status %r" % (status,))
    finally:
        if t.proc.poll() is None:
            t.proc.kill()
            t.close(5)
        if r.failed:
            print("---- the terminal (raw) ----")
            print(t.seen.decode("utf-8", "replace"))
    return r


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--cub", required=True, help="the cub command")
    p.add_argument("--build", required=True, help="the build folder")
    args = p.parse_args()
    print("[==========] Running the interactive shell test.")
    r = run(args.cub, args.build)
    print("[==========] %d tests ran." % r.count)
    if r.failed:
        print("[  FAILED  ] %d tests: %s" % (len(r.failed), ", ".join(r.failed)))
        return 1
    print("[  PASSED  ] %d tests." % r.count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
