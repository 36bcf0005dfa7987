"""The signals a comparable link is judged on, one row per (source unit, target unit) pair.

Each target article is its own neighbourhood: ranks, margins and z-scores are taken
within it, so a fact three articles tell does not drown in its own echoes. Most
features are relative (a rank, a margin, a share of rare words) or structural (sizes,
lengths), so what is learned on one kind of text carries over to another; two are
absolute (the cosine, and how well the whole source finds matches in the article),
because relative evidence alone finds a "best match" in an article of another story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from aligner.aligners.anchors import anchors, conflicts
from aligner.aligners.margin import ratio_margin
from aligner.aligners.parts import best_part
from aligner.aligners.windows import Unit
from aligner.aligners.words import LEXICON, Token, WordMatrix, match_words, tokenize
from aligner.embed import Encoder
from aligner.model import Document

Matrix = NDArray[np.float32]

#: Column order of :attr:`Pairs.x`; the scorer's weights follow it.
NAMES = (
    "cos",  # the cosine itself: what says an article of another story is unrelated
    "story",  # how well the source's sentences find a match in this article, on average
    "cos_z",  # cosine, z-scored over the article's whole matrix
    "margin",  # ratio margin against both sides' 4 nearest neighbours
    "row_rank",  # 1 / (1 + rank of the target unit among the article's, for this source unit)
    "col_rank",  # 1 / (1 + rank of the source unit among all, for this target unit)
    "row_gap",  # cosine minus the best other target sentence's, for this source unit
    "col_gap",  # cosine minus the best other source sentence's, for this target unit
    "cover_st",  # share of the source unit's rare words matched in the target unit
    "cover_ts",  # the same, the other way
    "local_st",  # cover_st with words weighed by rarity in these articles too
    "local_ts",
    "soft_st",  # graded (BERTScore-like) coverage, source to target
    "soft_ts",
    "cover_rank",  # 1 / (1 + rank of the pair's mean coverage within the row)
    "numbers",  # shared numbers (count, capped at 3)
    "conflict",  # both give counts and none agrees
    "length",  # |log(length ratio)| in characters
    "src_size",  # sentences in the source unit, minus one
    "tgt_size",
    "part_st",  # best cosine of the source unit with a sentence or clause of the target unit
    "part_ts",  # the same, the other way (:mod:`aligner.aligners.parts`)
)


_AT = {name: i for i, name in enumerate(NAMES)}


@dataclass(slots=True)
class Pairs:
    """Features of every source unit against every target unit of one article."""

    #: Column indices into the target units list, in order.
    cols: NDArray[np.intp]
    #: ``x[r, c, f]``: feature ``NAMES[f]`` of source unit ``r`` against column ``cols[c]``.
    x: Matrix


def sentence_tokens(
    doc: Document, lang: str, *, translation: bool = False
) -> dict[int, list[Token]]:
    """Tokens of each sentence, read as ``lang`` (of its translation, with ``translation``)."""
    texts = [(s.id, (s.translation or "") if translation else s.text) for s in doc.sentences]
    return dict(zip((s.id for s in doc.sentences), tokenize(texts, lang), strict=True))


def featurize(
    src_units: list[Unit],
    src_tokens: dict[int, list[Token]],
    src_lang: str,
    tgt_units: list[Unit],
    targets: Sequence[Document],
    tgt_tokens: dict[str, dict[int, list[Token]]],
    encoder: Encoder,
    vectors: tuple[Matrix, Matrix],
    parts: tuple[Sequence[Sequence[str]], Sequence[Sequence[str]]],
) -> tuple[list[Pairs], WordMatrix]:
    """Features per target article. ``parts``: each unit's sentences' texts (the source's
    originals or translations, then the targets'), ``vectors`` the units' vectors in the
    same order; ``src_tokens`` the tokens of the source sentences in the language
    ``src_lang`` (the original's or the translation's)."""
    src_vecs, tgt_vecs = vectors
    src_parts, tgt_parts = parts
    # A unit's text is its sentences' joined, as :func:`windows.units` joins them.
    src_texts = [" ".join(p) for p in src_parts]
    sim = np.asarray(src_vecs @ tgt_vecs.T, dtype=np.float32)
    tgt_lang = targets[0].lang
    s_tok = [t for sid in sorted(src_tokens) for t in src_tokens[sid]]
    t_tok = [t for d in targets for sid in sorted(tgt_tokens[d.id]) for t in tgt_tokens[d.id][sid]]
    t_doc = [
        d.id for d in targets for sid in sorted(tgt_tokens[d.id]) for _ in tgt_tokens[d.id][sid]
    ]
    words = match_words(
        list(dict.fromkeys(t.key for t in s_tok)),
        list(dict.fromkeys(t.key for t in t_tok)),
        encoder,
        same_language=src_lang == tgt_lang,
        langs=(src_lang, tgt_lang),
    )
    s_index = {k: i for i, k in enumerate(words.src_keys)}
    t_index = {k: i for i, k in enumerate(words.tgt_keys)}
    s_key = np.array([s_index[t.key] for t in s_tok], dtype=np.intp)
    t_key = np.array([t_index[t.key] for t in t_tok], dtype=np.intp)
    hard = (words.kind >= LEXICON).astype(np.float32)
    s_local = _local(s_tok)
    t_local = _local(t_tok, by_doc=t_doc)
    soft = words.soft

    s_anchor = [anchors(t, src_lang) for t in src_texts]
    t_anchor = [anchors(u.text, tgt_lang) for u in tgt_units]
    clash = conflicts(s_anchor, t_anchor)

    # What each source unit is made of does not depend on the article.
    a_src = _membership(s_tok, src_units)
    l_src = _membership(s_tok, src_units, s_local)
    is_num_s = np.array([t.number for t in s_tok], dtype=np.float32)
    num_counts = _count_membership(s_tok, src_units) * is_num_s[None, :]

    part_st = best_part(src_vecs, tgt_parts, encoder)
    part_ts = best_part(tgt_vecs, src_parts, encoder).T
    out = []
    src_len = np.array([len(t) for t in src_texts], dtype=np.float32)
    row_ref = np.array([u.whole_sentence for u in src_units])
    for doc in targets:
        cols = np.array([i for i, u in enumerate(tgt_units) if u.doc == doc.id], dtype=np.intp)
        if cols.size == 0:
            continue
        units_d = [tgt_units[i] for i in cols]
        cos = sim[:, cols]
        col_ref = np.array([u.whole_sentence for u in units_d])
        feats = np.zeros((len(src_units), cols.size, len(NAMES)), dtype=np.float32)
        feats[..., _AT["cos"]] = cos
        whole = cos[row_ref][:, col_ref] if row_ref.any() and col_ref.any() else cos
        feats[..., _AT["story"]] = float(whole.max(axis=1).mean()) if whole.size else 0.0
        feats[..., _AT["cos_z"]] = (cos - cos.mean()) / max(float(cos.std()), 1e-6)
        feats[..., _AT["margin"]] = ratio_margin(cos, 4, row_ref=row_ref, col_ref=col_ref)
        feats[..., _AT["row_rank"]] = 1.0 / (1.0 + _ranks(cos, axis=1))
        feats[..., _AT["col_rank"]] = 1.0 / (1.0 + _ranks(cos, axis=0))
        feats[..., _AT["row_gap"]] = _gap(cos, [u.sentences for u in units_d])
        feats[..., _AT["col_gap"]] = _gap(cos.T, [u.sentences for u in src_units]).T

        # Source tokens against this article's target units, and the reverse.
        in_doc = np.array([d == doc.id for d in t_doc], dtype=np.bool_)
        dt_tok = [t for t, keep in zip(t_tok, in_doc, strict=True) if keep]
        dt_key = t_key[in_doc]
        pair_hard = hard[np.ix_(s_key, dt_key)]
        pair_soft = soft[np.ix_(s_key, dt_key)]
        st_hard = _unit_max(pair_hard, dt_tok, units_d)
        st_soft = _unit_max(pair_soft, dt_tok, units_d)
        ts_hard = _unit_max(pair_hard.T, s_tok, src_units)
        ts_soft = _unit_max(pair_soft.T, s_tok, src_units)
        a_tgt = _membership(dt_tok, units_d)
        l_tgt = _membership(dt_tok, units_d, t_local[in_doc])
        feats[..., _AT["cover_st"]] = a_src @ st_hard
        feats[..., _AT["cover_ts"]] = (a_tgt @ ts_hard).T
        feats[..., _AT["local_st"]] = l_src @ st_hard
        feats[..., _AT["local_ts"]] = (l_tgt @ ts_hard).T
        feats[..., _AT["soft_st"]] = a_src @ st_soft
        feats[..., _AT["soft_ts"]] = (a_tgt @ ts_soft).T
        feats[..., _AT["cover_rank"]] = 1.0 / (
            1.0 + _ranks(feats[..., _AT["cover_st"]] + feats[..., _AT["cover_ts"]], axis=1)
        )

        feats[..., _AT["numbers"]] = np.minimum(num_counts @ st_hard, 3.0)
        feats[..., _AT["conflict"]] = clash[:, cols]
        tgt_len = np.array([len(u.text) for u in units_d], dtype=np.float32)
        feats[..., _AT["length"]] = np.abs(
            np.log(np.maximum(src_len, 1)[:, None] / np.maximum(tgt_len, 1)[None, :])
        )
        feats[..., _AT["src_size"]] = np.array([u.size - 1 for u in src_units], dtype=np.float32)[
            :, None
        ]
        feats[..., _AT["tgt_size"]] = np.array([u.size - 1 for u in units_d], dtype=np.float32)[
            None, :
        ]
        feats[..., _AT["part_st"]] = part_st[:, cols]
        feats[..., _AT["part_ts"]] = part_ts[:, cols]
        out.append(Pairs(cols, feats))
    return out, words


def _gap(cos: Matrix, cols: list[tuple[int, ...]]) -> Matrix:
    """``cos[r, c]`` minus row ``r``'s best cosine with a single sentence outside unit ``c``:
    above 0 only where the pair beats every rival, by how much it does."""
    single = np.array([len(c) == 1 for c in cols])
    out = np.zeros_like(cos)
    if single.sum() < 2:
        return out
    sub = cos[:, single]
    ids = np.array([c[0] for c in cols if len(c) == 1])
    order = np.argsort(-sub, axis=1)
    best, second = order[:, 0], order[:, 1]
    rows = np.arange(cos.shape[0])
    b1, b2 = sub[rows, best], sub[rows, second]
    for c, sentences in enumerate(cols):
        own_best = np.isin(ids[best], sentences)
        out[:, c] = cos[:, c] - np.where(own_best, b2, b1)
    return out


def _ranks(m: Matrix, axis: int) -> Matrix:
    """0 for the largest value along ``axis``, 1 for the next, ..."""
    order = np.argsort(-m, axis=axis, kind="stable")
    return np.asarray(np.argsort(order, axis=axis, kind="stable"), dtype=np.float32)


def _unit_max(m: Matrix, tokens: list[Token], units: list[Unit]) -> Matrix:
    """``m[i, j]`` is token-to-token, the tokens and units of one document; returns row
    token ``i`` against each unit: the best over the unit's tokens (0 where it has none)."""
    out = np.zeros((m.shape[0], len(units)), dtype=np.float32)
    by_sentence: dict[int, list[int]] = {}
    for j, t in enumerate(tokens):
        by_sentence.setdefault(t.sentence, []).append(j)
    for c, u in enumerate(units):
        cols = [j for s in u.sentences for j in by_sentence.get(s, [])]
        if cols:
            out[:, c] = m[:, cols].max(axis=1)
    return out


def _local(tokens: list[Token], by_doc: list[str] | None = None) -> NDArray[np.float32]:
    """Per token, how rare its word is among the sentences of its side, in [0, 1]: the
    story's own names (Trump, Kim) are in most sentences and say little about which."""
    docs = by_doc or [""] * len(tokens)
    sentences = {(d, t.sentence) for d, t in zip(docs, tokens, strict=True)}
    holders: dict[str, set[tuple[str, int]]] = {}
    for d, t in zip(docs, tokens, strict=True):
        holders.setdefault(t.key, set()).add((d, t.sentence))
    n = max(len(sentences), 1)
    norm = np.log(n + 1.0)
    return np.array(
        [np.log((n + 1.0) / len(holders[t.key])) / norm for t in tokens], dtype=np.float32
    )


def _membership(
    tokens: list[Token], units: list[Unit], local: NDArray[np.float32] | None = None
) -> Matrix:
    """``a[u, i]``: token ``i``'s weight share in unit ``u`` (rows sum to 1 or 0), by its
    rarity in the language, times its rarity in these articles when ``local`` is given."""
    weights = np.array([t.weight for t in tokens], dtype=np.float32)
    if local is not None:
        weights = weights * local
    a = _count_membership(tokens, units) * weights
    total = a.sum(axis=1, keepdims=True)
    return np.asarray(a / np.where(total > 0, total, 1.0), dtype=np.float32)


def _count_membership(tokens: list[Token], units: list[Unit]) -> Matrix:
    """``a[u, i]``: 1 where token ``i`` stands in a sentence of unit ``u``."""
    a = np.zeros((len(units), len(tokens)), dtype=np.float32)
    index: dict[int, list[int]] = {}
    for i, t in enumerate(tokens):
        index.setdefault(t.sentence, []).append(i)
    for r, u in enumerate(units):
        for s in u.sentences:
            a[r, index.get(s, [])] = 1.0
    return a
