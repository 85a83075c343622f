"""Writing build outputs so that unchanged content keeps its timestamp.

Several tools write files that CMake/Ninja track; rewriting a file with the
same bytes would make everything downstream rebuild (and relink every
kernel), so each output goes through write_if_changed.
"""

import os
import tempfile


def write_if_changed(path, content):
    """Atomically replaces path with content (bytes or str), unless it
    already holds exactly that.  Returns True when the file was written."""
    if isinstance(content, str):
        content = content.encode()
    try:
        with open(path, "rb") as f:
            if f.read() == content:
                return False
    except OSError:
        pass
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return True
