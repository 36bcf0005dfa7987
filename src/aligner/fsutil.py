"""Atomic file writes (a reader or a crash never sees half a file), and a cheap sample of
a large file's bytes to tell it from another."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def names_a_folder(path: str) -> bool:
    """Whether ``path`` as typed names a folder however it is spelt: "aligned/" or
    "aligned/." (``Path`` drops both endings, and would write a file "aligned")."""
    return os.path.basename(path) in ("", ".", "..")


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename over ``path``.

    A symbolic link is written through: the file it points to is replaced, not the link
    (a link into a shared folder stays a link)."""
    p = Path(os.path.realpath(path))
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            # mkstemp makes the file private (0600); the result should have the
            # permissions of the file it replaces (a private output stays private),
            # or those any new file gets here.
            os.fchmod(f.fileno(), _mode_of(p))
            os.fsync(f.fileno())
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode) & 0o777  # never setuid & co. on new bytes
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # The only portable way to read the umask is to set it; set it straight back.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


#: Bytes read from each end of a large file to tell it from another of its size.
SAMPLE_EDGE = 1 << 16


def file_sample(path: Path) -> bytes:
    """A file's size and bytes, to hash: all of a small file, the first and last 64 kB of
    a large one (a model's weights: gigabytes, and two trainings differ there)."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        if size <= 2 * SAMPLE_EDGE:
            body = fh.read()
        else:
            body = fh.read(SAMPLE_EDGE)
            fh.seek(-SAMPLE_EDGE, 2)
            body += fh.read()
    return str(size).encode() + b"\0" + body
