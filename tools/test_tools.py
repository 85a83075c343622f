#!/usr/bin/env python3
"""Self-checks for the host tools in tools/ (run: tools/test_tools.py -v).

The tools decide what goes into every image and whether a boot passed, so a
mistake in them shows up as a confusing kernel bug.  These tests need only
the standard library and run in a few seconds; the ones that need cpio,
GNU as or grub-mkrescue are skipped when those are missing.  Set
CUB_TOOLS_QEMU_TESTS=1 to also build a throw-away multiboot kernel (gcc -m32)
and boot it through QEMU on both boot paths.
"""

import argparse
import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
import xml.etree.ElementTree as ET

TOOLS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, TOOLS)

import bench_boot   # noqa: E402  (after the sys.path change)
import cubstatus    # noqa: E402
import gtest_parse  # noqa: E402
import ksyms        # noqa: E402
import mkinitramfs  # noqa: E402
import mkiso        # noqa: E402
import qemu_run     # noqa: E402


def tool(name):
    return os.path.join(TOOLS, name)


def read_newc(data):
    """A strict reader for newc archives: [(name, fields dict, data)]."""
    names = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
             "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check")
    entries, off = [], 0
    while True:
        assert off % 4 == 0, "header at unaligned offset %d" % off
        header = data[off:off + 110]
        assert header[:6] == b"070701", "bad magic at %d" % off
        fields = {n: int(header[6 + 8 * i:14 + 8 * i], 16) for i, n in enumerate(names)}
        name_start = off + 110
        name = data[name_start:name_start + fields["namesize"] - 1].decode()
        assert data[name_start + fields["namesize"] - 1] == 0
        data_start = name_start + fields["namesize"]
        data_start += (4 - data_start % 4) % 4
        body = data[data_start:data_start + fields["filesize"]]
        assert len(body) == fields["filesize"], "truncated"
        off = data_start + fields["filesize"]
        off += (4 - off % 4) % 4
        if name == "TRAILER!!!":
            assert off == len(data), "bytes after the trailer"
            return entries
        entries.append((name, fields, body))


