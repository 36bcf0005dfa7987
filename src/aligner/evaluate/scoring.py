"""Precision, recall and F1 (:class:`Scores`, the one result type of every evaluation
here), and the strict and lax scoring of predicted beads against gold beads.

The reference scorer's rules (vecalign's ``score.py``, ``bertalign.eval``), by which the
published Text+Berg figures were measured: a predicted bead is strictly right when it
equals a gold bead, laxly right when it does or when one of its source sentences is
linked in the gold to one of its target sentences. Precision counts every predicted
bead, 1-0 and 0-1 ones too (right only when the gold leaves the same sentence out);
recall counts the gold beads with both sides, tested the same way against the predicted
beads with both sides. Counts are summed over documents before dividing, so long
documents weigh more.

Until issue 9 the project dropped predicted 1-0 and 0-1 beads from precision, which
read about 0.014 strict F1 higher than the reference scorer on the same beads: the
README's figure and the documented command scored by the reference disagreed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aligner.model import Bead

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

    def scores(self) -> BeadScores:
        return BeadScores.of(self)


@dataclass(frozen=True, slots=True)
class Scores:
    """How predictions compare with a gold: precision, recall and the counts behind them.

    ``correct`` of the ``predicted`` items are right by the gold's rules, and ``found`` of
    the ``gold`` items were predicted. What an empty side scores is each scorer's rule (0
    for beads, as the reference scorer has it; 1 for comparable pairs, where nothing
    predicted is nothing wrong), so precision and recall are given, not derived.
    """

    precision: float
    recall: float
    predicted: int
    correct: int
    found: int
    gold: int
    #: Comparable pairs only: links from source sentences the gold says have no counterpart.
    unmatched_linked: int = 0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class BeadScores:
    """Beads scored by both rules: ``strict`` (equal to a gold bead) and ``lax``."""

    strict: Scores
    lax: Scores

    @classmethod
    def of(cls, c: Counts) -> BeadScores:
        def by(predicted_right: int, gold_found: int) -> Scores:
            return Scores(
                precision=_ratio(predicted_right, c.predicted),
                recall=_ratio(gold_found, c.gold),
                predicted=c.predicted,
                correct=predicted_right,
                found=gold_found,
                gold=c.gold,
            )

        return cls(by(c.predicted_strict, c.gold_strict), by(c.predicted_lax, c.gold_lax))


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def f1(p: float, r: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def _links(beads: Iterable[_Key]) -> set[tuple[int, int]]:
    return {(s, t) for src, tgt in beads for s in src for t in tgt}


def _hits(candidates: set[_Key], reference: set[_Key]) -> tuple[int, int]:
    """How many candidates equal a reference bead, and how many equal or share a link with one."""
    ref_links = _links(reference)
    strict = sum(1 for b in candidates if b in reference)
    lax = sum(
        1
        for src, tgt in candidates
        if (src, tgt) in reference or any((s, t) in ref_links for s in src for t in tgt)
    )
    return strict, lax


def _keys(beads: Iterable[Bead], *, nulls: bool = False) -> set[_Key]:
    # Duplicates count once, as in the reference scorer, which works on sets.
    return {
        (tuple(src), tuple(tgt)) for src, tgt in beads if (src and tgt) or (nulls and (src or tgt))
    }


def count_beads(gold: Sequence[Bead], predicted: Sequence[Bead]) -> Counts:
    """The counts of one document."""
    p_strict, p_lax = _hits(_keys(predicted, nulls=True), _keys(gold, nulls=True))
    g, p = _keys(gold), _keys(predicted)
    g_strict, g_lax = _hits(g, p)
    return Counts(len(_keys(predicted, nulls=True)), p_strict, p_lax, len(g), g_strict, g_lax)


def score_documents(pairs: Iterable[tuple[Sequence[Bead], Sequence[Bead]]]) -> BeadScores:
    """Scores over ``(gold, predicted)`` pairs, counts summed before dividing."""
    total = Counts()
    for gold, predicted in pairs:
        total = total + count_beads(gold, predicted)
    return total.scores()
