"""Sentence splitting per language, returning character spans, not just strings."""

from __future__ import annotations

import re
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
_FALLBACK_RE = re.compile(r"[^.!?。！？]+(?:[.!?。！？]+[\"'”’»)\]]*|$)")


@cache
def _splitter(lang: str) -> Any:
    from sentence_splitter import SentenceSplitter

    return SentenceSplitter(language=lang)


def split_spans(text: str, lang: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of one paragraph, shifted by ``offset``."""
    lang = _ALIASES.get(lang, lang)
    # A hard-wrapped paragraph: splitters treat line breaks as sentence ends. Same-length
    # replacement keeps the offsets valid.
    text = text.replace("\r", " ").replace("\n", " ")
    if lang in SPLITTER_LANGUAGES:
        pieces = [p.strip() for p in _splitter(lang).split(text=text)]
    else:
        pieces = [m.group(0).strip() for m in _FALLBACK_RE.finditer(text)]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        if not piece:
            continue
        start, end = _locate(text, piece, cursor)
        if start < 0:
            continue
        spans.append((offset + start, offset + end))
        cursor = end
    return spans


def _locate(text: str, piece: str, cursor: int) -> tuple[int, int]:
    """Find ``piece`` in ``text`` from ``cursor``, tolerating whitespace the splitter changed."""
    i = text.find(piece, cursor)
    if i >= 0:
        return i, i + len(piece)
    pattern = r"\s+".join(re.escape(w) for w in piece.split())
    m = re.compile(pattern).search(text, cursor)
    return (m.start(), m.end()) if m else (-1, -1)
