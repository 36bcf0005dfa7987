"""``--mode auto``: decide whether the texts translate each other or only share a story."""

from __future__ import annotations

from collections.abc import Sequence

from aligner.embed import Encoder
from aligner.model import Document, Mode


def choose_mode(source: Document, targets: Sequence[Document], encoder: Encoder) -> tuple[Mode, str]:
    """The mode and a short reason a person can read."""
    raise NotImplementedError("auto mode is being built")
