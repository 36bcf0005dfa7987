"""Parallel mode: bertalign's two-pass aligner for texts that translate each other."""

from __future__ import annotations

from aligner.embed import Encoder
from aligner.model import Document, Link


def align_parallel(source: Document, target: Document, encoder: Encoder) -> list[Link]:
    """One link per bead with sentences on both sides, in document order."""
    raise NotImplementedError("parallel mode is being built")
