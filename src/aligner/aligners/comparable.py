"""Comparable mode: match sentences that state the same facts, in any order.

Articles on one story share a few facts, told in different orders and splits. Every
source unit (a sentence or a window of 2-3) is scored against every unit of every
target article; a pair becomes a link when its evidence stands out:

* the encoder's cosine, judged by the ratio margin against both sides' nearest
  neighbours (:mod:`aligner.aligners.margin`), because on one story everything is similar;
* anchors (:mod:`aligner.aligners.anchors`): shared rare numbers, names and cognates add
  to the score, and counts that disagree ("25" / "27 letters") take it away;
* optionally (``elsewhere_penalty``, off), how well the source unit matches the *other*
  articles: a sentence that resembles something everywhere may be generic about the
  story ("the relationship seems dead lately");
* with a translation of the source (``via="both"``), the words it shares with the
  English text, counted where they stand out as the margin counts cosines. The
  cosine stays the direct one: between the translation and English it proved no
  better on the seeds, even with a careful human translation. ``via="translation"``
  uses the translation alone, for both signals.

Links are then taken greedily, best first, so a sentence keeps the units it matches
best and a window is kept only when it beats the single sentences it contains.
A source sentence whose best evidence stays under the threshold gets no link:
unmatched is an answer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from aligner.aligners.anchors import STEM, Anchors, anchors, conflicts, idf, overlap
from aligner.aligners.margin import Margin, difference_margin, ratio_margin
from aligner.aligners.windows import Unit, units
from aligner.embed import Encoder
from aligner.errors import InputError
from aligner.model import Document, Link, Side

VIAS = ("direct", "translation", "both")
#: Unit pairs scored at most (a few float32 matrices of this size stay under ~0.5 GB).
#: Articles give thousands; only books exceed it, and books that share facts without
#: translating each other are not what comparable mode is for.
MAX_PAIRS = 25_000_000


@dataclass(slots=True, frozen=True)
class Settings:
    """The few knobs. Values were chosen on the seeds' gold (``bench/seeds.py`` prints the
    ablation); with 19 gold pairs that is a small sample, so the knobs stay few and
    each has a reason beyond the figure it gave."""

    #: Off: raw cosine minus its mean (the ablation baseline).
    use_margin: bool = True
    #: Neighbours per side in the margin; 4 is the usual choice (Artetxe & Schwenk).
    k: int = 4
    #: Each target article is its own neighbourhood: when three articles tell a fact, a
    #: pooled margin lets the three counterparts drown each other out.
    margin_per_doc: bool = True
    #: Largest window, in sentences, on either side.
    max_window: int = 3
    #: Compare the clauses of long sentences too. Off: on the seeds, short clauses
    #: matched everything about the story (F1 0.64 -> 0.37).
    clauses: bool = False
    #: Weight of the anchor overlap (in [0, 1]) against margins, which are a few hundredths:
    #: a full overlap of rare anchors is worth a clear semantic margin.
    anchor_weight: float = 0.06
    #: Shortest word that anchors when both sides are in one language.
    same_language_min_len: int = 3
    #: Count a translation's shared words only where they stand out from the neighbours'
    #: (within one language every pair shares some). Off: "both" fell below "direct".
    relative_words: bool = True
    #: Taken off when both sides count things and no count agrees: a veto in practice.
    conflict_penalty: float = 0.05
    #: Share of a source unit's best evidence in the other target articles taken off its
    #: evidence in this one: a sentence that stands out against every article says what
    #: the whole story says, one that stands out against one article tells its fact.
    #: Off: on the seeds 0.1-0.2 (with the threshold lowered to 0.009) gained one or two
    #: pairs, within the noise of a 19-pair gold; at equal recall precision moved by one
    #: pair, and the translation signal lost its gain (bench/seeds.py prints all this).
    elsewhere_penalty: float = 0.0
    #: Evidence needed for a link (the score is 0.5 there): about one point above the
    #: neighbours' average cosine.
    threshold: float = 0.012
    #: Width of the logistic that turns evidence into a score in [0, 1].
    scale: float = 0.02
    #: Links one source sentence may have into one target article (facts can repeat).
    per_doc: int = 2
    #: Single units shorter than this (in words) only match inside windows: "- Honestly."
    min_words: int = 4


DEFAULT = Settings()


def align_comparable(
    source: Document,
    targets: Sequence[Document],
    encoder: Encoder,
    *,
    via: str = "direct",
    settings: Settings = DEFAULT,
) -> list[Link]:
    """Links from source sentence windows to target sentence windows; unmatched gets none."""
    if via not in VIAS:
        raise InputError(f"via must be one of {', '.join(VIAS)}, not {via!r}")
    if via != "direct" and not source.has_translation:
        raise InputError(f"via {via!r} needs the source's translation; none is filled in")
    if not targets:
        return []
    evidence = score_matrix(source, targets, encoder, via=via, settings=settings)
    return select_links(evidence, settings)


@dataclass(slots=True)
class Evidence:
    """Every source unit against every target unit, and the combined evidence."""

    source_units: list[Unit]
    target_units: list[Unit]
    evidence: NDArray[np.float32]


def score_matrix(
    source: Document,
    targets: Sequence[Document],
    encoder: Encoder,
    *,
    via: str = "direct",
    settings: Settings = DEFAULT,
) -> Evidence:
    src_units = units(source, settings.max_window, with_clauses=settings.clauses)
    tgt_units = [
        u for doc in targets for u in units(doc, settings.max_window, with_clauses=settings.clauses)
    ]
    if len(src_units) * len(tgt_units) > MAX_PAIRS:
        raise InputError(
            f"too long for comparable mode ({len(source.sentences)} source sentences against "
            f"{sum(len(t.sentences) for t in targets)}); split the texts into articles, "
            "or use --mode parallel if they translate each other"
        )
    tgt_lang = targets[0].lang
    tgt_vecs = encoder.encode([u.text for u in tgt_units])
    row_ref = np.array([u.whole_sentence for u in src_units])
    col_ref = np.array([u.whole_sentence for u in tgt_units])

    def semantic(texts: list[str]) -> NDArray[np.float32]:
        sim = np.asarray(encoder.encode(texts) @ tgt_vecs.T, dtype=np.float32)
        if not settings.use_margin:
            return np.asarray(sim - sim.mean(), dtype=np.float32)
        if settings.margin_per_doc:
            # Each article is a separate neighbourhood: a fact that three articles
            # share must not drown itself in its own echoes.
            return _per_doc(sim, tgt_units, settings.k, row_ref, col_ref, ratio_margin)
        return ratio_margin(sim, settings.k, row_ref=row_ref, col_ref=col_ref)

    def lexical(texts: list[str], lang: str) -> tuple[NDArray[np.float32], NDArray[np.bool_]]:
        # One language on both sides (a translation): short words may anchor too.
        min_len = settings.same_language_min_len if lang == tgt_lang else STEM
        src_anchors = [anchors(t, lang, min_len=min_len) for t in texts]
        tgt_anchors = [anchors(u.text, _lang_of(u, targets), min_len=min_len) for u in tgt_units]
        weights = idf(_singles(src_anchors, src_units) + _singles(tgt_anchors, tgt_units))
        return overlap(src_anchors, tgt_anchors, weights), conflicts(src_anchors, tgt_anchors)

    originals = [u.text for u in src_units]
    # Units of sentences without a translation fall back to the original text.
    translations = [u.translation or u.text for u in src_units]
    # The cosine between the translation and English proved no better than across
    # languages on the seeds (even with a careful human translation), so the direct
    # cosine stays the semantic signal whenever it may; the translation adds words.
    sem = semantic(originals if via != "translation" else translations)
    shared = np.zeros_like(sem)
    clash = np.zeros(sem.shape, dtype=np.bool_)
    if via in ("direct", "both"):
        shared, clash = lexical(originals, source.lang)
    if via in ("translation", "both"):
        t_shared, t_clash = lexical(translations, tgt_lang)
        if settings.relative_words:
            # Within one language every pair shares some words: count only what stands
            # out from each side's nearest neighbours, as the margin does for cosines.
            t_shared = np.maximum(
                _per_doc(t_shared, tgt_units, settings.k, row_ref, col_ref, difference_margin), 0
            )
        shared = np.maximum(shared, t_shared)
        clash = clash | t_clash
    ev = sem + settings.anchor_weight * shared - settings.conflict_penalty * clash
    if settings.elsewhere_penalty:
        ev = ev - settings.elsewhere_penalty * best_elsewhere(ev, tgt_units)
    return Evidence(src_units, tgt_units, np.asarray(ev, dtype=np.float32))


def best_elsewhere(ev: NDArray[np.float32], tgt_units: list[Unit]) -> NDArray[np.float32]:
    """For each pair, the source unit's best evidence (0 if none is positive) against
    the units of the *other* target articles; 0 everywhere with one article."""
    docs = list(dict.fromkeys(u.doc for u in tgt_units))
    out = np.zeros_like(ev)
    if len(docs) < 2 or ev.shape[0] == 0:
        return out
    of_doc = np.array([docs.index(u.doc) for u in tgt_units])
    # best[r, d]: row r's best evidence in article d, never below 0.
    best = np.zeros((ev.shape[0], len(docs)), dtype=np.float32)
    for d in range(len(docs)):
        best[:, d] = np.maximum(ev[:, of_doc == d].max(axis=1), 0)
    for d in range(len(docs)):
        out[:, of_doc == d] = np.delete(best, d, axis=1).max(axis=1)[:, None]
    return out


def _per_doc(
    sim: NDArray[np.float32],
    tgt_units: list[Unit],
    k: int,
    row_ref: NDArray[np.bool_],
    col_ref: NDArray[np.bool_],
    margin: Margin,
) -> NDArray[np.float32]:
    """``margin`` applied to each target article's columns on their own."""
    out = np.empty_like(sim)
    for doc in dict.fromkeys(u.doc for u in tgt_units):
        cols = np.array([u.doc == doc for u in tgt_units])
        out[:, cols] = margin(sim[:, cols], k, row_ref=row_ref, col_ref=col_ref[cols])
    return out


