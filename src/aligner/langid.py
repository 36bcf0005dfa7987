"""Offline language identification (lingua), returning ISO 639-1 codes."""

from __future__ import annotations

from functools import cache
from typing import Any

from aligner.errors import InputError

#: Enough text to be sure of a language without scanning a whole book.
_SAMPLE_CHARS = 1000


@cache
def _detector() -> Any:
    from lingua import LanguageDetectorBuilder

    # Low-accuracy mode loads only trigram models: fast, and plenty for paragraphs of news.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str, *, name: str = "input") -> str:
    """The ISO 639-1 code of ``text``'s main language."""
    code, confidence = guess_language(text, name=name)
    if confidence < 0.2:
        raise InputError(f"{name}: cannot tell which language it is in; pass --from/--to")
    return code


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
