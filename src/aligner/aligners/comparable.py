"""Comparable mode: match sentences that state the same facts, in any order.

Articles on one story share a few facts, told in different orders and splits. Every
source unit (a sentence or a window of 2-3 within a paragraph) is judged against every
unit of every target article:

1. signals (:mod:`aligner.aligners.features`): the encoder's cosine seen through ranks,
   margins and z-scores within the article, its best part's (a sentence of a window, a
   clause of a long sentence: :mod:`aligner.aligners.parts`), and words
   (:mod:`aligner.aligners.words`):
   how much of each side's rare content finds a counterpart on the other (the same
   number, name, cognate, or an encoder-induced translation), and counts that disagree;
2. a learned scorer (:mod:`aligner.aligners.scorer`) turns them into a probability that
   the pair states the same fact, calibrated on held-out data: a link at 0.8 is right
   about four times in five, and one threshold means the same thing everywhere;
3. selection, best first, per article: a source sentence keeps its best unit, and a
   second only where that unit has no better match than this sentence (a fact told
   twice), and the same from the English side;
   a sentence with no counterpart gets no link: unmatched is an answer.

With a translation of the source (``via="both"``), every signal is also computed
between the translation and the English text, and the two comparisons are averaged
into one order of the pairs, feature by feature, given the values of the direct
comparison the scorer was trained on (:mod:`aligner.aligners.combine`);
``via="translation"`` orders by the translation alone. A better translation sharpens
the order without inflating every pair's evidence.

Each link carries its evidence (:class:`aligner.model.Clue`): the numbers, names and
words that matched, with their places in both sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from aligner.aligners import dictionary
from aligner.aligners import features as F
from aligner.aligners.combine import combine
from aligner.aligners.scorer import Scorer, default_scorer
from aligner.aligners.windows import Unit, units
from aligner.aligners.words import COGNATE, EXACT, LEXICON, Token, WordMatrix
from aligner.embed import Encoder, normalise
from aligner.errors import InputError
from aligner.model import VIAS, Clue, Document, Link, Side, Span, Via

#: Unit pairs scored at most (a few float32 arrays of this size times the features).
#: Articles give thousands; only books exceed it, and books that share facts without
#: translating each other are not what comparable mode is for.
MAX_PAIRS = 4_000_000
#: Features a translation reorders (the rest say how long the texts are, or clash).
_EVIDENCE = [
    F.NAMES.index(n) for n in F.NAMES if n not in ("length", "src_size", "tgt_size", "conflict")
]
_CONFLICT = F.NAMES.index("conflict")
#: Words shown as clues weigh at least this (zipf 5 or rarer: not "after", "said"), and
#: are in at most this share of the article's sentences.
CLUE_WEIGHT = 1.5
CLUE_SHARE = 0.3
#: An encoder-induced pair is shown only between rarer words still (a pair a dictionary
#: lists needs no more than any clue: "breve" / "letters").
LEXICON_CLUE_WEIGHT = 2.5


@dataclass(slots=True, frozen=True)
class Settings:
    """The few knobs of selection; the scoring itself is learned (``bench/comparable.py``)."""

    #: Largest window, in sentences, on either side.
    max_window: int = 3
    #: Probability a link needs: 0.5 is "more likely right than wrong".
    threshold: float = 0.5
    #: Links one source sentence may have into one target article (facts can repeat).
    per_doc: int = 2
    #: Single units shorter than this (in words) only match inside windows: "- Honestly."
    min_words: int = 4
    #: Clues a link carries at most, strongest first.
    clues: int = 6


DEFAULT = Settings()


def align_comparable(
    source: Document,
    targets: Sequence[Document],
    encoder: Encoder,
    *,
    via: Via = "direct",
    settings: Settings = DEFAULT,
    scorer: Scorer | None = None,
) -> list[Link]:
    """Links from source sentence windows to target sentence windows; unmatched gets none."""
    if not targets:
        return []
    scored = score_pairs(source, targets, encoder, via=via, settings=settings, scorer=scorer)
    return select_links(scored, settings)


@dataclass(slots=True)
class _Path:
    """One way of comparing the source with the targets: its original or its translation."""

    translation: bool
    tokens: dict[int, list[Token]]
    words: WordMatrix


@dataclass(slots=True)
class Scored:
    """Every source unit against every target unit: features, probability, evidence."""

    source_units: list[Unit]
    target_units: list[Unit]
    #: ``prob[r, c]``: probability that source unit r and target unit c state one fact.
    prob: NDArray[np.float32]
    #: ``features[r, c, :]`` in the order of :data:`aligner.aligners.features.NAMES`.
    features: NDArray[np.float32]
    target_tokens: dict[str, dict[int, list[Token]]]
    paths: list[_Path]


def check_via(source: Document, via: str) -> None:
    if via not in VIAS:
        raise InputError(f"via must be one of {', '.join(VIAS)}, not {via!r}")
    if via != "direct" and not source.has_translation:
        raise InputError(f"via {via!r} needs the source's translation; none is filled in")


def score_pairs(
    source: Document,
    targets: Sequence[Document],
    encoder: Encoder,
    *,
    via: Via = "direct",
    settings: Settings = DEFAULT,
    scorer: Scorer | None = None,
) -> Scored:
    check_via(source, via)
    src_units = units(source, settings.max_window)
    tgt_units = [u for doc in targets for u in units(doc, settings.max_window)]
    if len(src_units) * len(tgt_units) > MAX_PAIRS:
        raise InputError(
            f"too long for comparable mode ({len(source.sentences)} source sentences against "
            f"{sum(len(t.sentences) for t in targets)}); split the texts into articles, "
            "or use --mode parallel if they translate each other"
        )
    tgt_parts = _sentence_texts(tgt_units, targets)
    tgt_vecs = unit_vectors(tgt_parts, encoder)
    tgt_tokens = {d.id: F.sentence_tokens(d, d.lang) for d in targets}
    compared: dict[bool, NDArray[np.float32]] = {}
    paths: list[_Path] = []
    # The direct comparison is made even for ``via="translation"``: its values are the
    # ones the scorer knows (:mod:`aligner.aligners.combine`).
    for translation in [False, True] if via != "direct" else [False]:
        parts = _sentence_texts(src_units, [source], translation=translation)
        lang = targets[0].lang if translation else source.lang
        src_tokens = F.sentence_tokens(source, lang, translation=translation)
        per_doc, words = F.featurize(
            src_units,
            src_tokens,
            lang,
            tgt_units,
            targets,
            tgt_tokens,
            encoder,
            (unit_vectors(parts, encoder), tgt_vecs),
            (parts, tgt_parts),
        )
        x = np.zeros((len(src_units), len(tgt_units), len(F.NAMES)), dtype=np.float32)
        for p in per_doc:
            x[:, p.cols, :] = p.x
        compared[translation] = x
        # Clues come from the comparisons the caller asked for.
        if translation or via != "translation":
            paths.append(_Path(translation, src_tokens, words))
    # The articles' columns are the same in either comparison.
    feats = _combined(compared, via, [p.cols for p in per_doc])
    if scorer is None:
        # The values scored are the direct comparison's in every case (see ``_combined``),
        # and it crosses languages, where a dictionary can help.
        crossed = source.lang != targets[0].lang
        scorer = default_scorer(crossed and dictionary.available(source.lang, targets[0].lang))
    prob = scorer.probability(feats)
    return Scored(src_units, tgt_units, prob, feats, tgt_tokens, paths)


def _sentence_texts(
    unit_list: Sequence[Unit], docs: Sequence[Document], *, translation: bool = False
) -> list[list[str]]:
    """Each unit's sentences' texts, or with ``translation`` their translations; a unit
    with a sentence left untranslated falls back to its original text whole."""
    by_id = {(d.id, x.id): x for d in docs for x in d.sentences}
    return [
        [
            (by_id[(u.doc, i)].translation or "")
            if translation and u.translation is not None
            else by_id[(u.doc, i)].text
            for i in u.sentences
        ]
        for u in unit_list
    ]


def unit_vectors(parts: Sequence[Sequence[str]], encoder: Encoder) -> NDArray[np.float32]:
    """The vector of each unit, given as its sentences' texts: a sentence's own, a
    window's the normalised sum of its sentences'. Encoding the windows themselves was
    no better (grouped 5-fold cross-validation on the NTREX train split: recall at
    precision 0.95 0.889 encoded, 0.903 summed; best F1 0.924, 0.930) and cost
    most of the encoding: a window's text is its sentences' again, two or three times."""
    distinct = list(dict.fromkeys(t for p in parts for t in p))
    row = {t: i for i, t in enumerate(distinct)}
    vecs = encoder.encode(distinct)
    if not parts:
        return np.asarray(vecs, dtype=np.float32)  # no units: whatever shape none has
    summed = np.stack([vecs[[row[t] for t in p]].sum(axis=0) for p in parts])
    return normalise(np.asarray(summed, dtype=np.float32))


def _combined(
    compared: dict[bool, NDArray[np.float32]], via: Via, articles: Sequence[NDArray[np.intp]]
) -> NDArray[np.float32]:
    """The features the scorer reads: the direct comparison's, or with a translation,
    each evidence feature reordered by it within each article's columns (:mod:`combine`)."""
    feats = compared[False]
    if via == "direct":
        return feats
    trans = compared[True]
    out = feats.copy()
    for cols in articles:
        for f in _EVIDENCE:
            out[:, cols, f] = combine(
                feats[:, cols, f], trans[:, cols, f], keep_direct=via == "both"
            )
    # A count clash in the comparison used stands.
    out[..., _CONFLICT] = (
        np.maximum(feats[..., _CONFLICT], trans[..., _CONFLICT])
        if via == "both"
        else trans[..., _CONFLICT]
    )
    return out


