"""Alignments the reader has made before, so reopening the same articles is instant.

Keyed by the bytes of the files, the options, the translation models on hand, and a
fingerprint of the aligner's own code: a changed file, option, model or aligner gives a
new key, never a stale picture. The reader is its only user, but nothing here is about
the screen: it is a cache of alignments, beside the core's other caches.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from aligner._version import __version__
from aligner.cache import Store
from aligner.model import Alignment
from aligner.translation.packages import dropped_archives, installed_packages

_PACKAGE = Path(__file__).resolve().parent
_TABLE = "reader_alignments"


def _code_fingerprint() -> bytes:
    """Size and mtime of every core module: editing the aligner retires old entries."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(_PACKAGE.rglob("*.py")):
        if "tui" in path.relative_to(_PACKAGE).parts:
            continue
        st = path.stat()
        h.update(f"{path.relative_to(_PACKAGE)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.digest()


def _models_fingerprint() -> bytes:
    """The translation packages installed and the ``.argosmodel`` files dropped in to be:
    installing ``da en`` must not reopen the alignment made without a translation."""
    h = hashlib.blake2b(digest_size=16)
    for pkg in installed_packages():
        model = pkg.path / "model" / "model.bin"
        st = model.stat()
        h.update(f"{pkg.name}:{pkg.pair}:{pkg.version}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    for archive in dropped_archives():
        st = archive.stat()
        h.update(f"dropped:{archive.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.digest()


def key_for(files: Sequence[Path], *, mode: str, encoder: str | None) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{__version__}\0{mode}\0{encoder or ''}\0".encode())
    h.update(_code_fingerprint())
    h.update(_models_fingerprint())
    for f in files:
        data = Path(f).read_bytes()
        h.update(f"{Path(f).name}\0{len(data)}\0".encode())
        h.update(data)
    return h.digest()


def recall(key: bytes) -> Alignment | None:
    """The alignment saved under ``key``, or None (also when the entry cannot be read)."""
    try:
        found = Store(_TABLE).get_many([key])
        if key not in found:
            return None
        return Alignment.from_json(found[key].decode("utf-8"))
    except (OSError, sqlite3.Error, ValueError, KeyError, TypeError):
        # A cache is an optimisation: an unreadable entry only means "align again".
        return None


def remember(key: bytes, alignment: Alignment) -> None:
    try:
        data = alignment.to_json(indent=None, with_text=True).encode("utf-8")
        Store(_TABLE).put_many([(key, data)])
    except (OSError, sqlite3.Error):  # a read-only or full disk must not stop the reader
        return
