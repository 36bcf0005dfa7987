"""The translation engine: an installed package's CTranslate2 model and sentencepiece
tokenizer, driven directly.

Sentences of any number of documents go through one sorted, batched stream of
``translate_batch`` calls, and every result is stored in a persistent cache keyed by
(model, decoding options, sentence), so nothing is translated twice. argostranslate's own
``translate()`` is not used: it translates one paragraph at a time and sends its sentence
splitting through MiniSBD, which downloads a model (impossible offline).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.cache import Store, content_key
from aligner.callbacks import Progress
from aligner.documents import document_from_text
from aligner.errors import AlignerError
from aligner.fsutil import file_sample
from aligner.model import Document
from aligner.translation.packages import InstalledPackage, load_package
from aligner.translation.rendering import translated_text

#: ``progress(n)``: ``n`` more sentences are translated (or found in the cache).

#: Sentences sent to CTranslate2 per call, in multiples of the batch size: big enough for
#: CTranslate2 to batch well, small enough that progress and the cache advance often.
_CHUNK_BATCHES = 8


@dataclass(frozen=True, slots=True)
class TranslatorSpec:
    """Everything needed to rebuild a :class:`Translator` elsewhere (a Dask worker, a thread).

    ``package_paths`` holds one package folder, or two for a pivot (xx->en->yy).
    """

    package_paths: tuple[str, ...]
    beam_size: int = 4
    batch_size: int = 32
    threads: int = 0
    max_decoding_length: int = 256
    use_cache: bool = True

    def build(self) -> Translator:
        return Translator(self)


class _Step:
    """One package: its model and tokenizer, loaded on first use."""

    def __init__(self, pkg: InstalledPackage, threads: int) -> None:
        self.pkg = pkg
        self.threads = threads
        self._model: Any = None
        self._sp: Any = None
        self.target_prefix = str(pkg.metadata.get("target_prefix", "") or "")
        self.id = f"{pkg.name}@{pkg.version}#{_fingerprint(pkg.path)}"

    @property
    def model(self) -> Any:
        if self._model is None:
            # Deferred: ~65 ms to import (bench/startup.py), which `import aligner` and
            # every run without a model would pay.
            import ctranslate2

            try:
                self._model = ctranslate2.Translator(
                    str(self.pkg.path / "model"),
                    device="cpu",
                    compute_type="auto",
                    inter_threads=1,
                    intra_threads=self.threads,
                )
            except Exception as e:
                raise self._broken("CTranslate2 cannot load its model", e) from e
        return self._model

    @property
    def sp(self) -> Any:
        if self._sp is None:
            import sentencepiece  # deferred with ctranslate2, above: ~10 ms

            try:
                self._sp = sentencepiece.SentencePieceProcessor(model_file=str(self.pkg.tokenizer))
            except Exception as e:
                raise self._broken("its sentencepiece.model cannot be read", e) from e
        return self._sp

    def _broken(self, what: str, e: Exception) -> AlignerError:
        # A package installed by other tools, or damaged on disk since: say which and how
        # to mend it, rather than "internal error: RuntimeError".
        p = self.pkg
        return AlignerError(
            f"the installed {p.from_code}->{p.to_code} package {p.path} is broken: {what} "
            f"({e}); reinstall it (`aligner models remove {p.from_code} {p.to_code}`, then "
            "`aligner models install`)"
        )

    def encode(self, text: str) -> list[str]:
        pieces: list[str] = self.sp.encode(text, out_type=str)
        return pieces

    def decode(self, pieces: list[str]) -> str:
        text: str = self.sp.decode_pieces(pieces)
        # Pieces the vocabulary lacks (copied through replace_unknowns) keep their marker.
        text = text.replace("▁", " ").strip()
        if self.target_prefix and text.startswith(self.target_prefix):
            text = text[len(self.target_prefix) :].strip()
        return text

    def run(self, tokens: list[list[str]], spec: TranslatorSpec) -> list[list[str]]:
        prefix = [[self.target_prefix] for _ in tokens] if self.target_prefix else None
        results = self.model.translate_batch(
            tokens,
            target_prefix=prefix,
            max_batch_size=spec.batch_size,
            batch_type="examples",
            beam_size=spec.beam_size,
            max_decoding_length=spec.max_decoding_length,
            replace_unknowns=True,
        )
        return [list(r.hypotheses[0]) for r in results]


def _fingerprint(path: Path) -> str:
    """A cheap content fingerprint: a reinstalled, different model must not reuse old results."""
    h = hashlib.blake2b(digest_size=8)
    for f in (path / "model" / "model.bin", path / "sentencepiece.model", path / "metadata.json"):
        if f.is_file():
            h.update(file_sample(f))
    return h.hexdigest()


def _decoded(value: bytes | None) -> str | None:
    """A cached translation, or None for none or a damaged one (translated again)."""
    try:
        return None if value is None else value.decode("utf-8")
    except UnicodeDecodeError:
        return None


def normalize(text: str) -> str:
    """What the model sees of a sentence: a hard-wrapped line break is just a space."""
    return " ".join(text.split())


class DocumentTranslation:
    """The document verbs of a translator, built on its ``translate_sentences``; shared by
    the local engine and the cluster's, so both fill documents the same way."""

    def translate_sentences(
        self, sentences: Sequence[str], *, progress: Progress | None = None
    ) -> list[str]:
        raise NotImplementedError

    def translate_documents(
        self, docs: Sequence[Document], *, progress: Progress | None = None
    ) -> None:
        """Fill ``sentence.translation`` of every sentence of every document, in one stream."""
        sentences = [s for d in docs for s in d.sentences]
        translated = self.translate_sentences([s.text for s in sentences], progress=progress)
        for s, t in zip(sentences, translated, strict=True):
            s.translation = t

    def translate_document(self, doc: Document) -> None:
        self.translate_documents([doc])


