"""Translation on a Dask cluster, shaped like :class:`aligner.translation.Translator`.

:class:`ClusterTranslator` has the verbs the batch runner uses
(``translate_sentences``, ``translate_documents``), so the runner does not care where the
work happens: reading, resuming and writing stay where they are; only the CTranslate2
calls move to the workers. Each worker loads the model once (a :class:`ModelPlugin`).

The tasks are the engine's own chunks: the distinct sentences sorted by token count,
``batch_size x 8`` at a time (a few hundred: CTranslate2 batches them well). A worker
thus makes the very ``translate_batch`` call a local run makes for that chunk. That is
what makes the output equal byte for byte: CTranslate2's results depend, in the last
bits, on which sentences share a padded batch, and with random or weak models those
bits can change a word.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from aligner.callbacks import Progress
from aligner.distributed.plugin import ModelPlugin, worker_model
from aligner.distributed.runner import RETRIES
from aligner.errors import AlignerError
from aligner.translation.discovery import require_translator
from aligner.translation.engine import DocumentTranslation, normalize

#: Chunk size in CTranslate2 batches: the engine's (``aligner.translation.engine``), so
#: that a chunk here is a chunk there.
CHUNK_BATCHES = 8

#: ``length(sentence)``: the sort key, the number of tokens the model will see.
Length = Callable[[str], int]


def load_translator(from_code: str, to_code: str, options: dict[str, Any]) -> Any:
    """On a worker: the worker's own installed package for the pair (its ``models/``)."""
    return require_translator(from_code, to_code, **options)


def translate_on_worker(plugin_name: str, texts: list[str]) -> tuple[str, list[str]]:
    """``(model id, translations)``: the id lets the client check every worker's model."""
    translator = worker_model(plugin_name)
    return translator.model_id, translator.translate_sentences(texts)


def chunks(texts: Sequence[str], batch_size: int, length: Length) -> list[list[str]]:
    """The engine's chunks of ``texts`` (distinct, in first-seen order): sorted by
    ``length`` (a stable sort, as the engine's), ``batch_size * CHUNK_BATCHES`` each."""
    ordered = sorted(texts, key=length)
    size = max(1, batch_size * CHUNK_BATCHES)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def token_length(tokenizer_path: str) -> Length:
    """Token counts by the package's own sentencepiece model, as the engine counts them."""
    # Deferred: ~9 ms to import (bench/startup.py), needed only when this machine has
    # the workers' model, and on workers, which import this module for their tasks.
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_file=tokenizer_path)
    return lambda text: len(sp.encode(text, out_type=str))


class ClusterTranslator(DocumentTranslation):
    """Translate on the workers of ``client``; results equal a local Translator's.

    ``expected_model_id`` (the client's own model, when it has one) guards against a
    worker with a different package for the pair: its translations would differ silently.
    ``length`` counts a sentence's tokens (:func:`token_length`) to cut the chunks a
    local run cuts.
    """

    def __init__(
        self,
        client: Any,
        from_code: str,
        to_code: str,
        *,
        options: dict[str, Any] | None = None,
        expected_model_id: str | None = None,
        length: Length | None = None,
    ) -> None:
        self.client = client
        self.from_code = from_code
        self.to_code = to_code
        self.options = dict(options or {})
        self.batch_size = int(self.options.get("batch_size", 32))
        self.model_id = expected_model_id
        # Without the package's tokenizer here, characters approximate tokens: the chunks
        # then differ from a local run's, and so may the last bits of a few results.
        self.length: Length = length or len
        settings = ",".join(f"{k}={v}" for k, v in sorted(self.options.items()))
        self.plugin_name = f"aligner-translator:{from_code}-{to_code}:{settings}"
        loader = partial(load_translator, from_code, to_code, self.options)
        client.register_plugin(ModelPlugin(self.plugin_name, loader))

    def __repr__(self) -> str:
        return f"ClusterTranslator({self.from_code}->{self.to_code})"

    def start(
        self, sentences: Sequence[str], *, progress: Progress | None = None
    ) -> PendingTranslation:
        """Send the chunks of ``sentences`` to the cluster now; collect with ``.result()``."""
        return PendingTranslation(self, sentences, progress)

    def translate_sentences(
        self, sentences: Sequence[str], *, progress: Progress | None = None
    ) -> list[str]:
        """The translation of each sentence, in order; each distinct sentence is sent once."""
        return self.start(sentences, progress=progress).result()

    def check_model(self, model_id: str) -> None:
        if self.model_id is None:
            self.model_id = model_id
        elif model_id != self.model_id:
            raise AlignerError(
                f"a Dask worker translates {self.from_code}->{self.to_code} with {model_id}, "
                f"not {self.model_id}: install the same package on every worker"
            )


class PendingTranslation:
    """Chunks on their way through the cluster; progress is reported as each one lands.

    Keeping several of these in flight lets the client read and write files while the
    workers translate (see :class:`~aligner.distributed.translate_batch.ClusterBatchTranslator`).
    """

    def __init__(
        self, owner: ClusterTranslator, sentences: Sequence[str], progress: Progress | None
    ) -> None:
        self.owner = owner
        self.progress = progress
        texts = [normalize(s) for s in sentences]
        self.positions: dict[str, list[int]] = {}
        for i, t in enumerate(texts):
            self.positions.setdefault(t, []).append(i)
        self.size = len(texts)
        self.chunks = chunks([t for t in self.positions if t], owner.batch_size, owner.length)
        if "" in self.positions and progress:
            progress(len(self.positions[""]))
        self._reported: set[int] = set()
        self._lock = threading.Lock()
        run_id = uuid.uuid4().hex[:8]
        self.futures = [
            owner.client.submit(
                translate_on_worker, owner.plugin_name, chunk,
                key=f"aligner-translate-{run_id}-{i}", retries=RETRIES, pure=False,
            )
            for i, chunk in enumerate(self.chunks)
        ]  # fmt: skip
        for i, future in enumerate(self.futures):
            future.add_done_callback(partial(self._landed, i))

    def _sentences_in(self, i: int) -> int:
        return sum(len(self.positions[t]) for t in self.chunks[i])

    def _report(self, i: int) -> None:
        with self._lock:
            if i in self._reported:
                return
            self._reported.add(i)
        if self.progress:
            self.progress(self._sentences_in(i))

    def _landed(self, i: int, future: Any) -> None:
        # Runs in the client's callback thread; a failed chunk is reported by result().
        if future.status == "finished":
            self._report(i)

    def unfinished(self) -> int:
        return sum(1 for f in self.futures if not f.done())

    def result(self) -> list[str]:
        """Wait for every chunk; the translations in the order of the sentences given."""
        out = [""] * self.size
        for i, future in enumerate(self.futures):
            model_id, translated = future.result()
            self.owner.check_model(model_id)
            for text, translation in zip(self.chunks[i], translated, strict=True):
                for j in self.positions[text]:
                    out[j] = translation
            self._report(i)  # the callback may not have run yet: count each chunk once
            future.release()
        return out
