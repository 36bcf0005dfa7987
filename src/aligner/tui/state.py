"""What the reader shows, without Textual: which sentences light up, where the keys jump,
what the search found, what an export writes.

Widgets ask this object and draw; keeping the logic here makes it testable as plain Python
and keeps a cursor move cheap (indexes are built once per threshold, not per keystroke).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from aligner.model import Alignment, Document, Link, hundredths

View = Literal["original", "translation"]

#: How far one press of ``+``/``-`` moves the threshold.
THRESHOLD_STEP = 0.05
#: The least probable links the reader asks for when it aligns, whatever it shows at
#: first (`aligner read` shows 0.5 and up): `-` lowers the threshold to here without
#: aligning again.
SHOWN_FLOOR = 0.2


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


#: Per sentence id, the character spans ``[start, end)`` of its words to mark.
WordMarks = dict[int, list[tuple[int, int]]]


@dataclass(slots=True)
class Highlights:
    """The links of the selected sentence, best first, and the sentences each one lights.

    ``explained`` is the link whose evidence is shown; ``words`` its matched words, per
    column (document and view).
    """

    links: list[Link] = field(default_factory=list)
    marks: dict[str, dict[int, Mark]] = field(default_factory=dict)
    explained: Link | None = None
    words: dict[tuple[str, View], WordMarks] = field(default_factory=dict)

    def in_doc(self, doc_id: str) -> dict[int, Mark]:
        return self.marks.get(doc_id, {})

    def words_in(self, doc_id: str, view: View) -> WordMarks:
        return self.words.get((doc_id, view), {})


class ReaderState:
    """An alignment seen through a score threshold, and the last search over it."""

    def __init__(self, alignment: Alignment, threshold: float = 0.0) -> None:
        self.alignment = alignment
        #: The threshold the alignment was made at: it holds no link below it, so a lower
        #: one would show nothing new (0 for files that do not record it).
        made_at = alignment.info.get("threshold", 0.0)
        ok = (
            isinstance(made_at, int | float)
            and not isinstance(made_at, bool)
            and math.isfinite(made_at)
        )
        # Down to the hundredth: links at 0.225 stay in reach of a floor shown as 0.22.
        self.floor = hundredths(min(1.0, max(0.0, float(made_at)))) / 100 if ok else 0.0
        self._threshold = 0.0
        self._by_sentence: dict[tuple[str, int], list[Link]] = defaultdict(list)
        for link in alignment.links:
            for side in (link.source, link.target):
                for sid in side.sentences:
                    self._by_sentence[(side.doc, sid)].append(link)
        self._matched: dict[str, set[int]] = {}
        self.threshold = max(threshold, self.floor)
        #: The last search: what was asked, its hits in column order, and which hit the
        #: person is on (-1 before the first).
        self.query = ""
        self.hits: list[Place] = []
        self.hit_index = -1
        self.went_round = False
        self._round_first = False

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

    def raise_threshold(self) -> bool:
        """One step up, to 1 at most; False when already there."""
        if self._threshold >= 1.0:
            return False
        self.threshold = self._threshold + THRESHOLD_STEP
        return True

    def lower_threshold(self) -> bool:
        """One step down, but not below :attr:`floor`; False when already there."""
        if self._threshold <= self.floor:
            return False
        self.threshold = max(self.floor, self._threshold - THRESHOLD_STEP)
        return True

    def keeps(self, link: Link) -> bool:
        """Whether the link is shown at the threshold: compared as printed (two
        decimals, rounded down), so what the status line says and what is kept agree."""
        return hundredths(link.score) >= hundredths(self._threshold)

    def visible_links(self) -> list[Link]:
        return [link for link in self.alignment.links if self.keeps(link)]

    def shown(self) -> Alignment:
        """What the reader shows, as an export writes it: the links at or above the
        threshold, which the info records."""
        return Alignment(
            documents=self.alignment.documents,
            links=self.visible_links(),
            mode=self.alignment.mode,
            info={**self.alignment.info, "threshold": self._threshold},
        )

    def links_at(self, doc_id: str, sentence_id: int) -> list[Link]:
        """Links touching this sentence at the current threshold, best first."""
        links = [
            link for link in self._by_sentence.get((doc_id, sentence_id), []) if self.keeps(link)
        ]
        return sorted(links, key=lambda link: -link.score)

    def is_matched(self, doc_id: str, sentence_id: int) -> bool:
        return sentence_id in self._matched.get(doc_id, ())

    def matched(self, doc_id: str) -> set[int]:
        return self._matched.get(doc_id, set())

    def highlights(
        self, doc_id: str, sentence_id: int, pointed: Sequence[tuple[str, int]] = ()
    ) -> Highlights:
        """Every sentence linked to the selected one, each link in its own colour slot,
        and the matched words of the one link explained (see :func:`explained`)."""
        links = self.links_at(doc_id, sentence_id)
        marks: dict[str, dict[int, Mark]] = {}
        for slot, link in enumerate(links):
            for side in (link.source, link.target):
                per_doc = marks.setdefault(side.doc, {})
                for sid in side.sentences:
                    # Best link wins a sentence two links share: links are sorted best first.
                    per_doc.setdefault(sid, Mark(slot, link.score))
        why = explained(doc_id, sentence_id, links, pointed)
        words = evidence_words(why) if why is not None else {}
        return Highlights(links=links, marks=marks, explained=why, words=words)

    def next_matched(self, doc_id: str, sentence_id: int, step: int = 1) -> int | None:
        """The nearest matched sentence after (``step=1``) or before (``-1``) this one."""
        return _nearest(self.matched(doc_id), sentence_id, step, self._count(doc_id))

    def next_unmatched(self, doc_id: str, sentence_id: int, step: int = 1) -> int | None:
        n = self._count(doc_id)
        unmatched = set(range(n)) - self.matched(doc_id)
        return _nearest(unmatched, sentence_id, step, n)

    def search(self, query: str, views: Iterable[tuple[str, View]]) -> list[Place]:
        """Sentences containing ``query`` in the given columns, in order: case-insensitive,
        and a straight quote or hyphen finds a curly quote or a dash (news sets
        "Woodward’s"; a keyboard types "Woodward's")."""
        q = _searchable(query).strip()
        if not q:
            return []
        hits: list[Place] = []
        for doc_id, view in views:
            doc = self.alignment.document(doc_id)
            for s in doc.sentences:
                text = s.translation if view == "translation" else s.text
                if text and q in _searchable(text):
                    hits.append(Place(doc_id, s.id, view))
        return hits

    def start_search(
        self, query: str, views: Sequence[tuple[str, View]], here: Place | None = None
    ) -> list[Place]:
        """Search the columns ``views`` (in their order on screen) and remember the hits;
        :meth:`next_hit` then goes to the first hit after ``here``, the selection."""
        self.query = query
        self.hits = self.search(query, views)
        self.hit_index = -1
        # No hit after the selection: the first one is reached by going round.
        self._round_first = here is not None and bool(self.hits)
        if here is not None:
            order = list(views)
            key = (order.index((here.doc, here.view)), here.sentence)
            for i, h in enumerate(self.hits):
                if (order.index((h.doc, h.view)), h.sentence) > key:
                    self.hit_index = i - 1
                    self._round_first = False
                    break
        return self.hits

    def next_hit(self, step: int = 1) -> Place | None:
        """The next (``step=1``) or previous (``-1``) hit, round the ends; None without any.
        :attr:`went_round` says whether this step went past an end."""
        if not self.hits:
            return None
        raw = self.hit_index + step
        self.went_round = self._round_first or not 0 <= raw < len(self.hits)
        self._round_first = False
        self.hit_index = raw % len(self.hits)
        return self.hits[self.hit_index]

    def hits_in(self, doc_id: str, view: View) -> set[int]:
        """The sentences of one column the last search found."""
        return {h.sentence for h in self.hits if (h.doc, h.view) == (doc_id, view)}

    def hit_label(self) -> str:
        """``hit 2/5: letters``: where the person is among the hits, and whether the last
        step went round an end of the columns."""
        label = f"hit {self.hit_index + 1}/{len(self.hits)}: {self.query}"
        return label + " (went round to the other end)" if self.went_round else label

    def document(self, doc_id: str) -> Document:
        return self.alignment.document(doc_id)

    def _count(self, doc_id: str) -> int:
        return len(self.alignment.document(doc_id).sentences)


def explained(
    doc_id: str, sentence_id: int, links: Sequence[Link], pointed: Sequence[tuple[str, int]]
) -> Link | None:
    """Which of the selection's links (best first) to explain.

    ``pointed``: the cursors of the other columns, the most recently visited first. The
    first of them that sits on the far side of one of the links picks that link: the
    person came from there, so that pair is the one in question. Else the best link.
    """
    for doc, sid in pointed:
        for link in links:
            near_is_source = link.source.doc == doc_id and sentence_id in link.source.sentences
            far = link.target if near_is_source else link.source
            if far.doc == doc and sid in far.sentences:
                return link
    return links[0] if links else None


def weaker_links_hint(floor: float, asked: float | None = None) -> str:
    """How to see links under ``floor``, which the alignment does not hold: ``asked``
    (or a lower threshold than the floor) given to ``aligner align``, or, for a file made
    at more than the reader's own floor, the articles opened themselves. Parts joined by
    `` · ``, the status line's cue for where to cut."""
    if asked is None:
        asked = SHOWN_FLOOR if floor > SHOWN_FLOOR else hundredths(floor / 2) / 100
    # What to do first: a narrow status line keeps the start of the first part.
    parts = [f"align again at --threshold {asked:g}"]
    if floor > SHOWN_FLOOR:
        parts.append(f"or open the .txt files (down to {SHOWN_FLOOR:.2f})")
    return " · ".join(parts)


