"""Turning a file's bytes into text: a byte-order mark's encoding (UTF-8, UTF-16 as
Windows Notepad writes it, UTF-32), else UTF-8, else a detected legacy encoding.

No newline translation happens here, so character offsets index the decoded file exactly.
Control characters are replaced one for one (line-breaking ones by a newline, the rest
by a space): they are never text, and XML (TMX) cannot even hold them.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import os
import re
import unicodedata
from pathlib import Path

from aligner.errors import InputError

#: Larger inputs are refused: a news article is kilobytes, and 20 MB would take hours to encode.
DEFAULT_MAX_BYTES = 2_000_000


#: Byte-order marks, longest first (UTF-32 LE's begins with UTF-16 LE's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Characters XML 1.0 forbids, and DEL; those that break lines for ``str.splitlines``
#: (VT, FF, FS, GS, RS) become newlines so line structure survives. Lone surrogates (a
#: str made in code can hold them) cannot be written as UTF-8 at all.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKING = frozenset("\x0b\x0c\x1c\x1d\x1e")


def max_bytes() -> int:
    """``ALIGNER_MAX_BYTES``, else :data:`DEFAULT_MAX_BYTES`; :class:`InputError` if not a size."""
    raw = os.environ.get("ALIGNER_MAX_BYTES")
    if raw is None or not raw.strip():
        return DEFAULT_MAX_BYTES
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        value = 0
    if value < 1:
        raise InputError(
            f"ALIGNER_MAX_BYTES must be a whole number of bytes above 0 (e.g. 5000000), not {raw!r}"
        )
    return value


def strip_controls(text: str) -> str:
    """``text`` with each control character replaced by one space or newline (same length,
    so offsets still hold)."""
    if not _CONTROL_RE.search(text):
        return text
    return _CONTROL_RE.sub(lambda m: "\n" if m.group(0) in _LINE_BREAKING else " ", text)


def read_text(path: str | Path, *, limit: int | None = None) -> str:
    """The text of a file, or an :class:`InputError` that says what is wrong with it."""
    if not isinstance(path, str | Path):
        raise InputError(f"a file name is a str or Path, not a {type(path).__name__}")
    if "\0" in str(path):
        raise InputError(f"{str(path)[:100]!r}: a NUL in a file name; no file has one")
    if not str(path).strip():
        # Path("") is ".", the current folder: a blank argument is a slip, not a folder.
        raise InputError("an empty file name: name a text file")
    p = Path(path)
    # A name of thousands of characters is echoed shortened: the message stays one line.
    name = str(p) if len(str(p)) <= 200 else f"{str(p)[:100]}…"
    try:
        if not p.exists():
            raise InputError(f"{name}: no such file")
        if p.is_dir():
            raise InputError(f"{name}: is a folder, not a text file")
    except OSError as e:  # too long a name, a path through a file
        raise InputError(f"{name}: cannot be opened: {e.strerror}") from e
    limit = max_bytes() if limit is None else limit
    size = p.stat().st_size
    if size > limit:
        raise _too_large(name, limit, f"{size / 1e6:.1f} MB, ")
    try:
        # At most one byte past the limit: a pipe or a device (/dev/stdin, /dev/zero)
        # has no size to check first.
        with p.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise InputError(f"{name}: cannot read it: {e.strerror}") from e
    if len(data) > limit:
        raise _too_large(name, limit)
    return decode(data, name=name)


def _too_large(name: str, limit: int, size: str = "") -> InputError:
    return InputError(
        f"{name}: too large ({size}the limit is {limit / 1e6:.1f} MB); "
        "split it into articles or raise ALIGNER_MAX_BYTES"
    )


def decode(data: bytes, *, name: str = "input") -> str:
    if not data.strip():
        raise InputError(f"{name}: is empty")
    text = _decode_marked(data, name)
    if text is None:
        if _looks_binary(data):
            # Latin text in UTF-16 has a NUL in every other byte (odd ones LE, even ones BE).
            if max(data[k:4096:2].count(0) for k in (0, 1)) > 0.45 * len(data[:4096]):
                raise InputError(
                    f"{name}: looks like UTF-16 text without a byte-order mark; re-save it as UTF-8"
                )
            raise InputError(f"{name}: looks like a binary file, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _mostly_utf8(data) or _decode_legacy(data, name)
    text = strip_controls(text)
    if not text.strip():
        raise InputError(f"{name}: is empty")
    return text


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with its few bad bytes shown as U+FFFD, when its other non-ASCII characters
    are valid UTF-8 many times over; else ``None``. One stray byte (a paste from another
    program) must not turn every æ, ø and å of an article into Mac Roman; in a legacy
    file next to none of them decode as UTF-8."""
    text = data.decode("utf-8", errors="replace")
    # A run of bad bytes counts once: a lone surrogate's three bytes are one slip.
    bad = len(_BAD_RUN.findall(text))
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return text if good >= 4 * bad else None