class ManifestCase(unittest.TestCase):
    """Writes manifests into a temporary folder and runs mkinitramfs.main."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="cub-test-")
        self.addCleanup(shutil.rmtree, self.tmp)
        os.mkdir(os.path.join(self.tmp, "img"))
        os.mkdir(os.path.join(self.tmp, "build"))
        self.write("img/motd", "hello\n")
        self.write("build/init", "#!/bin/sh\n")

    def write(self, rel, text):
        os.makedirs(os.path.dirname(os.path.join(self.tmp, rel)), exist_ok=True)
        with open(os.path.join(self.tmp, rel), "w") as f:
            f.write(text)
        return os.path.join(self.tmp, rel)

    def path(self, rel):
        return os.path.join(self.tmp, rel)

    def build(self, manifest_text, extra=()):
        """Returns (exit status, stderr text)."""
        manifest = self.write("img/manifest", textwrap.dedent(manifest_text))
        argv = ["--manifest", manifest, "--out", self.path("out/initramfs.cpio"),
                "--cmdline-out", self.path("out/cmdline"),
                "--var", "BUILD=" + self.path("build")] + list(extra)
        err = io.StringIO()
        old, sys.stderr = sys.stderr, err
        try:
            status = mkinitramfs.main(argv)
        finally:
            sys.stderr = old
        return status, err.getvalue()

    def archive(self):
        with open(self.path("out/initramfs.cpio"), "rb") as f:
            return f.read()


GOOD_MANIFEST = """\
    # a comment
    cmdline ktest loglevel=7   # trailing comment

    dir /etc 0755 0 0
    file /etc/motd motd 0644 0 0
    file /init ${BUILD}/init 0755 0 0
    dir /bin 0755 0 0
    slink /bin/sh /init 0777 0 0
    dir /dev 0755 0 0
    nod /dev/console 0600 0 5 c 5 1
    hardlink /etc/motd2 /etc/motd
    dir /home 0700 1000 100
    """


class MkinitramfsTest(ManifestCase):

    def test_archive_contents(self):
        status, err = self.build(GOOD_MANIFEST)
        self.assertEqual((status, err), (0, ""))
        entries = read_newc(self.archive())
        self.assertEqual([e[0] for e in entries],
                         ["etc", "etc/motd", "init", "bin", "bin/sh", "dev",
                          "dev/console", "etc/motd2", "home"])
        by = {name: (f, body) for name, f, body in entries}
        self.assertEqual(by["etc"][0]["mode"], stat.S_IFDIR | 0o755)
        self.assertEqual(by["etc"][0]["nlink"], 2)
        self.assertEqual(by["init"][1], b"#!/bin/sh\n")
        self.assertEqual(by["init"][0]["mode"], stat.S_IFREG | 0o755)
        self.assertEqual(by["bin/sh"][0]["mode"], stat.S_IFLNK | 0o777)
        self.assertEqual(by["bin/sh"][1], b"/init")
        console = by["dev/console"][0]
        self.assertEqual(console["mode"], stat.S_IFCHR | 0o600)
        self.assertEqual((console["rdevmajor"], console["rdevminor"]), (5, 1))
        self.assertEqual(console["gid"], 5)
        self.assertEqual((by["home"][0]["uid"], by["home"][0]["gid"]), (1000, 100))
        self.assertTrue(all(f["mtime"] == 0 for _, f, _ in entries))

    def test_inodes_and_hardlinks(self):
        self.build(GOOD_MANIFEST)
        entries = read_newc(self.archive())
        by = {name: (f, body) for name, f, body in entries}
        first, last = by["etc/motd"], by["etc/motd2"]
        self.assertEqual(first[0]["ino"], last[0]["ino"])
        self.assertEqual((first[0]["nlink"], last[0]["nlink"]), (2, 2))
        # The data goes on the last name, as in gen_init_cpio and GNU cpio.
        self.assertEqual((first[1], last[1]), (b"", b"hello\n"))
        inos = [f["ino"] for name, f, _ in entries if name != "etc/motd2"]
        self.assertEqual(inos, list(range(1, len(inos) + 1)))

    def test_cmdline_output(self):
        self.build(GOOD_MANIFEST)
        with open(self.path("out/cmdline")) as f:
            self.assertEqual(f.read(), "ktest loglevel=7\n")
        self.build("dir /etc 0755 0 0\n")
        with open(self.path("out/cmdline")) as f:
            self.assertEqual(f.read(), "\n")

    def test_reproducible_and_timestamps_kept(self):
        self.build(GOOD_MANIFEST, ["--depfile", self.path("out/dep.d")])
        first = self.archive()
        outs = ("out/initramfs.cpio", "out/cmdline", "out/dep.d")
        stamps = [os.stat(self.path(p)).st_mtime_ns for p in outs]
        time.sleep(0.02)
        self.build(GOOD_MANIFEST, ["--depfile", self.path("out/dep.d")])
        self.assertEqual(self.archive(), first)
        self.assertEqual([os.stat(self.path(p)).st_mtime_ns for p in outs], stamps)
        self.assertEqual(sorted(os.listdir(self.path("out"))),
                         ["cmdline", "dep.d", "initramfs.cpio"])

    def test_depfile(self):
        self.build(GOOD_MANIFEST, ["--depfile", self.path("out/dep.d")])
        with open(self.path("out/dep.d")) as f:
            text = f.read()
        self.assertTrue(text.startswith(self.path("out/initramfs.cpio") + ":"))
        for dep in ("img/manifest", "img/motd", "build/init"):
            self.assertIn(" " + self.path(dep), text)

    @unittest.skipUnless(shutil.which("cpio"), "cpio not installed")
    def test_gnu_cpio_reads_it(self):
        self.build(GOOD_MANIFEST)
        listing = subprocess.run(["cpio", "-itv"], input=self.archive(),
                                 capture_output=True, check=True).stdout.decode()
        self.assertIn("bin/sh -> /init", listing)
        self.assertIn("5,   1", listing)
        self.assertEqual(len(listing.splitlines()), 9)

    def test_corrupt_bad_magic(self):
        self.build(GOOD_MANIFEST + "corrupt bad-magic\n")
        data = self.archive()
        self.assertEqual(data[:6], b"070702")
        self.assertEqual(data.count(b"070701"), 9)  # the other 8 and the trailer

    def test_corrupt_long_name(self):
        self.build(GOOD_MANIFEST + "corrupt long-name\n")
        data = self.archive()
        namesize = int(data[6 + 8 * 11:6 + 8 * 12], 16)
        self.assertEqual(namesize, 5000)
        self.assertEqual(data[110 + 4999], 0)
        self.assertNotIn(0, data[110:110 + 4999])
        self.assertEqual(data[110 + 5000:110 + 5002], b"\0\0")  # to 4 bytes
        self.assertEqual(data[110 + 5002:110 + 5008], b"070701")

    def test_corrupt_truncate(self):
        status, _ = self.build("""\
            file /a motd 0644 0 0
            file /b motd 0644 0 0
            corrupt truncate
            """)
        self.assertEqual(status, 0)
        data = self.archive()
        # Entry 1: 110 + "a\\0" padded to 112, then 6 bytes of data + 2 pad.
        second = 112 + 8
        self.assertEqual(data[second:second + 6], b"070701")
        self.assertEqual(len(data), second + 112 + 3)
        self.assertNotIn(b"TRAILER", data)


class ManifestErrorTest(ManifestCase):
    """Every mistake is reported as MANIFEST:LINE: message, exit 1."""

    CASES = [
        ("frob /x\n", 1, "unknown directive 'frob'"),
        ("dir /etc 0755 0\n", 1, "dir: expected 4 fields"),
        ("file /a motd 0644 0 0 extra\n", 1, "file: expected 5 fields"),
        ("dir /etc 0855 0 0\n", 1, "dir: bad mode '0855'"),
        ("dir /etc 17777 0 0\n", 1, "dir: bad mode '17777'"),
        ("dir /etc 0755 root 0\n", 1, "dir: bad uid 'root'"),
        ("dir /etc 0755 0 -1\n", 1, "dir: bad gid '-1'"),
        ("file /motd nope 0644 0 0\n", 1, "file: source 'nope' not found"),
        ("file /motd ${NOPE}/x 0644 0 0\n", 1, "file: ${NOPE} is not defined"),
        ("file /motd ${BUILD}/x 0644 0 0\n", 1, "file: source '${BUILD}/x' (="),
        ("file /motd . 0644 0 0\n", 1, "is not a regular file"),
        ("dir /a 0755 0 0\n\ndir /a 0755 0 0\n", 3,
         "dir: duplicate name '/a' (first declared at line 1)"),
        ("file /etc/motd motd 0644 0 0\n", 1,
         "file: parent directory '/etc' of '/etc/motd' is not declared"),
        ("file /m motd 0644 0 0\nfile /m/x motd 0644 0 0\n", 2,
         "parent '/m' of '/m/x' is not a directory"),
        ("cmdline a\ncmdline b\n", 2, "cmdline: duplicate cmdline (first at line 1)"),
        ("dir etc 0755 0 0\n", 1, "dir: bad name 'etc'"),
        ("dir /a/ 0755 0 0\n", 1, "dir: bad name '/a/'"),
        ("dir /a/../b 0755 0 0\n", 1, "dir: bad name"),
        ("nod /c 0600 0 0 x 1 1\n", 1, "nod: bad device type 'x'"),
        ("hardlink /a /b\n", 1, "hardlink: '/b' is not declared"),
        ("dir /a 0755 0 0\nhardlink /b /a\n", 2, "hardlink: '/a' is not a regular file"),
        ("corrupt sideways\n", 1, "corrupt: unknown kind 'sideways'"),
        ("corrupt truncate\ncorrupt bad-magic\n", 2, "only one corrupt directive"),
        ("corrupt truncate\ndir /a 0755 0 0\ndir /b 0755 0 0\n", 1,
         "corrupt: truncate needs a second entry with data"),
    ]

    def test_include(self):
        # Locations in an included file are relative to that file; the
        # depfile names it; its mistakes name its own file and line.
        self.write("common/base", "dir /etc 0755 0 0\nfile /etc/motd motd 0644 0 0\n")
        self.write("common/motd", "shared\n")
        status, err = self.build("include ../common/base\ndir /bin 0755 0 0\n",
                                 ["--depfile", self.path("out/dep.d")])
        self.assertEqual((status, err), (0, ""))
        entries = read_newc(self.archive())
        self.assertEqual([e[0] for e in entries][:3], ["etc", "etc/motd", "bin"])
        with open(self.path("out/dep.d")) as f:
            self.assertIn(" " + self.path("common/base"), f.read())
        self.write("common/bad", "dir /etc 0755 0 0\nfrob\n")
        status, err = self.build("include ../common/bad\n")
        self.assertEqual(status, 1)
        self.assertTrue(err.startswith(self.path("img/../common/bad") + ":2: "), err)
        status, err = self.build("include ../common/base\ndir /etc 0755 0 0\n")
        self.assertIn("first declared at %s:1" % self.path("img/../common/base"), err)
        status, err = self.build("dir /a 0755 0 0\ninclude nope\n")
        self.assertTrue(err.startswith(self.path("img/manifest") + ":2: include: cannot read 'nope'"), err)
        self.write("img/loop", "include loop\n")
        status, err = self.build("include loop\n")
        self.assertEqual(status, 1)
        self.assertIn("nested more than", err)

    def test_errors(self):
        for text, line, message in self.CASES:
            with self.subTest(text=text):
                status, err = self.build(text)
                self.assertEqual(status, 1)
                self.assertTrue(err.startswith(self.path("img/manifest") + ":%d: " % line),
                                err)
                self.assertIn(message, err)
                self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_error_leaves_outputs_alone(self):
        self.build(GOOD_MANIFEST)
        before = self.archive()
        self.build("frob\n")
        self.assertEqual(self.archive(), before)

    def test_command_line_form(self):
        manifest = self.write("img/manifest", "dir /etc 0755 0 0\nfile /etc/x motd 0644 0 0\n"
                              "file /etc/y missing 0644 0 0\n")
        proc = subprocess.run([sys.executable, tool("mkinitramfs.py"), "--manifest",
                               os.path.relpath(manifest), "--out", self.path("o.cpio"),
                               "--cmdline-out", self.path("o.cmdline")],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stderr, "%s:3: file: source 'missing' not found\n"
                         % os.path.relpath(manifest))


class MkisoTest(unittest.TestCase):

    def test_split_cmdline(self):
        self.assertEqual(mkiso.split_cmdline(' a  b=c\td="e f" "g h" '),
                         ["a", "b=c", 'd="e f"', '"g h"'])

    def test_grub_args(self):
        self.assertEqual(mkiso.grub_arg("ktest"), "ktest")
        self.assertEqual(mkiso.grub_arg("init=$x"), "init=$x")
        self.assertEqual(mkiso.grub_arg('init="/bin/sh -x"'), "init=/bin/sh -x")
        self.assertEqual(mkiso.grub_arg('"a b"'), "a b")
        for bad in ("a\\b", "it's", 'a"b', 'k="v"x', 'k="v'):
            with self.subTest(bad=bad):
                self.assertRaises(mkiso.IsoError, mkiso.grub_arg, bad)

    def test_grub_quote(self):
        self.assertEqual(mkiso.grub_quote("a b"), "'a b'")
        self.assertEqual(mkiso.grub_quote("it's"), "'it'\\''s'")

    def test_grub_cfg(self):
        cfg = mkiso.grub_cfg('ktest init="/bin/sh -x" $HOME')
        for line in ("serial --unit=0 --speed=115200", "terminal_input serial",
                     "terminal_output serial", "set timeout=0", "set default=0",
                     "menuentry 'cub' {", "boot"):
            self.assertIn(line + "\n", cfg)
        self.assertIn("multiboot2 /boot/cub.elf 'ktest' 'init=/bin/sh -x' '$HOME'\n", cfg)
        self.assertIn("multiboot2 /boot/cub.elf\n", mkiso.grub_cfg(""))

    def test_full_cmdline(self):
        self.assertEqual(mkiso.full_cmdline("a b\n", "c"), "a b c")
        self.assertEqual(mkiso.full_cmdline("", " c "), "c")
        self.assertEqual(mkiso.full_cmdline("a", ""), "a")

    @unittest.skipUnless(shutil.which("grub-mkrescue") and shutil.which("xorriso"),
                         "grub-mkrescue or xorriso missing")
    def test_build_iso(self):
        with tempfile.TemporaryDirectory() as tmp:
            kernel = os.path.join(tmp, "k.elf")
            with open(kernel, "wb") as f:
                f.write(b"not really a kernel")
            out = os.path.join(tmp, "out", "cub.iso")
            mkiso.build_iso(kernel, "ktest", out)
            self.assertGreater(os.path.getsize(out), 100000)
            self.assertEqual(os.listdir(os.path.dirname(out)), ["cub.iso"])

    def test_mkrescue_failure_is_reported(self):
        with tempfile.TemporaryDirectory() as tmp:
            kernel = os.path.join(tmp, "k.elf")
            open(kernel, "wb").close()
            out = os.path.join(tmp, "cub.iso")
            with self.assertRaisesRegex(mkiso.IsoError, "failed"):
                mkiso.build_iso(kernel, "", out, grub_mkrescue="false")
            self.assertEqual(os.listdir(tmp), ["k.elf"])


NM_OUTPUT = """\
                 U undefined_thing
