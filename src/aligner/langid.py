"""Offline language identification (lingua), returning ISO 639-1 codes."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from contextlib import suppress
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import lingua
from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from aligner.cache import Store, content_key
from aligner.errors import AlignerError, InputError, LanguageMismatchError

#: Enough text to be sure of a language without scanning a whole book.
_SAMPLE_CHARS = 1000
#: Below this many characters lingua mixes up close languages: on one-sentence pieces of
#: the Danish seed it says Bokmål, Nynorsk or Swedish for a quarter of them. On NTREX's
#: Danish (single lines and each line joined to the next), 7 of 515 pieces of 200-299
#: characters were taken for Bokmål or Swedish, none of the 310 of 300 or more.
SHORT_CHARS = 300
#: Languages a short text cannot tell apart; the preferred one of a group wins.
_CONFUSABLE = (frozenset({"da", "nb", "nn", "no", "sv"}),)
#: Languages the trigrams rank highest, which all n-grams then weigh.
_CANDIDATES = 5
#: What this tool reads when nothing else says: Danish news (and English coverage).
DEFAULT_PREFERENCE = ("da", "en")


@cache
def _detector() -> Any:
    # Low-accuracy mode loads only trigram models: fast, and plenty for paragraphs of news.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


@lru_cache(maxsize=64)
def _detector_among(codes: tuple[str, ...]) -> Any:
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return LanguageDetectorBuilder.from_languages(*languages).build()


@cache
def _lingua_codes() -> frozenset[str]:
    return frozenset(lang.iso_code_639_1.name.lower() for lang in Language.all())


def detect_language(text: str, *, name: str = "input", prefer: Sequence[str] = ()) -> str:
    """The ISO 639-1 code of ``text``'s main language.

    A short text is ambiguous, so ``prefer`` (the languages of the documents it goes
    with, then :data:`DEFAULT_PREFERENCE`) breaks the tie: a preferred language wins when
    lingua ranks it close to the top, or when the top is a language it is confused with.
    """
    values = _values(text, name, prefer)
    code, confidence = values[0] if values else ("und", 0.0)
    if len(text.strip()) < SHORT_CHARS:
        code, confidence = _short_text_choice(dict(values), code, confidence, prefer)
    if confidence < 0.2:
        raise InputError(f"{name}: cannot tell which language it is in; pass --from/--to")
    return code


def guess_language(
    text: str, *, name: str = "input", prefer: Sequence[str] = ()
) -> tuple[str, float]:
    """The likeliest ISO 639-1 code and lingua's confidence in it (0-1)."""
    values = _values(text, name, prefer)
    return values[0] if values else ("und", 0.0)


def _values(text: str, name: str, prefer: Sequence[str]) -> tuple[tuple[str, float], ...]:
    """lingua's confidences (best first) in the languages its trigrams rank highest and
    those preferred (with the languages each is confused with), from all its n-grams.

    Trigrams alone, over every language, took 17 of NTREX dev's 956 Danish lines (read
    one at a time) and 27 of its English ones for another language, some with full
    confidence (Tswana, Esperanto, Finnish), and refused 13 of its 587 Danish lines of
    100 characters or more declared Danish. Weighed again with all n-grams among those
    candidates: 4 and 2 wrong (names, a French quote), none refused
    (``tests/unit/test_langid.py``; chosen on all 60 documents, so no figure here is
    held out). Loading the models of a dozen languages, not 75, keeps the first call in
    milliseconds.
    """
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        raise InputError(f"{name}: has no words to identify a language from; pass --from/--to")
    trigrams = _confidences(sample)
    if not trigrams:
        return ()
    among = {c for c, _ in trigrams[:_CANDIDATES]}
    among.update(prefer, DEFAULT_PREFERENCE)
    for group in _CONFUSABLE:
        if among & group:
            among |= group
    return _confidences(sample, tuple(sorted(among & _lingua_codes())))


def _short_text_choice(
    values: dict[str, float], code: str, confidence: float, prefer: Sequence[str]
) -> tuple[str, float]:
    top3 = list(values)[:3]
    ranked = list(dict.fromkeys([*prefer, *DEFAULT_PREFERENCE]))
    # Languages confused with each other count as one, and the first preferred of them is
    # it: "Han har lov." is Nynorsk 0.20, Bokmål 0.20, Danish 0.19, and surely one of them.
    groups = [next((g for g in _CONFUSABLE if p in g), frozenset({p})) for p in ranked]
    for p, group in zip(ranked, groups, strict=True):
        if code in group:
            return p, max(confidence, sum(v for c, v in values.items() if c in group))
    for p, group in zip(ranked, groups, strict=True):
        # A preferred language close to the top (lingua is unsure on a few words).
        together = sum(v for c, v in values.items() if c in group)
        if together >= 0.5 * confidence:
            return p, max(confidence, together)
    if confidence < 0.2 and prefer and prefer[0] in top3:
        # lingua cannot tell, but it does not rule out the documents' own language.
        return prefer[0], 1.0
    return code, confidence


@lru_cache(maxsize=256)
def _confidences(sample: str, among: tuple[str, ...] = ()) -> tuple[tuple[str, float], ...]:
    """lingua's confidence in each language (ISO 639-1, best first) for ``sample``,
    kept in the cache by the sample's hash: lingua takes some 30 ms a document, which
    the warm rerun of an alignment must not pay. A cache that cannot open is no reason
    not to answer. ``among``: only these languages, in high-accuracy mode."""
    key = content_key(_lingua_id() + ":" + ",".join(among), sample)
    store: Store | None
    try:
        store = Store("languages")
        found = store.get_many([key]).get(key)
    except (AlignerError, sqlite3.Error):
        store, found = None, None
    if found is not None:
        with suppress(ValueError, TypeError):  # a damaged entry is worked out again
            return tuple((str(c), float(v)) for c, v in json.loads(found))
    values = tuple(
        (v.language.iso_code_639_1.name.lower(), float(v.value))
        for v in (
            _detector_among(among) if among else _detector()
        ).compute_language_confidence_values(sample)
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


def check_language(text: str, lang: str, *, name: str = "input") -> None:
    """Refuse a text that is confidently in another language than the one it was declared in."""
    if len(text.strip()) < 100:
        return  # too little text to contradict the caller
    code, confidence = guess_language(text, name=name, prefer=(lang,))
    if code == lang or any(code in group and lang in group for group in _CONFUSABLE):
        # lingua tells Danish from Bokmål less surely than the person who wrote --from.
        return
    if confidence > 0.9:
        raise LanguageMismatchError(
            f"{name}: the text is in '{code}', not '{lang}' as given; "
            "check the file or the --from/--to option",
            found=code,
            declared=lang,
        )


_CODE = re.compile(r"[a-z]{2,3}")


def normal_code(code: object, what: str = "lang") -> str:
    """``code`` as aligner keys languages (lower case: "DA" is "da"); an
    :class:`InputError` for a value that is no language code at all (a number, "Danish")."""
    if isinstance(code, str) and _CODE.fullmatch(code.strip().lower()):
        return code.strip().lower()
    raise InputError(
        f"{what} {code!r}: not a language code; give a two-letter ISO 639-1 code "
        "such as 'da' or 'en'"
    )


@cache
def known_codes() -> frozenset[str]:
    """The ISO 639-1 codes lingua knows, and the aliases we accept for them."""
    return _lingua_codes() | {"no"}