class Translator(DocumentTranslation):
    """Translate sentences, documents or text with one installed package (or a pivot chain)."""

    def __init__(self, spec: TranslatorSpec) -> None:
        if not spec.package_paths:
            raise ValueError("a Translator needs at least one package")
        self.spec = spec
        self._steps = [_Step(load_package(p), spec.threads) for p in spec.package_paths]
        self._store = Store("translations") if spec.use_cache else None
        self.from_code = self._steps[0].pkg.from_code
        self.to_code = self._steps[-1].pkg.to_code
        self.model_id = ">".join(s.id for s in self._steps)
        self._namespace = (
            f"argos:{self.model_id}|beam={spec.beam_size}|max={spec.max_decoding_length}"
        )

    def __reduce__(self) -> tuple[Any, tuple[TranslatorSpec]]:
        # Models do not pickle; the spec does, and the receiver reloads the model.
        return (Translator, (self.spec,))

    def __repr__(self) -> str:
        return f"Translator({self.from_code}->{self.to_code}, {self.model_id})"

    @property
    def packages(self) -> list[InstalledPackage]:
        return [s.pkg for s in self._steps]

    def translate_sentences(
        self, sentences: Sequence[str], *, progress: Progress | None = None
    ) -> list[str]:
        """The translation of each sentence, in order (each distinct sentence translated once)."""
        texts = [normalize(s) for s in sentences]
        positions: dict[str, list[int]] = {}
        for i, t in enumerate(texts):
            positions.setdefault(t, []).append(i)
        out: list[str] = [""] * len(texts)

        def settle(items: dict[str, str]) -> None:
            n = 0
            for text, translated in items.items():
                for i in positions[text]:
                    out[i] = translated
                n += len(positions[text])
            if progress and n:
                progress(n)

        unique = list(positions)
        settle({t: "" for t in unique if not t})
        todo = [t for t in unique if t]
        if self._store is not None and todo:
            keys = {t: content_key(self._namespace, t) for t in todo}
            found = self._store.get_many(list(keys.values()))
            hits = {t: v for t, k in keys.items() if (v := _decoded(found.get(k))) is not None}
            settle(hits)
            todo = [t for t in todo if t not in hits]
        if not todo:
            return out

        first = self._steps[0]
        tokens = {t: first.encode(t) for t in todo}
        # Similar lengths in one batch: less padding, the same results.
        todo.sort(key=lambda t: len(tokens[t]))
        chunk = max(1, self.spec.batch_size * _CHUNK_BATCHES)
        for i in range(0, len(todo), chunk):
            part = todo[i : i + chunk]
            translated = self._run_chain([tokens[t] for t in part])
            done = dict(zip(part, translated, strict=True))
            if self._store is not None:
                self._store.put_many(
                    (content_key(self._namespace, t), v.encode("utf-8")) for t, v in done.items()
                )
            settle(done)
        return out

    def _run_chain(self, tokens: list[list[str]]) -> list[str]:
        texts: list[str] = []
        for n, step in enumerate(self._steps):
            if n:
                tokens = [step.encode(t) for t in texts]
            texts = [step.decode(h) for h in step.run(tokens, self.spec)]
        return texts

    def translate_text(self, text: str) -> str:
        """Translate text (any number of paragraphs), keeping its paragraph breaks."""
        doc = document_from_text(text, lang=self.from_code, keep_furniture=True)
        self.translate_document(doc)
        return translated_text(doc)
