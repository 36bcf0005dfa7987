"""aligner: read foreign-language news side by side with English coverage of the same story.

``aligner.align(source, *targets)`` returns an :class:`Alignment`; see the README.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from aligner._version import __version__ as __version__

if TYPE_CHECKING:
    from aligner.api import align, load_documents
    from aligner.coverage import Match, Ranking, find
    from aligner.documents import document_from_text, read_document
    from aligner.embed import CachedEncoder, Encoder, load_encoder
    from aligner.errors import AlignerError, InputError, ModelMissingError
    from aligner.model import Alignment, Clue, Document, Link, Sentence, Side, Span
    from aligner.seeds import load_seeds, seed_paths
    from aligner.translation import Translator, find_translator, translate

#: Where each public name lives. Imported on first use: the encoder, lingua and numpy
#: cost a third of a second, which `aligner --help`, a Ctrl-C at start-up (caught only
#: once the CLI runs) and a program that needs only the errors should not pay.
_HOMES = {
    "align": "aligner.api",
    "load_documents": "aligner.api",
    "Match": "aligner.coverage",
    "Ranking": "aligner.coverage",
    "find": "aligner.coverage",
    "document_from_text": "aligner.documents",
    "read_document": "aligner.documents",
    "CachedEncoder": "aligner.embed",
    "Encoder": "aligner.embed",
    "load_encoder": "aligner.embed",
    "AlignerError": "aligner.errors",
    "InputError": "aligner.errors",
    "ModelMissingError": "aligner.errors",
    "Alignment": "aligner.model",
    "Clue": "aligner.model",
    "Document": "aligner.model",
    "Link": "aligner.model",
    "Sentence": "aligner.model",
    "Side": "aligner.model",
    "Span": "aligner.model",
    "load_seeds": "aligner.seeds",
    "seed_paths": "aligner.seeds",
    "Translator": "aligner.translation",
    "find_translator": "aligner.translation",
    "translate": "aligner.translation",
}

__all__ = [
    "AlignerError",
    "Alignment",
    "CachedEncoder",
    "Clue",
    "Document",
    "Encoder",
    "InputError",
    "Link",
    "Match",
    "ModelMissingError",
    "Ranking",
    "Sentence",
    "Side",
    "Span",
    "Translator",
    "align",
    "document_from_text",
    "find",
    "find_translator",
    "load_documents",
    "load_encoder",
    "load_seeds",
    "read_document",
    "seed_paths",
    "translate",
]


if not TYPE_CHECKING:
    # Hidden from type checkers: a module __getattr__ would make every misspelt name
    # type-check as Any; they see the imports above instead.

    def __getattr__(name: str) -> Any:
        home = _HOMES.get(name)
        if home is not None:
            value = getattr(importlib.import_module(home), name)
        elif _submodule(name):
            # `import aligner; aligner.coverage.Archive`: submodules came with the
            # package when it imported them eagerly; code written then still works.
            value = importlib.import_module(f"aligner.{name}")
        else:
            raise AttributeError(f"module 'aligner' has no attribute {name!r}")
        globals()[name] = value  # once: later lookups are plain attribute reads
        return value


def _submodule(name: str) -> bool:
    """Whether ``name`` is a submodule to load for an attribute lookup: not a dotted or
    odd name (``getattr(aligner, "tui.app")``), not ``__main__``, which runs the CLI."""
    if not name.isidentifier() or name.startswith("__"):
        return False
    try:
        return importlib.util.find_spec(f"aligner.{name}") is not None
    except ImportError:
        return False


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
