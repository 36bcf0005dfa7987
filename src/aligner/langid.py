"""Offline language identification (lingua), returning ISO 639-1 codes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import suppress
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import lingua
from lingua import Language, LanguageDetectorBuilder

from aligner.cache import Store, content_key
from aligner.errors import AlignerError, InputError

#: Enough text to be sure of a language without scanning a whole book.
_SAMPLE_CHARS = 1000
#: Below this many characters lingua mixes up close languages: on one-sentence pieces of
#: the Danish seed it says Bokmål, Nynorsk or Swedish for a quarter of them.
SHORT_CHARS = 200
#: Languages a short text cannot tell apart; the preferred one of a group wins.
_CONFUSABLE = (frozenset({"da", "nb", "nn", "no", "sv"}),)
#: What this tool reads when nothing else says: Danish news (and English coverage).
DEFAULT_PREFERENCE = ("da", "en")


@cache
def _detector() -> Any:
    # Low-accuracy mode loads only trigram models: fast, and plenty for paragraphs of news.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str, *, name: str = "input", prefer: Sequence[str] = ()) -> str:
    """The ISO 639-1 code of ``text``'s main language.

    A short text is ambiguous, so ``prefer`` (the languages of the documents it goes
    with, then :data:`DEFAULT_PREFERENCE`) breaks the tie: a preferred language wins when
    lingua ranks it close to the top, or when the top is a language it is confused with.
    """
    code, confidence = guess_language(text, name=name)
    if len(text.strip()) < SHORT_CHARS:
        code, confidence = _short_text_choice(text, code, confidence, prefer)
    if confidence < 0.2:
        raise InputError(f"{name}: cannot tell which language it is in; pass --from/--to")
    return code


def _short_text_choice(
    text: str, code: str, confidence: float, prefer: Sequence[str]
) -> tuple[str, float]:
    values = dict(_confidences(text[:_SAMPLE_CHARS]))
    top3 = list(values)[:3]
    ranked = list(dict.fromkeys([*prefer, *DEFAULT_PREFERENCE]))
    for p in ranked:
        if p == code:
            return code, confidence
        if values.get(p, 0.0) >= 0.5 * confidence:
            return p, max(confidence, values[p])
        if any(p in group and code in group for group in _CONFUSABLE):
            return p, confidence
    if confidence < 0.2 and prefer and prefer[0] in top3:
        # lingua cannot tell, but it does not rule out the documents' own language.
        return prefer[0], 1.0
    return code, confidence


def guess_language(text: str, *, name: str = "input") -> tuple[str, float]:
    """The likeliest ISO 639-1 code and lingua's confidence in it (0-1)."""
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        raise InputError(f"{name}: has no words to identify a language from")
    values = _confidences(sample)
    if not values:
        return "und", 0.0
    return values[0]


@lru_cache(maxsize=256)
def _confidences(sample: str) -> tuple[tuple[str, float], ...]:
    """lingua's confidence in each language (ISO 639-1, best first) for ``sample``,
    kept in the cache by the sample's hash: lingua takes some 30 ms a document, which
    the warm rerun of an alignment must not pay. A cache that cannot open is no reason
    not to answer."""
    key = content_key(_lingua_id(), sample)
    store: Store | None
    try:
        store = Store("languages")
        found = store.get_many([key]).get(key)
    except (AlignerError, sqlite3.Error):
        store, found = None, None
    if found is not None:
        return tuple((str(c), float(v)) for c, v in json.loads(found))
    values = tuple(
        (v.language.iso_code_639_1.name.lower(), float(v.value))
        for v in _detector().compute_language_confidence_values(sample)
    )
    if store is not None:
        # If the cache fails now, the answer stands; only the next run pays again.
        with suppress(AlignerError, sqlite3.Error):
            store.put_many([(key, json.dumps(values).encode("utf-8"))])
    return values


@cache
def _lingua_id() -> str:
    # Another install of lingua (its models may differ) gets entries of its own; asking
    # the package metadata for its version would cost more than lingua itself.
    return f"lingua-low-v2:{Path(lingua.__file__).stat().st_mtime_ns}"


#: Codes that name the same written language for our purposes.
_SAME = {"nb": "no", "nn": "no"}


def check_language(text: str, lang: str, *, name: str = "input") -> None:
    """Refuse a text that is confidently in another language than the one it was declared in."""
    if len(text.strip()) < 100:
        return  # too little text to contradict the caller
    code, confidence = guess_language(text, name=name)
    if _SAME.get(code, code) != _SAME.get(lang, lang) and confidence > 0.9:
        raise InputError(
            f"{name}: the text is in '{code}', not '{lang}' as given; "
            "check the file or the --from/--to option"
        )


@cache
def known_codes() -> frozenset[str]:
    """The ISO 639-1 codes lingua knows, and the aliases we accept for them."""
    return frozenset(lang.iso_code_639_1.name.lower() for lang in Language.all()) | {"no"}
