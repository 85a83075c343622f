#!/usr/bin/env python3
"""Builds a scenario image's initramfs (cpio "newc") from its manifest.

Every cub image boots from an initramfs that the kernel unpacks into its
tmpfs root, keeping modes and owners.  The contents of an image are described
by a small line-oriented manifest (images/NAME/manifest, modelled on Linux's
usr/gen_init_cpio) so that a scenario can say exactly which files exist and
who owns them without needing root on the build machine.  The archive is
reproducible: inode numbers count from 1 in manifest order and every mtime
is 0, so the same manifest and sources always give the same bytes.

Manifest directives (one per line; a '#' that starts a word begins a
comment; blank lines are ignored; names are absolute paths):

  cmdline <rest of line>                     the image's kernel command line
  dir <name> <mode> <uid> <gid>
  file <name> <location> <mode> <uid> <gid>  location is relative to the
                                             manifest's folder; ${VAR} expands
                                             to a --var value (BUILD, SRC)
  slink <name> <target> <mode> <uid> <gid>
  nod <name> <mode> <uid> <gid> <c|b> <maj> <min>
  hardlink <name> <existing-name>            another name for an earlier file
  include <location>                         the directives of another
                                             manifest file, whose own
                                             locations are relative to it
  corrupt <truncate|bad-magic|long-name>     test images only: emit a broken
                                             archive on purpose

See docs/images.md for the full description.  Errors are reported as
MANIFEST:LINE: message and make the tool exit 1.
"""

import argparse
import os
import re
import stat
import sys

from dataclasses import dataclass, field

from outputs import write_if_changed

NEWC_MAGIC = b"070701"
BAD_MAGIC = b"070702"
TRAILER = "TRAILER!!!"
PATH_MAX = 4096          # the kernel's CPIO_NAME_MAX, NUL included
LONG_NAME_SIZE = 5000    # namesize of the corrupt long-name entry
MAX_U32 = 0xFFFFFFFF

CORRUPT_KINDS = ("truncate", "bad-magic", "long-name")

USAGE = {
    "cmdline": "cmdline <rest of line>",
    "dir": "dir <name> <mode> <uid> <gid>",
    "file": "file <name> <location> <mode> <uid> <gid>",
    "slink": "slink <name> <target> <mode> <uid> <gid>",
    "nod": "nod <name> <mode> <uid> <gid> <c|b> <maj> <min>",
    "hardlink": "hardlink <name> <existing-name>",
    "include": "include <location>",
    "corrupt": "corrupt <%s>" % "|".join(CORRUPT_KINDS),
}

VAR_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class ManifestError(Exception):
    """A mistake in the manifest, reported as MANIFEST:LINE: message."""

    def __init__(self, path, lineno, message):
        super().__init__("%s:%d: %s" % (path, lineno, message))


class LineError(Exception):
    """Raised by directive handlers; the parser adds the file and line."""


@dataclass
class LinkGroup:
    """All the names of one regular file (more than one with hardlink)."""
    data: bytes
    entries: list = field(default_factory=list)


@dataclass
class Entry:
    """One archive member, in manifest order."""
    name: str                 # absolute, as written in the manifest
    mode: int                 # file-type bits included
    uid: int
    gid: int
    lineno: int
    data: bytes = b""
    rdev: tuple = (0, 0)
    group: LinkGroup = None   # regular files only
    path: str = ""            # the manifest file that declared it

    @property
    def stored_name(self):
        return self.name[1:]


@dataclass
class Manifest:
    path: str
    cmdline: str = ""
    cmdline_line: int = 0
    entries: list = field(default_factory=list)
    by_name: dict = field(default_factory=dict)
    sources: list = field(default_factory=list)
    corrupt: str = None
    corrupt_line: int = 0


# ---------------------------------------------------------------- parsing

def strip_comment(line):
    """Cuts the line at a '#' that starts a word."""
    match = re.search(r"(^|\s)#", line)
    return line[:match.start()] if match else line


def parse_mode(text, what="mode"):
    if not re.fullmatch(r"[0-7]+", text) or int(text, 8) > 0o7777:
        raise LineError("bad %s '%s' (expected octal permission bits such "
                        "as 0755, without file-type bits)" % (what, text))
    return int(text, 8)


def parse_u32(text, what):
    if not re.fullmatch(r"[0-9]+", text) or int(text) > MAX_U32:
        raise LineError("bad %s '%s' (expected a decimal number)" % (what, text))
    return int(text)


