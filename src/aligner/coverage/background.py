"""Articles of other stories, shipped with the package: what chance looks like to ``find``.

``find`` judges a shared sentence by how far it clears what the archive's other stories
reach against the source, and an article by how far it stands from the archive's
typical one. An archive that is all one story (a reporter's folder of the coverage,
the seeds) has no other stories: its own articles set both bars, and none clears them
(the seeds' own folder scored 0.00-0.07 with the code before these, 0.34-0.47 among
NTREX's stories). Fourteen short articles on unrelated news (weather, rates, football,
a trial...), written for this purpose, are always part of that reference; the pool
holds at most 100 candidates, so they weigh the same in an archive of any size, and
among NTREX's 60 stories they changed one ranking's winner of 300 (``bench/find.py``). They are
general news, not the story's subject: in a folder of one subject, other stories on it
clear them too. Languages without a file here rank as before.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from aligner.embed import CachedEncoder, Vectors

FOLDER = Path(__file__).resolve().parent / "background"


@cache
def background_articles(lang: str) -> tuple[tuple[str, ...], ...]:
    """The articles shipped for ``lang``, one sentence per line, blank lines between."""
    path = FOLDER / f"{lang}.txt"
    if not lang.isalpha() or not path.is_file():
        return ()
    blocks = path.read_text("utf-8").split("\n\n")
    return tuple(
        tuple(line.strip() for line in block.splitlines() if line.strip())
        for block in blocks
        if block.strip()
    )


def background_vectors(lang: str, encoder: CachedEncoder) -> list[Vectors]:
    """Each shipped article's sentence vectors (encoded once, then from the cache)."""
    articles = background_articles(lang)
    if not articles:
        return []
    vectors = encoder.encode([s for a in articles for s in a])
    return list(np.split(vectors, np.cumsum([len(a) for a in articles])[:-1]))