def landing(marks: dict[int, Mark], cursor: int, visited: bool) -> int:
    """Where Tab puts the cursor of a column that holds matches of the selection.

    A column visited before keeps its cursor when that is one of the matches: Tab then
    Shift+Tab goes back to the sentence the person came from, which may be a weaker
    match than another. Else the strongest match (slot 0 is the best link), the first
    of its sentences.
    """
    if visited and cursor in marks:
        return cursor
    return strongest(marks)


def strongest(marks: dict[int, Mark]) -> int:
    """The sentence of the best link among ``marks`` (slot 0 is the best), the first of
    its sentences: where a column shows the selection's match, as Tab lands there."""
    return min(marks, key=lambda sid: (marks[sid].slot, sid))


def evidence_words(link: Link) -> dict[tuple[str, View], WordMarks]:
    """The characters each clue of ``link`` marks, per column (document and view)."""
    words: dict[tuple[str, View], WordMarks] = {}
    for clue in link.evidence:
        for doc, span in ((link.source.doc, clue.source), (link.target.doc, clue.target)):
            view: View = "translation" if span.translation else "original"
            spans = words.setdefault((doc, view), {}).setdefault(span.sentence, [])
            spans.append((span.start, span.end))
    return words


#: Typographic quotes and dashes, as a keyboard types them.
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})


def _searchable(text: str) -> str:
    return text.translate(_PLAIN).casefold()


def _nearest(candidates: set[int], start: int, step: int, count: int) -> int | None:
    """The first candidate strictly after/before ``start``, without wrapping round."""
    i = start + step
    while 0 <= i < count:
        if i in candidates:
            return i
        i += step
    return None