def _lang_of(unit: Unit, docs: Sequence[Document]) -> str:
    for d in docs:
        if d.id == unit.doc:
            return d.lang
    return ""


def _singles(items: list[Anchors], us: list[Unit]) -> list[Anchors]:
    """Only single sentences count for rarity: windows would count each word thrice."""
    return [a for a, u in zip(items, us, strict=True) if u.whole_sentence]


def select_links(ev: Evidence, settings: Settings = DEFAULT) -> list[Link]:
    """Greedy, best evidence first, under the threshold nothing; see the module docstring."""
    src_units, tgt_units, m = ev.source_units, ev.target_units, ev.evidence
    too_short = np.array([_is_short(u, settings) for u in src_units])
    tgt_short = np.array([_is_short(u, settings) for u in tgt_units])
    ok = (m >= settings.threshold) & ~too_short[:, None] & ~tgt_short[None, :]
    rows, cols = np.nonzero(ok)
    order = np.argsort(-m[rows, cols], kind="stable")
    # (target doc, source sentence) -> target sentences already linked
    taken: dict[tuple[str, int], set[int]] = {}
    tgt_taken: dict[tuple[str, int], set[int]] = {}
    links: list[Link] = []
    for idx in order:
        su, tu = src_units[int(rows[idx])], tgt_units[int(cols[idx])]
        used = [taken.get((tu.doc, s), set()) for s in su.sentences]
        back = [tgt_taken.get((tu.doc, t), set()) for t in tu.sentences]
        # A unit overlapping one already linked on both sides says the same thing again.
        if any(set(tu.sentences) & u for u in used) or any(set(su.sentences) & b for b in back):
            continue
        # At most ``per_doc`` links (counted as runs of consecutive sentences) per sentence
        # and article, each way.
        if any(len({_group(t, u) for t in u}) >= settings.per_doc for u in used if u):
            continue
        if any(len({_group(s, b) for s in b}) >= settings.per_doc for b in back if b):
            continue
        for s in su.sentences:
            taken.setdefault((tu.doc, s), set()).update(tu.sentences)
        for t in tu.sentences:
            tgt_taken.setdefault((tu.doc, t), set()).update(su.sentences)
        score = 1.0 / (
            1.0 + math.exp(-(float(m[rows[idx], cols[idx]]) - settings.threshold) / settings.scale)
        )
        links.append(
            Link(
                source=Side(su.doc, su.sentences),
                target=Side(tu.doc, tu.sentences),
                # Rounded as the JSON writes it, so a saved alignment reads back equal.
                score=round(min(1.0, max(0.0, score)), 4),
            )
        )
    links.sort(key=lambda lk: (lk.source.sentences, lk.target.doc, lk.target.sentences))
    return links


def _group(t: int, used: set[int]) -> int:
    """The first of the run of consecutive linked sentences ``t`` is in (a window = one link)."""
    while t - 1 in used:
        t -= 1
    return t


def _is_short(u: Unit, settings: Settings) -> bool:
    return u.size == 1 and len(u.text.split()) < settings.min_words


def with_settings(**changes: Any) -> Settings:
    """The defaults with some knobs changed (benchmarks, ablations)."""
    return replace(DEFAULT, **changes)
