"""Strict and lax precision, recall and F1 of predicted beads against gold beads.

As the Text+Berg README says: 1-0 and 0-1 beads are dropped on both sides; a predicted
bead is strictly right when it equals a gold bead, laxly right when one of its source
sentences is linked in the gold to one of its target sentences; recall is the same test
with gold and prediction swapped. Counts are summed over documents before dividing, so
long documents weigh more. vecalign's ``score.py`` (and ``bertalign.eval``) differ in one
point: they keep predicted 1-0 and 0-1 beads in the precision count (right when the gold
has the same null bead), which here costs about 0.014 strict F1; ``bench/textberg.py``
prints both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aligner.aligners.beads import Bead

_Key = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Counts:
    """Raw counts; they add up over documents."""

    predicted: int = 0
    predicted_strict: int = 0  # predicted beads equal to a gold bead
    predicted_lax: int = 0  # predicted beads touching a gold link
    gold: int = 0
    gold_strict: int = 0
    gold_lax: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.predicted + other.predicted,
            self.predicted_strict + other.predicted_strict,
            self.predicted_lax + other.predicted_lax,
            self.gold + other.gold,
            self.gold_strict + other.gold_strict,
            self.gold_lax + other.gold_lax,
        )

    def scores(self) -> Scores:
        return Scores.of(self)


@dataclass(frozen=True, slots=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float

    @classmethod
    def of(cls, c: Counts) -> Scores:
        ps, rs = _ratio(c.predicted_strict, c.predicted), _ratio(c.gold_strict, c.gold)
        pl, rl = _ratio(c.predicted_lax, c.predicted), _ratio(c.gold_lax, c.gold)
        return cls(ps, rs, f1(ps, rs), pl, rl, f1(pl, rl))


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def f1(p: float, r: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def _links(beads: Iterable[_Key]) -> set[tuple[int, int]]:
    return {(s, t) for src, tgt in beads for s in src for t in tgt}


def _hits(candidates: set[_Key], reference: set[_Key]) -> tuple[int, int]:
    """How many candidates equal a reference bead, and how many share a link with one."""
    ref_links = _links(reference)
    strict = sum(1 for b in candidates if b in reference)
    lax = sum(1 for src, tgt in candidates if any((s, t) in ref_links for s in src for t in tgt))
    return strict, lax


def _keys(beads: Iterable[Bead]) -> set[_Key]:
    # Duplicates count once, as in the reference scorer, which works on sets.
    return {(tuple(src), tuple(tgt)) for src, tgt in beads if src and tgt}


def count_beads(gold: Sequence[Bead], predicted: Sequence[Bead]) -> Counts:
    """The counts of one document."""
    g, p = _keys(gold), _keys(predicted)
    p_strict, p_lax = _hits(p, g)
    g_strict, g_lax = _hits(g, p)
    return Counts(len(p), p_strict, p_lax, len(g), g_strict, g_lax)


def score_documents(pairs: Iterable[tuple[Sequence[Bead], Sequence[Bead]]]) -> Scores:
    """Scores over ``(gold, predicted)`` pairs, counts summed before dividing."""
    total = Counts()
    for gold, predicted in pairs:
        total = total + count_beads(gold, predicted)
    return total.scores()
