"""A bilingual dictionary the machine has: FreeDict's, as Debian installs it for dictd.

The encoder-induced lexicon misses everyday words ("bold" / "ball", "venstre" / "left"):
alone, a word's vector is ambiguous. A dictionary knows them. FreeDict's are GPL, so
none ships with aligner; one is used where it is installed (``apt-get install
dict-freedict-dan-eng``): ``/usr/share/dictd``, or the folder ``ALIGNER_DICTIONARY``
names. ``ALIGNER_DICTIONARY=off`` turns it off.

The scorer's weights depend on it (coverage is higher with it), so there is one set of
weights for each case (:func:`aligner.aligners.scorer.default_scorer`).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from functools import cache
from pathlib import Path

#: Where dictd's dictionaries live on Debian.
DICTD = Path("/usr/share/dictd")
#: FreeDict names files by ISO 639-3 codes.
_ISO3 = {
    "da": "dan",
    "en": "eng",
    "de": "deu",
    "fr": "fra",
    "sv": "swe",
    "nl": "nld",
    "es": "spa",
    "it": "ita",
    "pt": "por",
}
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_WORD_RE = re.compile(r"[^\W\d_]+")
#: Editorial notes in an entry ("[forstander for et munkekloster]"), not translations.
_NOTE_RE = re.compile(r"\[[^\]]*\]")


def _folder() -> Path | None:
    setting = os.environ.get("ALIGNER_DICTIONARY", "")
    if setting.lower() in ("off", "0", "no", "none"):
        return None
    return Path(setting) if setting else DICTD


def files(src_lang: str, tgt_lang: str) -> tuple[Path, Path] | None:
    """The index and data file of the ``src_lang``-``tgt_lang`` dictionary, if installed."""
    folder = _folder()
    a, b = _ISO3.get(src_lang.split("-")[0]), _ISO3.get(tgt_lang.split("-")[0])
    if folder is None or a is None or b is None:
        return None
    index, data = folder / f"freedict-{a}-{b}.index", folder / f"freedict-{a}-{b}.dict.dz"
    return (index, data) if index.is_file() and data.is_file() else None


def available(src_lang: str, tgt_lang: str) -> bool:
    return files(src_lang, tgt_lang) is not None


def fingerprint(src_lang: str, tgt_lang: str) -> str | None:
    """A hash of the installed dictionary's files (None without one): what results
    derived from it are cached under, so an upgraded package is read afresh."""
    found = files(src_lang, tgt_lang)
    if found is None:
        return None
    h = hashlib.blake2b(digest_size=16)
    try:
        for path in found:
            h.update(path.read_bytes())
    except OSError:
        return None
    return h.hexdigest()


@cache
def entries(src_lang: str, tgt_lang: str) -> dict[str, frozenset[str]]:
    """Headword (lower case) -> the words of its translations (lower case); empty when
    no dictionary is installed or it cannot be read."""
    found = files(src_lang, tgt_lang)
    if found is None:
        return {}
    try:
        return _read(*found)
    except (OSError, ValueError, UnicodeDecodeError, EOFError):
        return {}  # a broken install must not stop alignment: the encoder's lexicon stays


def _read(index: Path, data_file: Path) -> dict[str, frozenset[str]]:
    # dictzip is gzip with an index of its own: plain gzip reads it whole (a few 100 kB).
    data = gzip.decompress(data_file.read_bytes())
    out: dict[str, set[str]] = {}
    for line in index.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00database"):
            continue
        head, offset, size = parts[0].lower(), _number(parts[1]), _number(parts[2])
        # The first line is the headword with its pronunciation and word class.
        body = data[offset : offset + size].decode("utf-8").partition("\n")[2]
        out.setdefault(head, set()).update(_WORD_RE.findall(_NOTE_RE.sub(" ", body).lower()))
    return {k: frozenset(v) for k, v in out.items() if v}


def _number(text: str) -> int:
    """dictd's base-64 offsets and lengths."""
    n = 0
    for ch in text:
        n = n * 64 + _B64.index(ch)
    return n
