"""aligner: read foreign-language news side by side with English coverage of the same story.

``aligner.align(source, *targets)`` returns an :class:`Alignment`; see the README.
"""

from __future__ import annotations

from aligner._version import __version__ as __version__
from aligner.api import align, load_documents
from aligner.coverage import Match, Ranking, find
from aligner.documents import document_from_text, read_document
from aligner.embed import CachedEncoder, Encoder, load_encoder
from aligner.errors import AlignerError, InputError, ModelMissingError
from aligner.model import Alignment, Clue, Document, Link, Sentence, Side, Span
from aligner.seeds import load_seeds, seed_paths
from aligner.translation import Translator, find_translator, translate

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
