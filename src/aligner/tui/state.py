"""What the reader shows, without Textual: which sentences light up, where the keys jump.

Widgets ask this object and draw; keeping the logic here makes it testable as plain Python
and keeps a cursor move cheap (indexes are built once per threshold, not per keystroke).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from aligner.model import Alignment, Document, Link

View = Literal["original", "translation"]

#: How far one press of ``+``/``-`` moves the threshold.
THRESHOLD_STEP = 0.05


@dataclass(frozen=True, slots=True)
class Mark:
    """A sentence lit up by the current selection: which link (its colour) and how sure."""

    slot: int
    score: float


@dataclass(frozen=True, slots=True)
class Place:
    """A sentence in a column: the document, which text of it, the sentence id."""

    doc: str
    sentence: int
    view: View = "original"


@dataclass(slots=True)
class Highlights:
    """The links of the selected sentence, best first, and the sentences each one lights."""

    links: list[Link] = field(default_factory=list)
    marks: dict[str, dict[int, Mark]] = field(default_factory=dict)

    def in_doc(self, doc_id: str) -> dict[int, Mark]:
        return self.marks.get(doc_id, {})


class ReaderState:
    """An alignment seen through a score threshold."""

    def __init__(self, alignment: Alignment, threshold: float = 0.0) -> None:
        self.alignment = alignment
        self._threshold = 0.0
        self._by_sentence: dict[tuple[str, int], list[Link]] = defaultdict(list)
        for link in alignment.links:
            for side in (link.source, link.target):
                for sid in side.sentences:
                    self._by_sentence[(side.doc, sid)].append(link)
        self._matched: dict[str, set[int]] = {}
        self.threshold = threshold

    @property
    def threshold(self) -> float:
        return self._threshold

    @threshold.setter
    def threshold(self, value: float) -> None:
        # Rounded so repeated steps land on 0.35, not 0.35000000000000003.
        self._threshold = round(min(1.0, max(0.0, value)), 2)
        matched: dict[str, set[int]] = {d.id: set() for d in self.alignment.documents}
        for link in self.visible_links():
            for side in (link.source, link.target):
                matched.setdefault(side.doc, set()).update(side.sentences)
        self._matched = matched

    def raise_threshold(self) -> float:
        self.threshold = self._threshold + THRESHOLD_STEP
        return self._threshold

    def lower_threshold(self) -> float:
        self.threshold = self._threshold - THRESHOLD_STEP
        return self._threshold

    def visible_links(self) -> list[Link]:
        return [link for link in self.alignment.links if link.score >= self._threshold]

    def links_at(self, doc_id: str, sentence_id: int) -> list[Link]:
        """Links touching this sentence at the current threshold, best first."""
        links = [
            link for link in self._by_sentence.get((doc_id, sentence_id), [])
            if link.score >= self._threshold
        ]
        return sorted(links, key=lambda link: -link.score)

    def is_matched(self, doc_id: str, sentence_id: int) -> bool:
        return sentence_id in self._matched.get(doc_id, ())

    def matched(self, doc_id: str) -> set[int]:
        return self._matched.get(doc_id, set())

    def highlights(self, doc_id: str, sentence_id: int) -> Highlights:
        """Every sentence linked to the selected one, each link in its own colour slot."""
        links = self.links_at(doc_id, sentence_id)
        marks: dict[str, dict[int, Mark]] = {}
        for slot, link in enumerate(links):
            for side in (link.source, link.target):
                per_doc = marks.setdefault(side.doc, {})
                for sid in side.sentences:
                    # Best link wins a sentence two links share: links are sorted best first.
                    per_doc.setdefault(sid, Mark(slot, link.score))
        return Highlights(links=links, marks=marks)

    def next_matched(self, doc_id: str, sentence_id: int, step: int = 1) -> int | None:
        """The nearest matched sentence after (``step=1``) or before (``-1``) this one."""
        return _nearest(self.matched(doc_id), sentence_id, step, self._count(doc_id))

    def next_unmatched(self, doc_id: str, sentence_id: int, step: int = 1) -> int | None:
        n = self._count(doc_id)
        unmatched = set(range(n)) - self.matched(doc_id)
        return _nearest(unmatched, sentence_id, step, n)

    def search(self, query: str, views: Iterable[tuple[str, View]]) -> list[Place]:
        """Sentences containing ``query`` (case-insensitive) in the given columns, in order."""
        q = query.casefold().strip()
        if not q:
            return []
        hits: list[Place] = []
        for doc_id, view in views:
            doc = self.alignment.document(doc_id)
            for s in doc.sentences:
                text = s.translation if view == "translation" else s.text
                if text and q in text.casefold():
                    hits.append(Place(doc_id, s.id, view))
        return hits

    def document(self, doc_id: str) -> Document:
        return self.alignment.document(doc_id)

    def _count(self, doc_id: str) -> int:
        return len(self.alignment.document(doc_id).sentences)


def _nearest(candidates: set[int], start: int, step: int, count: int) -> int | None:
    """The first candidate strictly after/before ``start``, without wrapping round."""
    i = start + step
    while 0 <= i < count:
        if i in candidates:
            return i
        i += step
    return None
