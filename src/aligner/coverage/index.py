"""The archive index: per article its vector, language and sentences, saved once, reused.

One ``.npz`` per archive (the set of inputs, the encoder and the reading options name it)
under ``cache_dir()/coverage/``. It holds, row by row, the file's path, size and
modification time (so an unchanged file is never read again), its language, its article
vector, and its sentences' spans and embedding-cache keys. Sentence vectors stay in the
embedding cache, keyed as :class:`~aligner.embed.CachedEncoder` keys them, so an archive
of 100,000 articles costs one extra 150 MB matrix here, not a second copy of its four
million sentence vectors.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from aligner.fsutil import atomic_write_bytes
from aligner.paths import cache_dir

#: Bumped when the layout or the article vector changes: older files are rebuilt.
INDEX_VERSION = 1
KEY_BYTES = 16

Ints = NDArray[np.int64]


@dataclass(slots=True)
class ArchiveIndex:
    """Rows of articles; sentence arrays are flat, ``offsets[i]:offsets[i + 1]`` is row i's."""

    encoder: str
    paths: list[str]
    stats: Ints  # (n, 2): size, mtime_ns
    langs: list[str]
    vectors: NDArray[np.float32]  # (n, dim), rows L2-normalised
    offsets: Ints  # (n + 1,)
    keys: NDArray[np.uint8]  # (sentences, KEY_BYTES)
    spans: NDArray[np.int64]  # (sentences, 2): character offsets into the decoded file

    def __len__(self) -> int:
        return len(self.paths)

    @classmethod
    def empty(cls, encoder: str, dim: int = 0) -> ArchiveIndex:
        return cls(
            encoder=encoder,
            paths=[],
            stats=np.zeros((0, 2), dtype=np.int64),
            langs=[],
            vectors=np.zeros((0, dim), dtype=np.float32),
            offsets=np.zeros(1, dtype=np.int64),
            keys=np.zeros((0, KEY_BYTES), dtype=np.uint8),
            spans=np.zeros((0, 2), dtype=np.int64),
        )

    def sentence_keys(self, row: int) -> list[bytes]:
        a, b = int(self.offsets[row]), int(self.offsets[row + 1])
        return [k.tobytes() for k in self.keys[a:b]]

    def sentence_spans(self, row: int) -> list[tuple[int, int]]:
        a, b = int(self.offsets[row]), int(self.offsets[row + 1])
        return [(int(s), int(e)) for s, e in self.spans[a:b]]

    def save(self, path: Path) -> None:
        buf = io.BytesIO()
        np.savez(
            buf,
            version=np.array(INDEX_VERSION),
            encoder=np.frombuffer(self.encoder.encode("utf-8"), dtype=np.uint8),
            paths=np.frombuffer("\n".join(self.paths).encode("utf-8"), dtype=np.uint8),
            langs=np.frombuffer(",".join(self.langs).encode("ascii"), dtype=np.uint8),
            stats=self.stats,
            vectors=self.vectors,
            offsets=self.offsets,
            keys=self.keys,
            spans=self.spans,
        )
        atomic_write_bytes(path, buf.getvalue())

    @classmethod
    def load(cls, path: Path, encoder: str) -> ArchiveIndex | None:
        """The saved index, or ``None`` when there is none usable (absent, old, damaged)."""
        try:
            with np.load(path) as z:
                if int(z["version"]) != INDEX_VERSION:
                    return None
                if z["encoder"].tobytes().decode("utf-8") != encoder:
                    return None
                paths_blob = z["paths"].tobytes().decode("utf-8")
                langs_blob = z["langs"].tobytes().decode("ascii")
                index = cls(
                    encoder=encoder,
                    paths=paths_blob.split("\n") if paths_blob else [],
                    stats=z["stats"],
                    langs=langs_blob.split(",") if langs_blob else [],
                    vectors=z["vectors"],
                    offsets=z["offsets"],
                    keys=z["keys"],
                    spans=z["spans"],
                )
        except (OSError, KeyError, ValueError, UnicodeDecodeError, zipfile.BadZipFile):
            return None  # a damaged cache entry is rebuilt, never an error
        return index if index.consistent() else None

    def consistent(self) -> bool:
        """Whether the arrays fit one another (a hand-edited or half-damaged index may
        hold arrays that load and then break a search)."""
        n, o, sentences = len(self.paths), self.offsets, len(self.keys)
        try:
            return bool(
                len(self.langs) == n == len(self.stats) == len(self.vectors)
                and self.vectors.ndim == 2
                and self.stats.shape == (n, 2)
                and o.shape == (n + 1,)
                and o[0] == 0
                and o[-1] == sentences == len(self.spans)
                and (np.diff(o) >= 0).all()
                and self.keys.shape == (sentences, KEY_BYTES)
                and self.spans.shape == (sentences, 2)
            )
        except (TypeError, ValueError, IndexError):
            return False


def index_path(inputs: Sequence[str], encoder: str, reading: str) -> Path:
    """Where the index of these inputs lives: one file per archive, encoder and reading."""
    h = hashlib.blake2b(digest_size=12)
    for part in (str(INDEX_VERSION), encoder, reading, *sorted(inputs)):
        h.update(part.encode("utf-8") + b"\0")
    return cache_dir() / "coverage" / f"{h.hexdigest()}.npz"


@dataclass(slots=True)
class Row:
    """One article as the index holds it, before it joins the arrays."""

    path: str
    size: int
    mtime_ns: int
    lang: str
    vector: NDArray[np.float32]
    keys: list[bytes]
    spans: list[tuple[int, int]]


def assemble(
    encoder: str,
    dim: int,
    kept: ArchiveIndex,
    rows_kept: list[int],
    new: list[Row],
    order: list[str],
) -> ArchiveIndex:
    """A new index of ``kept``'s ``rows_kept`` and the ``new`` rows, in the path order ``order``."""
    by_path: dict[str, tuple[int, Row | None]] = {kept.paths[r]: (r, None) for r in rows_kept}
    for row in new:
        by_path[row.path] = (-1, row)
    paths = [p for p in order if p in by_path]
    n = len(paths)
    stats = np.zeros((n, 2), dtype=np.int64)
    vectors = np.zeros((n, dim), dtype=np.float32)
    langs: list[str] = []
    counts = np.zeros(n, dtype=np.int64)
    key_parts: list[NDArray[np.uint8]] = []
    span_parts: list[NDArray[np.int64]] = []
    for i, p in enumerate(paths):
        r, fresh = by_path[p]
        if fresh is None:
            stats[i] = kept.stats[r]
            vectors[i] = kept.vectors[r]
            langs.append(kept.langs[r])
            a, b = int(kept.offsets[r]), int(kept.offsets[r + 1])
            key_parts.append(kept.keys[a:b])
            span_parts.append(kept.spans[a:b])
            counts[i] = b - a
        else:
            stats[i] = (fresh.size, fresh.mtime_ns)
            vectors[i] = fresh.vector
            langs.append(fresh.lang)
            key_parts.append(
                np.frombuffer(b"".join(fresh.keys), dtype=np.uint8).reshape(-1, KEY_BYTES)
            )
            span_parts.append(np.asarray(fresh.spans, dtype=np.int64).reshape(-1, 2))
            counts[i] = len(fresh.keys)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    keys = np.concatenate(key_parts) if key_parts else np.zeros((0, KEY_BYTES), np.uint8)
    spans = np.concatenate(span_parts) if span_parts else np.zeros((0, 2), np.int64)
    return ArchiveIndex(encoder, paths, stats, langs, vectors, offsets, keys, spans)