def check_name(text):
    """Validates an absolute path name; returns it unchanged."""
    if not text.startswith("/"):
        raise LineError("bad name '%s' (names are absolute paths, e.g. /etc/motd)"
                        % text)
    parts = text[1:].split("/")
    if text == "/" or any(p in ("", ".", "..") for p in parts):
        raise LineError("bad name '%s' (no empty, '.' or '..' components, "
                        "no trailing '/', and '/' itself always exists)" % text)
    if len(text.encode()) >= PATH_MAX:
        raise LineError("name '%s...' is too long (at most %d bytes)"
                        % (text[:40], PATH_MAX - 1))
    return text


def expand_vars(text, variables):
    def repl(match):
        name = match.group(1)
        if name not in variables:
            raise LineError("${%s} is not defined (pass --var %s=...)" % (name, name))
        return variables[name]
    return VAR_RE.sub(repl, text)


def read_source(manifest_path, location, variables):
    """Returns (absolute path, contents) of a file directive's source."""
    expanded = expand_vars(location, variables)
    path = os.path.join(os.path.dirname(manifest_path), expanded)
    shown = "'%s'" % location
    if expanded != location:
        shown += " (= '%s')" % expanded
    if not os.path.exists(path):
        raise LineError("source %s not found" % shown)
    if not os.path.isfile(path):
        raise LineError("source %s is not a regular file" % shown)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise LineError("source %s cannot be read: %s" % (shown, e.strerror))
    if len(data) > MAX_U32:
        raise LineError("source %s is too large for a newc archive" % shown)
    return os.path.abspath(path), data


def add_entry(m, entry):
    """Checks name uniqueness and the parent, then appends the entry."""
    if entry.name in m.by_name:
        first = m.by_name[entry.name]
        where = "line %d" % first.lineno
        if first.path != m.path:
            where = "%s:%d" % (first.path, first.lineno)
        raise LineError("duplicate name '%s' (first declared at %s)"
                        % (entry.name, where))
    parent = entry.name.rsplit("/", 1)[0]
    if parent:
        pentry = m.by_name.get(parent)
        if pentry is None:
            raise LineError("parent directory '%s' of '%s' is not declared "
                            "(add 'dir %s <mode> <uid> <gid>' before this line)"
                            % (parent, entry.name, parent))
        if not stat.S_ISDIR(pentry.mode):
            raise LineError("parent '%s' of '%s' is not a directory (line %d)"
                            % (parent, entry.name, pentry.lineno))
    entry.path = m.path
    m.entries.append(entry)
    m.by_name[entry.name] = entry


def owner(fields):
    return parse_u32(fields[0], "uid"), parse_u32(fields[1], "gid")


def do_dir(m, lineno, f, variables):
    uid, gid = owner(f[2:4])
    add_entry(m, Entry(check_name(f[0]), stat.S_IFDIR | parse_mode(f[1]),
                       uid, gid, lineno))


def do_file(m, lineno, f, variables):
    name = check_name(f[0])
    mode = parse_mode(f[2])
    uid, gid = owner(f[3:5])
    path, data = read_source(m.path, f[1], variables)
    entry = Entry(name, stat.S_IFREG | mode, uid, gid, lineno)
    entry.group = LinkGroup(data)
    add_entry(m, entry)
    entry.group.entries.append(entry)
    m.sources.append(path)


def do_slink(m, lineno, f, variables):
    name = check_name(f[0])
    target = f[1]
    if len(target.encode()) >= PATH_MAX:
        raise LineError("symlink target of '%s' is too long" % name)
    uid, gid = owner(f[3:5])
    add_entry(m, Entry(name, stat.S_IFLNK | parse_mode(f[2]), uid, gid, lineno,
                       data=target.encode()))


def do_nod(m, lineno, f, variables):
    name = check_name(f[0])
    mode = parse_mode(f[1])
    uid, gid = owner(f[2:4])
    kinds = {"c": stat.S_IFCHR, "b": stat.S_IFBLK}
    if f[4] not in kinds:
        raise LineError("bad device type '%s' (expected c or b)" % f[4])
    rdev = (parse_u32(f[5], "major"), parse_u32(f[6], "minor"))
    add_entry(m, Entry(name, kinds[f[4]] | mode, uid, gid, lineno, rdev=rdev))