def select_links(scored: Scored, settings: Settings = DEFAULT) -> list[Link]:
    """Best first within each article; see the module docstring."""
    src_units, tgt_units, prob = scored.source_units, scored.target_units, scored.prob
    too_short = np.array([_is_short(u, settings) for u in src_units])
    tgt_short = np.array([_is_short(u, settings) for u in tgt_units])
    ok = (prob >= settings.threshold) & ~too_short[:, None] & ~tgt_short[None, :]
    # Each unit's best partner in the article, for "a fact told twice" below.
    doc_of = np.array([u.doc for u in tgt_units])
    best_col: dict[tuple[int, str], int] = {}
    best_row: dict[int, int] = {}
    masked = np.where(~too_short[:, None] & ~tgt_short[None, :], prob, -1.0)
    for doc in dict.fromkeys(doc_of):
        cols = np.nonzero(doc_of == doc)[0]
        for r in range(len(src_units)):
            best_col[(r, str(doc))] = int(cols[np.argmax(masked[r, cols])])
    for c in range(len(tgt_units)):
        best_row[c] = int(np.argmax(masked[:, c]))
    rows, cols = np.nonzero(ok)
    order = np.argsort(-prob[rows, cols], kind="stable")
    # (target doc, source sentence) -> target sentences linked, and the reverse.
    taken: dict[tuple[str, int], set[int]] = {}
    back: dict[tuple[str, int], set[int]] = {}
    links: list[Link] = []
    for idx in order:
        r, c = int(rows[idx]), int(cols[idx])
        su, tu = src_units[r], tgt_units[c]
        used = [taken.get((tu.doc, s), set()) for s in su.sentences]
        used_back = [back.get((tu.doc, t), set()) for t in tu.sentences]
        # Overlapping a link already made on both sides: the same thing said again.
        if any(set(tu.sentences) & u for u in used):
            continue
        if any(set(su.sentences) & b for b in used_back):
            continue
        # A second link for a source sentence only where the target unit has no better
        # match than it (a fact the article tells twice), and the same the other way.
        if any(u and (best_row[c] != r or _runs(u) >= settings.per_doc) for u in used):
            continue
        if any(
            b and (best_col[(r, tu.doc)] != c or _runs(b) >= settings.per_doc) for b in used_back
        ):
            continue
        for s in su.sentences:
            taken.setdefault((tu.doc, s), set()).update(tu.sentences)
        for t in tu.sentences:
            back.setdefault((tu.doc, t), set()).update(su.sentences)
        links.append(
            Link(
                source=Side(su.doc, su.sentences),
                target=Side(tu.doc, tu.sentences),
                score=float(prob[r, c]),
                evidence=clues(scored, su, tu, settings.clues),
            )
        )
    links.sort(key=lambda lk: (lk.source.sentences, lk.target.doc, lk.target.sentences))
    return links


