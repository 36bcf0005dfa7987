"""``aligner.find(source, archive)``: the articles of an archive that report the source's story.

Two stages (:mod:`aligner.coverage.rank`): the source's article vector against every
cached article vector, then the best candidates reranked by the sentences they share
with the source. Each match says why it ranks where it does: its score and the
sentence pairs that decided it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from aligner.callbacks import Notify
from aligner.coverage.archive import Archive, article_vector
from aligner.coverage.rank import Params, bars, coverage, doc_bar, retrieve, skipped
from aligner.documents import read_document
from aligner.embed import Encoder, Vectors
from aligner.errors import InputError
from aligner.model import Document
from aligner.textio import read_text

#: Said (through ``problem``) when ``Ranking.general_news_only`` and an article scores
#: :data:`LIKELY_COVERAGE` or more: a warning about high scores, for a ranking that has one.
GENERAL_NEWS_ONLY = (
    "chance was measured on the bundled general news alone (every article here is nearer "
    "the source than all of them): another story on the same subject would score high too"
)
#: The score from which an article likely reports the source's story (``pair``'s and
#: ``read --archive``'s default bar). From the data we have: on the seeds the four
#: English articles score 0.36-0.48 and the nearest other story (NTREX's North Korea
#: talks) 0.31; NTREX translations score near 1, other stories near 0. In a folder of
#: one story (the seeds' own), the four score 0.45-0.54.
LIKELY_COVERAGE = 0.32
#: Sentence pairs a match shows: enough to judge it, few enough to read at a glance.
SHOWN_PAIRS = 3


@dataclass(frozen=True, slots=True)
class SharedPair:
    """A fact the source and the article both state: a sentence of each."""

    source: int
    target: int
    strength: float
    source_text: str
    target_text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "strength": self.strength,
            "source_text": self.source_text,
            "target_text": self.target_text,
        }


@dataclass(frozen=True, slots=True)
class Match:
    """An article of the archive, scored against the source."""

    path: str
    score: float  # in [0, 1], higher is surer
    source_coverage: float
    article_coverage: float
    similarity: float  # the article vectors' cosine (the first stage)
    shared_sentences: int
    pairs: tuple[SharedPair, ...]

    @property
    def name(self) -> str:
        return Path(self.path).name

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "score": self.score,
            "source_coverage": round(self.source_coverage, 4),
            "article_coverage": round(self.article_coverage, 4),
            "similarity": round(self.similarity, 4),
            "shared_sentences": self.shared_sentences,
            "pairs": [p.to_dict() for p in self.pairs],
        }


@dataclass(slots=True)
class Ranking:
    """The matches, best first, and what could not be searched. Iterates over the matches."""

    source: Document
    matches: list[Match]
    language: str  # the archive's
    searched: int  # articles ranked
    problems: list[str] = field(default_factory=list)
    #: No article of the archive was left to measure chance against, only the shipped
    #: general news (:mod:`aligner.coverage.background`): a folder of one subject.
    general_news_only: bool = False

    def __iter__(self) -> Iterator[Match]:
        return iter(self.matches)

    def __len__(self) -> int:
        return len(self.matches)

    def __getitem__(self, i: int) -> Match:
        return self.matches[i]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": {
                "path": self.source.path,
                "lang": self.source.lang,
                "sentences": len(self.source.sentences),
            },
            "archive": {"lang": self.language, "searched": self.searched},
            "matches": [m.to_dict() for m in self.matches],
        }


def find(
    source: str | Path | Document,
    archive: str | Path | Sequence[str | Path] | Archive,
    *,
    top: int = 10,
    encoder: Encoder | str | None = None,
    lang: str | None = None,
    source_lang: str | None = None,
    one_per_line: bool = False,
    problem: Notify | None = None,
) -> Ranking:
    """The ``top`` articles of ``archive`` (files, folders, or an opened :class:`Archive`)
    that share most of ``source``'s content, best first.

    ``lang`` is the archive's language (default: its commonest); articles in another are
    left out, each named through ``problem`` and in ``Ranking.problems``. Raises
    :class:`InputError` when the source cannot be read or no article can be ranked.
    """
    if isinstance(archive, Archive):
        opened = archive
    else:
        if (
            isinstance(archive, Document | bytes)
            or not isinstance(archive, str | Path | Sequence)
            or (
                not isinstance(archive, str | Path)
                and not all(isinstance(a, str | Path) for a in archive)
            )
        ):
            raise InputError(
                f"archive: a {type(archive).__name__}; give files or folders (paths), "
                "or an opened aligner.coverage.Archive"
            )
        inputs = [archive] if isinstance(archive, (str, Path)) else list(archive)
        own = source.path if isinstance(source, Document) else source
        opened = Archive.open(
            inputs,
            encoder,
            lang=lang,
            one_per_line=one_per_line,
            problem=problem,
            sources=[own] if isinstance(own, str | Path) else [],
        )
    if isinstance(source, Document):
        if not source.sentences:
            raise InputError(f"{source.id}: has no sentences to search for")
        doc = source
    elif isinstance(source, str | Path):
        doc = read_source(source, source_lang, one_per_line)
    else:
        raise InputError(f"source: a {type(source).__name__}; give a path or an aligner.Document")
    ranking = rank(doc, opened, top=top)
    high = any(m.score >= LIKELY_COVERAGE for m in ranking)
    if ranking.general_news_only and high and problem is not None:
        problem(GENERAL_NEWS_ONLY)
    ranking.problems = list(opened.problems)
    return ranking


def read_source(path: str | Path, lang: str | None, one_per_line: bool) -> Document:
    return read_document(path, lang=lang, one_per_line=one_per_line)


def rank(
    source: Document,
    archive: Archive,
    *,
    top: int = 10,
    params: Params | None = None,
    source_vectors: Vectors | None = None,
) -> Ranking:
    """Rank ``archive``'s articles against ``source`` (the encoding of its sentences is
    cached, so ranking it again, against this or another archive, encodes nothing)."""
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InputError(f"top {top!r}: give a positive number of articles")
    p = params or Params()
    index = archive.index
    rows = archive.rows
    if source.path:
        # The source inside the archive is not its own coverage. Index paths are resolved.
        same = str(Path(source.path).resolve())
        if same in index.paths:
            rows = rows[rows != index.paths.index(same)]
    if not len(rows):
        raise InputError(
            "no article to rank: the archive holds none in its language but the source itself"
            if len(archive.rows)
            else "no article in the archive's language to rank (see the lines above)"
        )
    src = source_vectors
    if src is None:
        src = archive.encoder.encode([s.text for s in source.sentences])
    query = article_vector(src)
    sims_all = archive.centred.cosines(index.vectors, query, rows)
    candidates, sims = retrieve(sims_all, rows, max(p.depth, top))
    vectors = {int(r): sentence_vectors(archive, int(r)) for r in candidates}
    # The shipped articles of other stories are always in both references: an archive
    # of one story has no chance level of its own (aligner.coverage.background).
    background = archive.centred.cosines_of(archive.background_articles, query)
    above = int((sims > background.max()).sum()) if len(background) else 0
    skip = skipped(len(candidates), p, above)
    pool_parts = [vectors[int(r)] for r in candidates[skip:]] + archive.background
    pool = np.concatenate(pool_parts) if pool_parts else np.zeros((0, src.shape[1]), np.float32)
    bar = bars(src, pool, p.quantile)
    threshold = doc_bar(np.concatenate([sims_all, background]), skip, p)
    scored = [
        (coverage(src, vectors[int(r)], bar, float(s), threshold, p), int(r), float(s))
        for r, s in zip(candidates, sims, strict=True)
    ]
    scored.sort(key=lambda t: (-t[0].score, -t[2]))
    matches = [_match(source, archive, c, r, s) for c, r, s in scored[:top]]
    return Ranking(
        source=source,
        matches=matches,
        language=archive.lang,
        searched=len(rows),
        general_news_only=skip >= len(candidates) and bool(len(background)),
    )


def sentence_vectors(archive: Archive, row: int) -> Vectors:
    """Row ``row``'s sentence vectors from the embedding cache (re-encoded if evicted)."""
    keys = archive.index.sentence_keys(row)
    found = archive.encoder.cached(keys)
    if len(found) == len(set(keys)):
        return np.stack([np.frombuffer(found[k], dtype=np.float32) for k in keys])
    # The cache was cleared (or damaged) since the index was built: the spans still name
    # the sentences.
    return archive.encoder.encode(article_sentences(archive, row))


def article_sentences(archive: Archive, row: int) -> list[str]:
    text = read_text(archive.index.paths[row])
    return [text[s:e] for s, e in archive.index.sentence_spans(row)]


def _match(source: Document, archive: Archive, c: Any, row: int, sim: float) -> Match:
    shown = c.pairs[:SHOWN_PAIRS]
    try:
        texts = article_sentences(archive, row) if shown else []
    except InputError:
        texts = []  # changed or removed since it was indexed: the score stands, the text is gone
    pairs = tuple(
        SharedPair(i, j, strength, source.sentences[i].text, texts[j] if j < len(texts) else "")
        for i, j, strength in shown
    )
    return Match(
        path=archive.index.paths[row],
        score=c.score,
        source_coverage=c.source_coverage,
        article_coverage=c.article_coverage,
        similarity=sim,
        shared_sentences=len(c.pairs),
        pairs=pairs,
    )
