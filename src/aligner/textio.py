"""Turning a file's bytes into text: UTF-8 first, a detected legacy encoding otherwise.

No newline translation happens here, so character offsets index the decoded file exactly.
"""

from __future__ import annotations

import os
from pathlib import Path

from aligner.errors import InputError

#: Larger inputs are refused: a news article is kilobytes, and 20 MB would take hours to encode.
DEFAULT_MAX_BYTES = 2_000_000


def max_bytes() -> int:
    return int(os.environ.get("ALIGNER_MAX_BYTES", DEFAULT_MAX_BYTES))


def read_text(path: str | Path, *, limit: int | None = None) -> str:
    """The text of a file, or an :class:`InputError` that says what is wrong with it."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not a text file")
    limit = max_bytes() if limit is None else limit
    size = p.stat().st_size
    if size > limit:
        raise InputError(
            f"{p}: too large ({size / 1e6:.1f} MB, the limit is {limit / 1e6:.1f} MB); "
            "split it into articles or raise ALIGNER_MAX_BYTES"
        )
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: cannot read it: {e.strerror}") from e
    return decode(data, name=str(p))


def decode(data: bytes, *, name: str = "input") -> str:
    if not data.strip():
        raise InputError(f"{name}: is empty")
    if _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data, name)
    if not text.strip():
        raise InputError(f"{name}: is empty")
    return text


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 text has NULs too, but news files are not UTF-16; refusing is safer than mojibake.
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control > len(head) * 0.05


def _decode_legacy(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best)
    # Western European text (Danish in latin-1) decodes under cp1252 in practice.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: cannot tell its text encoding; save it as UTF-8") from e
