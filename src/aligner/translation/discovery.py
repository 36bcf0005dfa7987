"""Finding the translator for a language pair among installed (and dropped-in) packages."""

from __future__ import annotations

from typing import Any

from aligner.callbacks import Notify
from aligner.errors import InputError, ModelMissingError
from aligner.paths import drop_in_folder
from aligner.translation.engine import Translator, TranslatorSpec
from aligner.translation.packages import find_package, install_dropped

#: The language pivots go through, as argostranslate does when no direct package exists.
PIVOT = "en"


def find_spec(
    from_code: str, to_code: str, *, notify: Notify | None = None, **options: Any
) -> TranslatorSpec | None:
    """The :class:`TranslatorSpec` for a pair: a direct package, else a pivot through English.

    Dropped ``.argosmodel`` files are installed first; ``notify`` hears of those refused."""
    install_dropped(notify)
    direct = find_package(from_code, to_code)
    if direct is not None:
        return TranslatorSpec((str(direct.path),), **options)
    if PIVOT not in (from_code, to_code):
        first, second = find_package(from_code, PIVOT), find_package(PIVOT, to_code)
        if first is not None and second is not None:
            return TranslatorSpec((str(first.path), str(second.path)), **options)
    return None


def find_translator(from_code: str, to_code: str, **options: Any) -> Translator | None:
    """An installed translator for the pair, or ``None`` (dropped packages installed first)."""
    spec = find_spec(from_code, to_code, **options)
    return Translator(spec) if spec is not None else None


def require_translator(from_code: str, to_code: str, **options: Any) -> Translator:
    """The installed translator for a pair; :class:`ModelMissingError` when there is none."""
    found = find_translator(from_code, to_code, **options)
    if found is None:
        raise ModelMissingError(from_code, to_code, drop_in_folder())
    return found


_shared: dict[tuple[str, str], Translator] = {}


def shared_translator(
    from_code: str, to_code: str, *, notify: Notify | None = None
) -> Translator | None:
    """Like :func:`find_translator`, but one loaded model per pair for the whole process:
    a batch of alignments or translations must not reload it for every document."""
    spec = find_spec(from_code, to_code, notify=notify)
    if spec is None:
        return None
    cached = _shared.get((from_code, to_code))
    if cached is None or cached.spec != spec:
        cached = _shared[(from_code, to_code)] = Translator(spec)
    return cached


def translate(text: str, from_code: str, to_code: str) -> str:
    """Translate ``text`` offline; :class:`ModelMissingError` when no package covers the pair."""
    for code in (from_code, to_code):
        if not isinstance(code, str) or not code.isalpha() or not 2 <= len(code) <= 3:
            raise InputError(f"{code!r}: not a language code; use ISO 639-1 ('da', 'en')")
    if from_code == to_code:
        raise InputError(f"{from_code} to {to_code}: nothing to translate")
    if not isinstance(text, str):
        raise InputError(f"cannot translate a {type(text).__name__}: give the text as a str")
    translator = shared_translator(from_code, to_code)
    if translator is None:
        raise ModelMissingError(from_code, to_code, drop_in_folder())
    return translator.translate_text(text)
