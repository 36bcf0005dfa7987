"""Offline language identification (lingua), returning ISO 639-1 codes."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from lingua import Language, LanguageDetectorBuilder

from aligner.errors import InputError

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
    values = {
        v.language.iso_code_639_1.name.lower(): float(v.value)
        for v in _detector().compute_language_confidence_values(text[:_SAMPLE_CHARS])
    }
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
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return "und", 0.0
    code: str = values[0].language.iso_code_639_1.name.lower()
    return code, float(values[0].value)


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
