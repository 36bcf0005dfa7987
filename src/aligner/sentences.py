"""Sentence splitting per language, returning character spans, not just strings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

#: Languages the rule-based splitter (the one bertalign uses) knows.
SPLITTER_LANGUAGES = frozenset(
    [
        "ca",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "es",
        "fi",
        "fr",
        "hu",
        "is",
        "it",
        "lt",
        "lv",
        "nl",
        "no",
        "pl",
        "pt",
        "ro",
        "ru",
        "sk",
        "sl",
        "sv",
        "tr",
    ]
)
_ALIASES = {"nb": "no", "nn": "no"}
#: Longer "sentences" (a paragraph without punctuation, a pasted table) are cut at a
#: clause break or a space: an encoder reads ~512 tokens (~2,000 characters) of a
#: sentence anyway, and one 126 kB line took 59 s and 391 MB to encode whole.
MAX_SENTENCE_CHARS = 1000
_SPACE_RE = re.compile(r"\s")
_FALLBACK_RE = re.compile(r"[^.!?。！？]+(?:[.!?。！？]+[\"'”’»)\]]*|$)")


@cache
def _splitter(lang: str) -> Any:
    # Deferred: ~25 ms to import (bench/startup.py), which `aligner --help` need not pay.
    from sentence_splitter import SentenceSplitter

    return SentenceSplitter(language=lang)


def split_spans(text: str, lang: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of one paragraph, shifted by ``offset``."""
    return [(s, e) for s, e, _ in split_sentences(text, lang, offset)]


def split_sentences(text: str, lang: str, offset: int = 0) -> list[tuple[int, int, bool]]:
    """Like :func:`split_spans`, each span with a flag: True for a piece of an over-long
    sentence (see :data:`MAX_SENTENCE_CHARS`)."""
    lang = _ALIASES.get(lang, lang)
    # A hard-wrapped paragraph: splitters treat line breaks as sentence ends. Same-length
    # replacement keeps the offsets valid.
    text = text.replace("\r", " ").replace("\n", " ")
    if lang in SPLITTER_LANGUAGES:
        pieces = [p.strip() for p in _splitter(lang).split(text=text)]
    else:
        pieces = [m.group(0).strip() for m in _FALLBACK_RE.finditer(text)]
    spans: list[tuple[int, int, bool]] = []
    cursor = 0
    for piece in pieces:
        if not piece:
            continue
        start, end = _locate(text, piece, cursor)
        if start < 0:
            continue
        cut = end - start > MAX_SENTENCE_CHARS
        spans.extend((offset + s, offset + e, cut) for s, e in _cut_long(text, start, end))
        cursor = end
    return spans


def _cut_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)``, or pieces of it of at most :data:`MAX_SENTENCE_CHARS`, each ending
    at the last clause break (else space) of its second half, else cut hard."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        half = start + MAX_SENTENCE_CHARS // 2
        breaks = [m.end() for m in _SPACE_RE.finditer(text, half, limit)]
        clauses = [b for b in breaks if text[b - 2] in ",;:–—)"]
        cut = (clauses or breaks or [limit])[-1]
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        yield start, piece_end
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def _locate(text: str, piece: str, cursor: int) -> tuple[int, int]:
    """Find ``piece`` in ``text`` from ``cursor``, tolerating whitespace the splitter changed."""
    i = text.find(piece, cursor)
    if i >= 0:
        return i, i + len(piece)
    pattern = r"\s+".join(re.escape(w) for w in piece.split())
    m = re.compile(pattern).search(text, cursor)
    return (m.start(), m.end()) if m else (-1, -1)
