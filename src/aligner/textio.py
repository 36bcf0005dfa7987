"""Turning a file's bytes into text: UTF-8 first, a detected legacy encoding otherwise.

No newline translation happens here, so character offsets index the decoded file exactly.
"""

from __future__ import annotations

import contextlib
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
    """Pick the legacy encoding whose decoding looks least like mojibake.

    charset_normalizer alone misreads short Danish latin-1 text as iso8859-3 ("Stĝrst"),
    so its candidates are re-ranked by how many improbable characters each decoding has.
    """
    from charset_normalizer import from_bytes

    candidates = [str(match) for match in from_bytes(data)]
    with contextlib.suppress(UnicodeDecodeError):
        candidates.append(data.decode("cp1252"))
    candidates.append(data.decode("latin-1"))  # decodes any bytes: the last resort
    # min() keeps the first of equals: charset_normalizer's own order breaks ties.
    return min(candidates, key=_improbability)


def _improbability(text: str) -> float:
    score = 0.0
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            continue
        if 0x80 <= o < 0xA0 or 0x2500 <= o < 0x2600 or 0xFB50 <= o < 0xFF00:
            score += 2  # C1 controls, box drawing, presentation forms: nearly always mojibake
        elif 0xA0 <= o < 0xC0 or o in (0xD7, 0xF7):
            score += 1  # Latin-1 symbols (¹ ³ ¿ ×) stand where letters were meant
        elif 0x100 <= o < 0x250:
            score += 0.5  # Latin Extended: real in Central European text, rare in Danish
    return score