def _runs(used: set[int]) -> int:
    """Runs of consecutive sentences: a window is one link, not several."""
    return sum(1 for t in used if t - 1 not in used)


def _is_short(u: Unit, settings: Settings) -> bool:
    return u.size == 1 and len(u.text.split()) < settings.min_words


def clues(scored: Scored, su: Unit, tu: Unit, limit: int) -> tuple[Clue, ...]:
    """The words of ``su`` that found a counterpart in ``tu``, rarest first, each target
    word used once."""
    by_sentence = scored.target_tokens.get(tu.doc, {})
    # A word in many of the article's sentences (the story's own names) tells no fact.
    holders: dict[str, int] = {}
    for toks in by_sentence.values():
        for key in {t.key for t in toks}:
            holders[key] = holders.get(key, 0) + 1
    common = max(2, CLUE_SHARE * len(by_sentence))
    t_tokens = [
        t
        for s in tu.sentences
        for t in by_sentence.get(s, [])
        if t.number or (t.weight >= CLUE_WEIGHT and holders[t.key] <= common)
    ]
    found: list[tuple[float, int, Clue]] = []
    for path in scored.paths:
        s_index = {k: i for i, k in enumerate(path.words.src_keys)}
        t_index = {k: i for i, k in enumerate(path.words.tgt_keys)}
        listed = path.words.listed
        for tok in (t for s in su.sentences for t in path.tokens.get(s, [])):
            if not tok.number and tok.weight < CLUE_WEIGHT:
                continue
            best: tuple[int, float, Token] | None = None
            i = s_index[tok.key]
            for cand in t_tokens:
                j = t_index[cand.key]
                kind = int(path.words.kind[i, j])
                if (
                    kind == LEXICON
                    and min(tok.weight, cand.weight) < LEXICON_CLUE_WEIGHT
                    and not (listed is not None and listed[i, j])
                ):
                    continue  # encoder pairs of common words are too often wrong to show
                if kind >= LEXICON and (best is None or (kind, cand.weight) > best[:2]):
                    best = (kind, cand.weight, cand)
            if best is None:
                continue
            kind, _, cand = best
            listed_pair = listed is not None and bool(listed[i, t_index[cand.key]])
            found.append((tok.weight, kind, _clue(tok, cand, kind, path.translation, listed_pair)))
    out: list[Clue] = []
    seen: set[tuple[int, int]] = set()
    seen_src: set[str] = set()
    for _w, _k, clue in sorted(found, key=lambda x: (-x[0], -x[1])):
        spot = (clue.target.sentence, clue.target.start)
        if spot in seen or clue.label in seen_src:
            continue
        seen.add(spot)
        seen_src.add(clue.label)
        out.append(clue)
        if len(out) == limit:
            break
    return tuple(out)


def _clue(s: Token, t: Token, kind: int, translation: bool, listed: bool) -> Clue:
    if s.number:
        what, label = "number", f"{s.surface} = {t.surface}"
    elif kind == EXACT and s.surface.lower() == t.surface.lower():
        what, label = ("name" if s.name or t.name else "word"), t.surface
    elif kind in (EXACT, COGNATE):
        what, label = "word", f"{s.surface} ≈ {t.surface}"
    else:
        # A pair the dictionary lists says so, even where the encoder found it too: it is
        # the reason a common word's pair may be shown at all.
        what, label = ("dictionary" if listed else "lexicon"), f"{s.surface} ≈ {t.surface}"
    return Clue(
        kind=what,
        source=Span(s.sentence, s.start, s.end, translation),
        target=Span(t.sentence, t.start, t.end),
        label=label,
    )
