"""Hidden work files beside the packages folder, and the lock that serialises the swap.

Staging folders and downloads carry the pid of the process that made them, so a sweep
removes only what a dead process left behind: two installs at once must never delete
each other's work. The rename into the packages folder and the removal of the pair's
old package happen under one file lock, so two installs of a pair cannot interleave.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aligner.errors import AlignerError

STAGING_PREFIX = ".aligner-staging-"
DOWNLOAD_PREFIX = ".aligner-download-"
_LOCK_NAME = ".aligner-install.lock"
#: Long enough for another install's swap (renames and a removal), short enough to say so.
_LOCK_TIMEOUT = 300.0
_PID_RE = re.compile(r"^(\d+)-")


def work_parent(dest_root: Path) -> Path:
    """Beside the packages folder when we may write there (same filesystem: rename is atomic)."""
    parent = dest_root.parent
    return parent if os.access(parent, os.W_OK) else dest_root


def process_prefix(prefix: str) -> str:
    """``prefix`` plus this process's pid: what a sweep uses to tell live work from stale."""
    return f"{prefix}{os.getpid()}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def sweep(dest_root: Path) -> None:
    """Remove staging folders and downloads whose process is gone (killed installs)."""
    for parent in {dest_root, dest_root.parent}:
        if not (parent.is_dir() and os.access(parent, os.W_OK)):
            continue
        for prefix in (STAGING_PREFIX, DOWNLOAD_PREFIX):
            for stale in parent.glob(prefix + "*"):
                m = _PID_RE.match(stale.name[len(prefix) :])
                # Names without a pid come from versions that did not record one: stale.
                if m and _alive(int(m.group(1))):
                    continue
                if stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
                else:
                    stale.unlink(missing_ok=True)


@contextmanager
def install_lock(dest_root: Path) -> Iterator[None]:
    """Hold the packages folder's install lock (an :class:`AlignerError` after a long wait)."""
    # Deferred: ~40 ms to import (bench/startup.py), needed only when installing.
    from filelock import FileLock, Timeout

    lock = FileLock(str(work_parent(dest_root) / _LOCK_NAME), timeout=_LOCK_TIMEOUT)
    try:
        with lock:
            yield
    except Timeout as e:
        raise AlignerError(
            f"another install has held {lock.lock_file} for {_LOCK_TIMEOUT:.0f} s; "
            "wait for it to finish and try again"
        ) from e
