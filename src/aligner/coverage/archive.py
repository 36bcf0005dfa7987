"""An archive opened for searching: its files listed, its index brought up to date.

Only new and changed files are read and encoded; every other article comes from the
saved index. Encoding goes through :class:`~aligner.embed.CachedEncoder`, so even a
rebuilt index encodes nothing it has seen (sentence vectors are cached by content), and
through a Dask cluster when one is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from aligner.cache import content_key
from aligner.callbacks import Notify
from aligner.coverage.background import background_vectors
from aligner.coverage.files import ArchiveFile, list_archive
from aligner.coverage.index import ArchiveIndex, Row, assemble, index_path
from aligner.coverage.rank import Centred
from aligner.documents import read_document
from aligner.embed import CachedEncoder, Encoder, Vectors, cached, normalise
from aligner.errors import InputError
from aligner.model import Document

#: ``encode(sentence lists)`` -> one (n_i, dim) array per list, in order.
EncodeBatch = Callable[[list[list[str]]], list[Vectors]]
#: ``progress(articles_done, articles_to_do)`` while new articles are indexed.
IndexProgress = Callable[[int, int], None]

#: Articles read and encoded per step: enough to fill the encoder's batches, few enough
#: that an interrupted first run keeps most of its work (sentence vectors are cached as
#: they come).
CHUNK = 256


@dataclass(frozen=True, slots=True)
class Reading:
    """How articles are read: the archive's language when known, one sentence per line or not."""

    lang: str | None = None
    one_per_line: bool = False

    def key(self) -> str:
        return f"lang={self.lang};one_per_line={self.one_per_line}"

    def read(self, path: str | Path) -> Document:
        # Without a language, each article's is detected: that is what lets a file in
        # another language be named and left out. With one, only a file confidently in
        # another is refused (a two-line brief is too short to contradict it).
        return read_document(path, lang=self.lang, one_per_line=self.one_per_line)


def article_vector(sentence_vectors: Vectors) -> Vectors:
    """An article's vector: the normalised mean of its sentences' vectors.

    A mean of sentence vectors rather than one encoding of the whole text: the encoder
    reads 512 tokens at most, and a part of an article (a brief, an excerpt) keeps a
    mean close to the whole article's.
    """
    vector: Vectors = normalise(sentence_vectors.mean(axis=0, keepdims=True))[0]
    return vector


def encode_here(encoder: CachedEncoder) -> EncodeBatch:
    def encode(batches: list[list[str]]) -> list[Vectors]:
        flat = [t for b in batches for t in b]
        vecs = encoder.encode(flat)
        cuts = np.cumsum([len(b) for b in batches])[:-1]
        return list(np.split(vecs, cuts))

    return encode