_BAD_RUN = re.compile("\ufffd+")


def _decode_marked(data: bytes, name: str) -> str | None:
    """The text of data that starts with a byte-order mark, else ``None``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as e:
                raise InputError(
                    f"{name}: starts with a {encoding.upper()} byte-order mark but is not "
                    f"{encoding.upper()} (byte {e.start + len(bom)}); re-save it as UTF-8"
                ) from e
            if _looks_binary(text[:8192].encode("utf-8")):
                raise InputError(f"{name}: looks like a binary file, not text")
            return text
    return None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    # Binary formats hold NULs by the hundred (UTF-16 without a byte-order mark too: one in
    # two bytes, and refusing is safer than mojibake); a stray one in a text, left by a bad
    # copy, is no reason to refuse it, and becomes a space like any control character.
    if head.count(b"\x00") > max(1, len(head) // 1000):
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control > len(head) * 0.05


def _decode_legacy(data: bytes, name: str) -> str:
    """Pick the legacy encoding whose decoding looks least like mojibake.

    charset_normalizer alone misreads short Danish latin-1 text as iso8859-3 ("Stĝrst"),
    so its candidates are re-ranked by how many improbable characters each decoding has.
    """
    # Deferred: ~15 ms to import (bench/startup.py), for the rare file that is not UTF-8.
    from charset_normalizer import from_bytes

    candidates = [str(match) for match in from_bytes(data)]
    with contextlib.suppress(UnicodeDecodeError):
        candidates.append(data.decode("cp1252"))
    candidates.append(data.decode("latin-1"))  # decodes any bytes: the last resort
    # Bytes mostly ASCII are in an encoding that keeps ASCII: a decoding that turns them
    # into other characters (UTF-16 without a byte-order mark reads "Året der gik" as six
    # ideographs) is out, whatever its characters score.
    ascii_bytes = len(data) - len(data.translate(None, bytes(range(128))))
    if ascii_bytes > len(data) / 2:
        candidates = [t for t in candidates if len(t.encode("ascii", "ignore")) >= ascii_bytes / 2]
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
    # A decoding garbles every such word alike: the first pages tell, and a 2 MB file
    # would take seconds to read word by word.
    words = _WORD.finditer(text, 0, _WORDS_READ)
    return score + sum(_odd_letters(m.group()) for m in words if not m.group().isascii())


#: A run of letters: what a word of any script is made of.
_WORD = re.compile(r"[^\W\d_]+")
_WORDS_READ = 1 << 16


def _odd_letters(word: str) -> float:
    """Letters no writer puts in this word: a Latin word with a letter of another script
    in it ("熲le", "Жbler", where "æble" and "Æbler" were meant), or a capital after a
    small letter ("pÍ" for "på"). A short text gives charset_normalizer little to go on,
    and such decodings score no better than the right one by their characters alone."""
    latin = [c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in word]
    odd = 2.0 * sum(not x for x in latin) if any(latin) else 0.0
    return odd + sum(
        1.0 for a, b in itertools.pairwise(word) if a.islower() and b.isupper() and not b.isascii()
    )
