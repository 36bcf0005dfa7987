"""Offline language identification (lingua), returning ISO 639-1 codes."""

from __future__ import annotations

from functools import cache
from typing import Any

from aligner.errors import InputError

#: Enough text to be sure of a language without scanning a whole book.
_SAMPLE_CHARS = 3000


@cache
def _detector() -> Any:
    from lingua import LanguageDetectorBuilder

    # Low-accuracy mode loads only trigram models: fast, and plenty for paragraphs of news.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str, *, name: str = "input") -> str:
    """The ISO 639-1 code of ``text``'s main language."""
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        raise InputError(f"{name}: has no words to identify a language from")
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < 0.2:
        raise InputError(f"{name}: cannot tell which language it is in; pass --lang")
    code: str = values[0].language.iso_code_639_1.name.lower()
    # lingua calls Norwegian Bokmål "nb"; splitters and Argos know it as "no"/"nb" alike.
    return code