class Archive:
    """The searchable articles: an up-to-date index and the language they are in."""

    def __init__(
        self,
        index: ArchiveIndex,
        encoder: CachedEncoder,
        lang: str,
        rows: list[int],
        reading: Reading,
        problems: Sequence[str] = (),
    ) -> None:
        self.index = index
        self.encoder = encoder
        #: The archive's language: articles in another one are left out of every ranking.
        self.lang = lang
        #: The index rows in that language.
        self.rows = np.asarray(rows, dtype=np.int64)
        self.reading = reading
        #: What opening it said: files left out, and why.
        self.problems = list(problems)

    @cached_property
    def background(self) -> list[Vectors]:
        """Sentence vectors of the shipped articles of other stories in the archive's
        language (:mod:`aligner.coverage.background`), encoded here, at the first search:
        a cluster encodes the archive's articles, not these."""
        return background_vectors(self.lang, self.encoder)

    @cached_property
    def background_articles(self) -> Vectors:
        if not self.background:
            return np.zeros((0, self.index.vectors.shape[1]), dtype=np.float32)
        return np.stack([article_vector(v) for v in self.background])

    @cached_property
    def centred(self) -> Centred:
        return Centred.of(self.index.vectors, self.rows, self.background_articles)

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def open(
        cls,
        inputs: str | Path | Sequence[str | Path],
        encoder: Encoder | str | None = None,
        *,
        lang: str | None = None,
        one_per_line: bool = False,
        problem: Notify | None = None,
        progress: IndexProgress | None = None,
        encode: EncodeBatch | None = None,
        sources: Sequence[str | Path] = (),
    ) -> Archive:
        """List ``inputs``, refresh and save their index; problems are reported, not raised.

        ``sources``: the articles whose coverage is sought. One lying in the archive in
        another language is left out as any such file, but not named: it is the query,
        and a line calling it left out reads as if it had been lost.
        Raises :class:`InputError` only when no article at all can be searched.
        """
        said: list[str] = []

        def say(message: str) -> None:
            said.append(message)
            if problem is not None:
                problem(message)

        if isinstance(inputs, str | Path):
            inputs = [inputs]
        encoder = cached(encoder)
        reading = Reading(lang=lang, one_per_line=one_per_line)
        files = list_archive(inputs, say)
        roots = [str(Path(i).expanduser().resolve()) for i in inputs]
        where = index_path(roots, encoder.id, reading.key())
        old = ArchiveIndex.load(where, encoder.id)
        index = refresh(files, old, encoder, reading, say, progress, encode or encode_here(encoder))
        if old is None or _changed(old, index):
            try:
                index.save(where)
            except OSError as e:  # a full or read-only cache costs speed, not the search
                say(f"cannot save the archive index in {where.parent}: {e.strerror}")
        if not len(index):
            # The lines a command printed above, or the first of them for a library caller.
            why = "see the lines above" if problem is not None else "; ".join(said[:2])
            if files:
                raise InputError(f"the archive holds no readable article ({why})")
            raise InputError(
                "the archive is empty: no files to search" + (f" ({why})" if said else "")
            )
        quiet = {str(Path(p).expanduser().resolve()) for p in sources}
        # The sources do not vote: a folder of Danish articles beside their coverage is
        # an archive of the coverage.
        voters = [code for p, code in zip(index.paths, index.langs, strict=True) if p not in quiet]
        chosen = lang or majority_language(voters or index.langs)
        rows: list[int] = []
        for r, code in enumerate(index.langs):
            if code == chosen:
                rows.append(r)
            elif index.paths[r] not in quiet:
                say(f"{index.paths[r]}: in '{code}', not the archive's '{chosen}': left out")
        return cls(index, encoder, chosen, rows, reading, said)


def majority_language(langs: Sequence[str]) -> str:
    """The archive's language: the commonest; on a tie English, the language of coverage here."""
    counts = Counter(langs)
    best = max(counts.values())
    tied = sorted(code for code, n in counts.items() if n == best)
    return "en" if "en" in tied else tied[0]


def _changed(old: ArchiveIndex, new: ArchiveIndex) -> bool:
    return old.paths != new.paths or not np.array_equal(old.stats, new.stats)


def refresh(
    files: list[ArchiveFile],
    old: ArchiveIndex | None,
    encoder: CachedEncoder,
    reading: Reading,
    problem: Notify,
    progress: IndexProgress | None,
    encode: EncodeBatch,
) -> ArchiveIndex:
    """The index of ``files``: rows of ``old`` for unchanged files, new rows for the rest."""
    kept = old if old is not None else ArchiveIndex.empty(encoder.id)
    where = {p: r for r, p in enumerate(kept.paths)}
    stats = [tuple(s) for s in kept.stats.tolist()]
    rows_kept: list[int] = []
    todo: list[ArchiveFile] = []
    for f in files:
        r = where.get(f.path)
        if r is not None and stats[r] == (f.size, f.mtime_ns):
            rows_kept.append(r)
        else:
            todo.append(f)
    if not todo and len(rows_kept) == len(kept):
        return kept  # nothing new, changed or gone: the saved index as it is
    new: list[Row] = []
    done = 0
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start : start + CHUNK]
        docs: list[tuple[ArchiveFile, Document]] = []
        for f in chunk:
            try:
                docs.append((f, reading.read(f.path)))
            except InputError as e:
                problem(f"{e}: left out")
        texts = [[s.text for s in d.sentences] for _, d in docs]
        for (f, d), vecs in zip(docs, encode(texts) if texts else [], strict=True):
            new.append(
                Row(
                    path=f.path,
                    size=f.size,
                    mtime_ns=f.mtime_ns,
                    lang=d.lang,
                    vector=article_vector(vecs),
                    keys=[content_key(encoder.id, s.text) for s in d.sentences],
                    spans=[(s.start, s.end) for s in d.sentences],
                )
            )
        done += len(chunk)
        if progress:
            progress(done, len(todo))
    dim = kept.vectors.shape[1] if len(kept) else (len(new[0].vector) if new else 0)
    return assemble(encoder.id, dim, kept, rows_kept, new, [f.path for f in files])
