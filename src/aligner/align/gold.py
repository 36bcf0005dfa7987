"""Scoring comparable links against a hand-made gold of sentence pairs.

A link expands to (source sentence, target document, target sentence) pairs.
Precision: share of predicted pairs the gold accepts ("same" or "partial").
Recall: share of the gold's "same" pairs that were predicted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(slots=True, frozen=True)
class Scores:
    precision: float
    recall: float
    predicted: int
    correct: int
    found: int
    gold: int
    #: Links from source sentences the gold says have no counterpart.
    unmatched_linked: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pairs_of(links: Iterable[Link]) -> set[Pair]:
    return {
        (s, link.target.doc, t)
        for link in links
        for s in link.source.sentences
        for t in link.target.sentences
    }


def score_links(links: Iterable[Link], gold: PairGold) -> Scores:
    links = list(links)
    pred = pairs_of(links)
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