def do_hardlink(m, lineno, f, variables):
    name = check_name(f[0])
    target = m.by_name.get(f[1])
    if target is None:
        raise LineError("'%s' is not declared before this line" % f[1])
    if target.group is None:
        raise LineError("'%s' is not a regular file (hard links are for "
                        "'file' entries only)" % f[1])
    entry = Entry(name, target.mode, target.uid, target.gid, lineno,
                  group=target.group)
    add_entry(m, entry)
    target.group.entries.append(entry)


def do_corrupt(m, lineno, f, variables):
    if f[0] not in CORRUPT_KINDS:
        raise LineError("unknown kind '%s' (expected %s)"
                        % (f[0], ", ".join(CORRUPT_KINDS)))
    if m.corrupt is not None:
        raise LineError("only one corrupt directive per manifest (first at "
                        "line %d)" % m.corrupt_line)
    m.corrupt, m.corrupt_line = f[0], lineno


HANDLERS = {
    "dir": (4, do_dir),
    "file": (5, do_file),
    "slink": (5, do_slink),
    "nod": (7, do_nod),
    "hardlink": (2, do_hardlink),
    "corrupt": (1, do_corrupt),
}


def do_cmdline(m, lineno, rest):
    if m.cmdline_line:
        raise LineError("duplicate cmdline (first at line %d)" % m.cmdline_line)
    m.cmdline, m.cmdline_line = rest, lineno


MAX_INCLUDE_DEPTH = 8


