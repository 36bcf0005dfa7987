"""aligner: read foreign-language news side by side with English coverage of the same story.

``aligner.align(source, *targets)`` returns an :class:`Alignment`; see the README.
"""

from __future__ import annotations

__version__ = "0.1.0"

# The subpackage aligner.align must be imported before the function of the same name is
# bound here: importing a submodule for the first time rebinds the package attribute,
# which would otherwise replace aligner.align (the function) on first use.
import aligner.align as _align_package  # noqa: E402,F401
from aligner.api import align, load_documents  # noqa: E402
from aligner.documents import document_from_text, read_document  # noqa: E402
from aligner.embed import CachedEncoder, Encoder, load_encoder  # noqa: E402
from aligner.errors import AlignerError, InputError, ModelMissingError  # noqa: E402
from aligner.model import Alignment, Document, Link, Sentence, Side  # noqa: E402
from aligner.seeds import load_seeds, seed_paths  # noqa: E402

__all__ = [
    "AlignerError",
    "Alignment",
    "CachedEncoder",
    "Document",
    "Encoder",
    "InputError",
    "Link",
    "ModelMissingError",
    "Sentence",
    "Side",
    "align",
    "document_from_text",
    "load_documents",
    "load_encoder",
    "load_seeds",
    "read_document",
    "seed_paths",
]
