"""Scoring comparable links against a hand-made gold of sentence pairs.

A link expands to (source sentence, target document, target sentence) pairs.
Precision: share of predicted pairs the gold accepts ("same" or "partial").
Recall: share of the gold's "same" pairs that were predicted.

A gold of a few dozen pairs invites tuning to it, so thresholds can also be judged
held out: chosen on some target articles, scored on another (:func:`leave_one_out`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.evaluate.scoring import Scores
from aligner.model import Link

Pair = tuple[int, str, int]


@dataclass(slots=True, frozen=True)
class PairGold:
    same: frozenset[Pair]
    partial: frozenset[Pair]
    unmatched: frozenset[int]

    @classmethod
    def load(cls, path: str | Path) -> PairGold:
        data = json.loads(Path(path).read_text("utf-8"))
        same = {(p["source"], p["doc"], p["target"]) for p in data["pairs"] if p["kind"] == "same"}
        partial = {
            (p["source"], p["doc"], p["target"]) for p in data["pairs"] if p["kind"] != "same"
        }
        return cls(
            frozenset(same), frozenset(partial), frozenset(u["source"] for u in data["unmatched"])
        )

    def restricted(self, docs: Collection[str]) -> PairGold:
        """The gold of some target articles only (held-out scoring); unmatched stays whole."""
        return PairGold(
            frozenset(p for p in self.same if p[1] in docs),
            frozenset(p for p in self.partial if p[1] in docs),
            self.unmatched,
        )


def pairs_of(links: Iterable[Link]) -> set[Pair]:
    return {
        (s, link.target.doc, t)
        for link in links
        for s in link.source.sentences
        for t in link.target.sentences
    }


def score_links(
    links: Iterable[Link], gold: PairGold, docs: Collection[str] | None = None
) -> Scores:
    """Scores of ``links``; with ``docs``, only links into those target articles count
    (pass the matching :meth:`PairGold.restricted` gold)."""
    pred = pairs_of(links)
    if docs is not None:
        pred = {p for p in pred if p[1] in docs}
    correct = len(pred & (gold.same | gold.partial))
    found = len(pred & gold.same)
    return Scores(
        precision=correct / len(pred) if pred else 1.0,
        recall=found / len(gold.same) if gold.same else 1.0,
        predicted=len(pred),
        correct=correct,
        found=found,
        gold=len(gold.same),
        unmatched_linked=sum(1 for s, _d, _t in pred if s in gold.unmatched),
    )


def pooled(parts: Iterable[Scores]) -> Scores:
    """Scores over disjoint parts (say, held-out articles) summed as one evaluation."""
    items = list(parts)
    predicted = sum(s.predicted for s in items)
    correct = sum(s.correct for s in items)
    found = sum(s.found for s in items)
    gold = sum(s.gold for s in items)
    return Scores(
        precision=correct / predicted if predicted else 1.0,
        recall=found / gold if gold else 1.0,
        predicted=predicted,
        correct=correct,
        found=found,
        gold=gold,
        unmatched_linked=sum(s.unmatched_linked for s in items),
    )


#: Links at a given threshold (the matcher with everything else fixed).
LinksAt = Callable[[float], list[Link]]


def choose_threshold(
    links_at: LinksAt, gold: PairGold, thresholds: Sequence[float], docs: Collection[str]
) -> tuple[float, Scores]:
    """The threshold with the best F1 on the gold of ``docs``; ties go to the highest,
    the more cautious one."""
    sub = gold.restricted(docs)
    scored = [(t, score_links(links_at(t), sub, docs)) for t in thresholds]
    return max(scored, key=lambda ts: (round(ts[1].f1, 6), ts[0]))


@dataclass(slots=True, frozen=True)
class HeldOut:
    """One fold: the threshold chosen without ``doc``, and the scores on ``doc``."""

    doc: str
    threshold: float
    scores: Scores


def leave_one_out(
    links_at: LinksAt, gold: PairGold, thresholds: Sequence[float], docs: Sequence[str]
) -> list[HeldOut]:
    """For each target article, pick the threshold on the others and score on it."""
    folds = []
    for d in docs:
        t, _ = choose_threshold(links_at, gold, thresholds, [x for x in docs if x != d])
        folds.append(HeldOut(d, t, score_links(links_at(t), gold.restricted([d]), [d])))
    return folds


def link_rightness(link: Link, gold: PairGold) -> float:
    """Share of a link's sentence pairs the gold accepts ('same' or 'partial'): what a
    calibrated score of the link should predict."""
    pairs = [(s, link.target.doc, t) for s in link.source.sentences for t in link.target.sentences]
    ok = gold.same | gold.partial
    return sum(p in ok for p in pairs) / len(pairs)