def do_include(m, lineno, f, variables, path, depth):
    """Parses another manifest file in place; its locations are relative to
    its own folder and its mistakes name its own file and line."""
    expanded = expand_vars(f[0], variables)
    inc = os.path.join(os.path.dirname(path), expanded)
    if depth >= MAX_INCLUDE_DEPTH:
        raise LineError("includes nested more than %d deep (a cycle?)"
                        % MAX_INCLUDE_DEPTH)
    try:
        with open(inc, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as e:
        raise LineError("cannot read '%s': %s"
                        % (f[0], getattr(e, "strerror", None) or e))
    m.sources.append(os.path.abspath(inc))
    parse_text(m, inc, text, variables, depth + 1)


def parse_line(m, lineno, line, variables, path, depth):
    words = line.split()
    directive = words[0]
    if directive == "cmdline":
        do_cmdline(m, lineno, line.strip()[len("cmdline"):].strip())
        return
    if directive == "include":
        if len(words) != 2:
            raise LineError("expected 1 field after 'include' (%s), got %d"
                            % (USAGE["include"], len(words) - 1))
        do_include(m, lineno, words[1:], variables, path, depth)
        return
    if directive not in HANDLERS:
        raise LineError("unknown directive '%s' (expected one of: %s)"
                        % (directive, ", ".join(USAGE)))
    count, handler = HANDLERS[directive]
    args = words[1:]
    if len(args) != count:
        raise LineError("expected %d fields after '%s' (%s), got %d"
                        % (count, directive, USAGE[directive], len(args)))
    # Locations are relative to the file that names them (an include's).
    saved, m.path = m.path, path
    try:
        handler(m, lineno, args, variables)
    finally:
        m.path = saved


def parse_text(m, path, text, variables, depth=0):
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = strip_comment(raw)
        if not line.strip():
            continue
        try:
            parse_line(m, lineno, line, variables, path, depth)
        except LineError as e:
            directive = line.split()[0]
            prefix = directive + ": " if directive in USAGE else ""
            raise ManifestError(path, lineno, prefix + str(e)) from None


def parse_manifest(path, text, variables):
    """Parses manifest text; raises ManifestError on the first mistake."""
    m = Manifest(path)
    parse_text(m, path, text, variables)
    return m


# ------------------------------------------------------------ the archive

def newc_header(ino, mode, uid, gid, nlink, filesize, rdev, namesize,
                magic=NEWC_MAGIC):
    """The 110-byte ASCII header; mtime, dev and check are always 0."""
    fields = (ino, mode, uid, gid, nlink, 0, filesize, 0, 0,
              rdev[0], rdev[1], namesize, 0)
    return magic + b"".join(b"%08X" % v for v in fields)


def pad4(n):
    return (4 - n % 4) % 4


class ArchiveWriter:
    """Appends newc members and remembers where each one's data starts."""

    def __init__(self):
        self.buf = bytearray()
        self.data_spans = []   # (start, size) per member, trailer excluded

    def add(self, name_bytes, ino, mode, uid, gid, nlink, data=b"",
            rdev=(0, 0), magic=NEWC_MAGIC):
        namesize = len(name_bytes) + 1
        self.buf += newc_header(ino, mode, uid, gid, nlink, len(data), rdev,
                                namesize, magic)
        self.buf += name_bytes + b"\0" + b"\0" * pad4(110 + namesize)
        self.data_spans.append((len(self.buf), len(data)))
        self.buf += data + b"\0" * pad4(len(data))

    def finish(self):
        self.add(TRAILER.encode(), 0, 0, 0, 0, 1)
        self.data_spans.pop()
        return bytes(self.buf)


def assign_inodes(entries):
    """Numbers inodes from 1 in order; hard links share their file's."""
    inos, next_ino = {}, 1
    for e in entries:
        key = id(e.group) if e.group is not None else id(e)
        if key not in inos:
            inos[key] = next_ino
            next_ino += 1
        yield e, inos[key]


def member_fields(entry):
    """(nlink, data) for an entry; a file's data goes on its last name."""
    if entry.group is not None:
        names = entry.group.entries
        data = entry.group.data if entry is names[-1] else b""
        return len(names), data
    if stat.S_ISDIR(entry.mode):
        return 2, b""
    return 1, entry.data


def long_name_entry():
    """The extra first entry of `corrupt long-name`: an empty file whose
    name is 4999 bytes, so namesize (which counts the NUL) is 5000."""
    name = ("toolong-" + "x" * LONG_NAME_SIZE)[:LONG_NAME_SIZE - 1]
    return Entry("/" + name, stat.S_IFREG | 0o644, 0, 0, 0)


def build_archive(m):
    """Serializes the manifest's entries, applying any corrupt directive."""
    entries = list(m.entries)
    if m.corrupt == "long-name":
        entries.insert(0, long_name_entry())
    w = ArchiveWriter()
    for index, (entry, ino) in enumerate(assign_inodes(entries)):
        nlink, data = member_fields(entry)
        magic = BAD_MAGIC if (m.corrupt == "bad-magic" and index == 0) else NEWC_MAGIC
        w.add(entry.stored_name.encode(), ino, entry.mode, entry.uid,
              entry.gid, nlink, data, entry.rdev, magic)
    archive = w.finish()
    if m.corrupt == "truncate":
        archive = truncate_archive(m, w.data_spans, archive)
    return archive


def truncate_archive(m, spans, archive):
    if len(spans) < 2 or spans[1][1] == 0:
        raise ManifestError(m.path, m.corrupt_line,
                            "corrupt: truncate needs a second entry with data "
                            "(make the second entry a non-empty file or symlink)")
    start, size = spans[1]
    return archive[:start + size // 2]


# ---------------------------------------------------------------- outputs

def make_escape(path):
    """Escapes a path for a Makefile-style depfile."""
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace(
        "#", "\\#").replace("$", "$$")


def depfile_text(out, deps):
    lines = [make_escape(os.path.abspath(out)) + ":"]
    lines += [" " + make_escape(os.path.abspath(d)) for d in deps]
    return " \\\n".join(lines) + "\n"


def parse_var(text):
    name, sep, value = text.partition("=")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise argparse.ArgumentTypeError("expected NAME=VALUE, got %r" % text)
    return name, value


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--manifest", required=True, help="images/NAME/manifest")
    p.add_argument("--out", required=True, help="the cpio archive to write")
    p.add_argument("--cmdline-out", required=True,
                   help="file receiving the image's kernel command line")
    p.add_argument("--var", action="append", type=parse_var, default=[],
                   metavar="NAME=VALUE",
                   help="value of ${NAME} in file locations (repeatable)")
    p.add_argument("--depfile", help="write a Makefile-style depfile here")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        with open(args.manifest, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        print("%s: cannot read manifest: %s" % (args.manifest, e), file=sys.stderr)
        return 1
    try:
        m = parse_manifest(args.manifest, text, dict(args.var))
        archive = build_archive(m)
    except ManifestError as e:
        print(e, file=sys.stderr)
        return 1
    write_if_changed(args.out, archive)
    write_if_changed(args.cmdline_out, (m.cmdline + "\n").encode())
    if args.depfile:
        deps = [args.manifest] + m.sources
        write_if_changed(args.depfile, depfile_text(args.out, deps).encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