ffffffff80100000 T _start
ffffffff80100000 t start_alias
ffffffff80100008 t helper
ffffffff80100010 t local_a
ffffffff80100010 T global_a
ffffffff80100020 t only_local
ffffffff80100020 t only_local2
ffffffff80100030 r some_rodata
ffffffff80100040 W weakfn
ffffffff80100050 t foo.cold
"""


class KsymsTest(unittest.TestCase):

    def nm_file(self, text):
        fd, path = tempfile.mkstemp(suffix=".nm")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        self.addCleanup(os.unlink, path)
        return path

    def test_dedup(self):
        symbols = ksyms.dedup(ksyms.read_nm(self.nm_file(NM_OUTPUT)))
        self.assertEqual([name for _, _, name in symbols],
                         ["_start", "helper", "global_a", "only_local", "foo.cold"])

    def test_generate(self):
        text = ksyms.generate(ksyms.dedup(ksyms.read_nm(self.nm_file(NM_OUTPUT))))
        self.assertIn('.section .rodata.ksyms, "a"', text)
        for label in ("ksyms_count", "ksyms_addrs", "ksyms_name_offsets", "ksyms_names"):
            self.assertIn(".globl %s\n" % label, text)
        self.assertIn(".quad 5\n", text)
        self.assertIn("\t.long 0\n\t.long 7\n\t.long 14\n", text)
        self.assertIn('.asciz "foo.cold"', text)

    def test_empty(self):
        text = ksyms.generate([])
        self.assertIn(".quad 0\n", text)
        self.assertNotIn(".asciz", text)

    def test_asm_string(self):
        self.assertEqual(ksyms.asm_string('a"b\\c\x01'), '"a\\"b\\\\c\\001"')

    @unittest.skipUnless(shutil.which("as") and shutil.which("nm"), "binutils missing")
    def test_assembles(self):
        with tempfile.TemporaryDirectory() as tmp:
            src, obj = os.path.join(tmp, "k.S"), os.path.join(tmp, "k.o")
            self.assertEqual(ksyms.main(["--nm-output", self.nm_file(NM_OUTPUT),
                                         "--out", src]), 0)
            subprocess.run(["as", "--64", "-o", obj, src], check=True)
            nm = subprocess.run(["nm", obj], capture_output=True, text=True,
                                check=True).stdout
            for label in ("ksyms_count", "ksyms_addrs", "ksyms_name_offsets",
                          "ksyms_names"):
                self.assertRegex(nm, r"[0-9a-f]+ R %s\n" % label)
            self.assertEqual(ksyms.main(["--empty", "--out", src]), 0)
            subprocess.run(["as", "--64", "-o", obj, src], check=True)

    def test_check_against(self):
        first = ksyms.read_nm(self.nm_file(NM_OUTPUT))
        self.assertIsNone(ksyms.check_same("a", first, "b", first))
        moved = ksyms.read_nm(self.nm_file(NM_OUTPUT.replace(
            "ffffffff80100010 T global_a", "ffffffff80100018 T global_a")))
        self.assertRegex(ksyms.check_same("a", first, "b", moved),
                         "global_a moved from 0xffffffff80100010 .* to 0xffffffff80100018")
        gone = ksyms.read_nm(self.nm_file(NM_OUTPUT.replace("helper", "other")))
        self.assertRegex(ksyms.check_same("a", first, "b", gone),
                         "helper at 0xffffffff80100008 in a is missing from b")

    def test_check_against_exit_status(self):
        a = self.nm_file(NM_OUTPUT)
        b = self.nm_file(NM_OUTPUT.replace("80100050 t foo.cold", "80100058 t foo.cold"))
        run = [sys.executable, tool("ksyms.py"), "--nm-output", a, "--check-against"]
        self.assertEqual(subprocess.run(run + [a]).returncode, 0)
        proc = subprocess.run(run + [b], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("foo.cold moved", proc.stderr)


CONSOLE = """\
  Booting `cub'
[    0.000100] cub 0.1.0 x86_64: booting
[==========] Running 5 tests from 2 test suites.
[    0.000200] [ RUN      ] Pmm.Alloc
[    0.000300] [       OK ] Pmm.Alloc (1 ms)
[ RUN      ] Pmm.Free
pmm.c:12: Failure
Expected equality of these values:
[  FAILED  ] Pmm.Free (3 ms)
[ RUN      ] Heap.Skip
[  SKIPPED ] Heap.Skip (0 ms)
[ RUN      ] Inst/Heap.Param/0
[  FAILED  ] Inst/Heap.Param/0, where GetParam() = 4 (2 ms)
[ RUN      ] Heap.Crash
something went wrong
"""


class GtestParseTest(unittest.TestCase):

    def test_cases(self):
        cases = gtest_parse.parse(CONSOLE.splitlines())
        self.assertEqual([(c.full_name, c.status) for c in cases], [
            ("Pmm.Alloc", "passed"), ("Pmm.Free", "failed"),
            ("Heap.Skip", "skipped"), ("Inst/Heap.Param/0", "failed"),
            ("Heap.Crash", "failed")])
        self.assertEqual(cases[0].time, 0.001)
        self.assertEqual(cases[1].time, 0.003)
        self.assertEqual(cases[1].message,
                         "pmm.c:12: Failure\nExpected equality of these values:")
        self.assertEqual((cases[3].suite, cases[3].name), ("Inst/Heap", "Param/0"))
        self.assertEqual(cases[4].message, "something went wrong\ndid not finish")

    def test_summary_is_ignored(self):
        text = CONSOLE.replace("[ RUN      ] Heap.Crash\nsomething went wrong\n", "") + \
            "[==========] 4 tests from 2 test suites ran. (6 ms total)\n" \
            "[  PASSED  ] 1 test.\n[  FAILED  ] 2 tests, listed below:\n" \
            "[  FAILED  ] Pmm.Free\n[  FAILED  ] Inst/Heap.Param/0, where GetParam() = 4\n"
        cases = gtest_parse.parse(text.splitlines())
        self.assertEqual(len(cases), 4)
        self.assertEqual(gtest_parse.counts(cases), (1, 2, 1))

    def test_new_run_ends_unfinished_case(self):
        cases = gtest_parse.parse(["[ RUN      ] A.B", "[ RUN      ] A.C",
                                   "[       OK ] A.C (0 ms)"])
        self.assertEqual([c.status for c in cases], ["failed", "passed"])
        self.assertEqual(cases[0].message, "did not finish")

    def test_run_end_line(self):
        self.assertTrue(gtest_parse.RUN_END_RE.search(
            "[ 1.0] [==========] 1 test from 1 test suite ran. (0 ms total)"))
        self.assertFalse(gtest_parse.RUN_END_RE.search(
            "[==========] Running 1 test from 1 test suite."))


class CubstatusTest(unittest.TestCase):

    def test_classify(self):
        c = cubstatus.classify
        self.assertEqual(c(0, True)[0], "pass")
        self.assertEqual(c(0, False)[0], "error")
        self.assertEqual(c(3, False)[0], "fail")
        self.assertEqual(c(101, True)[0], "panic")
        self.assertEqual(c(1, True)[0], "error")
        self.assertEqual(c(None, True, timed_out=True)[0], "timeout")
        self.assertEqual((cubstatus.QEMU_EXIT_FAIL, cubstatus.QEMU_EXIT_PANIC), (3, 101))

    def test_marker_within_line(self):
        self.assertTrue(cubstatus.saw_poweroff_marker(
            ["x", "[    1.000000] cub: power off (status 0)"]))
        self.assertFalse(cubstatus.saw_poweroff_marker(["cub: power off (status 1)"]))


def fake_result(console, status=0, timed_out=False, stderr=""):
    lines = console.splitlines()
    return qemu_run.RunResult(status=status, timed_out=timed_out, lines=lines,
                              times=[0.0] * len(lines), elapsed=1.5, stderr=stderr)


PASSING = """\
cub 0.1.0 x86_64: booting
[ RUN      ] A.B
[       OK ] A.B (1 ms)
[ RUN      ] A.C
[  SKIPPED ] A.C (0 ms)
cub: power off (status 0)
"""


class VerdictTest(unittest.TestCase):

    def judge(self, result, expect="pass", regexes=(), min_tests=0):
        import re
        return qemu_run.judge(result, expect, [re.compile(r) for r in regexes], min_tests)

    def test_pass(self):
        v = self.judge(fake_result(PASSING), regexes=["booting"], min_tests=2)
        self.assertTrue(v.ok)
        self.assertEqual(qemu_run.closing_line(v), "2 passed, 0 failed, 1 skipped")

    def test_exit_zero_without_marker_is_not_a_pass(self):
        v = self.judge(fake_result(PASSING.replace("cub: power off (status 0)", "")))
        self.assertFalse(v.ok)
        self.assertEqual(v.outcome, "error")

    def test_failed_case_fails_a_passing_run(self):
        v = self.judge(fake_result(PASSING.replace("[       OK ] A.B (1 ms)",
                                                   "[  FAILED  ] A.B (1 ms)")))
        self.assertFalse(v.ok)
        self.assertTrue(v.boot_ok)
        self.assertIn("A.B", " ".join(v.problems))
        self.assertEqual(qemu_run.closing_line(v), "1 passed, 1 failed, 1 skipped")

    def test_expected_fail(self):
        failing = PASSING.replace("[       OK ] A.B (1 ms)", "[  FAILED  ] A.B (1 ms)")
        self.assertTrue(self.judge(fake_result(failing, 3), expect="fail").ok)
        self.assertFalse(self.judge(fake_result(failing, 3)).ok)

    def test_expected_panic(self):
        self.assertTrue(self.judge(fake_result("PANIC\n", 101), expect="panic").ok)
        self.assertFalse(self.judge(fake_result(PASSING, 0), expect="panic").ok)

    def test_timeout(self):
        v = self.judge(fake_result("[ RUN      ] A.B\n", None, timed_out=True))
        self.assertEqual(v.outcome, "timeout")
        self.assertEqual(qemu_run.closing_line(v), "0 passed, 2 failed")

    def test_console_regex_and_min_tests(self):
        v = self.judge(fake_result(PASSING), regexes=["booting", "nope"], min_tests=3)
        self.assertFalse(v.ok)
        self.assertFalse(v.boot_ok)
        text = " ".join(v.problems)
        self.assertIn("'nope'", text)
        self.assertIn("Only 2 test case(s) ran; at least 3", text)

    def test_qemu_stderr_is_quoted(self):
        v = self.judge(fake_result("", 1, stderr="qemu: invalid kernel header\n"))
        self.assertIn("invalid kernel header", " ".join(v.problems))

    def test_summary_line(self):
        v = self.judge(fake_result(PASSING))
        self.assertEqual(qemu_run.summary_line("default/grub", fake_result(PASSING), v,
                                               "pass", 60),
                         "qemu_run: default/grub: PASS (status 0, 2 tests, 1.50 s)")
        timeout = fake_result("", None, timed_out=True)
        v = self.judge(timeout)
        self.assertEqual(qemu_run.summary_line("x/direct", timeout, v, "pass", 60),
                         "qemu_run: x/direct: TIMEOUT (timeout after 60 s, 0 tests, "
                         "1.50 s), expected PASS")

    def test_junit(self):
        failing = PASSING.replace("[       OK ] A.B (1 ms)",
                                  "boom \x1b\x01\n[  FAILED  ] A.B (1 ms)")
        result = fake_result(failing, 3)
        v = self.judge(result)
        root = ET.fromstring(qemu_run.junit_xml("img/grub", v, result.lines, 1.5))
        self.assertEqual(root.tag, "testsuite")
        self.assertEqual((root.get("tests"), root.get("failures"), root.get("skipped")),
                         ("3", "2", "1"))
        cases = root.findall("testcase")
        self.assertEqual([(c.get("classname"), c.get("name")) for c in cases],
                         [("A", "B"), ("A", "C"), ("img/grub", "boot")])
        self.assertIn("boom", cases[0].find("failure").text)
        self.assertIsNotNone(cases[1].find("skipped"))
        self.assertIn("FAIL", cases[2].find("failure").get("message"))

    def test_explanation(self):
        result = fake_result("\n".join("line %d" % i for i in range(30)), 101)
        v = self.judge(result)
        text = qemu_run.explanation("img/grub", v, result.lines, "/x/console.log")
        self.assertIn("PANIC", text)
        self.assertIn("/x/console.log", text)
        self.assertIn("line 29", text)
        self.assertNotIn("line 9\n", text)


class RunQemuTest(unittest.TestCase):
    """run_qemu against small Python programs standing in for QEMU."""

    def run_fake(self, program, timeout=10, **kwargs):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "sub", "console.log")
            result = qemu_run.run_qemu([sys.executable, "-c", textwrap.dedent(program)],
                                       timeout, log, **kwargs)
            with open(log, "rb") as f:
                return result, f.read()

    def test_lines_and_log(self):
        result, log = self.run_fake("""\
            import os, sys, time
            out = sys.stdout.buffer
            out.write(b"\\x1b[2Jpart"); out.flush(); time.sleep(0.1)
            out.write(b"ial\\r\\nbad \\xff byte\\r\\n\\n\\rlast no newline"); out.flush()
            sys.stderr.write("warning from qemu\\n")
            sys.exit(3)
            """)
        self.assertEqual(result.status, 3)
        self.assertFalse(result.timed_out)
        self.assertEqual(result.lines, ["partial", "bad \ufffd byte", "", "last no newline"])
        self.assertTrue(log.startswith(b"\x1b[2Jpartial\r\nbad \xff byte\r\n"))
        self.assertIn(b"--- qemu stderr ---\nwarning from qemu\n", log)
        self.assertEqual(result.stderr, "warning from qemu\n")

    def test_timeout_kills_the_group(self):
        start = time.monotonic()
        result, _ = self.run_fake("""\
            import subprocess, sys, time
            subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
            print("started", flush=True)
            time.sleep(60)
            """, timeout=1)
        self.assertTrue(result.timed_out)
        self.assertIsNone(result.status)
        self.assertLess(time.monotonic() - start, 10)
        self.assertEqual(result.lines, ["started"])

    def test_on_line_and_stop_when(self):
        seen = []
        result, _ = self.run_fake("""\
            import time
            print("one", flush=True)
            print("error: you need to load the kernel first", flush=True)
            time.sleep(60)
            """, on_line=lambda line, t: seen.append((line, t)),
            stop_when=qemu_run.GrubWatch())
        self.assertEqual([s[0] for s in seen][:2],
                         ["one", "error: you need to load the kernel first"])
        self.assertTrue(all(t >= 0 for _, t in seen))
        self.assertIn("GRUB could not boot", result.stopped)
        self.assertFalse(result.timed_out)
        self.assertEqual(qemu_run.judge(result, "pass").outcome, "error")

    def test_grub_watch_ignores_kernel_output(self):
        watch = qemu_run.GrubWatch()
        self.assertIsNone(watch("[ 0.1] cub 0.1.0 x86_64: booting"))
        self.assertIsNone(watch("error: something in userspace"))


class CommandTest(unittest.TestCase):

    def config(self, boot, accel="tcg", extra=()):
        image = qemu_run.Image("/img", "/img/kernel.elf", "/img/cub.iso", "ktest x=1")
        return qemu_run.Config(image, boot, accel, 512, 2, list(extra))

    def test_direct(self):
        cmd = qemu_run.qemu_command(self.config("direct", extra=["a=b", "c"]))
        self.assertEqual(cmd, [
            "qemu-system-x86_64", "-machine", "pc", "-accel", "tcg", "-cpu", "max",
            "-m", "512", "-smp", "2", "-display", "none", "-vga", "none",
            "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-serial", "stdio", "-monitor", "none", "-nic", "none",
            "-kernel", "/img/kernel.elf", "-append", "ktest x=1 a=b c"])

    def test_no_nic_by_default(self):
        cmd = qemu_run.qemu_command(self.config("direct"))
        self.assertNotIn("-netdev", cmd)
        # Not even QEMU's default e1000.
        self.assertEqual(cmd[cmd.index("-nic") + 1], "none")

    def test_nics_in_order_each_on_its_own_user_network(self):
        config = self.config("direct")
        config.nics = [qemu_run.nic_arg("virtio,mac=52:54:00:12:34:01"),
                       qemu_run.nic_arg("e1000")]
        cmd = qemu_run.qemu_command(config)
        i = cmd.index("-netdev")
        self.assertEqual(cmd[i:i + 8], [
            "-netdev", "user,id=net0",
            "-device", "virtio-net-pci,netdev=net0,mac=52:54:00:12:34:01",
            "-netdev", "user,id=net1", "-device", "e1000,netdev=net1"])

    def test_nic_option_parsing(self):
        args = qemu_run.parse_args(["--image", "/img", "--nic", "e1000,mac=52:54:00:AB:CD:EF",
                                    "--nic", "virtio"])
        self.assertEqual(args.nic, [qemu_run.Nic("e1000", "52:54:00:ab:cd:ef"),
                                    qemu_run.Nic("virtio", "")])
        self.assertEqual(qemu_run.parse_args(["--image", "/img"]).nic, [])
        self.assertEqual(qemu_run.nic_args([qemu_run.Nic("virtio-modern")]), [
            "-netdev", "user,id=net0", "-device",
            "virtio-net-pci,disable-legacy=on,netdev=net0"])
        nic = qemu_run.nic_arg("virtio,hostfwd=tcp:127.0.0.1:5555-:7,hostfwd=tcp::6000-:80")
        self.assertEqual(qemu_run.nic_args([nic])[:2], [
            "-netdev", "user,id=net0,hostfwd=tcp:127.0.0.1:5555-:7,hostfwd=tcp::6000-:80"])
        for bad in ("rtl8139", "e1000,mac=52:54", "virtio,model=x",
                    "virtio,hostfwd=tcp:1.2.3.4:1-:2", "virtio,hostfwd=tcp::x-:7"):
            with self.assertRaises(argparse.ArgumentTypeError):
                qemu_run.nic_arg(bad)

    def test_interactive_shares_the_terminal_between_serial_and_monitor(self):
        config = self.config("direct")
        config.interactive = True
        cmd = qemu_run.qemu_command(config)
        self.assertNotIn("stdio", cmd[cmd.index("-serial") + 1])
        self.assertIn("signal=off", cmd[cmd.index("-chardev") + 1])
        self.assertEqual(cmd[cmd.index("-serial") + 1], "chardev:term")
        self.assertNotIn("none", cmd[cmd.index("-mon") + 1])

    def test_grub_kvm(self):
        cmd = qemu_run.qemu_command(self.config("grub", "kvm"))
        self.assertEqual(cmd[cmd.index("-cpu") + 1], "host")
        self.assertEqual(cmd[-4:], ["-cdrom", "/img/cub.iso", "-boot", "d"])
        self.assertNotIn("-kernel", cmd)

    def test_prepared_command_without_extra_args_uses_image_iso(self):
        with qemu_run.prepared_command(self.config("grub")) as cmd:
            self.assertIn("/img/cub.iso", cmd)

    def test_bogus_image_is_a_clear_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run([sys.executable, tool("qemu_run.py"), "--image", tmp,
                                   "--junit", os.path.join(tmp, "j.xml")],
                                  capture_output=True, text=True)
            self.assertEqual(proc.returncode, 2)
            self.assertIn("has no cmdline or cub.iso", proc.stderr)
            self.assertNotIn("Traceback", proc.stderr)
            self.assertEqual(ET.parse(os.path.join(tmp, "j.xml")).getroot().get("failures"),
                             "1")

    def test_missing_qemu_is_a_clear_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            for name, text in (("cmdline", "ktest\n"), ("kernel.elf", "x")):
                with open(os.path.join(tmp, name), "w") as f:
                    f.write(text)
            proc = subprocess.run([sys.executable, tool("qemu_run.py"), "--image", tmp,
                                   "--boot", "direct", "--qemu", "/nonexistent/qemu"],
                                  capture_output=True, text=True)
            self.assertEqual(proc.returncode, 2)
            self.assertIn("cannot run /nonexistent/qemu", proc.stderr)


class BenchTableTest(unittest.TestCase):

    def test_table(self):
        runs = [{"banner": 0.05, "tests": 0.07, "exit": 0.08, "outcome": "pass"},
                {"banner": 0.06, "exit": 0.09, "outcome": "fail"},
                {"banner": 0.04, "tests": 0.06, "exit": 0.07, "outcome": "pass"}]
        text = bench_boot.table({"direct": runs})
        header, row = text.splitlines()
        self.assertEqual(header.split(), ["boot", "banner", "ms", "tests", "done", "ms",
                                          "qemu", "exit", "ms", "outcomes"])
        self.assertIn("50 [40-60]", row)
        self.assertIn("- (2 of 3 runs)", row)
        self.assertIn("80 [70-90]", row)
        self.assertTrue(row.endswith("1 fail, 2 pass"))


class FakeQemuEndToEndTest(unittest.TestCase):
    """qemu_run.py and bench_boot.py as a user runs them, with a fake QEMU.

    The fake prints a console chosen by the kernel command line it is given
    (-append) and exits with the matching status, so the whole CLI path is
    checked without booting anything.
    """

    FAKE = """\
        #!/usr/bin/env python3
        import sys
        args = sys.argv[1:]
        cmdline = args[args.index("-append") + 1] if "-append" in args else ""
        print("cub 0.1.0 x86_64: booting\\r")
        print("[ RUN      ] A.B\\r")
        if "mode=fail" in cmdline:
            print("a.c:1: Failure\\r\\n[  FAILED  ] A.B (1 ms)\\r")
            sys.exit(3)
        print("[       OK ] A.B (1 ms)\\r")
        print("[==========] 1 test from 1 test suite ran. (1 ms total)\\r")
        print("cub: power off (status 0)\\r")
        """

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="cub-test-")
        self.addCleanup(shutil.rmtree, self.tmp)
        self.image = os.path.join(self.tmp, "default")
        os.mkdir(self.image)
        for name in ("kernel.elf", "cub.iso"):
            open(os.path.join(self.image, name), "w").close()
        with open(os.path.join(self.image, "cmdline"), "w") as f:
            f.write("ktest\n")
        self.qemu = os.path.join(self.tmp, "fake-qemu")
        with open(self.qemu, "w") as f:
            f.write(textwrap.dedent(self.FAKE))
        os.chmod(self.qemu, 0o755)

    def run_tool(self, name, *args):
        return subprocess.run([sys.executable, tool(name), "--image", self.image,
                               "--qemu", self.qemu] + list(args),
                              capture_output=True, text=True)

    def test_pass(self):
        junit = os.path.join(self.tmp, "j.xml")
        proc = self.run_tool("qemu_run.py", "--boot", "direct", "--junit", junit,
                             "--min-tests", "1", "--expect-console", r"^cub \S+ x86_64")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"qemu_run: default/direct: PASS \(status 0, "
                         r"1 tests, \d+\.\d\d s\)\n2 passed, 0 failed\n$")
        self.assertTrue(os.path.exists(os.path.join(self.image, "console-direct.log")))
        self.assertEqual(ET.parse(junit).getroot().get("tests"), "2")

    def test_fail(self):
        proc = self.run_tool("qemu_run.py", "--boot", "direct", "--append", "mode=fail",
                             "--name", "custom")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("qemu_run: custom: FAIL (status 3", proc.stdout)
        self.assertIn("1 test case(s) failed: A.B", proc.stderr)
        self.assertTrue(proc.stdout.endswith("0 passed, 2 failed\n"))
        proc = self.run_tool("qemu_run.py", "--boot", "direct", "--append", "mode=fail",
                             "--expect", "fail")
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_bench(self):
        proc = self.run_tool("bench_boot.py", "--runs", "3")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"\ndirect +\d+ \[\d+-\d+\] .*3 pass\n")
        self.assertRegex(proc.stdout, r"\ngrub +\d+ \[\d+-\d+\] .*3 pass\n")

    def test_bench_without_banner_fails(self):
        with open(self.qemu, "w") as f:
            f.write("#!/bin/sh\necho nothing here\n")
        proc = self.run_tool("bench_boot.py", "--runs", "2", "--boot", "direct")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("banner never appeared", proc.stderr)


FAKE_KERNEL_ASM = r"""
	.section .multiboot, "a"
	.balign 8
mb2: .long 0xE85250D6, 0, mb2_end - mb2, -(0xE85250D6 + (mb2_end - mb2))
	.word 0, 0
	.long 8
mb2_end:
	.long 0x1BADB002, 0, -0x1BADB002
	.text
	.globl _start
_start:	mov $stack_top, %esp
	push %ebx
	push %eax
	call kmain
	.bss
	.space 8192
stack_top:
"""

FAKE_KERNEL_C = r"""
typedef unsigned int u32;
static inline void outb(unsigned short p, unsigned char v)
{ __asm__ volatile("outb %0,%1" :: "a"(v), "Nd"(p)); }
static inline void outw(unsigned short p, unsigned short v)
{ __asm__ volatile("outw %0,%1" :: "a"(v), "Nd"(p)); }
static inline unsigned char inb(unsigned short p)
{ unsigned char v; __asm__ volatile("inb %1,%0" : "=a"(v) : "Nd"(p)); return v; }
static void puts(const char *s)
{ for (; *s; s++) { while (!(inb(0x3fd) & 0x20)); outb(0x3f8, *s); } }
void kmain(u32 magic, u32 info) {
	const char *cmdline = "";
	if (magic == 0x36d76289) {
		unsigned char *p = (unsigned char *)info + 8;
		while (((u32 *)p)[0] != 0 && ((u32 *)p)[0] != 1) p += (((u32 *)p)[1] + 7) & ~7u;
		if (((u32 *)p)[0] == 1) cmdline = (const char *)(p + 8);
	} else if (magic == 0x2BADB002 && (((u32 *)info)[0] & 4)) {
		cmdline = (const char *)((u32 *)info)[4];
	}
	puts("cub 0.0-fake x86_64: booting\r\ncmdline: ");
	puts(cmdline);
	puts("\r\n[ RUN      ] Fake.Boot\r\n[       OK ] Fake.Boot (0 ms)\r\n"
	     "[==========] 1 test from 1 test suite ran. (0 ms total)\r\n"
	     "cub: power off (status 0)\r\n");
	outw(0x604, 0x2000);  /* ACPI S5 on QEMU's pc machine */
	for (;;) __asm__ volatile("hlt");
}
"""

LINK_SCRIPT = "ENTRY(_start) SECTIONS { . = 1M; .text : { *(.multiboot) *(.text*) " \
              "*(.rodata*) *(.data*) *(.bss*) } }"


@unittest.skipUnless(os.environ.get("CUB_TOOLS_QEMU_TESTS") == "1",
                     "set CUB_TOOLS_QEMU_TESTS=1 to boot a fake kernel in QEMU")
class RealQemuTest(unittest.TestCase):
    """Boots a throw-away multiboot kernel on both paths with the real tools."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="cub-qemu-test-")
        image = cls.image = os.path.join(cls.tmp, "fake")
        os.mkdir(image)
        for name, text in (("boot.S", FAKE_KERNEL_ASM), ("kmain.c", FAKE_KERNEL_C),
                           ("link.ld", LINK_SCRIPT), ("cmdline", 'ktest init="/bin/sh -x"\n')):
            with open(os.path.join(cls.tmp, name), "w") as f:
                f.write(text)
        shutil.move(os.path.join(cls.tmp, "cmdline"), os.path.join(image, "cmdline"))
        cflags = ["gcc", "-m32", "-ffreestanding", "-fno-pic", "-fno-stack-protector",
                  "-O1", "-nostdlib", "-static", "-Wl,--build-id=none", "-Wl,-z,noexecstack",
                  "-Wl,-T," + os.path.join(cls.tmp, "link.ld")]
        subprocess.run(cflags + ["-o", os.path.join(image, "kernel.elf"),
                                 os.path.join(cls.tmp, "boot.S"),
                                 os.path.join(cls.tmp, "kmain.c")], check=True)
        subprocess.run([sys.executable, tool("mkiso.py"), "--kernel",
                        os.path.join(image, "kernel.elf"), "--cmdline-file",
                        os.path.join(image, "cmdline"), "--out",
                        os.path.join(image, "cub.iso")], check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def boot(self, boot, *extra):
        proc = subprocess.run([sys.executable, tool("qemu_run.py"), "--image", self.image,
                               "--boot", boot, "--timeout", "30", "--min-tests", "1"]
                              + list(extra), capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        with open(os.path.join(self.image, "console-%s.log" % boot), "rb") as f:
            return f.read().decode("utf-8", "replace")

    def test_direct(self):
        log = self.boot("direct", "--append", "extra=1")
        self.assertIn('kernel.elf ktest init="/bin/sh -x" extra=1\r\n', log)

    def test_grub(self):
        log = self.boot("grub")
        self.assertIn('cmdline: ktest "init=/bin/sh -x"\r\n', log)

    def test_grub_with_extra_args(self):
        log = self.boot("grub", "--append", "extra=1", "--append", "more")
        self.assertIn('cmdline: ktest "init=/bin/sh -x" extra=1 more\r\n', log)


if __name__ == "__main__":
    unittest.main()
