"""Anchors: the words a fact cannot be told without, which must agree across articles.

Numbers ("25 breve" / "25 letters", "2019"), names ("Singapore", "Woodward") and long
cognates ("diplomatisk" / "diplomatic") are written alike in many languages. Two
sentences sharing rare anchors likely tell the same fact; two sentences giving
different counts of something ("25 letters" / "27 letters") likely do not.

Comparable mode reads its word evidence from :mod:`aligner.aligners.words`; what it
takes from here is the numbers and the counts that must agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

#: Number words, so "tre gange" meets "three meetings". Small on purpose: counts that
#: matter in news above ten are mostly written in digits.
NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": {
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "twice": 2,
    },
    "da": {
        "to": 2,
        "tre": 3,
        "fire": 4,
        "fem": 5,
        "seks": 6,
        "syv": 7,
        "otte": 8,
        "ni": 9,
        "ti": 10,
    },
    "no": {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "åtte": 8, "ti": 10},
    "sv": {"två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "tio": 10},
    "de": {
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
    },
    "fr": {
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
    },
}
#: Month names and abbreviations (folded): a number next to one is a day of the month
#: ("Oct. 5", "15. september"), not a count of anything.
_MONTH_WORDS = """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    januar februar marts maj juni juli oktober marz mai dezember
    janvier fevrier mars avril juin juillet aout septembre octobre novembre decembre
"""
MONTHS = frozenset(_MONTH_WORDS.split())
#: Long words compare by their first letters so inflections and cognates still meet.
STEM = 5
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "œ": "oe"})


def fold(word: str) -> str:
    """Lower case without diacritics: "Præsident" -> "praesident"."""
    w = word.lower().translate(_FOLD)
    return "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))


@dataclass(slots=True, frozen=True)
class Anchors:
    """What one text offers for matching: anchor tokens and the numbers it gives."""

    tokens: frozenset[str]
    counts: frozenset[int]
    years: frozenset[int]


def anchors(text: str, lang: str, *, min_len: int = STEM) -> Anchors:
    """Numbers, capitalised names (not sentence-initial) and stems of words of ``min_len``
    letters or more. Across languages only long words can be cognates; within one
    language (a translation against an article) short words count too: "fell in love"."""
    words = NUMBER_WORDS.get(lang.split("-")[0], {})
    tokens: set[str] = set()
    counts: set[int] = set()
    years: set[int] = set()
    found = list(_TOKEN_RE.finditer(text))
    for pos, match in enumerate(found):
        w = match.group(0)
        # Capitals after a sentence end (or an opening quote) are not names.
        initial = pos == 0 or bool(
            _SENTENCE_START_RE.search(text[found[pos - 1].end() : match.start()])
        )
        if w[0].isdigit():
            digits = w.replace(",", "").split(".")[0]
            if not digits.isdigit():
                continue
            n = int(digits)
            tokens.add(f"#{n}")
            if 1800 <= n <= 2100 and len(digits) == 4:
                years.add(n)
            elif not _next_to_month(text, found, pos):
                counts.add(n)
            continue
        low = w.lower()
        if low in words:
            tokens.add(f"#{words[low]}")
            counts.add(words[low])
        elif len(w) >= min_len:
            tokens.add(fold(w)[:STEM])
        elif w[0].isupper() and not initial and len(w) > 1:
            # Short names ("Kim", "Moon", "AFP") count; short common words do not.
            tokens.add(fold(w))
    return Anchors(frozenset(tokens), frozenset(counts), frozenset(years))


_DATE_GAP_RE = re.compile(r"\.?\s+")
_SENTENCE_START_RE = re.compile(r"[.!?:;\"'‘’“”«»()\[\]-]")


def _next_to_month(text: str, found: list[re.Match[str]], pos: int) -> bool:
    """A month name right before or after (only a dot and spaces between): "Oct. 5"."""
    for other in (pos - 1, pos + 1):
        if not 0 <= other < len(found):
            continue
        a, b = sorted((found[pos], found[other]), key=lambda m: m.start())
        if fold(found[other].group(0)) in MONTHS and _DATE_GAP_RE.fullmatch(
            text[a.end() : b.start()]
        ):
            return True
    return False


def conflicts(a: Sequence[Anchors], b: Sequence[Anchors]) -> NDArray[np.bool_]:
    """True where both texts give counts and share none: "25 letters" vs "27 letters".

    Counts only: years differ between sentences that tell one fact ("in 2018 ... in
    2019") far more often than the number of things does.
    """
    out = np.zeros((len(a), len(b)), dtype=np.bool_)
    for i, x in enumerate(a):
        if not x.counts:
            continue
        for j, y in enumerate(b):
            if y.counts and not (x.counts & y.counts):
                out[i, j] = True
    return out
